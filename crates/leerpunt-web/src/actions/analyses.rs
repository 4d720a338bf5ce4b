//! Published joint-analysis results: the list, and one result document read back from the store.

use leerpunt_core::analysis::ComputationResult;
use leerpunt_store::Analysis;

use crate::error::AppError;
use crate::AppState;

/// Joint analyses with published results, newest first.
pub async fn list(app: &AppState) -> Result<Vec<Analysis>, AppError> {
    Ok(app.store.analyses().await?)
}

/// One analysis with its result document. A stored document that no longer reads is a server
/// error (it was validated when imported), not a client's.
pub async fn get(app: &AppState, id: &str) -> Result<(Analysis, ComputationResult), AppError> {
    let analysis = app.store.analysis(id).await?;
    let result = serde_json::from_str(&analysis.result)
        .map_err(|e| AppError::Internal(format!("stored result of {id} is unreadable: {e}")))?;
    Ok((analysis, result))
}

/// One result document exactly as it was published (the API serves it unchanged).
pub async fn document(app: &AppState, id: &str) -> Result<serde_json::Value, AppError> {
    let analysis = app.store.analysis(id).await?;
    serde_json::from_str(&analysis.result)
        .map_err(|e| AppError::Internal(format!("stored result of {id} is unreadable: {e}")))
}
