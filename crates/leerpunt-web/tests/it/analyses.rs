//! The joint-analysis pages and API: published results with suppressed cells marked.

use axum::http::StatusCode;
use leerpunt_store::NewAnalysis;

use crate::TestApp;

fn result_json() -> String {
    serde_json::json!({
        "format": 1, "computation_id": "schulden-2026-q1", "title": "Vroegsignalering schulden Q1",
        "parties": ["gemeente", "woningcorporatie"], "k": 10, "group_by": "buurt",
        "groups": [
            { "key": "BU03630001", "cells": [
                { "statistic": "households_per_party", "party": "gemeente", "value": 42.0 },
                { "statistic": "households_per_party", "party": "woningcorporatie", "suppressed": true },
                { "statistic": "listings", "value": 51.0 },
                { "statistic": "mean_arrears", "value": 1234.5 },
                { "statistic": "histogram", "bin": { "from": 0, "to": 50000 }, "value": 12.0 },
                { "statistic": "histogram", "bin": { "from": 50000 }, "suppressed": true },
                { "statistic": "households_on_two_or_more_lists", "value": 17.0 } ] },
            { "key": "BU03630002", "cells": [
                { "statistic": "households_per_party", "party": "gemeente", "value": 11.0 },
                { "statistic": "households_per_party", "party": "woningcorporatie", "value": 13.0 },
                { "statistic": "listings", "value": 24.0 },
                { "statistic": "mean_arrears", "suppressed": true },
                { "statistic": "histogram", "bin": { "from": 0, "to": 50000 }, "value": 20.0 },
                { "statistic": "histogram", "bin": { "from": 50000 }, "suppressed": true },
                { "statistic": "households_on_two_or_more_lists", "suppressed": true } ] }
        ]
    })
    .to_string()
}

async fn publish(app: &TestApp) {
    app.store
        .upsert_analysis(&NewAnalysis {
            computation_id: "schulden-2026-q1".into(),
            title: "Vroegsignalering schulden Q1".into(),
            parties: vec!["gemeente".into(), "woningcorporatie".into()],
            k: 10,
            group_by: "buurt".into(),
            status: "completed".into(),
            result: result_json(),
        })
        .await
        .unwrap();
}

#[tokio::test]
async fn lists_and_shows_results_with_suppressed_cells() {
    let app = TestApp::new().await;
    let empty = app.get("/gezamenlijke-analyse").await;
    assert_eq!(empty.status, StatusCode::OK);
    assert!(empty.body.contains("nog geen gezamenlijke analyses"));

    publish(&app).await;
    // Imported by another process (`leerpunt import analysis`): seen once the follower caught up.
    app.state.catch_up_search().await;
    let list = app.get("/gezamenlijke-analyse").await;
    assert!(list
        .body
        .contains("href=\"/gezamenlijke-analyse/schulden-2026-q1\""));
    assert!(list.body.contains("gemeente, woningcorporatie"));
    assert!(list.body.contains("Afgerond"));

    let page = app
        .get("/gezamenlijke-analyse/schulden-2026-q1?lang=en")
        .await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    assert!(page.body.contains("Households in arrears, per participant"));
    assert!(page
        .body
        .contains("<td class=\"utrecht-table__cell utrecht-table__cell--numeric\">42</td>"));
    assert!(page.body.contains("1234.50"));
    assert!(page.body.contains("≥ 50000"));
    assert_eq!(
        page.body.matches("class=\"lp-suppressed\"").count(),
        5,
        "every suppressed cell is marked"
    );
    assert!(page.body.contains("(5 cells)"));
}

#[tokio::test]
async fn api_serves_the_result_document() {
    let app = TestApp::new().await;
    publish(&app).await;
    let list = app.get("/api/v1/analyses").await.json();
    assert_eq!(list[0]["computation_id"], "schulden-2026-q1");
    assert_eq!(list[0]["result_url"], "/api/v1/analyses/schulden-2026-q1");
    let doc = app.get("/api/v1/analyses/schulden-2026-q1").await.json();
    assert_eq!(doc["groups"][0]["cells"][1]["suppressed"], true);
    assert!(
        doc["groups"][0]["cells"][1].get("value").is_none(),
        "suppressed cells carry no value"
    );
    assert_eq!(
        app.get("/api/v1/analyses/onbekend").await.status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        app.get("/gezamenlijke-analyse/onbekend").await.status,
        StatusCode::NOT_FOUND
    );
}
