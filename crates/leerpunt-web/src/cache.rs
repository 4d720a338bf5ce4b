//! Answers to visitors, kept for as long as the data they show is current. A page that is the same
//! for every visitor (the catalogue, the register, search results) is rendered once per change of
//! the data, not once per request: the first visitor's response is stored, later visitors with the
//! same address and language get a copy, and the whole store is dropped when a change the public
//! can see arrives in the change log (a write here, or another process's write seen by the search
//! follower). Changes only signed-in people see (a draft, a practice in review) leave it.
//!
//! Only what cannot differ between visitors is kept: GET requests without a session cookie or a
//! bearer token, to routes the route table marks `shared`, answered with 200, no `Set-Cookie`, and
//! HTML or JSON. Signed-in people always get a fresh page (it shows their account and drafts).

use std::collections::HashMap;
use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::{Arc, RwLock};

use axum::body::{Body, Bytes, HttpBody};
use axum::extract::{MatchedPath, Request, State};
use axum::http::{header, HeaderMap, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use leerpunt_core::Lang;

use crate::routes::{self, Verb};
use crate::AppState;

/// How many responses are kept at most; past it the store starts afresh.
const MAX_ENTRIES: usize = 4096;
/// How many body bytes are kept at most.
const MAX_BYTES: usize = 64 * 1024 * 1024;
/// Larger bodies are not kept (an export, a huge search page).
const MAX_BODY: usize = 1024 * 1024;

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
struct Key {
    uri: String,
    lang: Lang,
}

#[derive(Debug)]
struct Entry {
    status: StatusCode,
    headers: HeaderMap,
    body: Bytes,
}

#[derive(Debug, Default)]
struct Entries {
    map: HashMap<Key, Arc<Entry>>,
    bytes: usize,
}

/// The responses kept, and the position of the last public change they were made after.
#[derive(Debug)]
pub struct ResponseCache {
    enabled: bool,
    version: AtomicI64,
    entries: RwLock<Entries>,
}

impl ResponseCache {
    pub fn new(enabled: bool) -> Self {
        Self {
            enabled,
            version: AtomicI64::new(-1),
            entries: RwLock::new(Entries::default()),
        }
    }

    /// The public data is now at change-log position `seq`: responses made before it are dropped.
    pub fn advance(&self, seq: i64) {
        if self.version.swap(seq, Ordering::AcqRel) != seq {
            let mut entries = self.entries.write().unwrap_or_else(|p| p.into_inner());
            entries.map.clear();
            entries.bytes = 0;
        }
    }

    /// Drops every kept answer (when the data's position cannot be read).
    pub fn clear(&self) {
        self.version.store(-1, Ordering::Release);
        let mut entries = self.entries.write().unwrap_or_else(|p| p.into_inner());
        entries.map.clear();
        entries.bytes = 0;
    }

    /// How many responses are kept (for tests and logs).
    pub fn len(&self) -> usize {
        self.entries.read().map(|e| e.map.len()).unwrap_or(0)
    }

    /// Whether nothing is kept.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    fn get(&self, key: &Key) -> Option<Arc<Entry>> {
        self.entries.read().ok()?.map.get(key).cloned()
    }

    fn put(&self, key: Key, entry: Entry, version: i64) {
        let mut entries = self.entries.write().unwrap_or_else(|p| p.into_inner());
        // Made while the data changed: keep nothing that may already be stale.
        if self.version.load(Ordering::Acquire) != version {
            return;
        }
        if entries.map.len() >= MAX_ENTRIES || entries.bytes + entry.body.len() > MAX_BYTES {
            entries.map.clear();
            entries.bytes = 0;
        }
        entries.bytes += entry.body.len();
        if let Some(old) = entries.map.insert(key, Arc::new(entry)) {
            entries.bytes -= old.body.len();
        }
    }
}

/// Whether a request may be answered from, and its answer kept in, the cache.
fn shareable(req: &Request) -> bool {
    if req.method() != Method::GET || req.headers().contains_key(header::AUTHORIZATION) {
        return false;
    }
    let session = req
        .headers()
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .any(|v| v.contains(crate::auth::SESSION_COOKIE));
    if session {
        return false;
    }
    req.extensions()
        .get::<MatchedPath>()
        .and_then(|m| routes::find(Verb::Get, m.as_str()))
        .is_some_and(|r| r.shared)
}

/// The middleware: answers from the cache, or keeps the handler's answer.
pub async fn layer(State(app): State<AppState>, req: Request, next: Next) -> Response {
    let cache = &app.cache;
    if !cache.enabled || !shareable(&req) {
        return next.run(req).await;
    }
    let Ok(lang) = crate::ui::request_lang(req.uri().query(), req.headers()) else {
        return next.run(req).await;
    };
    let key = Key {
        uri: req.uri().to_string(),
        lang,
    };
    if let Some(hit) = cache.get(&key) {
        let mut response = (hit.status, hit.body.clone()).into_response();
        *response.headers_mut() = hit.headers.clone();
        return response;
    }
    let version = cache.version.load(Ordering::Acquire);
    let response = next.run(req).await;
    let keep = response.status() == StatusCode::OK
        && !response.headers().contains_key(header::SET_COOKIE)
        && response
            .headers()
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|t| t.starts_with("text/html") || t.starts_with("application/json"));
    if !keep {
        return response;
    }
    let small = response
        .body()
        .size_hint()
        .exact()
        .is_some_and(|n| n <= MAX_BODY as u64);
    if !small {
        return response;
    }
    let (parts, body) = response.into_parts();
    match axum::body::to_bytes(body, MAX_BODY).await {
        Ok(bytes) => {
            cache.put(
                key,
                Entry {
                    status: parts.status,
                    headers: parts.headers.clone(),
                    body: bytes.clone(),
                },
                version,
            );
            Response::from_parts(parts, Body::from(bytes))
        }
        // A body of known size that cannot be read is a server fault.
        Err(e) => {
            tracing::error!(error = %e, "response body could not be read");
            StatusCode::INTERNAL_SERVER_ERROR.into_response()
        }
    }
}
