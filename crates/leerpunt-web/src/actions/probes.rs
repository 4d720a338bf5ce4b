//! Probes for load balancers and monitoring: is the database answering, and is this instance's
//! search index current?

use crate::error::AppError;
use crate::AppState;

/// `Ok` when the database answers a trivial query.
pub async fn database(app: &AppState) -> Result<(), AppError> {
    Ok(app.store.ping().await?)
}

/// What `/readyz` reports.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Readiness {
    /// The database answers.
    pub database: bool,
    /// The search index has caught up with the change log (until then, search answers from
    /// the database).
    pub search_index: bool,
    /// Search by meaning is on, or was not asked for (false while the model loads and the
    /// practices' vectors are read or computed; search goes by words until then).
    pub search_by_meaning: bool,
}

impl Readiness {
    /// Ready to take a full share of traffic.
    pub fn ready(&self) -> bool {
        self.database && self.search_index && self.search_by_meaning
    }
}

/// Whether this instance can serve everything as it should.
pub async fn readiness(app: &AppState) -> Readiness {
    Readiness {
        database: app.store.ping().await.is_ok(),
        search_index: app.search.is_ready(),
        search_by_meaning: !app.search.meaning_pending(),
    }
}
