//! The help desk ("Vraag het Leerpunt"): questions, their states and the steps between them,
//! answers, FAQ entries, and what a valid one of each is.
//!
//! A question is `open` when asked, `assigned` when a broker gives it to an expert or a
//! community, `answered` once an answer is accepted (or a broker answers it), `closed` when the
//! asker or a broker ends it, and `rejected` (with a reason) when it does not belong here.

use serde::{Deserialize, Serialize};

use crate::{vocab, CoreError, FieldError, Lang};

/// The longest title of a question or FAQ entry, in characters.
pub const MAX_TITLE: usize = 300;
/// The longest body of a question, answer or FAQ entry, in characters.
pub const MAX_BODY: usize = 20_000;
/// The most themes a question carries.
pub const MAX_THEMES: usize = 5;

/// Where a question stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum QuestionState {
    Open,
    Assigned,
    Answered,
    Closed,
    Rejected,
}

impl QuestionState {
    pub const ALL: &'static [QuestionState] = &[
        QuestionState::Open,
        QuestionState::Assigned,
        QuestionState::Answered,
        QuestionState::Closed,
        QuestionState::Rejected,
    ];

    pub fn key(self) -> &'static str {
        match self {
            QuestionState::Open => "open",
            QuestionState::Assigned => "assigned",
            QuestionState::Answered => "answered",
            QuestionState::Closed => "closed",
            QuestionState::Rejected => "rejected",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.iter().copied().find(|k| k.key() == s)
    }

    /// Whether the question waits for the brokers (it is in their queue).
    pub fn waiting(self) -> bool {
        matches!(self, QuestionState::Open | QuestionState::Assigned)
    }

    /// Whether answers may still be added.
    pub fn takes_answers(self) -> bool {
        matches!(
            self,
            QuestionState::Open | QuestionState::Assigned | QuestionState::Answered
        )
    }
}

/// Who a broker gives a question to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "kind", content = "id")]
pub enum Assignee {
    /// A person with a public profile (`people.id`).
    Person(i64),
    /// A community (`communities.id`).
    Community(i64),
}

/// A step in a question's life.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Step {
    Assign(Assignee),
    /// An answer was accepted (by the asker or a broker).
    Accept {
        answer_id: i64,
    },
    Close,
    Reject {
        reason: String,
    },
}

impl Step {
    /// The audit log's name of the step.
    pub fn key(&self) -> &'static str {
        match self {
            Step::Assign(_) => "assign",
            Step::Accept { .. } => "accept",
            Step::Close => "close",
            Step::Reject { .. } => "reject",
        }
    }
}

/// The state after `step`, or why the step does not apply. Messages are locale keys.
pub fn apply(state: QuestionState, step: &Step) -> Result<QuestionState, CoreError> {
    use QuestionState::*;
    let refused = |key: &str| Err(CoreError::invalid("state", key));
    match (state, step) {
        (Open | Assigned, Step::Assign(_)) => Ok(Assigned),
        (_, Step::Assign(_)) => refused("msg-question-not-waiting"),
        (Open | Assigned | Answered, Step::Accept { .. }) => Ok(Answered),
        (_, Step::Accept { .. }) => refused("msg-question-ended"),
        (Closed | Rejected, Step::Close) => refused("msg-question-ended"),
        (_, Step::Close) => Ok(Closed),
        (Open | Assigned, Step::Reject { reason }) => {
            if reason.trim().is_empty() {
                refused("msg-reason-required")
            } else {
                Ok(Rejected)
            }
        }
        (_, Step::Reject { .. }) => refused("msg-question-not-waiting"),
    }
}

/// A question as the asker writes it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewQuestion {
    pub title: String,
    /// Markdown.
    pub body: String,
    #[serde(default)]
    pub themes: Vec<String>,
    /// The organisation the question is asked for (register code), if any.
    #[serde(default)]
    pub organisation: Option<String>,
    /// About privacy/GDPR or law: routed to brokers with that expertise.
    #[serde(default)]
    pub legal: bool,
    /// The asker agrees that everyone may read the question and its answers.
    #[serde(default)]
    pub public: bool,
    #[serde(default)]
    pub lang: Lang,
}

fn check_text(errors: &mut Vec<FieldError>, field: &str, value: &str, min: usize, max: usize) {
    let n = value.trim().chars().count();
    if n < min {
        errors.push(FieldError::new(
            field,
            if min <= 1 {
                format!("{field} is required")
            } else {
                format!("{field} needs at least {min} characters")
            },
        ));
    } else if value.chars().count() > max {
        errors.push(FieldError::new(
            field,
            format!("{field} is longer than {max} characters"),
        ));
    }
}

fn check_themes(errors: &mut Vec<FieldError>, themes: &[String]) {
    if themes.len() > MAX_THEMES {
        errors.push(FieldError::new(
            "themes",
            format!("choose at most {MAX_THEMES} themes"),
        ));
    }
    for t in themes {
        if vocab::theme(t).is_none() {
            errors.push(FieldError::new("themes", format!("unknown theme {t:?}")));
        }
    }
}

/// Checks a question: a title of 5–300 characters, a body of 1–20,000, known themes.
pub fn validate_question(q: &NewQuestion) -> Result<(), CoreError> {
    let mut errors = Vec::new();
    check_text(&mut errors, "title", &q.title, 5, MAX_TITLE);
    check_text(&mut errors, "body", &q.body, 1, MAX_BODY);
    check_themes(&mut errors, &q.themes);
    done(errors)
}

/// Checks an answer's text.
pub fn validate_answer(body: &str) -> Result<(), CoreError> {
    let mut errors = Vec::new();
    check_text(&mut errors, "body", body, 1, MAX_BODY);
    done(errors)
}

fn done(errors: Vec<FieldError>) -> Result<(), CoreError> {
    if errors.is_empty() {
        Ok(())
    } else {
        Err(CoreError::Invalid(errors))
    }
}

/// A FAQ entry as a broker writes it: both languages, one theme.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct FaqInput {
    pub question_nl: String,
    pub question_en: String,
    /// Markdown.
    pub answer_nl: String,
    /// Markdown.
    pub answer_en: String,
    pub theme: String,
    /// The help-desk question this entry was promoted from.
    #[serde(default)]
    pub question_id: Option<i64>,
}

/// Checks a FAQ entry: both questions and both answers present, a known theme.
pub fn validate_faq(f: &FaqInput) -> Result<(), CoreError> {
    let mut errors = Vec::new();
    check_text(&mut errors, "question_nl", &f.question_nl, 5, MAX_TITLE);
    check_text(&mut errors, "question_en", &f.question_en, 5, MAX_TITLE);
    check_text(&mut errors, "answer_nl", &f.answer_nl, 1, MAX_BODY);
    check_text(&mut errors, "answer_en", &f.answer_en, 1, MAX_BODY);
    if vocab::theme(&f.theme).is_none() {
        errors.push(FieldError::new("theme", "choose a theme"));
    }
    done(errors)
}

/// A stored question.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Question {
    pub id: i64,
    pub title: String,
    pub body: String,
    pub lang: Lang,
    pub asker_id: Option<i64>,
    /// The asker's name as shown (empty when the account is gone).
    pub asker_name: String,
    pub organisation: Option<String>,
    pub themes: Vec<String>,
    pub legal: bool,
    pub public: bool,
    pub state: QuestionState,
    /// Why it was rejected.
    pub reason: String,
    pub assignee: Option<Assignee>,
    /// The assignee's name (person or community) as shown.
    pub assignee_name: Option<String>,
    /// The account behind an assigned person, who may answer and gets the mail.
    pub assignee_user_id: Option<i64>,
    pub accepted_answer_id: Option<i64>,
    pub demo: bool,
    pub created_at: String,
    pub updated_at: String,
}

/// An answer to a question; `parent_id` threads it under another answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Answer {
    pub id: i64,
    pub question_id: i64,
    pub parent_id: Option<i64>,
    pub author_id: Option<i64>,
    pub author_name: String,
    pub body: String,
    pub created_at: String,
}

/// A FAQ entry.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FaqEntry {
    pub id: i64,
    pub question_nl: String,
    pub question_en: String,
    pub answer_nl: String,
    pub answer_en: String,
    pub theme: String,
    pub question_id: Option<i64>,
    pub demo: bool,
    pub created_at: String,
    pub updated_at: String,
}

impl FaqEntry {
    /// The question in a language.
    pub fn question(&self, lang: Lang) -> &str {
        match lang {
            Lang::Nl => &self.question_nl,
            Lang::En => &self.question_en,
        }
    }

    /// The answer in a language.
    pub fn answer(&self, lang: Lang) -> &str {
        match lang {
            Lang::Nl => &self.answer_nl,
            Lang::En => &self.answer_en,
        }
    }
}

/// What a person can follow.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FollowKind {
    Theme,
    Community,
    Organisation,
    Practice,
    Question,
}

impl FollowKind {
    pub const ALL: &'static [FollowKind] = &[
        FollowKind::Theme,
        FollowKind::Community,
        FollowKind::Organisation,
        FollowKind::Practice,
        FollowKind::Question,
    ];

    pub fn key(self) -> &'static str {
        match self {
            FollowKind::Theme => "theme",
            FollowKind::Community => "community",
            FollowKind::Organisation => "organisation",
            FollowKind::Practice => "practice",
            FollowKind::Question => "question",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.iter().copied().find(|k| k.key() == s)
    }
}

/// How often the digest of what is new in what one follows is mailed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum Digest {
    Daily,
    #[default]
    Weekly,
    Never,
}

impl Digest {
    pub const ALL: &'static [Digest] = &[Digest::Daily, Digest::Weekly, Digest::Never];

    pub fn key(self) -> &'static str {
        match self {
            Digest::Daily => "daily",
            Digest::Weekly => "weekly",
            Digest::Never => "never",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.iter().copied().find(|k| k.key() == s)
    }

    /// The days between two digests, `None` for never.
    pub fn interval_days(self) -> Option<i64> {
        match self {
            Digest::Daily => Some(1),
            Digest::Weekly => Some(7),
            Digest::Never => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn question() -> NewQuestion {
        NewQuestion {
            title: "Hoe delen we data over schulden?".into(),
            body: "Wij willen weten hoe.".into(),
            themes: vec!["armoede-en-schulden".into()],
            ..NewQuestion::default()
        }
    }

    #[test]
    fn the_life_of_a_question() {
        use QuestionState::*;
        let assign = Step::Assign(Assignee::Person(3));
        assert_eq!(apply(Open, &assign).ok(), Some(Assigned));
        assert_eq!(apply(Assigned, &assign).ok(), Some(Assigned));
        assert!(apply(Answered, &assign).is_err());
        let accept = Step::Accept { answer_id: 1 };
        assert_eq!(apply(Assigned, &accept).ok(), Some(Answered));
        assert_eq!(apply(Answered, &accept).ok(), Some(Answered));
        assert!(apply(Closed, &accept).is_err());
        assert_eq!(apply(Answered, &Step::Close).ok(), Some(Closed));
        assert!(apply(Rejected, &Step::Close).is_err());
        let reject = |r: &str| Step::Reject { reason: r.into() };
        assert_eq!(apply(Open, &reject("Hoort elders")).ok(), Some(Rejected));
        assert!(apply(Open, &reject("  ")).is_err());
        assert!(apply(Answered, &reject("Te laat")).is_err());
    }

    #[test]
    fn questions_are_checked() {
        assert!(validate_question(&question()).is_ok());
        let empty = NewQuestion {
            body: " ".into(),
            ..question()
        };
        assert!(validate_question(&empty).is_err());
        let long = NewQuestion {
            body: "x".repeat(MAX_BODY + 1),
            ..question()
        };
        assert!(validate_question(&long).is_err());
        let unknown = NewQuestion {
            themes: vec!["astrologie".into()],
            ..question()
        };
        let Err(CoreError::Invalid(fields)) = validate_question(&unknown) else {
            unreachable!("an unknown theme is refused")
        };
        assert_eq!(fields[0].field, "themes");
        assert!(validate_answer("").is_err());
        assert!(validate_answer("Zo doen wij het.").is_ok());
    }

    #[test]
    fn faq_entries_need_both_languages() {
        let entry = FaqInput {
            question_nl: "Mag dat zomaar?".into(),
            question_en: "Is that allowed?".into(),
            answer_nl: "Ja.".into(),
            answer_en: "Yes.".into(),
            theme: "armoede-en-schulden".into(),
            question_id: None,
        };
        assert!(validate_faq(&entry).is_ok());
        let one_language = FaqInput {
            answer_en: String::new(),
            ..entry
        };
        assert!(validate_faq(&one_language).is_err());
    }

    #[test]
    fn keys_round_trip() {
        for s in QuestionState::ALL {
            assert_eq!(QuestionState::parse(s.key()), Some(*s));
        }
        for k in FollowKind::ALL {
            assert_eq!(FollowKind::parse(k.key()), Some(*k));
        }
        for d in Digest::ALL {
            assert_eq!(Digest::parse(d.key()), Some(*d));
        }
        assert_eq!(Digest::Never.interval_days(), None);
    }
}
