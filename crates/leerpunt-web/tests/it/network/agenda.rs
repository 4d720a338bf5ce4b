//! The rolling agenda: commitments with milestones, progress updates and evidence kept by the
//! owner's editors, the independent review (refused to editors of the owner and to accounts
//! without the reviewer grant), the owner's response beside it, the report's figures, the CSV,
//! and bad input refused whole in the page's language.

use axum::http::{Method, StatusCode};
use leerpunt_core::access::Role;
use leerpunt_core::agenda::{CommitmentInput, MilestoneInput, ReviewInput};
use leerpunt_store::{CommitmentFilter, Origin};

use crate::matrix::AreaCell;
use crate::{TestApp, TestUser, Who, ORG, PASSWORD};

/// Whether a route of the matrix belongs to this area.
pub fn owns(path: &str) -> bool {
    path.starts_with("/agenda") || path.starts_with("/api/v1/agenda")
}

fn today() -> String {
    leerpunt_store::news_today()
}

fn input(title: &str) -> CommitmentInput {
    CommitmentInput {
        action_line: "datakwaliteit".into(),
        owner: ORG.into(),
        partners: vec!["GM0363".into()],
        title_nl: title.into(),
        title_en: format!("{title} (en)"),
        description_nl: "Een toezegging.".into(),
        description_en: "A commitment.".into(),
        starts_on: "2025-01-01".into(),
        due_on: "2026-12-31".into(),
        status: "in_progress".into(),
    }
}

fn form(title: &str) -> Vec<(&'static str, String)> {
    vec![
        ("action_line", "datakwaliteit".into()),
        ("owner", ORG.into()),
        ("partners", "GM0363, AG-CBS".into()),
        ("title_nl", title.into()),
        ("title_en", format!("{title} (en)")),
        ("description_nl", "Een toezegging.".into()),
        ("description_en", "A commitment.".into()),
        ("starts_on", "2025-01-01".into()),
        ("due_on", "2026-06-30".into()),
        ("status", "planned".into()),
    ]
}

fn review_fields(period: &str, justification: &str) -> Vec<(&'static str, String)> {
    vec![
        ("period", period.into()),
        ("specificity", "high".into()),
        ("relevance", "clear".into()),
        ("impact", "moderate".into()),
        ("completion", "substantial".into()),
        ("opened_government", "marginal".into()),
        ("justification", justification.into()),
    ]
}

fn review_input(period: &str) -> ReviewInput {
    ReviewInput {
        period: period.into(),
        specificity: "medium".into(),
        relevance: "clear".into(),
        impact: "minor".into(),
        completion: "limited".into(),
        opened_government: "did_not_change".into(),
        justification: "Een onderbouwing van voldoende lengte.".into(),
    }
}

fn refs<'a>(f: &'a [(&'static str, String)]) -> Vec<(&'static str, &'a str)> {
    f.iter().map(|(k, v)| (*k, v.as_str())).collect()
}

async fn commitment(app: &TestApp, title: &str) -> i64 {
    app.store
        .save_commitment(None, &input(title), &Origin::cli())
        .await
        .unwrap()
        .id
}

/// A confirmed account with the reviewer grant (and, optionally, editor of `editor_of`).
async fn reviewer(app: &TestApp, email: &str, editor_of: Option<&str>) -> TestUser {
    let origin = Origin::cli();
    let user = app
        .store
        .create_user(email, PASSWORD, "Rita Reviewer", &origin)
        .await
        .unwrap();
    app.store.confirm_user(user.id, &origin).await.unwrap();
    app.store
        .grant(user.id, Role::Reviewer, None, &origin)
        .await
        .unwrap();
    if let Some(code) = editor_of {
        app.store
            .grant(user.id, Role::Editor, Some(code), &origin)
            .await
            .unwrap();
    }
    app.sign_in(user.id, email).await
}

/// Prepares the matrix cell of `path` for `who`: a fresh commitment of the Editor's
/// organisation per role; for reviews, the reviewer grant for every role but Member (who shows
/// that the grant is needed) — the Editor, as an editor of the owner, is still refused.
pub async fn cell(
    app: &TestApp,
    path: &str,
    who: Who,
    user: Option<&TestUser>,
) -> Option<AreaCell> {
    if !owns(path) {
        return None;
    }
    let origin = Origin::cli();
    let id = commitment(app, &format!("Matrixtoezegging {who:?}")).await;
    let (uri, fields, json) = match path {
        "/agenda/toezeggingen/nieuw" => {
            (path.to_owned(), form(&format!("Nieuw van {who:?}")), None)
        }
        "/agenda/toezeggingen/{id}/bewerken" => (
            format!("/agenda/toezeggingen/{id}/bewerken"),
            form(&format!("Bewerkt door {who:?}")),
            None,
        ),
        "/agenda/toezeggingen/{id}/mijlpalen" => (
            format!("/agenda/toezeggingen/{id}/mijlpalen"),
            vec![
                ("milestone_title", "Een mijlpaal".into()),
                ("milestone_due_on", "2026-03-31".into()),
            ],
            None,
        ),
        "/agenda/toezeggingen/{id}/mijlpalen/{milestone}/afgerond" => {
            let c = app
                .store
                .add_milestone(
                    id,
                    &MilestoneInput {
                        title: "Een mijlpaal".into(),
                        due_on: "2026-03-31".into(),
                    },
                    &origin,
                )
                .await
                .unwrap();
            let m = c.milestones[0].id;
            (
                format!("/agenda/toezeggingen/{id}/mijlpalen/{m}/afgerond"),
                vec![("done_on", "2026-03-01".into())],
                None,
            )
        }
        "/agenda/toezeggingen/{id}/voortgang" => (
            format!("/agenda/toezeggingen/{id}/voortgang"),
            vec![("written_on", today()), ("body", "Het gaat goed.".into())],
            None,
        ),
        "/agenda/toezeggingen/{id}/bewijs" => (
            format!("/agenda/toezeggingen/{id}/bewijs"),
            vec![
                ("evidence_title", "Besluit".into()),
                ("evidence_url", "https://example.org/besluit.pdf".into()),
                ("evidence_kind", "document".into()),
            ],
            None,
        ),
        "/agenda/toezeggingen/{id}/beoordelingen" => {
            if let Some(u) = user {
                if who != Who::Member {
                    app.store
                        .grant(u.id, Role::Reviewer, None, &origin)
                        .await
                        .unwrap();
                }
            }
            (
                format!("/agenda/toezeggingen/{id}/beoordelingen"),
                review_fields("2025", "Een onafhankelijke onderbouwing."),
                None,
            )
        }
        "/agenda/beoordelingen/{id}/reactie" => {
            let r = reviewer(
                app,
                &format!("reviewer-{who:?}@minbzk.nl").to_lowercase(),
                None,
            )
            .await;
            let review = app
                .store
                .publish_review(id, &review_input("2025"), (r.id, "Rita"), &[], &origin)
                .await
                .unwrap();
            (
                format!("/agenda/beoordelingen/{}/reactie", review.id),
                vec![("response", "Dank voor de beoordeling.".into())],
                None,
            )
        }
        "/api/v1/agenda/commitments/{id}/updates" => (
            format!("/api/v1/agenda/commitments/{id}/updates"),
            Vec::new(),
            Some(serde_json::json!({"written_on": today(), "body": "Via de API."})),
        ),
        _ => return None,
    };
    Some(AreaCell {
        uri,
        fields,
        json,
        probe: vec![id],
    })
}

/// What this area keeps: every commitment with everything it holds.
pub async fn state(app: &TestApp, _cell: &AreaCell) -> String {
    let all = app
        .store
        .commitments(&CommitmentFilter::default())
        .await
        .unwrap();
    format!("{} commitments: {all:?}", all.len())
}

async fn count(app: &TestApp) -> usize {
    app.store
        .commitments(&CommitmentFilter::default())
        .await
        .unwrap()
        .len()
}

#[tokio::test]
async fn a_commitment_is_created_edited_and_read_back() {
    let app = TestApp::new().await;
    let editor = app.user(Who::Editor).await.unwrap();
    // The empty form renders, with the planned status chosen.
    let empty = app
        .get_as("/agenda/toezeggingen/nieuw", Some(&editor))
        .await;
    assert_eq!(empty.status, StatusCode::OK, "{}", empty.body);
    assert!(
        empty.body.contains("value=\"planned\" selected"),
        "{}",
        empty.body
    );
    let f = form("Open data over subsidies");
    let r = app
        .post_form("/agenda/toezeggingen/nieuw", &refs(&f), Some(&editor))
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let url = r.location().to_owned();
    let id: i64 = url.rsplit('/').next().unwrap().parse().unwrap();
    let page = app.get_as(&url, Some(&editor)).await;
    assert!(page.body.contains("Open data over subsidies"));
    assert!(
        page.body.contains("Gemeente Amsterdam")
            && page.body.contains("Centraal Bureau voor de Statistiek")
    );
    let mut f = form("Open data over subsidies en leningen");
    f.retain(|(k, _)| *k != "status");
    f.push(("status", "delayed".into()));
    let r = app
        .post_form(
            &format!("/agenda/toezeggingen/{id}/bewerken"),
            &refs(&f),
            Some(&editor),
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let c = app
        .api(
            Method::GET,
            &format!("/api/v1/agenda/commitments/{id}"),
            None,
            None,
        )
        .await;
    assert_eq!(c.status, StatusCode::OK);
    let j = c.json();
    assert_eq!(j["title"]["nl"], "Open data over subsidies en leningen");
    assert_eq!(j["status"], "delayed");
    assert_eq!(j["owner"], ORG);
    assert_eq!(j["partners"].as_array().unwrap().len(), 2);
    let audit = app.store.audit_log(100, 0).await.unwrap().0;
    assert!(audit
        .iter()
        .any(|e| e.action == "agenda.create" && e.entity_id == Some(id)));
    assert!(audit
        .iter()
        .any(|e| e.action == "agenda.update" && e.entity_id == Some(id)));
    // The list shows it under its line, and the line filter works.
    let list = app.get("/agenda?lijn=datakwaliteit&lang=en").await;
    assert_eq!(list.status, StatusCode::OK);
    assert!(list
        .body
        .contains("Open data over subsidies en leningen (en)"));
    let other = app.get("/agenda?lijn=publieke-waarden").await;
    assert!(!other.body.contains("Open data over subsidies en leningen"));
    assert_eq!(
        app.get("/agenda?lijn=onbekend").await.status,
        StatusCode::BAD_REQUEST
    );
}

#[tokio::test]
async fn milestones_are_done_and_updates_come_newest_first() {
    let app = TestApp::new().await;
    let editor = app.user(Who::Editor).await.unwrap();
    let id = commitment(&app, "Mijlpalen en voortgang").await;
    let base = format!("/agenda/toezeggingen/{id}");
    let r = app
        .post_form(
            &format!("{base}/mijlpalen"),
            &[
                ("milestone_title", "Concept klaar"),
                ("milestone_due_on", "2025-06-30"),
            ],
            Some(&editor),
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let m = app.store.commitment(id).await.unwrap().milestones[0].id;
    let r = app
        .post_form(
            &format!("{base}/mijlpalen/{m}/afgerond"),
            &[("done_on", "2025-06-20")],
            Some(&editor),
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert_eq!(
        app.store.commitment(id).await.unwrap().milestones[0]
            .done_on
            .as_deref(),
        Some("2025-06-20")
    );
    for (date, text) in [
        ("2025-03-01", "Eerste bericht"),
        ("2025-09-01", "Derde bericht"),
        ("2025-05-01", "Tweede bericht"),
    ] {
        let r = app
            .post_form(
                &format!("{base}/voortgang"),
                &[("written_on", date), ("body", text)],
                Some(&editor),
            )
            .await;
        assert_eq!(r.status, StatusCode::SEE_OTHER);
    }
    let page = app.get_as(&base, Some(&editor)).await.body;
    let pos = |s: &str| page.find(s).unwrap();
    assert!(
        pos("Derde bericht") < pos("Tweede bericht")
            && pos("Tweede bericht") < pos("Eerste bericht")
    );
    // Through the API with a token (scope agenda:write).
    let token = app.token(&editor).await;
    let r = app
        .api(
            Method::POST,
            &format!("/api/v1/agenda/commitments/{id}/updates"),
            Some(&token),
            Some(serde_json::json!({"written_on": "2025-12-01", "body": "Vierde bericht"})),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    assert_eq!(r.json()["updates"][0]["body"], "Vierde bericht");
    assert_eq!(r.json()["updates"].as_array().unwrap().len(), 4);
}

#[tokio::test]
async fn evidence_takes_web_addresses_only() {
    let app = TestApp::new().await;
    let editor = app.user(Who::Editor).await.unwrap();
    let id = commitment(&app, "Bewijs").await;
    let before = app.store.commitment(id).await.unwrap();
    let page = app
        .get_as(&format!("/agenda/toezeggingen/{id}"), Some(&editor))
        .await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    let r = app
        .post_form(
            &format!("/agenda/toezeggingen/{id}/bewijs?lang=en"),
            &[
                ("evidence_title", "Kwaad"),
                ("evidence_url", "javascript:alert(1)"),
                ("evidence_kind", "link"),
            ],
            Some(&editor),
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        r.body.contains("Only web addresses starting with https:"),
        "{}",
        r.body
    );
    assert_eq!(app.store.commitment(id).await.unwrap(), before);
    let r = app
        .post_form(
            &format!("/agenda/toezeggingen/{id}/bewijs"),
            &[
                ("evidence_title", "Rapport"),
                ("evidence_url", "https://example.org/rapport.pdf"),
                ("evidence_kind", "document"),
            ],
            Some(&editor),
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let c = app.store.commitment(id).await.unwrap();
    assert_eq!(c.evidence.len(), 1);
    assert_eq!(c.evidence[0].url, "https://example.org/rapport.pdf");
}

#[tokio::test]
async fn a_reviewer_reviews_and_the_owner_responds_beside_it() {
    let app = TestApp::new().await;
    let editor = app.user(Who::Editor).await.unwrap();
    let rita = reviewer(&app, "rita@minbzk.nl", Some("GM0363")).await;
    let id = commitment(&app, "Te beoordelen").await;
    let mail_before = app.store.pending_mail_count().await.unwrap();
    let f = review_fields("2025-H2", "Concreet en deels uitgevoerd in de periode.");
    let r = app
        .post_form(
            &format!("/agenda/toezeggingen/{id}/beoordelingen"),
            &refs(&f),
            Some(&rita),
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let c = app.store.commitment(id).await.unwrap();
    assert_eq!(c.reviews.len(), 1);
    let review = &c.reviews[0];
    assert_eq!(review.ratings.period.key(), "2025-H2");
    assert_eq!(review.reviewer, "Rita Reviewer");
    // The owner's editor is told.
    assert_eq!(
        app.store.pending_mail_count().await.unwrap(),
        mail_before + 1
    );
    let page = app
        .get(&format!("/agenda/toezeggingen/{id}?lang=en"))
        .await
        .body;
    assert!(page.contains("Concreet en deels uitgevoerd in de periode."));
    assert!(page.contains("Substantial") && page.contains("Moderate"));
    // A second review of the same period is a conflict; nothing changes.
    let r = app
        .post_form(
            &format!("/agenda/toezeggingen/{id}/beoordelingen"),
            &refs(&f),
            Some(&rita),
        )
        .await;
    assert_eq!(r.status, StatusCode::CONFLICT);
    assert_eq!(app.store.commitment(id).await.unwrap().reviews.len(), 1);
    // The owner responds; the response is shown beside the review and Rita is told.
    let r = app
        .post_form(
            &format!("/agenda/beoordelingen/{}/reactie", review.id),
            &[("response", "Wij pakken de vertraging op.")],
            Some(&editor),
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    assert_eq!(
        app.store.pending_mail_count().await.unwrap(),
        mail_before + 2
    );
    let page = app.get(&format!("/agenda/toezeggingen/{id}")).await.body;
    let block = &page[page.find(&format!("id=\"review-{}\"", review.id)).unwrap()..];
    assert!(block.contains("Wij pakken de vertraging op."));
    // Rita may not respond (she does not edit the owner).
    let r = app
        .post_form(
            &format!("/agenda/beoordelingen/{}/reactie", review.id),
            &[("response", "Ik ook")],
            Some(&rita),
        )
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    let audit = app.store.audit_log(100, 0).await.unwrap().0;
    assert!(audit.iter().any(|e| e.action == "agenda_review.publish"));
    assert!(audit.iter().any(|e| e.action == "agenda_review.respond"));
}

#[tokio::test]
async fn a_review_by_an_editor_of_the_owner_or_a_non_reviewer_is_refused() {
    let app = TestApp::new().await;
    let own = reviewer(&app, "eigen@utrecht.nl", Some(ORG)).await;
    let member = app.user(Who::Member).await.unwrap();
    let id = commitment(&app, "Onafhankelijk").await;
    let before = app.store.commitment(id).await.unwrap();
    let mail = app.store.pending_mail_count().await.unwrap();
    let f = review_fields("2025", "Een onderbouwing van voldoende lengte.");
    let r = app
        .post_form(
            &format!("/agenda/toezeggingen/{id}/beoordelingen?lang=en"),
            &refs(&f),
            Some(&own),
        )
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    assert!(
        r.body.contains("cannot review it independently"),
        "{}",
        r.body
    );
    let r = app
        .post_form(
            &format!("/agenda/toezeggingen/{id}/beoordelingen"),
            &refs(&f),
            Some(&member),
        )
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    assert_eq!(app.store.commitment(id).await.unwrap(), before);
    assert_eq!(app.store.pending_mail_count().await.unwrap(), mail);
    // The page offers the form to neither, and tells the editor why.
    let page = app
        .get_as(&format!("/agenda/toezeggingen/{id}"), Some(&own))
        .await
        .body;
    assert!(
        !page.contains("data-testid=\"review-form\"")
            && page.contains("data-testid=\"not-independent\"")
    );
}

#[tokio::test]
async fn bad_input_is_refused_whole_in_the_pages_language() {
    let app = TestApp::new().await;
    let editor = app.user(Who::Editor).await.unwrap();
    let rita = reviewer(&app, "rita@minbzk.nl", None).await;
    let n = count(&app).await;
    let cases: Vec<(&str, &str, &str)> = vec![
        (
            "due_on",
            "2024-01-01",
            "The due date is before the start date.",
        ),
        ("action_line", "armoede-en-schulden", "Unknown action line."),
        ("owner", "GM9999", "Unknown organisation"),
        ("partners", "XX-NOPE", "Unknown organisation"),
    ];
    for (field, value, message) in cases {
        let mut f = form("Foute toezegging");
        f.retain(|(k, _)| *k != field);
        f.push((field, value.into()));
        let r = app
            .post_form(
                "/agenda/toezeggingen/nieuw?lang=en",
                &refs(&f),
                Some(&editor),
            )
            .await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{field}");
        assert!(r.body.contains(message), "{field}: {}", r.body);
        assert_eq!(count(&app).await, n, "{field}");
    }
    let mut f = form("Foute toezegging");
    f.retain(|(k, _)| *k != "due_on");
    f.push(("due_on", "2024-01-01".into()));
    let r = app
        .post_form("/agenda/toezeggingen/nieuw", &refs(&f), Some(&editor))
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("De einddatum ligt voor de startdatum."));
    // Reviews: ratings off the scales, an empty justification, a bad period.
    let id = commitment(&app, "Beoordeling").await;
    for (field, value, message) in [
        ("impact", "enorm", "Choose a value on the scale."),
        ("completion", "", "Choose a value on the scale."),
        ("justification", "   ", "This field is required."),
        (
            "period",
            "2025-Q3",
            "Give a period as 2026, 2026-H1 or 2026-H2.",
        ),
    ] {
        let mut f = review_fields("2025", "Een onderbouwing van voldoende lengte.");
        f.retain(|(k, _)| *k != field);
        f.push((field, value.into()));
        let r = app
            .post_form(
                &format!("/agenda/toezeggingen/{id}/beoordelingen?lang=en"),
                &refs(&f),
                Some(&rita),
            )
            .await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{field}");
        assert!(r.body.contains(message), "{field}: {}", r.body);
        assert!(app.store.commitment(id).await.unwrap().reviews.is_empty());
    }
    // The API answers bad input with JSON.
    let token = app.token(&editor).await;
    let r = app
        .api(
            Method::POST,
            &format!("/api/v1/agenda/commitments/{id}/updates"),
            Some(&token),
            Some(serde_json::json!({"written_on": "gisteren", "body": ""})),
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.json()["error"].is_object());
    assert!(app.store.commitment(id).await.unwrap().updates.is_empty());
    assert_eq!(
        app.get("/agenda/rapport?periode=2025-H9").await.status,
        StatusCode::BAD_REQUEST
    );
}

#[tokio::test]
async fn the_report_counts_what_is_stored_and_the_csv_has_a_row_per_commitment() {
    let app = TestApp::new().await;
    let all = app
        .store
        .commitments(&CommitmentFilter::default())
        .await
        .unwrap();
    assert_eq!(all.len(), 12, "the demo agenda");
    let running: Vec<_> = all
        .iter()
        .filter(|c| c.starts_on.as_str() <= "2025-12-31" && c.due_on.as_str() >= "2025-01-01")
        .collect();
    let reviews: Vec<_> = running
        .iter()
        .filter_map(|c| c.reviews.iter().find(|r| r.ratings.period.key() == "2025"))
        .collect();
    let r = app
        .api(Method::GET, "/api/v1/agenda/report?period=2025", None, None)
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let j = r.json();
    assert_eq!(j["commitments"], running.len() as i64);
    assert_eq!(j["reviewed"], reviews.len() as i64);
    assert!(reviews.len() >= 9);
    let by = |list: &serde_json::Value, key: &str| {
        list.as_array()
            .unwrap()
            .iter()
            .find(|c| c["key"] == key)
            .unwrap()["count"]
            .as_i64()
            .unwrap()
    };
    for key in ["not_started", "limited", "substantial", "complete"] {
        let n = reviews
            .iter()
            .filter(|r| r.ratings.completion.key() == key)
            .count() as i64;
        assert_eq!(by(&j["by_completion"], key), n, "{key}");
    }
    for key in ["none", "minor", "moderate", "transformative"] {
        let n = reviews
            .iter()
            .filter(|r| r.ratings.impact.key() == key)
            .count() as i64;
        assert_eq!(by(&j["by_impact"], key), n, "{key}");
    }
    for line in j["lines"].as_array().unwrap() {
        let key = line["action_line"].as_str().unwrap();
        let n = running.iter().filter(|c| c.action_line == key).count() as i64;
        let done = running
            .iter()
            .filter(|c| c.action_line == key && c.status.key() == "completed")
            .count() as i64;
        assert_eq!(
            (
                line["commitments"].as_i64().unwrap(),
                line["completed"].as_i64().unwrap()
            ),
            (n, done),
            "{key}"
        );
    }
    // The printable page shows the same figures, in both languages.
    for lang in ["nl", "en"] {
        let page = app
            .get(&format!("/agenda/rapport?periode=2025&lang={lang}"))
            .await;
        assert_eq!(page.status, StatusCode::OK);
        assert!(page.body.contains(&format!(
            "data-testid=\"figure-reviewed\">{}<",
            reviews.len()
        )));
        assert_eq!(page.body.matches("role=\"img\"").count(), 4);
    }
    // The CSV: a header and one row per commitment.
    let csv = app.get("/agenda.csv").await;
    assert_eq!(csv.status, StatusCode::OK);
    assert!(csv
        .header(axum::http::header::CONTENT_TYPE)
        .starts_with("text/csv"));
    let mut reader = csv::Reader::from_reader(csv.body.as_bytes());
    let rows: Vec<_> = reader.records().map(|r| r.unwrap()).collect();
    assert_eq!(rows.len(), all.len());
    let ids: std::collections::BTreeSet<_> = rows.iter().map(|r| r[0].to_owned()).collect();
    assert_eq!(ids.len(), all.len());
    // The list and a commitment's page render in both languages.
    for lang in ["nl", "en"] {
        assert_eq!(
            app.get(&format!("/agenda?lang={lang}")).await.status,
            StatusCode::OK
        );
        let c = app
            .get(&format!("/agenda/toezeggingen/{}?lang={lang}", all[0].id))
            .await;
        assert_eq!(c.status, StatusCode::OK);
    }
}
