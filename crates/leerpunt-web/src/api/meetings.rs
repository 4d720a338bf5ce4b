//! The meeting log and its report in the JSON API, for brokers' tokens (scope `meetings:write`,
//! reads included: the log holds non-public meetings): list, get and create meetings, and the
//! report's figures for a year or quarter.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::Json;
use leerpunt_core::meetings::{FollowUpInput, Meeting, MeetingKind, NewMeeting, Period, Report};
use leerpunt_store::MeetingFilter;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, OpenApi, ToSchema};

use super::wire::ErrorBody;
use crate::actions::{meetings, Caller};
use crate::error::AppError;
use crate::extract::{JsonIn, Q};
use crate::AppState;

/// The meeting log's part of the OpenAPI document (merged into it by `openapi.rs`).
#[derive(OpenApi)]
#[openapi(
    paths(list, get, create, report),
    components(schemas(MeetingOut, MeetingPage, FollowUpOut, OrganisationPresent, MeetingIn, FollowUpIn, ReportOut, CountOut)),
    tags((name = "meetings", description = "The centre's meeting log and its report (brokers)"))
)]
pub struct MeetingsApi;

/// An organisation present at a meeting.
#[derive(Debug, Serialize, ToSchema)]
pub struct OrganisationPresent {
    pub code: String,
    pub name: String,
    /// Kind of organisation (ministry, municipality, …).
    pub kind: String,
    /// Province code (PV20–PV31), if any.
    pub province: Option<String>,
}

/// A follow-up action.
#[derive(Debug, Serialize, ToSchema)]
pub struct FollowUpOut {
    pub id: i64,
    pub action: String,
    pub owner: String,
    /// The account the owner is, when written as its address.
    pub owner_user_id: Option<i64>,
    /// YYYY-MM-DD.
    pub due: String,
    /// YYYY-MM-DD, when done.
    pub done: Option<String>,
    /// Done on or before the due date.
    pub on_time: bool,
}

/// A logged meeting.
#[derive(Debug, Serialize, ToSchema)]
pub struct MeetingOut {
    pub id: i64,
    /// YYYY-MM-DD.
    pub date: String,
    /// advice, matchmaking, community, workshop, conference or helpdesk-follow-up.
    pub kind: String,
    pub title: String,
    pub organisations: Vec<OrganisationPresent>,
    pub themes: Vec<String>,
    pub outcome: String,
    pub public: bool,
    pub follow_ups: Vec<FollowUpOut>,
    /// Practice slugs.
    pub practices: Vec<String>,
    /// Help-desk question ids.
    pub questions: Vec<i64>,
    pub links: Vec<String>,
    pub demo: bool,
    pub created_at: String,
    pub updated_at: String,
    pub url: String,
}

impl From<&Meeting> for MeetingOut {
    fn from(m: &Meeting) -> Self {
        Self {
            id: m.id,
            date: m.date.clone(),
            kind: m.kind.key().to_owned(),
            title: m.title.clone(),
            organisations: m
                .organisations
                .iter()
                .map(|o| OrganisationPresent {
                    code: o.code.clone(),
                    name: o.name.clone(),
                    kind: o.kind.key().to_owned(),
                    province: o.province.clone(),
                })
                .collect(),
            themes: m.themes.clone(),
            outcome: m.outcome.clone(),
            public: m.public,
            follow_ups: m
                .follow_ups
                .iter()
                .map(|f| FollowUpOut {
                    id: f.id,
                    action: f.action.clone(),
                    owner: f.owner.clone(),
                    owner_user_id: f.owner_user_id,
                    due: f.due.clone(),
                    done: f.done.clone(),
                    on_time: f.on_time(),
                })
                .collect(),
            practices: m.practices.clone(),
            questions: m.questions.clone(),
            links: m.links.clone(),
            demo: m.demo,
            created_at: m.created_at.clone(),
            updated_at: m.updated_at.clone(),
            url: format!("/verslag/bijeenkomsten/{}", m.id),
        }
    }
}

/// A page of the log.
#[derive(Debug, Serialize, ToSchema)]
pub struct MeetingPage {
    pub items: Vec<MeetingOut>,
    pub page: u32,
    pub per_page: u32,
    pub total: i64,
}

/// A follow-up action to log.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct FollowUpIn {
    #[schema(min_length = 1, max_length = 500)]
    pub action: String,
    /// A name, or the e-mail address of an account.
    #[schema(min_length = 1, max_length = 200)]
    pub owner: String,
    /// YYYY-MM-DD, not before the meeting.
    pub due: String,
    /// YYYY-MM-DD, when done.
    #[serde(default)]
    pub done: Option<String>,
}

/// A meeting to log. Text is plain: HTML tags are refused.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct MeetingIn {
    /// YYYY-MM-DD.
    pub date: String,
    /// advice, matchmaking, community, workshop, conference or helpdesk-follow-up.
    pub kind: String,
    #[schema(min_length = 3, max_length = 200)]
    pub title: String,
    /// Register codes of the organisations present.
    #[serde(default)]
    #[schema(max_items = 50)]
    pub organisations: Vec<String>,
    /// Theme keys, see /api/v1/themes.
    #[serde(default)]
    #[schema(max_items = 8)]
    pub themes: Vec<String>,
    #[serde(default)]
    #[schema(max_length = 5000)]
    pub outcome: String,
    /// Whether the meeting was open to anyone.
    #[serde(default)]
    pub public: bool,
    #[serde(default)]
    #[schema(max_items = 20)]
    pub follow_ups: Vec<FollowUpIn>,
    /// Practice slugs.
    #[serde(default)]
    pub practices: Vec<String>,
    /// Help-desk question ids.
    #[serde(default)]
    pub questions: Vec<i64>,
    /// Web addresses (https://…): an event's page, minutes.
    #[serde(default)]
    #[schema(max_items = 10)]
    pub links: Vec<String>,
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ListParams {
    /// 1-based page.
    page: Option<i64>,
    /// Results per page (1–100).
    per_page: Option<i64>,
    /// Only meetings of this year.
    year: Option<i32>,
    /// Only meetings of this kind.
    kind: Option<String>,
}

/// The meeting log, newest first.
#[utoipa::path(get, path = "/api/v1/meetings", tag = "meetings", params(ListParams),
    security(("bearer" = ["meetings:write"])),
    responses((status = 200, body = MeetingPage), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody)))]
pub async fn list(
    State(app): State<AppState>,
    caller: Caller,
    Q(params): Q<ListParams>,
) -> Result<Json<MeetingPage>, AppError> {
    let page = crate::filters::page_request(params.page, params.per_page)?;
    if let Some(y) = params.year.filter(|y| !(2000..=2100).contains(y)) {
        return Err(AppError::BadRequest(format!(
            "year must be between 2000 and 2100, not {y}"
        )));
    }
    let kind = match params.kind.as_deref().filter(|k| !k.is_empty()) {
        Some(k) => Some(
            MeetingKind::parse(k)
                .ok_or_else(|| AppError::BadRequest(format!("unknown kind {k:?}")))?,
        ),
        None => None,
    };
    let filter = MeetingFilter {
        year: params.year,
        kind,
    };
    let (items, total, _) = meetings::log(&app, &caller, &filter, page).await?;
    Ok(Json(MeetingPage {
        items: items.iter().map(MeetingOut::from).collect(),
        page: page.page,
        per_page: page.per_page,
        total,
    }))
}

/// One meeting.
#[utoipa::path(get, path = "/api/v1/meetings/{id}", tag = "meetings",
    params(("id" = String, Path, description = "The meeting's number")),
    security(("bearer" = ["meetings:write"])),
    responses((status = 200, body = MeetingOut), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn get(
    State(app): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> Result<Json<MeetingOut>, AppError> {
    let id = id
        .parse::<i64>()
        .ok()
        .filter(|id| *id > 0)
        .ok_or_else(|| AppError::NotFound(format!("meeting {id:?}")))?;
    let m = meetings::meeting(&app, &caller, id).await?;
    Ok(Json((&m).into()))
}

/// Log a meeting.
#[utoipa::path(post, path = "/api/v1/meetings", tag = "meetings", request_body = MeetingIn,
    security(("bearer" = ["meetings:write"])),
    responses(
        (status = 201, body = MeetingOut),
        (status = 400, body = ErrorBody),
        (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody),
        (status = 422, body = ErrorBody),
    ))]
pub async fn create(
    State(app): State<AppState>,
    caller: Caller,
    JsonIn(input): JsonIn<MeetingIn>,
) -> Result<(StatusCode, Json<MeetingOut>), AppError> {
    let m = meetings::create(
        &app,
        &caller,
        NewMeeting {
            date: input.date,
            kind: input.kind,
            title: input.title,
            organisations: input.organisations,
            themes: input.themes,
            outcome: input.outcome,
            public: input.public,
            follow_ups: input
                .follow_ups
                .into_iter()
                .map(|f| FollowUpInput {
                    action: f.action,
                    owner: f.owner,
                    due: f.due,
                    done: f.done,
                })
                .collect(),
            practices: input.practices,
            questions: input.questions,
            links: input.links,
        },
    )
    .await?;
    Ok((StatusCode::CREATED, Json((&m).into())))
}

/// A count of one category.
#[derive(Debug, Serialize, ToSchema)]
pub struct CountOut {
    pub key: String,
    pub count: i64,
}

/// The report's figures for a period.
#[derive(Debug, Serialize, ToSchema)]
pub struct ReportOut {
    pub year: i32,
    pub quarter: Option<u8>,
    /// First and last day of the period, YYYY-MM-DD.
    pub start: String,
    pub end: String,
    pub meetings: i64,
    /// Every kind of meeting, also those with 0.
    pub by_kind: Vec<CountOut>,
    /// Theme key → meetings about it.
    pub by_theme: Vec<CountOut>,
    /// Province code ("" for bodies without a province) → meetings that reached one there.
    pub by_province: Vec<CountOut>,
    /// Kind of organisation → meetings that reached one of that kind.
    pub by_organisation_kind: Vec<CountOut>,
    /// Distinct organisations present at the period's meetings.
    pub organisations_reached: i64,
    /// Follow-ups due in the period, and of those: done on time, done late, open.
    pub follow_ups_due: i64,
    pub follow_ups_on_time: i64,
    pub follow_ups_late: i64,
    pub follow_ups_open: i64,
}

fn counts<K>(rows: &[(K, i64)], key: impl Fn(&K) -> String) -> Vec<CountOut> {
    rows.iter()
        .map(|(k, n)| CountOut {
            key: key(k),
            count: *n,
        })
        .collect()
}

impl From<&Report> for ReportOut {
    fn from(r: &Report) -> Self {
        Self {
            year: r.period.year,
            quarter: r.period.quarter,
            start: r.period.start(),
            end: r.period.end(),
            meetings: r.meetings,
            by_kind: counts(&r.by_kind, |k| k.key().to_owned()),
            by_theme: counts(&r.by_theme, Clone::clone),
            by_province: counts(&r.by_province, Clone::clone),
            by_organisation_kind: counts(&r.by_org_kind, |k| k.key().to_owned()),
            organisations_reached: r.organisations_reached,
            follow_ups_due: r.follow_ups_due,
            follow_ups_on_time: r.follow_ups_on_time,
            follow_ups_late: r.follow_ups_late,
            follow_ups_open: r.follow_ups_open,
        }
    }
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ReportParams {
    /// The year (2000–2100); the current year when left out.
    year: Option<i32>,
    /// A quarter (1–4) of that year; the whole year when left out.
    quarter: Option<u8>,
}

/// The report of a year or quarter.
#[utoipa::path(get, path = "/api/v1/report", tag = "meetings", params(ReportParams),
    security(("bearer" = ["meetings:write"])),
    responses((status = 200, body = ReportOut), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody)))]
pub async fn report(
    State(app): State<AppState>,
    caller: Caller,
    Q(params): Q<ReportParams>,
) -> Result<Json<ReportOut>, AppError> {
    let period = Period::new(
        params.year.unwrap_or_else(meetings::this_year),
        params.quarter,
    )
    .map_err(|e| AppError::BadRequest(e.to_string()))?;
    let r = meetings::report(&app, &caller, period).await?;
    Ok(Json((&r).into()))
}
