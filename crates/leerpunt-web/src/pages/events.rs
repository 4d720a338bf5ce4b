//! The events' pages: the list (upcoming, past by page, by theme), an event with registration and
//! the organisers' tools (attendee CSV, message, slides and notes), the create/edit form, and
//! the iCalendar (RFC 5545) files: one per event and feeds of all, a theme's and a community's.

use std::collections::BTreeMap;

use axum::extract::{Path, State};
use axum::http::{header, StatusCode};
use axum::response::{Html, IntoResponse, Redirect, Response};
use icalendar::{Calendar, Component, EventLike};
use leerpunt_core::events::{
    display_local, ical_utc, utc_to_local, Event, EventInput, DEFAULT_TIMEZONE,
};
use leerpunt_core::{vocab, Lang};
use minijinja::{context, Value};
use serde::Deserialize;

use super::helpdesk::path_id;
use super::{field_errors, theme_label, theme_options, Labelled, Pager};
use crate::actions::events::{self as actions, EventPage, ListQuery};
use crate::actions::Caller;
use crate::error::AppError;
use crate::extract::{FormData, Q};
use crate::markup;
use crate::ui::Ui;
use crate::AppState;

/// How many upcoming events the list shows; past events are paged.
const UPCOMING: i64 = 50;
const PAST_PER_PAGE: i64 = 10;

/// Field errors in the page's language: the core names them by locale key.
fn errors_of(e: &AppError, lang: Lang) -> Option<BTreeMap<String, String>> {
    let mut out = field_errors(e, lang)?;
    if let AppError::Invalid(fields) = e {
        for f in fields {
            if f.message.starts_with("msg-") && crate::i18n::has_key(lang, &f.message) {
                out.insert(f.field.clone(), crate::i18n::t(lang, &f.message, None));
            }
        }
    }
    Some(out)
}

/// An event as lists and pages show it; the online link only when `link` is given, the address only
/// with `place` (both are for registered people and organisers).
pub fn event_view(e: &Event, lang: Lang, link: &str, place: bool) -> Value {
    let community_name = match lang {
        Lang::En => e
            .community_name_en
            .clone()
            .filter(|n| !n.trim().is_empty())
            .or(e.community_name_nl.clone()),
        Lang::Nl => e.community_name_nl.clone(),
    };
    context! {
        id => e.id,
        title => e.title(lang).to_owned(),
        description => Value::from_safe_string(markup::markdown(e.description(lang))),
        starts => display_local(&e.starts_at, &e.timezone),
        ends => display_local(&e.ends_at, &e.timezone),
        deadline => display_local(&e.deadline_at, &e.timezone),
        starts_at => e.starts_at.clone(),
        timezone => e.timezone.clone(),
        address => if place { e.address.clone() } else { String::new() },
        online => e.is_online(),
        online_url => link.to_owned(),
        capacity => e.capacity,
        registered => e.registered,
        waiting => e.waiting,
        free => e.free(),
        full => e.free() == 0,
        themes => e.themes.iter().map(|k| Labelled { key: k.clone(), label: theme_label(k, lang) }).collect::<Vec<_>>(),
        organisation_code => e.organisation_code.clone(),
        organisation => e.organisation_name.clone(),
        community_slug => e.community_slug.clone(),
        community_name,
        organisers => e.organisers.iter().map(|(_, n)| n.clone()).collect::<Vec<_>>(),
        demo => e.demo,
    }
}

#[derive(Debug, Deserialize)]
pub struct ListParams {
    page: Option<i64>,
    theme: Option<String>,
}

/// `GET /bijeenkomsten`: upcoming events, soonest first; past events below, by page.
pub async fn list(
    State(app): State<AppState>,
    caller: Caller,
    ui: Ui,
    Q(params): Q<ListParams>,
) -> Result<Html<String>, AppError> {
    let page = crate::filters::page_request(params.page, Some(PAST_PER_PAGE))?;
    let q = ListQuery {
        theme: params.theme.filter(|t| !t.trim().is_empty()),
        community: None,
    }
    .checked()?;
    let first = crate::filters::page_request(Some(1), Some(UPCOMING))?;
    let (upcoming, _) = actions::upcoming(&app, &q, first).await?;
    let (past, past_total) = actions::past(&app, &q, page).await?;
    ui.render(
        "events.html",
        context! {
            upcoming => upcoming.iter().map(|e| event_view(e, ui.lang, "", false)).collect::<Vec<_>>(),
            past => past.iter().map(|e| event_view(e, ui.lang, "", false)).collect::<Vec<_>>(),
            paging => Pager::new(&ui, page, past_total),
            theme => q.theme.clone().unwrap_or_default(),
            themes => theme_options(ui.lang),
            may_create => actions::may_create(&caller),
            feed => match &q.theme { Some(t) => format!("/themas/{t}/bijeenkomsten.ics"), None => "/bijeenkomsten/agenda.ics".to_owned() },
        },
    )
}

#[derive(Debug, Default, Deserialize)]
pub struct EventParams {
    aangemeld: Option<String>,
    afgemeld: Option<String>,
    bericht: Option<String>,
}

/// `GET /bijeenkomsten/{id}`.
pub async fn detail(
    State(app): State<AppState>,
    caller: Caller,
    ui: Ui,
    Path(id): Path<String>,
    Q(params): Q<EventParams>,
) -> Result<Html<String>, AppError> {
    let id = path_id(&id)?;
    let notice = match (params.aangemeld.as_deref(), params.afgemeld, params.bericht) {
        (Some("registered"), _, _) => Some("event-notice-registered"),
        (Some("waiting"), _, _) => Some("event-notice-waiting"),
        (_, Some(_), _) => Some("event-notice-cancelled"),
        (_, _, Some(_)) => Some("event-notice-message"),
        _ => None,
    };
    render_detail(&app, &caller, &ui, id, notice, BTreeMap::new()).await
}

async fn render_detail(
    app: &AppState,
    caller: &Caller,
    ui: &Ui,
    id: i64,
    notice: Option<&str>,
    errors: BTreeMap<String, String>,
) -> Result<Html<String>, AppError> {
    let page: EventPage = actions::event_page(app, caller, id).await?;
    let e = &page.event;
    let link = if page.sees_link {
        e.online_url.clone()
    } else {
        String::new()
    };
    let attendees = if page.can_manage {
        actions::registrations(app, caller, id)
            .await?
            .1
            .iter()
            .map(|r| context! { name => r.name.clone(), email => r.email.clone(), organisation => r.organisation.clone(), status => r.status.key(), created_at => r.created_at.clone() })
            .collect::<Vec<_>>()
    } else {
        Vec::new()
    };
    ui.render(
        "event.html",
        context! {
            e => event_view(e, ui.lang, &link, page.sees_link),
            materials => page.materials.iter().map(|m| context! { title => m.title.clone(), url => m.url.clone() }).collect::<Vec<_>>(),
            mine => page.mine.map(|(s, _)| s.key()),
            place => page.mine.map(|(_, p)| p),
            past => page.past,
            registration_open => page.registration_open,
            can_register => page.can_register,
            can_edit => page.can_edit,
            can_manage => page.can_manage,
            signed_in => page.signed_in,
            attendees,
            notice => notice.map(|k| crate::i18n::t(ui.lang, k, None)),
            errors,
        },
    )
}

fn input_from_form(form: &FormData) -> EventInput {
    EventInput {
        title_nl: form.get("title_nl").to_owned(),
        title_en: form.get("title_en").to_owned(),
        description_nl: form.get("description_nl").to_owned(),
        description_en: form.get("description_en").to_owned(),
        starts: form.get("starts").trim().to_owned(),
        ends: form.get("ends").trim().to_owned(),
        deadline: form.get("deadline").trim().to_owned(),
        timezone: form.get("timezone").trim().to_owned(),
        address: form.get("address").to_owned(),
        online_url: form.get("online_url").trim().to_owned(),
        // Not a number: no seats, which the rules refuse with the capacity's message.
        capacity: form.get("capacity").trim().parse().unwrap_or(0),
        themes: form.all("themes"),
        community: Some(form.get("community").trim().to_owned()).filter(|s| !s.is_empty()),
        organisation: form.get("organisation").trim().to_owned(),
        organisers: form
            .get("organisers")
            .split([',', '\n', ';'])
            .map(|s| s.trim().to_owned())
            .filter(|s| !s.is_empty())
            .collect(),
    }
}

fn input_from_event(e: &Event) -> EventInput {
    EventInput {
        title_nl: e.title_nl.clone(),
        title_en: e.title_en.clone(),
        description_nl: e.description_nl.clone(),
        description_en: e.description_en.clone(),
        starts: utc_to_local(&e.starts_at, &e.timezone),
        ends: utc_to_local(&e.ends_at, &e.timezone),
        deadline: utc_to_local(&e.deadline_at, &e.timezone),
        timezone: e.timezone.clone(),
        address: e.address.clone(),
        online_url: e.online_url.clone(),
        capacity: e.capacity,
        themes: e.themes.clone(),
        community: e.community_slug.clone(),
        organisation: e.organisation_code.clone(),
        organisers: Vec::new(),
    }
}

/// Form fields shown as typed rather than as parsed (a capacity that is not a number, the
/// organisers' list).
#[derive(Debug, Clone, Copy, Default)]
struct Typed<'a> {
    organisers: &'a str,
    capacity: &'a str,
}

async fn render_form(
    app: &AppState,
    caller: &Caller,
    ui: &Ui,
    action: &str,
    input: &EventInput,
    typed: Typed<'_>,
    errors: BTreeMap<String, String>,
) -> Result<Html<String>, AppError> {
    let Typed {
        organisers,
        capacity,
    } = typed;
    let (organisations, communities) = actions::form_choices(app, caller).await?;
    ui.render(
        "event_form.html",
        context! {
            action,
            editing => action.ends_with("/bewerken"),
            values => context! {
                title_nl => input.title_nl.clone(), title_en => input.title_en.clone(),
                description_nl => input.description_nl.clone(), description_en => input.description_en.clone(),
                starts => input.starts.clone(), ends => input.ends.clone(), deadline => input.deadline.clone(),
                timezone => if input.timezone.is_empty() { DEFAULT_TIMEZONE.to_owned() } else { input.timezone.clone() },
                address => input.address.clone(), online_url => input.online_url.clone(),
                capacity => capacity.to_owned(),
                themes => input.themes.clone(),
                community => input.community.clone().unwrap_or_default(),
                organisation => input.organisation.clone(),
                organisers => organisers.to_owned(),
            },
            themes => theme_options(ui.lang),
            organisations => organisations.into_iter().map(|(key, label)| Labelled { key, label }).collect::<Vec<_>>(),
            communities => communities.into_iter().map(|(key, label)| Labelled { key, label }).collect::<Vec<_>>(),
            errors,
        },
    )
}

/// A refused form: the form again with the errors next to the fields (422), or the error.
async fn refused(
    app: &AppState,
    caller: &Caller,
    ui: &Ui,
    action: &str,
    form: &FormData,
    e: AppError,
) -> Result<Response, AppError> {
    match errors_of(&e, ui.lang) {
        Some(errors) => {
            let input = input_from_form(form);
            let html = render_form(
                app,
                caller,
                ui,
                action,
                &input,
                Typed {
                    organisers: form.get("organisers"),
                    capacity: form.get("capacity"),
                },
                errors,
            )
            .await?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, html).into_response())
        }
        None => Err(e),
    }
}

/// `GET /bijeenkomsten/nieuw`.
pub async fn new_form(
    State(app): State<AppState>,
    caller: Caller,
    ui: Ui,
) -> Result<Html<String>, AppError> {
    let mut input = EventInput::default();
    // An editor of one organisation has it chosen already.
    if caller.actor.editor_of.len() == 1 {
        let (orgs, _) = actions::form_choices(&app, &caller).await?;
        if let [(code, _)] = orgs.as_slice() {
            input.organisation = code.clone();
        }
    }
    render_form(
        &app,
        &caller,
        &ui,
        "/bijeenkomsten/nieuw",
        &input,
        Typed::default(),
        BTreeMap::new(),
    )
    .await
}

/// `POST /bijeenkomsten/nieuw`.
pub async fn create(
    State(app): State<AppState>,
    caller: Caller,
    ui: Ui,
    form: FormData,
) -> Result<Response, AppError> {
    let input = input_from_form(&form);
    match actions::save(&app, &caller, None, &input).await {
        Ok(e) => Ok(Redirect::to(&format!("/bijeenkomsten/{}", e.id)).into_response()),
        Err(e) => refused(&app, &caller, &ui, "/bijeenkomsten/nieuw", &form, e).await,
    }
}

/// `GET /bijeenkomsten/{id}/bewerken`.
pub async fn edit_form(
    State(app): State<AppState>,
    caller: Caller,
    ui: Ui,
    Path(id): Path<String>,
) -> Result<Html<String>, AppError> {
    let e = actions::editable(&app, &caller, path_id(&id)?).await?;
    let organisers = actions::organiser_addresses(&app, &e).await?.join(", ");
    render_form(
        &app,
        &caller,
        &ui,
        &format!("/bijeenkomsten/{}/bewerken", e.id),
        &input_from_event(&e),
        Typed {
            organisers: &organisers,
            capacity: &e.capacity.to_string(),
        },
        BTreeMap::new(),
    )
    .await
}

/// `POST /bijeenkomsten/{id}/bewerken`.
pub async fn update(
    State(app): State<AppState>,
    caller: Caller,
    ui: Ui,
    Path(id): Path<String>,
    form: FormData,
) -> Result<Response, AppError> {
    let id = path_id(&id)?;
    let input = input_from_form(&form);
    match actions::save(&app, &caller, Some(id), &input).await {
        Ok(e) => Ok(Redirect::to(&format!("/bijeenkomsten/{}", e.id)).into_response()),
        Err(e) => {
            refused(
                &app,
                &caller,
                &ui,
                &format!("/bijeenkomsten/{id}/bewerken"),
                &form,
                e,
            )
            .await
        }
    }
}

/// `POST /bijeenkomsten/{id}/aanmelden`: a seat, or the waiting list when full.
pub async fn register(
    State(app): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> Result<Response, AppError> {
    let id = path_id(&id)?;
    let status = actions::register(&app, &caller, id).await?;
    Ok(Redirect::to(&format!("/bijeenkomsten/{id}?aangemeld={}", status.key())).into_response())
}

/// `POST /bijeenkomsten/{id}/afmelden`.
pub async fn cancel(
    State(app): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> Result<Response, AppError> {
    let id = path_id(&id)?;
    actions::cancel(&app, &caller, id).await?;
    Ok(Redirect::to(&format!("/bijeenkomsten/{id}?afgemeld=1")).into_response())
}

/// `GET /bijeenkomsten/{id}/deelnemers.csv`: the attendee list for the organisers.
pub async fn attendees_csv(
    State(app): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> Result<Response, AppError> {
    let id = path_id(&id)?;
    let csv = actions::attendees_csv(&app, &caller, id).await?;
    Ok((
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_owned()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"deelnemers-{id}.csv\""),
            ),
            (header::CACHE_CONTROL, "no-store".to_owned()),
        ],
        csv,
    )
        .into_response())
}

/// `POST /bijeenkomsten/{id}/bericht`: the organisers' message to the attendees.
pub async fn message(
    State(app): State<AppState>,
    caller: Caller,
    ui: Ui,
    Path(id): Path<String>,
    form: FormData,
) -> Result<Response, AppError> {
    let id = path_id(&id)?;
    match actions::message(&app, &caller, id, form.get("subject"), form.get("body")).await {
        Ok(n) => Ok(Redirect::to(&format!("/bijeenkomsten/{id}?bericht={n}")).into_response()),
        Err(e) => form_refused(&app, &caller, &ui, id, e).await,
    }
}

/// `POST /bijeenkomsten/{id}/materiaal`: a link to slides or notes.
pub async fn material(
    State(app): State<AppState>,
    caller: Caller,
    ui: Ui,
    Path(id): Path<String>,
    form: FormData,
) -> Result<Response, AppError> {
    let id = path_id(&id)?;
    match actions::add_material(&app, &caller, id, form.get("title"), form.get("url")).await {
        Ok(_) => Ok(Redirect::to(&format!("/bijeenkomsten/{id}#materiaal")).into_response()),
        Err(e) => form_refused(&app, &caller, &ui, id, e).await,
    }
}

async fn form_refused(
    app: &AppState,
    caller: &Caller,
    ui: &Ui,
    id: i64,
    e: AppError,
) -> Result<Response, AppError> {
    match errors_of(&e, ui.lang) {
        Some(errors) => {
            let html = render_detail(app, caller, ui, id, None, errors).await?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, html).into_response())
        }
        None => Err(e),
    }
}

/// The host part of the public address, for stable UIDs.
fn uid_host(app: &AppState) -> String {
    let url = app.config.public_url.as_str();
    let rest = url.split("://").nth(1).unwrap_or(url);
    rest.split(['/', ':'])
        .next()
        .unwrap_or("leerpunt")
        .to_owned()
}

/// The stable UID of an event in every calendar file.
pub fn event_uid(host: &str, id: i64) -> String {
    format!("leerpunt-event-{id}@{host}")
}

/// An iCalendar file with `events`, times in UTC (a `Z` needs no VTIMEZONE); texts in `lang`.
fn calendar(app: &AppState, name: &str, events: &[Event], lang: Lang) -> String {
    let host = uid_host(app);
    let base = app.config.public_url.trim_end_matches('/').to_owned();
    let in_person = match lang {
        Lang::Nl => "Op locatie (het adres staat op de pagina van de bijeenkomst)",
        Lang::En => "In person (the address is on the event's page)",
    };
    let mut cal = Calendar::new();
    cal.name(name);
    for e in events {
        let url = format!("{base}/bijeenkomsten/{}", e.id);
        let mut ev = icalendar::Event::new();
        ev.uid(&event_uid(&host, e.id))
            .summary(e.title(lang))
            .description(&format!("{}\n\n{url}", e.description(lang)))
            .url(&url)
            // The address and link are for registered people: a public calendar names neither.
            .location(if e.is_online() { "Online" } else { in_person });
        for (key, at) in [
            ("DTSTART", &e.starts_at),
            ("DTEND", &e.ends_at),
            ("DTSTAMP", &e.updated_at),
            ("LAST-MODIFIED", &e.updated_at),
        ] {
            if let Some(v) = ical_utc(at) {
                ev.add_property(key, v);
            }
        }
        cal.push(ev.done());
    }
    cal.done().to_string()
}

fn ics_response(body: String, filename: &str) -> Response {
    (
        [
            (
                header::CONTENT_TYPE,
                "text/calendar; charset=utf-8".to_owned(),
            ),
            (
                header::CONTENT_DISPOSITION,
                format!("inline; filename=\"{filename}\""),
            ),
        ],
        body,
    )
        .into_response()
}

/// `GET /bijeenkomsten/{id}/agenda.ics`: one event.
pub async fn event_ics(
    State(app): State<AppState>,
    ui: Ui,
    Path(id): Path<String>,
) -> Result<Response, AppError> {
    let id = path_id(&id)?;
    let e = actions::event(&app, id).await?;
    let name = e.title(ui.lang).to_owned();
    Ok(ics_response(
        calendar(&app, &name, &[e], ui.lang),
        &format!("bijeenkomst-{id}.ics"),
    ))
}

/// `GET /bijeenkomsten/agenda.ics`: every event.
pub async fn all_ics(State(app): State<AppState>, ui: Ui) -> Result<Response, AppError> {
    let events = actions::feed(&app, &ListQuery::default()).await?;
    let name = crate::i18n::t(ui.lang, "event-feed-all", None);
    Ok(ics_response(
        calendar(&app, &name, &events, ui.lang),
        "bijeenkomsten.ics",
    ))
}

/// `GET /themas/{key}/bijeenkomsten.ics`: a theme's events; unknown theme: 404.
pub async fn theme_ics(
    State(app): State<AppState>,
    ui: Ui,
    Path(key): Path<String>,
) -> Result<Response, AppError> {
    if vocab::theme(&key).is_none() {
        return Err(AppError::NotFound(format!("theme {key}")));
    }
    let q = ListQuery {
        theme: Some(key.clone()),
        community: None,
    };
    let events = actions::feed(&app, &q).await?;
    let name = format!(
        "{}: {}",
        crate::i18n::t(ui.lang, "event-feed-all", None),
        theme_label(&key, ui.lang)
    );
    Ok(ics_response(
        calendar(&app, &name, &events, ui.lang),
        &format!("bijeenkomsten-{key}.ics"),
    ))
}

/// `GET /gemeenschappen/{slug}/bijeenkomsten.ics`: a community's events; unknown: 404.
pub async fn community_ics(
    State(app): State<AppState>,
    ui: Ui,
    Path(slug): Path<String>,
) -> Result<Response, AppError> {
    let events = actions::community_feed(&app, &slug).await?;
    let name = format!(
        "{}: {slug}",
        crate::i18n::t(ui.lang, "event-feed-all", None)
    );
    Ok(ics_response(
        calendar(&app, &name, &events, ui.lang),
        &format!("bijeenkomsten-{slug}.ics"),
    ))
}
