//! `GET /api/v1/organisations` and `GET /api/v1/organisations/{code}`.

use axum::extract::{Path, State};
use axum::Json;
use leerpunt_core::paging::PageRequest;
use leerpunt_store::PracticeFilter;

use super::wire::{ErrorBody, OrganisationDetail, OrganisationPage};
use crate::error::AppError;
use crate::filters::OrgParams;
use crate::ui::Q;
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
    let (items, total) = app.store.organisations(&filter, page).await?;
    Ok(Json(OrganisationPage {
        items: items.iter().map(Into::into).collect(),
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
    let org = app.store.organisation(&code).await?;
    let filter = PracticeFilter {
        organisation: Some(org.code.clone()),
        ..Default::default()
    };
    let mut practices = Vec::new();
    let mut partner_in = Vec::new();
    let mut page = PageRequest {
        page: 1,
        per_page: leerpunt_core::paging::MAX_PER_PAGE,
    };
    loop {
        let (items, total) = app.store.practices(&filter, page).await?;
        for p in &items {
            if p.owner.id == org.id {
                practices.push(p.slug.clone())
            } else {
                partner_in.push(p.slug.clone())
            }
        }
        if page.offset() + i64::from(page.per_page) >= total || items.is_empty() {
            break;
        }
        page.page += 1;
    }
    Ok(Json(OrganisationDetail {
        organisation: (&org).into(),
        practices,
        partner_in,
    }))
}
