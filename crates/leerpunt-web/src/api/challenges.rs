//! Idea challenges in the JSON API: the challenges with their phase and funnel, a challenge's
//! ideas (never with individual jury scores; the weighted totals only once the winners are
//! chosen) and projects; sending an idea and supporting one with a token (`challenges:write`).

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::Json;
use leerpunt_core::challenges::{Challenge, Idea, IdeaInput, Project};
use serde::{Deserialize, Serialize};
use utoipa::{OpenApi, ToSchema};

use super::wire::{Bilingual, ErrorBody};
use crate::actions::{challenges as uc, Caller};
use crate::error::AppError;
use crate::extract::JsonIn;
use crate::AppState;

/// The challenges' part of the OpenAPI document (merged into it by `openapi.rs`).
#[derive(OpenApi)]
#[openapi(
    paths(list, get, ideas, projects, submit_idea, support),
    components(schemas(ChallengeOut, FunnelOut, CriterionOut, ChallengePhaseOut, IdeaOut, IdeaIn, ProjectOut, ProjectMilestoneOut)),
    tags((name = "challenges", description = "Idea challenges: from many ideas to a few funded projects")),
)]
pub struct ChallengesApi;

/// The funnel of a challenge.
#[derive(Debug, Serialize, ToSchema)]
pub struct FunnelOut {
    pub ideas: i64,
    pub shortlisted: i64,
    pub pitched: i64,
    pub funded: i64,
    pub finished: i64,
}

/// A jury criterion and its weight in percent.
#[derive(Debug, Serialize, ToSchema)]
pub struct CriterionOut {
    pub name: Bilingual,
    pub weight: i64,
}

/// A phase and its first day.
#[derive(Debug, Serialize, ToSchema)]
pub struct ChallengePhaseOut {
    /// collect, shortlist, pitch, jury, execute or results.
    pub phase: String,
    #[schema(format = Date)]
    pub from: String,
}

/// A challenge.
#[derive(Debug, Serialize, ToSchema)]
pub struct ChallengeOut {
    pub id: i64,
    pub title: Bilingual,
    /// Markdown.
    pub description: Bilingual,
    pub themes: Vec<String>,
    /// Euros.
    pub budget: i64,
    /// The phase today: announced, collect, shortlist, pitch, jury, execute or results.
    pub phase: String,
    pub phases: Vec<ChallengePhaseOut>,
    pub criteria: Vec<CriterionOut>,
    pub funnel: FunnelOut,
    pub demo: bool,
    pub url: String,
}

impl From<&Challenge> for ChallengeOut {
    fn from(c: &Challenge) -> Self {
        let f = c.funnel;
        Self {
            id: c.id,
            title: Bilingual {
                nl: c.title_nl.clone(),
                en: c.title_en.clone(),
            },
            description: Bilingual {
                nl: c.description_nl.clone(),
                en: c.description_en.clone(),
            },
            themes: c.themes.clone(),
            budget: c.budget,
            phase: c.phase(&uc::today()).key().to_owned(),
            phases: leerpunt_core::challenges::Phase::TIMELINE
                .iter()
                .map(|p| ChallengePhaseOut {
                    phase: p.key().to_owned(),
                    from: c.dates.start(*p).unwrap_or_default().to_owned(),
                })
                .collect(),
            criteria: c
                .criteria
                .iter()
                .map(|k| CriterionOut {
                    name: Bilingual {
                        nl: k.name_nl.clone(),
                        en: k.name_en.clone(),
                    },
                    weight: k.weight,
                })
                .collect(),
            funnel: FunnelOut {
                ideas: f.ideas,
                shortlisted: f.shortlisted,
                pitched: f.pitched,
                funded: f.funded,
                finished: f.finished,
            },
            demo: c.demo,
            url: format!("/uitdagingen/{}", c.id),
        }
    }
}

/// An idea. Individual jury scores are never part of it.
#[derive(Debug, Serialize, ToSchema)]
pub struct IdeaOut {
    pub id: i64,
    pub challenge: i64,
    pub title_nl: String,
    pub title_en: String,
    pub description_nl: String,
    pub description_en: String,
    /// The register code of the organisation behind the idea.
    pub organisation: Option<String>,
    pub submitter: String,
    pub supports: i64,
    pub shortlisted: bool,
    pub pitched: bool,
    /// The weighted mean of the jury (1–10), once the winners are chosen.
    pub weighted_mean: Option<f64>,
    /// The place in the ranking, once the winners are chosen.
    pub place: Option<i64>,
    pub created_at: String,
    pub url: String,
}

fn idea_out(i: &Idea, total: Option<(i64, Option<f64>)>) -> IdeaOut {
    IdeaOut {
        id: i.id,
        challenge: i.challenge_id,
        title_nl: i.title_nl.clone(),
        title_en: i.title_en.clone(),
        description_nl: i.description_nl.clone(),
        description_en: i.description_en.clone(),
        organisation: i.organisation.as_ref().map(|o| o.1.clone()),
        submitter: i.submitter_name.clone(),
        supports: i.supports,
        shortlisted: i.shortlisted,
        pitched: i.pitch.is_some(),
        weighted_mean: total.and_then(|t| t.1),
        place: total.map(|t| t.0),
        created_at: i.created_at.clone(),
        url: format!("/uitdagingen/ideeen/{}", i.id),
    }
}

/// A new idea: Dutch required, English optional.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct IdeaIn {
    #[schema(min_length = 3, max_length = 200)]
    pub title_nl: String,
    #[serde(default)]
    #[schema(max_length = 200)]
    pub title_en: String,
    /// Markdown.
    #[schema(min_length = 1, max_length = 20000)]
    pub description_nl: String,
    #[serde(default)]
    #[schema(max_length = 20000)]
    pub description_en: String,
    /// The register code of the organisation behind the idea.
    #[serde(default)]
    pub organisation: Option<String>,
}

/// A milestone of a project.
#[derive(Debug, Serialize, ToSchema)]
pub struct ProjectMilestoneOut {
    pub title: String,
    #[schema(format = Date)]
    pub due: String,
    pub done: Option<String>,
}

/// A funded project.
#[derive(Debug, Serialize, ToSchema)]
pub struct ProjectOut {
    pub id: i64,
    pub idea: i64,
    pub title_nl: String,
    pub title_en: String,
    pub budget: i64,
    pub rank: i64,
    pub results: Bilingual,
    pub finished_on: Option<String>,
    pub milestones: Vec<ProjectMilestoneOut>,
    pub url: String,
}

impl From<&Project> for ProjectOut {
    fn from(p: &Project) -> Self {
        Self {
            id: p.id,
            idea: p.idea_id,
            title_nl: p.title_nl.clone(),
            title_en: p.title_en.clone(),
            budget: p.budget,
            rank: p.rank,
            results: Bilingual {
                nl: p.results_nl.clone(),
                en: p.results_en.clone(),
            },
            finished_on: p.finished_on.clone(),
            milestones: p
                .milestones
                .iter()
                .map(|m| ProjectMilestoneOut {
                    title: m.title.clone(),
                    due: m.due.clone(),
                    done: m.done.clone(),
                })
                .collect(),
            url: format!("/uitdagingen/projecten/{}", p.id),
        }
    }
}

/// Every challenge, newest first.
#[utoipa::path(get, path = "/api/v1/challenges", tag = "challenges",
    responses((status = 200, body = [ChallengeOut])))]
pub async fn list(State(app): State<AppState>) -> Result<Json<Vec<ChallengeOut>>, AppError> {
    Ok(Json(
        uc::list(&app)
            .await?
            .iter()
            .map(ChallengeOut::from)
            .collect(),
    ))
}

/// One challenge, with its phases, criteria and funnel.
#[utoipa::path(get, path = "/api/v1/challenges/{id}", tag = "challenges",
    params(("id" = i64, Path, description = "The challenge's id")),
    responses((status = 200, body = ChallengeOut), (status = 400, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn get(
    State(app): State<AppState>,
    Path(id): Path<i64>,
) -> Result<Json<ChallengeOut>, AppError> {
    Ok(Json((&uc::challenge(&app, id).await?).into()))
}

/// A challenge's ideas, oldest first; the jury's weighted totals only once the winners are
/// chosen, and never individual scores.
#[utoipa::path(get, path = "/api/v1/challenges/{id}/ideas", tag = "challenges",
    params(("id" = i64, Path, description = "The challenge's id")),
    responses((status = 200, body = [IdeaOut]), (status = 400, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn ideas(
    State(app): State<AppState>,
    Path(id): Path<i64>,
) -> Result<Json<Vec<IdeaOut>>, AppError> {
    let c = uc::challenge(&app, id).await?;
    // What a visitor may see: the API shows the public totals only.
    let ranking = uc::ranking(&app, &Caller::visitor(""), &c).await?;
    let ideas = uc::ideas(&app, id).await?;
    Ok(Json(
        ideas
            .iter()
            .map(|i| {
                let total = ranking.as_ref().and_then(|r| {
                    r.iter()
                        .position(|t| t.idea_id == i.id)
                        .map(|p| (p as i64 + 1, r[p].mean()))
                });
                idea_out(i, total)
            })
            .collect(),
    ))
}

/// A challenge's funded projects, by rank.
#[utoipa::path(get, path = "/api/v1/challenges/{id}/projects", tag = "challenges",
    params(("id" = i64, Path, description = "The challenge's id")),
    responses((status = 200, body = [ProjectOut]), (status = 400, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn projects(
    State(app): State<AppState>,
    Path(id): Path<i64>,
) -> Result<Json<Vec<ProjectOut>>, AppError> {
    uc::challenge(&app, id).await?;
    Ok(Json(
        uc::projects(&app, id)
            .await?
            .iter()
            .map(ProjectOut::from)
            .collect(),
    ))
}

/// Send an idea to a challenge that collects ideas.
#[utoipa::path(post, path = "/api/v1/challenges/{id}/ideas", tag = "challenges", request_body = IdeaIn,
    params(("id" = i64, Path, description = "The challenge's id")),
    security(("bearer" = ["challenges:write"])),
    responses(
        (status = 201, body = IdeaOut),
        (status = 400, body = ErrorBody),
        (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody),
        (status = 422, body = ErrorBody),
    ))]
pub async fn submit_idea(
    State(app): State<AppState>,
    caller: Caller,
    Path(id): Path<i64>,
    JsonIn(input): JsonIn<IdeaIn>,
) -> Result<(StatusCode, Json<IdeaOut>), AppError> {
    let idea = uc::submit_idea(
        &app,
        &caller,
        id,
        IdeaInput {
            title_nl: input.title_nl,
            title_en: input.title_en,
            description_nl: input.description_nl,
            description_en: input.description_en,
            organisation: input.organisation,
        },
    )
    .await?;
    Ok((StatusCode::CREATED, Json(idea_out(&idea, None))))
}

/// Support an idea (once per account).
#[utoipa::path(post, path = "/api/v1/ideas/{id}/support", tag = "challenges",
    params(("id" = i64, Path, description = "The idea's id")),
    security(("bearer" = ["challenges:write"])),
    responses(
        (status = 200, body = IdeaOut),
        (status = 400, body = ErrorBody),
        (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody),
    ))]
pub async fn support(
    State(app): State<AppState>,
    caller: Caller,
    Path(id): Path<i64>,
) -> Result<Json<IdeaOut>, AppError> {
    let idea = uc::support(&app, &caller, id, true).await?;
    Ok(Json(idea_out(&idea, None)))
}
