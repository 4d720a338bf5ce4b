//! Aborts: malformed and inconsistent uploads, messages bound to another round, peers that vanish.

use crate::debt::{records, spec};
use crate::support::{rng, run3, shares_of};
use leerpunt_mpc::debt;
use leerpunt_mpc::session::{Kind, Message};
use leerpunt_mpc::{ops, MpcError, Transport};

fn uploads(seed: u64) -> (leerpunt_mpc::debt::DebtSpec, Vec<[Vec<u8>; 3]>) {
    let spec = spec(3, 2);
    let recs = records(seed, 30, 10, 2);
    let mut r = rng(seed);
    let ups = recs
        .iter()
        .map(|rs| debt::prepare_upload(&spec, rs, &mut r).unwrap_or_else(|e| panic!("{e}")))
        .collect();
    (spec, ups)
}

fn errors(spec: &leerpunt_mpc::debt::DebtSpec, ups: &[[Vec<u8>; 3]]) -> Vec<MpcError> {
    run3(5, |mut s| {
        let mine: Vec<Vec<u8>> = ups.iter().map(|u| u[s.me()].clone()).collect();
        async move { (debt::compute(&mut s, spec, &mine).await, s) }
    })
    .into_iter()
    .map(|(r, _)| match r {
        Ok(_) => panic!("a node revealed a result despite bad input"),
        Err(e) => e,
    })
    .collect()
}

#[test]
fn truncated_upload_aborts_every_node() {
    let (spec, mut ups) = uploads(1);
    let l = ups[2][1].len();
    ups[2][1].truncate(l - 5);
    let errs = errors(&spec, &ups);
    assert!(
        matches!(&errs[1], MpcError::Malformed { from, .. } if from.contains("waterbedrijf")),
        "{}",
        errs[1]
    );
    for (i, e) in errs.iter().enumerate() {
        if i != 1 {
            // Node 1's notice, directly or relayed by the other node that read it first.
            assert!(
                matches!(e, MpcError::PeerAborted { node: 1, .. })
                    || matches!(e, MpcError::PeerAborted { reason, .. } if reason.contains("node 1 aborted"))
                    || matches!(e, MpcError::Transport(_)),
                "node {i}: {e}"
            );
        }
    }
}

#[test]
fn inconsistent_uploads_are_detected_before_anything_is_revealed() {
    let (spec, mut ups) = uploads(2);
    // Party 0 sends node 1 an upload made for a different input.
    let (_, other) = uploads(3);
    ups[0][1] = other[0][1].clone();
    let errs = errors(&spec, &ups);
    assert!(
        errs.iter().any(|e| matches!(e, MpcError::Inconsistent(_))),
        "{errs:?}"
    );
}

#[test]
fn message_for_another_round_or_computation_is_refused() {
    for (comp_offset, round) in [(0u64, 99u32), (1, 2)] {
        let out = run3(6, |mut s| async move {
            let r = match s.me() {
                0 => {
                    let msg = Message {
                        computation: s.computation() + comp_offset,
                        round,
                        kind: Kind::Data,
                        payload: vec![1],
                    };
                    s.transport_mut().send(1, msg).await.map(|_| None)
                }
                1 => {
                    let r = s.next_round();
                    s.recv(0, r).await.map(Some)
                }
                _ => Ok(None),
            };
            (r, s)
        });
        match &out[1].0 {
            Err(MpcError::WrongBinding {
                from: 0,
                got_round,
                want_round: 2,
                ..
            }) => assert_eq!(*got_round, round),
            other => panic!("expected a binding error, got {other:?}"),
        }
    }
}

/// True if `e` names node 2 as the cause: a transport failure on node 2 itself, or an abort notice
/// from node `other` citing one.
fn blames_node_2(other: usize, e: &MpcError) -> bool {
    match e {
        MpcError::Transport(m) => m.contains("node 2"),
        MpcError::PeerAborted { node, reason } => *node == other && reason.contains("node 2"),
        _ => false,
    }
}

#[test]
fn vanished_peer_aborts_the_others() {
    let x: Vec<u64> = (0..100).collect();
    let sh = shares_of(&x, 9);
    let out = run3(4, |mut s| {
        let a = sh[s.me()].clone();
        async move {
            if s.me() == 2 {
                // Node 2 loses its network after setup: its links to the others close without an
                // abort notice, and it carries on over links that lead nowhere.
                let cut = crate::support::network().swap_remove(2);
                *s.transport_mut() = cut;
            }
            let r = async {
                let y = ops::mul(&mut s, &a, &a).await?;
                ops::reveal(&mut s, &y).await
            }
            .await;
            (r, s)
        }
    });
    for (i, (r, _)) in out.iter().enumerate() {
        let e = match r {
            Ok(v) => panic!("node {i} revealed {} values with node 2 gone", v.len()),
            Err(e) => e,
        };
        if i == 2 {
            assert!(
                matches!(e, MpcError::Transport(m) if m.contains("hung up")),
                "node 2 did not notice its links are gone: {e}"
            );
        } else {
            // The other survivor may abort first and close its links before this node reads the
            // notice; then this node's cause is that survivor, whose own cause must be node 2.
            let other = 1 - i;
            let theirs = out[other].0.as_ref().err();
            let other_name = format!("node {other}");
            let via_other = matches!(e, MpcError::Transport(m) if m.contains(&other_name))
                && theirs
                    .is_some_and(|t| matches!(t, MpcError::Transport(m) if m.contains("node 2")));
            assert!(
                blames_node_2(other, e) || via_other,
                "node {i} aborted without tracing it to node 2: {e} (node {other}: {theirs:?})"
            );
        }
    }
}

#[test]
fn a_node_opening_a_wrong_share_is_detected() {
    use leerpunt_mpc::Rep;
    let x: Vec<u64> = (0..50).collect();
    let sh = shares_of(&x, 3);
    let out = run3(8, |mut s| {
        let mut a: Rep<u64> = sh[s.me()].clone();
        if s.me() == 1 {
            // Node 1 cheats: it shifts the component it sends when opening (its `b`).
            a.b[7] = a.b[7].wrapping_add(1);
        }
        async move { (ops::reveal(&mut s, &a).await, s) }
    });
    // Node 0 receives the cheated component from node 1 and the digest from node 2.
    match &out[0].0 {
        Err(MpcError::Deviated {
            node: Some(1),
            step,
        }) => assert_eq!(step, "reveal"),
        other => panic!("node 0 accepted a falsified opening: {other:?}"),
    }
}
