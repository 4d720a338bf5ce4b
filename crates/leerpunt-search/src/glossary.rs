//! The bilingual glossary: domain terms in Dutch and English, used to carry a question across languages.
//!
//! A question's words are compared with every wording of every term after folding and stemming; a
//! match adds the term's other wordings (above all those in the other language) to the query.

use serde::Deserialize;
use tantivy::tokenizer::{
    AsciiFoldingFilter, Language, LowerCaser, SimpleTokenizer, Stemmer, TextAnalyzer,
};

use crate::analysis::{self, AnalyzedToken};

/// The glossary shipped with Leerpunt.
pub const GLOSSARY_TOML: &str = include_str!("../glossary.toml");

/// One term as written in the glossary file.
#[derive(Debug, Clone, Deserialize, serde::Serialize, PartialEq, Eq)]
pub struct Term {
    pub nl: Vec<String>,
    pub en: Vec<String>,
    #[serde(default)]
    pub about_nl: Option<String>,
    #[serde(default)]
    pub about_en: Option<String>,
}

impl Term {
    /// The term's key: the slug of its first Dutch wording ("impact assessment" →
    /// `impact-assessment`). The glossary page gives each term the anchor `term-{key}`, and the
    /// step plan links to terms by key.
    pub fn key(&self) -> String {
        self.nl
            .first()
            .map(|w| leerpunt_core::text::slugify(w))
            .unwrap_or_default()
    }
}

#[derive(Debug, Deserialize)]
struct File {
    term: Vec<Term>,
}

/// A wording of a term, ready for matching: its stemmed words in its own language.
#[derive(Debug, Clone)]
struct Wording {
    lang: Lang,
    keys: Vec<String>,
}

/// The two languages of the glossary.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Lang {
    Nl,
    En,
}

/// The glossary, with every wording prepared for matching.
#[derive(Debug, Clone)]
pub struct Glossary {
    terms: Vec<Term>,
    wordings: Vec<Vec<Wording>>,
}

/// Where a glossary term occurs in a question.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GlossaryMatch {
    /// Index of the term in [`Glossary::terms`].
    pub term: usize,
    /// Word positions of the question the match covers (first..=last).
    pub first: usize,
    pub last: usize,
    /// The language of the wording that matched.
    pub lang: Lang,
}

impl Glossary {
    /// The glossary shipped with Leerpunt.
    pub fn builtin() -> Result<Self, String> {
        Self::parse(GLOSSARY_TOML)
    }

    /// Parses a glossary file.
    pub fn parse(toml_text: &str) -> Result<Self, String> {
        let file: File = toml::from_str(toml_text).map_err(|e| format!("glossary: {e}"))?;
        let mut keys = KeyAnalyzers::new();
        let wordings = file
            .term
            .iter()
            .map(|t| {
                let mut out = Vec::new();
                for (lang, wordings) in [(Lang::Nl, &t.nl), (Lang::En, &t.en)] {
                    for w in wordings {
                        let keys: Vec<String> =
                            keys.keys(lang, w).into_iter().map(|k| k.term).collect();
                        if !keys.is_empty() {
                            out.push(Wording { lang, keys });
                        }
                    }
                }
                out
            })
            .collect();
        Ok(Self {
            terms: file.term,
            wordings,
        })
    }

    pub fn terms(&self) -> &[Term] {
        &self.terms
    }

    /// The term with this key (see [`Term::key`]).
    pub fn term(&self, key: &str) -> Option<&Term> {
        self.terms.iter().find(|t| t.key() == key)
    }

    /// The glossary terms a question mentions: longest wordings first, never overlapping.
    pub fn find(&self, question: &str) -> Vec<GlossaryMatch> {
        let mut keys = KeyAnalyzers::new();
        let nl = keys.keys(Lang::Nl, question);
        let en = keys.keys(Lang::En, question);
        let mut candidates: Vec<GlossaryMatch> = Vec::new();
        for (ti, wordings) in self.wordings.iter().enumerate() {
            for w in wordings {
                let tokens = if w.lang == Lang::Nl { &nl } else { &en };
                for (first, last) in occurrences(tokens, &w.keys) {
                    candidates.push(GlossaryMatch {
                        term: ti,
                        first,
                        last,
                        lang: w.lang,
                    });
                }
            }
        }
        // Longest span first; among equals, the earlier term of the file.
        candidates.sort_by_key(|m| (std::cmp::Reverse(m.last - m.first), m.first, m.term));
        let mut taken: Vec<GlossaryMatch> = Vec::new();
        for m in candidates {
            let overlaps = taken.iter().any(|t| m.first <= t.last && t.first <= m.last);
            if !overlaps {
                taken.push(m);
            }
        }
        taken.sort_by_key(|m| m.first);
        taken
    }
}

/// Finds `needle` as a run of consecutive word positions in `tokens`.
fn occurrences(tokens: &[AnalyzedToken], needle: &[String]) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    if needle.is_empty() || tokens.len() < needle.len() {
        return out;
    }
    for start in 0..=tokens.len() - needle.len() {
        let window = &tokens[start..start + needle.len()];
        if window.iter().zip(needle).all(|(t, n)| &t.term == n) {
            out.push((window[0].position, window[needle.len() - 1].position));
        }
    }
    out
}

/// Analyzers that reduce words to matching keys: folded, stemmed, no stop words, no compounds split.
struct KeyAnalyzers {
    nl: TextAnalyzer,
    en: TextAnalyzer,
}

impl KeyAnalyzers {
    fn new() -> Self {
        let build = |lang: Language| {
            TextAnalyzer::builder(SimpleTokenizer::default())
                .filter(LowerCaser)
                .filter(AsciiFoldingFilter)
                .filter(Stemmer::new(lang))
                .build()
        };
        Self {
            nl: build(Language::Dutch),
            en: build(Language::English),
        }
    }

    fn keys(&mut self, lang: Lang, text: &str) -> Vec<AnalyzedToken> {
        let a = match lang {
            Lang::Nl => &mut self.nl,
            Lang::En => &mut self.en,
        };
        analysis::terms(a, text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_glossary_parses_and_every_term_has_both_languages() {
        let g = Glossary::builtin().expect("glossary parses");
        assert!(g.terms().len() > 100, "{}", g.terms().len());
        for t in g.terms() {
            assert!(!t.nl.is_empty() && !t.en.is_empty(), "{t:?}");
        }
    }

    #[test]
    fn every_term_has_a_unique_key() {
        let g = Glossary::builtin().expect("glossary parses");
        let mut keys = std::collections::HashSet::new();
        for t in g.terms() {
            let key = t.key();
            assert!(leerpunt_core::text::is_slug(&key), "{t:?}");
            assert!(keys.insert(key.clone()), "two terms have the key {key}");
        }
        let term = g.term("impact-assessment").expect("a known key");
        assert_eq!(term.nl[0], "impact assessment");
        assert!(g.term("onbekend-begrip").is_none());
    }

    #[test]
    fn finds_terms_in_either_language_longest_first() {
        let g = Glossary::parse(
            r#"
            [[term]]
            nl = ["gegevens"]
            en = ["data"]
            [[term]]
            nl = ["persoonsgegevens"]
            en = ["personal data"]
            [[term]]
            nl = ["betalingsachterstand"]
            en = ["payment arrears"]
            "#,
        )
        .expect("parses");
        let m = g.find("Removing personal data from documents");
        assert_eq!(m.len(), 1);
        assert_eq!((m[0].term, m[0].first, m[0].last), (1, 1, 2));
        let m = g.find("Hoe signaleren we Betalingsachterstanden?");
        assert_eq!(m.len(), 1);
        assert_eq!((m[0].term, m[0].lang), (2, Lang::Nl));
        assert!(g.find("niets hiervan").is_empty());
    }
}
