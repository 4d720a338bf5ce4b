//! What every handler and use case shares: the store, the search index and the web settings.

use std::sync::Arc;
use std::time::Duration;

use leerpunt_search::Search;
use leerpunt_store::Store;

use crate::error::AppError;

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
            .map_err(|e| AppError::Internal(format!("search task: {e}")))??)
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
