//! Integration tests of the web layer: the whole router on a temporary database, called in-process.

mod accounts;
mod analyses;
mod api;
mod cache;
mod computations;
mod contributions;
mod matrix;
mod network;
mod pages;
mod search;
mod security;
mod snapshots;

use std::sync::Arc;

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
    pub search: Arc<leerpunt_search::Search>,
    /// The state the router serves (its response cache, its search follower's catch-up).
    pub state: leerpunt_web::AppState,
    router: Router,
    _dir: tempfile::TempDir,
    /// The scratch PostgreSQL database when `LEERPUNT_TEST_DATABASE_URL` names a server (dropped
    /// with the app); SQLite in `_dir` otherwise.
    _pg: Option<leerpunt_store::scratch::ScratchDb>,
}

/// A fresh store for a test: an SQLite file in `dir`, or a scratch database on the PostgreSQL
/// server `LEERPUNT_TEST_DATABASE_URL` names, so the whole suite runs on either engine.
pub async fn test_store(
    dir: &tempfile::TempDir,
) -> (Store, Option<leerpunt_store::scratch::ScratchDb>) {
    let pg = leerpunt_store::scratch::ScratchDb::from_env().await;
    let url = match &pg {
        Some(pg) => pg.url().clone(),
        None => leerpunt_store::DatabaseUrl::Sqlite(dir.path().join(leerpunt_store::DB_FILE)),
    };
    let store = Store::connect(&url)
        .await
        .unwrap()
        .with_password_cost(leerpunt_store::PasswordCost::Fast);
    (store, pg)
}

/// A signed-in test account: its session cookie and the session's CSRF token.
#[derive(Debug, Clone)]
pub struct TestUser {
    pub id: i64,
    pub email: String,
    pub cookie: String,
    pub csrf: String,
}

/// The roles of the authorisation matrix, each an account (or none) with different rights.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Who {
    Anonymous,
    Unconfirmed,
    Outsider,
    Member,
    Editor,
    OtherEditor,
    Broker,
    Admin,
}

impl Who {
    pub const ALL: [Who; 8] = [
        Who::Anonymous,
        Who::Unconfirmed,
        Who::Outsider,
        Who::Member,
        Who::Editor,
        Who::OtherEditor,
        Who::Broker,
        Who::Admin,
    ];
}

/// The organisation the `Editor` edits (gemeente Utrecht) and the one `OtherEditor` edits.
pub const ORG: &str = "GM0344";
pub const OTHER_ORG: &str = "GM0363";
pub const PASSWORD: &str = "een lang genoeg wachtwoord";

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
        let (store, pg) = test_store(&dir).await;
        store.ensure_register().await.unwrap();
        store.load_demo().await.unwrap();
        let search = Arc::new(
            leerpunt_search::Search::in_memory(&store, &|_, _, _| {})
                .await
                .unwrap(),
        );
        let state = leerpunt_web::AppState::new(store.clone(), search.clone());
        let router = leerpunt_web::router(state.clone());
        Self {
            store,
            search,
            state,
            router,
            _dir: dir,
            _pg: pg,
        }
    }

    /// Creates an account in the given role (confirmed unless `Unconfirmed`) and signs it in.
    pub async fn user(&self, who: Who) -> Option<TestUser> {
        use leerpunt_core::access::Role;
        let origin = leerpunt_store::Origin::cli();
        let email = match who {
            Who::Anonymous => return None,
            Who::Unconfirmed => "unconfirmed@utrecht.nl",
            Who::Outsider => "outsider@example.com",
            Who::Member => "member@utrecht.nl",
            Who::Editor => "editor@utrecht.nl",
            Who::OtherEditor => "editor@amsterdam.nl",
            Who::Broker => "broker@minbzk.nl",
            Who::Admin => "admin@minbzk.nl",
        };
        let user = self
            .store
            .create_user(email, PASSWORD, "Test", &origin)
            .await
            .unwrap();
        if who != Who::Unconfirmed {
            self.store.confirm_user(user.id, &origin).await.unwrap();
        }
        match who {
            Who::Editor => self
                .store
                .grant(user.id, Role::Editor, Some(ORG), &origin)
                .await
                .unwrap(),
            Who::OtherEditor => self
                .store
                .grant(user.id, Role::Editor, Some(OTHER_ORG), &origin)
                .await
                .unwrap(),
            Who::Broker => self
                .store
                .grant(user.id, Role::Broker, None, &origin)
                .await
                .unwrap(),
            Who::Admin => self
                .store
                .grant(user.id, Role::Admin, None, &origin)
                .await
                .unwrap(),
            _ => {}
        }
        Some(self.sign_in(user.id, email).await)
    }

    /// A session for an existing account, as a login would make it.
    pub async fn sign_in(&self, id: i64, email: &str) -> TestUser {
        let (secret, session) = self.store.create_session(Some(id)).await.unwrap();
        TestUser {
            id,
            email: email.to_owned(),
            cookie: format!("lp_session={secret}"),
            csrf: session.csrf,
        }
    }

    /// An API token with every scope for a test account.
    pub async fn token(&self, user: &TestUser) -> String {
        self.store
            .create_api_token(
                user.id,
                "test",
                leerpunt_core::access::Scope::ALL,
                &leerpunt_store::Origin::cli(),
            )
            .await
            .unwrap()
            .0
    }

    /// A GET as a signed-in account.
    pub async fn get_as(&self, uri: &str, user: Option<&TestUser>) -> Reply {
        let mut req = Request::get(uri);
        if let Some(u) = user {
            req = req.header(header::COOKIE, &u.cookie);
        }
        self.request(req.body(Body::empty()).unwrap()).await
    }

    /// A form POST as `user` (or a visitor), with the session's CSRF token added.
    pub async fn post_form(
        &self,
        uri: &str,
        fields: &[(&str, &str)],
        user: Option<&TestUser>,
    ) -> Reply {
        let mut all: Vec<(&str, &str)> = fields.to_vec();
        if let Some(u) = user {
            if !fields.iter().any(|(k, _)| *k == "csrf") {
                all.push(("csrf", &u.csrf));
            }
        }
        let body = form_urlencoded::Serializer::new(String::new())
            .extend_pairs(all)
            .finish();
        let mut req =
            Request::post(uri).header(header::CONTENT_TYPE, "application/x-www-form-urlencoded");
        if let Some(u) = user {
            req = req.header(header::COOKIE, &u.cookie);
        }
        self.request(req.body(Body::from(body)).unwrap()).await
    }

    /// An API call with an optional bearer token and JSON body.
    pub async fn api(
        &self,
        method: axum::http::Method,
        uri: &str,
        token: Option<&str>,
        body: Option<serde_json::Value>,
    ) -> Reply {
        let mut req = Request::builder().method(method).uri(uri);
        if let Some(t) = token {
            req = req.header(header::AUTHORIZATION, format!("Bearer {t}"));
        }
        let body = match body {
            Some(v) => {
                req = req.header(header::CONTENT_TYPE, "application/json");
                Body::from(v.to_string())
            }
            None => Body::empty(),
        };
        self.request(req.body(body).unwrap()).await
    }

    /// A draft practice of `owner`, created as an editor would; returns its slug.
    pub async fn draft(&self, title: &str, owner: &str) -> String {
        let mut p = practice_input(title);
        p.owner = owner.into();
        self.store
            .create_practice(&p, &leerpunt_store::Origin::cli())
            .await
            .unwrap()
            .slug
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

    /// The router, for tests that inspect it.
    pub fn router(&self) -> Router {
        self.router.clone()
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
        // What the server's follower does when another process writes: index and cache follow.
        self.state.catch_up_search().await;
        self.store.practice_by_id(id).await.unwrap().slug
    }
}

/// A valid practice input owned by [`ORG`].
pub fn practice_input(title: &str) -> NewPractice {
    NewPractice {
        slug: None,
        language: Lang::Nl,
        text: PracticeText {
            title: title.into(),
            summary: "Een samenvatting.".into(),
            ..Default::default()
        },
        translation: None,
        status: PracticeStatus::Pilot,
        owner: ORG.into(),
        partners: vec![],
        themes: vec!["datakwaliteit".into()],
        techniques: vec![],
        contact: None,
        source: "manual".into(),
        source_id: None,
        source_url: None,
        started_on: None,
    }
}

impl Reply {
    /// The `Location` header of a redirect.
    pub fn location(&self) -> &str {
        self.header(header::LOCATION)
    }
}
