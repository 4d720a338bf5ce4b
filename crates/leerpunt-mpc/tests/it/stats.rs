//! The statistics language computed on shares: the three example specs against their plaintext
//! reference over random inputs, the in-protocol range check against a client that skipped its
//! own, and a node that deviates inside a statistics computation.

use crate::support::{rng, run3, NodeRun};
use leerpunt_core::computation::{ColumnType, ComputationSpec, Record, EXAMPLES};
use leerpunt_mpc::{stats, ComputationResult, Fault, MpcError};
use rand_core::RngCore;

fn example(i: usize) -> ComputationSpec {
    ComputationSpec::from_toml(EXAMPLES[i].1).unwrap_or_else(|e| panic!("{}: {e}", EXAMPLES[i].0))
}

/// Random records for every party of `spec`: keys from a shared population (so lists overlap),
/// each key always in the same group, groups drawn unevenly (so some cells pass `k` and some
/// do not), integer columns uniform over their declared ranges.
fn records(spec: &ComputationSpec, seed: u64, per_party: usize) -> Vec<Vec<Record>> {
    let mut r = rng(seed);
    let g = spec.group_by.domain.len() as u64;
    let population = (per_party as u64) * 2;
    spec.parties
        .iter()
        .map(|_| {
            let mut seen = std::collections::BTreeSet::new();
            let mut out = Vec::new();
            while out.len() < per_party {
                let key = r.next_u64() % population;
                if !seen.insert(key) {
                    continue;
                }
                // Group weights 1, 2, 4, …: the first groups stay below k.
                let group = (64 - (key % (1 << g)).leading_zeros()).saturating_sub(1) as u64 % g;
                let values = spec
                    .columns
                    .iter()
                    .filter_map(|c| match c.kind {
                        ColumnType::Integer { min, max } => {
                            let span = (max - min) as u64 + 1;
                            Some((c.name.clone(), min + (r.next_u64() % span) as i64))
                        }
                        _ => None,
                    })
                    .collect();
                out.push(Record {
                    key: format!("k{key}"),
                    group: spec.group_by.domain[group as usize].clone(),
                    values,
                });
            }
            out
        })
        .collect()
}

fn run(
    spec: &ComputationSpec,
    uploads: &[[Vec<u8>; 3]],
    seed: u64,
    fault: Option<(usize, Fault)>,
) -> Vec<NodeRun<ComputationResult>> {
    run3(seed, |mut s| {
        if let Some((liar, f)) = fault {
            if s.me() == liar {
                s.inject_fault(f);
            }
        }
        let mine: Vec<Vec<u8>> = uploads.iter().map(|u| u[s.me()].clone()).collect();
        async move { (stats::compute(&mut s, spec, &mine).await, s) }
    })
}

fn uploads(spec: &ComputationSpec, recs: &[Vec<Record>], seed: u64) -> Vec<[Vec<u8>; 3]> {
    let mut r = rng(seed);
    recs.iter()
        .map(|rs| stats::prepare_upload(spec, rs, &mut r).unwrap_or_else(|e| panic!("{e}")))
        .collect()
}

#[test]
fn every_example_spec_computes_exactly_its_plaintext_reference() {
    for (i, (name, _)) in EXAMPLES.iter().enumerate() {
        let spec = example(i);
        for seed in [1u64, 2] {
            let recs = records(&spec, seed * 10 + i as u64, 90);
            let want = spec
                .plaintext(&recs)
                .unwrap_or_else(|e| panic!("{name}: {e}"));
            let shown = want
                .groups
                .iter()
                .flat_map(|g| &g.cells)
                .filter(|c| c.value.is_some())
                .count();
            let hidden = want
                .groups
                .iter()
                .flat_map(|g| &g.cells)
                .filter(|c| c.value.is_none())
                .count();
            assert!(
                shown > 0 && hidden > 0,
                "{name}: the data must give shown and suppressed cells ({shown}, {hidden})"
            );
            let out = run(&spec, &uploads(&spec, &recs, seed), seed, None);
            for (node, (r, _)) in out.into_iter().enumerate() {
                let got = r.unwrap_or_else(|e| panic!("{name}, node {node}: {e}"));
                assert_eq!(got, want, "{name}, seed {seed}, node {node}");
            }
        }
    }
}

#[test]
fn the_client_refuses_a_value_outside_its_declared_range_before_sharing() {
    let spec = example(0);
    let mut recs = records(&spec, 5, 30);
    let (col, max) = int_column(&spec);
    recs[0][3].values.insert(col.clone(), max + 1);
    let err = stats::prepare_upload(&spec, &recs[0], &mut rng(1))
        .unwrap_err()
        .to_string();
    assert!(err.contains("record 4") && err.contains(&col), "{err}");
}

fn int_column(spec: &ComputationSpec) -> (String, i64) {
    spec.columns
        .iter()
        .find_map(|c| match c.kind {
            ColumnType::Integer { max, .. } => Some((c.name.clone(), max)),
            _ => None,
        })
        .unwrap_or_else(|| panic!("{} has no integer column", spec.id))
}

#[test]
fn the_nodes_refuse_values_outside_the_range_that_a_client_let_through() {
    let spec = example(0);
    let (col, max) = int_column(&spec);
    let min = spec
        .columns
        .iter()
        .find_map(|c| match c.kind {
            ColumnType::Integer { min, .. } if c.name == col => Some(min),
            _ => None,
        })
        .unwrap_or(0);
    for bad in [max + 1, min - 1, i64::MAX, i64::MIN] {
        let mut recs = records(&spec, 6, 40);
        let cheat = spec.parties.len() - 1;
        recs[cheat][7].values.insert(col.clone(), bad);
        let mut r = rng(3);
        let ups: Vec<[Vec<u8>; 3]> = recs
            .iter()
            .enumerate()
            .map(|(p, rs)| {
                if p == cheat {
                    stats::prepare_upload_unchecked(&spec, rs, &mut r)
                } else {
                    stats::prepare_upload(&spec, rs, &mut r)
                }
                .unwrap_or_else(|e| panic!("{e}"))
            })
            .collect();
        for (node, (r, _)) in run(&spec, &ups, 4, None).into_iter().enumerate() {
            match r {
                Ok(v) => panic!("node {node} returned a result for value {bad}: {v:?}"),
                Err(MpcError::Invalid(m)) => assert!(
                    m.contains(&spec.parties[cheat]) && m.contains(&col) && m.contains("1 value"),
                    "value {bad}: {m}"
                ),
                Err(e) => panic!("value {bad}, node {node}: unexpected error {e}"),
            }
        }
    }
}

#[test]
fn a_node_that_deviates_in_a_statistics_computation_stops_it_without_a_result() {
    let spec = example(1);
    let recs = records(&spec, 7, 60);
    let ups = uploads(&spec, &recs, 8);
    for (liar, fault) in [
        (0, Fault::Mul { nth: 3 }),
        (1, Fault::Shuffle { nth: 0 }),
        (2, Fault::Mul { nth: 12 }),
        (1, Fault::Mul { nth: 9 }),
    ] {
        let out = run(&spec, &ups, 9, Some((liar, fault)));
        for (node, (r, _)) in out.iter().enumerate() {
            if node == liar {
                continue;
            }
            match r {
                Ok(v) => panic!(
                    "honest node {node} returned a result although node {liar} deviated: {v:?}"
                ),
                Err(e @ (MpcError::Deviated { .. } | MpcError::PeerAborted { .. })) => {
                    assert!(
                        e.to_string().contains("deviated")
                            || matches!(e, MpcError::PeerAborted { .. }),
                        "{e}"
                    )
                }
                Err(e) => panic!("node {node}: unexpected error {e}"),
            }
        }
    }
}
