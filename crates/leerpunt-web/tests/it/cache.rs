//! The response cache: visitors get a kept copy of a shared page until the data changes, a change
//! published through Leerpunt is visible on the very next request, one made by another process as
//! soon as the search follower has caught up, and signed-in people never get a kept copy.

use axum::http::{Method, StatusCode};

use crate::{TestApp, Who, ORG};

#[tokio::test]
async fn visitors_share_kept_pages_until_the_data_changes() {
    let app = TestApp::new().await;
    assert!(app.state.cache.is_empty());
    let first = app.get("/praktijken?per_page=100").await;
    assert_eq!(first.status, StatusCode::OK);
    assert_eq!(app.state.cache.len(), 1, "the list was kept");
    let again = app.get("/praktijken?per_page=100").await;
    assert_eq!(again.body, first.body);
    assert_eq!(app.state.cache.len(), 1, "served from the cache");
    // The language is part of the key: the English page is another entry. (`?lang=en` sets a
    // cookie, so that answer is not kept; the browser's language is.)
    let english = app
        .get_with("/praktijken?per_page=100", "accept-language", "en")
        .await;
    assert_ne!(english.body, first.body);
    assert_eq!(app.state.cache.len(), 2);

    // An editor writes and a broker publishes through the API: the next visitor sees it.
    let editor = app.user(Who::Editor).await.unwrap();
    let broker = app.user(Who::Broker).await.unwrap();
    let (editor_token, broker_token) = (app.token(&editor).await, app.token(&broker).await);
    let created = app
        .api(
            Method::POST,
            "/api/v1/practices",
            Some(&editor_token),
            Some(serde_json::json!({
                "text": {"title": "Zichtbaar na publicatie"}, "status": "pilot", "owner": ORG
            })),
        )
        .await;
    assert_eq!(created.status, StatusCode::CREATED, "{}", created.body);
    let slug = created.json()["slug"].as_str().unwrap().to_owned();
    // A draft changes nothing a visitor sees, so what was kept for them stays.
    assert_eq!(
        app.state.cache.len(),
        2,
        "a draft keeps the visitors' pages"
    );
    let draft_list = app.get("/praktijken?per_page=100").await;
    assert_eq!(draft_list.body, first.body, "served from the cache");
    assert!(
        !draft_list.body.contains("Zichtbaar na publicatie"),
        "drafts stay hidden"
    );
    let mine = app
        .get_as(&format!("/praktijken/{slug}"), Some(&editor))
        .await;
    assert!(
        mine.body.contains("Zichtbaar na publicatie"),
        "the editor sees the draft at once: a signed-in page is never kept"
    );
    let submitted = app
        .api(
            Method::POST,
            &format!("/api/v1/practices/{slug}/submit"),
            Some(&editor_token),
            None,
        )
        .await;
    assert_eq!(submitted.status, StatusCode::OK, "{}", submitted.body);
    assert_eq!(app.state.cache.len(), 2, "in review: still not public");
    let published = app
        .api(
            Method::POST,
            &format!("/api/v1/practices/{slug}/publish"),
            Some(&broker_token),
            None,
        )
        .await;
    assert_eq!(published.status, StatusCode::OK, "{}", published.body);
    assert!(app.state.cache.is_empty(), "publishing drops what was kept");
    let after = app.get("/praktijken?per_page=100").await;
    assert!(
        after.body.contains("Zichtbaar na publicatie"),
        "a published practice is on the next page a visitor gets"
    );
    let page = app.get(&format!("/praktijken/{slug}")).await;
    assert_eq!(page.status, StatusCode::OK);
    let api = app.get(&format!("/api/v1/practices/{slug}")).await;
    assert_eq!(api.json()["review"], "published");
}

#[tokio::test]
async fn another_process_s_change_shows_once_the_follower_caught_up() {
    let app = TestApp::new().await;
    let before = app.get(&format!("/organisaties/{ORG}")).await;
    assert_eq!(before.status, StatusCode::OK);
    // Written straight into the database, as an import by another process would.
    let profile = leerpunt_core::account::OrgProfileInput {
        description: "Beschreven door een ander proces".into(),
        website: String::new(),
        name_en: String::new(),
        population: None,
    };
    app.store
        .update_org_profile(ORG, &profile, &leerpunt_store::Origin::cli())
        .await
        .unwrap();
    let stale = app.get(&format!("/organisaties/{ORG}")).await;
    assert_eq!(stale.body, before.body, "kept until the change log is read");
    app.state.catch_up_search().await;
    let fresh = app.get(&format!("/organisaties/{ORG}")).await;
    assert!(fresh.body.contains("Beschreven door een ander proces"));
}

#[tokio::test]
async fn signed_in_people_and_errors_are_never_kept() {
    let app = TestApp::new().await;
    let editor = app.user(Who::Editor).await.unwrap();
    let mine = app
        .get_as(&format!("/organisaties/{ORG}"), Some(&editor))
        .await;
    assert_eq!(mine.status, StatusCode::OK);
    assert!(
        mine.body.contains("/bewerken"),
        "the editor sees the edit link"
    );
    assert!(app.state.cache.is_empty(), "a signed-in page is not kept");
    let visitor = app.get(&format!("/organisaties/{ORG}")).await;
    assert!(!visitor
        .body
        .contains(&format!("/organisaties/{ORG}/bewerken")));
    assert_eq!(app.state.cache.len(), 1);
    let missing = app.get("/praktijken/bestaat-niet").await;
    assert_eq!(missing.status, StatusCode::NOT_FOUND);
    let bad = app.get("/praktijken?theme=geen-thema").await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST);
    let login = app.get("/login").await;
    assert_eq!(login.status, StatusCode::OK);
    assert_eq!(
        app.state.cache.len(),
        1,
        "errors and per-person pages are not kept"
    );
}
