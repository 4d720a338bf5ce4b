//! Idea challenges: a broker asks a question, members send ideas, a jury scores the pitches of the
//! shortlist on weighted criteria, and the winners become funded projects. The phases follow from
//! the dates and today alone ([`phase`]); what may happen in each phase, who sees which scores,
//! the ranking with its tie rule ([`rank`]) and the conflict-of-interest rule are pure functions
//! here, so pages, API and store cannot disagree.

use std::cmp::Ordering;

use serde::{Deserialize, Serialize};

use crate::error::{CoreError, FieldError};
use crate::labs::is_web_url;
use crate::text::is_iso_date;
use crate::{vocab, Lang};

/// The longest title, in either language.
pub const MAX_TITLE: usize = 200;
/// The longest description or pitch (Markdown).
pub const MAX_TEXT: usize = 20_000;
/// The longest comment or progress update.
pub const MAX_COMMENT: usize = 5_000;
/// The most criteria a challenge has.
pub const MAX_CRITERIA: usize = 6;
/// The most winners a challenge names by default.
pub const MAX_WINNERS: i64 = 20;
/// The largest budget, in euros.
pub const MAX_BUDGET: i64 = 1_000_000_000;
/// The most themes a challenge carries.
pub const MAX_THEMES: usize = 5;
/// A jury score's bounds.
pub const SCORE_MIN: i64 = 1;
pub const SCORE_MAX: i64 = 10;

/// The phases of a challenge, in order. `Announced` is the time before ideas are collected.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Phase {
    Announced,
    Collect,
    Shortlist,
    Pitch,
    Jury,
    Execute,
    Results,
}

impl Phase {
    /// The phases that have a start date, in order (the timeline).
    pub const TIMELINE: [Phase; 6] = [
        Phase::Collect,
        Phase::Shortlist,
        Phase::Pitch,
        Phase::Jury,
        Phase::Execute,
        Phase::Results,
    ];

    pub fn key(self) -> &'static str {
        match self {
            Phase::Announced => "announced",
            Phase::Collect => "collect",
            Phase::Shortlist => "shortlist",
            Phase::Pitch => "pitch",
            Phase::Jury => "jury",
            Phase::Execute => "execute",
            Phase::Results => "results",
        }
    }

    pub fn label(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (Phase::Announced, Lang::Nl) => "Aangekondigd",
            (Phase::Announced, Lang::En) => "Announced",
            (Phase::Collect, Lang::Nl) => "Ideeën verzamelen",
            (Phase::Collect, Lang::En) => "Collecting ideas",
            (Phase::Shortlist, Lang::Nl) => "Shortlist",
            (Phase::Shortlist, Lang::En) => "Shortlist",
            (Phase::Pitch, Lang::Nl) => "Pitchen",
            (Phase::Pitch, Lang::En) => "Pitch",
            (Phase::Jury, Lang::Nl) => "Jury",
            (Phase::Jury, Lang::En) => "Jury",
            (Phase::Execute, Lang::Nl) => "Uitvoering",
            (Phase::Execute, Lang::En) => "Execution",
            (Phase::Results, Lang::Nl) => "Resultaten",
            (Phase::Results, Lang::En) => "Results",
        }
    }

    /// Whether the challenge is still open (not yet in execution or results).
    pub fn is_open(self) -> bool {
        self < Phase::Execute
    }
}

/// The first day of each phase (YYYY-MM-DD). A phase lasts until the next one starts: the jury
/// scores until the day before `execute_from`, which is the jury's deadline.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PhaseDates {
    pub collect_from: String,
    pub shortlist_from: String,
    pub pitch_from: String,
    pub jury_from: String,
    pub execute_from: String,
    pub results_from: String,
}

impl PhaseDates {
    /// The dates in timeline order, with their field names.
    pub fn fields(&self) -> [(&'static str, &str); 6] {
        [
            ("collect_from", &self.collect_from),
            ("shortlist_from", &self.shortlist_from),
            ("pitch_from", &self.pitch_from),
            ("jury_from", &self.jury_from),
            ("execute_from", &self.execute_from),
            ("results_from", &self.results_from),
        ]
    }

    /// The first day of a phase (`Announced` has none).
    pub fn start(&self, p: Phase) -> Option<&str> {
        match p {
            Phase::Announced => None,
            Phase::Collect => Some(&self.collect_from),
            Phase::Shortlist => Some(&self.shortlist_from),
            Phase::Pitch => Some(&self.pitch_from),
            Phase::Jury => Some(&self.jury_from),
            Phase::Execute => Some(&self.execute_from),
            Phase::Results => Some(&self.results_from),
        }
    }
}

/// The phase a challenge is in on `today`: the last phase whose first day is not after today.
/// ISO dates compare as text.
pub fn phase(dates: &PhaseDates, today: &str) -> Phase {
    Phase::TIMELINE
        .iter()
        .rev()
        .copied()
        .find(|p| dates.start(*p).is_some_and(|d| d <= today))
        .unwrap_or(Phase::Announced)
}

/// Checks that every date is a real date and that each phase starts after the one before.
pub fn validate_dates(dates: &PhaseDates, errors: &mut Vec<FieldError>) {
    let mut previous: Option<&str> = None;
    for (field, value) in dates.fields() {
        let value = value.trim();
        if !is_iso_date(value) {
            errors.push(FieldError::new(field, "msg-challenge-date-invalid"));
            previous = None;
            continue;
        }
        if previous.is_some_and(|p| value <= p) {
            errors.push(FieldError::new(field, "msg-challenge-dates-order"));
        }
        previous = Some(value);
    }
}

/// A jury criterion as the broker writes it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CriterionInput {
    pub name_nl: String,
    pub name_en: String,
    /// Percent; the weights of a challenge sum to 100.
    pub weight: i64,
}

/// A challenge as the broker opens it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChallengeInput {
    pub title_nl: String,
    pub title_en: String,
    /// Markdown.
    pub description_nl: String,
    /// Markdown.
    pub description_en: String,
    #[serde(default)]
    pub themes: Vec<String>,
    /// The whole budget, in euros.
    pub budget: i64,
    /// How many winners the ranking proposes.
    pub winners: i64,
    #[serde(flatten)]
    pub dates: PhaseDates,
    pub criteria: Vec<CriterionInput>,
}

fn chars(s: &str) -> usize {
    s.chars().count()
}

fn check_len(errors: &mut Vec<FieldError>, field: &str, value: &str, min: usize, max: usize) {
    let n = chars(value.trim());
    if n < min {
        errors.push(FieldError::new(
            field,
            format!("msg-challenge-{field}-required"),
        ));
    } else if chars(value) > max {
        errors.push(FieldError::new(field, "msg-challenge-too-long"));
    }
}

fn done(errors: Vec<FieldError>) -> Result<(), CoreError> {
    if errors.is_empty() {
        Ok(())
    } else {
        Err(CoreError::Invalid(errors))
    }
}

/// Checks a challenge: both titles (3–200) and descriptions, known themes, a budget of 0 to a
/// billion euros, 1–20 winners, dates in order, and 1–6 criteria with both names and weights of
/// 1–100 that sum to 100.
pub fn validate_challenge(c: &ChallengeInput) -> Result<(), CoreError> {
    let mut errors = Vec::new();
    check_len(&mut errors, "title_nl", &c.title_nl, 3, MAX_TITLE);
    check_len(&mut errors, "title_en", &c.title_en, 3, MAX_TITLE);
    check_len(
        &mut errors,
        "description_nl",
        &c.description_nl,
        1,
        MAX_TEXT,
    );
    check_len(
        &mut errors,
        "description_en",
        &c.description_en,
        1,
        MAX_TEXT,
    );
    if c.themes.len() > MAX_THEMES || c.themes.iter().any(|t| vocab::theme(t).is_none()) {
        errors.push(FieldError::new("themes", "msg-challenge-themes"));
    }
    if !(0..=MAX_BUDGET).contains(&c.budget) {
        errors.push(FieldError::new("budget", "msg-challenge-budget"));
    }
    if !(1..=MAX_WINNERS).contains(&c.winners) {
        errors.push(FieldError::new("winners", "msg-challenge-winners"));
    }
    validate_dates(&c.dates, &mut errors);
    if c.criteria.is_empty() || c.criteria.len() > MAX_CRITERIA {
        errors.push(FieldError::new("criteria", "msg-challenge-criteria-count"));
    }
    for cr in &c.criteria {
        if cr.name_nl.trim().is_empty()
            || cr.name_en.trim().is_empty()
            || chars(&cr.name_nl) > 100
            || chars(&cr.name_en) > 100
        {
            errors.push(FieldError::new("criteria", "msg-challenge-criterion-name"));
            break;
        }
    }
    if c.criteria.iter().any(|cr| !(1..=100).contains(&cr.weight)) {
        errors.push(FieldError::new("weights", "msg-challenge-weight-range"));
    } else if !c.criteria.is_empty() && c.criteria.iter().map(|cr| cr.weight).sum::<i64>() != 100 {
        errors.push(FieldError::new("weights", "msg-challenge-weights-sum"));
    }
    done(errors)
}

/// An idea as a member sends it: Dutch required, English optional.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct IdeaInput {
    pub title_nl: String,
    #[serde(default)]
    pub title_en: String,
    /// Markdown.
    pub description_nl: String,
    /// Markdown.
    #[serde(default)]
    pub description_en: String,
    /// The register code of the organisation behind the idea, if any.
    #[serde(default)]
    pub organisation: Option<String>,
}

/// Checks an idea: a Dutch title (3–200) and description; an English title and description only
/// together.
pub fn validate_idea(i: &IdeaInput) -> Result<(), CoreError> {
    let mut errors = Vec::new();
    check_len(&mut errors, "title_nl", &i.title_nl, 3, MAX_TITLE);
    check_len(
        &mut errors,
        "description_nl",
        &i.description_nl,
        1,
        MAX_TEXT,
    );
    let has_en = !i.title_en.trim().is_empty() || !i.description_en.trim().is_empty();
    if has_en {
        check_len(&mut errors, "title_en", &i.title_en, 3, MAX_TITLE);
        check_len(
            &mut errors,
            "description_en",
            &i.description_en,
            1,
            MAX_TEXT,
        );
    }
    done(errors)
}

/// Checks a comment (Markdown, 1–5,000 characters).
pub fn validate_comment(body: &str) -> Result<(), CoreError> {
    let mut errors = Vec::new();
    check_len(&mut errors, "body", body, 1, MAX_COMMENT);
    done(errors)
}

/// A pitch: the text, and an optional http(s) link (slides, a video).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PitchInput {
    pub text: String,
    #[serde(default)]
    pub link: String,
}

pub fn validate_pitch(p: &PitchInput) -> Result<(), CoreError> {
    let mut errors = Vec::new();
    check_len(&mut errors, "text", &p.text, 1, MAX_TEXT);
    let link = p.link.trim();
    if !link.is_empty() && !is_web_url(link) {
        errors.push(FieldError::new("link", "msg-challenge-link"));
    }
    done(errors)
}

/// Checks one jury member's scores of one pitch: exactly one score of 1–10 per criterion.
pub fn validate_scores(criteria: &[i64], scores: &[(i64, i64)]) -> Result<(), CoreError> {
    let mut errors = Vec::new();
    if scores
        .iter()
        .any(|(_, s)| !(SCORE_MIN..=SCORE_MAX).contains(s))
    {
        errors.push(FieldError::new("scores", "msg-challenge-score-range"));
    }
    let complete = criteria.len() == scores.len()
        && criteria
            .iter()
            .all(|c| scores.iter().filter(|(id, _)| id == c).count() == 1);
    if !complete {
        errors.push(FieldError::new("scores", "msg-challenge-score-missing"));
    }
    done(errors)
}

/// A project milestone.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct MilestoneInput {
    pub title: String,
    /// YYYY-MM-DD.
    pub due: String,
}

pub fn validate_milestone(m: &MilestoneInput) -> Result<(), CoreError> {
    let mut errors = Vec::new();
    check_len(&mut errors, "title", &m.title, 1, MAX_TITLE);
    if !is_iso_date(m.due.trim()) {
        errors.push(FieldError::new("due", "msg-challenge-date-invalid"));
    }
    done(errors)
}

/// A progress update of a project: its date and text.
pub fn validate_update(on: &str, body: &str) -> Result<(), CoreError> {
    let mut errors = Vec::new();
    if !is_iso_date(on.trim()) {
        errors.push(FieldError::new("on", "msg-challenge-date-invalid"));
    }
    check_len(&mut errors, "body", body, 1, MAX_COMMENT);
    done(errors)
}

/// A project's results: Dutch required, English optional.
pub fn validate_results(nl: &str, en: &str) -> Result<(), CoreError> {
    let mut errors = Vec::new();
    check_len(&mut errors, "results_nl", nl, 1, MAX_TEXT);
    check_len(&mut errors, "results_en", en, 0, MAX_TEXT);
    done(errors)
}

/// What may happen in which phase. A refusal names the locale key that explains it.
pub mod rules {
    use super::Phase;

    /// Ideas are sent while ideas are collected.
    pub fn submit_idea(p: Phase) -> Result<(), &'static str> {
        if p == Phase::Collect {
            Ok(())
        } else {
            Err("msg-challenge-not-collecting")
        }
    }

    /// Supports and comments: until the jury starts.
    pub fn discuss(p: Phase) -> Result<(), &'static str> {
        if (Phase::Collect..Phase::Jury).contains(&p) {
            Ok(())
        } else {
            Err("msg-challenge-discussion-closed")
        }
    }

    /// The broker shortlists during or after collecting, before the pitches.
    pub fn shortlist(p: Phase) -> Result<(), &'static str> {
        if matches!(p, Phase::Collect | Phase::Shortlist) {
            Ok(())
        } else {
            Err("msg-challenge-not-shortlisting")
        }
    }

    /// Pitches are written in the pitch phase.
    pub fn pitch(p: Phase) -> Result<(), &'static str> {
        if p == Phase::Pitch {
            Ok(())
        } else {
            Err("msg-challenge-not-pitching")
        }
    }

    /// The jury scores in the jury phase; from `execute_from` on, the deadline has passed.
    pub fn score(p: Phase) -> Result<(), &'static str> {
        match p {
            Phase::Jury => Ok(()),
            p if p > Phase::Jury => Err("msg-challenge-jury-closed"),
            _ => Err("msg-challenge-jury-not-started"),
        }
    }

    /// Winners are chosen once the jury is done, in the execution phase, once.
    pub fn select_winners(p: Phase, already: bool) -> Result<(), &'static str> {
        if already {
            Err("msg-challenge-winners-chosen")
        } else if p == Phase::Execute {
            Ok(())
        } else {
            Err("msg-challenge-not-executing")
        }
    }
}

/// A conflict of interest: the jury member works for (or edits) the organisation behind the
/// idea, or the organisation of its submitter.
pub fn conflict_of_interest(
    juror_organisations: &[i64],
    idea_organisation: Option<i64>,
    submitter_organisation: Option<i64>,
) -> bool {
    [idea_organisation, submitter_organisation]
        .iter()
        .flatten()
        .any(|o| juror_organisations.contains(o))
}

/// Which jury scores of one pitch a person may see.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ScoreView {
    /// Nothing individual (visitors, members, the broker, a jury member who has not scored yet).
    Nothing,
    /// Every jury member's scores: a jury member who has submitted their own for this pitch.
    All,
}

/// The secrecy rule: a jury member sees the others' scores of a pitch only after submitting
/// their own; nobody else ever sees individual scores.
pub fn score_view(is_juror: bool, has_scored: bool) -> ScoreView {
    if is_juror && has_scored {
        ScoreView::All
    } else {
        ScoreView::Nothing
    }
}

/// The ranking's weighted totals are public once the winners are chosen; the broker (to choose
/// them) sees them from the end of the jury phase on.
pub fn totals_visible(winners_chosen: bool, broker: bool, p: Phase) -> bool {
    winners_chosen || (broker && p >= Phase::Execute)
}

/// One jury member's weighted score of a pitch, in hundredths of a point (score × weight
/// summed, weights in percent): 7 on every criterion is 700.
pub fn weighted(weights_and_scores: &[(i64, i64)]) -> i64 {
    weights_and_scores.iter().map(|(w, s)| w * s).sum()
}

/// What the ranking knows of a pitched idea.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Tally {
    pub idea_id: i64,
    /// The sum over the jury members who scored of their weighted score (hundredths).
    pub weighted_sum: i64,
    /// How many jury members scored (those with a conflict of interest cannot).
    pub jurors: i64,
    /// The sum of the scores on the highest-weighted criterion (the first of them on a tie of
    /// weights) over the same jury members.
    pub top_sum: i64,
    pub supports: i64,
    /// When the idea was sent (RFC 3339).
    pub submitted_at: String,
}

impl Tally {
    /// The weighted mean over the jury members who scored, in points (1–10); `None` unscored.
    pub fn mean(&self) -> Option<f64> {
        (self.jurors > 0).then(|| self.weighted_sum as f64 / 100.0 / self.jurors as f64)
    }
}

/// Compares a/n with b/m exactly (n, m > 0).
fn cmp_means(a: i64, n: i64, b: i64, m: i64) -> Ordering {
    (i128::from(a) * i128::from(m)).cmp(&(i128::from(b) * i128::from(n)))
}

/// The ranking order, best first. The tie rule: the higher weighted mean; on a tie, the higher
/// mean on the highest-weighted criterion; then more supports; then the earlier idea. Unscored
/// pitches come last.
pub fn compare(a: &Tally, b: &Tally) -> Ordering {
    match (a.jurors > 0, b.jurors > 0) {
        (true, false) => return Ordering::Less,
        (false, true) => return Ordering::Greater,
        (true, true) => {
            let by_mean = cmp_means(b.weighted_sum, b.jurors, a.weighted_sum, a.jurors)
                .then_with(|| cmp_means(b.top_sum, b.jurors, a.top_sum, a.jurors));
            if by_mean != Ordering::Equal {
                return by_mean;
            }
        }
        (false, false) => {}
    }
    b.supports
        .cmp(&a.supports)
        .then_with(|| a.submitted_at.cmp(&b.submitted_at))
        .then_with(|| a.idea_id.cmp(&b.idea_id))
}

/// The pitches in ranking order (see [`compare`]).
pub fn rank(mut tallies: Vec<Tally>) -> Vec<Tally> {
    tallies.sort_by(compare);
    tallies
}

/// The index of the highest-weighted criterion (the first of equals).
pub fn top_criterion(weights: &[i64]) -> Option<usize> {
    let max = weights.iter().copied().max()?;
    weights.iter().position(|w| *w == max)
}

/// The funnel of a challenge.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Funnel {
    pub ideas: i64,
    pub shortlisted: i64,
    pub pitched: i64,
    pub funded: i64,
    pub finished: i64,
}

impl Funnel {
    /// The steps with their locale keys, in order.
    pub fn steps(&self) -> [(&'static str, i64); 5] {
        [
            ("challenge-funnel-ideas", self.ideas),
            ("challenge-funnel-shortlisted", self.shortlisted),
            ("challenge-funnel-pitched", self.pitched),
            ("challenge-funnel-funded", self.funded),
            ("challenge-funnel-finished", self.finished),
        ]
    }
}

/// A criterion as stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Criterion {
    pub id: i64,
    pub name_nl: String,
    pub name_en: String,
    pub weight: i64,
}

impl Criterion {
    pub fn name(&self, lang: Lang) -> &str {
        match lang {
            Lang::Nl => &self.name_nl,
            Lang::En => &self.name_en,
        }
    }
}

/// A stored challenge.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Challenge {
    pub id: i64,
    pub title_nl: String,
    pub title_en: String,
    pub description_nl: String,
    pub description_en: String,
    pub themes: Vec<String>,
    pub budget: i64,
    pub winners: i64,
    pub dates: PhaseDates,
    pub criteria: Vec<Criterion>,
    /// When the broker chose the winners (the totals are public from then on).
    pub winners_chosen_at: Option<String>,
    pub funnel: Funnel,
    pub demo: bool,
    pub created_at: String,
}

impl Challenge {
    pub fn title(&self, lang: Lang) -> &str {
        match lang {
            Lang::Nl => &self.title_nl,
            Lang::En => &self.title_en,
        }
    }
    pub fn description(&self, lang: Lang) -> &str {
        match lang {
            Lang::Nl => &self.description_nl,
            Lang::En => &self.description_en,
        }
    }
    pub fn phase(&self, today: &str) -> Phase {
        phase(&self.dates, today)
    }
}

/// A stored idea.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Idea {
    pub id: i64,
    pub challenge_id: i64,
    pub title_nl: String,
    pub title_en: String,
    pub description_nl: String,
    pub description_en: String,
    /// The organisation behind the idea: (id, code, name).
    pub organisation: Option<(i64, String, String)>,
    pub submitter_id: Option<i64>,
    pub submitter_name: String,
    /// The submitter's organisation when the idea was sent.
    pub submitter_organisation_id: Option<i64>,
    pub supports: i64,
    pub shortlisted: bool,
    pub pitch: Option<Pitch>,
    pub demo: bool,
    pub created_at: String,
}

impl Idea {
    /// The title in `lang`, Dutch when there is no English one.
    pub fn title(&self, lang: Lang) -> &str {
        match lang {
            Lang::En if !self.title_en.is_empty() => &self.title_en,
            _ => &self.title_nl,
        }
    }
    pub fn description(&self, lang: Lang) -> &str {
        match lang {
            Lang::En if !self.description_en.is_empty() => &self.description_en,
            _ => &self.description_nl,
        }
    }
}

/// A shortlisted idea's pitch.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Pitch {
    pub text: String,
    pub link: Option<String>,
    pub at: String,
}

/// A comment on an idea.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Comment {
    pub id: i64,
    pub author_name: String,
    pub body: String,
    pub created_at: String,
}

/// A jury member of a challenge.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Juror {
    pub id: i64,
    pub user_id: Option<i64>,
    pub name: String,
    /// The organisations the jury member works for or edits (for conflicts of interest).
    pub organisations: Vec<i64>,
}

/// One jury member's scores of one pitch.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ScoreSheet {
    pub juror_id: i64,
    pub juror_name: String,
    /// (criterion id, score), in criterion order.
    pub scores: Vec<(i64, i64)>,
    /// Weighted, in hundredths.
    pub weighted: i64,
}

/// A funded project.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Project {
    pub id: i64,
    pub challenge_id: i64,
    pub idea_id: i64,
    pub title_nl: String,
    pub title_en: String,
    pub submitter_id: Option<i64>,
    pub budget: i64,
    pub rank: i64,
    pub results_nl: String,
    pub results_en: String,
    pub finished_on: Option<String>,
    pub milestones: Vec<Milestone>,
    pub updates: Vec<Update>,
    pub demo: bool,
}

impl Project {
    pub fn title(&self, lang: Lang) -> &str {
        match lang {
            Lang::En if !self.title_en.is_empty() => &self.title_en,
            _ => &self.title_nl,
        }
    }
    pub fn results(&self, lang: Lang) -> &str {
        match lang {
            Lang::En if !self.results_en.is_empty() => &self.results_en,
            _ => &self.results_nl,
        }
    }
}

/// A project milestone as stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Milestone {
    pub id: i64,
    pub title: String,
    pub due: String,
    pub done: Option<String>,
}

/// A dated progress update of a project.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Update {
    pub id: i64,
    pub on: String,
    pub body: String,
    pub author_name: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dates() -> PhaseDates {
        PhaseDates {
            collect_from: "2026-01-01".into(),
            shortlist_from: "2026-02-01".into(),
            pitch_from: "2026-03-01".into(),
            jury_from: "2026-04-01".into(),
            execute_from: "2026-05-01".into(),
            results_from: "2026-12-01".into(),
        }
    }

    fn challenge() -> ChallengeInput {
        ChallengeInput {
            title_nl: "Slimmer parkeren".into(),
            title_en: "Smarter parking".into(),
            description_nl: "Ideeën gezocht.".into(),
            description_en: "Ideas wanted.".into(),
            themes: vec!["datakwaliteit".into()],
            budget: 100_000,
            winners: 3,
            dates: dates(),
            criteria: vec![
                CriterionInput {
                    name_nl: "Impact".into(),
                    name_en: "Impact".into(),
                    weight: 40,
                },
                CriterionInput {
                    name_nl: "Haalbaarheid".into(),
                    name_en: "Feasibility".into(),
                    weight: 30,
                },
                CriterionInput {
                    name_nl: "Hergebruik".into(),
                    name_en: "Reuse".into(),
                    weight: 30,
                },
            ],
        }
    }

    fn fields(r: Result<(), CoreError>) -> Vec<(String, String)> {
        match r {
            Err(CoreError::Invalid(f)) => f.into_iter().map(|f| (f.field, f.message)).collect(),
            _ => Vec::new(),
        }
    }

    #[test]
    fn the_phase_follows_from_today_and_the_dates() {
        let d = dates();
        assert_eq!(phase(&d, "2025-12-31"), Phase::Announced);
        assert_eq!(phase(&d, "2026-01-01"), Phase::Collect);
        assert_eq!(phase(&d, "2026-01-31"), Phase::Collect);
        assert_eq!(phase(&d, "2026-02-01"), Phase::Shortlist);
        assert_eq!(phase(&d, "2026-03-15"), Phase::Pitch);
        assert_eq!(phase(&d, "2026-04-30"), Phase::Jury);
        assert_eq!(phase(&d, "2026-05-01"), Phase::Execute);
        assert_eq!(phase(&d, "2027-01-01"), Phase::Results);
    }

    #[test]
    fn a_valid_challenge_passes_and_dates_out_of_order_do_not() {
        assert_eq!(validate_challenge(&challenge()), Ok(()));
        let mut c = challenge();
        c.dates.pitch_from = "2026-01-15".into();
        assert_eq!(
            fields(validate_challenge(&c)),
            [(
                "pitch_from".to_owned(),
                "msg-challenge-dates-order".to_owned()
            )]
        );
        c.dates.pitch_from = "2026-02-01".into();
        assert!(
            fields(validate_challenge(&c))
                .iter()
                .any(|(f, _)| f == "pitch_from"),
            "equal dates"
        );
        c.dates.pitch_from = "maart".into();
        assert!(fields(validate_challenge(&c)).contains(&(
            "pitch_from".to_owned(),
            "msg-challenge-date-invalid".to_owned()
        )));
    }

    #[test]
    fn weights_must_sum_to_one_hundred() {
        let mut c = challenge();
        c.criteria[0].weight = 50;
        assert_eq!(
            fields(validate_challenge(&c)),
            [("weights".to_owned(), "msg-challenge-weights-sum".to_owned())]
        );
        c.criteria[0].weight = 0;
        assert_eq!(
            fields(validate_challenge(&c)),
            [(
                "weights".to_owned(),
                "msg-challenge-weight-range".to_owned()
            )]
        );
        c.criteria.clear();
        assert!(fields(validate_challenge(&c))
            .iter()
            .any(|(f, _)| f == "criteria"));
    }

    #[test]
    fn ideas_need_dutch_and_english_only_whole() {
        let idea = IdeaInput {
            title_nl: "Een idee".into(),
            description_nl: "Uitleg".into(),
            ..IdeaInput::default()
        };
        assert_eq!(validate_idea(&idea), Ok(()));
        let half = IdeaInput {
            title_en: "An idea".into(),
            ..idea.clone()
        };
        assert!(fields(validate_idea(&half))
            .iter()
            .any(|(f, _)| f == "description_en"));
        let none = IdeaInput {
            title_nl: " ".into(),
            ..idea
        };
        assert!(fields(validate_idea(&none))
            .iter()
            .any(|(f, _)| f == "title_nl"));
    }

    #[test]
    fn scores_are_one_to_ten_one_per_criterion() {
        let crit = [1, 2, 3];
        assert_eq!(validate_scores(&crit, &[(1, 1), (2, 10), (3, 5)]), Ok(()));
        assert!(fields(validate_scores(&crit, &[(1, 0), (2, 10), (3, 5)]))
            .contains(&("scores".to_owned(), "msg-challenge-score-range".to_owned())));
        assert!(fields(validate_scores(&crit, &[(1, 11), (2, 10), (3, 5)]))
            .contains(&("scores".to_owned(), "msg-challenge-score-range".to_owned())));
        assert!(
            fields(validate_scores(&crit, &[(1, 5), (2, 5)])).contains(&(
                "scores".to_owned(),
                "msg-challenge-score-missing".to_owned()
            ))
        );
        assert!(validate_scores(&crit, &[(1, 5), (1, 5), (3, 5)]).is_err());
    }

    #[test]
    fn each_phase_allows_its_own_steps() {
        assert!(rules::submit_idea(Phase::Collect).is_ok());
        assert_eq!(
            rules::submit_idea(Phase::Shortlist),
            Err("msg-challenge-not-collecting")
        );
        assert!(rules::shortlist(Phase::Collect).is_ok());
        assert!(rules::shortlist(Phase::Shortlist).is_ok());
        assert!(rules::shortlist(Phase::Pitch).is_err());
        assert!(rules::pitch(Phase::Pitch).is_ok());
        assert!(rules::pitch(Phase::Jury).is_err());
        assert!(rules::score(Phase::Jury).is_ok());
        assert_eq!(
            rules::score(Phase::Execute),
            Err("msg-challenge-jury-closed")
        );
        assert_eq!(
            rules::score(Phase::Pitch),
            Err("msg-challenge-jury-not-started")
        );
        assert!(rules::select_winners(Phase::Execute, false).is_ok());
        assert!(rules::select_winners(Phase::Execute, true).is_err());
        assert!(rules::select_winners(Phase::Jury, false).is_err());
        assert!(rules::discuss(Phase::Pitch).is_ok());
        assert!(rules::discuss(Phase::Jury).is_err());
    }

    #[test]
    fn conflicts_of_interest_and_secrecy() {
        assert!(conflict_of_interest(&[7], Some(7), None));
        assert!(conflict_of_interest(&[7, 8], None, Some(8)));
        assert!(!conflict_of_interest(&[7], Some(9), Some(10)));
        assert!(!conflict_of_interest(&[], None, None));
        assert_eq!(score_view(true, false), ScoreView::Nothing);
        assert_eq!(score_view(true, true), ScoreView::All);
        assert_eq!(score_view(false, true), ScoreView::Nothing);
        assert!(!totals_visible(false, false, Phase::Results));
        assert!(!totals_visible(false, true, Phase::Jury));
        assert!(totals_visible(false, true, Phase::Execute));
        assert!(totals_visible(true, false, Phase::Execute));
    }

    fn tally(
        id: i64,
        weighted_sum: i64,
        jurors: i64,
        top_sum: i64,
        supports: i64,
        at: &str,
    ) -> Tally {
        Tally {
            idea_id: id,
            weighted_sum,
            jurors,
            top_sum,
            supports,
            submitted_at: at.into(),
        }
    }

    #[test]
    fn the_tie_rule_orders_by_mean_then_top_criterion_then_supports_then_age() {
        assert_eq!(weighted(&[(40, 8), (30, 6), (30, 7)]), 320 + 180 + 210);
        // 1: mean 7.00 over 2; 2: mean 7.00 over 3 with a higher top criterion; 3: 8.00.
        let ranked = rank(vec![
            tally(1, 1400, 2, 14, 50, "2026-01-01T00:00:00Z"),
            tally(2, 2100, 3, 24, 1, "2026-01-02T00:00:00Z"),
            tally(3, 800, 1, 8, 0, "2026-01-03T00:00:00Z"),
            tally(4, 0, 0, 0, 99, "2026-01-01T00:00:00Z"),
        ]);
        let order: Vec<i64> = ranked.iter().map(|t| t.idea_id).collect();
        assert_eq!(order, [3, 2, 1, 4]);
        // Equal means and top criterion: more supports wins; then the earlier idea.
        let ranked = rank(vec![
            tally(5, 1400, 2, 14, 3, "2026-01-01T00:00:00Z"),
            tally(6, 700, 1, 7, 4, "2026-01-02T00:00:00Z"),
            tally(7, 700, 1, 7, 4, "2026-01-01T12:00:00Z"),
        ]);
        let order: Vec<i64> = ranked.iter().map(|t| t.idea_id).collect();
        assert_eq!(order, [7, 6, 5]);
        assert_eq!(tally(1, 1450, 2, 0, 0, "").mean(), Some(7.25));
        assert_eq!(tally(1, 0, 0, 0, 0, "").mean(), None);
        assert_eq!(top_criterion(&[30, 40, 40]), Some(1));
        assert_eq!(top_criterion(&[]), None);
    }
}
