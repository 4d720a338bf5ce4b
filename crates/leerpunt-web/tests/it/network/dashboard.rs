//! The public dashboard: its figures equal what the store holds, the page, the JSON and the CSV
//! agree, and a logged meeting reaches the kept figures once the change log moves.

use axum::http::StatusCode;
use leerpunt_core::meetings::NewMeeting;
use leerpunt_store::Origin;
use serde_json::Value;

use crate::TestApp;

async fn json(app: &TestApp) -> Value {
    let r = app.get("/api/v1/dashboard").await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    serde_json::from_str(&r.body).unwrap()
}

fn sum(list: &Value) -> i64 {
    let items = list.as_array().expect("a list");
    assert!(!items.is_empty(), "an empty list: {list}");
    items.iter().map(|c| c["count"].as_i64().unwrap()).sum()
}

fn meetings_of_kind(d: &Value, kind: &str) -> i64 {
    d["meetings_by_kind"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["key"] == kind)
        .map_or(0, |c| c["count"].as_i64().unwrap())
}

#[tokio::test]
async fn the_figures_are_the_stores_and_page_json_and_csv_agree() {
    let app = TestApp::new().await;
    let d = json(&app).await;

    // Practices: the headline and its breakdowns count the published practices.
    let counts = app.store.counts().await.unwrap();
    assert!(counts.practices > 0);
    assert_eq!(d["practices"].as_i64(), Some(counts.practices));
    assert_eq!(sum(&d["by_province"]), counts.practices);
    assert_eq!(sum(&d["by_org_kind"]), counts.practices);
    let themes: i64 = app
        .store
        .theme_counts()
        .await
        .unwrap()
        .iter()
        .map(|t| t.1)
        .sum();
    assert_eq!(sum(&d["by_theme"]), themes);
    assert_eq!(
        d["reach"]["with_practices"].as_i64(),
        Some(counts.active_organisations)
    );
    assert!(d["reach"]["total"].as_i64() >= d["reach"]["in_meetings"].as_i64());
    assert_eq!(
        d["reach"]["registered"].as_i64(),
        Some(counts.organisations)
    );
    let growth = d["growth"].as_array().unwrap();
    assert!(!growth.is_empty());
    assert_eq!(
        growth.last().unwrap()["practices_total"].as_i64(),
        Some(counts.practices),
        "the running total ends at all practices"
    );

    // The help desk: the demo has answered questions, so a median time to an answer.
    assert!(
        d["helpdesk"]["asked"].as_i64().unwrap() >= d["helpdesk"]["answered"].as_i64().unwrap()
    );
    assert!(d["helpdesk"]["answered"].as_i64().unwrap() > 0);
    assert!(d["helpdesk"]["median_hours_to_answer"].as_f64().is_some());

    // The agenda's twelve demo commitments, and the finished challenge's 111 → 10 → 3 funnel.
    assert_eq!(sum(&d["agenda_by_status"]), 12);
    let finished = d["challenges"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["ideas"] == 111)
        .expect("the finished demo challenge");
    assert_eq!(finished["pitched"], 10);
    assert_eq!(finished["funded"], 3);

    // The page shows the same figures, with links to the lists behind them.
    let page = app.get("/dashboard").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains(&format!(
        "data-testid=\"figure-practices\">{}<",
        counts.practices
    )));
    assert!(page.body.contains("praktijken?theme="));
    assert!(page.body.contains("agenda?status="));
    assert!(page.body.contains("role=\"img\""));
    let en = app.get("/dashboard?lang=en").await;
    assert!(en.body.contains("Practices by theme"), "{}", en.body);

    // The CSV: one row per count, the same headline.
    let csv = app.get("/api/v1/dashboard.csv").await;
    assert_eq!(csv.status, StatusCode::OK);
    let mut lines = csv.body.lines();
    assert_eq!(lines.next(), Some("figure,key,value"));
    assert!(csv
        .body
        .lines()
        .any(|l| l == format!("practices,all,{}", counts.practices)));
    assert!(csv
        .body
        .lines()
        .any(|l| l.starts_with("challenge_") && l.ends_with(",ideas,111")));
}

#[tokio::test]
async fn a_logged_meeting_reaches_the_kept_figures() {
    let app = TestApp::new().await;
    let before = json(&app).await;
    let workshops = meetings_of_kind(&before, "workshop");
    let page_before = app.get("/dashboard").await.body;
    app.store
        .create_meeting(
            &NewMeeting {
                date: "2025-05-12".into(),
                kind: "workshop".into(),
                title: "Werkplaats datakwaliteit".into(),
                organisations: vec!["GM0344".into()],
                themes: vec!["datakwaliteit".into()],
                outcome: "Afspraken gemaakt.".into(),
                ..NewMeeting::default()
            },
            None,
            &Origin::cli(),
        )
        .await
        .unwrap();
    // Until the change log is followed the kept copy answers; then the new meeting counts.
    assert_eq!(meetings_of_kind(&json(&app).await, "workshop"), workshops);
    app.state.catch_up_search().await;
    let after = json(&app).await;
    assert_eq!(meetings_of_kind(&after, "workshop"), workshops + 1);
    assert_ne!(app.get("/dashboard").await.body, page_before);
}
