//! The index schema: one document per practice, organisation, person, help-desk question, FAQ
//! entry, discussion topic or community, with per-language fields.
//!
//! Text is indexed twice where it matters: Dutch fields go through the Dutch analyzer, English
//! fields through the English one. A practice written in Dutch with an English translation fills
//! both. Facets and the fields a hit needs for display are stored alongside.

use tantivy::schema::{
    Field, IndexRecordOption, Schema, TextFieldIndexing, TextOptions, FAST, INDEXED, STORED, STRING,
};

use crate::analysis::{EN, NL, PLAIN};

/// Bumped whenever the schema or the analysis changes; an index of another version is rebuilt.
pub const SCHEMA_VERSION: u32 = 6;

/// The fields of the index, looked up once.
#[derive(Debug, Clone, Copy)]
pub struct Fields {
    /// `practice:12`: unique per document, used to replace or delete it.
    pub key: Field,
    /// `practice`, `organisation`, `person`, `question`, `faq`, `topic` or `community`.
    pub kind: Field,
    pub id: Field,
    pub slug: Field,
    pub source_id: Field,
    /// Display titles (stored only).
    pub title_nl_display: Field,
    pub title_en_display: Field,
    pub title_nl: Field,
    pub title_en: Field,
    /// Summary and purpose: the text that says what a practice is for.
    pub lead_nl: Field,
    pub lead_en: Field,
    /// The rest: description, data used, results, lessons.
    pub body_nl: Field,
    pub body_en: Field,
    /// A practice's title and lead again, in fields only practices have: "similar practices"
    /// weighs its terms by how rare they are among practices, whatever else the index holds.
    pub like_nl: Field,
    pub like_en: Field,
    /// Organisation names (owner and partners), codes and aliases.
    pub names: Field,
    /// `/kind/…` (every document), `/theme/…`, `/org_kind/…`, `/province/…`, `/status/…`,
    /// `/technique/…`, and `/answers/yes` on entries that can answer a question.
    pub facets: Field,
    /// Owner organisation code (stored; indexed to find an organisation's practices).
    pub org: Field,
    /// Owner organisation name (stored only).
    pub org_name: Field,
    /// A person's role (stored only).
    pub subtitle: Field,
    /// Day of the last change, as YYYYMMDD, for sorting by date.
    pub date: Field,
}

/// Builds the schema and returns it with its fields.
pub fn build() -> (Schema, Fields) {
    let mut s = Schema::builder();
    let text = |analyzer: &str, stored: bool| {
        let opts = TextOptions::default().set_indexing_options(
            TextFieldIndexing::default()
                .set_tokenizer(analyzer)
                .set_index_option(IndexRecordOption::WithFreqsAndPositions),
        );
        if stored {
            opts.set_stored()
        } else {
            opts
        }
    };
    let fields = Fields {
        key: s.add_text_field("key", STRING | STORED),
        kind: s.add_text_field("kind", STRING | STORED | FAST),
        id: s.add_i64_field("id", INDEXED | STORED | FAST),
        slug: s.add_text_field("slug", STORED),
        source_id: s.add_text_field("source_id", STORED),
        title_nl_display: s.add_text_field("title_nl_display", STORED),
        title_en_display: s.add_text_field("title_en_display", STORED),
        title_nl: s.add_text_field("title_nl", text(NL, false)),
        title_en: s.add_text_field("title_en", text(EN, false)),
        lead_nl: s.add_text_field("lead_nl", text(NL, true)),
        lead_en: s.add_text_field("lead_en", text(EN, true)),
        body_nl: s.add_text_field("body_nl", text(NL, false)),
        body_en: s.add_text_field("body_en", text(EN, false)),
        like_nl: s.add_text_field("like_nl", text(NL, false)),
        like_en: s.add_text_field("like_en", text(EN, false)),
        names: s.add_text_field("names", text(PLAIN, false)),
        facets: s.add_facet_field(
            "facets",
            tantivy::schema::FacetOptions::default().set_stored(),
        ),
        org: s.add_text_field("org", STRING | STORED),
        org_name: s.add_text_field("org_name", STORED),
        subtitle: s.add_text_field("subtitle", STORED),
        date: s.add_i64_field("date", INDEXED | STORED | FAST),
    };
    (s.build(), fields)
}
