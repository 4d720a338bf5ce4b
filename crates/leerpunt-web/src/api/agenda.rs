//! The rolling agenda in the JSON API: commitments (filtered by action line and status), one
//! commitment with its milestones, updates, evidence and reviews, the review report's figures
//! of a period, and adding a progress update with a token (scope `agenda:write`).

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::Json;
use leerpunt_core::agenda::{Commitment, ProgressInput, Report, Review};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, OpenApi, ToSchema};

use super::wire::{Bilingual, ErrorBody};
use crate::actions::{agenda, Caller};
use crate::error::AppError;
use crate::extract::{JsonIn, Q};
use crate::AppState;

/// The agenda's part of the OpenAPI document (merged into it by `openapi.rs`).
#[derive(OpenApi)]
#[openapi(
    paths(list, get, report, add_update),
    components(schemas(CommitmentOut, CommitmentList, AgendaMilestoneOut, UpdateOut, EvidenceOut, ReviewOut,
        AgendaReportOut, LineOut, AgendaCountOut, UpdateIn, PartnerOut)),
    tags((name = "agenda", description = "The rolling agenda of the Data Agenda Government and its independent review")),
)]
pub struct AgendaApi;

#[derive(Debug, Serialize, ToSchema)]
pub struct PartnerOut {
    pub code: String,
    pub name: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct AgendaMilestoneOut {
    pub id: i64,
    pub title: String,
    /// YYYY-MM-DD.
    pub due_on: String,
    /// YYYY-MM-DD, when done.
    pub done_on: Option<String>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct UpdateOut {
    pub id: i64,
    /// YYYY-MM-DD.
    pub written_on: String,
    pub body: String,
    pub author: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct EvidenceOut {
    pub title: String,
    /// An http or https address.
    pub url: String,
    /// `link` or `document`.
    pub kind: String,
}

/// An independent review on the IRM's scales (keys), with the owner's response.
#[derive(Debug, Serialize, ToSchema)]
pub struct ReviewOut {
    pub id: i64,
    /// `2026` or `2026-H1`.
    pub period: String,
    /// none, low, medium, high.
    pub specificity: String,
    /// clear, unclear.
    pub relevance: String,
    /// none, minor, moderate, transformative.
    pub impact: String,
    /// not_started, limited, substantial, complete.
    pub completion: String,
    /// did_not_change, marginal, major, outstanding.
    pub opened_government: String,
    pub justification: String,
    pub reviewer: String,
    pub response: Option<String>,
    pub responder: Option<String>,
    pub demo: bool,
}

impl From<&Review> for ReviewOut {
    fn from(r: &Review) -> Self {
        let g = &r.ratings;
        Self {
            id: r.id,
            period: g.period.key(),
            specificity: g.specificity.key().into(),
            relevance: g.relevance.key().into(),
            impact: g.impact.key().into(),
            completion: g.completion.key().into(),
            opened_government: g.opened_government.key().into(),
            justification: r.justification.clone(),
            reviewer: r.reviewer.clone(),
            response: r.response.clone(),
            responder: r.responder.clone(),
            demo: r.demo,
        }
    }
}

/// A commitment with everything it holds.
#[derive(Debug, Serialize, ToSchema)]
pub struct CommitmentOut {
    pub id: i64,
    /// A theme key of the Data Agenda's action lines.
    pub action_line: String,
    /// The owner's register code.
    pub owner: String,
    pub owner_name: String,
    pub partners: Vec<PartnerOut>,
    pub title: Bilingual,
    pub description: Bilingual,
    pub starts_on: String,
    pub due_on: String,
    /// planned, in_progress, delayed, completed, stopped.
    pub status: String,
    pub milestones: Vec<AgendaMilestoneOut>,
    /// Newest first.
    pub updates: Vec<UpdateOut>,
    pub evidence: Vec<EvidenceOut>,
    /// Newest period first.
    pub reviews: Vec<ReviewOut>,
    pub demo: bool,
    pub url: String,
}

impl From<&Commitment> for CommitmentOut {
    fn from(c: &Commitment) -> Self {
        Self {
            id: c.id,
            action_line: c.action_line.clone(),
            owner: c.owner.clone(),
            owner_name: c.owner_name.clone(),
            partners: c
                .partners
                .iter()
                .map(|(code, name)| PartnerOut {
                    code: code.clone(),
                    name: name.clone(),
                })
                .collect(),
            title: Bilingual {
                nl: c.title_nl.clone(),
                en: c.title_en.clone(),
            },
            description: Bilingual {
                nl: c.description_nl.clone(),
                en: c.description_en.clone(),
            },
            starts_on: c.starts_on.clone(),
            due_on: c.due_on.clone(),
            status: c.status.key().into(),
            milestones: c
                .milestones
                .iter()
                .map(|m| AgendaMilestoneOut {
                    id: m.id,
                    title: m.title.clone(),
                    due_on: m.due_on.clone(),
                    done_on: m.done_on.clone(),
                })
                .collect(),
            updates: c
                .updates
                .iter()
                .map(|u| UpdateOut {
                    id: u.id,
                    written_on: u.written_on.clone(),
                    body: u.body.clone(),
                    author: u.author.clone(),
                })
                .collect(),
            evidence: c
                .evidence
                .iter()
                .map(|e| EvidenceOut {
                    title: e.title.clone(),
                    url: e.url.clone(),
                    kind: e.kind.key().into(),
                })
                .collect(),
            reviews: c.reviews.iter().map(ReviewOut::from).collect(),
            demo: c.demo,
            url: format!("/agenda/toezeggingen/{}", c.id),
        }
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct CommitmentList {
    pub items: Vec<CommitmentOut>,
    pub total: usize,
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ListParams {
    /// An action line (theme key of the Data Agenda group).
    action_line: Option<String>,
    /// planned, in_progress, delayed, completed or stopped.
    status: Option<String>,
}

/// The commitments, by action line and due date.
#[utoipa::path(get, path = "/api/v1/agenda/commitments", tag = "agenda", params(ListParams),
    responses((status = 200, body = CommitmentList), (status = 400, body = ErrorBody)))]
pub async fn list(
    State(app): State<AppState>,
    Q(params): Q<ListParams>,
) -> Result<Json<CommitmentList>, AppError> {
    let filter = agenda::filter(params.action_line.as_deref(), params.status.as_deref())?;
    let items = agenda::commitments(&app, &filter).await?;
    Ok(Json(CommitmentList {
        total: items.len(),
        items: items.iter().map(CommitmentOut::from).collect(),
    }))
}

/// One commitment with its milestones, updates, evidence and reviews.
#[utoipa::path(get, path = "/api/v1/agenda/commitments/{id}", tag = "agenda",
    params(("id" = String, Path, description = "The commitment's id")),
    responses((status = 200, body = CommitmentOut), (status = 404, body = ErrorBody)))]
pub async fn get(
    State(app): State<AppState>,
    Path(id): Path<String>,
) -> Result<Json<CommitmentOut>, AppError> {
    Ok(Json((&agenda::commitment(&app, &id).await?).into()))
}

/// A value of a scale with its count.
#[derive(Debug, Serialize, ToSchema)]
pub struct AgendaCountOut {
    pub key: String,
    pub count: i64,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct LineOut {
    pub action_line: String,
    pub commitments: i64,
    pub completed: i64,
    pub reviewed: i64,
    /// Reviews of the period by completion.
    pub completion: Vec<AgendaCountOut>,
}

/// The review report's figures of a period.
#[derive(Debug, Serialize, ToSchema)]
pub struct AgendaReportOut {
    pub period: String,
    /// YYYY-MM-DD.
    pub start: String,
    pub end: String,
    /// Commitments running in the period (start–due overlaps it).
    pub commitments: i64,
    /// Of those, reviewed for the period.
    pub reviewed: i64,
    pub lines: Vec<LineOut>,
    pub by_status: Vec<AgendaCountOut>,
    pub by_completion: Vec<AgendaCountOut>,
    pub by_impact: Vec<AgendaCountOut>,
    pub by_opened_government: Vec<AgendaCountOut>,
    pub by_specificity: Vec<AgendaCountOut>,
    pub by_relevance: Vec<AgendaCountOut>,
}

fn counts<T: Copy>(v: &[(T, i64)], key: impl Fn(T) -> &'static str) -> Vec<AgendaCountOut> {
    v.iter()
        .map(|(k, n)| AgendaCountOut {
            key: key(*k).into(),
            count: *n,
        })
        .collect()
}

impl From<&Report> for AgendaReportOut {
    fn from(r: &Report) -> Self {
        use leerpunt_core::agenda::*;
        Self {
            period: r.period.key(),
            start: r.period.start(),
            end: r.period.end(),
            commitments: r.commitments,
            reviewed: r.reviewed,
            lines: r
                .lines
                .iter()
                .map(|l| LineOut {
                    action_line: l.action_line.clone(),
                    commitments: l.commitments,
                    completed: l.completed,
                    reviewed: l.reviewed,
                    completion: counts(&l.completion, Completion::key),
                })
                .collect(),
            by_status: counts(&r.by_status, CommitmentStatus::key),
            by_completion: counts(&r.by_completion, Completion::key),
            by_impact: counts(&r.by_impact, Impact::key),
            by_opened_government: counts(&r.by_opened, OpenedGovernment::key),
            by_specificity: counts(&r.by_specificity, Specificity::key),
            by_relevance: counts(&r.by_relevance, Relevance::key),
        }
    }
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ReportParams {
    /// `2026`, `2026-H1` or `2026-H2`.
    period: String,
}

/// The review report's figures for a period.
#[utoipa::path(get, path = "/api/v1/agenda/report", tag = "agenda", params(ReportParams),
    responses((status = 200, body = AgendaReportOut), (status = 400, body = ErrorBody)))]
pub async fn report(
    State(app): State<AppState>,
    Q(params): Q<ReportParams>,
) -> Result<Json<AgendaReportOut>, AppError> {
    let period = agenda::period(&params.period)?;
    let (r, _) = agenda::report(&app, period).await?;
    Ok(Json((&r).into()))
}

/// A progress update.
#[derive(Debug, Deserialize, ToSchema)]
pub struct UpdateIn {
    /// YYYY-MM-DD.
    pub written_on: String,
    pub body: String,
}

/// Adds a progress update to a commitment (the owner's editors, brokers, admins).
#[utoipa::path(post, path = "/api/v1/agenda/commitments/{id}/updates", tag = "agenda", request_body = UpdateIn,
    params(("id" = String, Path, description = "The commitment's id")),
    security(("bearer" = ["agenda:write"])),
    responses(
        (status = 201, body = CommitmentOut),
        (status = 400, body = ErrorBody),
        (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody),
        (status = 422, body = ErrorBody),
    ))]
pub async fn add_update(
    State(app): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    JsonIn(input): JsonIn<UpdateIn>,
) -> Result<(StatusCode, Json<CommitmentOut>), AppError> {
    let c = agenda::add_progress(
        &app,
        &caller,
        &id,
        ProgressInput {
            written_on: input.written_on,
            body: input.body,
        },
    )
    .await?;
    Ok((StatusCode::CREATED, Json((&c).into())))
}
