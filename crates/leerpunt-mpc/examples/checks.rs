//! What the malicious-security checks cost: the two benchmark workloads (a sum of 10^6 values per
//! node, 3·10^4 comparisons with a threshold) on three in-process nodes, with checks on and off.
//!
//! ```sh
//! cargo run --release -p leerpunt-mpc --example checks            # 10^6 values, 3·10^4 comparisons
//! cargo run --release -p leerpunt-mpc --example checks -- 100000 3000
//! cargo run --release -p leerpunt-mpc --example checks -- 0 0 10000   # and the debt computation,
//!                                                                    # 4 parties × 10^4 records
//! ```
//!
//! The nodes are threads joined by channels, so the figures are the computation and the checks
//! without network latency. Times run from the shares being in place to the revealed result and
//! are the slowest of the three nodes, best of three runs; CPU is the processor time of all three together (from
//! `/proc/self/stat`, so Linux only), which is what the figure would be on an idle machine with a
//! core per node; the bytes are the payload one node sends.

use leerpunt_mpc::session::Message;
use leerpunt_mpc::{debt, input, MpcError, Rep, Session, Transport};
use rand_chacha::ChaCha20Rng;
use rand_core::{RngCore, SeedableRng};
use std::sync::mpsc::{channel, Receiver, Sender};
use std::time::Instant;

struct Chan {
    to: Vec<Option<Sender<Message>>>,
    from: Vec<Option<Receiver<Message>>>,
}

impl Transport for Chan {
    async fn send(&mut self, to: usize, msg: Message) -> Result<(), MpcError> {
        let tx = self.to[to]
            .as_ref()
            .ok_or_else(|| MpcError::Transport(format!("no link to {to}")))?;
        tx.send(msg)
            .map_err(|_| MpcError::Transport(format!("node {to} hung up")))
    }
    async fn recv(&mut self, from: usize) -> Result<Message, MpcError> {
        let rx = self.from[from]
            .as_ref()
            .ok_or_else(|| MpcError::Transport(format!("no link from {from}")))?;
        rx.recv()
            .map_err(|_| MpcError::Transport(format!("node {from} hung up")))
    }
}

fn network() -> Vec<Chan> {
    let mut to: Vec<Vec<Option<Sender<Message>>>> =
        (0..3).map(|_| vec![None, None, None]).collect();
    let mut from: Vec<Vec<Option<Receiver<Message>>>> =
        (0..3).map(|_| vec![None, None, None]).collect();
    for i in 0..3 {
        for j in 0..3 {
            if i != j {
                let (tx, rx) = channel();
                to[i][j] = Some(tx);
                from[j][i] = Some(rx);
            }
        }
    }
    to.into_iter()
        .zip(from)
        .map(|(to, from)| Chan { to, from })
        .collect()
}

/// Each node's replicated shares of three input vectors (one per node), shared outside the timing.
fn shares(n: usize, bits: u32) -> (Vec<Vec<u64>>, Vec<Vec<Rep<u64>>>) {
    let mut r = ChaCha20Rng::seed_from_u64(7);
    let values: Vec<Vec<u64>> = (0..3)
        .map(|_| (0..n).map(|_| r.next_u64() >> (64 - bits)).collect())
        .collect();
    let mut per_node: Vec<Vec<Rep<u64>>> = vec![Vec::new(), Vec::new(), Vec::new()];
    for v in &values {
        for (node, sh) in input::share(v, &mut r).into_iter().enumerate() {
            per_node[node].push(sh.expand());
        }
    }
    (values, per_node)
}

enum Work {
    Sum,
    Compare(u64),
    /// The debt computation on these uploads (per party, one per node).
    Debt(debt::DebtSpec, Vec<[Vec<u8>; 3]>),
}

/// The best of three runs of [`run_once`], with the CPU time of that run.
fn run(work: &Work, per_node: &[Vec<Rep<u64>>], checks: bool) -> (f64, f64, u64, Vec<Vec<u64>>) {
    let mut best: Option<(f64, f64, u64, Vec<Vec<u64>>)> = None;
    for _ in 0..3 {
        let c0 = cpu_seconds();
        let (t, b, outs) = run_once(work, per_node, checks);
        let cpu = cpu_seconds() - c0;
        if best.as_ref().is_none_or(|x| t < x.0) {
            best = Some((t, cpu, b, outs));
        }
    }
    best.unwrap_or((0.0, 0.0, 0, Vec::new()))
}

/// Runs the workload on three nodes; returns (slowest node's seconds, bytes node 0 sent, outputs).
fn run_once(work: &Work, per_node: &[Vec<Rep<u64>>], checks: bool) -> (f64, u64, Vec<Vec<u64>>) {
    let nets = network();
    std::thread::scope(|scope| {
        let handles: Vec<_> = nets
            .into_iter()
            .enumerate()
            .map(|(i, net)| {
                let mine = per_node[i].clone();
                scope.spawn(move || {
                    futures::executor::block_on(async move {
                        let mut rng = ChaCha20Rng::seed_from_u64(100 + i as u64);
                        let mut s = Session::setup(net, i, "bench", &mut rng).await?;
                        s.set_checks(checks);
                        let t0 = Instant::now();
                        let b0 = s.bytes_sent();
                        let out = match work {
                            Work::Sum => debt::sum_vectors(&mut s, &mine).await?,
                            Work::Compare(t) => {
                                let all = Rep::concat(&[&mine[0], &mine[1], &mine[2]]);
                                vec![debt::count_at_least(&mut s, &all, *t).await?]
                            }
                            Work::Debt(spec, ups) => {
                                let mine: Vec<Vec<u8>> = ups.iter().map(|u| u[i].clone()).collect();
                                let r = debt::compute(&mut s, spec, &mine).await?;
                                // Compare results through their cells' values.
                                r.groups
                                    .iter()
                                    .flat_map(|g| &g.cells)
                                    .map(|c| c.value.map_or(u64::MAX, |v| v as u64))
                                    .collect()
                            }
                        };
                        Ok::<_, MpcError>((t0.elapsed().as_secs_f64(), s.bytes_sent() - b0, out))
                    })
                })
            })
            .collect();
        let mut secs = 0f64;
        let mut bytes = 0;
        let mut outs = Vec::new();
        for (i, h) in handles.into_iter().enumerate() {
            match h.join() {
                Ok(Ok((t, b, out))) => {
                    secs = secs.max(t);
                    if i == 0 {
                        bytes = b;
                    }
                    outs.push(out);
                }
                Ok(Err(e)) => eprintln!("node {i}: {e}"),
                Err(_) => eprintln!("node {i} panicked"),
            }
        }
        (secs, bytes, outs)
    })
}

/// User plus system CPU seconds of this process so far (clock ticks of 1/100 s), 0 if unknown.
fn cpu_seconds() -> f64 {
    std::fs::read_to_string("/proc/self/stat")
        .ok()
        .and_then(|s| {
            // Fields after the command name (which is in parentheses): utime is the 14th field.
            let rest = s.rsplit_once(')')?.1;
            let f: Vec<&str> = rest.split_whitespace().collect();
            let ticks: f64 = f.get(11)?.parse::<f64>().ok()? + f.get(12)?.parse::<f64>().ok()?;
            Some(ticks / 100.0)
        })
        .unwrap_or(0.0)
}

fn main() {
    let args: Vec<usize> = std::env::args()
        .skip(1)
        .filter_map(|a| a.parse().ok())
        .collect();
    let n_sum = args.first().copied().unwrap_or(1_000_000);
    let n_cmp = args.get(1).copied().unwrap_or(10_000);
    println!("| workload | N | checks | seconds | CPU seconds, 3 nodes | bytes sent per node | correct |");
    println!("|---|---|---|---|---|---|---|");
    let (values, per_node) = shares(n_sum, 32);
    let want: Vec<u64> = (0..n_sum)
        .map(|j| {
            values[0][j]
                .wrapping_add(values[1][j])
                .wrapping_add(values[2][j])
        })
        .collect();
    for checks in [false, true].into_iter().filter(|_| n_sum > 0) {
        let (t, cpu, b, outs) = run(&Work::Sum, &per_node, checks);
        let ok = outs.len() == 3 && outs.iter().all(|o| *o == want);
        println!(
            "| sum | {n_sum} | {} | {t:.3} | {cpu:.2} | {:.2} MB | {ok} |",
            if checks { "on" } else { "off" },
            b as f64 / 1e6
        );
    }
    let n_debt = args.get(2).copied().unwrap_or(0);
    if n_debt > 0 {
        let mut r = ChaCha20Rng::seed_from_u64(9);
        let spec = debt::DebtSpec {
            computation_id: "bench".into(),
            title: "benchmark".into(),
            parties: (0..4).map(|p| format!("party-{p}")).collect(),
            group_by: "neighbourhood".into(),
            groups: (0..20).map(|g| format!("BU{g:08}")).collect(),
            histogram_edges: vec![0, 10_000, 50_000, 200_000],
            k: 10,
            pad_to: 0,
        };
        let population = (n_debt * 2) as u64;
        let records: Vec<Vec<debt::Record>> = (0..4)
            .map(|_| {
                (0..n_debt)
                    .map(|_| {
                        let h = r.next_u64() % population;
                        debt::Record {
                            household: format!("hh-{h}"),
                            group: (h % 20) as usize,
                            amount: r.next_u64() % 300_000,
                        }
                    })
                    .collect()
            })
            .collect();
        let ups: Vec<[Vec<u8>; 3]> = records
            .iter()
            .filter_map(|rs| debt::prepare_upload(&spec, rs, &mut r).ok())
            .collect();
        let want: Vec<u64> = debt::plaintext(&spec, &records)
            .map(|r| {
                r.groups
                    .iter()
                    .flat_map(|g| &g.cells)
                    .map(|c| c.value.map_or(u64::MAX, |v| v as u64))
                    .collect()
            })
            .unwrap_or_default();
        let work = Work::Debt(spec, ups);
        for checks in [false, true] {
            let (t, cpu, b, outs) = run(&work, &[Vec::new(), Vec::new(), Vec::new()], checks);
            let ok = outs.len() == 3 && outs.iter().all(|o| *o == want);
            println!(
                "| debt | 4·{n_debt} | {} | {t:.3} | {cpu:.2} | {:.2} MB | {ok} |",
                if checks { "on" } else { "off" },
                b as f64 / 1e6
            );
        }
    }
    let threshold = 1 << 19;
    let (values, per_node) = shares(n_cmp, 20);
    let want = values.iter().flatten().filter(|&&v| v >= threshold).count() as u64;
    for checks in [false, true].into_iter().filter(|_| n_cmp > 0) {
        let (t, cpu, b, outs) = run(&Work::Compare(threshold), &per_node, checks);
        let ok = outs.len() == 3 && outs.iter().all(|o| *o == vec![want]);
        println!(
            "| compare | 3·{n_cmp} | {} | {t:.3} | {cpu:.2} | {:.2} MB | {ok} |",
            if checks { "on" } else { "off" },
            b as f64 / 1e6
        );
    }
}
