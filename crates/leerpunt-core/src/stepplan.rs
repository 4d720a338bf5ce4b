//! The toolkit's step plan: the phases of starting a data-driven project, each with a bilingual
//! checklist and links to glossary terms, FAQ entries and practices.
//!
//! The plan is stored as JSON (serde) and edited as plain text in one textarea, in a small line
//! format that [`parse`] reads and [`to_text`] writes; `parse(to_text(p)) == p` for every valid
//! plan, and `to_text(parse(t)) == t` for text in the canonical form [`to_text`] writes:
//!
//! ```text
//! ## question | De vraag | The question
//! > Inleiding in het Nederlands (meer regels mogen).
//! >> Introduction in English.
//! - Controlepunt | Checklist item
//! glossary: algoritme, impact-assessment
//! faq: 3, 8
//! practices: een-praktijk, nog-een-praktijk
//! ```
//!
//! Blank lines are ignored; `- [ ] item` is read like `- item`; `begrippen:` and `praktijken:` may
//! be written for `glossary:` and `practices:`. Every problem is reported with its line number, so
//! a broker can find it.

use std::collections::HashSet;
use std::fmt;

use serde::{Deserialize, Serialize};

use crate::error::{CoreError, FieldError};
use crate::review::{diff_lines, DiffLine};
use crate::text::is_slug;

/// At least one phase, at most this many.
pub const MAX_PHASES: usize = 12;
/// Checklist items per phase.
pub const MAX_ITEMS: usize = 30;
/// Characters of a title.
pub const MAX_TITLE: usize = 120;
/// Characters of a checklist item.
pub const MAX_ITEM: usize = 300;
/// Characters of an introduction (per language).
pub const MAX_INTRO: usize = 2_000;
/// Characters of a phase key.
pub const MAX_KEY: usize = 40;
/// Links of one kind per phase.
pub const MAX_LINKS: usize = 20;
/// Characters of the note that says what changed.
pub const MAX_NOTE: usize = 500;

/// The step plan: its phases in order.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct StepPlan {
    pub phases: Vec<Phase>,
}

/// One phase of the plan.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Phase {
    /// A slug, unique in the plan; the anchor of the phase on the page.
    pub key: String,
    pub title_nl: String,
    pub title_en: String,
    #[serde(default)]
    pub intro_nl: String,
    #[serde(default)]
    pub intro_en: String,
    #[serde(default)]
    pub checklist: Vec<Item>,
    /// Glossary term keys (see the glossary page's anchors).
    #[serde(default)]
    pub glossary: Vec<String>,
    /// FAQ entry ids.
    #[serde(default)]
    pub faq: Vec<i64>,
    /// Practice slugs.
    #[serde(default)]
    pub practices: Vec<String>,
}

/// A checklist item in both languages.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Item {
    pub nl: String,
    pub en: String,
}

/// The language a problem is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Language {
    Nl,
    En,
}

impl Language {
    pub fn key(self) -> &'static str {
        match self {
            Language::Nl => "nl",
            Language::En => "en",
        }
    }
}

/// What is wrong with (a line of) a plan. Each has a message key of the web layer's locale
/// files (`stepplan-err-…`) and an English text for logs and the command line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Problem {
    /// The plan has no phases.
    NoPhases,
    /// More than [`MAX_PHASES`] phases.
    TooManyPhases,
    /// Text that belongs to a phase appears before the first `##` heading.
    OutsidePhase,
    /// A line that is none of the known kinds.
    UnknownLine,
    /// A heading without exactly `key | Titel | Title`.
    HeadingParts,
    /// A checklist item without exactly `nl | en`.
    ItemParts,
    /// A phase key that is not a slug (or too long).
    BadKey(String),
    /// A phase key used twice.
    DuplicateKey(String),
    /// A title missing in a language.
    TitleMissing(Language),
    /// A title longer than [`MAX_TITLE`].
    TitleTooLong(Language),
    /// An introduction longer than [`MAX_INTRO`].
    IntroTooLong(Language),
    /// More than [`MAX_ITEMS`] checklist items in a phase.
    TooManyItems,
    /// A checklist item empty in a language.
    ItemEmpty(Language),
    /// A checklist item longer than [`MAX_ITEM`].
    ItemTooLong(Language),
    /// A glossary key that is not a slug, or unknown.
    BadGlossary(String),
    /// An FAQ id that is not a positive whole number, or unknown.
    BadFaq(String),
    /// A practice slug that is not a slug, or unknown.
    BadPractice(String),
    /// More than [`MAX_LINKS`] links of one kind in a phase.
    TooManyLinks,
    /// Text that cannot be kept in this format: a line break in a title or item, a `|` in a
    /// title or item, or spaces around a text.
    NotCanonical,
}

impl Problem {
    /// The locale key of the message (the web layer's `stepplan-err-…`).
    pub fn key(&self) -> &'static str {
        match self {
            Problem::NoPhases => "stepplan-err-no-phases",
            Problem::TooManyPhases => "stepplan-err-too-many-phases",
            Problem::OutsidePhase => "stepplan-err-outside-phase",
            Problem::UnknownLine => "stepplan-err-unknown-line",
            Problem::HeadingParts => "stepplan-err-heading-parts",
            Problem::ItemParts => "stepplan-err-item-parts",
            Problem::BadKey(_) => "stepplan-err-bad-key",
            Problem::DuplicateKey(_) => "stepplan-err-duplicate-key",
            Problem::TitleMissing(_) => "stepplan-err-title-missing",
            Problem::TitleTooLong(_) => "stepplan-err-title-too-long",
            Problem::IntroTooLong(_) => "stepplan-err-intro-too-long",
            Problem::TooManyItems => "stepplan-err-too-many-items",
            Problem::ItemEmpty(_) => "stepplan-err-item-empty",
            Problem::ItemTooLong(_) => "stepplan-err-item-too-long",
            Problem::BadGlossary(_) => "stepplan-err-bad-glossary",
            Problem::BadFaq(_) => "stepplan-err-bad-faq",
            Problem::BadPractice(_) => "stepplan-err-bad-practice",
            Problem::TooManyLinks => "stepplan-err-too-many-links",
            Problem::NotCanonical => "stepplan-err-not-canonical",
        }
    }

    /// The value the message names (a key, slug or id), if any.
    pub fn value(&self) -> Option<&str> {
        match self {
            Problem::BadKey(v)
            | Problem::DuplicateKey(v)
            | Problem::BadGlossary(v)
            | Problem::BadFaq(v)
            | Problem::BadPractice(v) => Some(v),
            _ => None,
        }
    }

    /// The limit the message names (a number of characters, phases, items or links), if any.
    pub fn limit(&self) -> Option<usize> {
        match self {
            Problem::TooManyPhases => Some(MAX_PHASES),
            Problem::BadKey(_) => Some(MAX_KEY),
            Problem::TitleTooLong(_) => Some(MAX_TITLE),
            Problem::IntroTooLong(_) => Some(MAX_INTRO),
            Problem::TooManyItems => Some(MAX_ITEMS),
            Problem::ItemTooLong(_) => Some(MAX_ITEM),
            Problem::TooManyLinks => Some(MAX_LINKS),
            _ => None,
        }
    }

    /// The language the message is about, if any.
    pub fn language(&self) -> Option<Language> {
        match self {
            Problem::TitleMissing(l)
            | Problem::TitleTooLong(l)
            | Problem::IntroTooLong(l)
            | Problem::ItemEmpty(l)
            | Problem::ItemTooLong(l) => Some(*l),
            _ => None,
        }
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let lang = |l: &Language| match l {
            Language::Nl => "Dutch",
            Language::En => "English",
        };
        match self {
            Problem::NoPhases => write!(f, "the plan needs at least one phase (a line starting with ##)"),
            Problem::TooManyPhases => write!(f, "the plan may have at most {MAX_PHASES} phases"),
            Problem::OutsidePhase => write!(f, "this line comes before the first phase heading (##)"),
            Problem::UnknownLine => write!(f, "unknown line: start it with ##, >, >>, -, glossary:, faq: or practices:"),
            Problem::HeadingParts => write!(f, "a phase heading is written as: ## key | Dutch title | English title"),
            Problem::ItemParts => write!(f, "a checklist item is written as: - Dutch text | English text"),
            Problem::BadKey(k) => write!(f, "the phase key {k:?} may contain only lowercase letters, digits and single hyphens (at most {MAX_KEY})"),
            Problem::DuplicateKey(k) => write!(f, "the phase key {k:?} is used twice"),
            Problem::TitleMissing(l) => write!(f, "the {} title is missing", lang(l)),
            Problem::TitleTooLong(l) => write!(f, "the {} title is longer than {MAX_TITLE} characters", lang(l)),
            Problem::IntroTooLong(l) => write!(f, "the {} introduction is longer than {MAX_INTRO} characters", lang(l)),
            Problem::TooManyItems => write!(f, "a phase may have at most {MAX_ITEMS} checklist items"),
            Problem::ItemEmpty(l) => write!(f, "the {} text of the checklist item is empty", lang(l)),
            Problem::ItemTooLong(l) => write!(f, "the {} text of the checklist item is longer than {MAX_ITEM} characters", lang(l)),
            Problem::BadGlossary(k) => write!(f, "{k:?} is not a glossary term"),
            Problem::BadFaq(v) => write!(f, "{v:?} is not an FAQ entry number"),
            Problem::BadPractice(s) => write!(f, "{s:?} is not a published practice"),
            Problem::TooManyLinks => write!(f, "a phase may have at most {MAX_LINKS} links of one kind"),
            Problem::NotCanonical => write!(f, "titles and checklist items are one line without | and without spaces around them"),
        }
    }
}

/// A problem and where it is: the line of the plain text (`None` for a plan read as JSON, or for
/// the plan as a whole).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlanError {
    pub line: Option<usize>,
    pub problem: Problem,
}

impl fmt::Display for PlanError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.line {
            Some(line) => write!(f, "line {line}: {}", self.problem),
            None => write!(f, "{}", self.problem),
        }
    }
}

/// Plan errors as field errors of the field `plan` (for the store and the API).
pub fn into_core_error(errors: &[PlanError]) -> CoreError {
    CoreError::Invalid(
        errors
            .iter()
            .map(|e| FieldError::new("plan", e.to_string()))
            .collect(),
    )
}

/// A link of the plain text, with its line: checked against what exists by the caller.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LinkRef {
    pub line: usize,
    pub link: Link,
}

/// What a phase links to.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Link {
    Glossary(String),
    Faq(i64),
    Practice(String),
}

impl Link {
    /// The problem when this link points at nothing.
    pub fn unknown(&self) -> Problem {
        match self {
            Link::Glossary(k) => Problem::BadGlossary(k.clone()),
            Link::Faq(id) => Problem::BadFaq(id.to_string()),
            Link::Practice(s) => Problem::BadPractice(s.clone()),
        }
    }
}

/// A plan read from plain text, with the line of every link.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Parsed {
    pub plan: StepPlan,
    pub links: Vec<LinkRef>,
}

impl Parsed {
    /// The links that `exists` does not know, as errors on their lines.
    pub fn unknown_links(&self, exists: impl Fn(&Link) -> bool) -> Vec<PlanError> {
        self.links
            .iter()
            .filter(|r| !exists(&r.link))
            .map(|r| PlanError {
                line: Some(r.line),
                problem: r.link.unknown(),
            })
            .collect()
    }
}

impl StepPlan {
    /// Every link of the plan, each once, in order of appearance.
    pub fn links(&self) -> Vec<Link> {
        let mut seen = HashSet::new();
        let mut out = Vec::new();
        for p in &self.phases {
            let all = p
                .glossary
                .iter()
                .map(|k| Link::Glossary(k.clone()))
                .chain(p.faq.iter().map(|id| Link::Faq(*id)))
                .chain(p.practices.iter().map(|s| Link::Practice(s.clone())));
            for link in all {
                if seen.insert(link.clone()) {
                    out.push(link);
                }
            }
        }
        out
    }
}

fn too_long(s: &str, max: usize) -> bool {
    s.chars().count() > max
}

/// A one-line text (title, item) in the form the plain text can hold.
fn one_line(s: &str) -> bool {
    !s.contains(['\n', '\r', '|']) && s.trim() == s
}

fn check_key(key: &str) -> Option<Problem> {
    (!is_slug(key) || too_long(key, MAX_KEY)).then(|| Problem::BadKey(key.to_owned()))
}

fn check_title(title: &str, lang: Language) -> Option<Problem> {
    if title.trim().is_empty() {
        Some(Problem::TitleMissing(lang))
    } else if too_long(title, MAX_TITLE) {
        Some(Problem::TitleTooLong(lang))
    } else if !one_line(title) {
        Some(Problem::NotCanonical)
    } else {
        None
    }
}

fn check_item_text(text: &str, lang: Language) -> Option<Problem> {
    if text.trim().is_empty() {
        Some(Problem::ItemEmpty(lang))
    } else if too_long(text, MAX_ITEM) {
        Some(Problem::ItemTooLong(lang))
    } else if !one_line(text) || CHECKBOXES.iter().any(|b| text.starts_with(b)) {
        Some(Problem::NotCanonical)
    } else {
        None
    }
}

/// What may open a checklist line (`- [ ] item`) and is not part of the item.
const CHECKBOXES: [&str; 3] = ["[ ]", "[x]", "[X]"];

fn check_intro(intro: &str, lang: Language) -> Option<Problem> {
    if too_long(intro, MAX_INTRO) {
        return Some(Problem::IntroTooLong(lang));
    }
    let canonical =
        intro.trim() == intro && !intro.contains('\r') && intro.split('\n').all(|l| l.trim() == l);
    (!canonical).then_some(Problem::NotCanonical)
}

fn check_glossary_key(key: &str) -> Option<Problem> {
    (!is_slug(key)).then(|| Problem::BadGlossary(key.to_owned()))
}

fn check_practice_slug(slug: &str) -> Option<Problem> {
    (!is_slug(slug)).then(|| Problem::BadPractice(slug.to_owned()))
}

/// Checks a plan (read as JSON, or built in code) against the rules: 1–12 phases with unique
/// slug keys, titles in both languages of at most 120 characters, at most 30 checklist items of
/// at most 300 characters, none empty, and links that are well formed. Returns every problem.
pub fn validate(plan: &StepPlan) -> Result<(), Vec<PlanError>> {
    let mut problems = Vec::new();
    if plan.phases.is_empty() {
        problems.push(Problem::NoPhases);
    }
    if plan.phases.len() > MAX_PHASES {
        problems.push(Problem::TooManyPhases);
    }
    let mut keys = HashSet::new();
    for p in &plan.phases {
        problems.extend(check_key(&p.key));
        if !keys.insert(p.key.as_str()) {
            problems.push(Problem::DuplicateKey(p.key.clone()));
        }
        problems.extend(check_title(&p.title_nl, Language::Nl));
        problems.extend(check_title(&p.title_en, Language::En));
        problems.extend(check_intro(&p.intro_nl, Language::Nl));
        problems.extend(check_intro(&p.intro_en, Language::En));
        if p.checklist.len() > MAX_ITEMS {
            problems.push(Problem::TooManyItems);
        }
        for item in &p.checklist {
            problems.extend(check_item_text(&item.nl, Language::Nl));
            problems.extend(check_item_text(&item.en, Language::En));
        }
        if p.glossary.len() > MAX_LINKS || p.faq.len() > MAX_LINKS || p.practices.len() > MAX_LINKS
        {
            problems.push(Problem::TooManyLinks);
        }
        problems.extend(p.glossary.iter().filter_map(|k| check_glossary_key(k)));
        problems.extend(
            p.faq
                .iter()
                .filter(|id| **id <= 0)
                .map(|id| Problem::BadFaq(id.to_string())),
        );
        problems.extend(p.practices.iter().filter_map(|s| check_practice_slug(s)));
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(problems
            .into_iter()
            .map(|problem| PlanError {
                line: None,
                problem,
            })
            .collect())
    }
}

/// Splits `a | b | c` into trimmed parts.
fn parts(s: &str) -> Vec<&str> {
    s.split('|').map(str::trim).collect()
}

/// Splits a comma-separated list, skipping empty entries.
fn list(s: &str) -> impl Iterator<Item = &str> {
    s.split(',').map(str::trim).filter(|v| !v.is_empty())
}

/// Appends a line of introduction (`> text`, or `>` for an empty line between paragraphs).
fn push_intro(intro: &mut String, text: &str) {
    if !intro.is_empty() || !text.is_empty() {
        if !intro.is_empty() || text.is_empty() {
            intro.push('\n');
        }
        intro.push_str(text);
    }
}

/// Removes blank lines at the end of an introduction (they cannot be written back).
fn finish_intro(intro: &mut String) {
    let trimmed = intro.trim_end().len();
    intro.truncate(trimmed);
}

/// The field name of a link line and the text after it, if the line is one.
fn link_line(line: &str) -> Option<(&'static str, &str)> {
    let (name, rest) = line.split_once(':')?;
    let kind = match name.trim().to_lowercase().as_str() {
        "glossary" | "begrippen" => "glossary",
        "faq" => "faq",
        "practices" | "praktijken" => "practices",
        _ => return None,
    };
    Some((kind, rest))
}

/// Reads a plan from the plain-text format (see the module documentation). Every problem comes
/// back with its line number (counted from 1); nothing is returned half-read.
pub fn parse(text: &str) -> Result<Parsed, Vec<PlanError>> {
    let mut errors = Vec::new();
    let mut phases: Vec<Phase> = Vec::new();
    let mut links = Vec::new();
    let mut keys = HashSet::new();
    let mut err = |line: usize, problem: Problem| {
        errors.push(PlanError {
            line: Some(line),
            problem,
        })
    };
    for (i, raw) in text.lines().enumerate() {
        let n = i + 1;
        let line = raw.trim();
        if line.is_empty() {
            continue;
        }
        if let Some(rest) = line.strip_prefix("##") {
            let [key, nl, en] = parts(rest)[..] else {
                err(n, Problem::HeadingParts);
                continue;
            };
            if phases.len() == MAX_PHASES {
                err(n, Problem::TooManyPhases);
            }
            if let Some(p) = check_key(key) {
                err(n, p);
            } else if !keys.insert(key.to_owned()) {
                err(n, Problem::DuplicateKey(key.to_owned()));
            }
            for p in [check_title(nl, Language::Nl), check_title(en, Language::En)]
                .into_iter()
                .flatten()
            {
                err(n, p);
            }
            phases.push(Phase {
                key: key.to_owned(),
                title_nl: nl.to_owned(),
                title_en: en.to_owned(),
                ..Phase::default()
            });
            continue;
        }
        let Some(phase) = phases.last_mut() else {
            err(n, Problem::OutsidePhase);
            continue;
        };
        if let Some(rest) = line.strip_prefix(">>") {
            push_intro(&mut phase.intro_en, rest.trim());
            if too_long(&phase.intro_en, MAX_INTRO) {
                err(n, Problem::IntroTooLong(Language::En));
            }
        } else if let Some(rest) = line.strip_prefix('>') {
            push_intro(&mut phase.intro_nl, rest.trim());
            if too_long(&phase.intro_nl, MAX_INTRO) {
                err(n, Problem::IntroTooLong(Language::Nl));
            }
        } else if let Some(rest) = line.strip_prefix('-') {
            let rest = rest.trim_start();
            let rest = CHECKBOXES
                .iter()
                .find_map(|b| rest.strip_prefix(b))
                .unwrap_or(rest);
            let [nl, en] = parts(rest)[..] else {
                err(n, Problem::ItemParts);
                continue;
            };
            if phase.checklist.len() == MAX_ITEMS {
                err(n, Problem::TooManyItems);
            }
            for p in [
                check_item_text(nl, Language::Nl),
                check_item_text(en, Language::En),
            ]
            .into_iter()
            .flatten()
            {
                err(n, p);
            }
            phase.checklist.push(Item {
                nl: nl.to_owned(),
                en: en.to_owned(),
            });
        } else if let Some((kind, rest)) = link_line(line) {
            for value in list(rest) {
                let link = match kind {
                    "glossary" => match check_glossary_key(value) {
                        Some(p) => {
                            err(n, p);
                            continue;
                        }
                        None => {
                            phase.glossary.push(value.to_owned());
                            Link::Glossary(value.to_owned())
                        }
                    },
                    "faq" => match value.parse::<i64>() {
                        Ok(id) if id > 0 => {
                            phase.faq.push(id);
                            Link::Faq(id)
                        }
                        _ => {
                            err(n, Problem::BadFaq(value.to_owned()));
                            continue;
                        }
                    },
                    _ => match check_practice_slug(value) {
                        Some(p) => {
                            err(n, p);
                            continue;
                        }
                        None => {
                            phase.practices.push(value.to_owned());
                            Link::Practice(value.to_owned())
                        }
                    },
                };
                links.push(LinkRef { line: n, link });
            }
            let over = match kind {
                "glossary" => phase.glossary.len(),
                "faq" => phase.faq.len(),
                _ => phase.practices.len(),
            } > MAX_LINKS;
            if over {
                err(n, Problem::TooManyLinks);
            }
        } else {
            err(n, Problem::UnknownLine);
        }
    }
    for phase in &mut phases {
        finish_intro(&mut phase.intro_nl);
        finish_intro(&mut phase.intro_en);
    }
    if phases.is_empty() && errors.is_empty() {
        errors.push(PlanError {
            line: None,
            problem: Problem::NoPhases,
        });
    }
    if errors.is_empty() {
        Ok(Parsed {
            plan: StepPlan { phases },
            links,
        })
    } else {
        Err(errors)
    }
}

fn write_intro(out: &mut String, marker: &str, intro: &str) {
    if intro.is_empty() {
        return;
    }
    for line in intro.split('\n') {
        out.push_str(marker);
        if !line.is_empty() {
            out.push(' ');
            out.push_str(line);
        }
        out.push('\n');
    }
}

/// Writes a plan in the plain-text format: what the edit form shows, and what [`parse`] reads
/// back into the same plan. Phases are separated by a blank line.
pub fn to_text(plan: &StepPlan) -> String {
    let mut out = String::new();
    for (i, p) in plan.phases.iter().enumerate() {
        if i > 0 {
            out.push('\n');
        }
        out.push_str(&format!("## {} | {} | {}\n", p.key, p.title_nl, p.title_en));
        write_intro(&mut out, ">", &p.intro_nl);
        write_intro(&mut out, ">>", &p.intro_en);
        for item in &p.checklist {
            out.push_str(&format!("- {} | {}\n", item.nl, item.en));
        }
        if !p.glossary.is_empty() {
            out.push_str(&format!("glossary: {}\n", p.glossary.join(", ")));
        }
        if !p.faq.is_empty() {
            let ids: Vec<String> = p.faq.iter().map(ToString::to_string).collect();
            out.push_str(&format!("faq: {}\n", ids.join(", ")));
        }
        if !p.practices.is_empty() {
            out.push_str(&format!("practices: {}\n", p.practices.join(", ")));
        }
    }
    out
}

/// What changed from one version to the next, as lines of the plain-text format: the changed
/// lines, each group preceded by the heading of its phase when that heading did not change.
pub fn changes(old: &StepPlan, new: &StepPlan) -> Vec<DiffLine> {
    let mut out = Vec::new();
    let mut heading: Option<DiffLine> = None;
    for line in diff_lines(&to_text(old), &to_text(new)) {
        if line.tag == " " {
            if line.text.starts_with("## ") {
                heading = Some(line);
            }
            continue;
        }
        if let Some(h) = heading.take() {
            if !line.text.starts_with("## ") {
                out.push(h);
            }
        }
        out.push(line);
    }
    out
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    const SAMPLE: &str = "## vraag | De vraag | The question
> Begin bij het probleem.
>
> Niet bij de techniek.
>> Start with the problem.
- Beschrijf het probleem | Describe the problem
- Betrek de beleidseigenaar | Involve the policy owner
glossary: algoritme, impact-assessment
faq: 3, 8
practices: vroegsignalering-schulden-zwolle

## data | Data | Data
- Maak een overzicht van bronnen | List the sources
";

    fn problems(text: &str) -> Vec<(Option<usize>, Problem)> {
        parse(text)
            .err()
            .unwrap_or_default()
            .into_iter()
            .map(|e| (e.line, e.problem))
            .collect()
    }

    #[test]
    fn reads_the_format() {
        let parsed = parse(SAMPLE).unwrap();
        let plan = &parsed.plan;
        assert_eq!(plan.phases.len(), 2);
        let p = &plan.phases[0];
        assert_eq!(p.key, "vraag");
        assert_eq!(
            (p.title_nl.as_str(), p.title_en.as_str()),
            ("De vraag", "The question")
        );
        assert_eq!(
            p.intro_nl,
            "Begin bij het probleem.\n\nNiet bij de techniek."
        );
        assert_eq!(p.intro_en, "Start with the problem.");
        assert_eq!(p.checklist.len(), 2);
        assert_eq!(p.checklist[1].en, "Involve the policy owner");
        assert_eq!(p.glossary, ["algoritme", "impact-assessment"]);
        assert_eq!(p.faq, [3, 8]);
        assert_eq!(p.practices, ["vroegsignalering-schulden-zwolle"]);
        assert_eq!(plan.phases[1].intro_nl, "");
        assert!(validate(plan).is_ok());
        let lines: Vec<usize> = parsed.links.iter().map(|l| l.line).collect();
        assert_eq!(lines, [8, 8, 9, 9, 10]);
    }

    #[test]
    fn round_trips_exactly() {
        let parsed = parse(SAMPLE).unwrap();
        let text = to_text(&parsed.plan);
        assert_eq!(text, SAMPLE, "canonical text is written back as it was");
        assert_eq!(parse(&text).unwrap().plan, parsed.plan);
        // Loose spelling reads into the same plan and is written canonically.
        let loose = "\n\n##  vraag|De vraag |The question  \n>  Begin bij het probleem.\n>\n> Niet bij de techniek.\n>\n>> Start with the problem.\n- [ ] Beschrijf het probleem|Describe the problem\n-Betrek de beleidseigenaar | Involve the policy owner\nbegrippen: algoritme,, impact-assessment\nfaq: 3,8\npraktijken: vroegsignalering-schulden-zwolle\r\n## data | Data | Data\r\n- Maak een overzicht van bronnen | List the sources";
        assert_eq!(parse(loose).unwrap().plan, parsed.plan);
        assert_eq!(to_text(&parse(loose).unwrap().plan), SAMPLE);
    }

    #[test]
    fn every_valid_plan_round_trips() {
        let plan = StepPlan {
            phases: vec![Phase {
                key: "a-1".into(),
                title_nl: "Één > twee".into(),
                title_en: "One - two: three".into(),
                intro_nl: "> geciteerd\n\n- geen item".into(),
                intro_en: "glossary: not a link".into(),
                checklist: vec![Item {
                    nl: "## geen kop".into(),
                    en: "faq: no".into(),
                }],
                glossary: vec![],
                faq: vec![12],
                practices: vec![],
            }],
        };
        assert!(validate(&plan).is_ok());
        assert_eq!(parse(&to_text(&plan)).unwrap().plan, plan);
    }

    #[test]
    fn problems_name_their_line() {
        assert_eq!(problems(""), [(None, Problem::NoPhases)]);
        assert_eq!(
            problems("- item | item"),
            [(Some(1), Problem::OutsidePhase)]
        );
        assert_eq!(problems("## a | A\n"), [(Some(1), Problem::HeadingParts)]);
        assert_eq!(
            problems("## a | A | A\nzomaar tekst\n- alleen nl\n- | en\n"),
            [
                (Some(2), Problem::UnknownLine),
                (Some(3), Problem::ItemParts),
                (Some(4), Problem::ItemEmpty(Language::Nl)),
            ]
        );
        assert_eq!(
            problems("## A | A | A\n\n## b |  | B\n## b | B | B"),
            [
                (Some(1), Problem::BadKey("A".into())),
                (Some(3), Problem::TitleMissing(Language::Nl)),
                (Some(4), Problem::DuplicateKey("b".into())),
            ]
        );
        let long = "x".repeat(MAX_TITLE + 1);
        assert_eq!(
            problems(&format!("## a | A | {long}")),
            [(Some(1), Problem::TitleTooLong(Language::En))]
        );
        let long = "x".repeat(MAX_ITEM + 1);
        assert_eq!(
            problems(&format!("## a | A | A\n- {long} | y")),
            [(Some(2), Problem::ItemTooLong(Language::Nl))]
        );
        assert_eq!(
            problems("## a | A | A\nfaq: 1, twee, -3\nglossary: Niet Goed\npractices: ok, /x"),
            [
                (Some(2), Problem::BadFaq("twee".into())),
                (Some(2), Problem::BadFaq("-3".into())),
                (Some(3), Problem::BadGlossary("Niet Goed".into())),
                (Some(4), Problem::BadPractice("/x".into())),
            ]
        );
        assert_eq!(
            problems("## a | A | A\n- a | b | c"),
            [(Some(2), Problem::ItemParts)]
        );
    }

    #[test]
    fn limits_count_phases_and_items() {
        let mut text = String::new();
        for i in 0..=MAX_PHASES {
            text.push_str(&format!("## p{i} | P | P\n"));
        }
        assert_eq!(
            problems(&text),
            [(Some(MAX_PHASES + 1), Problem::TooManyPhases)]
        );
        let mut text = "## a | A | A\n".to_owned();
        for _ in 0..=MAX_ITEMS {
            text.push_str("- x | y\n");
        }
        assert_eq!(
            problems(&text),
            [(Some(MAX_ITEMS + 2), Problem::TooManyItems)]
        );
    }

    #[test]
    fn validation_of_stored_plans() {
        assert!(validate(&StepPlan::default()).is_err());
        let mut plan = parse(SAMPLE).unwrap().plan;
        plan.phases[1].key = "vraag".into();
        plan.phases[0].checklist[0].en = " ".into();
        plan.phases[0].title_en = "a | b".into();
        plan.phases[0].faq.push(0);
        let found: Vec<Problem> = validate(&plan)
            .unwrap_err()
            .into_iter()
            .map(|e| e.problem)
            .collect();
        assert_eq!(
            found,
            [
                Problem::NotCanonical,
                Problem::ItemEmpty(Language::En),
                Problem::BadFaq("0".into()),
                Problem::DuplicateKey("vraag".into()),
            ]
        );
    }

    #[test]
    fn unknown_links_are_reported_on_their_lines() {
        let parsed = parse(SAMPLE).unwrap();
        let errors = parsed.unknown_links(|l| *l != Link::Faq(8));
        assert_eq!(
            errors,
            [PlanError {
                line: Some(9),
                problem: Problem::BadFaq("8".into())
            }]
        );
        assert_eq!(parsed.plan.links().len(), 5);
    }

    #[test]
    fn changes_show_changed_lines_under_their_phase() {
        let old = parse(SAMPLE).unwrap().plan;
        let mut new = old.clone();
        new.phases[1].checklist[0].nl = "Maak een bronnenoverzicht".into();
        let c = changes(&old, &new);
        let lines: Vec<(&str, &str)> = c.iter().map(|l| (l.tag, l.text.as_str())).collect();
        assert_eq!(
            lines,
            [
                (" ", "## data | Data | Data"),
                ("-", "- Maak een overzicht van bronnen | List the sources"),
                ("+", "- Maak een bronnenoverzicht | List the sources"),
            ]
        );
        assert!(changes(&old, &old).is_empty());
    }

    #[test]
    fn messages_have_keys_and_english_text() {
        let e = PlanError {
            line: Some(4),
            problem: Problem::TitleMissing(Language::En),
        };
        assert_eq!(e.to_string(), "line 4: the English title is missing");
        assert_eq!(e.problem.key(), "stepplan-err-title-missing");
        assert_eq!(e.problem.language(), Some(Language::En));
        assert_eq!(Problem::BadFaq("x".into()).value(), Some("x"));
    }
}
