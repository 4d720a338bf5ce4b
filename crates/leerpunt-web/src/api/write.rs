//! The write endpoints of the API: create and change practices, move them through review, and
//! edit organisation profiles. Each needs an API token (`Authorization: Bearer lpt_…`) whose
//! owner may do the action and whose scopes include the action's scope.

use axum::extract::{FromRequest, Path, Request, State};
use axum::http::StatusCode;
use axum::Json;
use leerpunt_core::access::{Action, Target};
use leerpunt_core::review::Transition;
use serde::de::DeserializeOwned;

use super::wire::{ErrorBody, OrgProfileIn, OrgProfileOut, PracticeIn, PracticeOut, RejectIn};
use crate::auth::Auth;
use crate::error::AppError;
use crate::AppState;

/// The paths of the write endpoints, in the order `router::write_routes` lists them.
pub const ROUTES: [&str; 6] = [
    "/api/v1/practices",
    "/api/v1/practices/{slug}",
    "/api/v1/practices/{slug}/submit",
    "/api/v1/practices/{slug}/publish",
    "/api/v1/practices/{slug}/reject",
    "/api/v1/organisations/{code}/profile",
];

/// A JSON body whose rejection (wrong content type, syntax, shape) is a clear 400 in our format.
pub struct JsonIn<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned> FromRequest<S> for JsonIn<T> {
    type Rejection = AppError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        match Json::<T>::from_request(req, state).await {
            Ok(Json(v)) => Ok(JsonIn(v)),
            Err(rejection) if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE => {
                Err(AppError::TooLarge)
            }
            Err(rejection) => Err(AppError::BadRequest(rejection.body_text())),
        }
    }
}

async fn org_target(app: &AppState, code: &str) -> Result<Target, AppError> {
    Ok(match app.store.organisation(code.trim()).await {
        Ok(o) => Target::Organisation(o.id),
        Err(leerpunt_store::StoreError::NotFound(_)) => {
            Target::Organisation(leerpunt_core::access::ANY_OTHER_ORGANISATION)
        }
        Err(e) => return Err(e.into()),
    })
}

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
    auth: Auth,
    JsonIn(input): JsonIn<PracticeIn>,
) -> Result<(StatusCode, Json<PracticeOut>), AppError> {
    let input = input.into_domain()?;
    auth.require(
        Action::CreatePractice,
        org_target(&app, &input.owner).await?,
    )?;
    let p = app.store.create_practice(&input, &auth.origin()).await?;
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
    auth: Auth,
    Path(slug): Path<String>,
    JsonIn(input): JsonIn<PracticeIn>,
) -> Result<Json<PracticeOut>, AppError> {
    let existing = app.store.practice_any(&slug).await?;
    let owner = Target::Organisation(existing.owner.id);
    auth.require(Action::EditPractice, owner)?;
    let input = input.into_domain()?;
    if input.owner.trim() != existing.owner.code {
        auth.require(Action::EditPractice, org_target(&app, &input.owner).await?)?;
    }
    let may_review = auth.can(Action::ReviewPractice, owner);
    let p = app
        .store
        .update_practice(existing.id, &input, may_review, &auth.origin())
        .await?;
    Ok(Json((&p).into()))
}

async fn transition(
    app: &AppState,
    auth: &Auth,
    slug: &str,
    action: Action,
    step: Transition,
) -> Result<Json<PracticeOut>, AppError> {
    let existing = app.store.practice_any(slug).await?;
    auth.require(action, Target::Organisation(existing.owner.id))?;
    let p = app
        .store
        .review_practice(existing.id, &step, &auth.origin())
        .await?;
    Ok(Json((&p).into()))
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
    auth: Auth,
    Path(slug): Path<String>,
) -> Result<Json<PracticeOut>, AppError> {
    transition(
        &app,
        &auth,
        &slug,
        Action::SubmitPractice,
        Transition::Submit,
    )
    .await
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
    auth: Auth,
    Path(slug): Path<String>,
) -> Result<Json<PracticeOut>, AppError> {
    transition(
        &app,
        &auth,
        &slug,
        Action::ReviewPractice,
        Transition::Publish,
    )
    .await
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
    auth: Auth,
    Path(slug): Path<String>,
    JsonIn(input): JsonIn<RejectIn>,
) -> Result<Json<PracticeOut>, AppError> {
    let step = Transition::Reject {
        reason: input.reason,
    };
    transition(&app, &auth, &slug, Action::ReviewPractice, step).await
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
    auth: Auth,
    Path(code): Path<String>,
    JsonIn(input): JsonIn<OrgProfileIn>,
) -> Result<Json<OrgProfileOut>, AppError> {
    let org = app.store.organisation(&code).await?;
    auth.require(Action::EditOrganisation, Target::Organisation(org.id))?;
    let profile = leerpunt_core::account::OrgProfileInput {
        description: input.description,
        website: input.website,
        name_en: input.name_en,
    };
    app.store
        .update_org_profile(&org.code, &profile, &auth.origin())
        .await?;
    let org = app.store.organisation(&org.code).await?;
    Ok(Json(OrgProfileOut {
        description: app.store.organisation_description(&org.code).await?,
        code: org.code,
        website: org.website,
        name_en: org.name_en,
    }))
}
