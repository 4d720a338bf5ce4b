//! The dashboard's figures in the JSON API, and the same figures as CSV (one row per count), so
//! others can chart or check what the centre reports.

use axum::extract::State;
use axum::http::header;
use axum::response::{IntoResponse, Response};
use axum::Json;
use leerpunt_core::dashboard::Dashboard;
use serde::Serialize;
use utoipa::{OpenApi, ToSchema};

use crate::actions::dashboard as act;
use crate::error::AppError;
use crate::AppState;

/// The dashboard's part of the OpenAPI document (merged into it by `openapi.rs`).
#[derive(OpenApi)]
#[openapi(
    paths(get, csv),
    components(schemas(DashboardOut, DashboardChallengeOut, DashboardCount, ReachOut, HelpdeskOut, YearOut)),
    tags((name = "dashboard", description = "What the centre reports: counts only, no names")),
)]
pub struct DashboardApi;

/// A labelled count; `key` is a theme key, province code, kind of organisation or meeting kind
/// (`null` for practices of organisations without a province).
#[derive(Debug, Serialize, ToSchema)]
pub struct DashboardCount {
    pub key: Option<String>,
    pub count: i64,
}

/// Organisations reached, in three ways and in all.
#[derive(Debug, Serialize, ToSchema)]
pub struct ReachOut {
    /// With at least one published practice.
    pub with_practices: i64,
    /// With a confirmed account working for them.
    pub with_members: i64,
    /// Taking part in a logged meeting.
    pub in_meetings: i64,
    /// Reached in any of these ways, each once.
    pub total: i64,
    /// In the register.
    pub registered: i64,
}

/// The help desk in figures.
#[derive(Debug, Serialize, ToSchema)]
pub struct HelpdeskOut {
    pub asked: i64,
    pub answered: i64,
    pub waiting: i64,
    /// Median hours from a question to its first answer; `null` before the first answer.
    pub median_hours_to_answer: Option<f64>,
}

/// One year of growth.
#[derive(Debug, Serialize, ToSchema)]
pub struct YearOut {
    pub year: i32,
    pub practices: i64,
    pub practices_total: i64,
    pub questions: i64,
}

/// Everything the dashboard shows.
#[derive(Debug, Serialize, ToSchema)]
pub struct DashboardOut {
    pub practices: i64,
    pub by_theme: Vec<DashboardCount>,
    pub by_province: Vec<DashboardCount>,
    pub by_org_kind: Vec<DashboardCount>,
    pub reach: ReachOut,
    pub helpdesk: HelpdeskOut,
    /// Empty when the meeting log is.
    pub meetings_by_kind: Vec<DashboardCount>,
    pub growth: Vec<YearOut>,
    /// Commitments of the rolling agenda per status key.
    pub agenda_by_status: Vec<DashboardCount>,
    pub challenges: Vec<DashboardChallengeOut>,
}

/// An idea challenge's funnel.
#[derive(Debug, Serialize, ToSchema)]
pub struct DashboardChallengeOut {
    pub id: i64,
    pub title_nl: String,
    pub title_en: String,
    pub ideas: i64,
    pub shortlisted: i64,
    pub pitched: i64,
    pub funded: i64,
    pub finished: i64,
    pub url: String,
}

fn count(key: Option<String>, count: i64) -> DashboardCount {
    DashboardCount { key, count }
}

impl From<&Dashboard> for DashboardOut {
    fn from(d: &Dashboard) -> Self {
        Self {
            practices: d.practices,
            by_theme: d
                .by_theme
                .iter()
                .map(|(k, n)| count(Some(k.clone()), *n))
                .collect(),
            by_province: d
                .by_province
                .iter()
                .map(|(k, n)| count(k.clone(), *n))
                .collect(),
            by_org_kind: d
                .by_org_kind
                .iter()
                .map(|(k, n)| count(Some(k.key().to_owned()), *n))
                .collect(),
            reach: ReachOut {
                with_practices: d.reach.with_practices,
                with_members: d.reach.with_members,
                in_meetings: d.reach.in_meetings,
                total: d.reach.total,
                registered: d.reach.registered,
            },
            helpdesk: HelpdeskOut {
                asked: d.helpdesk.asked,
                answered: d.helpdesk.answered,
                waiting: d.helpdesk.waiting,
                median_hours_to_answer: d.helpdesk.median_hours_to_answer,
            },
            meetings_by_kind: d
                .meetings_by_kind
                .iter()
                .map(|(k, n)| count(Some(k.key().to_owned()), *n))
                .collect(),
            growth: d
                .growth
                .iter()
                .map(|y| YearOut {
                    year: y.year,
                    practices: y.practices,
                    practices_total: y.practices_total,
                    questions: y.questions,
                })
                .collect(),
            agenda_by_status: d
                .agenda_by_status
                .iter()
                .map(|(s, n)| count(Some(s.key().to_owned()), *n))
                .collect(),
            challenges: d
                .challenges
                .iter()
                .map(|c| DashboardChallengeOut {
                    id: c.id,
                    title_nl: c.title_nl.clone(),
                    title_en: c.title_en.clone(),
                    ideas: c.funnel.ideas,
                    shortlisted: c.funnel.shortlisted,
                    pitched: c.funnel.pitched,
                    funded: c.funnel.funded,
                    finished: c.funnel.finished,
                    url: format!("/uitdagingen/{}", c.id),
                })
                .collect(),
        }
    }
}

/// The dashboard's figures.
#[utoipa::path(get, path = "/api/v1/dashboard", tag = "dashboard",
    responses((status = 200, body = DashboardOut)))]
pub async fn get(State(app): State<AppState>) -> Result<Json<DashboardOut>, AppError> {
    Ok(Json((&act::figures(&app).await?).into()))
}

/// The rows of the CSV: figure, key, value.
pub fn csv_rows(d: &Dashboard) -> Vec<(String, String, String)> {
    let mut rows = Vec::new();
    let mut push = |figure: &str, key: &str, value: String| {
        rows.push((figure.to_owned(), key.to_owned(), value));
    };
    push("practices", "all", d.practices.to_string());
    for (k, n) in &d.by_theme {
        push("practices_by_theme", k, n.to_string());
    }
    for (k, n) in &d.by_province {
        push(
            "practices_by_province",
            k.as_deref().unwrap_or(""),
            n.to_string(),
        );
    }
    for (k, n) in &d.by_org_kind {
        push("practices_by_org_kind", k.key(), n.to_string());
    }
    let r = &d.reach;
    push("reach", "with_practices", r.with_practices.to_string());
    push("reach", "with_members", r.with_members.to_string());
    push("reach", "in_meetings", r.in_meetings.to_string());
    push("reach", "total", r.total.to_string());
    push("reach", "registered", r.registered.to_string());
    let h = &d.helpdesk;
    push("helpdesk", "asked", h.asked.to_string());
    push("helpdesk", "answered", h.answered.to_string());
    push("helpdesk", "waiting", h.waiting.to_string());
    push(
        "helpdesk",
        "median_hours_to_answer",
        h.median_hours_to_answer
            .map(|x| format!("{x:.1}"))
            .unwrap_or_default(),
    );
    for (k, n) in &d.meetings_by_kind {
        push("meetings_by_kind", k.key(), n.to_string());
    }
    for y in &d.growth {
        let year = y.year.to_string();
        push("practices_started", &year, y.practices.to_string());
        push("practices_total", &year, y.practices_total.to_string());
        push("questions_asked", &year, y.questions.to_string());
    }
    for (s, n) in &d.agenda_by_status {
        push("agenda_by_status", s.key(), n.to_string());
    }
    for c in &d.challenges {
        let f = &c.funnel;
        for (step, n) in [
            ("ideas", f.ideas),
            ("shortlisted", f.shortlisted),
            ("pitched", f.pitched),
            ("funded", f.funded),
            ("finished", f.finished),
        ] {
            push(&format!("challenge_{}", c.id), step, n.to_string());
        }
    }
    rows
}

/// The dashboard's figures as CSV: `figure,key,value`, one row per count.
#[utoipa::path(get, path = "/api/v1/dashboard.csv", tag = "dashboard",
    responses((status = 200, content_type = "text/csv", body = String)))]
pub async fn csv(State(app): State<AppState>) -> Result<Response, AppError> {
    let d = act::figures(&app).await?;
    let mut w = csv::Writer::from_writer(Vec::new());
    let fail = |e: csv::Error| AppError::Internal(format!("csv: {e}"));
    w.write_record(["figure", "key", "value"]).map_err(fail)?;
    for (figure, key, value) in csv_rows(&d) {
        w.write_record([figure, key, value]).map_err(fail)?;
    }
    let body = w
        .into_inner()
        .map_err(|e| AppError::Internal(format!("csv: {e}")))?;
    Ok((
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8"),
            (
                header::CONTENT_DISPOSITION,
                "attachment; filename=\"leerpunt-dashboard.csv\"",
            ),
        ],
        body,
    )
        .into_response())
}
