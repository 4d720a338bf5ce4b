//! Shared data labs: facilities an organisation opens to others (compute, tooling, a secure
//! environment, data, expertise), the requests for access to them, and the steps of a request.
//!
//! A request is `requested` when made; the owner's editors ask a `question` (the requester's
//! reply makes it `requested` again), `accept` it (with conditions) or `decline` it (with a
//! reason); the requester may `withdraw` it while it is open. Accepted, declined and withdrawn
//! are final. Whether the pair may be named on the lab's page is a consent of both sides.

use serde::{Deserialize, Serialize};

use crate::account::normalise_email;
use crate::error::{CoreError, FieldError};
use crate::text::{is_iso_date, is_slug, slugify};
use crate::Lang;

/// The longest lab name, in either language.
pub const MAX_NAME: usize = 150;
/// The longest description (Markdown), in either language.
pub const MAX_DESCRIPTION: usize = 10_000;
/// The longest of the short fields (for whom, conditions, cost, availability, contact).
pub const MAX_FIELD: usize = 2_000;
/// The longest message of a request's exchange (purpose, needs, question, reply, reason).
pub const MAX_MESSAGE: usize = 5_000;
/// Slugs that name pages of `/datalabs` and so cannot name a lab.
pub const RESERVED_SLUGS: &[&str] = &["nieuw", "aanvragen"];

/// What a lab offers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Offering {
    Compute,
    Tooling,
    SecureEnvironment,
    Data,
    Expertise,
}

impl Offering {
    pub const ALL: &'static [Offering] = &[
        Offering::Compute,
        Offering::Tooling,
        Offering::SecureEnvironment,
        Offering::Data,
        Offering::Expertise,
    ];

    pub fn key(self) -> &'static str {
        match self {
            Offering::Compute => "compute",
            Offering::Tooling => "tooling",
            Offering::SecureEnvironment => "secure-environment",
            Offering::Data => "data",
            Offering::Expertise => "expertise",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.iter().copied().find(|o| o.key() == s)
    }

    /// The label in a language.
    pub fn label(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (Offering::Compute, Lang::Nl) => "Rekenkracht",
            (Offering::Compute, Lang::En) => "Compute",
            (Offering::Tooling, Lang::Nl) => "Software en tools",
            (Offering::Tooling, Lang::En) => "Tooling",
            (Offering::SecureEnvironment, Lang::Nl) => "Beveiligde omgeving",
            (Offering::SecureEnvironment, Lang::En) => "Secure environment",
            (Offering::Data, Lang::Nl) => "Data",
            (Offering::Data, Lang::En) => "Data",
            (Offering::Expertise, Lang::Nl) => "Expertise",
            (Offering::Expertise, Lang::En) => "Expertise",
        }
    }
}

/// A lab as its organisation describes it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct LabInput {
    /// The address; made from the Dutch name when empty (new labs only).
    #[serde(default)]
    pub slug: Option<String>,
    /// The owner organisation's register code.
    pub owner: String,
    pub name_nl: String,
    pub name_en: String,
    /// Markdown.
    pub description_nl: String,
    /// Markdown.
    pub description_en: String,
    /// Offering keys (see [`Offering`]).
    #[serde(default)]
    pub offerings: Vec<String>,
    /// For whom the lab is meant.
    #[serde(default)]
    pub audience: String,
    #[serde(default)]
    pub conditions: String,
    #[serde(default)]
    pub cost: String,
    /// An e-mail address or a web address (http/https).
    #[serde(default)]
    pub contact: String,
    #[serde(default)]
    pub availability: String,
}

impl LabInput {
    /// The slug a new lab gets: the given one, or one made from the Dutch name.
    pub fn slug_or_made(&self) -> String {
        match &self.slug {
            Some(s) if !s.trim().is_empty() => s.trim().to_owned(),
            _ => slugify(&self.name_nl),
        }
    }

    /// The offerings, parsed (unknown keys are dropped; [`validate_lab`] refuses them).
    pub fn offering_set(&self) -> Vec<Offering> {
        let mut out: Vec<Offering> = self
            .offerings
            .iter()
            .filter_map(|k| Offering::parse(k.trim()))
            .collect();
        out.sort();
        out.dedup();
        out
    }
}

fn chars(s: &str) -> usize {
    s.chars().count()
}

/// Whether `s` is an absolute web address with scheme http or https and a host, without spaces
/// or control characters (so never `javascript:` or `data:`).
pub fn is_web_url(s: &str) -> bool {
    let s = s.trim();
    let lower = s.to_ascii_lowercase();
    let rest = if let Some(r) = lower.strip_prefix("https://") {
        r
    } else if let Some(r) = lower.strip_prefix("http://") {
        r
    } else {
        return false;
    };
    let host = rest.split(['/', '?', '#']).next().unwrap_or("");
    !host.is_empty()
        && host
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | ':' | '[' | ']'))
        && !s
            .chars()
            .any(|c| c.is_whitespace() || c.is_control() || c == '"' || c == '<' || c == '>')
        && s.len() <= 2_000
}

fn check_len(errors: &mut Vec<FieldError>, field: &str, value: &str, min: usize, max: usize) {
    let n = chars(value.trim());
    if n < min {
        errors.push(FieldError::new(field, format!("{field} is required")));
    } else if chars(value) > max {
        errors.push(FieldError::new(
            field,
            format!("{field} is longer than {max} characters"),
        ));
    }
}

fn done(errors: Vec<FieldError>) -> Result<(), CoreError> {
    if errors.is_empty() {
        Ok(())
    } else {
        Err(CoreError::Invalid(errors))
    }
}

/// Checks a lab: both names (3–150) and descriptions (1–10,000), at least one known offering,
/// a contact that is an e-mail address or web address, short fields within bounds, and an
/// address that is a slug and not one of the `/datalabs` pages.
pub fn validate_lab(l: &LabInput) -> Result<(), CoreError> {
    let mut errors = Vec::new();
    check_len(&mut errors, "name_nl", &l.name_nl, 3, MAX_NAME);
    check_len(&mut errors, "name_en", &l.name_en, 3, MAX_NAME);
    check_len(
        &mut errors,
        "description_nl",
        &l.description_nl,
        1,
        MAX_DESCRIPTION,
    );
    check_len(
        &mut errors,
        "description_en",
        &l.description_en,
        1,
        MAX_DESCRIPTION,
    );
    for (field, value) in [
        ("audience", &l.audience),
        ("conditions", &l.conditions),
        ("cost", &l.cost),
        ("availability", &l.availability),
    ] {
        check_len(&mut errors, field, value, 0, MAX_FIELD);
    }
    if l.owner.trim().is_empty() {
        errors.push(FieldError::new("owner", "owner organisation is required"));
    }
    if l.offerings.is_empty() {
        errors.push(FieldError::new("offerings", "choose at least one offering"));
    }
    for o in &l.offerings {
        if Offering::parse(o.trim()).is_none() {
            errors.push(FieldError::new(
                "offerings",
                format!("unknown offering {o:?}"),
            ));
        }
    }
    let contact = l.contact.trim();
    if contact.is_empty() {
        errors.push(FieldError::new("contact", "contact is required"));
    } else if chars(contact) > MAX_FIELD
        || !(is_web_url(contact) || (!contact.contains(':') && normalise_email(contact).is_ok()))
    {
        errors.push(FieldError::new(
            "contact",
            "contact must be an e-mail address or a web address starting with https://",
        ));
    }
    let slug = l.slug_or_made();
    if !is_slug(&slug) || RESERVED_SLUGS.contains(&slug.as_str()) {
        errors.push(FieldError::new(
            "slug",
            "the address may contain only lowercase letters, digits and single hyphens",
        ));
    }
    done(errors)
}

/// A stored lab.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Lab {
    pub id: i64,
    pub slug: String,
    /// The owner organisation's id and register code and name.
    pub owner_id: i64,
    pub owner: String,
    pub owner_name: String,
    pub name_nl: String,
    pub name_en: String,
    pub description_nl: String,
    pub description_en: String,
    pub offerings: Vec<Offering>,
    pub audience: String,
    pub conditions: String,
    pub cost: String,
    pub contact: String,
    pub availability: String,
    /// How many requests were accepted.
    pub granted: i64,
    pub demo: bool,
    pub created_at: String,
    pub updated_at: String,
}

impl Lab {
    pub fn name(&self, lang: Lang) -> &str {
        match lang {
            Lang::Nl => &self.name_nl,
            Lang::En => &self.name_en,
        }
    }

    pub fn description(&self, lang: Lang) -> &str {
        match lang {
            Lang::Nl => &self.description_nl,
            Lang::En => &self.description_en,
        }
    }
}

/// Where a request stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RequestState {
    Requested,
    Question,
    Accepted,
    Declined,
    Withdrawn,
}

impl RequestState {
    pub const ALL: &'static [RequestState] = &[
        RequestState::Requested,
        RequestState::Question,
        RequestState::Accepted,
        RequestState::Declined,
        RequestState::Withdrawn,
    ];

    pub fn key(self) -> &'static str {
        match self {
            RequestState::Requested => "requested",
            RequestState::Question => "question",
            RequestState::Accepted => "accepted",
            RequestState::Declined => "declined",
            RequestState::Withdrawn => "withdrawn",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.iter().copied().find(|k| k.key() == s)
    }

    /// Whether the request still waits for a decision.
    pub fn open(self) -> bool {
        matches!(self, RequestState::Requested | RequestState::Question)
    }
}

/// A step in a request's life; each carries the text that goes into the exchange.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RequestStep {
    /// The owner's editors ask the requester something.
    Ask {
        message: String,
    },
    /// The requester answers the question.
    Reply {
        message: String,
    },
    /// The owner's editors grant access on these conditions; `may_show` is the owner's consent to
    /// name the requester on the lab's page.
    Accept {
        conditions: String,
        may_show: bool,
    },
    Decline {
        reason: String,
    },
    Withdraw,
}

impl RequestStep {
    /// The audit log's and the exchange's name of the step.
    pub fn key(&self) -> &'static str {
        match self {
            RequestStep::Ask { .. } => "ask",
            RequestStep::Reply { .. } => "reply",
            RequestStep::Accept { .. } => "accept",
            RequestStep::Decline { .. } => "decline",
            RequestStep::Withdraw => "withdraw",
        }
    }

    /// The text the step adds to the exchange.
    pub fn text(&self) -> &str {
        match self {
            RequestStep::Ask { message } | RequestStep::Reply { message } => message,
            RequestStep::Accept { conditions, .. } => conditions,
            RequestStep::Decline { reason } => reason,
            RequestStep::Withdraw => "",
        }
    }

    /// Whether the owner's editors take this step (otherwise the requester does).
    pub fn by_owner(&self) -> bool {
        matches!(
            self,
            RequestStep::Ask { .. } | RequestStep::Accept { .. } | RequestStep::Decline { .. }
        )
    }
}

/// The state after `step`, or why it does not apply. Messages are locale keys.
pub fn apply(state: RequestState, step: &RequestStep) -> Result<RequestState, CoreError> {
    use RequestState::*;
    let refused = |key: &str| Err(CoreError::invalid("state", key));
    if !state.open() {
        return refused("msg-lab-request-ended");
    }
    let text = step.text();
    let needs_text = |field: &str, next: RequestState| {
        if text.trim().is_empty() {
            Err(CoreError::invalid(field, "msg-lab-message-required"))
        } else if chars(text) > MAX_MESSAGE {
            Err(CoreError::invalid(
                field,
                format!("{field} is longer than {MAX_MESSAGE} characters"),
            ))
        } else {
            Ok(next)
        }
    };
    match step {
        RequestStep::Ask { .. } => needs_text("message", Question),
        RequestStep::Reply { .. } if state == Question => needs_text("message", Requested),
        RequestStep::Reply { .. } => refused("msg-lab-no-question"),
        RequestStep::Accept { conditions, .. } => {
            if chars(conditions) > MAX_MESSAGE {
                Err(CoreError::invalid(
                    "conditions",
                    format!("conditions is longer than {MAX_MESSAGE} characters"),
                ))
            } else {
                Ok(Accepted)
            }
        }
        RequestStep::Decline { .. } => needs_text("reason", Declined),
        RequestStep::Withdraw => Ok(Withdrawn),
    }
}

/// A request for access as the requester writes it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RequestInput {
    /// What the access is for.
    pub purpose: String,
    /// First day (YYYY-MM-DD).
    pub from: String,
    /// Last day (YYYY-MM-DD), not before `from`.
    pub to: String,
    /// What exactly is needed from the lab.
    pub needs: String,
    /// The requester agrees to be named on the lab's page once accepted.
    #[serde(default)]
    pub may_show: bool,
}

/// Checks a request: a purpose and needs (1–5,000 characters), two dates, `from` ≤ `to`.
pub fn validate_request(r: &RequestInput) -> Result<(), CoreError> {
    let mut errors = Vec::new();
    check_len(&mut errors, "purpose", &r.purpose, 1, MAX_MESSAGE);
    check_len(&mut errors, "needs", &r.needs, 1, MAX_MESSAGE);
    let from_ok = is_iso_date(r.from.trim());
    let to_ok = is_iso_date(r.to.trim());
    if !from_ok {
        errors.push(FieldError::new("from", "date must be YYYY-MM-DD"));
    }
    if !to_ok {
        errors.push(FieldError::new("to", "date must be YYYY-MM-DD"));
    }
    // ISO dates compare as text.
    if from_ok && to_ok && r.from.trim() > r.to.trim() {
        errors.push(FieldError::new("to", "msg-lab-period-order"));
    }
    done(errors)
}

/// A stored request.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LabRequest {
    pub id: i64,
    pub lab_id: i64,
    pub lab_slug: String,
    pub lab_name_nl: String,
    pub lab_name_en: String,
    /// The owner organisation's code.
    pub owner: String,
    pub requester_id: Option<i64>,
    /// The requester's name as shown (the demo's fictional name when there is no account).
    pub requester_name: String,
    /// The requester's organisation's name, if known.
    pub requester_organisation: Option<String>,
    pub purpose: String,
    pub from: String,
    pub to: String,
    pub needs: String,
    pub state: RequestState,
    pub requester_consent: bool,
    pub owner_consent: bool,
    pub demo: bool,
    pub created_at: String,
    pub updated_at: String,
}

impl LabRequest {
    /// Whether both sides agreed to be named on the lab's page (and access was granted).
    pub fn shown(&self) -> bool {
        self.state == RequestState::Accepted && self.requester_consent && self.owner_consent
    }
}

/// One message of a request's exchange: the request itself, questions, replies and decisions.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RequestMessage {
    pub id: i64,
    pub request_id: i64,
    /// `request`, `ask`, `reply`, `accept`, `decline` or `withdraw`.
    pub kind: String,
    pub author_name: String,
    /// Whether the owner's side wrote it.
    pub by_owner: bool,
    pub body: String,
    pub created_at: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lab() -> LabInput {
        LabInput {
            owner: "GM0344".into(),
            name_nl: "Datalab Utrecht".into(),
            name_en: "Utrecht data lab".into(),
            description_nl: "Een lab.".into(),
            description_en: "A lab.".into(),
            offerings: vec!["compute".into(), "expertise".into()],
            contact: "datalab@utrecht.nl".into(),
            ..LabInput::default()
        }
    }

    fn request() -> RequestInput {
        RequestInput {
            purpose: "Onderzoek naar schulden".into(),
            from: "2026-10-01".into(),
            to: "2026-12-31".into(),
            needs: "Rekenkracht".into(),
            may_show: false,
        }
    }

    fn fields(r: Result<(), CoreError>) -> Vec<String> {
        match r {
            Err(CoreError::Invalid(f)) => f.into_iter().map(|f| f.field).collect(),
            _ => Vec::new(),
        }
    }

    #[test]
    fn labs_are_checked() {
        assert_eq!(validate_lab(&lab()), Ok(()));
        assert_eq!(lab().slug_or_made(), "datalab-utrecht");
        let bad = LabInput {
            name_en: String::new(),
            offerings: vec!["quantum".into()],
            contact: "javascript:alert(1)".into(),
            ..lab()
        };
        assert_eq!(
            fields(validate_lab(&bad)),
            ["name_en", "offerings", "contact"]
        );
        let none = LabInput {
            offerings: vec![],
            ..lab()
        };
        assert_eq!(fields(validate_lab(&none)), ["offerings"]);
        let reserved = LabInput {
            slug: Some("aanvragen".into()),
            ..lab()
        };
        assert_eq!(fields(validate_lab(&reserved)), ["slug"]);
        let web = LabInput {
            contact: "https://utrecht.nl/datalab".into(),
            ..lab()
        };
        assert_eq!(validate_lab(&web), Ok(()));
        let long = LabInput {
            description_nl: "x".repeat(MAX_DESCRIPTION + 1),
            ..lab()
        };
        assert_eq!(fields(validate_lab(&long)), ["description_nl"]);
    }

    #[test]
    fn web_addresses_are_http_or_https_only() {
        assert!(is_web_url("https://example.org/a.png"));
        assert!(is_web_url("HTTP://example.org"));
        for bad in [
            "javascript:alert(1)",
            "data:image/png;base64,AAAA",
            "https://",
            "https://exa mple.org",
            "//example.org/x.png",
            "ftp://example.org",
            "https://example.org/\"onerror=\"x",
        ] {
            assert!(!is_web_url(bad), "{bad}");
        }
    }

    #[test]
    fn requests_need_a_period_in_order() {
        assert_eq!(validate_request(&request()), Ok(()));
        let reversed = RequestInput {
            from: "2027-01-01".into(),
            ..request()
        };
        assert_eq!(fields(validate_request(&reversed)), ["to"]);
        let same_day = RequestInput {
            to: "2026-10-01".into(),
            ..request()
        };
        assert_eq!(validate_request(&same_day), Ok(()));
        let garbage = RequestInput {
            from: "morgen".into(),
            purpose: " ".into(),
            ..request()
        };
        assert_eq!(fields(validate_request(&garbage)), ["purpose", "from"]);
    }

    #[test]
    fn the_life_of_a_request() {
        use RequestState::*;
        let ask = RequestStep::Ask {
            message: "Welke data?".into(),
        };
        let reply = RequestStep::Reply {
            message: "Deze.".into(),
        };
        let accept = RequestStep::Accept {
            conditions: "Alleen in het lab.".into(),
            may_show: true,
        };
        let decline = |r: &str| RequestStep::Decline { reason: r.into() };
        assert_eq!(apply(Requested, &ask), Ok(Question));
        assert_eq!(apply(Question, &ask), Ok(Question));
        assert_eq!(apply(Question, &reply), Ok(Requested));
        assert!(apply(Requested, &reply).is_err());
        assert_eq!(apply(Question, &accept), Ok(Accepted));
        assert_eq!(apply(Requested, &decline("Vol")), Ok(Declined));
        assert!(apply(Requested, &decline("  ")).is_err());
        assert_eq!(apply(Question, &RequestStep::Withdraw), Ok(Withdrawn));
        for ended in [Accepted, Declined, Withdrawn] {
            assert!(apply(ended, &RequestStep::Withdraw).is_err());
            assert!(apply(ended, &accept).is_err());
            assert!(apply(ended, &ask).is_err());
        }
        assert!(apply(
            Requested,
            &RequestStep::Ask {
                message: "x".repeat(MAX_MESSAGE + 1)
            }
        )
        .is_err());
    }

    #[test]
    fn keys_round_trip() {
        for o in Offering::ALL {
            assert_eq!(Offering::parse(o.key()), Some(*o));
            assert!(!o.label(Lang::Nl).is_empty() && !o.label(Lang::En).is_empty());
        }
        for s in RequestState::ALL {
            assert_eq!(RequestState::parse(s.key()), Some(*s));
        }
    }
}
