//! What every handler and use case shares: the store, the search index and the web settings.

use std::sync::Arc;
use std::time::Duration;

use leerpunt_search::Search;
use leerpunt_store::Store;

use crate::cache::ResponseCache;
use crate::error::AppError;
use crate::memo::Memo;

/// Shared state of every handler.
#[derive(Clone, Debug)]
pub struct AppState {
    pub store: Store,
    pub config: Arc<WebConfig>,
    /// The search index, a cache of the store kept current from its change log.
    pub search: Arc<Search>,
    /// Answers to visitors, kept until a change the public can see arrives.
    pub cache: Arc<ResponseCache>,
    /// The practices similar to a practice (and how many were asked), kept until the change log
    /// moves.
    pub similar: Arc<Memo<(i64, usize), Vec<leerpunt_core::Practice>>>,
    /// Published practices by slug, kept until the change log moves.
    pub practices: Arc<Memo<String, leerpunt_core::Practice>>,
    /// The home page's counts and newest practices, kept until the change log moves.
    pub overview: Arc<Memo<u32, crate::actions::catalogue::Overview>>,
    /// The public dashboard's figures, kept until the change log moves.
    pub dashboard: Arc<Memo<(), leerpunt_core::dashboard::Dashboard>>,
    /// The network graph, kept until the change log moves.
    pub network: Arc<Memo<(), Arc<leerpunt_core::network::Graph>>>,
    /// The map's counts per filter, kept until the change log moves.
    pub map: Arc<Memo<crate::actions::network::MapFilter, Arc<leerpunt_store::MapCounts>>>,
    /// Whether the search index was ready at the last catch-up: answers kept while search
    /// answered from the database are dropped when the index takes over.
    index_was_ready: Arc<std::sync::atomic::AtomicBool>,
}

impl AppState {
    /// State with the default web settings (for tests and tools).
    pub fn new(store: Store, search: Arc<Search>) -> Self {
        Self::with_config(store, search, WebConfig::default())
    }

    /// State with the given web settings.
    pub fn with_config(store: Store, search: Arc<Search>, config: WebConfig) -> Self {
        Self {
            store,
            cache: Arc::new(ResponseCache::new(config.response_cache)),
            similar: Arc::new(Memo::default()),
            overview: Arc::new(Memo::default()),
            dashboard: Arc::new(Memo::default()),
            network: Arc::new(Memo::default()),
            map: Arc::new(Memo::default()),
            practices: Arc::new(Memo::default()),
            index_was_ready: Arc::new(std::sync::atomic::AtomicBool::new(search.is_ready())),
            config: Arc::new(config),
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

    /// Brings the search index up to date and drops the answers kept for visitors when a change
    /// they can see has arrived (a draft saved by an editor leaves them); failures are logged,
    /// not fatal (the next round retries).
    pub async fn catch_up_search(&self) {
        let public_seq = match self.search.catch_up(&self.store).await {
            Ok(_)
                if self.search.is_ready()
                    && !self
                        .index_was_ready
                        .swap(true, std::sync::atomic::Ordering::SeqCst) =>
            {
                // The index just took over from the database: nothing kept may outlive that.
                None
            }
            Ok(report) => match report.public_seq {
                Some(seq) => Some(seq),
                None => return,
            },
            Err(e) => {
                tracing::warn!(error = %e, "search index could not catch up");
                // The cache must follow the data even when the index cannot.
                self.store.last_public_change().await.ok()
            }
        };
        match public_seq {
            Some(seq) => {
                self.cache.advance(seq);
                self.similar.advance(seq);
                self.overview.advance(seq);
                self.dashboard.advance(seq);
                self.network.advance(seq);
                self.map.advance(seq);
                self.practices.advance(seq);
            }
            None => {
                self.cache.clear();
                self.similar.clear();
                self.overview.clear();
                self.dashboard.clear();
                self.network.clear();
                self.map.clear();
                self.practices.clear();
            }
        }
    }
}

/// How often the index looks for changes made by other processes (imports, other instances):
/// one indexed read of the change log's head, so a change on one instance is found on every
/// other within a second.
pub const SEARCH_POLL: Duration = Duration::from_millis(250);

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
    /// Whether answers to visitors are kept until the data changes (`cache.rs`).
    pub response_cache: bool,
}

impl Default for WebConfig {
    fn default() -> Self {
        Self {
            public_url: "http://127.0.0.1:8080".to_owned(),
            member_domains: leerpunt_core::account::default_member_domains(),
            trust_proxy: false,
            response_cache: true,
        }
    }
}

impl WebConfig {
    /// Whether cookies must carry `Secure`.
    pub fn secure_cookies(&self) -> bool {
        self.public_url.starts_with("https://")
    }
}
