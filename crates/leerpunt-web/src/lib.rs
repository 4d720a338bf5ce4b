//! Leerpunt's web face: HTML pages and the JSON API over the same core and store calls.
//!
//! Only this crate knows HTTP. Handlers read the request, call the store or core, and render; the
//! rules live in `leerpunt-core`.

pub mod api;
pub mod assets;
pub mod error;
pub mod filters;
pub mod i18n;
pub mod pages;
pub mod router;
pub mod templates;
pub mod ui;

use std::net::SocketAddr;

use leerpunt_store::Store;

pub use error::AppError;
pub use router::router;

/// Shared state of every handler.
#[derive(Clone, Debug)]
pub struct AppState {
    pub store: Store,
}

/// Serves the app on `addr` until Ctrl-C or SIGTERM; `on_ready` gets the bound address.
pub async fn serve(
    state: AppState,
    addr: SocketAddr,
    on_ready: impl FnOnce(SocketAddr),
) -> std::io::Result<()> {
    let listener = tokio::net::TcpListener::bind(addr).await?;
    on_ready(listener.local_addr()?);
    axum::serve(listener, router(state))
        .with_graceful_shutdown(shutdown_signal())
        .await
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
