//! Events ("bijeenkomsten") of the living network: what a valid event is, its times in a named
//! time zone, and the rules of registration with a waiting list.
//!
//! Times are entered as local wall-clock times (`YYYY-MM-DDTHH:MM`) in an IANA time zone
//! (default Europe/Amsterdam) and stored as RFC 3339 UTC instants with the zone's name, so
//! sorting, reminders and calendar feeds work on one clock and pages show the local time.

use std::str::FromStr;

use chrono::{NaiveDateTime, TimeZone};
use serde::{Deserialize, Serialize};

use crate::{vocab, CoreError, FieldError, Lang};

/// The time zone of an event when none is given.
pub const DEFAULT_TIMEZONE: &str = "Europe/Amsterdam";
/// The longest title, in characters.
pub const MAX_TITLE: usize = 200;
/// The longest description, in characters.
pub const MAX_DESCRIPTION: usize = 20_000;
/// The longest address or online link.
pub const MAX_PLACE: usize = 500;
/// The most seats an event offers.
pub const MAX_CAPACITY: i64 = 100_000;
/// The most themes of an event.
pub const MAX_THEMES: usize = 5;
/// The most organisers of an event.
pub const MAX_ORGANISERS: usize = 10;
/// The longest message organisers send to attendees.
pub const MAX_MESSAGE: usize = 5_000;
/// The longest title of a material link.
pub const MAX_MATERIAL_TITLE: usize = 200;

/// Where a registration stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RegistrationStatus {
    /// Has a seat.
    Registered,
    /// Waits for a seat; promoted in order when one frees.
    Waiting,
}

impl RegistrationStatus {
    pub fn key(self) -> &'static str {
        match self {
            RegistrationStatus::Registered => "registered",
            RegistrationStatus::Waiting => "waiting",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "registered" => Some(RegistrationStatus::Registered),
            "waiting" => Some(RegistrationStatus::Waiting),
            _ => None,
        }
    }
}

/// An event as an organiser writes it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct EventInput {
    pub title_nl: String,
    pub title_en: String,
    /// Markdown.
    pub description_nl: String,
    /// Markdown.
    pub description_en: String,
    /// Local start, `YYYY-MM-DDTHH:MM` in `timezone`.
    pub starts: String,
    /// Local end.
    pub ends: String,
    /// Local registration deadline; empty: the start.
    #[serde(default)]
    pub deadline: String,
    /// IANA name; empty: [`DEFAULT_TIMEZONE`].
    #[serde(default)]
    pub timezone: String,
    /// A physical address (one of address and online link).
    #[serde(default)]
    pub address: String,
    /// An online meeting link (http or https).
    #[serde(default)]
    pub online_url: String,
    pub capacity: i64,
    #[serde(default)]
    pub themes: Vec<String>,
    /// The community's slug, if any.
    #[serde(default)]
    pub community: Option<String>,
    /// The owner organisation's code.
    pub organisation: String,
    /// Organisers' e-mail addresses (accounts).
    #[serde(default)]
    pub organisers: Vec<String>,
}

/// The instants of a valid event, RFC 3339 UTC.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EventTimes {
    pub starts_at: String,
    pub ends_at: String,
    pub deadline_at: String,
    /// The zone's canonical name.
    pub timezone: String,
}

/// A time zone by IANA name.
pub fn zone(name: &str) -> Option<chrono_tz::Tz> {
    let name = name.trim();
    let name = if name.is_empty() {
        DEFAULT_TIMEZONE
    } else {
        name
    };
    chrono_tz::Tz::from_str(name).ok()
}

fn format_utc(t: chrono::DateTime<chrono::Utc>) -> String {
    t.format("%Y-%m-%dT%H:%M:%SZ").to_string()
}

/// A local wall-clock time in `tz` as an RFC 3339 UTC instant. A time skipped by a clock change
/// is refused; an ambiguous one (the hour that repeats) is the earlier.
pub fn local_to_utc(local: &str, tz: chrono_tz::Tz) -> Option<String> {
    let local = local.trim();
    let naive = NaiveDateTime::parse_from_str(local, "%Y-%m-%dT%H:%M")
        .or_else(|_| NaiveDateTime::parse_from_str(local, "%Y-%m-%dT%H:%M:%S"))
        .or_else(|_| NaiveDateTime::parse_from_str(local, "%Y-%m-%d %H:%M"))
        .ok()?;
    let t = tz.from_local_datetime(&naive).earliest()?;
    Some(format_utc(t.with_timezone(&chrono::Utc)))
}

fn parse_utc(utc: &str) -> Option<chrono::DateTime<chrono::Utc>> {
    chrono::DateTime::parse_from_rfc3339(utc)
        .ok()
        .map(|t| t.with_timezone(&chrono::Utc))
}

/// An RFC 3339 instant as the local wall-clock time in the zone named `tz` (`YYYY-MM-DDTHH:MM`),
/// the form's format; the input unchanged when it cannot be read.
pub fn utc_to_local(utc: &str, tz: &str) -> String {
    match (parse_utc(utc), zone(tz)) {
        (Some(t), Some(z)) => t.with_timezone(&z).format("%Y-%m-%dT%H:%M").to_string(),
        _ => utc.to_owned(),
    }
}

/// An instant as pages show it in the event's zone: `2025-03-14 19:30 (CET)`.
pub fn display_local(utc: &str, tz: &str) -> String {
    match (parse_utc(utc), zone(tz)) {
        (Some(t), Some(z)) => t
            .with_timezone(&z)
            .format("%Y-%m-%d %H:%M (%Z)")
            .to_string(),
        _ => utc.to_owned(),
    }
}

/// An instant as iCalendar's UTC form, `20250314T183000Z`.
pub fn ical_utc(utc: &str) -> Option<String> {
    parse_utc(utc).map(|t| t.format("%Y%m%dT%H%M%SZ").to_string())
}

fn check_text(errors: &mut Vec<FieldError>, field: &str, value: &str, min: usize, max: usize) {
    let n = value.trim().chars().count();
    if n < min || value.chars().count() > max {
        errors.push(FieldError::new(field, format!("msg-event-invalid-{field}")));
    }
}

/// Whether a link is an absolute http(s) URL without spaces.
pub fn is_web_link(url: &str) -> bool {
    let url = url.trim();
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"));
    matches!(rest, Some(r) if !r.is_empty() && !r.starts_with('/') && !url.chars().any(|c| c.is_whitespace() || c.is_control() || c == '"' || c == '<' || c == '>'))
}

/// Checks an event and works out its instants. Field names are the input's; messages are
/// locale keys (`msg-event-…`).
pub fn validate_event(e: &EventInput) -> Result<EventTimes, CoreError> {
    let mut errors = Vec::new();
    check_text(&mut errors, "title_nl", &e.title_nl, 3, MAX_TITLE);
    check_text(&mut errors, "title_en", &e.title_en, 3, MAX_TITLE);
    check_text(
        &mut errors,
        "description_nl",
        &e.description_nl,
        1,
        MAX_DESCRIPTION,
    );
    check_text(
        &mut errors,
        "description_en",
        &e.description_en,
        1,
        MAX_DESCRIPTION,
    );
    let tz = zone(&e.timezone);
    if tz.is_none() {
        errors.push(FieldError::new("timezone", "msg-event-timezone-unknown"));
    }
    let at = |field: &str, value: &str, errors: &mut Vec<FieldError>| -> Option<String> {
        let t = tz.and_then(|z| local_to_utc(value, z));
        if t.is_none() && tz.is_some() {
            errors.push(FieldError::new(field, "msg-event-invalid-time"));
        }
        t
    };
    let starts = at("starts", &e.starts, &mut errors);
    let ends = at("ends", &e.ends, &mut errors);
    let deadline = if e.deadline.trim().is_empty() {
        starts.clone()
    } else {
        at("deadline", &e.deadline, &mut errors)
    };
    if let (Some(s), Some(en)) = (&starts, &ends) {
        if en <= s {
            errors.push(FieldError::new("ends", "msg-event-end-before-start"));
        }
    }
    if let (Some(s), Some(d)) = (&starts, &deadline) {
        if d > s {
            errors.push(FieldError::new(
                "deadline",
                "msg-event-deadline-after-start",
            ));
        }
    }
    let address = e.address.trim();
    let online = e.online_url.trim();
    match (address.is_empty(), online.is_empty()) {
        (true, true) | (false, false) => {
            errors.push(FieldError::new("address", "msg-event-place"));
        }
        _ => {}
    }
    if e.address.chars().count() > MAX_PLACE {
        errors.push(FieldError::new("address", "msg-event-invalid-address"));
    }
    if !online.is_empty() && (!is_web_link(online) || online.chars().count() > MAX_PLACE) {
        errors.push(FieldError::new("online_url", "msg-event-invalid-link"));
    }
    if e.capacity <= 0 || e.capacity > MAX_CAPACITY {
        errors.push(FieldError::new("capacity", "msg-event-invalid-capacity"));
    }
    if e.themes.len() > MAX_THEMES || e.themes.iter().any(|t| vocab::theme(t).is_none()) {
        errors.push(FieldError::new("themes", "msg-event-invalid-themes"));
    }
    if e.organisation.trim().is_empty() {
        errors.push(FieldError::new(
            "organisation",
            "msg-event-invalid-organisation",
        ));
    }
    if e.organisers.len() > MAX_ORGANISERS {
        errors.push(FieldError::new(
            "organisers",
            "msg-event-invalid-organisers",
        ));
    }
    if !errors.is_empty() {
        return Err(CoreError::Invalid(errors));
    }
    let (Some(starts_at), Some(ends_at), Some(deadline_at), Some(tz)) =
        (starts, ends, deadline, tz)
    else {
        return Err(CoreError::invalid("starts", "msg-event-invalid-time"));
    };
    Ok(EventTimes {
        starts_at,
        ends_at,
        deadline_at,
        timezone: tz.name().to_owned(),
    })
}

/// Checks a link to slides or notes: a title and an http(s) address.
pub fn validate_material(title: &str, url: &str) -> Result<(), CoreError> {
    let mut errors = Vec::new();
    check_text(&mut errors, "title", title, 1, MAX_MATERIAL_TITLE);
    if !is_web_link(url) || url.chars().count() > MAX_PLACE {
        errors.push(FieldError::new("url", "msg-event-invalid-link"));
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(CoreError::Invalid(errors))
    }
}

/// Checks a message to attendees.
pub fn validate_message(subject: &str, body: &str) -> Result<(), CoreError> {
    let mut errors = Vec::new();
    check_text(&mut errors, "subject", subject, 3, MAX_TITLE);
    check_text(&mut errors, "body", body, 1, MAX_MESSAGE);
    if errors.is_empty() {
        Ok(())
    } else {
        Err(CoreError::Invalid(errors))
    }
}

/// A stored event.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Event {
    pub id: i64,
    pub title_nl: String,
    pub title_en: String,
    pub description_nl: String,
    pub description_en: String,
    /// RFC 3339 UTC.
    pub starts_at: String,
    pub ends_at: String,
    pub deadline_at: String,
    pub timezone: String,
    pub address: String,
    pub online_url: String,
    pub capacity: i64,
    pub themes: Vec<String>,
    pub organisation_id: i64,
    pub organisation_code: String,
    pub organisation_name: String,
    pub community_slug: Option<String>,
    pub community_name_nl: Option<String>,
    pub community_name_en: Option<String>,
    /// Organisers' accounts (id, name as shown).
    pub organisers: Vec<(i64, String)>,
    pub registered: i64,
    pub waiting: i64,
    pub demo: bool,
    pub created_at: String,
    pub updated_at: String,
}

impl Event {
    pub fn title(&self, lang: Lang) -> &str {
        match lang {
            Lang::En if !self.title_en.trim().is_empty() => &self.title_en,
            _ => &self.title_nl,
        }
    }

    pub fn description(&self, lang: Lang) -> &str {
        match lang {
            Lang::En if !self.description_en.trim().is_empty() => &self.description_en,
            _ => &self.description_nl,
        }
    }

    /// Whether the event has ended at `now` (RFC 3339 UTC).
    pub fn is_past(&self, now: &str) -> bool {
        self.ends_at.as_str() <= now
    }

    /// Whether registration is open at `now`.
    pub fn registration_open(&self, now: &str) -> bool {
        now < self.deadline_at.as_str()
            || (now == self.deadline_at && now < self.starts_at.as_str())
    }

    /// Free seats.
    pub fn free(&self) -> i64 {
        (self.capacity - self.registered).max(0)
    }

    pub fn is_organiser(&self, user_id: i64) -> bool {
        self.organisers.iter().any(|(id, _)| *id == user_id)
    }

    pub fn is_online(&self) -> bool {
        !self.online_url.trim().is_empty()
    }
}

/// A registration for an event.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Registration {
    pub id: i64,
    pub event_id: i64,
    pub user_id: Option<i64>,
    pub name: String,
    /// The account's address (empty for demo rows without an account).
    pub email: String,
    pub organisation: String,
    pub status: RegistrationStatus,
    pub created_at: String,
}

/// A slide deck or notes of an event.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Material {
    pub id: i64,
    pub title: String,
    pub url: String,
    pub created_at: String,
}

/// The status of a new registration: a seat while any is free, else the waiting list.
pub fn status_for_new(capacity: i64, registered: i64) -> RegistrationStatus {
    if registered < capacity {
        RegistrationStatus::Registered
    } else {
        RegistrationStatus::Waiting
    }
}

/// A cell of the attendee CSV made safe for spreadsheets: a value a spreadsheet would read as a
/// formula (starting with `=`, `+`, `-`, `@`, tab or carriage return) gets a leading quote.
pub fn csv_safe(cell: &str) -> String {
    match cell.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => format!("'{cell}"),
        _ => cell.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn valid() -> EventInput {
        EventInput {
            title_nl: "Datacafé".into(),
            title_en: "Data café".into(),
            description_nl: "Over data.".into(),
            description_en: "About data.".into(),
            starts: "2030-03-14T19:30".into(),
            ends: "2030-03-14T21:00".into(),
            deadline: String::new(),
            timezone: String::new(),
            address: "Stadhuisplein 1, Utrecht".into(),
            online_url: String::new(),
            capacity: 20,
            themes: vec![],
            community: None,
            organisation: "GM0344".into(),
            organisers: vec![],
        }
    }

    fn fields(e: &EventInput) -> Vec<String> {
        match validate_event(e) {
            Err(CoreError::Invalid(f)) => f.into_iter().map(|f| f.field).collect(),
            other => vec![format!("valid: {other:?}")],
        }
    }

    #[test]
    fn local_times_become_utc_in_the_zone() {
        let Ok(t) = validate_event(&valid()) else {
            unreachable!("the valid event is valid")
        };
        // March 14th is winter time in Amsterdam: UTC+1.
        assert_eq!(t.starts_at, "2030-03-14T18:30:00Z");
        assert_eq!(t.deadline_at, t.starts_at);
        assert_eq!(t.timezone, "Europe/Amsterdam");
        let summer = EventInput {
            starts: "2030-07-01T10:00".into(),
            ends: "2030-07-01T11:00".into(),
            timezone: "America/New_York".into(),
            ..valid()
        };
        assert_eq!(
            validate_event(&summer).map(|t| t.starts_at),
            Ok("2030-07-01T14:00:00Z".to_owned())
        );
        assert_eq!(
            utc_to_local("2030-07-01T14:00:00Z", "America/New_York"),
            "2030-07-01T10:00"
        );
        assert_eq!(
            ical_utc("2030-07-01T14:00:00Z").as_deref(),
            Some("20300701T140000Z")
        );
    }

    #[test]
    fn bad_events_are_refused_by_field() {
        let mut e = valid();
        e.ends = "2030-03-14T19:00".into();
        assert_eq!(fields(&e), ["ends"]);
        let mut e = valid();
        e.capacity = 0;
        assert_eq!(fields(&e), ["capacity"]);
        e.capacity = -3;
        assert_eq!(fields(&e), ["capacity"]);
        let mut e = valid();
        e.deadline = "2030-03-15T10:00".into();
        assert_eq!(fields(&e), ["deadline"]);
        let mut e = valid();
        e.timezone = "Mars/Olympus_Mons".into();
        assert_eq!(fields(&e), ["timezone"]);
        let mut e = valid();
        e.online_url = "https://meet.example.org/x".into();
        assert_eq!(fields(&e), ["address"], "both an address and a link");
        e.address = String::new();
        assert!(validate_event(&e).is_ok());
        e.online_url = "javascript:alert(1)".into();
        assert_eq!(fields(&e), ["online_url"]);
        let mut e = valid();
        e.starts = "morgen".into();
        assert_eq!(fields(&e), ["starts"]);
        let mut e = valid();
        e.themes = vec!["geen-thema".into()];
        assert_eq!(fields(&e), ["themes"]);
        // A local time the spring clock change skips does not exist.
        let mut e = valid();
        e.starts = "2030-03-31T02:30".into();
        assert_eq!(fields(&e), ["starts"]);
    }

    #[test]
    fn seats_go_first_then_the_waiting_list() {
        assert_eq!(status_for_new(2, 0), RegistrationStatus::Registered);
        assert_eq!(status_for_new(2, 1), RegistrationStatus::Registered);
        assert_eq!(status_for_new(2, 2), RegistrationStatus::Waiting);
    }

    #[test]
    fn links_and_csv_cells_are_safe() {
        assert!(is_web_link("https://example.org/slides.pdf"));
        assert!(is_web_link("http://example.org"));
        assert!(!is_web_link("ftp://example.org"));
        assert!(!is_web_link("javascript:alert(1)"));
        assert!(!is_web_link("https://"));
        assert!(!is_web_link("https://a b"));
        assert_eq!(csv_safe("=SUM(A1)"), "'=SUM(A1)");
        assert_eq!(csv_safe("+31"), "'+31");
        assert_eq!(csv_safe("-1"), "'-1");
        assert_eq!(csv_safe("@x"), "'@x");
        assert_eq!(csv_safe("Utrecht"), "Utrecht");
        assert!(validate_material("Dia's", "https://example.org/d.pdf").is_ok());
        assert!(validate_material("Dia's", "data:text/html,x").is_err());
    }
}
