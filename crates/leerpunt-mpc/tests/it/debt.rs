//! The debt-signalling computation against its plaintext twin, over many random inputs.

use crate::support::{ok3, rng, run3};
use leerpunt_mpc::debt::{self, DebtSpec, Record};
use leerpunt_mpc::result::Statistic;
use rand_core::RngCore;

pub fn spec(k: u64, groups: usize) -> DebtSpec {
    DebtSpec {
        computation_id: "test-computation".into(),
        title: "Schulden per buurt".into(),
        parties: vec![
            "gemeente".into(),
            "woningcorporatie".into(),
            "waterbedrijf".into(),
            "zorgverzekeraar".into(),
        ],
        group_by: "neighbourhood".into(),
        groups: (0..groups).map(|g| format!("BU{g:08}")).collect(),
        histogram_edges: vec![0, 10_000, 50_000, 200_000],
        k,
        pad_to: 0,
    }
}

/// Four parties drawing from a shared population so that lists overlap; a household lives in one group.
pub fn records(seed: u64, population: u64, per_party: usize, groups: usize) -> Vec<Vec<Record>> {
    let mut r = rng(seed);
    (0..4)
        .map(|_| {
            (0..per_party)
                .map(|_| {
                    let h = r.next_u64() % population;
                    Record {
                        household: format!("hh-{h}"),
                        group: (h % groups as u64) as usize,
                        amount: r.next_u64() % 300_000,
                    }
                })
                .collect()
        })
        .collect()
}

fn run(spec: &DebtSpec, recs: &[Vec<Record>], seed: u64) -> Vec<leerpunt_mpc::ComputationResult> {
    let mut r = rng(seed ^ 0xabc);
    let uploads: Vec<[Vec<u8>; 3]> = recs
        .iter()
        .map(|rs| debt::prepare_upload(spec, rs, &mut r).unwrap_or_else(|e| panic!("{e}")))
        .collect();
    ok3(run3(seed, |mut s| {
        let mine: Vec<Vec<u8>> = uploads.iter().map(|u| u[s.me()].clone()).collect();
        async move { (debt::compute(&mut s, spec, &mine).await, s) }
    }))
}

#[test]
fn debt_signalling_matches_plaintext_over_random_inputs() {
    for seed in 0..12 {
        let groups = 1 + (seed as usize % 5);
        let k = [0, 1, 3, 5, 10][seed as usize % 5];
        let spec = spec(k, groups);
        let recs = records(seed, 40 + seed * 10, 10 + (seed as usize * 7) % 40, groups);
        let want = debt::plaintext(&spec, &recs).unwrap_or_else(|e| panic!("{e}"));
        let got = run(&spec, &recs, seed);
        for g in &got {
            assert_eq!(g, &want, "seed {seed}");
        }
    }
}

#[test]
fn small_cells_are_suppressed_and_large_ones_revealed() {
    let spec = spec(10, 2);
    let recs = records(42, 60, 40, 2);
    let got = run(&spec, &recs, 42).remove(0);
    let mut suppressed = 0;
    let mut revealed = 0;
    for g in &got.groups {
        for c in &g.cells {
            match c.value {
                Some(v)
                    if c.statistic != Statistic::TotalArrears
                        && c.statistic != Statistic::MeanArrears =>
                {
                    assert!(v >= 10.0, "revealed a cell below k: {c:?}");
                    revealed += 1;
                }
                Some(_) => revealed += 1,
                None => {
                    assert!(c.suppressed);
                    suppressed += 1;
                }
            }
        }
    }
    assert!(
        suppressed > 0 && revealed > 0,
        "want a mix: {suppressed} suppressed, {revealed} revealed"
    );
    let overlap: f64 = got
        .groups
        .iter()
        .flat_map(|g| &g.cells)
        .filter(|c| c.statistic == Statistic::HouseholdsOnTwoOrMoreLists)
        .filter_map(|c| c.value)
        .sum();
    assert!(
        overlap > 0.0,
        "population 60, 4 lists of 40: most households are on two lists"
    );
}

#[test]
fn empty_lists_and_duplicate_records_are_handled() {
    let spec = spec(1, 3);
    let mut recs = records(7, 30, 12, 3);
    recs[1].clear();
    let dup = recs[0][0].clone();
    recs[0].push(dup);
    let want = debt::plaintext(&spec, &recs).unwrap_or_else(|e| panic!("{e}"));
    let got = run(&spec, &recs, 7);
    assert_eq!(got[0], want);
}

#[test]
fn result_json_is_stable() {
    let spec = spec(2, 1);
    let recs = vec![
        vec![
            Record {
                household: "a".into(),
                group: 0,
                amount: 100,
            },
            Record {
                household: "b".into(),
                group: 0,
                amount: 60_000,
            },
        ],
        vec![Record {
            household: "a".into(),
            group: 0,
            amount: 300,
        }],
        vec![],
        vec![],
    ];
    let got = run(&spec, &recs, 1).remove(0);
    let json = serde_json::to_value(&got).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(json["format"], 1);
    assert_eq!(json["k"], 2);
    let cells = &json["groups"][0]["cells"];
    assert_eq!(
        cells[0],
        serde_json::json!({"statistic": "households_per_party", "party": "gemeente", "value": 2.0})
    );
    assert_eq!(
        cells[1],
        serde_json::json!({"statistic": "households_per_party", "party": "woningcorporatie", "suppressed": true})
    );
    assert_eq!(
        cells[4],
        serde_json::json!({"statistic": "listings", "value": 3.0})
    );
    assert_eq!(
        cells[5],
        serde_json::json!({"statistic": "total_arrears", "value": 60400.0})
    );
    assert_eq!(
        cells[7],
        serde_json::json!({"statistic": "histogram", "bin": {"from": 0, "to": 10000}, "value": 2.0})
    );
    assert_eq!(
        cells[11],
        serde_json::json!({"statistic": "households_on_two_or_more_lists", "suppressed": true})
    );
    let back: leerpunt_mpc::ComputationResult =
        serde_json::from_value(json).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(back, got);
}

#[test]
fn padded_lists_give_the_same_result_and_hide_exact_sizes() {
    let mut spec = spec(2, 3);
    let recs = records(21, 80, 23, 3);
    let want = debt::plaintext(&spec, &recs).unwrap_or_else(|e| panic!("{e}"));
    spec.pad_to = 16;
    let mut r = rng(5);
    for rs in &recs {
        let u = debt::prepare_upload(&spec, rs, &mut r).unwrap_or_else(|e| panic!("{e}"));
        let n = u64::from_le_bytes(u[0][8..16].try_into().unwrap_or([0; 8]));
        assert_eq!(n % 16, 0, "list of {} records sent as {n} rows", rs.len());
    }
    let got = run(&spec, &recs, 21);
    for g in &got {
        assert_eq!(g, &want);
    }
}
