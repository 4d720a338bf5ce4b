//! The rolling agenda: commitments under the Data Agenda's action lines, their milestones,
//! progress updates and evidence, and their independent review on the scales of the Open
//! Government Partnership's Independent Reporting Mechanism (IRM), with the report's counting
//! rules as pure functions.
//!
//! Validation problems carry `msg-agenda-…` locale keys as their messages, so pages and API tell
//! them in the request's language.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::labs::is_web_url;
use crate::meetings::{has_markup, is_date};
use crate::vocab::{ThemeGroup, THEMES};
use crate::{CoreError, FieldError, Lang};

/// The action lines: the themes of the Data Agenda Government (`vocab`'s `Agenda` group).
pub fn action_lines() -> impl Iterator<Item = &'static crate::vocab::ThemeDef> {
    THEMES.iter().filter(|t| t.group == ThemeGroup::Agenda)
}

/// Whether `key` is an action line.
pub fn is_action_line(key: &str) -> bool {
    action_lines().any(|t| t.key == key)
}

/// Declares a closed scale: its variants with stable keys and labels in both languages.
macro_rules! scale {
    ($(#[$doc:meta])* $name:ident { $($variant:ident => $key:literal, $nl:literal, $en:literal;)+ }) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
        #[serde(rename_all = "snake_case")]
        pub enum $name { $($variant,)+ }

        impl $name {
            /// Every value, in the scale's order.
            pub const ALL: &'static [$name] = &[$($name::$variant,)+];

            pub fn key(self) -> &'static str {
                match self { $($name::$variant => $key,)+ }
            }

            pub fn parse(s: &str) -> Option<Self> {
                Self::ALL.iter().copied().find(|v| v.key() == s.trim())
            }

            pub fn label(self, lang: Lang) -> &'static str {
                match (self, lang) {
                    $(($name::$variant, Lang::Nl) => $nl, ($name::$variant, Lang::En) => $en,)+
                }
            }
        }
    };
}

scale!(
    /// Where a commitment stands. `Completed` and `Stopped` are final in practice but may be
    /// corrected by the owner (a status is a report, not a workflow).
    CommitmentStatus {
        Planned => "planned", "Gepland", "Planned";
        InProgress => "in_progress", "Bezig", "In progress";
        Delayed => "delayed", "Vertraagd", "Delayed";
        Completed => "completed", "Afgerond", "Completed";
        Stopped => "stopped", "Gestopt", "Stopped";
    }
);

scale!(
    /// IRM: how specific and verifiable the commitment's activities are.
    Specificity {
        None => "none", "Geen", "None";
        Low => "low", "Laag", "Low";
        Medium => "medium", "Gemiddeld", "Medium";
        High => "high", "Hoog", "High";
    }
);

scale!(
    /// IRM: whether the commitment is clearly relevant to the values of open government
    /// (access to information, participation, accountability). A simple clear/unclear rather
    /// than a yes/no per value: the written justification names the values.
    Relevance {
        Clear => "clear", "Duidelijk", "Clear";
        Unclear => "unclear", "Onduidelijk", "Unclear";
    }
);

scale!(
    /// IRM: the potential impact if the commitment is fully carried out.
    Impact {
        None => "none", "Geen", "None";
        Minor => "minor", "Klein", "Minor";
        Moderate => "moderate", "Gemiddeld", "Moderate";
        Transformative => "transformative", "Transformatief", "Transformative";
    }
);

scale!(
    /// IRM: how far the commitment has been carried out at the end of the period.
    Completion {
        NotStarted => "not_started", "Niet begonnen", "Not started";
        Limited => "limited", "Beperkt", "Limited";
        Substantial => "substantial", "Substantieel", "Substantial";
        Complete => "complete", "Voltooid", "Complete";
    }
);

scale!(
    /// IRM: "did it open government?" — the change in government practice it brought.
    OpenedGovernment {
        DidNotChange => "did_not_change", "Niets veranderd", "Did not change";
        Marginal => "marginal", "Marginaal", "Marginal";
        Major => "major", "Groot", "Major";
        Outstanding => "outstanding", "Uitstekend", "Outstanding";
    }
);

/// A review period: a calendar year (`2026`) or one half of it (`2026-H1`, `2026-H2`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct ReviewPeriod {
    pub year: i32,
    /// `None`: the whole year; `Some(1)`/`Some(2)`: January–June, July–December.
    pub half: Option<u8>,
}

impl ReviewPeriod {
    /// Parses `YYYY` or `YYYY-H1`/`YYYY-H2` (years 2000–2100).
    pub fn parse(s: &str) -> Result<Self, CoreError> {
        let bad = || CoreError::invalid("period", "msg-agenda-period-invalid");
        let s = s.trim();
        let (year, half) = match s.split_once('-') {
            Some((y, h)) => (
                y,
                Some(match h {
                    "H1" | "h1" => 1,
                    "H2" | "h2" => 2,
                    _ => return Err(bad()),
                }),
            ),
            None => (s, None),
        };
        if year.len() != 4 || !year.chars().all(|c| c.is_ascii_digit()) {
            return Err(bad());
        }
        let year: i32 = year.parse().map_err(|_| bad())?;
        if !(2000..=2100).contains(&year) {
            return Err(bad());
        }
        Ok(Self { year, half })
    }

    /// The key as written in addresses and stored: `2026` or `2026-H1`.
    pub fn key(&self) -> String {
        match self.half {
            Some(h) => format!("{}-H{h}", self.year),
            None => self.year.to_string(),
        }
    }

    /// The first day, `YYYY-MM-DD`.
    pub fn start(&self) -> String {
        match self.half {
            Some(2) => format!("{:04}-07-01", self.year),
            _ => format!("{:04}-01-01", self.year),
        }
    }

    /// The last day, `YYYY-MM-DD`.
    pub fn end(&self) -> String {
        match self.half {
            Some(1) => format!("{:04}-06-30", self.year),
            _ => format!("{:04}-12-31", self.year),
        }
    }

    /// Whether a commitment running from `start` to `due` overlaps the period.
    pub fn overlaps(&self, start: &str, due: &str) -> bool {
        start <= self.end().as_str() && due >= self.start().as_str()
    }
}

/// What a commitment is, as a form or the API writes it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CommitmentInput {
    pub action_line: String,
    /// The owner organisation's register code.
    pub owner: String,
    /// Partner organisations' register codes.
    #[serde(default)]
    pub partners: Vec<String>,
    pub title_nl: String,
    pub title_en: String,
    pub description_nl: String,
    pub description_en: String,
    /// `YYYY-MM-DD`.
    pub starts_on: String,
    /// `YYYY-MM-DD`, not before `starts_on`.
    pub due_on: String,
    /// A [`CommitmentStatus`] key.
    pub status: String,
}

fn check_text(errors: &mut Vec<FieldError>, field: &str, value: &str, min: usize, max: usize) {
    let n = value.trim().chars().count();
    let key = if n == 0 {
        "msg-agenda-required"
    } else if n < min {
        "msg-agenda-too-short"
    } else if value.chars().count() > max {
        "msg-agenda-too-long"
    } else if has_markup(value) {
        "msg-agenda-no-markup"
    } else {
        return;
    };
    errors.push(FieldError::new(field, key));
}

fn check_date(errors: &mut Vec<FieldError>, field: &str, value: &str) -> bool {
    if is_date(value.trim()) {
        true
    } else {
        errors.push(FieldError::new(field, "msg-agenda-date-invalid"));
        false
    }
}

fn done(errors: Vec<FieldError>) -> Result<(), CoreError> {
    if errors.is_empty() {
        Ok(())
    } else {
        Err(CoreError::Invalid(errors))
    }
}

/// Checks a commitment (everything but whether the organisations exist, which the store checks
/// in the write's transaction). Returns every problem at once.
pub fn validate_commitment(c: &CommitmentInput) -> Result<(), CoreError> {
    let mut errors = Vec::new();
    if !is_action_line(c.action_line.trim()) {
        errors.push(FieldError::new(
            "action_line",
            "msg-agenda-action-line-unknown",
        ));
    }
    if c.owner.trim().is_empty() {
        errors.push(FieldError::new("owner", "msg-agenda-organisation-unknown"));
    }
    if c.partners.len() > 20 {
        errors.push(FieldError::new("partners", "msg-agenda-too-many-partners"));
    }
    if c.partners.iter().any(|p| p.trim() == c.owner.trim()) {
        errors.push(FieldError::new("partners", "msg-agenda-partner-is-owner"));
    }
    check_text(&mut errors, "title_nl", &c.title_nl, 3, 200);
    check_text(&mut errors, "title_en", &c.title_en, 3, 200);
    check_text(&mut errors, "description_nl", &c.description_nl, 1, 5_000);
    check_text(&mut errors, "description_en", &c.description_en, 1, 5_000);
    let start = check_date(&mut errors, "starts_on", &c.starts_on);
    let due = check_date(&mut errors, "due_on", &c.due_on);
    if start && due && c.due_on.trim() < c.starts_on.trim() {
        errors.push(FieldError::new("due_on", "msg-agenda-due-before-start"));
    }
    if CommitmentStatus::parse(&c.status).is_none() {
        errors.push(FieldError::new("status", "msg-agenda-status-unknown"));
    }
    done(errors)
}

/// A milestone to add.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct MilestoneInput {
    pub title: String,
    /// `YYYY-MM-DD`.
    pub due_on: String,
}

pub fn validate_milestone(m: &MilestoneInput) -> Result<(), CoreError> {
    let mut errors = Vec::new();
    check_text(&mut errors, "title", &m.title, 3, 200);
    check_date(&mut errors, "due_on", &m.due_on);
    done(errors)
}

/// The date a milestone was done (`YYYY-MM-DD`).
pub fn validate_done_on(done_on: &str) -> Result<(), CoreError> {
    let mut errors = Vec::new();
    check_date(&mut errors, "done_on", done_on);
    done(errors)
}

/// A progress update: a dated note.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProgressInput {
    /// `YYYY-MM-DD`.
    pub written_on: String,
    pub body: String,
}

pub fn validate_progress(p: &ProgressInput) -> Result<(), CoreError> {
    let mut errors = Vec::new();
    check_date(&mut errors, "written_on", &p.written_on);
    check_text(&mut errors, "body", &p.body, 1, 5_000);
    done(errors)
}

/// What a piece of evidence is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EvidenceKind {
    /// A web page.
    Link,
    /// A document (PDF, spreadsheet…) published at an address.
    Document,
}

impl EvidenceKind {
    pub const ALL: &'static [EvidenceKind] = &[EvidenceKind::Link, EvidenceKind::Document];

    pub fn key(self) -> &'static str {
        match self {
            EvidenceKind::Link => "link",
            EvidenceKind::Document => "document",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.iter().copied().find(|k| k.key() == s.trim())
    }

    pub fn label(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (EvidenceKind::Link, Lang::Nl) => "Link",
            (EvidenceKind::Link, Lang::En) => "Link",
            (EvidenceKind::Document, Lang::Nl) => "Document",
            (EvidenceKind::Document, Lang::En) => "Document",
        }
    }
}

/// Evidence of progress: a link or a document, by its http(s) address.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct EvidenceInput {
    pub title: String,
    pub url: String,
    /// An [`EvidenceKind`] key.
    pub kind: String,
}

pub fn validate_evidence(e: &EvidenceInput) -> Result<(), CoreError> {
    let mut errors = Vec::new();
    check_text(&mut errors, "title", &e.title, 3, 200);
    if !is_web_url(&e.url) {
        errors.push(FieldError::new("url", "msg-agenda-url-invalid"));
    }
    if EvidenceKind::parse(&e.kind).is_none() {
        errors.push(FieldError::new("kind", "msg-agenda-kind-unknown"));
    }
    done(errors)
}

/// An independent review of one commitment for one period, as the form writes it (keys).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReviewInput {
    pub period: String,
    pub specificity: String,
    pub relevance: String,
    pub impact: String,
    pub completion: String,
    pub opened_government: String,
    pub justification: String,
}

/// A review's ratings, parsed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Ratings {
    pub period: ReviewPeriod,
    pub specificity: Specificity,
    pub relevance: Relevance,
    pub impact: Impact,
    pub completion: Completion,
    pub opened_government: OpenedGovernment,
}

/// Checks a review: every rating on its scale, a known period and a justification of 20 to
/// 10,000 characters. Returns the parsed ratings.
pub fn validate_review(r: &ReviewInput) -> Result<Ratings, CoreError> {
    let mut errors = Vec::new();
    let period = ReviewPeriod::parse(&r.period)
        .map_err(|_| errors.push(FieldError::new("period", "msg-agenda-period-invalid")))
        .ok();
    fn rate<T>(errors: &mut Vec<FieldError>, field: &str, v: Option<T>) -> Option<T> {
        if v.is_none() {
            errors.push(FieldError::new(field, "msg-agenda-rating-invalid"));
        }
        v
    }
    let specificity = rate(
        &mut errors,
        "specificity",
        Specificity::parse(&r.specificity),
    );
    let relevance = rate(&mut errors, "relevance", Relevance::parse(&r.relevance));
    let impact = rate(&mut errors, "impact", Impact::parse(&r.impact));
    let completion = rate(&mut errors, "completion", Completion::parse(&r.completion));
    let opened = rate(
        &mut errors,
        "opened_government",
        OpenedGovernment::parse(&r.opened_government),
    );
    check_text(&mut errors, "justification", &r.justification, 20, 10_000);
    match (period, specificity, relevance, impact, completion, opened) {
        (
            Some(period),
            Some(specificity),
            Some(relevance),
            Some(impact),
            Some(completion),
            Some(opened_government),
        ) if errors.is_empty() => Ok(Ratings {
            period,
            specificity,
            relevance,
            impact,
            completion,
            opened_government,
        }),
        _ => Err(CoreError::Invalid(errors)),
    }
}

/// The owner's response to a review.
pub fn validate_response(text: &str) -> Result<(), CoreError> {
    let mut errors = Vec::new();
    check_text(&mut errors, "response", text, 1, 5_000);
    done(errors)
}

/// A stored commitment with everything it holds.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Commitment {
    pub id: i64,
    pub action_line: String,
    pub owner: String,
    pub owner_id: i64,
    pub owner_name: String,
    /// (code, name) of each partner.
    pub partners: Vec<(String, String)>,
    pub title_nl: String,
    pub title_en: String,
    pub description_nl: String,
    pub description_en: String,
    pub starts_on: String,
    pub due_on: String,
    pub status: CommitmentStatus,
    pub milestones: Vec<Milestone>,
    /// Newest first.
    pub updates: Vec<ProgressUpdate>,
    pub evidence: Vec<Evidence>,
    /// Newest period first.
    pub reviews: Vec<Review>,
    pub demo: bool,
    pub created_at: String,
    pub updated_at: String,
}

impl Commitment {
    pub fn title(&self, lang: Lang) -> &str {
        match lang {
            Lang::En => &self.title_en,
            Lang::Nl => &self.title_nl,
        }
    }

    pub fn description(&self, lang: Lang) -> &str {
        match lang {
            Lang::En => &self.description_en,
            Lang::Nl => &self.description_nl,
        }
    }

    /// The commitment as its edit form starts.
    pub fn to_input(&self) -> CommitmentInput {
        CommitmentInput {
            action_line: self.action_line.clone(),
            owner: self.owner.clone(),
            partners: self.partners.iter().map(|p| p.0.clone()).collect(),
            title_nl: self.title_nl.clone(),
            title_en: self.title_en.clone(),
            description_nl: self.description_nl.clone(),
            description_en: self.description_en.clone(),
            starts_on: self.starts_on.clone(),
            due_on: self.due_on.clone(),
            status: self.status.key().to_owned(),
        }
    }

    /// The review of a period, if any.
    pub fn review_of(&self, period: &ReviewPeriod) -> Option<&Review> {
        self.reviews.iter().find(|r| r.ratings.period == *period)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Milestone {
    pub id: i64,
    pub title: String,
    pub due_on: String,
    pub done_on: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ProgressUpdate {
    pub id: i64,
    pub written_on: String,
    pub body: String,
    pub author: String,
    pub created_at: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Evidence {
    pub id: i64,
    pub title: String,
    pub url: String,
    pub kind: EvidenceKind,
    pub created_at: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Review {
    pub id: i64,
    pub commitment_id: i64,
    pub ratings: Ratings,
    pub justification: String,
    pub reviewer: String,
    pub reviewer_id: Option<i64>,
    pub response: Option<String>,
    pub responder: Option<String>,
    pub responded_at: Option<String>,
    pub demo: bool,
    pub created_at: String,
}

/// The figures of the review report for a period, counted from the commitments that run in it
/// (their start–due span overlaps the period) and their reviews of that period.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Report {
    pub period: ReviewPeriod,
    /// Commitments running in the period.
    pub commitments: i64,
    /// Of those, reviewed for the period.
    pub reviewed: i64,
    /// Every action line (in vocabulary order) with its commitments and their completion.
    pub lines: Vec<LineFigures>,
    /// Every status with the number of commitments in it.
    pub by_status: Vec<(CommitmentStatus, i64)>,
    /// Every value of each scale with the number of reviews of the period rating it.
    pub by_completion: Vec<(Completion, i64)>,
    pub by_impact: Vec<(Impact, i64)>,
    pub by_opened: Vec<(OpenedGovernment, i64)>,
    pub by_specificity: Vec<(Specificity, i64)>,
    pub by_relevance: Vec<(Relevance, i64)>,
}

/// One action line's row of the report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LineFigures {
    pub action_line: String,
    pub commitments: i64,
    /// Status `completed`.
    pub completed: i64,
    pub reviewed: i64,
    /// Reviews of the period rating completion, in [`Completion::ALL`] order.
    pub completion: Vec<(Completion, i64)>,
}

fn tally<T: Copy + Ord>(all: &[T], values: impl Iterator<Item = T>) -> Vec<(T, i64)> {
    let mut counts: BTreeMap<T, i64> = all.iter().map(|v| (*v, 0)).collect();
    for v in values {
        *counts.entry(v).or_insert(0) += 1;
    }
    all.iter()
        .map(|v| (*v, counts.get(v).copied().unwrap_or(0)))
        .collect()
}

/// Counts the report of `period`.
pub fn report(period: ReviewPeriod, commitments: &[Commitment]) -> Report {
    let running: Vec<&Commitment> = commitments
        .iter()
        .filter(|c| period.overlaps(&c.starts_on, &c.due_on))
        .collect();
    let reviews: Vec<&Review> = running
        .iter()
        .filter_map(|c| c.review_of(&period))
        .collect();
    let lines = action_lines()
        .map(|line| {
            let of_line: Vec<&&Commitment> = running
                .iter()
                .filter(|c| c.action_line == line.key)
                .collect();
            let line_reviews: Vec<&Review> = of_line
                .iter()
                .filter_map(|c| c.review_of(&period))
                .collect();
            LineFigures {
                action_line: line.key.to_owned(),
                commitments: of_line.len() as i64,
                completed: of_line
                    .iter()
                    .filter(|c| c.status == CommitmentStatus::Completed)
                    .count() as i64,
                reviewed: line_reviews.len() as i64,
                completion: tally(
                    Completion::ALL,
                    line_reviews.iter().map(|r| r.ratings.completion),
                ),
            }
        })
        .collect();
    Report {
        period,
        commitments: running.len() as i64,
        reviewed: reviews.len() as i64,
        lines,
        by_status: tally(CommitmentStatus::ALL, running.iter().map(|c| c.status)),
        by_completion: tally(
            Completion::ALL,
            reviews.iter().map(|r| r.ratings.completion),
        ),
        by_impact: tally(Impact::ALL, reviews.iter().map(|r| r.ratings.impact)),
        by_opened: tally(
            OpenedGovernment::ALL,
            reviews.iter().map(|r| r.ratings.opened_government),
        ),
        by_specificity: tally(
            Specificity::ALL,
            reviews.iter().map(|r| r.ratings.specificity),
        ),
        by_relevance: tally(Relevance::ALL, reviews.iter().map(|r| r.ratings.relevance)),
    }
}

/// Progress per action line over all commitments (the agenda page's summary): (line key, total,
/// completed).
pub fn progress(commitments: &[Commitment]) -> Vec<(String, i64, i64)> {
    action_lines()
        .map(|line| {
            let of_line = commitments.iter().filter(|c| c.action_line == line.key);
            let (mut total, mut completed) = (0, 0);
            for c in of_line {
                total += 1;
                if c.status == CommitmentStatus::Completed {
                    completed += 1;
                }
            }
            (line.key.to_owned(), total, completed)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input() -> CommitmentInput {
        CommitmentInput {
            action_line: "datakwaliteit".into(),
            owner: "GM0344".into(),
            partners: vec!["GM0363".into()],
            title_nl: "Open datacatalogus".into(),
            title_en: "Open data catalogue".into(),
            description_nl: "Een catalogus.".into(),
            description_en: "A catalogue.".into(),
            starts_on: "2025-01-01".into(),
            due_on: "2026-06-30".into(),
            status: "in_progress".into(),
        }
    }

    fn fields(e: Result<(), CoreError>) -> Vec<(String, String)> {
        match e {
            Err(CoreError::Invalid(f)) => f.into_iter().map(|f| (f.field, f.message)).collect(),
            _ => Vec::new(),
        }
    }

    #[test]
    fn a_valid_commitment_passes_and_bad_ones_name_their_fields() {
        assert_eq!(validate_commitment(&input()), Ok(()));
        let mut c = input();
        c.due_on = "2024-12-31".into();
        assert_eq!(
            fields(validate_commitment(&c)),
            vec![("due_on".into(), "msg-agenda-due-before-start".into())]
        );
        let mut c = input();
        c.action_line = "armoede-en-schulden".into();
        c.status = "finished".into();
        c.title_en = String::new();
        c.starts_on = "2025-02-30".into();
        let f: Vec<String> = fields(validate_commitment(&c))
            .into_iter()
            .map(|f| f.0)
            .collect();
        assert_eq!(f, ["action_line", "title_en", "starts_on", "status"]);
    }

    #[test]
    fn evidence_is_http_only() {
        let mut e = EvidenceInput {
            title: "Besluit".into(),
            url: "https://example.org/besluit.pdf".into(),
            kind: "document".into(),
        };
        assert_eq!(validate_evidence(&e), Ok(()));
        for bad in [
            "javascript:alert(1)",
            "data:text/html,x",
            "ftp://x.org/a",
            "",
        ] {
            e.url = bad.into();
            assert_eq!(
                fields(validate_evidence(&e)),
                vec![("url".into(), "msg-agenda-url-invalid".into())],
                "{bad}"
            );
        }
    }

    #[test]
    fn reviews_stay_on_the_scales() {
        let mut r = ReviewInput {
            period: "2025-H2".into(),
            specificity: "high".into(),
            relevance: "clear".into(),
            impact: "moderate".into(),
            completion: "substantial".into(),
            opened_government: "marginal".into(),
            justification: "Duidelijke mijlpalen, deels gehaald in de periode.".into(),
        };
        let ratings = validate_review(&r);
        assert!(ratings.is_ok(), "{ratings:?}");
        r.impact = "huge".into();
        r.justification = "  ".into();
        r.period = "2025-Q3".into();
        let f: Vec<String> = fields(validate_review(&r).map(|_| ()))
            .into_iter()
            .map(|f| f.0)
            .collect();
        assert_eq!(f, ["period", "impact", "justification"]);
    }

    #[test]
    fn periods_are_years_or_halves() {
        let p = ReviewPeriod::parse("2026-H1").unwrap_or(ReviewPeriod {
            year: 0,
            half: None,
        });
        assert_eq!(
            (p.start(), p.end(), p.key()),
            ("2026-01-01".into(), "2026-06-30".into(), "2026-H1".into())
        );
        assert!(ReviewPeriod::parse("2026").is_ok());
        assert!(ReviewPeriod::parse("1999").is_err());
        assert!(ReviewPeriod::parse("2026-H3").is_err());
        assert!(p.overlaps("2025-01-01", "2026-01-01"));
        assert!(!p.overlaps("2026-07-01", "2027-01-01"));
    }

    #[test]
    fn the_report_counts_running_commitments_and_their_reviews() {
        let period = ReviewPeriod {
            year: 2025,
            half: None,
        };
        let base = Commitment {
            id: 1,
            action_line: "datakwaliteit".into(),
            owner: "GM0344".into(),
            owner_id: 1,
            owner_name: "Utrecht".into(),
            partners: vec![],
            title_nl: "a".into(),
            title_en: "a".into(),
            description_nl: "a".into(),
            description_en: "a".into(),
            starts_on: "2025-01-01".into(),
            due_on: "2025-12-31".into(),
            status: CommitmentStatus::Completed,
            milestones: vec![],
            updates: vec![],
            evidence: vec![],
            reviews: vec![],
            demo: false,
            created_at: String::new(),
            updated_at: String::new(),
        };
        let review = Review {
            id: 1,
            commitment_id: 1,
            ratings: Ratings {
                period,
                specificity: Specificity::High,
                relevance: Relevance::Clear,
                impact: Impact::Moderate,
                completion: Completion::Complete,
                opened_government: OpenedGovernment::Major,
            },
            justification: String::new(),
            reviewer: String::new(),
            reviewer_id: None,
            response: None,
            responder: None,
            responded_at: None,
            demo: false,
            created_at: String::new(),
        };
        let reviewed = Commitment {
            reviews: vec![review],
            ..base.clone()
        };
        let later = Commitment {
            starts_on: "2026-01-01".into(),
            due_on: "2026-12-31".into(),
            ..base.clone()
        };
        let other_line = Commitment {
            action_line: "publieke-waarden".into(),
            status: CommitmentStatus::Delayed,
            ..base.clone()
        };
        let r = report(period, &[reviewed, later, other_line]);
        assert_eq!((r.commitments, r.reviewed), (2, 1));
        let dq = r.lines.iter().find(|l| l.action_line == "datakwaliteit");
        assert_eq!(
            dq.map(|l| (l.commitments, l.completed, l.reviewed)),
            Some((1, 1, 1))
        );
        assert!(r.by_impact.contains(&(Impact::Moderate, 1)));
        assert!(r.by_status.contains(&(CommitmentStatus::Delayed, 1)));
        assert_eq!(r.lines.len(), action_lines().count());
    }
}
