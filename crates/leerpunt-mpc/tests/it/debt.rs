//! The debt-signalling computation against an oracle written here from the raw records and against
//! its plaintext twin, over many random inputs.

use crate::support::{ok3, rng, run3};
use leerpunt_mpc::debt::{self, DebtSpec, Record};
use leerpunt_mpc::result::{Bin, Cell, ComputationResult, GroupResult, Statistic};
use rand_core::RngCore;
use std::collections::BTreeMap;

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

/// What the computation must publish, worked out from the raw records with plain maps and loops and
/// nothing from `debt` (so a mistake shared by `debt::plaintext` and the protocol still shows):
/// a party listing a household twice lists it once, with the amounts added; a household counts
/// in the group of its first record; a count below `k` is suppressed, and total and mean arrears
/// go with the listings count; the mean of no listings is suppressed.
fn oracle(spec: &DebtSpec, recs: &[Vec<Record>]) -> ComputationResult {
    let g = spec.groups.len();
    let edges = &spec.histogram_edges;
    // Per party: household -> (group of its first record, summed arrears).
    let mut lists: Vec<BTreeMap<&str, (usize, u64)>> = Vec::new();
    for party in recs {
        let mut list: BTreeMap<&str, (usize, u64)> = BTreeMap::new();
        for r in party {
            list.entry(r.household.as_str()).or_insert((r.group, 0)).1 += r.amount;
        }
        lists.push(list);
    }
    let mut per_party = vec![vec![0u64; g]; lists.len()];
    let mut listings = vec![0u64; g];
    let mut total = vec![0u64; g];
    let mut hist = vec![vec![0u64; edges.len()]; g];
    // Household -> (its group, on how many parties' lists).
    let mut lists_of: BTreeMap<&str, (usize, u64)> = BTreeMap::new();
    for (p, list) in lists.iter().enumerate() {
        for (&household, &(group, amount)) in list {
            per_party[p][group] += 1;
            listings[group] += 1;
            total[group] += amount;
            let mut bin = 0;
            for (b, &from) in edges.iter().enumerate() {
                if amount >= from {
                    bin = b;
                }
            }
            hist[group][bin] += 1;
            let seen = lists_of.entry(household).or_insert((group, 0));
            assert_eq!(seen.0, group, "test data puts {household} in two groups");
            seen.1 += 1;
        }
    }
    let mut overlap = vec![0u64; g];
    for &(group, on) in lists_of.values() {
        if on >= 2 {
            overlap[group] += 1;
        }
    }

    let open = |count: u64| {
        if count >= spec.k {
            Some(count as f64)
        } else {
            None
        }
    };
    let cell = |statistic, party: Option<&String>, bin, value: Option<f64>| Cell {
        statistic,
        name: None,
        party: party.cloned(),
        bin,
        value,
        suppressed: value.is_none(),
    };
    let mut groups = Vec::new();
    for gi in 0..g {
        let mut cells = Vec::new();
        for (p, name) in spec.parties.iter().enumerate() {
            cells.push(cell(
                Statistic::HouseholdsPerParty,
                Some(name),
                None,
                open(per_party[p][gi]),
            ));
        }
        let n = open(listings[gi]);
        let t = n.map(|_| total[gi] as f64);
        let mean = match n {
            Some(n) if n > 0.0 => Some((total[gi] as f64 / n * 100.0).round() / 100.0),
            _ => None,
        };
        cells.push(cell(Statistic::Listings, None, None, n));
        cells.push(cell(Statistic::TotalArrears, None, None, t));
        cells.push(cell(Statistic::MeanArrears, None, None, mean));
        for (b, &from) in edges.iter().enumerate() {
            let bin = Bin {
                from,
                to: edges.get(b + 1).copied(),
            };
            cells.push(cell(
                Statistic::Histogram,
                None,
                Some(bin),
                open(hist[gi][b]),
            ));
        }
        cells.push(cell(
            Statistic::HouseholdsOnTwoOrMoreLists,
            None,
            None,
            open(overlap[gi]),
        ));
        groups.push(GroupResult {
            key: spec.groups[gi].clone(),
            cells,
        });
    }
    ComputationResult {
        format: 1,
        computation_id: spec.computation_id.clone(),
        title: spec.title.clone(),
        parties: spec.parties.clone(),
        k: spec.k,
        group_by: spec.group_by.clone(),
        groups,
    }
}

/// Compares a result with the oracle field by field, naming the first field that differs.
fn assert_as_oracle(got: &ComputationResult, want: &ComputationResult, ctx: &str) {
    assert_eq!(got.format, want.format, "{ctx}: format");
    assert_eq!(
        got.computation_id, want.computation_id,
        "{ctx}: computation_id"
    );
    assert_eq!(got.title, want.title, "{ctx}: title");
    assert_eq!(got.parties, want.parties, "{ctx}: parties");
    assert_eq!(got.k, want.k, "{ctx}: k");
    assert_eq!(got.group_by, want.group_by, "{ctx}: group_by");
    assert_eq!(
        got.groups.len(),
        want.groups.len(),
        "{ctx}: number of groups"
    );
    for (gg, wg) in got.groups.iter().zip(&want.groups) {
        let at = format!("{ctx}, group {}", wg.key);
        assert_eq!(gg.key, wg.key, "{at}: key");
        assert_eq!(gg.cells.len(), wg.cells.len(), "{at}: number of cells");
        for (i, (gc, wc)) in gg.cells.iter().zip(&wg.cells).enumerate() {
            let at = format!(
                "{at}, cell {i} ({:?} {:?} {:?})",
                wc.statistic, wc.party, wc.bin
            );
            assert_eq!(gc.statistic, wc.statistic, "{at}: statistic");
            assert_eq!(gc.party, wc.party, "{at}: party");
            assert_eq!(gc.bin, wc.bin, "{at}: bin");
            assert_eq!(gc.value, wc.value, "{at}: value");
            assert_eq!(gc.suppressed, wc.suppressed, "{at}: suppressed");
        }
    }
}

#[test]
fn debt_signalling_matches_the_oracle_and_plaintext_over_random_inputs() {
    let mut duplicates = 0;
    let mut suppressed = 0;
    for seed in 0..12 {
        let groups = 1 + (seed as usize % 5);
        let k = [0, 1, 3, 5, 10][seed as usize % 5];
        let spec = spec(k, groups);
        let recs = records(seed, 40 + seed * 10, 10 + (seed as usize * 7) % 40, groups);
        let want = oracle(&spec, &recs);
        let plain = debt::plaintext(&spec, &recs).unwrap_or_else(|e| panic!("{e}"));
        assert_as_oracle(&plain, &want, &format!("plaintext, seed {seed}"));
        let got = run(&spec, &recs, seed);
        for (i, g) in got.iter().enumerate() {
            assert_as_oracle(g, &want, &format!("node {i}, seed {seed}"));
            assert_eq!(g, &plain, "node {i}, seed {seed}");
        }
        // The inputs must exercise merging and suppression, or the comparisons above prove little.
        for party in &recs {
            let mut names: Vec<&str> = party.iter().map(|r| r.household.as_str()).collect();
            names.sort_unstable();
            names.dedup();
            duplicates += party.len() - names.len();
        }
        suppressed += want
            .groups
            .iter()
            .flat_map(|g| &g.cells)
            .filter(|c| c.suppressed)
            .count();
    }
    assert!(
        duplicates > 0 && suppressed > 0,
        "{duplicates} duplicate records, {suppressed} suppressed cells"
    );
}

#[test]
fn duplicates_merge_before_binning_and_counts_of_exactly_k_are_revealed() {
    let spec = spec(2, 2);
    let rec = |h: &str, group, amount| Record {
        household: h.into(),
        group,
        amount,
    };
    let recs = vec![
        // "a" twice: one listing of 9_000 + 2_000 = 11_000, in the second bin.
        vec![rec("a", 0, 9_000), rec("b", 0, 500), rec("a", 0, 2_000)],
        vec![rec("a", 0, 100), rec("c", 1, 70_000)],
        // Amounts on a bin edge belong to the bin that starts there.
        vec![rec("b", 0, 40_000), rec("d", 0, 10_000)],
        // "d" twice: one listing of exactly 50_000.
        vec![rec("d", 0, 40_000), rec("d", 0, 10_000)],
    ];
    let want = oracle(&spec, &recs);
    let got = run(&spec, &recs, 11);
    for (i, g) in got.iter().enumerate() {
        assert_as_oracle(g, &want, &format!("node {i}"));
    }
    let values: Vec<Option<f64>> = got[0].groups[0].cells.iter().map(|c| c.value).collect();
    assert_eq!(
        values,
        [
            Some(2.0),       // gemeente: a, b
            None,            // woningcorporatie: a only
            Some(2.0),       // waterbedrijf: b, d
            None,            // zorgverzekeraar: d only
            Some(6.0),       // listings
            Some(111_600.0), // total arrears
            Some(18_600.0),  // mean arrears
            Some(2.0),       // [0, 10000): b 500, a 100
            Some(3.0),       // [10000, 50000): a 11000, b 40000, d 10000
            None,            // [50000, 200000): d 50000
            None,            // [200000, …): none
            Some(3.0),       // on two lists: a, b, d
        ]
    );
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
    let independent = oracle(&spec, &recs);
    for (i, g) in got.iter().enumerate() {
        assert_as_oracle(g, &independent, &format!("node {i}"));
        assert_eq!(g, &want, "node {i}");
    }
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
    let independent = oracle(&spec, &recs);
    for (i, g) in got.iter().enumerate() {
        assert_as_oracle(g, &independent, &format!("node {i}"));
        assert_eq!(g, &want, "node {i}");
    }
}
