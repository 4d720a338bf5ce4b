//! The self-assessment in the JSON API: the instrument, a peer group's aggregates (quartiles
//! only, and only for groups of at least five; a smaller group answers `too_few` and nothing
//! else) and an organisation's result when it made it public. Filling it in happens on the site.

use axum::extract::{Path, State};
use axum::Json;
use leerpunt_core::zelfscan::{self, Instrument};
use serde::Serialize;
use utoipa::{OpenApi, ToSchema};

use super::wire::{Bilingual, ErrorBody};
use crate::actions::{zelfscan as act, Caller};
use crate::error::AppError;
use crate::AppState;

/// The self-assessment's part of the OpenAPI document (merged into it by `openapi.rs`).
#[derive(OpenApi)]
#[openapi(
    paths(instrument, group, result),
    components(schemas(InstrumentOut, ScaleOut, DimensionOut, InstrumentQuestionOut, GroupOut, GroupDimensionOut, ResultOut, SubmissionOut, ScoreOut)),
    tags((name = "zelfscan", description = "The data-governance self-assessment: the instrument, peer benchmarks and public results")),
)]
pub struct ZelfscanApi;

fn both(nl: &str, en: &str) -> Bilingual {
    Bilingual {
        nl: nl.to_owned(),
        en: en.to_owned(),
    }
}

/// A level of the answer scale.
#[derive(Debug, Serialize, ToSchema)]
pub struct ScaleOut {
    pub level: u8,
    pub text: Bilingual,
}

/// A question, answered with a level 1–5.
#[derive(Debug, Serialize, ToSchema)]
pub struct InstrumentQuestionOut {
    pub key: String,
    pub text: Bilingual,
}

/// A dimension of the instrument.
#[derive(Debug, Serialize, ToSchema)]
pub struct DimensionOut {
    pub key: String,
    pub title: Bilingual,
    pub about: Bilingual,
    /// What levels 1 to 5 look like in this dimension.
    pub levels: Vec<Bilingual>,
    pub questions: Vec<InstrumentQuestionOut>,
    pub recommendations: Vec<Bilingual>,
    /// Glossary term keys (anchors `term-{key}` on /begrippen).
    pub terms: Vec<String>,
    /// Leerpunt theme keys.
    pub themes: Vec<String>,
}

/// The instrument.
#[derive(Debug, Serialize, ToSchema)]
pub struct InstrumentOut {
    pub version: u32,
    pub title: Bilingual,
    pub scale: Vec<ScaleOut>,
    pub dimensions: Vec<DimensionOut>,
}

impl From<&Instrument> for InstrumentOut {
    fn from(i: &Instrument) -> Self {
        Self {
            version: i.version,
            title: both(&i.title_nl, &i.title_en),
            scale: i
                .scale
                .iter()
                .map(|s| ScaleOut {
                    level: s.level,
                    text: both(&s.nl, &s.en),
                })
                .collect(),
            dimensions: i
                .dimensions
                .iter()
                .map(|d| DimensionOut {
                    key: d.key.clone(),
                    title: both(&d.nl, &d.en),
                    about: both(&d.about_nl, &d.about_en),
                    levels: d
                        .levels_nl
                        .iter()
                        .zip(&d.levels_en)
                        .map(|(nl, en)| both(nl, en))
                        .collect(),
                    questions: d
                        .questions
                        .iter()
                        .map(|q| InstrumentQuestionOut {
                            key: q.key.clone(),
                            text: both(&q.nl, &q.en),
                        })
                        .collect(),
                    recommendations: d
                        .recommendations
                        .iter()
                        .map(|r| both(&r.nl, &r.en))
                        .collect(),
                    terms: d.terms.clone(),
                    themes: d.themes.clone(),
                })
                .collect(),
        }
    }
}

/// The current instrument.
#[utoipa::path(get, path = "/api/v1/zelfscan/instrument", tag = "zelfscan",
    responses((status = 200, body = InstrumentOut)))]
pub async fn instrument() -> Result<Json<InstrumentOut>, AppError> {
    Ok(Json(act::instrument()?.into()))
}

/// The quartiles of one dimension over a peer group.
#[derive(Debug, Serialize, ToSchema)]
pub struct GroupDimensionOut {
    pub dimension: String,
    pub q1: Option<f64>,
    pub median: Option<f64>,
    pub q3: Option<f64>,
}

/// A peer group's aggregates. `too_few` is true when fewer than five organisations are in the
/// group: then neither the number of organisations nor any figure is given.
#[derive(Debug, Serialize, ToSchema)]
pub struct GroupOut {
    /// The group's key: an organisation kind, for municipalities with a size band
    /// (`municipality.grootte-onbekend`, `municipality.tot-20k`, …).
    pub group: String,
    pub too_few: bool,
    /// The smallest group that is shown.
    pub min_group: usize,
    pub organisations: Option<usize>,
    pub dimensions: Vec<GroupDimensionOut>,
}

/// A peer group's median and quartiles per dimension over each member's latest submission of
/// the last 365 days; only for groups of at least five.
#[utoipa::path(get, path = "/api/v1/zelfscan/groups/{group}", tag = "zelfscan",
    params(("group" = String, Path, description = "A group key, e.g. water_board or municipality.grootte-onbekend")),
    responses((status = 200, body = GroupOut), (status = 404, body = ErrorBody)))]
pub async fn group(
    State(app): State<AppState>,
    Path(key): Path<String>,
) -> Result<Json<GroupOut>, AppError> {
    let instrument = act::instrument()?;
    let b = act::group_benchmark(&app, &key).await?;
    Ok(Json(GroupOut {
        group: b.group.key(),
        too_few: b.too_few(),
        min_group: zelfscan::MIN_GROUP,
        organisations: b.size,
        dimensions: if b.too_few() {
            Vec::new()
        } else {
            instrument
                .dimensions
                .iter()
                .zip(&b.dimensions)
                .map(|(d, q)| GroupDimensionOut {
                    dimension: d.key.clone(),
                    q1: q.map(|q| q.q1),
                    median: q.map(|q| q.median),
                    q3: q.map(|q| q.q3),
                })
                .collect()
        },
    }))
}

/// A dimension's score in a submission.
#[derive(Debug, Serialize, ToSchema)]
pub struct ScoreOut {
    pub dimension: String,
    /// The mean of the dimension's answered levels.
    pub score: Option<f64>,
}

/// A submission.
#[derive(Debug, Serialize, ToSchema)]
pub struct SubmissionOut {
    pub submitted_on: String,
    pub instrument_version: u32,
    pub scores: Vec<ScoreOut>,
}

/// An organisation's submissions, oldest first.
#[derive(Debug, Serialize, ToSchema)]
pub struct ResultOut {
    pub organisation: String,
    pub submissions: Vec<SubmissionOut>,
    pub url: String,
}

/// An organisation's results: only when it made them public (or for its own editors, brokers
/// and admins); otherwise 404.
#[utoipa::path(get, path = "/api/v1/zelfscan/results/{code}", tag = "zelfscan",
    params(("code" = String, Path, description = "Organisation code, e.g. WS0654")),
    responses((status = 200, body = ResultOut), (status = 404, body = ErrorBody)))]
pub async fn result(
    State(app): State<AppState>,
    caller: Caller,
    Path(code): Path<String>,
) -> Result<Json<ResultOut>, AppError> {
    let instrument = act::instrument()?;
    let (org, submissions) = act::public_result(&app, &caller, &code).await?;
    Ok(Json(ResultOut {
        url: format!("/zelfscan/{}", org.code),
        organisation: org.code,
        submissions: submissions
            .iter()
            .map(|s| SubmissionOut {
                submitted_on: s.submitted_on.clone().unwrap_or_default(),
                instrument_version: s.instrument_version,
                scores: instrument
                    .dimensions
                    .iter()
                    .zip(zelfscan::scores(instrument, &s.answers))
                    .map(|(d, score)| ScoreOut {
                        dimension: d.key.clone(),
                        score,
                    })
                    .collect(),
            })
            .collect(),
    }))
}
