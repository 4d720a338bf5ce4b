//! The write endpoints of the API: create and change practices, move them through review, and
//! edit organisation profiles. Each needs an API token (`Authorization: Bearer lpt_…`) whose
//! owner may do the action and whose scopes include the action's scope.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::Json;
use leerpunt_core::review::Transition;

use super::wire::{ErrorBody, OrgProfileIn, OrgProfileOut, PracticeIn, PracticeOut, RejectIn};
use crate::actions::{contributions, Caller};
use crate::error::AppError;
use crate::extract::JsonIn;
use crate::AppState;

/// Create a practice (as a draft).
#[utoipa::path(
    post, path = "/api/v1/practices", tag = "practices",
    request_body = PracticeIn,
    security(("bearer" = ["practices:write"])),
    responses(
        (status = 201, description = "Created as a draft", body = PracticeOut),
        (status = 400, description = "Malformed body", body = ErrorBody),
        (status = 401, description = "No valid token", body = ErrorBody),
        (status = 403, description = "The token or its owner may not do this", body = ErrorBody),
        (status = 409, description = "The slug is taken", body = ErrorBody),
        (status = 422, description = "Invalid fields", body = ErrorBody),
    )
)]
pub async fn create_practice(
    State(app): State<AppState>,
    caller: Caller,
    JsonIn(input): JsonIn<PracticeIn>,
) -> Result<(StatusCode, Json<PracticeOut>), AppError> {
    let input = input.into_domain()?;
    let p = contributions::create_practice(&app, &caller, &input).await?;
    Ok((StatusCode::CREATED, Json((&p).into())))
}

/// Replace a practice's content (slug and source stay). An edit by an editor sends a published
/// practice back to draft; a broker's edit keeps its review state.
#[utoipa::path(
    put, path = "/api/v1/practices/{slug}", tag = "practices",
    params(("slug" = String, Path, description = "The practice's slug")),
    request_body = PracticeIn,
    security(("bearer" = ["practices:write"])),
    responses(
        (status = 200, body = PracticeOut),
        (status = 400, body = ErrorBody),
        (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody),
        (status = 422, body = ErrorBody),
    )
)]
pub async fn update_practice(
    State(app): State<AppState>,
    caller: Caller,
    Path(slug): Path<String>,
    JsonIn(input): JsonIn<PracticeIn>,
) -> Result<Json<PracticeOut>, AppError> {
    let existing = contributions::editable_practice(&app, &caller, &slug).await?;
    let input = input.into_domain()?;
    let p = contributions::update_practice(&app, &caller, &existing, input, false).await?;
    Ok(Json((&p).into()))
}

async fn transition(
    app: &AppState,
    caller: &Caller,
    slug: &str,
    step: Transition,
) -> Result<Json<PracticeOut>, AppError> {
    let (_, after) = contributions::review(app, caller, slug, step).await?;
    Ok(Json((&after?).into()))
}

/// Send a draft (or rejected) practice to the brokers for review.
#[utoipa::path(
    post, path = "/api/v1/practices/{slug}/submit", tag = "practices",
    params(("slug" = String, Path, description = "The practice's slug")),
    security(("bearer" = ["practices:write"])),
    responses((status = 200, body = PracticeOut), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, description = "Not in a state that can be submitted", body = ErrorBody))
)]
pub async fn submit_practice(
    State(app): State<AppState>,
    caller: Caller,
    Path(slug): Path<String>,
) -> Result<Json<PracticeOut>, AppError> {
    transition(&app, &caller, &slug, Transition::Submit).await
}

/// Publish a submitted practice (brokers and admins).
#[utoipa::path(
    post, path = "/api/v1/practices/{slug}/publish", tag = "practices",
    params(("slug" = String, Path, description = "The practice's slug")),
    security(("bearer" = ["practices:review"])),
    responses((status = 200, body = PracticeOut), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, description = "Not submitted", body = ErrorBody))
)]
pub async fn publish_practice(
    State(app): State<AppState>,
    caller: Caller,
    Path(slug): Path<String>,
) -> Result<Json<PracticeOut>, AppError> {
    transition(&app, &caller, &slug, Transition::Publish).await
}

/// Send a submitted practice back to its editors with a reason (brokers and admins).
#[utoipa::path(
    post, path = "/api/v1/practices/{slug}/reject", tag = "practices",
    params(("slug" = String, Path, description = "The practice's slug")),
    request_body = RejectIn,
    security(("bearer" = ["practices:review"])),
    responses((status = 200, body = PracticeOut), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, description = "No reason, or not submitted", body = ErrorBody))
)]
pub async fn reject_practice(
    State(app): State<AppState>,
    caller: Caller,
    Path(slug): Path<String>,
    JsonIn(input): JsonIn<RejectIn>,
) -> Result<Json<PracticeOut>, AppError> {
    let step = Transition::Reject {
        reason: input.reason,
    };
    transition(&app, &caller, &slug, step).await
}

/// Replace an organisation's profile (its editors, brokers and admins).
#[utoipa::path(
    put, path = "/api/v1/organisations/{code}/profile", tag = "organisations",
    params(("code" = String, Path, description = "Organisation code, e.g. GM0344")),
    request_body = OrgProfileIn,
    security(("bearer" = ["organisations:write"])),
    responses((status = 200, body = OrgProfileOut), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody))
)]
pub async fn update_organisation(
    State(app): State<AppState>,
    caller: Caller,
    Path(code): Path<String>,
    JsonIn(input): JsonIn<OrgProfileIn>,
) -> Result<Json<OrgProfileOut>, AppError> {
    let profile = leerpunt_core::account::OrgProfileInput {
        description: input.description,
        website: input.website,
        name_en: input.name_en,
        population: input.population,
    };
    let (org, description) =
        contributions::update_organisation(&app, &caller, &code, &profile).await?;
    Ok(Json(OrgProfileOut {
        description,
        code: org.code,
        website: org.website,
        name_en: org.name_en,
        population: profile.population,
    }))
}
