//! The public dashboard: the centre's figures, gathered once per change-log position and kept, so
//! the page costs no more than a practice page. Anyone may read them: they are counts only.

use leerpunt_core::dashboard::Dashboard;

use crate::error::AppError;
use crate::AppState;

/// The dashboard's figures, from the kept copy when the change log has not moved.
pub async fn figures(app: &AppState) -> Result<Dashboard, AppError> {
    let seq = match app.dashboard.get(&()) {
        Ok(kept) => return Ok(kept),
        Err(seq) => seq,
    };
    let figures = app.store.dashboard().await?;
    app.dashboard.put((), figures.clone(), seq);
    Ok(figures)
}
