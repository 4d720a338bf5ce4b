//! How fast the encoder runs on this machine: load time, question latency (one at a time, as a
//! search request embeds it) and passages per second (many at once, as an import does).
//! `cargo run --release -p leerpunt-embed --example speed [MODEL]`

use std::time::Instant;

use leerpunt_embed::Role;

fn main() {
    let path = std::env::args()
        .nth(1)
        .unwrap_or_else(|| format!("models/{}", leerpunt_embed::MODEL_FILE));
    let started = Instant::now();
    let model = leerpunt_embed::load(std::path::Path::new(&path)).expect("model");
    println!("load: {:.0} ms", started.elapsed().as_secs_f64() * 1e3);
    let questions = [
        "hoe sporen gemeenten bijstandsfraude op",
        "how do municipalities detect welfare fraud",
        "algoritme voor het voorspellen van schuldenproblematiek",
        "which water boards use sensors to predict maintenance of pumping stations",
        "kentekenherkenning parkeren",
    ];
    let mut times = Vec::new();
    for round in 0..20 {
        for q in &questions {
            let t = Instant::now();
            let v = model.embed(q, Role::Query);
            if round > 0 {
                times.push(t.elapsed().as_secs_f64() * 1e3);
            }
            assert_eq!(v.len(), leerpunt_embed::DIM);
        }
    }
    times.sort_by(f64::total_cmp);
    let pct = |p: f64| times[((times.len() - 1) as f64 * p) as usize];
    println!("question: p50 {:.1} ms, p99 {:.1} ms", pct(0.5), pct(0.99));
    let passage = "Het algoritme ondersteunt medewerkers van de gemeente bij het beoordelen van aanvragen \
        voor bijzondere bijstand. Het model weegt het inkomen, de vaste lasten en eerdere aanvragen en \
        geeft een advies; een medewerker neemt altijd het besluit en kan het advies negeren.";
    let texts: Vec<&str> = (0..64).map(|_| passage).collect();
    let t = Instant::now();
    let out = model.embed_many(&texts, Role::Passage);
    let secs = t.elapsed().as_secs_f64();
    println!(
        "passages ({} pieces each): {:.0} per second",
        model.token_count(passage, Role::Passage),
        out.len() as f64 / secs
    );
}
