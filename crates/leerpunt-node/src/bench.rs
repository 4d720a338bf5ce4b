//! `leerpunt node bench`: the joint-analysis benchmark workloads (secure sum, secure comparison) on three node processes, each node
//! also being an input party (as in the MPyC comparison): an elementwise sum of one vector of `n`
//! values per node, and `3n` comparisons with a threshold whose count is revealed.

use crate::net::ROLE_BENCH;
use crate::spec::Spec;
use anyhow::{bail, Context};
use leerpunt_mpc::input::{self, NodeShare};
use leerpunt_mpc::{codec::Reader, debt, Rep, Session};
use rand_chacha::ChaCha12Rng;
use rand_core::{RngCore, SeedableRng};
use serde::Serialize;
use std::path::Path;
use std::time::Instant;

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Workload {
    /// Elementwise sum of one vector of n values per node.
    Sum,
    /// 3n comparisons `x >= threshold`, revealing only the count.
    Compare,
}

#[derive(Debug, Serialize)]
pub struct Report {
    pub node: String,
    pub workload: Workload,
    pub n: usize,
    /// Whether the malicious-security checks ran.
    pub checks: bool,
    /// Wall time from the start of input sharing to the revealed result.
    pub seconds: f64,
    /// Frame bytes this node sent to the other nodes during the measured part.
    pub bytes_sent: u64,
    /// Of which input sharing.
    pub input_bytes_sent: u64,
    /// Peak resident set size of this process in KiB.
    pub peak_rss_kib: u64,
    /// The result equals the plaintext computation.
    pub correct: bool,
}

fn values(node: usize, n: usize, workload: Workload) -> Vec<u64> {
    let mut r = ChaCha12Rng::seed_from_u64(0xbe_4c_00 + node as u64);
    (0..n)
        .map(|_| match workload {
            Workload::Sum => r.next_u64() >> 32,
            Workload::Compare => r.next_u64() >> 44,
        })
        .collect()
}

const THRESHOLD: u64 = 1 << 19;

/// Peak RSS from the kernel's accounting (Linux); 0 elsewhere.
pub fn peak_rss_kib() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM:"))
                .and_then(|l| l.split_whitespace().nth(1)?.parse().ok())
        })
        .unwrap_or(0)
}

pub async fn run(
    spec_path: &Path,
    name: &str,
    key: Option<&Path>,
    cert: Option<&Path>,
    workload: Workload,
    n: usize,
    checks: bool,
) -> anyhow::Result<Report> {
    let spec = Spec::load(spec_path)?;
    let id = spec.id.clone();
    let st = crate::node::start(spec, name, key, cert, ROLE_BENCH, None).await?;
    let me = st.me;
    let mut s = Session::setup(st.transport, me, &id, &mut rand_core::OsRng)
        .await
        .context("bench setup")?;
    s.set_checks(checks);
    let mine = values(me, n, workload);

    let t0 = Instant::now();
    let b0 = s.transport_mut().bytes_sent();
    // Input sharing: this node keeps its own share; only node me+2 gets n elements.
    let shares = input::share_with_explicit(&mine, me, &mut rand_core::OsRng);
    let round = s.next_round();
    let mut own: Option<NodeShare<u64>> = None;
    for (j, sh) in shares.into_iter().enumerate() {
        if j == me {
            own = Some(sh);
        } else {
            let mut buf = Vec::with_capacity(sh.encoded_len());
            sh.write(&mut buf);
            s.send(j, round, buf).await?;
        }
    }
    let mut reps: Vec<Option<Rep<u64>>> = vec![None, None, None];
    reps[me] = own.map(NodeShare::expand);
    for j in [s.next(), s.prev()] {
        let bytes = s.recv(j, round).await?;
        let who = format!("node {j}");
        let mut r = Reader::new(&bytes, &who);
        let sh = NodeShare::<u64>::read(&mut r, Some(n), n)?;
        r.finish()?;
        reps[j] = Some(sh.expand());
    }
    let reps: Vec<Rep<u64>> = reps.into_iter().flatten().collect();
    if reps.len() != 3 {
        bail!("missing input shares");
    }
    let input_bytes = s.transport_mut().bytes_sent() - b0;
    enum Out {
        Sum(Vec<u64>),
        Count(u64),
    }
    let out = match workload {
        Workload::Sum => Out::Sum(debt::sum_vectors(&mut s, &reps).await?),
        Workload::Compare => Out::Count(
            debt::count_at_least(
                &mut s,
                &Rep::concat(&[&reps[0], &reps[1], &reps[2]]),
                THRESHOLD,
            )
            .await?,
        ),
    };
    let seconds = t0.elapsed().as_secs_f64();
    let bytes_sent = s.transport_mut().bytes_sent() - b0;
    let correct = match out {
        Out::Sum(sum) => {
            let all: Vec<Vec<u64>> = (0..3).map(|i| values(i, n, workload)).collect();
            sum.iter()
                .enumerate()
                .all(|(j, v)| *v == all[0][j].wrapping_add(all[1][j]).wrapping_add(all[2][j]))
        }
        Out::Count(count) => {
            let want = (0..3)
                .flat_map(|i| values(i, n, workload))
                .filter(|&v| v >= THRESHOLD)
                .count() as u64;
            count == want
        }
    };
    s.into_transport().close().await;
    Ok(Report {
        node: name.to_string(),
        workload,
        n,
        checks,
        seconds,
        bytes_sent,
        input_bytes_sent: input_bytes,
        peak_rss_kib: peak_rss_kib(),
        correct,
    })
}
