//! "Who does similar work": the practices nearest to a practice, by the terms that characterise it.
//!
//! A practice's title and lead are reduced to their most telling terms (tf-idf, a "more like this"
//! query) and searched; scores are divided by the practice's score against itself, so a similarity
//! is a number between 0 and 1 that means the same for every practice.

use std::collections::HashSet;

use leerpunt_core::{Lang, Practice};
use tantivy::collector::TopDocs;
use tantivy::query::{BooleanQuery, MoreLikeThisQuery, Occur, Query, QueryClone, TermQuery};
use tantivy::schema::{Field, IndexRecordOption, OwnedValue, Value};
use tantivy::{TantivyDocument, Term};

use crate::docs::{doc_key, lead, practice_texts, DocKind};
use crate::index::SearchIndex;
use crate::SearchError;

/// From this similarity on, a practice of another organisation is "very similar": the same work
/// started elsewhere, worth an alert to both organisations' editors and the themes' followers.
/// Chosen from the distribution of best cross-organisation similarities over the demo data and
/// the Algorithm Register (see ARCHITECTURE.md, "Others started the same work").
pub const VERY_SIMILAR: f32 = 0.5;

/// How many shared words an explanation lists at most.
const SHARED_TERMS: usize = 8;

/// A practice near another one.
#[derive(Debug, Clone, PartialEq)]
pub struct Neighbour {
    pub id: i64,
    pub slug: String,
    /// The owner organisation's code.
    pub org: String,
    /// Score relative to the practice's score against itself (0..=1, higher is closer).
    pub similarity: f32,
}

impl SearchIndex {
    fn more_like(&self, p: &Practice) -> Option<MoreLikeThisQuery> {
        let f = &self.fields;
        let texts = practice_texts(p);
        let mut fields: Vec<(Field, Vec<OwnedValue>)> = Vec::new();
        if let Some(nl) = texts.nl {
            fields.push((
                f.like_nl,
                vec![OwnedValue::Str(format!("{}\n{}", nl.title, lead(nl)))],
            ));
        }
        if let Some(en) = texts.en {
            fields.push((
                f.like_en,
                vec![OwnedValue::Str(format!("{}\n{}", en.title, lead(en)))],
            ));
        }
        if fields.is_empty() {
            return None;
        }
        // Rarity among practices: only practices have these fields.
        let searcher = self.reader.searcher();
        let practices = searcher
            .doc_freq(&Term::from_field_text(f.kind, DocKind::Practice.key()))
            .unwrap_or(0)
            .max(1);
        Some(
            MoreLikeThisQuery::builder()
                .with_min_doc_frequency(2)
                .with_max_doc_frequency((practices / 5).max(2))
                .with_min_term_frequency(1)
                .with_max_query_terms(25)
                .with_min_word_length(3)
                .with_boost_factor(1.0)
                .with_document_fields(fields),
        )
    }

    /// The practices most similar to `p` (not `p` itself), best first; with `other_orgs_only`,
    /// only practices of other organisations.
    pub fn similar_practices(
        &self,
        p: &Practice,
        limit: usize,
        other_orgs_only: bool,
    ) -> Result<Vec<Neighbour>, SearchError> {
        let Some(mlt) = self.more_like(p) else {
            return Ok(Vec::new());
        };
        let f = &self.fields;
        let searcher = self.reader.searcher();
        let key = Term::from_field_text(f.key, &doc_key(DocKind::Practice, p.id));
        let kind = Term::from_field_text(f.kind, DocKind::Practice.key());

        let only_self = BooleanQuery::new(vec![
            (Occur::Must, mlt.box_clone()),
            (Occur::Must, term(key.clone())),
        ]);
        let self_score = searcher
            .search(&only_self, &TopDocs::with_limit(1))?
            .first()
            .map_or(0.0, |(s, _)| *s);

        let mut clauses: Vec<(Occur, Box<dyn Query>)> = vec![
            (Occur::Must, Box::new(mlt)),
            (Occur::Must, term(kind)),
            (Occur::MustNot, term(key)),
        ];
        if other_orgs_only {
            clauses.push((
                Occur::MustNot,
                term(Term::from_field_text(f.org, &p.owner.code)),
            ));
        }
        let top = searcher.search(&BooleanQuery::new(clauses), &TopDocs::with_limit(limit))?;
        let mut out = Vec::with_capacity(top.len());
        for (score, address) in top {
            let doc: TantivyDocument = searcher.doc(address)?;
            let text = |field: Field| {
                doc.get_first(field)
                    .and_then(|v| v.as_str())
                    .unwrap_or_default()
                    .to_owned()
            };
            let similarity = if self_score > 0.0 {
                (score / self_score).min(1.0)
            } else {
                0.0
            };
            out.push(Neighbour {
                id: doc.get_first(f.id).and_then(|v| v.as_i64()).unwrap_or(0),
                slug: text(f.slug),
                org: text(f.org),
                similarity,
            });
        }
        Ok(out)
    }
}

impl SearchIndex {
    /// The words of `a`'s title and lead (as `a` writes them, lowercased) that `b`'s title and
    /// lead share after analysis (stemming, compounds, both languages): why two practices look
    /// alike. Stop words and words under four letters are left out; at most eight, in `a`'s order.
    pub fn shared_terms(&self, a: &Practice, b: &Practice) -> Vec<String> {
        let mut nl = self.dutch();
        let mut en = crate::analysis::english();
        let texts = |p: &Practice| -> Vec<(Lang, String)> {
            let t = practice_texts(p);
            let mut out = Vec::new();
            if let Some(x) = t.nl {
                out.push((Lang::Nl, format!("{}\n{}", x.title, lead(x))));
            }
            if let Some(x) = t.en {
                out.push((Lang::En, format!("{}\n{}", x.title, lead(x))));
            }
            out
        };
        let mut theirs: HashSet<String> = HashSet::new();
        for (lang, text) in texts(b) {
            let analyzer = if lang == Lang::Nl { &mut nl } else { &mut en };
            theirs.extend(
                crate::analysis::terms(analyzer, &text)
                    .into_iter()
                    .map(|t| t.term),
            );
        }
        let mut out: Vec<String> = Vec::new();
        for (lang, text) in texts(a) {
            let analyzer = if lang == Lang::Nl { &mut nl } else { &mut en };
            for word in text.split(|c: char| !c.is_alphanumeric()) {
                if word.chars().count() < 4 || out.len() >= SHARED_TERMS {
                    continue;
                }
                let word = word.to_lowercase();
                if out.contains(&word) {
                    continue;
                }
                // The whole word's term comes first; compound parts do not count as shared.
                let first = crate::analysis::terms(analyzer, &word).into_iter().next();
                if first.is_some_and(|t| theirs.contains(&t.term)) {
                    out.push(word);
                }
            }
        }
        out
    }
}

fn term(t: Term) -> Box<dyn Query> {
    Box::new(TermQuery::new(t, IndexRecordOption::WithFreqs))
}
