//! Leerpunt's web face: HTML pages and the JSON API over one use-case layer.
//!
//! Only this crate knows HTTP and makes HTML. A request goes `routes` (the table) → `auth` and `ui`
//! (who is asking, in which language) → a handler in `pages` or `api`, which parses the request,
//! calls one use case in `actions` (access check, store, search, core) and renders the result as
//! HTML or JSON. Pages and API never import each other; the rules live in `leerpunt-core`.

pub mod actions;
pub mod api;
pub mod assets;
pub mod auth;
pub mod cache;
pub mod charts;
pub mod error;
pub mod extract;
pub mod filters;
pub mod geo;
pub mod i18n;
pub mod mailer;
pub mod markup;
pub mod memo;
pub mod pages;
pub mod router;
pub mod routes;
pub mod search_params;
pub mod signing;
pub mod state;
pub mod templates;
pub mod ui;

use std::net::SocketAddr;

pub use error::AppError;
pub use router::router;
pub use state::{AppState, WebConfig, SEARCH_POLL};

/// Keeps the search index following the change log for as long as the server runs.
pub fn spawn_search_follower(state: AppState) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(SEARCH_POLL);
        tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            tick.tick().await;
            state.catch_up_search().await;
        }
    })
}

/// How often the server looks for digests that are due.
pub const DIGEST_POLL: std::time::Duration = std::time::Duration::from_secs(15 * 60);

/// Sends the digests of what people follow when they are due, for as long as the server runs.
pub fn spawn_digests(state: AppState) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(DIGEST_POLL);
        tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            tick.tick().await;
            let now = time::OffsetDateTime::now_utc()
                .replace_nanosecond(0)
                .ok()
                .and_then(|t| {
                    t.format(&time::format_description::well_known::Rfc3339)
                        .ok()
                })
                .unwrap_or_default();
            match actions::follows::send_digests(&state.store, &state.config.public_url, &now).await
            {
                Ok(0) => {}
                Ok(n) => tracing::info!(sent = n, "digests"),
                Err(e) => tracing::error!(error = %e, "sending digests"),
            }
        }
    })
}

/// Mails the reminders of events starting within a day, each once, for as long as the server
/// runs (checked as often as the digests).
pub fn spawn_reminders(state: AppState) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(DIGEST_POLL);
        tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            tick.tick().await;
            let now = actions::events::now_utc();
            match actions::events::send_reminders(&state.store, &state.config.public_url, &now)
                .await
            {
                Ok(0) => {}
                Ok(n) => tracing::info!(sent = n, "event reminders"),
                Err(e) => tracing::error!(error = %e, "sending event reminders"),
            }
        }
    })
}

/// Serves the app on `addr` until Ctrl-C or SIGTERM; `on_ready` gets the bound address.
pub async fn serve(
    state: AppState,
    addr: SocketAddr,
    on_ready: impl FnOnce(SocketAddr),
) -> std::io::Result<()> {
    let listener = tokio::net::TcpListener::bind(addr).await?;
    on_ready(listener.local_addr()?);
    let follower = spawn_search_follower(state.clone());
    let digests = spawn_digests(state.clone());
    let reminders = spawn_reminders(state.clone());
    axum::serve(
        listener,
        router(state).into_make_service_with_connect_info::<SocketAddr>(),
    )
    .with_graceful_shutdown(shutdown_signal())
    .await?;
    follower.abort();
    digests.abort();
    reminders.abort();
    Ok(())
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        if let Ok(mut s) = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())
        {
            s.recv().await;
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = terminate => {},
    }
    tracing::info!("shutting down");
}
