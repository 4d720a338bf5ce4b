//! `GET /api/v1/practices` and `GET /api/v1/practices/{slug}`.

use axum::extract::{Path, State};
use axum::Json;

use super::wire::{ErrorBody, PracticeOut, PracticePage};
use crate::actions::{catalogue, Caller};
use crate::error::AppError;
use crate::extract::Q;
use crate::filters::PracticeParams;
use crate::AppState;

/// List practices, most recently updated first.
#[utoipa::path(
    get, path = "/api/v1/practices", tag = "practices",
    params(
        ("theme" = Option<String>, Query, description = "Theme key, see /api/v1/themes"),
        ("kind" = Option<String>, Query, description = "Owner organisation kind"),
        ("province" = Option<String>, Query, description = "Owner province code, e.g. PV27"),
        ("status" = Option<String>, Query, description = "idea, pilot, in_use or stopped"),
        ("organisation" = Option<String>, Query, description = "Organisation code: practices it owns or takes part in"),
        ("source" = Option<String>, Query, description = "demo, algoritmeregister, import or manual"),
        ("page" = Option<i64>, Query, description = "1-based page number"),
        ("per_page" = Option<i64>, Query, description = "Items per page, 1 to 100 (default 20)"),
    ),
    responses(
        (status = 200, body = PracticePage),
        (status = 400, description = "Invalid query parameter", body = ErrorBody),
    )
)]
pub async fn list(
    State(app): State<AppState>,
    Q(params): Q<PracticeParams>,
) -> Result<Json<PracticePage>, AppError> {
    let filter = params.filter()?;
    let page = params.paging.page()?;
    let (items, total, _) = catalogue::practices(&app, &filter, page).await?;
    Ok(Json(PracticePage {
        items: items.iter().map(Into::into).collect(),
        page: page.page,
        per_page: page.per_page,
        total,
    }))
}

/// One practice by slug. Unpublished practices only with a token that may see them.
#[utoipa::path(
    get, path = "/api/v1/practices/{slug}", tag = "practices",
    params(("slug" = String, Path, description = "The practice's slug")),
    responses((status = 200, body = PracticeOut), (status = 404, body = ErrorBody))
)]
pub async fn get(
    State(app): State<AppState>,
    caller: Caller,
    Path(slug): Path<String>,
) -> Result<Json<PracticeOut>, AppError> {
    let practice = catalogue::practice(&app, &caller, &slug).await?;
    Ok(Json((&practice).into()))
}
