//! Leerpunt's web face: HTML pages and the JSON API over the same core and store calls.
//!
//! Only this crate knows HTTP. Handlers read the request, call the store or core, and render; the
//! rules live in `leerpunt-core`.

pub mod api;
pub mod assets;
pub mod auth;
pub mod error;
pub mod filters;
pub mod i18n;
pub mod mailer;
pub mod pages;
pub mod router;
pub mod search_params;
pub mod templates;
pub mod ui;

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use leerpunt_search::Search;
use leerpunt_store::Store;

pub use error::AppError;
pub use router::router;

/// Shared state of every handler.
#[derive(Clone, Debug)]
pub struct AppState {
    pub store: Store,
    pub config: Arc<WebConfig>,
    /// The search index, a cache of the store kept current from its change log.
    pub search: Arc<Search>,
}

impl AppState {
    /// State with the default web settings (for tests and tools).
    pub fn new(store: Store, search: Arc<Search>) -> Self {
        Self {
            store,
            config: Arc::new(WebConfig::default()),
            search,
        }
    }

    /// Runs `f` on the current search index on a blocking thread (searches are CPU work).
    pub async fn on_index<T: Send + 'static>(
        &self,
        f: impl FnOnce(&leerpunt_search::SearchIndex) -> Result<T, leerpunt_search::SearchError>
            + Send
            + 'static,
    ) -> Result<T, AppError> {
        let index = self.search.index();
        Ok(tokio::task::spawn_blocking(move || f(&index))
            .await
            .map_err(|e| AppError::Internal(e.to_string()))??)
    }

    /// Brings the search index up to date; failures are logged, not fatal (the next round retries).
    pub async fn catch_up_search(&self) {
        if let Err(e) = self.search.catch_up(&self.store).await {
            tracing::warn!(error = %e, "search index could not catch up");
        }
    }
}

/// How often the index looks for changes made by other processes (imports, other instances).
pub const SEARCH_POLL: Duration = Duration::from_secs(2);

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

/// The settings the web layer needs from the binary's configuration.
#[derive(Clone, Debug)]
pub struct WebConfig {
    /// The address people reach Leerpunt at, used in links in e-mail. When it starts with
    /// `https://`, session cookies are marked `Secure`.
    pub public_url: String,
    /// E-mail domains whose confirmed addresses make an account a member of government.
    pub member_domains: Vec<String>,
    /// Whether to believe `X-Forwarded-For` and `X-Forwarded-Proto` (only behind a proxy that sets them).
    pub trust_proxy: bool,
}

impl Default for WebConfig {
    fn default() -> Self {
        Self {
            public_url: "http://127.0.0.1:8080".to_owned(),
            member_domains: leerpunt_core::account::default_member_domains(),
            trust_proxy: false,
        }
    }
}

impl WebConfig {
    /// Whether cookies must carry `Secure`.
    pub fn secure_cookies(&self) -> bool {
        self.public_url.starts_with("https://")
    }
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
    axum::serve(
        listener,
        router(state).into_make_service_with_connect_info::<SocketAddr>(),
    )
    .with_graceful_shutdown(shutdown_signal())
    .await?;
    follower.abort();
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
