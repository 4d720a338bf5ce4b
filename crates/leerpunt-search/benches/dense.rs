//! Search by meaning at scale: loading 100,000 stored vectors (384 signed bytes each) into the
//! in-memory set, the exact nearest-neighbour scan over all of them, and, when the model is in
//! `models/`, embedding a question. Prints a Markdown table.
//! `cargo bench -p leerpunt-search --bench dense` (`LEERPUNT_BENCH_N`, default 100000).

use std::time::Instant;

use leerpunt_embed::DIM;
use leerpunt_search::dense::DenseSet;

mod common;
use common::random_unit;

fn percentile(times: &mut [f64], p: f64) -> f64 {
    times.sort_by(f64::total_cmp);
    times[((times.len() - 1) as f64 * p).round() as usize]
}

fn main() {
    let n: usize = std::env::var("LEERPUNT_BENCH_N")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(100_000);
    let mut state = 7;
    let stored: Vec<Vec<i8>> = (0..n).map(|_| random_unit(&mut state)).collect();
    let started = Instant::now();
    let mut set = DenseSet::default();
    for (id, v) in stored.iter().enumerate() {
        set.put(id as i64, v);
    }
    let load = started.elapsed().as_secs_f64();
    let questions: Vec<Vec<i8>> = (0..200).map(|_| random_unit(&mut state)).collect();
    let mut times = Vec::new();
    let mut found = 0;
    for q in &questions {
        let t = Instant::now();
        found += set.nearest(q, 100).hits.len();
        times.push(t.elapsed().as_secs_f64() * 1e3);
    }
    assert_eq!(found, 200 * 100.min(n));
    println!("| measure | value |");
    println!("| --- | --- |");
    println!(
        "| vectors | {n} × {DIM} bytes ({:.1} MB) |",
        (n * DIM) as f64 / 1e6
    );
    println!(
        "| load into the set | {:.0} ms ({:.0} practices/s) |",
        load * 1e3,
        n as f64 / load
    );
    println!(
        "| nearest 100 (exact scan) | p50 {:.2} ms, p99 {:.2} ms |",
        percentile(&mut times, 0.5),
        percentile(&mut times, 0.99)
    );
    let model = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../models")
        .join(leerpunt_embed::MODEL_FILE);
    if let Ok(model) = leerpunt_embed::load(&model) {
        let qs = [
            "hoe sporen gemeenten bijstandsfraude op",
            "how do municipalities detect welfare fraud",
            "kentekenherkenning parkeren",
            "which water boards predict maintenance of pumping stations",
        ];
        let mut times = Vec::new();
        for round in 0..15 {
            for q in qs {
                let t = Instant::now();
                let v = model.embed(q, leerpunt_embed::Role::Query);
                if round > 0 {
                    times.push(t.elapsed().as_secs_f64() * 1e3);
                }
                assert_eq!(v.len(), DIM);
            }
        }
        println!(
            "| embedding a question | p50 {:.1} ms, p99 {:.1} ms |",
            percentile(&mut times, 0.5),
            percentile(&mut times, 0.99)
        );
    } else {
        println!("| embedding a question | (no model in models/: tools/fetch-model.sh) |");
    }
}
