//! Snapshots of the API's JSON shapes: a change to a wire type shows up as a reviewed diff.

use crate::TestApp;

/// Replaces values that differ per run (timestamps) so snapshots are stable.
fn stable(mut v: serde_json::Value) -> serde_json::Value {
    fn walk(v: &mut serde_json::Value) {
        match v {
            serde_json::Value::Object(map) => {
                for (k, val) in map.iter_mut() {
                    if k.ends_with("_at") {
                        *val = serde_json::Value::String("[timestamp]".into());
                    } else {
                        walk(val);
                    }
                }
            }
            serde_json::Value::Array(items) => items.iter_mut().for_each(walk),
            _ => {}
        }
    }
    walk(&mut v);
    v
}

#[tokio::test]
async fn practice_json_shape() {
    let app = TestApp::new().await;
    let slug = app
        .add_practice("Snapshotpraktijk", "Korte **tekst**.", "snap-1")
        .await;
    let v = app.get(&format!("/api/v1/practices/{slug}")).await.json();
    insta::assert_json_snapshot!("practice", stable(v));
}

#[tokio::test]
async fn organisation_json_shape() {
    let app = TestApp::new().await;
    let v = app
        .get("/api/v1/organisations?kind=province&per_page=2")
        .await
        .json();
    insta::assert_json_snapshot!("organisations_page", stable(v));
}

#[tokio::test]
async fn error_json_shape() {
    let app = TestApp::new().await;
    let v = app.get("/api/v1/practices?per_page=0").await.json();
    insta::assert_json_snapshot!("error_bad_per_page", v);
}
