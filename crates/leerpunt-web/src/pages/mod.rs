//! The HTML pages: each handler parses its request, calls one use case in `crate::actions`, and
//! renders a template with the view types of `views`. Pages never import the API.

pub mod about;
pub mod account;
pub mod admin;
pub mod agenda;
pub mod analyses;
pub mod challenges;
pub mod communities;
pub mod computations;
pub mod contribute;
pub mod dashboard;
pub mod events;
pub mod faq;
pub mod follows;
pub mod glossary;
pub mod helpdesk;
pub mod home;
pub mod labs;
pub mod map;
pub mod meetings;
pub mod network;
pub mod news;
pub mod organisations;
pub mod people;
pub mod practices;
pub mod search;
pub mod stepplan;
pub mod themes;
pub mod views;
pub mod zelfscan;

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::IntoResponse;
use axum::Json;

use crate::error::AppError;
use crate::ui::Ui;
use crate::AppState;

pub use views::*;

/// `GET /healthz`: 200 when the database answers (the process is alive and useful); says
/// whether the search index is current or still being built.
pub async fn health(State(app): State<AppState>) -> impl IntoResponse {
    let index = if app.search.is_ready() {
        "ready"
    } else {
        "building"
    };
    match crate::actions::probes::database(&app).await {
        Ok(()) => (
            StatusCode::OK,
            Json(serde_json::json!({"status": "ok", "search_index": index})),
        ),
        Err(e) => {
            tracing::error!(error = %e, "health check failed");
            (
                StatusCode::SERVICE_UNAVAILABLE,
                Json(serde_json::json!({"status": "unavailable"})),
            )
        }
    }
}

/// `GET /readyz`: 200 when the database answers, the search index has caught up and search by
/// meaning (when a model is configured) is on; 503 (with what is missing) otherwise; a proxy can
/// keep traffic off an instance until it is ready.
pub async fn ready(State(app): State<AppState>) -> impl IntoResponse {
    let readiness = crate::actions::probes::readiness(&app).await;
    let status = if readiness.ready() {
        StatusCode::OK
    } else {
        StatusCode::SERVICE_UNAVAILABLE
    };
    let body = serde_json::json!({
        "status": if readiness.ready() { "ready" } else { "starting" },
        "database": if readiness.database { "ok" } else { "unavailable" },
        "search_index": if readiness.search_index { "ready" } else { "building" },
        "search_by_meaning": if readiness.search_by_meaning { "ready" } else { "loading" },
    });
    (status, Json(body))
}

/// Any path no route matches.
pub async fn not_found(ui: Ui) -> AppError {
    AppError::NotFound(ui.path)
}
