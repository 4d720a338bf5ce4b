//! Shared data labs in the JSON API: the labs with what they offer and how many requests they
//! granted, and requesting access with a token (scope `labs:request`).

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::Json;
use leerpunt_core::labs::{Lab, LabRequest, Offering, RequestInput};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, OpenApi, ToSchema};

use super::wire::{Bilingual, ErrorBody};
use crate::actions::{labs, Caller};
use crate::error::AppError;
use crate::extract::{JsonIn, Q};
use crate::AppState;

/// The labs' part of the OpenAPI document (merged into it by `openapi.rs`).
#[derive(OpenApi)]
#[openapi(
    paths(list, get, request),
    components(schemas(LabOut, LabRequestIn, LabRequestOut)),
    tags((name = "labs", description = "Shared data labs: facilities organisations open to each other")),
)]
pub struct LabsApi;

/// A shared data lab.
#[derive(Debug, Serialize, ToSchema)]
pub struct LabOut {
    pub slug: String,
    /// The owner organisation's register code.
    pub owner: String,
    pub owner_name: String,
    pub name: Bilingual,
    /// Markdown.
    pub description: Bilingual,
    /// compute, tooling, secure-environment, data or expertise.
    pub offerings: Vec<String>,
    pub audience: String,
    pub conditions: String,
    pub cost: String,
    /// An e-mail address or a web address.
    pub contact: String,
    pub availability: String,
    /// How many requests for access were granted.
    pub granted: i64,
    pub demo: bool,
    pub updated_at: String,
    pub url: String,
}

impl From<&Lab> for LabOut {
    fn from(l: &Lab) -> Self {
        Self {
            slug: l.slug.clone(),
            owner: l.owner.clone(),
            owner_name: l.owner_name.clone(),
            name: Bilingual {
                nl: l.name_nl.clone(),
                en: l.name_en.clone(),
            },
            description: Bilingual {
                nl: l.description_nl.clone(),
                en: l.description_en.clone(),
            },
            offerings: l.offerings.iter().map(|o| o.key().to_owned()).collect(),
            audience: l.audience.clone(),
            conditions: l.conditions.clone(),
            cost: l.cost.clone(),
            contact: l.contact.clone(),
            availability: l.availability.clone(),
            granted: l.granted,
            demo: l.demo,
            updated_at: l.updated_at.clone(),
            url: format!("/datalabs/{}", l.slug),
        }
    }
}

/// A request for access to a lab.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct LabRequestIn {
    /// What the access is for.
    #[schema(min_length = 1, max_length = 5000)]
    pub purpose: String,
    /// First day, YYYY-MM-DD.
    #[schema(format = Date)]
    pub from: String,
    /// Last day, YYYY-MM-DD, not before `from`.
    #[schema(format = Date)]
    pub to: String,
    /// What exactly is needed.
    #[schema(min_length = 1, max_length = 5000)]
    pub needs: String,
    /// The requester agrees to be named on the lab's page once access is granted.
    #[serde(default)]
    pub may_show: bool,
}

/// A stored request.
#[derive(Debug, Serialize, ToSchema)]
pub struct LabRequestOut {
    pub id: i64,
    pub lab: String,
    /// requested, question, accepted, declined or withdrawn.
    pub state: String,
    pub purpose: String,
    pub from: String,
    pub to: String,
    pub needs: String,
    pub may_show: bool,
    pub created_at: String,
    pub url: String,
}

impl From<&LabRequest> for LabRequestOut {
    fn from(r: &LabRequest) -> Self {
        Self {
            id: r.id,
            lab: r.lab_slug.clone(),
            state: r.state.key().to_owned(),
            purpose: r.purpose.clone(),
            from: r.from.clone(),
            to: r.to.clone(),
            needs: r.needs.clone(),
            may_show: r.requester_consent,
            created_at: r.created_at.clone(),
            url: format!("/datalabs/aanvragen/{}", r.id),
        }
    }
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ListParams {
    /// Only labs offering this: compute, tooling, secure-environment, data or expertise.
    offering: Option<String>,
}

/// The labs, by Dutch name.
#[utoipa::path(get, path = "/api/v1/labs", tag = "labs", params(ListParams),
    responses((status = 200, body = [LabOut]), (status = 400, body = ErrorBody)))]
pub async fn list(
    State(app): State<AppState>,
    Q(params): Q<ListParams>,
) -> Result<Json<Vec<LabOut>>, AppError> {
    let offering = match params.offering.as_deref().map(str::trim) {
        None | Some("") => None,
        Some(k) => Some(Offering::parse(k).ok_or_else(|| {
            AppError::BadRequest(format!(
                "unknown offering {k:?}; expected compute, tooling, secure-environment, data or expertise"
            ))
        })?),
    };
    let all = labs::labs(&app, offering).await?;
    Ok(Json(all.iter().map(LabOut::from).collect()))
}

/// One lab.
#[utoipa::path(get, path = "/api/v1/labs/{slug}", tag = "labs",
    params(("slug" = String, Path, description = "The lab's address")),
    responses((status = 200, body = LabOut), (status = 404, body = ErrorBody)))]
pub async fn get(
    State(app): State<AppState>,
    Path(slug): Path<String>,
) -> Result<Json<LabOut>, AppError> {
    Ok(Json((&labs::lab(&app, &slug).await?).into()))
}

/// Request access to a lab of another organisation than one's own. The lab's editors are told
/// by mail and answer on the site.
#[utoipa::path(post, path = "/api/v1/labs/{slug}/requests", tag = "labs", request_body = LabRequestIn,
    params(("slug" = String, Path, description = "The lab's address")),
    security(("bearer" = ["labs:request"])),
    responses(
        (status = 201, body = LabRequestOut),
        (status = 400, body = ErrorBody),
        (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody),
        (status = 422, body = ErrorBody),
    ))]
pub async fn request(
    State(app): State<AppState>,
    caller: Caller,
    Path(slug): Path<String>,
    JsonIn(input): JsonIn<LabRequestIn>,
) -> Result<(StatusCode, Json<LabRequestOut>), AppError> {
    let r = labs::request(
        &app,
        &caller,
        &slug,
        RequestInput {
            purpose: input.purpose,
            from: input.from,
            to: input.to,
            needs: input.needs,
            may_show: input.may_show,
        },
    )
    .await?;
    Ok((StatusCode::CREATED, Json((&r).into())))
}
