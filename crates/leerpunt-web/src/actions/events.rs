//! The events' use cases: the lists (upcoming, past, by theme or community), an event with what
//! the caller may do, creating and editing, registering and cancelling (with the waiting list's
//! promotion mail), the organisers' attendee list, messages and materials, and the reminders a
//! day before. Who may see an event's online link or address details is decided here, once.

use fluent_bundle::FluentArgs;
use leerpunt_core::access::{Action, Target};
use leerpunt_core::events::{
    csv_safe, Event, EventInput, Material, Registration, RegistrationStatus,
};
use leerpunt_core::paging::PageRequest;
use leerpunt_core::{vocab, Lang};
use leerpunt_store::{EventFilter, Mail};

use super::helpdesk::{link, mail};
use super::{optional, Caller};
use crate::error::AppError;
use crate::AppState;

/// How long before an event its reminder goes out.
pub const REMINDER_HOURS: i64 = 24;
/// The most events a calendar feed carries.
pub const FEED_LIMIT: u32 = 100;

/// The current moment as an RFC 3339 UTC timestamp (the format of the stored instants).
pub fn now_utc() -> String {
    time::OffsetDateTime::now_utc()
        .replace_nanosecond(0)
        .ok()
        .and_then(|t| {
            t.format(&time::format_description::well_known::Rfc3339)
                .ok()
        })
        .unwrap_or_default()
}

/// An RFC 3339 time (any offset) as UTC with a `Z`, the form the store compares.
pub fn normalise_instant(at: &str) -> Result<String, AppError> {
    let t = time::OffsetDateTime::parse(at, &time::format_description::well_known::Rfc3339)
        .map_err(|_| AppError::BadRequest(format!("{at:?} is not an RFC 3339 time")))?;
    t.to_offset(time::UtcOffset::UTC)
        .replace_nanosecond(0)
        .ok()
        .and_then(|t| {
            t.format(&time::format_description::well_known::Rfc3339)
                .ok()
        })
        .ok_or_else(|| AppError::BadRequest(format!("{at:?} is out of range")))
}

/// The access target of an event for the caller.
pub fn target(caller: &Caller, e: &Event) -> Target {
    Target::Event {
        organisation: e.organisation_id,
        organiser: caller.user.as_ref().is_some_and(|u| e.is_organiser(u.id)),
    }
}

/// An event; unknown ids are 404s.
pub async fn event(app: &AppState, id: i64) -> Result<Event, AppError> {
    optional(app.store.event(id).await)?.ok_or_else(|| AppError::NotFound(format!("event {id}")))
}

/// What a list of events asks for.
#[derive(Debug, Clone, Default)]
pub struct ListQuery {
    pub theme: Option<String>,
    pub community: Option<String>,
}

impl ListQuery {
    /// Checks the theme (unknown: 400).
    pub fn checked(self) -> Result<Self, AppError> {
        if let Some(t) = &self.theme {
            if vocab::theme(t).is_none() {
                return Err(AppError::BadRequest(format!("unknown theme {t:?}")));
            }
        }
        if self.community.as_ref().is_some_and(|c| c.len() > 200) {
            return Err(AppError::BadRequest("community slug is too long".into()));
        }
        Ok(self)
    }

    fn filter(&self, upcoming: Option<bool>) -> EventFilter {
        EventFilter {
            theme: self.theme.clone(),
            community: self.community.clone(),
            upcoming,
            now: now_utc(),
        }
    }
}

/// Upcoming events, soonest first.
pub async fn upcoming(
    app: &AppState,
    q: &ListQuery,
    page: PageRequest,
) -> Result<(Vec<Event>, i64), AppError> {
    Ok(app.store.events(&q.filter(Some(true)), page).await?)
}

/// Past events, latest first.
pub async fn past(
    app: &AppState,
    q: &ListQuery,
    page: PageRequest,
) -> Result<(Vec<Event>, i64), AppError> {
    Ok(app.store.events(&q.filter(Some(false)), page).await?)
}

/// Every event of a feed (all, a theme's or a community's), by start, at most [`FEED_LIMIT`]
/// (the latest ones).
pub async fn feed(app: &AppState, q: &ListQuery) -> Result<Vec<Event>, AppError> {
    let first = PageRequest::new(Some(1), Some(1)).map_err(AppError::from)?;
    let (_, total) = app.store.events(&q.filter(None), first).await?;
    let per_page = i64::from(FEED_LIMIT);
    let last_page = ((total + per_page - 1) / per_page).max(1);
    let mut out = Vec::new();
    // The latest events: the last page, and the one before when it is short.
    for page in [last_page - 1, last_page] {
        if page < 1 {
            continue;
        }
        let p = PageRequest::new(Some(page), Some(per_page)).map_err(AppError::from)?;
        out.extend(app.store.events(&q.filter(None), p).await?.0);
    }
    let skip = out.len().saturating_sub(FEED_LIMIT as usize);
    Ok(out.into_iter().skip(skip).collect())
}

/// A community's events for a feed; unknown community: 404.
pub async fn community_feed(app: &AppState, slug: &str) -> Result<Vec<Event>, AppError> {
    optional(app.store.community(slug).await)?
        .ok_or_else(|| AppError::NotFound(format!("community {slug}")))?;
    feed(
        app,
        &ListQuery {
            community: Some(slug.to_owned()),
            ..ListQuery::default()
        },
    )
    .await
}

/// The next events of a community, for its page.
pub async fn community_upcoming(app: &AppState, slug: &str) -> Result<Vec<Event>, AppError> {
    let page = PageRequest::new(Some(1), Some(5)).map_err(AppError::from)?;
    let q = ListQuery {
        community: Some(slug.to_owned()),
        ..ListQuery::default()
    };
    Ok(upcoming(app, &q, page).await?.0)
}

/// Everything the event page shows and offers.
#[derive(Debug)]
pub struct EventPage {
    pub event: Event,
    pub materials: Vec<Material>,
    /// The caller's registration and, waiting, its place.
    pub mine: Option<(RegistrationStatus, i64)>,
    /// Registered people and organisers see the online link.
    pub sees_link: bool,
    pub past: bool,
    pub registration_open: bool,
    pub can_register: bool,
    pub can_edit: bool,
    /// Organisers: the attendee list, messages and materials.
    pub can_manage: bool,
    pub signed_in: bool,
}

/// The event page.
pub async fn event_page(app: &AppState, caller: &Caller, id: i64) -> Result<EventPage, AppError> {
    let event = event(app, id).await?;
    let mine = match &caller.user {
        Some(u) => app.store.registration_of(id, u.id).await?,
        None => None,
    };
    let can_manage = caller.can(Action::ManageEventRegistrations, target(caller, &event));
    let now = now_utc();
    Ok(EventPage {
        materials: app.store.materials(id).await?,
        sees_link: can_manage || matches!(mine, Some((RegistrationStatus::Registered, _))),
        past: event.is_past(&now),
        registration_open: event.registration_open(&now),
        can_register: caller.can(Action::RegisterForEvent, Target::None),
        can_edit: caller.can(
            Action::ManageEvents,
            Target::Organisation(event.organisation_id),
        ),
        can_manage,
        signed_in: caller.user.is_some(),
        mine,
        event,
    })
}

/// An event's online link as the caller may see it (empty when hidden).
pub async fn visible_link(app: &AppState, caller: &Caller, e: &Event) -> Result<String, AppError> {
    if !e.is_online() {
        return Ok(String::new());
    }
    if caller.can(Action::ManageEventRegistrations, target(caller, e)) {
        return Ok(e.online_url.clone());
    }
    if let Some(u) = &caller.user {
        if let Some((RegistrationStatus::Registered, _)) =
            app.store.registration_of(e.id, u.id).await?
        {
            return Ok(e.online_url.clone());
        }
    }
    Ok(String::new())
}

/// Checks the caller may create or move an event to the organisation with `code`.
async fn require_for_organisation(
    app: &AppState,
    caller: &Caller,
    code: &str,
) -> Result<(), AppError> {
    let code = code.trim();
    match optional(app.store.organisation(code).await)? {
        Some(org) => caller.require(Action::ManageEvents, Target::Organisation(org.id)),
        None => {
            // Refuse before telling whether the code exists to someone who may not create events.
            if !caller.actor.can_for_some_organisation(Action::ManageEvents) {
                caller.require(
                    Action::ManageEvents,
                    Target::Organisation(leerpunt_core::access::ANY_OTHER_ORGANISATION),
                )?;
            }
            Err(AppError::Invalid(vec![leerpunt_core::FieldError::new(
                "organisation",
                "msg-event-invalid-organisation",
            )]))
        }
    }
}

/// Whether the caller may create events for some organisation (to offer the form).
pub fn may_create(caller: &Caller) -> bool {
    caller.actor.can_for_some_organisation(Action::ManageEvents)
}

/// The form's choices: organisations the caller may create events for (brokers: all with
/// practices and their own; editors: theirs), and the communities.
pub async fn form_choices(
    app: &AppState,
    caller: &Caller,
) -> Result<(Vec<(String, String)>, Vec<(String, String)>), AppError> {
    if !may_create(caller) {
        caller.require(
            Action::ManageEvents,
            Target::Organisation(leerpunt_core::access::ANY_OTHER_ORGANISATION),
        )?;
    }
    let mut orgs: Vec<(String, String)> = Vec::new();
    let all = caller.can(
        Action::ManageEvents,
        Target::Organisation(leerpunt_core::access::ANY_OTHER_ORGANISATION),
    );
    for o in super::catalogue::asking_organisations(app).await? {
        if all || caller.actor.editor_of.contains(&o.id) {
            orgs.push((o.code.clone(), o.name.clone()));
        }
    }
    for id in &caller.actor.editor_of {
        if let Some(o) = optional(app.store.organisation_by_id(*id).await)? {
            if !orgs.iter().any(|(c, _)| *c == o.code) {
                orgs.push((o.code, o.name));
            }
        }
    }
    orgs.sort_by(|a, b| a.1.cmp(&b.1));
    Ok((orgs, app.store.community_slugs().await?))
}

/// The promotion mail for `event`, made from the promoted person's address.
fn promotion_mail(app: &AppState, e: &Event) -> impl Fn(&str) -> Mail + Send + Sync {
    let title = e.title_nl.clone();
    let title_en = e.title_en.clone();
    let when = leerpunt_core::events::display_local(&e.starts_at, &e.timezone);
    let url = link(app, &format!("/bijeenkomsten/{}", e.id));
    move |to: &str| {
        let mut args = FluentArgs::new();
        args.set("title", title.clone());
        args.set("title_en", title_en.clone());
        args.set("when", when.clone());
        args.set("link", url.clone());
        mail(to, "event-mail-promoted", &args)
    }
}

/// Creates an event (`id` None) or updates one. Brokers for any organisation, editors for
/// their own (also the one an event moves to).
pub async fn save(
    app: &AppState,
    caller: &Caller,
    id: Option<i64>,
    input: &EventInput,
) -> Result<Event, AppError> {
    let existing = match id {
        Some(id) => Some(editable(app, caller, id).await?),
        None => None,
    };
    require_for_organisation(app, caller, &input.organisation).await?;
    leerpunt_core::events::validate_event(input)?;
    let mail = match &existing {
        Some(e) => promotion_mail(app, e),
        None => promotion_mail(app, &placeholder(input)),
    };
    Ok(app
        .store
        .save_event(id, input, &mail, &caller.origin())
        .await?)
}

/// An event not stored yet, to make mail texts from (a new event has nobody waiting).
fn placeholder(input: &EventInput) -> Event {
    Event {
        id: 0,
        title_nl: input.title_nl.clone(),
        title_en: input.title_en.clone(),
        description_nl: String::new(),
        description_en: String::new(),
        starts_at: String::new(),
        ends_at: String::new(),
        deadline_at: String::new(),
        timezone: String::new(),
        address: String::new(),
        online_url: String::new(),
        capacity: input.capacity,
        themes: Vec::new(),
        organisation_id: 0,
        organisation_code: String::new(),
        organisation_name: String::new(),
        community_slug: None,
        community_name_nl: None,
        community_name_en: None,
        organisers: Vec::new(),
        registered: 0,
        waiting: 0,
        demo: false,
        created_at: String::new(),
        updated_at: String::new(),
    }
}

/// An event the caller may edit.
pub async fn editable(app: &AppState, caller: &Caller, id: i64) -> Result<Event, AppError> {
    let e = event(app, id).await?;
    caller.require(
        Action::ManageEvents,
        Target::Organisation(e.organisation_id),
    )?;
    Ok(e)
}

/// The organisers' addresses, for the edit form.
pub async fn organiser_addresses(app: &AppState, e: &Event) -> Result<Vec<String>, AppError> {
    Ok(app.store.organiser_addresses(e.id).await?)
}

/// Registers the caller: a seat or a place on the waiting list.
pub async fn register(
    app: &AppState,
    caller: &Caller,
    id: i64,
) -> Result<RegistrationStatus, AppError> {
    caller.require(Action::RegisterForEvent, Target::None)?;
    let user = caller.user()?;
    event(app, id).await?;
    Ok(app
        .store
        .register_for_event(id, user.id, &caller.origin())
        .await?)
}

/// Cancels the caller's registration; a freed seat goes to the first on the waiting list, who
/// is mailed. Not registered: 404.
pub async fn cancel(app: &AppState, caller: &Caller, id: i64) -> Result<(), AppError> {
    caller.require(Action::RegisterForEvent, Target::None)?;
    let user = caller.user()?;
    let e = event(app, id).await?;
    if e.is_past(&now_utc()) {
        return Err(AppError::Conflict("msg-event-over".to_owned()));
    }
    let mail = promotion_mail(app, &e);
    app.store
        .cancel_registration(id, user.id, &mail, &caller.origin())
        .await?;
    Ok(())
}

/// The organisers' view of the registrations.
pub async fn registrations(
    app: &AppState,
    caller: &Caller,
    id: i64,
) -> Result<(Event, Vec<Registration>), AppError> {
    let e = event(app, id).await?;
    caller.require(Action::ManageEventRegistrations, target(caller, &e))?;
    let list = app.store.registrations(id).await?;
    Ok((e, list))
}

/// The attendee list as CSV: name, email, organisation, status, registered at; every cell made
/// safe for spreadsheets.
pub async fn attendees_csv(app: &AppState, caller: &Caller, id: i64) -> Result<String, AppError> {
    let (_, list) = registrations(app, caller, id).await?;
    let mut out = String::from("name,email,organisation,status,registered_at\r\n");
    for r in &list {
        let cells = [
            r.name.as_str(),
            r.email.as_str(),
            r.organisation.as_str(),
            r.status.key(),
            r.created_at.as_str(),
        ];
        let line: Vec<String> = cells
            .iter()
            .map(|c| {
                let c = csv_safe(c);
                if c.contains([',', '"', '\n', '\r']) {
                    format!("\"{}\"", c.replace('"', "\"\""))
                } else {
                    c
                }
            })
            .collect();
        out.push_str(&line.join(","));
        out.push_str("\r\n");
    }
    Ok(out)
}

/// Sends the organisers' message to the registered attendees through the outbox.
pub async fn message(
    app: &AppState,
    caller: &Caller,
    id: i64,
    subject: &str,
    body: &str,
) -> Result<usize, AppError> {
    let e = event(app, id).await?;
    caller.require(Action::ManageEventRegistrations, target(caller, &e))?;
    leerpunt_core::events::validate_message(subject, body)?;
    let subject = subject.trim().to_owned();
    let body = format!(
        "{}\n\n-- \n{} / {}\n{}",
        body.trim(),
        e.title_nl,
        e.title_en,
        link(app, &format!("/bijeenkomsten/{id}"))
    );
    let make = move |to: &str| Mail {
        to: to.to_owned(),
        subject: subject.clone(),
        body: body.clone(),
    };
    Ok(app
        .store
        .message_attendees(id, &make, &caller.origin())
        .await?)
}

/// Attaches a link to slides or notes.
pub async fn add_material(
    app: &AppState,
    caller: &Caller,
    id: i64,
    title: &str,
    url: &str,
) -> Result<Material, AppError> {
    let e = event(app, id).await?;
    caller.require(Action::ManageEventRegistrations, target(caller, &e))?;
    Ok(app
        .store
        .add_material(id, title, url, &caller.origin())
        .await?)
}

/// Mails the reminders of events starting within a day of `at` (RFC 3339) to the people with a
/// seat, each once. Returns how many were queued.
pub async fn send_reminders(
    store: &leerpunt_store::Store,
    public_url: &str,
    at: &str,
) -> Result<usize, AppError> {
    let from = normalise_instant(at)?;
    let until_t =
        time::OffsetDateTime::parse(&from, &time::format_description::well_known::Rfc3339)
            .map_err(|e| AppError::BadRequest(e.to_string()))?
            + time::Duration::hours(REMINDER_HOURS);
    let until = until_t
        .format(&time::format_description::well_known::Rfc3339)
        .map_err(|e| AppError::Internal(e.to_string()))?;
    let mut sent = 0;
    for due in store.due_reminders(&from, &until).await? {
        let e = &due.event;
        let mut args = FluentArgs::new();
        args.set("title", e.title_nl.clone());
        args.set("title_en", e.title_en.clone());
        args.set(
            "when",
            leerpunt_core::events::display_local(&e.starts_at, &e.timezone),
        );
        args.set(
            "place",
            if e.is_online() {
                e.online_url.clone()
            } else {
                e.address.clone()
            },
        );
        args.set(
            "link",
            format!(
                "{}/bijeenkomsten/{}",
                public_url.trim_end_matches('/'),
                e.id
            ),
        );
        let m = mail(&due.email, "event-mail-reminder", &args);
        if store.send_reminder(due.registration_id, &m, &from).await? {
            sent += 1;
        }
    }
    Ok(sent)
}

/// The title of an event in a language, for lists.
pub fn title(e: &Event, lang: Lang) -> &str {
    e.title(lang)
}
