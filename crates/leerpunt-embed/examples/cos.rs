//! The cosine of a question with each passage, for looking at what the model finds near:
//! `cargo run --release -p leerpunt-embed --example cos -- QUESTION PASSAGE…`

fn main() {
    let m = leerpunt_embed::load(std::path::Path::new("models/e5-small-q4.bin")).unwrap();
    let q = m.embed(
        &std::env::args().nth(1).unwrap(),
        leerpunt_embed::Role::Query,
    );
    for p in std::env::args().skip(2) {
        let v = m.embed(&p, leerpunt_embed::Role::Passage);
        println!(
            "{:.4} {}",
            leerpunt_embed::dot(&q, &v),
            &p[..40.min(p.len())]
        );
    }
}
