//! Every route of Leerpunt in one place: pages, the JSON API, assets and probes.

use std::time::Duration;

use axum::extract::{Request, State};
use axum::middleware::Next;
use axum::response::Response;
use axum::routing::get;
use axum::Router;
use tower_http::compression::CompressionLayer;
use tower_http::limit::RequestBodyLimitLayer;
use tower_http::trace::TraceLayer;

use crate::{api, assets, pages, ui, AppState};

/// The largest request body accepted (forms and API writes are far smaller).
pub const BODY_LIMIT: usize = 2 * 1024 * 1024;

/// Builds the application router.
pub fn router(state: AppState) -> Router {
    let pages = Router::new()
        .route("/", get(pages::home::home))
        .route("/praktijken", get(pages::practices::list))
        .route("/praktijken/{slug}", get(pages::practices::detail))
        .route("/organisaties", get(pages::organisations::list))
        .route("/organisaties/{code}", get(pages::organisations::detail))
        .route("/themas", get(pages::themes::list))
        .route("/themas/{key}", get(pages::themes::detail))
        .route("/over", get(pages::about::about))
        .route("/zoeken", get(pages::search::search))
        .route("/vraag", get(pages::search::ask))
        .route("/gezamenlijke-analyse", get(pages::analyses::list))
        .route("/gezamenlijke-analyse/{id}", get(pages::analyses::detail));

    let api = Router::new()
        .route("/practices", get(api::practices::list))
        .route("/practices/{slug}", get(api::practices::get))
        .route("/organisations", get(api::organisations::list))
        .route("/organisations/{code}", get(api::organisations::get))
        .route("/themes", get(api::themes::list))
        .route("/search", get(api::search::search))
        .route("/match", get(api::search::matches))
        .route("/analyses", get(api::analyses::list))
        .route("/analyses/{id}", get(api::analyses::get))
        .route("/openapi.json", get(api::openapi::document));

    Router::new()
        .merge(pages)
        .nest("/api/v1", api)
        .route("/assets/{name}", get(assets::asset))
        .route("/healthz", get(pages::health))
        .fallback(pages::not_found)
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            search_after_write,
        ))
        .layer(axum::middleware::from_fn(ui::layer))
        .layer(CompressionLayer::new())
        .layer(RequestBodyLimitLayer::new(BODY_LIMIT))
        .layer(tower_http::timeout::TimeoutLayer::with_status_code(
            axum::http::StatusCode::SERVICE_UNAVAILABLE,
            Duration::from_secs(30),
        ))
        .layer(TraceLayer::new_for_http())
        .with_state(state)
}

/// After every successful write, the search index catches up before the response goes out, so a
/// user finds what they just saved.
async fn search_after_write(State(app): State<AppState>, req: Request, next: Next) -> Response {
    let writes = !matches!(
        *req.method(),
        axum::http::Method::GET | axum::http::Method::HEAD | axum::http::Method::OPTIONS
    );
    let res = next.run(req).await;
    if writes && (res.status().is_success() || res.status().is_redirection()) {
        app.catch_up_search().await;
    }
    res
}
