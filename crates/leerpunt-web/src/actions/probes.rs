//! Probes for load balancers and monitoring: is the database answering?

use crate::error::AppError;
use crate::AppState;

/// `Ok` when the database answers a trivial query.
pub async fn database(app: &AppState) -> Result<(), AppError> {
    Ok(app.store.ping().await?)
}
