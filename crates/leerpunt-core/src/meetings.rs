//! The centre's meeting log and its report: what a logged meeting is (kind, organisations,
//! themes, outcome, follow-up actions, links), what a valid one is, how a CSV line of an old log
//! becomes one, and how a year's or quarter's figures are counted from the log.
//!
//! The report is computed here, from plain facts the store loads, so the counting rules (a
//! meeting counts once per province and once per kind of organisation it reached; a follow-up is
//! on time when it was done on or before its due date) are written once and tested without a
//! database.

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};

use crate::{vocab, CoreError, FieldError, Lang, OrgKind};

/// The longest title of a meeting, in characters.
pub const MAX_TITLE: usize = 200;
/// The longest outcome text, in characters.
pub const MAX_OUTCOME: usize = 5_000;
/// The longest follow-up action or owner, in characters.
pub const MAX_ACTION: usize = 500;
pub const MAX_OWNER: usize = 200;
/// The most organisations, themes, follow-ups and links one meeting carries.
pub const MAX_ORGANISATIONS: usize = 50;
pub const MAX_THEMES: usize = 8;
pub const MAX_FOLLOW_UPS: usize = 20;
pub const MAX_LINKS: usize = 10;
pub const MAX_LINK: usize = 500;

/// What kind of meeting the centre held or joined.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum MeetingKind {
    /// Advice to one organisation.
    Advice,
    /// A matchmaking introduction between organisations working on the same thing.
    Matchmaking,
    /// A meeting of a community.
    Community,
    Workshop,
    Conference,
    /// A follow-up conversation on a help-desk question.
    HelpdeskFollowUp,
}

impl MeetingKind {
    pub const ALL: &'static [MeetingKind] = &[
        MeetingKind::Advice,
        MeetingKind::Matchmaking,
        MeetingKind::Community,
        MeetingKind::Workshop,
        MeetingKind::Conference,
        MeetingKind::HelpdeskFollowUp,
    ];

    /// The stable key of URLs, CSV, JSON and the database.
    pub fn key(self) -> &'static str {
        match self {
            MeetingKind::Advice => "advice",
            MeetingKind::Matchmaking => "matchmaking",
            MeetingKind::Community => "community",
            MeetingKind::Workshop => "workshop",
            MeetingKind::Conference => "conference",
            MeetingKind::HelpdeskFollowUp => "helpdesk-follow-up",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.iter().copied().find(|k| k.key() == s.trim())
    }

    /// The kind's name in a language.
    pub fn label(self, lang: Lang) -> &'static str {
        let (nl, en) = match self {
            MeetingKind::Advice => ("Advies", "Advice"),
            MeetingKind::Matchmaking => ("Matchmaking-introductie", "Matchmaking introduction"),
            MeetingKind::Community => ("Bijeenkomst van een gemeenschap", "Community meeting"),
            MeetingKind::Workshop => ("Workshop", "Workshop"),
            MeetingKind::Conference => ("Congres", "Conference"),
            MeetingKind::HelpdeskFollowUp => {
                ("Vervolg op een helpdeskvraag", "Help-desk follow-up")
            }
        };
        match lang {
            Lang::Nl => nl,
            Lang::En => en,
        }
    }
}

/// A follow-up action as a broker writes it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct FollowUpInput {
    pub action: String,
    /// Who does it: a name, or the e-mail address of an account (then linked to that account).
    pub owner: String,
    /// `YYYY-MM-DD`.
    pub due: String,
    /// `YYYY-MM-DD`, when it was done.
    #[serde(default)]
    pub done: Option<String>,
}

/// A meeting as a broker logs it. Organisations are register codes, practices slugs,
/// questions help-desk ids; links are web addresses (an event page, minutes, slides).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewMeeting {
    /// `YYYY-MM-DD`.
    pub date: String,
    /// A [`MeetingKind`] key.
    pub kind: String,
    pub title: String,
    #[serde(default)]
    pub organisations: Vec<String>,
    #[serde(default)]
    pub themes: Vec<String>,
    #[serde(default)]
    pub outcome: String,
    /// Whether the meeting was public (open to anyone); the log itself is for brokers only.
    #[serde(default)]
    pub public: bool,
    #[serde(default)]
    pub follow_ups: Vec<FollowUpInput>,
    #[serde(default)]
    pub practices: Vec<String>,
    #[serde(default)]
    pub questions: Vec<i64>,
    #[serde(default)]
    pub links: Vec<String>,
}

/// Whether `s` is a calendar date written `YYYY-MM-DD`.
pub fn is_date(s: &str) -> bool {
    parse_date(s).is_some()
}

fn parse_date(s: &str) -> Option<time::Date> {
    let format = time::macros::format_description!("[year]-[month]-[day]");
    if s.len() != 10 {
        return None;
    }
    time::Date::parse(s, &format).ok()
}

/// Whether text holds markup (a tag or comment): the log is plain text, so `<script>` and
/// friends are refused rather than stored.
pub fn has_markup(s: &str) -> bool {
    let b = s.as_bytes();
    b.windows(2)
        .any(|w| w[0] == b'<' && (w[1].is_ascii_alphabetic() || w[1] == b'/' || w[1] == b'!'))
}

fn check_text(
    errors: &mut Vec<FieldError>,
    field: &str,
    value: &str,
    min: usize,
    max: usize,
) -> bool {
    let n = value.trim().chars().count();
    let message = if n < min {
        if min <= 1 {
            format!("{field} is required")
        } else {
            format!("{field} needs at least {min} characters")
        }
    } else if value.chars().count() > max {
        format!("{field} is longer than {max} characters")
    } else if has_markup(value) {
        format!("{field} is plain text: no HTML tags")
    } else {
        return true;
    };
    errors.push(FieldError::new(field, message));
    false
}

/// Whether a link is an absolute http(s) address without spaces.
fn is_link(s: &str) -> bool {
    (s.starts_with("https://") || s.starts_with("http://"))
        && s.len() > "https://".len()
        && s.len() <= MAX_LINK
        && !s
            .chars()
            .any(|c| c.is_whitespace() || c == '<' || c == '>' || c == '"')
}

/// Checks a meeting (everything but whether the organisations, practices and questions exist,
/// which the store checks in the same transaction as the write). Returns every problem at once.
/// Follow-up problems are named `follow_ups.N.FIELD` (N counted from 1).
pub fn validate_meeting(m: &NewMeeting) -> Result<(), CoreError> {
    let mut errors = Vec::new();
    let date = parse_date(m.date.trim());
    if date.is_none() {
        errors.push(FieldError::new(
            "date",
            format!("date {:?} is not a date (YYYY-MM-DD)", m.date),
        ));
    }
    if MeetingKind::parse(&m.kind).is_none() {
        errors.push(FieldError::new(
            "kind",
            format!("unknown kind {:?}", m.kind.trim()),
        ));
    }
    check_text(&mut errors, "title", &m.title, 3, MAX_TITLE);
    if !m.outcome.is_empty() {
        check_text(&mut errors, "outcome", &m.outcome, 0, MAX_OUTCOME);
    }
    if m.organisations.len() > MAX_ORGANISATIONS {
        errors.push(FieldError::new(
            "organisations",
            format!("at most {MAX_ORGANISATIONS} organisations"),
        ));
    }
    if let Some(bad) = m
        .organisations
        .iter()
        .find(|c| c.trim().is_empty() || c.len() > 20 || has_markup(c))
    {
        errors.push(FieldError::new(
            "organisations",
            format!("unknown organisation {bad:?}"),
        ));
    }
    if m.themes.len() > MAX_THEMES {
        errors.push(FieldError::new(
            "themes",
            format!("choose at most {MAX_THEMES} themes"),
        ));
    }
    if let Some(bad) = m.themes.iter().find(|t| vocab::theme(t).is_none()) {
        errors.push(FieldError::new("themes", format!("unknown theme {bad:?}")));
    }
    if let Some(bad) = m.practices.iter().find(|s| !crate::text::is_slug(s)) {
        errors.push(FieldError::new(
            "practices",
            format!("unknown practice {bad:?}"),
        ));
    }
    if let Some(bad) = m.questions.iter().find(|q| **q <= 0) {
        errors.push(FieldError::new(
            "questions",
            format!("unknown question {bad}"),
        ));
    }
    if m.links.len() > MAX_LINKS {
        errors.push(FieldError::new(
            "links",
            format!("at most {MAX_LINKS} links"),
        ));
    }
    if let Some(bad) = m.links.iter().find(|l| !is_link(l)) {
        errors.push(FieldError::new(
            "links",
            format!("{bad:?} is not a web address (https://…)"),
        ));
    }
    if m.follow_ups.len() > MAX_FOLLOW_UPS {
        errors.push(FieldError::new(
            "follow_ups",
            format!("at most {MAX_FOLLOW_UPS} follow-up actions"),
        ));
    }
    for (i, f) in m.follow_ups.iter().enumerate() {
        let n = i + 1;
        let field = |name: &str| format!("follow_ups.{n}.{name}");
        let mut sub = Vec::new();
        check_text(&mut sub, "action", &f.action, 1, MAX_ACTION);
        check_text(&mut sub, "owner", &f.owner, 1, MAX_OWNER);
        errors
            .extend(sub.into_iter().map(|e| {
                FieldError::new(field(&e.field), format!("follow-up {n}: {}", e.message))
            }));
        match parse_date(f.due.trim()) {
            None => errors.push(FieldError::new(
                field("due"),
                format!(
                    "follow-up {n}: due date {:?} is not a date (YYYY-MM-DD)",
                    f.due
                ),
            )),
            Some(due) if date.is_some_and(|d| due < d) => errors.push(FieldError::new(
                field("due"),
                format!("follow-up {n}: due date {} is before the meeting", f.due),
            )),
            Some(_) => {}
        }
        if let Some(done) = f.done.as_deref().filter(|d| !d.trim().is_empty()) {
            match parse_date(done.trim()) {
                None => errors.push(FieldError::new(
                    field("done"),
                    format!("follow-up {n}: done date {done:?} is not a date (YYYY-MM-DD)"),
                )),
                Some(d) if date.is_some_and(|m| d < m) => errors.push(FieldError::new(
                    field("done"),
                    format!("follow-up {n}: done date {done} is before the meeting"),
                )),
                Some(_) => {}
            }
        }
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(CoreError::Invalid(errors))
    }
}

/// A logged follow-up action.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FollowUp {
    pub id: i64,
    pub action: String,
    /// The owner as written: a name, or an account's address.
    pub owner: String,
    pub owner_user_id: Option<i64>,
    /// The linked account's name, when the owner is an account.
    pub owner_name: Option<String>,
    pub due: String,
    pub done: Option<String>,
}

impl FollowUp {
    /// Done on or before the due date.
    pub fn on_time(&self) -> bool {
        self.done.as_deref().is_some_and(|d| d <= self.due.as_str())
    }
}

/// An organisation present at a meeting, with what the report counts it by.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Present {
    pub code: String,
    pub name: String,
    pub kind: OrgKind,
    /// The province's register code (`PV26`); `None` for bodies without one (ministries).
    pub province: Option<String>,
}

/// A logged meeting.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Meeting {
    pub id: i64,
    pub date: String,
    pub kind: MeetingKind,
    pub title: String,
    pub organisations: Vec<Present>,
    pub themes: Vec<String>,
    pub outcome: String,
    pub public: bool,
    pub follow_ups: Vec<FollowUp>,
    pub practices: Vec<String>,
    pub questions: Vec<i64>,
    pub links: Vec<String>,
    pub author_id: Option<i64>,
    pub demo: bool,
    pub created_at: String,
    pub updated_at: String,
}

impl Meeting {
    /// The meeting as an input again (the edit form, the API's round trip).
    pub fn to_input(&self) -> NewMeeting {
        NewMeeting {
            date: self.date.clone(),
            kind: self.kind.key().to_owned(),
            title: self.title.clone(),
            organisations: self.organisations.iter().map(|o| o.code.clone()).collect(),
            themes: self.themes.clone(),
            outcome: self.outcome.clone(),
            public: self.public,
            follow_ups: self
                .follow_ups
                .iter()
                .map(|f| FollowUpInput {
                    action: f.action.clone(),
                    owner: f.owner.clone(),
                    due: f.due.clone(),
                    done: f.done.clone(),
                })
                .collect(),
            practices: self.practices.clone(),
            questions: self.questions.clone(),
            links: self.links.clone(),
        }
    }
}

/// The period of a report: a year, or one quarter of it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Period {
    pub year: i32,
    pub quarter: Option<u8>,
}

impl Period {
    /// Checks a year (2000–2100) and quarter (1–4).
    pub fn new(year: i32, quarter: Option<u8>) -> Result<Self, CoreError> {
        let mut errors = Vec::new();
        if !(2000..=2100).contains(&year) {
            errors.push(FieldError::new(
                "year",
                "year must be between 2000 and 2100",
            ));
        }
        if quarter.is_some_and(|q| !(1..=4).contains(&q)) {
            errors.push(FieldError::new("quarter", "quarter must be 1, 2, 3 or 4"));
        }
        if errors.is_empty() {
            Ok(Self { year, quarter })
        } else {
            Err(CoreError::Invalid(errors))
        }
    }

    /// The first day, `YYYY-MM-DD`.
    pub fn start(&self) -> String {
        let month = self.quarter.map_or(1, |q| (q - 1) * 3 + 1);
        format!("{:04}-{month:02}-01", self.year)
    }

    /// The last day, `YYYY-MM-DD`.
    pub fn end(&self) -> String {
        match self.quarter {
            None | Some(4) => format!("{:04}-12-31", self.year),
            Some(1) => format!("{:04}-03-31", self.year),
            Some(2) => format!("{:04}-06-30", self.year),
            Some(_) => format!("{:04}-09-30", self.year),
        }
    }

    /// Whether a `YYYY-MM-DD` date lies in the period.
    pub fn contains(&self, date: &str) -> bool {
        date >= self.start().as_str() && date <= self.end().as_str()
    }

    /// "2026" or "2026 Q2".
    pub fn label(&self) -> String {
        match self.quarter {
            Some(q) => format!("{} Q{q}", self.year),
            None => self.year.to_string(),
        }
    }
}

/// The report's figures for a period.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Report {
    pub period: Period,
    pub meetings: i64,
    /// Every kind, in the order of [`MeetingKind::ALL`], with its count (also 0).
    pub by_kind: Vec<(MeetingKind, i64)>,
    /// Theme key → meetings about it; most first, then by key.
    pub by_theme: Vec<(String, i64)>,
    /// Province code (`""` for bodies without a province) → meetings that reached an
    /// organisation there, counted once per meeting; most first.
    pub by_province: Vec<(String, i64)>,
    /// Kind of organisation → meetings that reached one of that kind, counted once per meeting.
    pub by_org_kind: Vec<(OrgKind, i64)>,
    /// Organisations present at one or more meetings of the period.
    pub organisations_reached: i64,
    /// Follow-ups whose due date lies in the period.
    pub follow_ups_due: i64,
    /// Of those, done on or before the due date.
    pub follow_ups_on_time: i64,
    /// Of those, done after the due date.
    pub follow_ups_late: i64,
    /// Of those, not done (yet).
    pub follow_ups_open: i64,
}

fn sorted_desc<K: Ord + Clone>(counts: BTreeMap<K, i64>) -> Vec<(K, i64)> {
    let mut v: Vec<(K, i64)> = counts.into_iter().collect();
    v.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    v
}

/// Counts the report of `period` from the log. Meetings outside the period count for nothing
/// but their follow-ups, which count in the period their due date falls in.
pub fn report(period: Period, meetings: &[Meeting]) -> Report {
    let mut by_kind: BTreeMap<MeetingKind, i64> = BTreeMap::new();
    let mut by_theme: BTreeMap<String, i64> = BTreeMap::new();
    let mut by_province: BTreeMap<String, i64> = BTreeMap::new();
    let mut by_org_kind: BTreeMap<OrgKind, i64> = BTreeMap::new();
    let mut reached: BTreeSet<&str> = BTreeSet::new();
    let mut count = 0;
    let (mut due, mut on_time, mut late, mut open) = (0, 0, 0, 0);
    for m in meetings {
        for f in m.follow_ups.iter().filter(|f| period.contains(&f.due)) {
            due += 1;
            match &f.done {
                None => open += 1,
                Some(_) if f.on_time() => on_time += 1,
                Some(_) => late += 1,
            }
        }
        if !period.contains(&m.date) {
            continue;
        }
        count += 1;
        *by_kind.entry(m.kind).or_default() += 1;
        for t in m.themes.iter().collect::<BTreeSet<_>>() {
            *by_theme.entry(t.clone()).or_default() += 1;
        }
        let provinces: BTreeSet<String> = m
            .organisations
            .iter()
            .map(|o| o.province.clone().unwrap_or_default())
            .collect();
        for p in provinces {
            *by_province.entry(p).or_default() += 1;
        }
        let kinds: BTreeSet<OrgKind> = m.organisations.iter().map(|o| o.kind).collect();
        for k in kinds {
            *by_org_kind.entry(k).or_default() += 1;
        }
        reached.extend(m.organisations.iter().map(|o| o.code.as_str()));
    }
    Report {
        period,
        meetings: count,
        by_kind: MeetingKind::ALL
            .iter()
            .map(|k| (*k, by_kind.get(k).copied().unwrap_or(0)))
            .collect(),
        by_theme: sorted_desc(by_theme),
        by_province: sorted_desc(by_province),
        by_org_kind: sorted_desc(by_org_kind),
        organisations_reached: reached.len() as i64,
        follow_ups_due: due,
        follow_ups_on_time: on_time,
        follow_ups_late: late,
        follow_ups_open: open,
    }
}

/// One line of a meeting log in CSV, as `leerpunt import meetings` reads it. Lists inside a
/// cell are separated by `|`; a follow-up is `action; owner; due[; done]`.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct MeetingCsvRow {
    pub date: String,
    pub kind: String,
    pub title: String,
    #[serde(default)]
    pub organisations: String,
    #[serde(default)]
    pub themes: String,
    #[serde(default)]
    pub outcome: String,
    #[serde(default)]
    pub public: String,
    #[serde(default)]
    pub follow_ups: String,
    #[serde(default)]
    pub practices: String,
    #[serde(default)]
    pub questions: String,
    #[serde(default)]
    pub links: String,
}

fn list(cell: &str) -> Vec<String> {
    cell.split('|')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
        .collect()
}

impl MeetingCsvRow {
    /// The meeting this line describes, or why it cannot be one (the first problem, in words).
    pub fn to_meeting(&self) -> Result<NewMeeting, String> {
        let public = match self.public.trim().to_lowercase().as_str() {
            "" | "0" | "no" | "nee" | "false" => false,
            "1" | "yes" | "ja" | "true" => true,
            other => return Err(format!("public must be yes or no, not {other:?}")),
        };
        let mut questions = Vec::new();
        for q in list(&self.questions) {
            questions.push(
                q.trim_start_matches('#')
                    .parse::<i64>()
                    .map_err(|_| format!("question {q:?} is not a number"))?,
            );
        }
        let mut follow_ups = Vec::new();
        for (i, f) in list(&self.follow_ups).iter().enumerate() {
            let parts: Vec<&str> = f.split(';').map(str::trim).collect();
            if !(3..=4).contains(&parts.len()) {
                return Err(format!(
                    "follow-up {}: write it as \"action; owner; due date[; done date]\"",
                    i + 1
                ));
            }
            follow_ups.push(FollowUpInput {
                action: parts[0].to_owned(),
                owner: parts[1].to_owned(),
                due: parts[2].to_owned(),
                done: parts
                    .get(3)
                    .map(|d| (*d).to_owned())
                    .filter(|d| !d.is_empty()),
            });
        }
        Ok(NewMeeting {
            date: self.date.trim().to_owned(),
            kind: self.kind.trim().to_owned(),
            title: self.title.trim().to_owned(),
            organisations: list(&self.organisations),
            themes: list(&self.themes),
            outcome: self.outcome.trim().to_owned(),
            public,
            follow_ups,
            practices: list(&self.practices),
            questions,
            links: list(&self.links),
        })
    }
}

/// The first message of an error, for one line of an import report.
pub fn first_problem(e: &CoreError) -> String {
    match e {
        CoreError::Invalid(fields) => fields
            .first()
            .map(|f| f.message.clone())
            .unwrap_or_else(|| e.to_string()),
        CoreError::NotFound(_) => e.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn meeting() -> NewMeeting {
        NewMeeting {
            date: "2026-04-14".into(),
            kind: "advice".into(),
            title: "Advies over datadeling".into(),
            organisations: vec!["GM0344".into()],
            themes: vec!["datakwaliteit".into()],
            outcome: "Afspraken gemaakt.".into(),
            follow_ups: vec![FollowUpInput {
                action: "Voorbeeldconvenant sturen".into(),
                owner: "Joris".into(),
                due: "2026-04-30".into(),
                done: None,
            }],
            ..NewMeeting::default()
        }
    }

    fn fields(m: &NewMeeting) -> Vec<String> {
        match validate_meeting(m) {
            Ok(()) => Vec::new(),
            Err(CoreError::Invalid(f)) => f.into_iter().map(|f| f.field).collect(),
            Err(e) => vec![e.to_string()],
        }
    }

    #[test]
    fn a_good_meeting_passes_and_bad_fields_are_named() {
        assert!(validate_meeting(&meeting()).is_ok());
        let bad = NewMeeting {
            date: "2026-02-30".into(),
            kind: "lunch".into(),
            title: "<script>alert(1)</script>".into(),
            themes: vec!["astrologie".into()],
            links: vec!["javascript:alert(1)".into()],
            ..meeting()
        };
        assert_eq!(
            fields(&bad),
            ["date", "kind", "title", "themes", "links"].map(String::from)
        );
        let Err(CoreError::Invalid(f)) = validate_meeting(&bad) else {
            unreachable!("refused")
        };
        assert_eq!(f[1].message, "unknown kind \"lunch\"");
    }

    #[test]
    fn follow_ups_need_real_dates_not_before_the_meeting() {
        let mut m = meeting();
        m.follow_ups[0].due = "morgen".into();
        assert_eq!(fields(&m), ["follow_ups.1.due"]);
        m.follow_ups[0].due = "2026-04-01".into();
        assert_eq!(fields(&m), ["follow_ups.1.due"]);
        m.follow_ups[0].due = "2026-04-30".into();
        m.follow_ups[0].done = Some("2026-13-01".into());
        assert_eq!(fields(&m), ["follow_ups.1.done"]);
        m.follow_ups[0].done = Some(String::new());
        m.follow_ups[0].owner = " ".into();
        assert_eq!(fields(&m), ["follow_ups.1.owner"]);
    }

    #[test]
    fn markup_is_refused_but_comparisons_are_not() {
        assert!(has_markup("<b>vet</b>"));
        assert!(has_markup("a </div>"));
        assert!(has_markup("<!-- x -->"));
        assert!(!has_markup("kosten < 5 en 3<4"));
    }

    #[test]
    fn periods_bound_their_dates() {
        let q2 = Period::new(2026, Some(2)).unwrap_or(Period {
            year: 0,
            quarter: None,
        });
        assert_eq!(
            (q2.start().as_str(), q2.end().as_str()),
            ("2026-04-01", "2026-06-30")
        );
        assert!(q2.contains("2026-06-30") && !q2.contains("2026-07-01"));
        assert!(Period::new(2026, Some(5)).is_err());
        assert!(Period::new(1999, None).is_err());
        assert_eq!(
            Period::new(2025, None).map(|p| p.end()).ok().as_deref(),
            Some("2025-12-31")
        );
    }

    fn present(code: &str, kind: OrgKind, province: Option<&str>) -> Present {
        Present {
            code: code.into(),
            name: code.into(),
            kind,
            province: province.map(Into::into),
        }
    }

    fn logged(
        id: i64,
        date: &str,
        kind: MeetingKind,
        orgs: Vec<Present>,
        follow: Vec<(&str, Option<&str>)>,
    ) -> Meeting {
        Meeting {
            id,
            date: date.into(),
            kind,
            title: format!("M{id}"),
            organisations: orgs,
            themes: vec!["datakwaliteit".into()],
            outcome: String::new(),
            public: false,
            follow_ups: follow
                .into_iter()
                .enumerate()
                .map(|(i, (due, done))| FollowUp {
                    id: i as i64,
                    action: "a".into(),
                    owner: "o".into(),
                    owner_user_id: None,
                    owner_name: None,
                    due: due.into(),
                    done: done.map(Into::into),
                })
                .collect(),
            practices: vec![],
            questions: vec![],
            links: vec![],
            author_id: None,
            demo: false,
            created_at: String::new(),
            updated_at: String::new(),
        }
    }

    #[test]
    fn the_report_counts_each_meeting_once_per_province_and_kind() {
        let utrecht = present("GM0344", OrgKind::Municipality, Some("PV26"));
        let zeist = present("GM0355", OrgKind::Municipality, Some("PV26"));
        let bzk = present("MIN-BZK", OrgKind::Ministry, None);
        let log = vec![
            logged(
                1,
                "2026-04-02",
                MeetingKind::Advice,
                vec![utrecht.clone(), zeist.clone()],
                vec![
                    ("2026-04-20", Some("2026-04-19")),
                    ("2026-05-01", Some("2026-05-03")),
                ],
            ),
            logged(
                2,
                "2026-05-10",
                MeetingKind::Workshop,
                vec![utrecht.clone(), bzk.clone()],
                vec![("2026-07-02", None)],
            ),
            logged(
                3,
                "2026-08-10",
                MeetingKind::Advice,
                vec![bzk],
                vec![("2026-06-30", None)],
            ),
        ];
        let r = report(
            Period {
                year: 2026,
                quarter: Some(2),
            },
            &log,
        );
        assert_eq!(r.meetings, 2);
        assert_eq!(r.by_kind[0], (MeetingKind::Advice, 1));
        assert_eq!(r.by_kind[3], (MeetingKind::Workshop, 1));
        assert_eq!(
            r.by_province,
            vec![("PV26".to_owned(), 2), (String::new(), 1)]
        );
        assert_eq!(
            r.by_org_kind,
            vec![(OrgKind::Municipality, 2), (OrgKind::Ministry, 1)]
        );
        assert_eq!(r.by_theme, vec![("datakwaliteit".to_owned(), 2)]);
        assert_eq!(r.organisations_reached, 3);
        // Due in Q2: two of meeting 1 and one of meeting 3 (held in Q3, due in Q2).
        assert_eq!(
            (
                r.follow_ups_due,
                r.follow_ups_on_time,
                r.follow_ups_late,
                r.follow_ups_open
            ),
            (3, 1, 1, 1)
        );
        let year = report(
            Period {
                year: 2026,
                quarter: None,
            },
            &log,
        );
        assert_eq!((year.meetings, year.follow_ups_due), (3, 4));
    }

    #[test]
    fn csv_lines_become_meetings() {
        let row = MeetingCsvRow {
            date: "2026-03-05".into(),
            kind: "workshop".into(),
            title: "Workshop datakwaliteit".into(),
            organisations: "GM0344 | GM0363".into(),
            themes: "datakwaliteit".into(),
            public: "ja".into(),
            follow_ups:
                "Verslag sturen; Joris; 2026-03-12; 2026-03-11 | Vervolg plannen; Karin; 2026-04-01"
                    .into(),
            questions: "#3".into(),
            ..MeetingCsvRow::default()
        };
        let m = row.to_meeting().unwrap_or_default();
        assert_eq!(m.organisations, ["GM0344", "GM0363"]);
        assert!(m.public);
        assert_eq!(m.follow_ups.len(), 2);
        assert_eq!(m.follow_ups[0].done.as_deref(), Some("2026-03-11"));
        assert_eq!(m.follow_ups[1].done, None);
        assert_eq!(m.questions, [3]);
        assert!(validate_meeting(&m).is_ok());
        let broken = MeetingCsvRow {
            follow_ups: "alleen een actie".into(),
            ..row
        };
        assert!(broken.to_meeting().is_err());
    }

    #[test]
    fn kinds_round_trip_and_have_labels() {
        for k in MeetingKind::ALL {
            assert_eq!(MeetingKind::parse(k.key()), Some(*k));
            assert!(!k.label(Lang::Nl).is_empty() && !k.label(Lang::En).is_empty());
        }
        assert_eq!(MeetingKind::parse("lunch"), None);
    }
}
