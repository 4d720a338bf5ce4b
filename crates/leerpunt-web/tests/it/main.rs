//! Integration tests of the web layer: the whole router on a temporary database, called in-process.

mod analyses;
mod api;
mod pages;
mod snapshots;

use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use axum::Router;
use http_body_util::BodyExt;
use leerpunt_core::{Lang, NewPractice, PracticeStatus, PracticeText};
use leerpunt_store::Store;
use tower::ServiceExt;

/// The app on a fresh database with the register and the demo practices.
pub struct TestApp {
    pub store: Store,
    router: Router,
    _dir: tempfile::TempDir,
}

/// A response read to the end.
pub struct Reply {
    pub status: StatusCode,
    pub headers: axum::http::HeaderMap,
    pub body: String,
}

impl Reply {
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.body).unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.body))
    }

    pub fn header(&self, name: header::HeaderName) -> &str {
        self.headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
    }
}

impl TestApp {
    pub async fn new() -> Self {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(dir.path())
            .await
            .unwrap()
            .with_password_cost(leerpunt_store::PasswordCost::Fast);
        store.ensure_register().await.unwrap();
        store.load_demo().await.unwrap();
        let router = leerpunt_web::router(leerpunt_web::AppState::new(store.clone()));
        Self {
            store,
            router,
            _dir: dir,
        }
    }

    pub async fn request(&self, request: Request<Body>) -> Reply {
        let response = self.router.clone().oneshot(request).await.unwrap();
        let status = response.status();
        let headers = response.headers().clone();
        let bytes = response.into_body().collect().await.unwrap().to_bytes();
        Reply {
            status,
            headers,
            body: String::from_utf8_lossy(&bytes).into_owned(),
        }
    }

    pub async fn get(&self, uri: &str) -> Reply {
        self.request(Request::get(uri).body(Body::empty()).unwrap())
            .await
    }

    pub async fn get_with(&self, uri: &str, name: &str, value: &str) -> Reply {
        self.request(
            Request::get(uri)
                .header(name, value)
                .body(Body::empty())
                .unwrap(),
        )
        .await
    }

    /// Adds a practice as an import would, with a source id.
    pub async fn add_practice(&self, title: &str, body: &str, source_id: &str) -> String {
        let p = NewPractice {
            slug: None,
            language: Lang::Nl,
            text: PracticeText {
                title: title.into(),
                summary: body.into(),
                body: body.into(),
                ..Default::default()
            },
            translation: None,
            status: PracticeStatus::InUse,
            owner: "GM0363".into(),
            partners: vec!["AG-CBS".into()],
            themes: vec!["datakwaliteit".into()],
            techniques: vec![],
            contact: None,
            source: "algoritmeregister".into(),
            source_id: Some(source_id.into()),
            source_url: Some("https://example.org/algoritme/1".into()),
            started_on: None,
        };
        let id = self.store.upsert_practice(&p).await.unwrap().id();
        self.store.practice_by_id(id).await.unwrap().slug
    }
}
