//! Mapping of outside records to practices: the Algorithm Register export and the flat CSV format.
//!
//! Pure functions: the binary reads files and the store writes rows; what a record *means* is decided here.

use serde::{Deserialize, Serialize};

use crate::error::CoreError;
use crate::model::{Lang, NewPractice, PracticeStatus, PracticeText};
use crate::text::slugify;

/// The source name of practices imported from the Algorithm Register.
pub const ALGORITHM_REGISTER: &str = "algoritmeregister";

/// The Algorithm Register export: `{"algoritmes": [...], "count", "fetched_at", "source_url"}`.
#[derive(Debug, Deserialize)]
pub struct RegisterExport {
    pub algoritmes: Vec<RegisterRecord>,
    #[serde(default)]
    pub count: Option<usize>,
    #[serde(default)]
    pub fetched_at: Option<String>,
}

/// One algorithm as published in the register. Unknown fields are ignored; missing optional
/// texts are empty.
#[derive(Debug, Clone, Deserialize)]
pub struct RegisterRecord {
    #[serde(default)]
    pub id: String,
    #[serde(default)]
    pub title: String,
    #[serde(default)]
    pub organisatie: String,
    #[serde(default)]
    pub doel: String,
    #[serde(default)]
    pub status: String,
    #[serde(default)]
    pub juridische_basis: String,
    #[serde(default)]
    pub impactassessment: String,
    #[serde(default)]
    pub geregistreerd: String,
    #[serde(default)]
    pub toegevoegd: String,
    #[serde(default)]
    pub url: String,
}

/// Maps the register's status to a practice status.
pub fn register_status(status: &str) -> Option<PracticeStatus> {
    match status {
        "in_gebruik" => Some(PracticeStatus::InUse),
        "ontwikkeling" => Some(PracticeStatus::Pilot),
        "buiten_gebruik" => Some(PracticeStatus::Stopped),
        _ => None,
    }
}

/// The first sentence of a text, cut to at most `max` characters at a word boundary.
pub fn first_sentence(text: &str, max: usize) -> String {
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    let end = text
        .char_indices()
        .find(|&(i, c)| matches!(c, '.' | '!' | '?') && text[i + c.len_utf8()..].starts_with(' '))
        .map(|(i, c)| i + c.len_utf8())
        .unwrap_or(text.len());
    let sentence = &text[..end];
    if sentence.chars().count() <= max {
        return sentence.to_owned();
    }
    let cut: String = sentence.chars().take(max).collect();
    let cut = match cut.rfind(' ') {
        Some(i) if i > max / 2 => &cut[..i],
        _ => cut.as_str(),
    };
    format!("{}…", cut.trim_end_matches([',', ';', ':']))
}

/// Turns a register record into a practice owned by `owner_code`. Rejects records without an id,
/// title, organisation or known status, with the reason.
pub fn register_record_to_practice(
    r: &RegisterRecord,
    owner_code: &str,
) -> Result<NewPractice, CoreError> {
    let id = r.id.trim();
    if id.is_empty() {
        return Err(CoreError::invalid("id", "record has no id"));
    }
    if r.title.trim().is_empty() {
        return Err(CoreError::invalid(
            "title",
            format!("record {id} has no title"),
        ));
    }
    if r.organisatie.trim().is_empty() {
        return Err(CoreError::invalid(
            "organisatie",
            format!("record {id} has no organisation"),
        ));
    }
    let status = register_status(&r.status).ok_or_else(|| {
        CoreError::invalid(
            "status",
            format!("record {id} has unknown status {:?}", r.status),
        )
    })?;
    let mut body = String::new();
    let mut section = |heading: &str, value: &str| {
        let value = value.trim();
        if !value.is_empty() {
            body.push_str(&format!("## {heading}\n\n{value}\n\n"));
        }
    };
    section("Doel", &r.doel);
    section("Juridische basis", &r.juridische_basis);
    section("Impactassessment", &r.impactassessment);
    let mut slug = slugify(&r.title);
    slug.truncate(60);
    let slug = format!("{}-ar{}", slug.trim_end_matches('-'), slugify(id));
    Ok(NewPractice {
        slug: Some(slug.trim_start_matches('-').to_owned()),
        language: Lang::Nl,
        text: PracticeText {
            title: r.title.trim().to_owned(),
            summary: first_sentence(&r.doel, 300),
            body: body.trim_end().to_owned(),
            purpose: r.doel.trim().to_owned(),
            ..Default::default()
        },
        translation: None,
        status,
        owner: owner_code.to_owned(),
        partners: Vec::new(),
        themes: Vec::new(),
        techniques: Vec::new(),
        contact: None,
        source: ALGORITHM_REGISTER.to_owned(),
        source_id: Some(id.to_owned()),
        source_url: (!r.url.trim().is_empty()).then(|| r.url.trim().to_owned()),
        started_on: None,
    })
}

/// One practice as a flat CSV row (lists joined with `|`); used by `import practices` and
/// `export practices --format csv`, so an export can be imported again. Only `title`, `status`
/// and `owner` are required; missing columns are empty. The `translated_*` columns hold the texts
/// in the other language (a translation exists when `translated_title` is not empty).
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
#[serde(default)]
pub struct PracticeCsvRow {
    pub slug: String,
    pub language: String,
    pub title: String,
    pub summary: String,
    pub body: String,
    pub purpose: String,
    pub data_used: String,
    pub results: String,
    pub lessons: String,
    pub status: String,
    pub owner: String,
    pub partners: String,
    pub themes: String,
    pub techniques: String,
    pub contact: String,
    pub source: String,
    pub source_id: String,
    pub source_url: String,
    pub started_on: String,
    pub translated_title: String,
    pub translated_summary: String,
    pub translated_body: String,
    pub translated_purpose: String,
    pub translated_data_used: String,
    pub translated_results: String,
    pub translated_lessons: String,
}

fn split_list(s: &str) -> Vec<String> {
    s.split('|')
        .map(str::trim)
        .filter(|x| !x.is_empty())
        .map(str::to_owned)
        .collect()
}

fn opt(s: &str) -> Option<String> {
    let s = s.trim();
    (!s.is_empty()).then(|| s.to_owned())
}

impl PracticeCsvRow {
    /// Parses the row into a practice, reporting the first bad value.
    pub fn into_practice(self) -> Result<NewPractice, CoreError> {
        let translated = !self.translated_title.trim().is_empty();
        Ok(NewPractice {
            slug: opt(&self.slug),
            language: if self.language.trim().is_empty() {
                Lang::Nl
            } else {
                self.language.trim().parse()?
            },
            text: PracticeText {
                title: self.title,
                summary: self.summary,
                body: self.body,
                purpose: self.purpose,
                data_used: self.data_used,
                results: self.results,
                lessons: self.lessons,
            },
            translation: translated.then_some(PracticeText {
                title: self.translated_title,
                summary: self.translated_summary,
                body: self.translated_body,
                purpose: self.translated_purpose,
                data_used: self.translated_data_used,
                results: self.translated_results,
                lessons: self.translated_lessons,
            }),
            status: self.status.trim().parse()?,
            owner: self.owner.trim().to_owned(),
            partners: split_list(&self.partners),
            themes: split_list(&self.themes),
            techniques: split_list(&self.techniques),
            contact: opt(&self.contact),
            source: opt(&self.source).unwrap_or_else(|| "import".to_owned()),
            source_id: opt(&self.source_id),
            source_url: opt(&self.source_url),
            started_on: opt(&self.started_on),
        })
    }

    /// Flattens a stored practice into a row.
    pub fn from_practice(p: &crate::model::Practice) -> Self {
        let none = PracticeText::default();
        let tr = p.translation.as_ref().unwrap_or(&none);
        Self {
            slug: p.slug.clone(),
            language: p.language.key().to_owned(),
            title: p.text.title.clone(),
            summary: p.text.summary.clone(),
            body: p.text.body.clone(),
            purpose: p.text.purpose.clone(),
            data_used: p.text.data_used.clone(),
            results: p.text.results.clone(),
            lessons: p.text.lessons.clone(),
            status: p.status.key().to_owned(),
            owner: p.owner.code.clone(),
            partners: p
                .partners
                .iter()
                .map(|o| o.code.as_str())
                .collect::<Vec<_>>()
                .join("|"),
            themes: p.themes.join("|"),
            techniques: p.techniques.join("|"),
            contact: p.contact.clone().unwrap_or_default(),
            source: p.source.clone(),
            source_id: p.source_id.clone().unwrap_or_default(),
            source_url: p.source_url.clone().unwrap_or_default(),
            started_on: p.started_on.clone().unwrap_or_default(),
            translated_title: tr.title.clone(),
            translated_summary: tr.summary.clone(),
            translated_body: tr.body.clone(),
            translated_purpose: tr.purpose.clone(),
            translated_data_used: tr.data_used.clone(),
            translated_results: tr.results.clone(),
            translated_lessons: tr.lessons.clone(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record() -> RegisterRecord {
        RegisterRecord {
            id: "123".into(),
            title: "Slimme Ploeg-planning".into(),
            organisatie: "Gemeente Utrecht".into(),
            doel: "Het algoritme plant routes. Daarna nog meer tekst.".into(),
            status: "ontwikkeling".into(),
            juridische_basis: "Wegenwet".into(),
            impactassessment: String::new(),
            geregistreerd: "2024-01-01".into(),
            toegevoegd: "2024-01-02".into(),
            url: "https://example.org/a/123".into(),
        }
    }

    #[test]
    fn maps_a_register_record() {
        let p = register_record_to_practice(&record(), "GM0344")
            .unwrap_or_else(|e| unreachable!("{e}"));
        assert_eq!(p.slug.as_deref(), Some("slimme-ploeg-planning-ar123"));
        assert_eq!(p.status, PracticeStatus::Pilot);
        assert_eq!(p.text.summary, "Het algoritme plant routes.");
        assert_eq!(p.source_id.as_deref(), Some("123"));
        assert!(p.text.body.contains("## Juridische basis\n\nWegenwet"));
        assert!(!p.text.body.contains("Impactassessment"));
        assert_eq!(p.owner, "GM0344");
    }

    #[test]
    fn rejects_records_with_reasons() {
        let mut r = record();
        r.status = "onbekend".into();
        let err = register_record_to_practice(&r, "X")
            .err()
            .map(|e| e.to_string())
            .unwrap_or_default();
        assert!(err.contains("unknown status"), "{err}");
        let mut r = record();
        r.id = " ".into();
        assert!(register_record_to_practice(&r, "X").is_err());
    }

    #[test]
    fn first_sentence_is_bounded() {
        assert_eq!(first_sentence("Een. Twee.", 100), "Een.");
        assert_eq!(
            first_sentence("versie 2.0 is uit", 100),
            "versie 2.0 is uit"
        );
        let long = first_sentence(&"woord ".repeat(100), 50);
        assert!(long.chars().count() <= 51 && long.ends_with('…'), "{long}");
    }

    #[test]
    fn csv_row_parses_lists_and_rejects_bad_status() {
        let row = PracticeCsvRow {
            slug: "a".into(),
            language: "".into(),
            title: "T".into(),
            summary: "".into(),
            body: "".into(),
            purpose: "".into(),
            data_used: "".into(),
            results: "".into(),
            lessons: "".into(),
            status: "pilot".into(),
            owner: "GM0363".into(),
            partners: "PV27| GM0599 |".into(),
            themes: "wonen".into(),
            techniques: "".into(),
            contact: "".into(),
            source: "".into(),
            source_id: "".into(),
            source_url: "".into(),
            started_on: "".into(),
            ..PracticeCsvRow::default()
        };
        let p = row
            .clone()
            .into_practice()
            .unwrap_or_else(|e| unreachable!("{e}"));
        assert_eq!(p.partners, ["PV27", "GM0599"]);
        assert_eq!(p.source, "import");
        assert_eq!(p.translation, None);
        let translated = PracticeCsvRow {
            translated_title: "Title".into(),
            translated_lessons: "Lessons".into(),
            ..row.clone()
        }
        .into_practice()
        .unwrap_or_else(|e| unreachable!("{e}"));
        let tr = translated.translation.unwrap_or_default();
        assert_eq!(
            (tr.title.as_str(), tr.lessons.as_str()),
            ("Title", "Lessons")
        );
        let bad = PracticeCsvRow {
            status: "done".into(),
            ..row
        };
        assert!(bad.into_practice().is_err());
    }
}
