//! `GET /api/v1/analyses` and `GET /api/v1/analyses/{id}`: published joint-analysis results.

use axum::extract::{Path, State};
use axum::Json;

use super::wire::{AnalysisOut, ErrorBody};
use crate::actions::analyses;
use crate::error::AppError;
use crate::AppState;

/// Joint analyses with published results, newest first.
#[utoipa::path(get, path = "/api/v1/analyses", tag = "analyses", responses((status = 200, body = [AnalysisOut])))]
pub async fn list(State(app): State<AppState>) -> Result<Json<Vec<AnalysisOut>>, AppError> {
    Ok(Json(
        analyses::list(&app).await?.iter().map(Into::into).collect(),
    ))
}

/// The result document of one joint analysis (format 1: groups of cells, suppressed cells marked).
#[utoipa::path(
    get, path = "/api/v1/analyses/{id}", tag = "analyses",
    params(("id" = String, Path, description = "The computation id")),
    responses((status = 200, description = "The result document", body = Object), (status = 404, body = ErrorBody))
)]
pub async fn get(
    State(app): State<AppState>,
    Path(id): Path<String>,
) -> Result<Json<serde_json::Value>, AppError> {
    Ok(Json(analyses::document(&app, &id).await?))
}
