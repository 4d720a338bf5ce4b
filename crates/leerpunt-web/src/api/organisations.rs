//! `GET /api/v1/organisations` and `GET /api/v1/organisations/{code}`.

use axum::extract::{Path, State};
use axum::Json;

use super::wire::{ErrorBody, OrganisationDetail, OrganisationPage};
use crate::actions::catalogue;
use crate::error::AppError;
use crate::extract::Q;
use crate::filters::OrgParams;
use crate::AppState;

/// List organisations of the register, by name.
#[utoipa::path(
    get, path = "/api/v1/organisations", tag = "organisations",
    params(
        ("kind" = Option<String>, Query, description = "ministry, province, municipality, water_board, agency, environmental_service, safety_region, other"),
        ("province" = Option<String>, Query, description = "Province code, e.g. PV27"),
        ("active" = Option<bool>, Query, description = "Only organisations with practices"),
        ("page" = Option<i64>, Query, description = "1-based page number"),
        ("per_page" = Option<i64>, Query, description = "Items per page, 1 to 100 (default 20)"),
    ),
    responses((status = 200, body = OrganisationPage), (status = 400, body = ErrorBody))
)]
pub async fn list(
    State(app): State<AppState>,
    Q(params): Q<OrgParams>,
) -> Result<Json<OrganisationPage>, AppError> {
    let filter = params.filter()?;
    let page = params.paging.page()?;
    let (items, total) = catalogue::organisations(&app, &filter, page).await?;
    Ok(Json(OrganisationPage {
        items: items.iter().map(|(o, _)| o.into()).collect(),
        page: page.page,
        per_page: page.per_page,
        total,
    }))
}

/// One organisation by code, with the slugs of its practices.
#[utoipa::path(
    get, path = "/api/v1/organisations/{code}", tag = "organisations",
    params(("code" = String, Path, description = "Organisation code, e.g. GM0363")),
    responses((status = 200, body = OrganisationDetail), (status = 404, body = ErrorBody))
)]
pub async fn get(
    State(app): State<AppState>,
    Path(code): Path<String>,
) -> Result<Json<OrganisationDetail>, AppError> {
    let (org, practices, partner_in) = catalogue::organisation_practice_slugs(&app, &code).await?;
    Ok(Json(OrganisationDetail {
        organisation: (&org).into(),
        practices,
        partner_in,
    }))
}
