//! Joint computations in the JSON API: the computations the caller may see, one with its
//! consents, progress, inputs and approvals, the issued spec with Leerpunt's signature (what
//! `leerpunt node run --spec-url` fetches), and the nodes' signed progress reports.

use axum::extract::{Path, State};
use axum::Json;
use serde::Serialize;
use utoipa::{OpenApi, ToSchema};

use super::wire::ErrorBody;
use crate::actions::{computations, Caller};
use crate::error::AppError;
use crate::extract::JsonIn;
use crate::AppState;

/// The computations' part of the OpenAPI document (merged into it by `openapi.rs`).
#[derive(OpenApi)]
#[openapi(
    paths(list, get, spec, report),
    components(schemas(ComputationOut, ComputationLine, IssuedSpecOut, ReportIn, ReportBody)),
    tags((name = "computations", description = "Joint computations: spec, consent, progress and publication")),
)]
pub struct ComputationsApi;

/// A joint computation as its organisations and the brokers see it.
#[derive(Debug, Serialize, ToSchema)]
pub struct ComputationOut {
    pub slug: String,
    /// draft, consent, declined, issued, running, done, aborted or published.
    pub stage: String,
    /// The spec (title, purpose, question, columns, group_by, statistics, k, nodes, parties,
    /// consent_by, input_by).
    #[schema(value_type = Object)]
    pub spec: serde_json::Value,
    /// Each statistic in plain words (Dutch, English).
    pub words_nl: Vec<String>,
    pub words_en: Vec<String>,
    /// Decisions taken: role, organisation, decision, reason, decided_at.
    #[schema(value_type = Vec<Object>)]
    pub consents: Vec<serde_json::Value>,
    /// Reports of the nodes: organisation, phase, reason, reported_at.
    #[schema(value_type = Vec<Object>)]
    pub reports: Vec<serde_json::Value>,
    /// Input parties that delivered input (not what).
    pub delivered: Vec<String>,
    /// Input parties that approved publishing the result.
    pub approved: Vec<String>,
    pub abort_reason: String,
    pub updated_at: String,
    pub url: String,
}

impl From<&leerpunt_store::Computation> for ComputationOut {
    fn from(c: &leerpunt_store::Computation) -> Self {
        Self {
            slug: c.slug.clone(),
            stage: c.stage.key().to_owned(),
            spec: serde_json::to_value(&c.spec).unwrap_or_default(),
            words_nl: c.spec.describe(leerpunt_core::Lang::Nl),
            words_en: c.spec.describe(leerpunt_core::Lang::En),
            consents: c
                .consents
                .iter()
                .map(|d| {
                    serde_json::json!({
                        "role": d.role.key(), "organisation": d.organisation,
                        "decision": d.decision.key(), "reason": d.reason, "decided_at": d.decided_at,
                    })
                })
                .collect(),
            reports: c
                .reports
                .iter()
                .map(|r| serde_json::to_value(r).unwrap_or_default())
                .collect(),
            delivered: c.delivered.clone(),
            approved: c.approved.clone(),
            abort_reason: c.abort_reason.clone(),
            updated_at: c.updated_at.clone(),
            url: format!("/gezamenlijke-analyse/berekeningen/{}", c.slug),
        }
    }
}

/// A short line of the list.
#[derive(Debug, Serialize, ToSchema)]
pub struct ComputationLine {
    pub slug: String,
    pub title_nl: String,
    pub title_en: String,
    pub stage: String,
    pub nodes: Vec<String>,
    pub parties: Vec<String>,
    pub updated_at: String,
}

/// The issued spec, exactly as signed.
#[derive(Debug, Serialize, ToSchema)]
pub struct IssuedSpecOut {
    /// The spec as TOML.
    pub toml: String,
    /// Leerpunt's Ed25519 signature over `toml` (hex).
    pub signature: String,
    /// Leerpunt's public key (hex); compare it with the key you were given out of band.
    pub public_key: String,
}

/// A node's signed report: `report` is the JSON text of a [`ReportBody`], `signature` the
/// signature (hex) over exactly those bytes with the key of the certificate the node's operator
/// consented with (ECDSA P-256/P-384 or Ed25519).
#[derive(Debug, Serialize, ToSchema)]
pub struct ReportIn {
    pub report: String,
    pub signature: String,
}

/// What a node reports.
#[derive(Debug, Serialize, ToSchema)]
pub struct ReportBody {
    /// The node operator's organisation code.
    pub node: String,
    /// waiting_for_inputs, computing, done or aborted.
    pub phase: String,
    /// Why the node aborted.
    pub reason: Option<String>,
    /// Input parties whose input the node received.
    pub delivered: Option<Vec<String>>,
    /// When the node sent the report (RFC 3339); more than 5 minutes off is refused.
    pub sent_at: String,
    /// The result document, with phase `done`.
    #[schema(value_type = Option<Object>)]
    pub result: Option<serde_json::Value>,
}

/// The computations the caller may see (brokers: all; others: those naming their organisation,
/// once consent is asked).
#[utoipa::path(get, path = "/api/v1/computations", tag = "computations",
    responses((status = 200, body = [ComputationLine]), (status = 401, body = ErrorBody)))]
pub async fn list(
    State(app): State<AppState>,
    caller: Caller,
) -> Result<Json<Vec<ComputationLine>>, AppError> {
    Ok(Json(
        computations::list(&app, &caller)
            .await?
            .into_iter()
            .map(|c| ComputationLine {
                slug: c.slug,
                title_nl: c.title_nl,
                title_en: c.title_en,
                stage: c.stage.key().to_owned(),
                nodes: c.nodes,
                parties: c.parties,
                updated_at: c.updated_at,
            })
            .collect(),
    ))
}

/// One computation.
#[utoipa::path(get, path = "/api/v1/computations/{slug}", tag = "computations",
    params(("slug" = String, Path, description = "The computation's identifier")),
    responses((status = 200, body = ComputationOut), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn get(
    State(app): State<AppState>,
    caller: Caller,
    Path(slug): Path<String>,
) -> Result<Json<ComputationOut>, AppError> {
    let page = computations::page(&app, &caller, &slug, leerpunt_core::Lang::Nl).await?;
    Ok(Json((&page.computation).into()))
}

/// The issued spec with Leerpunt's signature: 404 until every organisation consented.
#[utoipa::path(get, path = "/api/v1/computations/{slug}/spec", tag = "computations",
    params(("slug" = String, Path, description = "The computation's identifier")),
    responses((status = 200, body = IssuedSpecOut), (status = 404, body = ErrorBody)))]
pub async fn spec(
    State(app): State<AppState>,
    Path(slug): Path<String>,
) -> Result<Json<IssuedSpecOut>, AppError> {
    let (toml, signature, public_key) = computations::issued(&app, &slug).await?;
    Ok(Json(IssuedSpecOut {
        toml,
        signature,
        public_key,
    }))
}

/// A node reports its phase (and on `done` the result document).
#[utoipa::path(post, path = "/api/v1/computations/{slug}/reports", tag = "computations",
    params(("slug" = String, Path, description = "The computation's identifier")),
    request_body = ReportIn,
    responses((status = 200, body = ComputationOut), (status = 400, body = ErrorBody),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 422, body = ErrorBody)))]
pub async fn report(
    State(app): State<AppState>,
    caller: Caller,
    Path(slug): Path<String>,
    JsonIn(signed): JsonIn<computations::SignedReport>,
) -> Result<Json<ComputationOut>, AppError> {
    let c = computations::report(&app, &caller, &slug, &signed).await?;
    Ok(Json((&c).into()))
}
