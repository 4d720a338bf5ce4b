//! Events in the JSON API: the lists (upcoming, past or all; by theme or community), one event
//! with the caller's registration, and registering and cancelling with a token (scope
//! `events:write`).

use axum::extract::{Path, State};
use axum::Json;
use leerpunt_core::events::{Event, RegistrationStatus};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, OpenApi, ToSchema};

use super::wire::{Bilingual, ErrorBody};
use crate::actions::events::{self as actions, ListQuery};
use crate::actions::Caller;
use crate::error::AppError;
use crate::extract::Q;
use crate::AppState;

/// The events' part of the OpenAPI document (merged into it by `openapi.rs`).
#[derive(OpenApi)]
#[openapi(
    paths(list, get, register, cancel),
    components(schemas(EventOut, EventPage, RegistrationOut)),
    tags((name = "events", description = "Events of the network: meetings, webinars, working sessions")),
)]
pub struct EventsApi;

/// An event. Times are RFC 3339 UTC; `timezone` is the IANA zone it is held in.
#[derive(Debug, Serialize, ToSchema)]
pub struct EventOut {
    pub id: i64,
    pub title: Bilingual,
    /// Markdown.
    pub description: Bilingual,
    pub starts_at: String,
    pub ends_at: String,
    pub registration_deadline: String,
    pub timezone: String,
    /// The address, only for registered people and organisers (otherwise absent); absent for an
    /// online event.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub address: Option<String>,
    /// Whether the event is held online.
    pub online: bool,
    /// The online link: only for registered people and organisers (otherwise absent).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub online_url: Option<String>,
    pub capacity: i64,
    pub registered: i64,
    pub waiting: i64,
    pub themes: Vec<String>,
    /// The owner organisation's register code.
    pub organisation: String,
    /// The community's slug.
    pub community: Option<String>,
    pub demo: bool,
    pub url: String,
    /// The caller's registration (only in the detail, for a signed-in caller).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub registration: Option<RegistrationOut>,
}

impl EventOut {
    fn new(e: &Event, link: Option<String>) -> Self {
        Self {
            id: e.id,
            title: Bilingual {
                nl: e.title_nl.clone(),
                en: e.title_en.clone(),
            },
            description: Bilingual {
                nl: e.description_nl.clone(),
                en: e.description_en.clone(),
            },
            starts_at: e.starts_at.clone(),
            ends_at: e.ends_at.clone(),
            registration_deadline: e.deadline_at.clone(),
            timezone: e.timezone.clone(),
            address: link
                .as_ref()
                .map(|_| e.address.clone())
                .filter(|a| !a.is_empty()),
            online: e.is_online(),
            online_url: link.filter(|l| !l.is_empty()),
            capacity: e.capacity,
            registered: e.registered,
            waiting: e.waiting,
            themes: e.themes.clone(),
            organisation: e.organisation_code.clone(),
            community: e.community_slug.clone(),
            demo: e.demo,
            url: format!("/bijeenkomsten/{}", e.id),
            registration: None,
        }
    }
}

/// A registration: a seat (`registered`), a place on the waiting list (`waiting`, with
/// `place`, 1 = next), or `cancelled`.
#[derive(Debug, Serialize, ToSchema)]
pub struct RegistrationOut {
    pub event_id: i64,
    /// registered, waiting or cancelled.
    pub status: String,
    /// The place on the waiting list.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub place: Option<i64>,
}

/// A page of events.
#[derive(Debug, Serialize, ToSchema)]
pub struct EventPage {
    pub items: Vec<EventOut>,
    pub page: u32,
    pub per_page: u32,
    pub total: i64,
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ListParams {
    /// 1-based page.
    page: Option<i64>,
    /// Results per page (1–100).
    per_page: Option<i64>,
    /// A theme key.
    theme: Option<String>,
    /// A community's slug.
    community: Option<String>,
    /// `upcoming` (default: not ended, soonest first) or `past` (latest first).
    when: Option<String>,
}

fn event_id(raw: &str) -> Result<i64, AppError> {
    raw.parse::<i64>()
        .ok()
        .filter(|id| *id > 0)
        .ok_or_else(|| AppError::NotFound(format!("event {raw:?}")))
}

/// The events, upcoming (soonest first) or past (latest first).
#[utoipa::path(get, path = "/api/v1/events", tag = "events", params(ListParams),
    responses((status = 200, body = EventPage), (status = 400, body = ErrorBody)))]
pub async fn list(
    State(app): State<AppState>,
    Q(params): Q<ListParams>,
) -> Result<Json<EventPage>, AppError> {
    let page = crate::filters::page_request(params.page, params.per_page)?;
    let q = ListQuery {
        theme: params.theme.filter(|t| !t.trim().is_empty()),
        community: params.community.filter(|c| !c.trim().is_empty()),
    }
    .checked()?;
    let (items, total) = match params.when.as_deref().map(str::trim) {
        None | Some("" | "upcoming") => actions::upcoming(&app, &q, page).await?,
        Some("past") => actions::past(&app, &q, page).await?,
        Some(other) => {
            return Err(AppError::BadRequest(format!(
                "when must be upcoming or past, not {other:?}"
            )))
        }
    };
    Ok(Json(EventPage {
        items: items.iter().map(|e| EventOut::new(e, None)).collect(),
        page: page.page,
        per_page: page.per_page,
        total,
    }))
}

/// One event, with the caller's registration and, for registered people and organisers, the
/// online link.
#[utoipa::path(get, path = "/api/v1/events/{id}", tag = "events",
    params(("id" = String, Path, description = "The event's number")),
    responses((status = 200, body = EventOut), (status = 404, body = ErrorBody)))]
pub async fn get(
    State(app): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> Result<Json<EventOut>, AppError> {
    let id = event_id(&id)?;
    let page = actions::event_page(&app, &caller, id).await?;
    let link = page.sees_link.then(|| page.event.online_url.clone());
    let mut out = EventOut::new(&page.event, link);
    out.registration = page.mine.map(|(status, place)| RegistrationOut {
        event_id: id,
        status: status.key().to_owned(),
        place: (status == RegistrationStatus::Waiting).then_some(place),
    });
    Ok(Json(out))
}

/// Register for an event: a seat while any is free, else the waiting list.
#[utoipa::path(post, path = "/api/v1/events/{id}/register", tag = "events",
    params(("id" = String, Path, description = "The event's number")),
    security(("bearer" = ["events:write"])),
    responses(
        (status = 200, body = RegistrationOut),
        (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody, description = "Registered already, or registration closed"),
    ))]
pub async fn register(
    State(app): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> Result<Json<RegistrationOut>, AppError> {
    let id = event_id(&id)?;
    let status = actions::register(&app, &caller, id).await?;
    let place = match status {
        RegistrationStatus::Waiting => actions::event_page(&app, &caller, id)
            .await?
            .mine
            .map(|(_, p)| p),
        RegistrationStatus::Registered => None,
    };
    Ok(Json(RegistrationOut {
        event_id: id,
        status: status.key().to_owned(),
        place,
    }))
}

/// Cancel one's registration; a freed seat goes to the first on the waiting list.
#[utoipa::path(post, path = "/api/v1/events/{id}/cancel", tag = "events",
    params(("id" = String, Path, description = "The event's number")),
    security(("bearer" = ["events:write"])),
    responses(
        (status = 200, body = RegistrationOut),
        (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody, description = "No such event, or not registered"),
        (status = 409, body = ErrorBody, description = "The event is over"),
    ))]
pub async fn cancel(
    State(app): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> Result<Json<RegistrationOut>, AppError> {
    let id = event_id(&id)?;
    actions::cancel(&app, &caller, id).await?;
    Ok(Json(RegistrationOut {
        event_id: id,
        status: "cancelled".to_owned(),
        place: None,
    }))
}
