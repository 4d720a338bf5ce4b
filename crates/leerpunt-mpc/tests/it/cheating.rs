//! A node that deviates in a multiplication, an AND gate, an opening or a shuffle is caught before
//! anything is revealed, and the honest nodes' errors name it where the check can tell who.

use crate::debt::{records, spec};
use crate::support::{rng, run3, shares_of, Mem, NodeRun};
use leerpunt_mpc::shuffle::{self, Table};
use leerpunt_mpc::{debt, ops, Fault, Gf2, MpcError, Rep, Session};
use rand_core::RngCore;
use std::future::Future;

fn prev(i: usize) -> usize {
    (i + 2) % 3
}

/// How the liar deviates.
#[derive(Clone, Copy)]
enum Lie {
    /// It flips a byte of what it sends to `to` in `round` and keeps its own share unchanged.
    Tamper { round: u32, to: usize },
    /// It adds an error to what it computes, keeps and sends (its shares stay consistent).
    Consistent(Fault),
}

/// Runs `f` on three nodes with node `liar` lying as told and checks on or off.
fn run_lying<R, F, Fut>(liar: usize, lie: Lie, checks: bool, f: F) -> Vec<NodeRun<R>>
where
    R: Send,
    F: Fn(Session<Mem>) -> Fut + Sync,
    Fut: Future<Output = (Result<R, MpcError>, Session<Mem>)>,
{
    run3(11 + liar as u64, |mut s| {
        s.set_checks(checks);
        if s.me() == liar {
            match lie {
                Lie::Tamper { round, to } => s.transport_mut().tamper = Some((round, to)),
                Lie::Consistent(fault) => s.inject_fault(fault),
            }
        }
        f(s)
    })
}

/// True if the honest node's error pins the deviation on `liar`: its own check names it, or the
/// other honest node aborted and its reason names it.
fn names(e: &MpcError, liar: usize, step: &str) -> bool {
    match e {
        MpcError::Deviated {
            node: Some(n),
            step: st,
        } => *n == liar && st == step,
        MpcError::PeerAborted { node, reason } => {
            *node != liar && reason.contains(&format!("node {liar} deviated in {step}"))
        }
        _ => false,
    }
}

/// True if the honest node's error says a node deviated in `step` without naming one.
fn unnamed(e: &MpcError, step: &str) -> bool {
    match e {
        MpcError::Deviated {
            node: None,
            step: st,
        } => st == step,
        MpcError::PeerAborted { reason, .. } => reason.contains(&format!("deviated in {step}")),
        _ => false,
    }
}

/// The honest nodes' errors after a lie that the victim (the node the liar sent it to) can pin on
/// the liar: the victim names the liar; the other honest node aborts because a peer aborted. It
/// reads either the victim's notice (naming the liar) or the liar's own, which may accuse the
/// victim: a dispute between two nodes looks the same to the third whichever of them started it.
fn victim_names_liar<R: std::fmt::Debug>(out: &[NodeRun<R>], liar: usize, step: &str) {
    let victim = prev(liar);
    match &out[victim].0 {
        Err(MpcError::Deviated {
            node: Some(n),
            step: st,
        }) if *n == liar && st == step => {}
        other => panic!("victim {victim} did not name liar {liar} in {step}: {other:?}"),
    }
    honest_nodes_abort(out, liar, |e| {
        names(e, liar, step) || matches!(e, MpcError::PeerAborted { node, .. } if *node == liar)
    });
}

/// Every honest node failed (returned no output) with an error that satisfies `ok`.
fn honest_nodes_abort<R: std::fmt::Debug>(
    out: &[NodeRun<R>],
    liar: usize,
    ok: impl Fn(&MpcError) -> bool,
) {
    for (i, (r, _)) in out.iter().enumerate() {
        if i == liar {
            continue;
        }
        match r {
            Ok(v) => panic!("node {i} returned {v:?} although node {liar} deviated"),
            Err(e) => assert!(ok(e), "node {i} (liar {liar}): unexpected error: {e}"),
        }
    }
}

fn values(seed: u64, n: usize, bits: u32) -> Vec<u64> {
    let mut r = rng(seed);
    (0..n).map(|_| r.next_u64() >> (64 - bits)).collect()
}

/// Multiply, then open the product.
fn mul_then_reveal(
    x: &[Rep<u64>],
    y: &[Rep<u64>],
    liar: usize,
    lie: Lie,
    checks: bool,
) -> Vec<NodeRun<Vec<u64>>> {
    run_lying(liar, lie, checks, |mut s| {
        let (a, b) = (x[s.me()].clone(), y[s.me()].clone());
        async move {
            let r = async {
                let z = ops::mul(&mut s, &a, &b).await?;
                ops::reveal(&mut s, &z).await
            }
            .await;
            (r, s)
        }
    })
}

#[test]
fn a_node_lying_in_a_multiplication_is_named_and_nothing_is_revealed() {
    let (x, y) = (values(1, 300, 64), values(2, 300, 64));
    let (sx, sy) = (shares_of(&x, 3), shares_of(&y, 4));
    let want: Vec<u64> = x.iter().zip(&y).map(|(a, b)| a.wrapping_mul(*b)).collect();
    for liar in 0..3 {
        // Round 1 is the key set-up; round 2 is the multiplication, whose only message goes to
        // the previous node.
        let lie = Lie::Tamper {
            round: 2,
            to: prev(liar),
        };
        let out = mul_then_reveal(&sx, &sy, liar, lie, true);
        victim_names_liar(&out, liar, "mul");
        // The same lie without the checks changes the revealed product unnoticed.
        let out = mul_then_reveal(&sx, &sy, liar, lie, false);
        let got: Vec<Vec<u64>> = out.into_iter().filter_map(|(r, _)| r.ok()).collect();
        assert!(
            got.iter().any(|g| *g != want),
            "the lie had no effect, so the test shows nothing"
        );
    }
}

#[test]
fn an_additive_attack_on_a_multiplication_fails_the_triple_check() {
    let (x, y) = (values(5, 200, 64), values(6, 200, 64));
    let (sx, sy) = (shares_of(&x, 7), shares_of(&y, 8));
    let want: Vec<u64> = x.iter().zip(&y).map(|(a, b)| a.wrapping_mul(*b)).collect();
    for liar in 0..3 {
        let lie = Lie::Consistent(Fault::Mul { nth: 0 });
        let out = mul_then_reveal(&sx, &sy, liar, lie, true);
        // The liar's shares are consistent, so only the joint check sees it: no name.
        honest_nodes_abort(&out, liar, |e| unnamed(e, "mul"));
        let out = mul_then_reveal(&sx, &sy, liar, lie, false);
        assert!(out
            .iter()
            .all(|(r, _)| r.as_ref().is_ok_and(|v| *v != want)));
    }
}

/// Compare with a threshold (8 rounds of AND gates), then open the comparison bits.
fn compare_then_reveal(
    x: &[Rep<u64>],
    k: u64,
    liar: usize,
    lie: Lie,
    checks: bool,
) -> Vec<NodeRun<Vec<Gf2>>> {
    run_lying(liar, lie, checks, |mut s| {
        let a = x[s.me()].clone();
        async move {
            let r = async {
                let lt = ops::less_than_public(&mut s, &a, k).await?;
                ops::reveal(&mut s, &lt).await
            }
            .await;
            (r, s)
        }
    })
}

#[test]
fn a_node_lying_in_the_and_gates_of_a_comparison_is_named() {
    let x = values(9, 400, 20);
    let sx = shares_of(&x, 10);
    let k = 1 << 19;
    let want: Vec<Gf2> = x.iter().map(|&v| Gf2((v < k) as u64)).collect();
    for liar in 0..3 {
        // Rounds 2–9 are the AND layers of the comparison.
        for round in [2, 5, 9] {
            let lie = Lie::Tamper {
                round,
                to: prev(liar),
            };
            let out = compare_then_reveal(&sx, k, liar, lie, true);
            victim_names_liar(&out, liar, "and");
        }
        // A consistent additive attack on the last AND layer (it flips every carry bit of the
        // first element): caught by the triple check.
        let out = compare_then_reveal(&sx, k, liar, Lie::Consistent(Fault::Mul { nth: 7 }), true);
        honest_nodes_abort(&out, liar, |e| unnamed(e, "and"));
        // Without checks, the same attack goes through and changes comparison results.
        let out = compare_then_reveal(&sx, k, liar, Lie::Consistent(Fault::Mul { nth: 7 }), false);
        assert!(out
            .iter()
            .all(|(r, _)| r.as_ref().is_ok_and(|v| *v != want)));
    }
}

#[test]
fn a_node_opening_a_wrong_share_is_named_and_no_node_returns_the_value() {
    let x = values(12, 100, 64);
    let sx = shares_of(&x, 13);
    for liar in 0..3 {
        let lie = Lie::Tamper {
            round: 2,
            to: prev(liar),
        };
        let run = |checks| {
            run_lying(liar, lie, checks, |mut s| {
                let a = sx[s.me()].clone();
                async move { (ops::reveal(&mut s, &a).await, s) }
            })
        };
        let out = run(true);
        victim_names_liar(&out, liar, "reveal");
        // Without checks, the victim reveals a falsified value.
        let out = run(false);
        assert!(out.iter().any(|(r, _)| r.as_ref().is_ok_and(|v| *v != x)));
    }
}

/// Shuffle a table of `rows` rows (row r = (r, r², r+7)) with the checked shuffle, then open it.
fn shuffle_then_reveal(
    sx: &[Rep<u64>],
    rows: usize,
    liar: usize,
    lie: Lie,
    checks: bool,
) -> Vec<NodeRun<Vec<u64>>> {
    run_lying(liar, lie, checks, |mut s| {
        let t = Table {
            width: 3,
            data: sx[s.me()].clone(),
        };
        async move {
            let r = async {
                let p = shuffle::plan(&mut s, rows);
                let t = shuffle::apply_checked(&mut s, &p, &t).await?;
                ops::reveal(&mut s, &t.data).await
            }
            .await;
            (r, s)
        }
    })
}

fn is_permutation_of_rows(out: &[u64], rows: usize) -> bool {
    let mut got: Vec<[u64; 3]> = out.chunks(3).map(|c| [c[0], c[1], c[2]]).collect();
    got.sort();
    let want: Vec<[u64; 3]> = (0..rows as u64).map(|r| [r, r * r, r + 7]).collect();
    got == want
}

#[test]
fn a_node_altering_rows_in_the_shuffle_is_caught() {
    let rows = 40;
    let flat: Vec<u64> = (0..rows as u64).flat_map(|r| [r, r * r, r + 7]).collect();
    let sx = shares_of(&flat, 14);
    for liar in 0..3 {
        // Round 2 makes the tags; step j of the reshare is round 3 + 2j (each followed by a
        // consistency round), and node j sends to its previous node in step j.
        let lie = Lie::Tamper {
            round: 3 + 2 * liar as u32,
            to: prev(liar),
        };
        let out = shuffle_then_reveal(&sx, rows, liar, lie, true);
        victim_names_liar(&out, liar, "shuffle");
        // A node that alters a row and keeps its shares consistent: only the MAC check sees it.
        for nth in 0..2 {
            let lie = Lie::Consistent(Fault::Shuffle { nth });
            let out = shuffle_then_reveal(&sx, rows, liar, lie, true);
            honest_nodes_abort(&out, liar, |e| unnamed(e, "shuffle"));
            // Unchecked, the altered table is revealed.
            let out = shuffle_then_reveal(&sx, rows, liar, lie, false);
            assert!(out
                .iter()
                .all(|(r, _)| r.as_ref().is_ok_and(|v| !is_permutation_of_rows(v, rows))));
        }
    }
}

#[test]
fn honest_runs_give_correct_results_with_checks_on_and_off() {
    let (x, y) = (values(20, 500, 64), values(21, 500, 64));
    let (sx, sy) = (shares_of(&x, 22), shares_of(&y, 23));
    let want: Vec<u64> = x.iter().zip(&y).map(|(a, b)| a.wrapping_mul(*b)).collect();
    let small = values(24, 500, 20);
    let ss = shares_of(&small, 25);
    let k = 1 << 19;
    let want_lt: Vec<Gf2> = small.iter().map(|&v| Gf2((v < k) as u64)).collect();
    let rows = 60;
    let flat: Vec<u64> = (0..rows as u64).flat_map(|r| [r, r * r, r + 7]).collect();
    let st = shares_of(&flat, 26);
    let none = Lie::Consistent(Fault::Mul { nth: u64::MAX });
    let mut rounds = Vec::new();
    for checks in [true, false] {
        let out = mul_then_reveal(&sx, &sy, 0, none, checks);
        rounds.push(out[0].1.len());
        for (r, _) in &out {
            assert_eq!(r.as_ref().ok(), Some(&want), "checks {checks}");
        }
        for (r, _) in compare_then_reveal(&ss, k, 0, none, checks) {
            assert_eq!(r.ok(), Some(want_lt.clone()), "checks {checks}");
        }
        let out = shuffle_then_reveal(&st, rows, 0, none, checks);
        for (r, _) in &out {
            let v = r
                .as_ref()
                .unwrap_or_else(|e| panic!("checks {checks}: {e}"));
            assert!(is_permutation_of_rows(v, rows));
        }
        assert!(out
            .iter()
            .all(|(r, _)| r.as_ref().ok() == out[0].0.as_ref().ok()));
    }
    // The checks are not a no-op: with them the nodes exchange more messages.
    assert!(rounds[0] > rounds[1], "{rounds:?}");
}

#[test]
fn the_debt_computation_aborts_when_a_node_deviates_and_is_correct_otherwise() {
    let spec = spec(2, 3);
    let recs = records(31, 40, 12, 3);
    let mut r = rng(32);
    let ups: Vec<[Vec<u8>; 3]> = recs
        .iter()
        .map(|rs| debt::prepare_upload(&spec, rs, &mut r).unwrap_or_else(|e| panic!("{e}")))
        .collect();
    let want = debt::plaintext(&spec, &recs).unwrap_or_else(|e| panic!("{e}"));
    let run = |liar: usize, lie: Lie, checks: bool| {
        run_lying(liar, lie, checks, |mut s| {
            let mine: Vec<Vec<u8>> = ups.iter().map(|u| u[s.me()].clone()).collect();
            let spec = &spec;
            async move { (debt::compute(&mut s, spec, &mine).await, s) }
        })
    };
    let none = Lie::Consistent(Fault::Mul { nth: u64::MAX });
    for checks in [true, false] {
        for (res, _) in run(0, none, checks) {
            let got = res.unwrap_or_else(|e| panic!("checks {checks}: {e}"));
            assert_eq!(got, want, "checks {checks}");
        }
    }
    for liar in 0..3 {
        // In the pseudonym multiplication (scalar field), the comparisons and the shuffles.
        // An error in the pseudonym multiplication breaks the MAC tags the shuffle check tests,
        // so that check may be the first to see it.
        for (fault, steps) in [
            (Fault::Mul { nth: 0 }, &["scalar mul", "shuffle"][..]),
            (Fault::Mul { nth: 1 }, &["scalar mul", "shuffle"][..]),
            (Fault::Mul { nth: 3 }, &["and"][..]),
            (Fault::Shuffle { nth: 0 }, &["shuffle"][..]),
            (Fault::Shuffle { nth: 1 }, &["shuffle"][..]),
        ] {
            let out = run(liar, Lie::Consistent(fault), true);
            honest_nodes_abort(&out, liar, |e| steps.iter().any(|st| unnamed(e, st)));
        }
    }
}
