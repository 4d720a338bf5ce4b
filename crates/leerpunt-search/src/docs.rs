//! What gets indexed: practices, organisations and people turned into index documents.
//!
//! The search crate is the only one that knows tantivy; this module is where domain types meet it.

use leerpunt_core::{markdown, Lang, OrgKind, Organisation, Person, Practice, PracticeText};
use tantivy::schema::Facet;
use tantivy::TantivyDocument;

use crate::schema::Fields;

/// The kinds of things the index holds; more (questions, toolkit, events) can follow.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum DocKind {
    Practice,
    Organisation,
    Person,
}

impl DocKind {
    pub const ALL: &'static [DocKind] =
        &[DocKind::Practice, DocKind::Organisation, DocKind::Person];

    pub fn key(self) -> &'static str {
        match self {
            DocKind::Practice => "practice",
            DocKind::Organisation => "organisation",
            DocKind::Person => "person",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.iter().copied().find(|k| k.key() == s)
    }
}

/// The unique key of a document: `practice:12`.
pub fn doc_key(kind: DocKind, id: i64) -> String {
    format!("{}:{id}", kind.key())
}

/// YYYYMMDD of an RFC 3339 timestamp or ISO date (0 when unreadable).
pub fn day_number(stamp: &str) -> i64 {
    let digits: String = stamp
        .chars()
        .take(10)
        .filter(char::is_ascii_digit)
        .collect();
    digits.parse().unwrap_or(0)
}

/// The text of a practice that says what it is for (summary and purpose, without repeats).
pub(crate) fn lead(t: &PracticeText) -> String {
    if t.purpose.trim().is_empty() || t.purpose.contains(t.summary.trim()) {
        if t.purpose.trim().is_empty() {
            return t.summary.clone();
        }
        return t.purpose.clone();
    }
    format!("{}\n{}", t.summary, t.purpose)
}

/// Everything else a practice says, as plain text.
fn body(t: &PracticeText) -> String {
    [
        markdown::plain_text(&t.body),
        t.data_used.clone(),
        t.results.clone(),
        t.lessons.clone(),
    ]
    .join("\n")
}

/// The text fields of a practice, in Dutch and English when it has them.
pub struct PracticeTexts<'a> {
    pub nl: Option<&'a PracticeText>,
    pub en: Option<&'a PracticeText>,
}

pub fn practice_texts(p: &Practice) -> PracticeTexts<'_> {
    let (own, other) = (Some(&p.text), p.translation.as_ref());
    match p.language {
        Lang::Nl => PracticeTexts { nl: own, en: other },
        Lang::En => PracticeTexts { nl: other, en: own },
    }
}

/// The words a dictionary for compound splitting is derived from.
pub fn dictionary_text(p: &Practice) -> String {
    let t = practice_texts(p);
    let mut s = String::new();
    if let Some(nl) = t.nl {
        s.push_str(&nl.title);
        s.push('\n');
        s.push_str(&lead(nl));
        s.push('\n');
        s.push_str(&body(nl));
    }
    s
}

/// Builds the index document of a practice.
pub fn practice_doc(f: &Fields, p: &Practice) -> TantivyDocument {
    let mut d = TantivyDocument::default();
    d.add_text(f.key, doc_key(DocKind::Practice, p.id));
    d.add_text(f.kind, DocKind::Practice.key());
    d.add_i64(f.id, p.id);
    d.add_text(f.slug, &p.slug);
    if let Some(sid) = &p.source_id {
        d.add_text(f.source_id, sid);
    }
    let texts = practice_texts(p);
    if let Some(nl) = texts.nl {
        d.add_text(f.title_nl_display, &nl.title);
        d.add_text(f.title_nl, &nl.title);
        d.add_text(f.lead_nl, lead(nl));
        d.add_text(f.body_nl, body(nl));
    }
    if let Some(en) = texts.en {
        d.add_text(f.title_en_display, &en.title);
        d.add_text(f.title_en, &en.title);
        d.add_text(f.lead_en, lead(en));
        d.add_text(f.body_en, body(en));
    }
    for org in std::iter::once(&p.owner).chain(&p.partners) {
        add_names(&mut d, f, org);
    }
    d.add_text(f.org, &p.owner.code);
    d.add_text(f.org_name, &p.owner.name);
    d.add_facet(f.facets, Facet::from_path(["org_kind", p.owner.kind.key()]));
    if let Some(pv) = &p.owner.province {
        d.add_facet(f.facets, Facet::from_path(["province", pv.as_str()]));
    }
    d.add_facet(f.facets, Facet::from_path(["status", p.status.key()]));
    for t in &p.themes {
        d.add_facet(f.facets, Facet::from_path(["theme", t.as_str()]));
    }
    for t in &p.techniques {
        d.add_facet(f.facets, Facet::from_path(["technique", t.as_str()]));
    }
    add_theme_words(&mut d, f, &p.themes, &p.techniques);
    d.add_i64(f.date, day_number(&p.updated_at));
    d
}

/// Theme and technique labels are searchable words too ("schulden" finds a practice tagged so).
fn add_theme_words(d: &mut TantivyDocument, f: &Fields, themes: &[String], techniques: &[String]) {
    for key in themes {
        if let Some(t) = leerpunt_core::vocab::theme(key) {
            d.add_text(f.body_nl, t.nl);
            d.add_text(f.body_en, t.en);
        }
    }
    for key in techniques {
        if let Some(t) = leerpunt_core::vocab::technique(key) {
            d.add_text(f.body_nl, t.nl);
            d.add_text(f.body_en, t.en);
        }
    }
}

fn add_names(d: &mut TantivyDocument, f: &Fields, org: &Organisation) {
    d.add_text(f.names, &org.name);
    if let Some(en) = &org.name_en {
        d.add_text(f.names, en);
    }
    for alias in &org.aliases {
        d.add_text(f.names, alias);
    }
}

/// Builds the index document of an organisation; `practice_titles` says what it works on.
pub fn organisation_doc(
    f: &Fields,
    o: &Organisation,
    practice_titles: &[String],
) -> TantivyDocument {
    let mut d = TantivyDocument::default();
    d.add_text(f.key, doc_key(DocKind::Organisation, o.id));
    d.add_text(f.kind, DocKind::Organisation.key());
    d.add_i64(f.id, o.id);
    d.add_text(f.slug, &o.code);
    d.add_text(f.title_nl_display, &o.name);
    d.add_text(f.title_nl, &o.name);
    d.add_text(f.title_en_display, o.display_name(Lang::En));
    d.add_text(f.title_en, o.display_name(Lang::En));
    add_names(&mut d, f, o);
    d.add_text(f.names, &o.code);
    let (nl, en) = kind_words(o.kind);
    d.add_text(f.lead_nl, nl);
    d.add_text(f.lead_en, en);
    d.add_text(f.body_nl, practice_titles.join("\n"));
    add_org_facets(&mut d, f, o);
    d.add_i64(f.date, 0);
    d
}

/// The organisation a document belongs to: its code and name (stored), kind and province (facets).
fn add_org_facets(d: &mut TantivyDocument, f: &Fields, o: &Organisation) {
    d.add_text(f.org, &o.code);
    d.add_text(f.org_name, &o.name);
    d.add_facet(f.facets, Facet::from_path(["org_kind", o.kind.key()]));
    if let Some(pv) = &o.province {
        d.add_facet(f.facets, Facet::from_path(["province", pv.as_str()]));
    }
}

/// Words for a kind of organisation, so "waterschap" or "water board" finds them.
fn kind_words(kind: OrgKind) -> (&'static str, &'static str) {
    match kind {
        OrgKind::Ministry => ("ministerie", "ministry"),
        OrgKind::Province => ("provincie", "province"),
        OrgKind::Municipality => ("gemeente", "municipality"),
        OrgKind::WaterBoard => ("waterschap", "water board"),
        OrgKind::Agency => ("uitvoeringsorganisatie agentschap", "agency"),
        OrgKind::EnvironmentalService => ("omgevingsdienst", "environmental service"),
        OrgKind::SafetyRegion => ("veiligheidsregio", "safety region"),
        OrgKind::Other => ("organisatie", "organisation"),
    }
}

/// Builds the index document of a person (only people who consented to a public profile).
pub fn person_doc(f: &Fields, p: &Person, org: Option<&Organisation>) -> TantivyDocument {
    let mut d = TantivyDocument::default();
    d.add_text(f.key, doc_key(DocKind::Person, p.id));
    d.add_text(f.kind, DocKind::Person.key());
    d.add_i64(f.id, p.id);
    d.add_text(f.slug, p.id.to_string());
    d.add_text(f.title_nl_display, &p.name);
    d.add_text(f.names, &p.name);
    d.add_text(f.subtitle, &p.role);
    let about = format!("{}\n{}", p.role, p.expertise.join(", "));
    d.add_text(f.lead_nl, &about);
    d.add_text(f.lead_en, &about);
    if let Some(o) = org {
        add_names(&mut d, f, o);
        add_org_facets(&mut d, f, o);
    }
    d.add_i64(f.date, 0);
    d
}
