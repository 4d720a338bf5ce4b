//! Contributions end to end in-process: an editor writes a practice, a broker reviews it (reject
//! with a reason, then publish), revisions show diffs, the audit log records every step; the
//! same through the API with scoped tokens; the OpenAPI document describes the write endpoints.

use axum::http::{Method, StatusCode};

use crate::{TestApp, Who, ORG};

#[tokio::test]
async fn draft_review_publish_through_the_pages() {
    let app = TestApp::new().await;
    let editor = app.user(Who::Editor).await.unwrap();
    let broker = app.user(Who::Broker).await.unwrap();
    let admin = app.user(Who::Admin).await.unwrap();
    let public_before = app.store.counts().await.unwrap().practices;

    let missing = app
        .post_form(
            "/praktijken/nieuw",
            &[
                ("owner", ORG),
                ("status", "pilot"),
                ("title", ""),
                ("started_on", "31-12-2024"),
            ],
            Some(&editor),
        )
        .await;
    assert_eq!(missing.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        missing.body.contains("id=\"e-title\""),
        "error next to the title field"
    );
    assert!(
        missing.body.contains("id=\"e-started_on\""),
        "error next to the date field"
    );
    assert!(missing.body.contains("Vul een titel in"), "in Dutch");

    let r = app
        .post_form(
            "/praktijken/nieuw",
            &[
                ("owner", ORG),
                ("status", "pilot"),
                ("title", "Slimme afvalroutes"),
                ("summary", "Routes op vulgraad."),
                ("themes", "datakwaliteit"),
                ("themes", "energietransitie"),
            ],
            Some(&editor),
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let work_url = r.location().to_owned();
    let slug = work_url
        .trim_start_matches("/praktijken/")
        .trim_end_matches("/versies")
        .to_owned();
    assert_eq!(
        app.get(&format!("/praktijken/{slug}")).await.status,
        StatusCode::NOT_FOUND,
        "drafts are not public"
    );
    assert_eq!(app.store.counts().await.unwrap().practices, public_before);
    assert!(!app
        .get("/praktijken?per_page=100")
        .await
        .body
        .contains("Slimme afvalroutes"));

    let r = app
        .post_form(&format!("/praktijken/{slug}/indienen"), &[], Some(&editor))
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let queue = app.get_as("/beoordelen", Some(&broker)).await;
    assert!(queue.body.contains("Slimme afvalroutes"));
    let r = app
        .post_form(
            &format!("/praktijken/{slug}/afwijzen"),
            &[("reason", "")],
            Some(&broker),
        )
        .await;
    assert_eq!(
        r.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "a reason is required"
    );
    let r = app
        .post_form(
            &format!("/praktijken/{slug}/afwijzen"),
            &[("reason", "Beschrijf de resultaten.")],
            Some(&broker),
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let work = app.get_as(&work_url, Some(&editor)).await;
    assert!(
        work.body.contains("Beschrijf de resultaten."),
        "the editor sees the reason"
    );
    assert!(work.body.contains("Afgewezen"));

    let r = app
        .post_form(
            &format!("/praktijken/{slug}/bewerken"),
            &[
                ("owner", ORG),
                ("status", "in_use"),
                ("title", "Slimme afvalroutes"),
                ("summary", "Routes op vulgraad."),
                ("results", "20% minder kilometers"),
                ("themes", "datakwaliteit"),
            ],
            Some(&editor),
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    app.post_form(&format!("/praktijken/{slug}/indienen"), &[], Some(&editor))
        .await;
    let r = app
        .post_form(
            &format!("/praktijken/{slug}/publiceren"),
            &[],
            Some(&editor),
        )
        .await;
    assert_eq!(
        r.status,
        StatusCode::FORBIDDEN,
        "editors do not publish their own work"
    );
    let r = app
        .post_form(
            &format!("/praktijken/{slug}/publiceren"),
            &[],
            Some(&broker),
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);

    let public = app.get(&format!("/praktijken/{slug}?lang=en")).await;
    assert_eq!(public.status, StatusCode::OK);
    assert!(public.body.contains("20% minder kilometers"));
    assert_eq!(
        app.store.counts().await.unwrap().practices,
        public_before + 1
    );

    let work = app.get_as(&work_url, Some(&editor)).await;
    assert!(
        work.body.contains("+ results: 20% minder kilometers"),
        "diff of the edit: {}",
        work.body
    );
    assert!(work.body.contains("- status: pilot") && work.body.contains("+ status: in_use"));
    assert!(work
        .body
        .contains("- themes: datakwaliteit, energietransitie"));

    let audit = app.get_as("/beheer/audit", Some(&admin)).await;
    for action in [
        "practice.create",
        "practice.submit",
        "practice.reject",
        "practice.update",
        "practice.publish",
    ] {
        assert!(audit.body.contains(action), "{action} in the audit log");
    }
    assert!(audit.body.contains("editor@utrecht.nl") && audit.body.contains("broker@minbzk.nl"));
}

#[tokio::test]
async fn an_editor_keeps_the_organisation_profile() {
    let app = TestApp::new().await;
    let editor = app.user(Who::Editor).await.unwrap();
    let r = app
        .post_form(
            &format!("/organisaties/{ORG}/bewerken"),
            &[
                (
                    "description",
                    "## Datateam\n\nWij werken aan **open data**.",
                ),
                ("website", "https://www.utrecht.nl"),
                ("name_en", "Municipality of Utrecht"),
            ],
            Some(&editor),
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let page = app.get(&format!("/organisaties/{ORG}?lang=en")).await;
    assert!(
        page.body.contains("<strong>open data</strong>"),
        "Markdown rendered"
    );
    assert!(page.body.contains("Municipality of Utrecht"));
    let bad = app
        .post_form(
            &format!("/organisaties/{ORG}/bewerken"),
            &[("website", "ftp://x")],
            Some(&editor),
        )
        .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(bad.body.contains("id=\"e-website\""));
}

#[tokio::test]
async fn the_api_writes_with_scoped_tokens() {
    let app = TestApp::new().await;
    let editor = app.user(Who::Editor).await.unwrap();
    let broker = app.user(Who::Broker).await.unwrap();
    let (write_only, _) = app
        .store
        .create_api_token(
            editor.id,
            "w",
            &[leerpunt_core::access::Scope::PracticesWrite],
            &leerpunt_store::Origin::cli(),
        )
        .await
        .unwrap();
    let (broker_review, _) = app
        .store
        .create_api_token(
            broker.id,
            "r",
            &[leerpunt_core::access::Scope::PracticesReview],
            &leerpunt_store::Origin::cli(),
        )
        .await
        .unwrap();
    let body = serde_json::json!({
        "text": {"title": "API-praktijk", "summary": "Via de API"},
        "translation": {"title": "API practice"},
        "status": "pilot", "owner": ORG, "themes": ["datakwaliteit"],
    });
    let r = app
        .api(
            Method::POST,
            "/api/v1/practices",
            Some(&write_only),
            Some(body.clone()),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let v = r.json();
    assert_eq!(v["review"], "draft");
    let slug = v["slug"].as_str().unwrap().to_owned();
    let dup = app
        .api(Method::POST, "/api/v1/practices", Some(&write_only), Some(serde_json::json!({"slug": slug, "text": {"title": "x"}, "status": "idea", "owner": ORG})))
        .await;
    assert_eq!(dup.status, StatusCode::CONFLICT);
    let invalid = app
        .api(
            Method::POST,
            "/api/v1/practices",
            Some(&write_only),
            Some(serde_json::json!({"text": {"title": ""}, "status": "idea", "owner": ORG, "started_on": "gisteren"})),
        )
        .await;
    assert_eq!(invalid.status, StatusCode::UNPROCESSABLE_ENTITY);
    let fields: Vec<_> = invalid.json()["error"]["fields"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["field"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(fields, ["title", "started_on"]);
    let unknown_status = app
        .api(
            Method::POST,
            "/api/v1/practices",
            Some(&write_only),
            Some(serde_json::json!({"text": {"title": "x"}, "status": "later", "owner": ORG})),
        )
        .await;
    assert_eq!(
        unknown_status.status,
        StatusCode::BAD_REQUEST,
        "not one of the documented values"
    );
    let malformed = app
        .api(
            Method::POST,
            "/api/v1/practices",
            Some(&write_only),
            Some(serde_json::json!({"titel": 1})),
        )
        .await;
    assert_eq!(malformed.status, StatusCode::BAD_REQUEST);
    assert_eq!(malformed.json()["error"]["code"], "bad_request");
    let other_org = app
        .api(
            Method::POST,
            "/api/v1/practices",
            Some(&write_only),
            Some(serde_json::json!({"text": {"title": "x"}, "status": "idea", "owner": "GM0363"})),
        )
        .await;
    assert_eq!(other_org.status, StatusCode::FORBIDDEN);

    let r = app
        .api(
            Method::POST,
            &format!("/api/v1/practices/{slug}/submit"),
            Some(&write_only),
            None,
        )
        .await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(r.json()["review"], "submitted");
    let r = app
        .api(
            Method::POST,
            &format!("/api/v1/practices/{slug}/publish"),
            Some(&write_only),
            None,
        )
        .await;
    assert_eq!(
        r.status,
        StatusCode::FORBIDDEN,
        "an editor's token cannot publish"
    );
    let r = app
        .api(
            Method::PUT,
            &format!("/api/v1/practices/{slug}"),
            Some(&broker_review),
            Some(body.clone()),
        )
        .await;
    assert_eq!(
        r.status,
        StatusCode::FORBIDDEN,
        "a review-only token cannot edit"
    );
    let r = app
        .api(
            Method::POST,
            &format!("/api/v1/practices/{slug}/publish"),
            Some(&broker_review),
            None,
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let public = app.get(&format!("/api/v1/practices/{slug}")).await;
    assert_eq!(public.status, StatusCode::OK);
    assert_eq!(public.json()["translation"]["title"], "API practice");

    let r = app
        .api(
            Method::PUT,
            &format!("/api/v1/organisations/{ORG}/profile"),
            Some(&write_only),
            Some(serde_json::json!({"description": "x"})),
        )
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN, "needs organisations:write");
    let bad = app
        .api(
            Method::POST,
            "/api/v1/practices",
            Some("lpt_nonsense"),
            Some(body),
        )
        .await;
    assert_eq!(bad.status, StatusCode::UNAUTHORIZED);
    assert_eq!(bad.json()["error"]["code"], "unauthenticated");
}

#[tokio::test]
async fn openapi_documents_the_write_endpoints() {
    let app = TestApp::new().await;
    let v = app.get("/api/v1/openapi.json").await.json();
    let paths = v["paths"].as_object().unwrap();
    for (method, path) in [
        ("post", "/api/v1/practices"),
        ("put", "/api/v1/practices/{slug}"),
        ("post", "/api/v1/practices/{slug}/submit"),
        ("post", "/api/v1/practices/{slug}/publish"),
        ("post", "/api/v1/practices/{slug}/reject"),
        ("put", "/api/v1/organisations/{code}/profile"),
    ] {
        let op = &paths[path][method];
        assert!(op.is_object(), "{method} {path} missing");
        assert!(
            op["security"][0]["bearer"].is_array(),
            "{method} {path} needs a token"
        );
        assert!(
            op["responses"]["401"].is_object() && op["responses"]["403"].is_object(),
            "{method} {path}"
        );
    }
    assert_eq!(
        v["components"]["securitySchemes"]["bearer"]["scheme"],
        "bearer"
    );
    // Every write route of the router is in the document.
    let writes: Vec<_> = leerpunt_web::routes::writes()
        .filter(|r| r.is_api())
        .collect();
    assert!(writes.len() >= 6, "{writes:?}");
    for r in writes {
        let method = r.verb.method().as_str().to_lowercase();
        assert!(
            paths[r.path][&method].is_object(),
            "{method} {} not documented",
            r.path
        );
    }
}
