//! The JSON API: shapes, paging, errors and the OpenAPI document.

use axum::http::{header, StatusCode};

use crate::TestApp;

#[tokio::test]
async fn lists_practices_with_paging() {
    let app = TestApp::new().await;
    let r = app.get("/api/v1/practices?per_page=5&page=2").await;
    assert_eq!(r.status, StatusCode::OK);
    let v = r.json();
    assert_eq!(v["page"], 2);
    assert_eq!(v["per_page"], 5);
    assert!(v["total"].as_i64().unwrap() >= 40);
    let items = v["items"].as_array().unwrap();
    assert_eq!(items.len(), 5);
    for item in items {
        for field in [
            "slug", "language", "text", "status", "owner", "themes", "source", "url",
        ] {
            assert!(!item[field].is_null(), "{field} missing in {item}");
        }
    }
}

#[tokio::test]
async fn practices_carry_their_source_id() {
    let app = TestApp::new().await;
    let slug = app.add_practice("Uit het register", "Doel", "4242").await;
    let v = app.get(&format!("/api/v1/practices/{slug}")).await.json();
    assert_eq!(v["source_id"], "4242");
    assert_eq!(v["source"], "algoritmeregister");
    assert_eq!(v["owner"]["code"], "GM0363");
    assert_eq!(v["partners"][0]["code"], "AG-CBS");
    let list = app
        .get("/api/v1/practices?source=algoritmeregister")
        .await
        .json();
    assert_eq!(list["items"][0]["source_id"], "4242");
}

#[tokio::test]
async fn filters_work_in_the_api() {
    let app = TestApp::new().await;
    let v = app
        .get("/api/v1/practices?theme=energietransitie&per_page=100")
        .await
        .json();
    let items = v["items"].as_array().unwrap();
    assert!(!items.is_empty());
    assert!(items.iter().all(|i| i["themes"]
        .as_array()
        .unwrap()
        .iter()
        .any(|t| t == "energietransitie")));
    let orgs = app
        .get("/api/v1/organisations?kind=province&per_page=100")
        .await
        .json();
    assert_eq!(orgs["total"], 12);
    let gm = app
        .get("/api/v1/organisations?kind=municipality&province=PV24")
        .await
        .json();
    assert_eq!(gm["total"], 6, "Flevoland has six municipalities");
}

#[tokio::test]
async fn gets_an_organisation_with_its_practices() {
    let app = TestApp::new().await;
    app.add_practice("Praktijk van Amsterdam", "x", "a-1").await;
    let v = app.get("/api/v1/organisations/GM0363").await.json();
    assert_eq!(v["name"], "Gemeente Amsterdam");
    assert_eq!(v["kind"], "municipality");
    assert_eq!(v["province"], "PV27");
    assert!(!v["practices"].as_array().unwrap().is_empty());
    let cbs = app.get("/api/v1/organisations/AG-CBS").await.json();
    assert!(!cbs["partner_in"].as_array().unwrap().is_empty());
}

#[tokio::test]
async fn themes_are_bilingual() {
    let app = TestApp::new().await;
    let v = app.get("/api/v1/themes").await.json();
    let themes = v.as_array().unwrap();
    assert_eq!(themes.len(), leerpunt_core::vocab::THEMES.len());
    assert_eq!(themes.iter().filter(|t| t["group"] == "agenda").count(), 5);
    let debt = themes
        .iter()
        .find(|t| t["key"] == "armoede-en-schulden")
        .unwrap();
    assert_eq!(debt["label"]["en"], "Poverty and debt");
    assert!(debt["practice_count"].as_i64().unwrap() > 0);
}

#[tokio::test]
async fn errors_are_json_with_4xx() {
    let app = TestApp::new().await;
    for (uri, status, code) in [
        (
            "/api/v1/practices/bestaat-niet",
            StatusCode::NOT_FOUND,
            "not_found",
        ),
        (
            "/api/v1/organisations/GM9999",
            StatusCode::NOT_FOUND,
            "not_found",
        ),
        ("/api/v1/onbekend", StatusCode::NOT_FOUND, "not_found"),
        (
            "/api/v1/practices?page=0",
            StatusCode::BAD_REQUEST,
            "bad_request",
        ),
        (
            "/api/v1/practices?per_page=-5",
            StatusCode::BAD_REQUEST,
            "bad_request",
        ),
        (
            "/api/v1/practices?per_page=1e9",
            StatusCode::BAD_REQUEST,
            "bad_request",
        ),
        (
            "/api/v1/practices?theme=x",
            StatusCode::BAD_REQUEST,
            "bad_request",
        ),
        (
            "/api/v1/practices?status=done",
            StatusCode::BAD_REQUEST,
            "bad_request",
        ),
        (
            "/api/v1/organisations?kind=x",
            StatusCode::BAD_REQUEST,
            "bad_request",
        ),
        (
            "/api/v1/organisations?province=PV2%27",
            StatusCode::BAD_REQUEST,
            "bad_request",
        ),
    ] {
        let r = app.get(uri).await;
        assert_eq!(r.status, status, "{uri}: {}", r.body);
        assert!(
            r.header(header::CONTENT_TYPE)
                .starts_with("application/json"),
            "{uri}"
        );
        let v = r.json();
        assert_eq!(v["error"]["code"], code, "{uri}");
        assert!(!v["error"]["message"].as_str().unwrap().is_empty(), "{uri}");
    }
    let delete = app
        .request(
            axum::http::Request::delete("/api/v1/practices")
                .body(axum::body::Body::empty())
                .unwrap(),
        )
        .await;
    assert_eq!(delete.status, StatusCode::METHOD_NOT_ALLOWED);
    assert_eq!(delete.json()["error"]["code"], "method_not_allowed");
    let anonymous_write = app
        .request(
            axum::http::Request::post("/api/v1/practices")
                .body(axum::body::Body::empty())
                .unwrap(),
        )
        .await;
    assert_eq!(anonymous_write.status, StatusCode::UNAUTHORIZED);
    assert_eq!(anonymous_write.json()["error"]["code"], "unauthenticated");
}

#[tokio::test]
async fn openapi_document_describes_every_api_route() {
    let app = TestApp::new().await;
    let v = app.get("/api/v1/openapi.json").await.json();
    assert!(v["openapi"].as_str().unwrap().starts_with("3."));
    let paths = v["paths"].as_object().unwrap();
    // Driven by the route table the router is checked against: every API route (but the document
    // itself) is described with its method, and the document describes nothing else.
    let api: Vec<_> = leerpunt_web::routes::ROUTES
        .iter()
        .filter(|r| r.is_api() && r.path != "/api/v1/openapi.json")
        .collect();
    assert!(api.len() >= 15, "only {} API routes", api.len());
    for r in &api {
        let method = r.verb.method().as_str().to_lowercase();
        assert!(
            paths.get(r.path).and_then(|p| p.get(&method)).is_some(),
            "{method} {} missing from the OpenAPI document",
            r.path
        );
    }
    let documented: usize = paths
        .values()
        .map(|p| p.as_object().map_or(0, |o| o.len()))
        .sum();
    assert_eq!(
        documented,
        api.len(),
        "the document lists operations no route serves"
    );
    let schema = &v["components"]["schemas"]["PracticeOut"]["properties"];
    assert!(schema.get("source_id").is_some(), "source_id documented");
}

#[tokio::test]
async fn health_probe_answers() {
    let app = TestApp::new().await;
    let r = app.get("/healthz").await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(r.json()["status"], "ok");
}
