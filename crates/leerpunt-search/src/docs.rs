//! What gets indexed: practices, organisations, people and the living network (help-desk
//! questions, FAQ entries, discussion topics, communities) turned into index documents.
//!
//! The search crate is the only one that knows tantivy; this module is where domain types meet it.

use leerpunt_core::helpdesk::FaqEntry;
use leerpunt_core::{markdown, Lang, OrgKind, Organisation, Person, Practice, PracticeText};
use leerpunt_store::{SearchCommunity, SearchQuestion, SearchTopic};
use tantivy::schema::Facet;
use tantivy::TantivyDocument;

use crate::schema::Fields;

/// The kinds of things the index holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum DocKind {
    Practice,
    Organisation,
    Person,
    /// A public help-desk question with its answers.
    Question,
    /// A FAQ entry (bilingual).
    Faq,
    /// A discussion topic with its posts.
    Topic,
    Community,
}

impl DocKind {
    pub const ALL: &'static [DocKind] = &[
        DocKind::Practice,
        DocKind::Organisation,
        DocKind::Person,
        DocKind::Question,
        DocKind::Faq,
        DocKind::Topic,
        DocKind::Community,
    ];

    pub fn key(self) -> &'static str {
        match self {
            DocKind::Practice => "practice",
            DocKind::Organisation => "organisation",
            DocKind::Person => "person",
            DocKind::Question => "question",
            DocKind::Faq => "faq",
            DocKind::Topic => "topic",
            DocKind::Community => "community",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.iter().copied().find(|k| k.key() == s)
    }

    /// The public page of a document of this kind, from the `slug` and `id` it is stored with.
    pub fn path(self, slug: &str, id: i64) -> String {
        match self {
            DocKind::Practice => format!("/praktijken/{slug}"),
            DocKind::Organisation => format!("/organisaties/{slug}"),
            DocKind::Person => format!("/mensen/{id}"),
            DocKind::Question => format!("/helpdesk/vragen/{id}"),
            DocKind::Faq => format!("/faq/{id}"),
            DocKind::Topic => format!("/gemeenschappen/{slug}/onderwerpen/{id}"),
            DocKind::Community => format!("/gemeenschappen/{slug}"),
        }
    }
}

/// The facet every document carries with its kind (`/kind/faq`), counted as the `kind` facet.
pub const KIND_FACET: &str = "kind";
/// The facet of entries that can answer someone's question: FAQ entries, answered help-desk
/// questions and discussion topics (`/answers/yes`). Matchmaking filters on it; it is not counted.
pub const ANSWERS_FACET: &str = "answers";

fn start(f: &Fields, kind: DocKind, id: i64, slug: &str) -> TantivyDocument {
    let mut d = TantivyDocument::default();
    d.add_text(f.key, doc_key(kind, id));
    d.add_text(f.kind, kind.key());
    d.add_facet(f.facets, Facet::from_path([KIND_FACET, kind.key()]));
    d.add_i64(f.id, id);
    d.add_text(f.slug, slug);
    d
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
pub fn lead(t: &PracticeText) -> String {
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
    let mut d = start(f, DocKind::Practice, p.id, &p.slug);
    if let Some(sid) = &p.source_id {
        d.add_text(f.source_id, sid);
    }
    let texts = practice_texts(p);
    if let Some(nl) = texts.nl {
        d.add_text(f.title_nl_display, &nl.title);
        d.add_text(f.title_nl, &nl.title);
        d.add_text(f.lead_nl, lead(nl));
        d.add_text(f.like_nl, format!("{}\n{}", nl.title, lead(nl)));
        d.add_text(f.body_nl, body(nl));
    }
    if let Some(en) = texts.en {
        d.add_text(f.title_en_display, &en.title);
        d.add_text(f.title_en, &en.title);
        d.add_text(f.lead_en, lead(en));
        d.add_text(f.like_en, format!("{}\n{}", en.title, lead(en)));
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
    let lessons = [Some(&p.text), p.translation.as_ref()]
        .into_iter()
        .flatten()
        .any(|t| !t.lessons.trim().is_empty());
    if lessons {
        // Not a facet people filter by; matchmaking reads it off the hit.
        d.add_facet(f.facets, Facet::from_path(["lessons", "yes"]));
    }
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
    let mut d = start(f, DocKind::Organisation, o.id, &o.code);
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
    let mut d = start(f, DocKind::Person, p.id, &p.id.to_string());
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

/// The language of a text whose language is not recorded (discussion posts): Dutch unless English
/// function words clearly outnumber Dutch ones.
pub fn guess_lang(text: &str) -> Lang {
    const NL: &[&str] = &[
        "de", "het", "een", "en", "van", "is", "dat", "niet", "voor", "met", "wij", "we", "ik",
        "zijn", "op", "ook", "hoe", "wat", "er", "bij",
    ];
    const EN: &[&str] = &[
        "the", "a", "and", "of", "is", "that", "not", "for", "with", "we", "i", "are", "on",
        "also", "how", "what", "there", "to", "our", "this",
    ];
    let (mut nl, mut en) = (0usize, 0usize);
    for word in text
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .take(400)
    {
        let w = word.to_lowercase();
        nl += usize::from(NL.contains(&w.as_str()));
        en += usize::from(EN.contains(&w.as_str()));
    }
    if en > nl {
        Lang::En
    } else {
        Lang::Nl
    }
}

/// Adds a title, lead and body in one language's fields (the title is also stored for display).
fn add_text_in(
    d: &mut TantivyDocument,
    f: &Fields,
    lang: Lang,
    title: &str,
    lead: &str,
    body: &str,
) {
    let (display, title_f, lead_f, body_f) = match lang {
        Lang::Nl => (f.title_nl_display, f.title_nl, f.lead_nl, f.body_nl),
        Lang::En => (f.title_en_display, f.title_en, f.lead_en, f.body_en),
    };
    d.add_text(display, title);
    d.add_text(title_f, title);
    d.add_text(lead_f, lead);
    if !body.is_empty() {
        d.add_text(body_f, body);
    }
}

fn add_themes(d: &mut TantivyDocument, f: &Fields, themes: &[String]) {
    for t in themes {
        d.add_facet(f.facets, Facet::from_path(["theme", t.as_str()]));
    }
    add_theme_words(d, f, themes, &[]);
}

fn mark_answers(d: &mut TantivyDocument, f: &Fields) {
    d.add_facet(f.facets, Facet::from_path([ANSWERS_FACET, "yes"]));
}

/// Builds the index document of a public help-desk question: its title, its text as the lead,
/// its answers as the body, in the question's language.
pub fn question_doc(f: &Fields, q: &SearchQuestion) -> TantivyDocument {
    let mut d = start(f, DocKind::Question, q.id, &q.id.to_string());
    let answers: Vec<String> = q.answers.iter().map(|a| markdown::plain_text(a)).collect();
    add_text_in(
        &mut d,
        f,
        q.lang,
        &q.title,
        &markdown::plain_text(&q.body),
        &answers.join("\n"),
    );
    add_themes(&mut d, f, &q.themes);
    if q.answered {
        mark_answers(&mut d, f);
    }
    d.add_i64(f.date, day_number(&q.updated_at));
    d
}

/// Builds the index document of a FAQ entry: the question in each language as the title, the
/// answer as the lead — Dutch in the Dutch fields, English in the English ones.
pub fn faq_doc(f: &Fields, e: &FaqEntry) -> TantivyDocument {
    let mut d = start(f, DocKind::Faq, e.id, &e.id.to_string());
    for lang in [Lang::Nl, Lang::En] {
        add_text_in(
            &mut d,
            f,
            lang,
            e.question(lang),
            &markdown::plain_text(e.answer(lang)),
            "",
        );
    }
    add_themes(&mut d, f, std::slice::from_ref(&e.theme));
    mark_answers(&mut d, f);
    d.add_i64(f.date, day_number(&e.updated_at));
    d
}

/// Builds the index document of a discussion topic: its title, the opening post as the lead and
/// the replies as the body, in the language the posts seem to be written in.
pub fn topic_doc(f: &Fields, t: &SearchTopic) -> TantivyDocument {
    let mut d = start(f, DocKind::Topic, t.id, &t.community_slug);
    let mut posts = t.posts.iter().map(|p| markdown::plain_text(p));
    let opening = posts.next().unwrap_or_default();
    let replies: Vec<String> = posts.collect();
    let lang = guess_lang(&format!("{}\n{opening}", t.title));
    add_text_in(&mut d, f, lang, &t.title, &opening, &replies.join("\n"));
    add_themes(&mut d, f, &t.themes);
    mark_answers(&mut d, f);
    d.add_i64(f.date, day_number(&t.last_post_at));
    d
}

/// Builds the index document of a community: names as titles, descriptions as leads, in both
/// languages, and its themes.
pub fn community_doc(f: &Fields, c: &SearchCommunity) -> TantivyDocument {
    let mut d = start(f, DocKind::Community, c.id, &c.slug);
    add_text_in(&mut d, f, Lang::Nl, &c.name_nl, &c.description_nl, "");
    add_text_in(&mut d, f, Lang::En, &c.name_en, &c.description_en, "");
    add_themes(&mut d, f, &c.themes);
    d.add_i64(f.date, day_number(&c.updated_at));
    d
}
