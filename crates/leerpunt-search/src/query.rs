//! From a question to ranked hits: concepts, cross-language forms, BM25 per field, facets, snippets.
//!
//! A question is cut into *concepts*: each content word, or a run of words the glossary knows
//! ("payment arrears"). A concept can be found in several *forms*: its own words analysed as Dutch
//! and as English, the glossary's wordings in the other language, and — for a word the index has
//! never seen — its near spellings. A document scores, per concept, the best of its forms (BM25 over
//! title, lead and body with field weights), and the concept scores add up. So a question in
//! English finds Dutch practices, a long question is not dominated by one word with many synonyms,
//! and a misspelt word still finds something.

use std::collections::{BTreeMap, HashSet};
use std::time::Instant;

use leerpunt_core::snippet::Snippet;
use leerpunt_core::Lang;
use tantivy::collector::{Count, FacetCollector, TopDocs};
use tantivy::query::{
    AllQuery, BooleanQuery, BoostQuery, DisjunctionMaxQuery, FuzzyTermQuery, Occur, Query,
    TermQuery,
};
use tantivy::schema::{Facet, Field, IndexRecordOption, Value};
use tantivy::snippet::SnippetGenerator;
use tantivy::tokenizer::TextAnalyzer;
use tantivy::{DocAddress, Order, Searcher, TantivyDocument, Term};

use crate::analysis::{self, AnalyzedToken};
use crate::docs::DocKind;
use crate::glossary::{self, GlossaryMatch};
use crate::index::SearchIndex;
use crate::SearchError;

/// The longest question accepted, in characters.
pub const MAX_QUERY_CHARS: usize = 1_000;
/// The most hits one request may ask for.
pub const MAX_LIMIT: usize = 100;
/// How deep one may page.
pub const MAX_OFFSET: usize = 10_000;

const FIELD_TITLE: f32 = 2.5;
const FIELD_LEAD: f32 = 1.2;
const FIELD_BODY: f32 = 0.6;
const FIELD_NAMES: f32 = 0.6;
/// Compound parts count for less than the whole word.
const PART_WEIGHT: f32 = 0.5;
/// A glossary wording in the other language, and a synonym in the same language.
const TRANSLATION_WEIGHT: f32 = 0.9;
const SYNONYM_WEIGHT: f32 = 0.6;
/// Near spellings of a word the index does not know.
const FUZZY_WEIGHT: f32 = 0.5;
/// How much the second-best form of a concept adds.
const TIE_BREAKER: f32 = 0.15;
/// How many practices each ranking (words, meaning) hands to the fusion.
const FUSE_DEPTH: usize = 100;
/// The meaning ranking's share of the fused score (on the repository's development set, nDCG@10
/// runs 0.700 / 0.724 / 0.708 / 0.693 for 0.5 / 0.6 / 0.7 / 0.8; meaning alone 0.613, words
/// alone 0.564).
const MEANING_WEIGHT: f32 = 0.6;
/// A concept found in more than this share of the documents is *common*: common ones only add to
/// the score of documents a rarer concept found (when every concept is common, the least common
/// one gates alone).
const COMMON_SHARE: f64 = 0.10;
/// Below this many documents every concept may find documents on its own.
const COMMON_MIN_DOCS: u64 = 10_000;

/// The facets the index counts and filters on (`kind` is counted; it is filtered by
/// [`SearchRequest::kind`]).
pub const FACETS: &[&str] = &[
    "kind",
    "theme",
    "org_kind",
    "province",
    "status",
    "technique",
];

/// How to order hits.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Sort {
    #[default]
    Relevance,
    Date,
}

/// A search: the question, what to look for, filters and paging.
#[derive(Debug, Clone, Default)]
pub struct SearchRequest {
    pub q: String,
    pub kind: Option<DocKind>,
    /// Facet filters: facet name → accepted values (any of them).
    pub filters: BTreeMap<String, Vec<String>>,
    pub sort: Sort,
    pub limit: usize,
    pub offset: usize,
    /// The language titles and snippets are shown in.
    pub lang: Option<Lang>,
    /// Leave these documents out (e.g. the practice whose neighbours are asked for).
    pub exclude: Vec<(DocKind, i64)>,
    /// Skip counting facets (callers that do not show them).
    pub no_facets: bool,
    /// Only the first this many hits get a highlighted snippet and their matched words (`None`:
    /// all); the others show the start of their lead.
    pub detail: Option<usize>,
    /// Work out which words of the question each detailed hit shares (matchmaking's reasons).
    /// Analysing the hits' texts for that is most of a search's time, so lists skip it.
    pub matched_words: bool,
}

/// One result.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Hit {
    pub kind: DocKind,
    pub id: i64,
    pub slug: String,
    pub title: String,
    pub source_id: Option<String>,
    pub score: f32,
    /// An excerpt of the lead text with the matched words as highlight ranges.
    pub snippet: Snippet,
    /// Owner organisation code (practices, people) or own code (organisations).
    pub org: Option<String>,
    /// The public page of the hit (`/praktijken/…`, `/faq/3`, `/gemeenschappen/…`).
    pub path: String,
    #[serde(skip)]
    pub org_name: Option<String>,
    /// A person's role.
    #[serde(skip)]
    pub subtitle: Option<String>,
    /// The facet values of the document, as `theme/schulden`, `kind/municipality`, ….
    pub facets: Vec<String>,
    /// The words of the question this hit matched, as the asker wrote them.
    pub matched: Vec<String>,
    /// How much of the question the hit's title and lead cover: the matched concepts' share of
    /// the question's weight, each concept weighted by its rarity (`ln(1 + N/df)`; a word the
    /// index has never seen weighs most). 0–1; 0 when not computed (`matched_words` off).
    #[serde(skip)]
    pub coverage: f32,
    /// The words of the question this hit did not match (when `matched_words` is on).
    #[serde(skip)]
    pub missed: Vec<String>,
    /// (the question's words, the glossary wording the hit matched instead) for every concept
    /// the hit matched only through another wording, as "fraud" through "fraude".
    #[serde(skip)]
    pub rephrased: Vec<(String, String)>,
    /// How much closer in meaning to the question the hit is than the average practice: its
    /// cosine with the question minus the question's mean cosine with all practices (see
    /// [`crate::dense::Nearest::mean`]), when the search went by meaning too.
    #[serde(skip)]
    pub closeness: Option<f32>,
}

/// Counts of one facet's values among all matches.
#[derive(Debug, Clone, serde::Serialize, PartialEq, Eq)]
pub struct FacetCount {
    pub value: String,
    pub count: u64,
}

/// A page of results.
#[derive(Debug, Clone, Default, serde::Serialize)]
pub struct SearchResults {
    pub hits: Vec<Hit>,
    pub total: usize,
    pub facets: BTreeMap<String, Vec<FacetCount>>,
    pub took_ms: f64,
}

/// One concept of a question and the ways it can be found.
#[derive(Debug, Clone)]
struct Concept {
    /// The question's words, as typed.
    label: String,
    forms: Vec<Form>,
    /// A stop word of one of the two languages (kept by the other language's analysis, as
    /// "het" by the English one): it carries no topic, so it does not count towards coverage.
    stop: bool,
}

impl Concept {
    /// How many documents the concept finds by its own words (the most frequent of them); for a
    /// word the index lacks, as in a question in the other language, by its translations instead.
    /// 0 when neither occurs (an unknown word).
    fn doc_freq(&self, index: &SearchIndex, searcher: &Searcher) -> u64 {
        let mut forms = self.forms.iter();
        let literal = forms
            .next()
            .map_or(0, |f| form_doc_freq(f, index, searcher));
        if literal > 0 {
            return literal;
        }
        forms
            .filter(|f| f.weight >= TRANSLATION_WEIGHT)
            .map(|f| form_doc_freq(f, index, searcher))
            .max()
            .unwrap_or(0)
    }
}

/// The document frequency of a form's most frequent whole word.
fn form_doc_freq(form: &Form, index: &SearchIndex, searcher: &Searcher) -> u64 {
    let f = &index.fields;
    let whole = form_whole_weight(form);
    let mut most = 0;
    for (t, _) in form.nl.iter().filter(|(_, w)| *w >= whole) {
        for field in [f.title_nl, f.lead_nl, f.body_nl] {
            most = most.max(doc_freq(searcher, field, t));
        }
    }
    for (t, _) in &form.en {
        for field in [f.title_en, f.lead_en, f.body_en] {
            most = most.max(doc_freq(searcher, field, t));
        }
    }
    most
}

/// The weight of a form's whole words (compound parts weigh less).
fn form_whole_weight(form: &Form) -> f32 {
    form.nl.iter().map(|(_, w)| *w).fold(0.0, f32::max)
}

#[derive(Debug, Clone)]
struct Form {
    weight: f32,
    /// (term, weight) pairs searched in the Dutch fields.
    nl: Vec<(String, f32)>,
    en: Vec<(String, f32)>,
    names: Vec<String>,
    /// Near spellings: (term, edit distance) in the Dutch and English fields.
    fuzzy: Vec<(String, u8)>,
    /// The glossary's wording this form searches for (a synonym or translation of the
    /// question's words), to name it in the reasons.
    wording: Option<String>,
}

impl Form {
    fn new(weight: f32) -> Self {
        Self {
            weight,
            nl: Vec::new(),
            en: Vec::new(),
            names: Vec::new(),
            fuzzy: Vec::new(),
            wording: None,
        }
    }

    fn terms(&self) -> impl Iterator<Item = &str> {
        self.nl
            .iter()
            .chain(&self.en)
            .map(|(t, _)| t.as_str())
            .chain(self.names.iter().map(String::as_str))
    }
}

/// The analyzers a query needs, made once per query.
struct Analyzers {
    nl: TextAnalyzer,
    en: TextAnalyzer,
    plain: TextAnalyzer,
}

impl SearchIndex {
    fn analyzers(&self) -> Analyzers {
        Analyzers {
            nl: self.dutch(),
            en: analysis::english(),
            plain: analysis::plain(),
        }
    }

    /// Turns a question into its concepts.
    fn concepts(&self, searcher: &Searcher, q: &str) -> Vec<Concept> {
        let mut a = self.analyzers();
        let nl = group_by_position(analysis::terms(&mut a.nl, q));
        let en = group_by_position(analysis::terms(&mut a.en, q));
        let plain_tokens = analysis::terms(&mut a.plain, q);
        let words: BTreeMap<usize, (usize, usize)> = plain_tokens
            .iter()
            .map(|t| (t.position, (t.from, t.to)))
            .collect();
        let plain = group_by_position(plain_tokens);
        let matches = self.glossary.find(q);
        let covered = |p: usize| matches.iter().find(|m| m.first <= p && p <= m.last);

        let mut positions: Vec<usize> = nl.keys().chain(en.keys()).copied().collect();
        positions.sort_unstable();
        positions.dedup();

        let mut concepts = Vec::new();
        let mut done_matches: HashSet<usize> = HashSet::new();
        for p in positions {
            let m = covered(p);
            let span: Vec<usize> = match m {
                Some(m) => {
                    if !done_matches.insert(m.term * 10_000 + m.first) {
                        continue;
                    }
                    (m.first..=m.last).collect()
                }
                None => vec![p],
            };
            let mut literal = Form::new(1.0);
            for sp in &span {
                if let Some(ts) = nl.get(sp) {
                    push_whole_and_parts(&mut literal.nl, ts, 1.0);
                }
                if let Some(ts) = en.get(sp) {
                    literal.en.extend(ts.iter().map(|t| (t.clone(), 1.0)));
                }
                if let Some(ts) = plain.get(sp) {
                    literal.names.extend(ts.iter().cloned());
                }
            }
            let label = span
                .iter()
                .filter_map(|sp| words.get(sp))
                .filter_map(|(from, to)| q.get(*from..*to))
                .collect::<Vec<_>>()
                .join(" ");
            let mut forms = vec![literal];
            if let Some(m) = m {
                forms.extend(self.glossary_forms(&mut a, m));
            } else if let Some(fuzzy) = self.fuzzy_form(searcher, &forms[0], &label) {
                forms.push(fuzzy);
            }
            let stop = m.is_none() && (!nl.contains_key(&p) || !en.contains_key(&p));
            concepts.push(Concept { label, forms, stop });
        }
        concepts
    }

    /// The glossary's other wordings of a matched term, each as a form.
    fn glossary_forms(&self, a: &mut Analyzers, m: &GlossaryMatch) -> Vec<Form> {
        let Some(term) = self.glossary.terms().get(m.term) else {
            return Vec::new();
        };
        let mut forms = Vec::new();
        let weight = |lang: glossary::Lang| {
            if lang == m.lang {
                SYNONYM_WEIGHT
            } else {
                TRANSLATION_WEIGHT
            }
        };
        for wording in &term.nl {
            let groups = group_by_position(analysis::terms(&mut a.nl, wording));
            if groups.is_empty() {
                continue;
            }
            let mut f = Form::new(weight(glossary::Lang::Nl));
            f.wording = Some(wording.clone());
            let share = 1.0 / groups.len() as f32;
            for ts in groups.values() {
                push_whole_and_parts(&mut f.nl, ts, share);
            }
            forms.push(f);
        }
        for wording in &term.en {
            let groups = group_by_position(analysis::terms(&mut a.en, wording));
            if groups.is_empty() {
                continue;
            }
            let mut f = Form::new(weight(glossary::Lang::En));
            f.wording = Some(wording.clone());
            let share = 1.0 / groups.len() as f32;
            for ts in groups.values() {
                f.en.extend(ts.iter().map(|t| (t.clone(), share)));
            }
            forms.push(f);
        }
        forms
    }

    /// Near spellings for a single word the index has never seen.
    fn fuzzy_form(&self, searcher: &Searcher, literal: &Form, label: &str) -> Option<Form> {
        if label.chars().count() < 5 || label.contains(' ') {
            return None;
        }
        let f = &self.fields;
        let known = literal.nl.iter().any(|(t, _)| {
            [f.title_nl, f.lead_nl, f.body_nl]
                .iter()
                .any(|field| doc_freq(searcher, *field, t) > 0)
        }) || literal.en.iter().any(|(t, _)| {
            [f.title_en, f.lead_en, f.body_en]
                .iter()
                .any(|field| doc_freq(searcher, *field, t) > 0)
        });
        if known {
            return None;
        }
        let (whole, _) = literal.nl.first()?;
        let distance = if whole.chars().count() >= 9 { 2 } else { 1 };
        let mut form = Form::new(FUZZY_WEIGHT);
        form.fuzzy.push((whole.clone(), distance));
        Some(form)
    }

    /// A concept's query: the best of its forms. `body`: also look in the body fields (the title
    /// and lead are always searched).
    fn concept_query(&self, c: &Concept, body: bool) -> Box<dyn Query> {
        let f = &self.fields;
        let forms: Vec<Box<dyn Query>> = c
            .forms
            .iter()
            .filter_map(|form| {
                let mut clauses: Vec<(Occur, Box<dyn Query>)> = Vec::new();
                let mut add = |field: Field, term: &str, w: f32| {
                    let q = TermQuery::new(
                        Term::from_field_text(field, term),
                        IndexRecordOption::WithFreqs,
                    );
                    clauses.push((Occur::Should, Box::new(BoostQuery::new(Box::new(q), w))));
                };
                for (t, w) in &form.nl {
                    add(f.title_nl, t, FIELD_TITLE * w);
                    add(f.lead_nl, t, FIELD_LEAD * w);
                    if body {
                        add(f.body_nl, t, FIELD_BODY * w);
                    }
                }
                for (t, w) in &form.en {
                    add(f.title_en, t, FIELD_TITLE * w);
                    add(f.lead_en, t, FIELD_LEAD * w);
                    if body {
                        add(f.body_en, t, FIELD_BODY * w);
                    }
                }
                for t in &form.names {
                    add(f.names, t, FIELD_NAMES);
                }
                for (t, d) in &form.fuzzy {
                    for (field, w) in [(f.title_nl, FIELD_TITLE), (f.lead_nl, FIELD_LEAD)] {
                        let q = FuzzyTermQuery::new(Term::from_field_text(field, t), *d, true);
                        clauses.push((Occur::Should, Box::new(BoostQuery::new(Box::new(q), w))));
                    }
                }
                if clauses.is_empty() {
                    return None;
                }
                let q: Box<dyn Query> = Box::new(BooleanQuery::new(clauses));
                Some(Box::new(BoostQuery::new(q, form.weight)) as Box<dyn Query>)
            })
            .collect();
        Box::new(DisjunctionMaxQuery::with_tie_breaker(forms, TIE_BREAKER))
    }

    /// The query for a question's concepts: each concept adds its score. When the index is large,
    /// documents must have at least one of the question's rare concepts (the least common one
    /// when all are common); the common ones only add to the score.
    fn question_query(&self, searcher: &Searcher, concepts: &[Concept]) -> Box<dyn Query> {
        let any = |cs: &[&Concept], body: bool| -> Box<dyn Query> {
            Box::new(BooleanQuery::new(
                cs.iter()
                    .map(|c| (Occur::Should, self.concept_query(c, body)))
                    .collect(),
            ))
        };
        let docs = searcher.num_docs();
        if docs < COMMON_MIN_DOCS {
            let all: Vec<&Concept> = concepts.iter().collect();
            return any(&all, true);
        }
        let dfs: Vec<u64> = concepts
            .iter()
            .map(|c| c.doc_freq(self, searcher))
            .collect();
        // Unknown words (df 0) never gate: they may be typos matched only by near spellings.
        // With no concept under the cut-off, the least common known one gates alone.
        let rarest = dfs.iter().copied().filter(|df| *df > 0).min().unwrap_or(0);
        let gate_above = ((docs as f64 * COMMON_SHARE) as u64).max(rarest);
        let (mut rare, mut common) = (Vec::new(), Vec::new());
        for (c, df) in concepts.iter().zip(dfs) {
            if df > 0 && df <= gate_above {
                // A rare compound's parts may be common words ("regel" in
                // "verkeersregelinstallatie"): they would find most documents while adding little
                // to any score, so they are left out.
                rare.push(self.without_common_parts(c, searcher, gate_above));
            } else {
                common.push(c);
            }
        }
        if rare.is_empty() {
            let all: Vec<&Concept> = concepts.iter().collect();
            return any(&all, true);
        }
        let rare: Vec<&Concept> = rare.iter().collect();
        if common.is_empty() {
            return any(&rare, true);
        }
        // Common concepts only refine the order of what rare ones found: their own words and
        // translations in titles and leads count; their same-language synonyms, near spellings
        // and the body fields (most of the postings of a common word) are left out.
        let lean: Vec<Concept> = common
            .iter()
            .map(|c| Concept {
                stop: c.stop,
                label: c.label.clone(),
                forms: c
                    .forms
                    .iter()
                    .filter(|f| f.weight >= TRANSLATION_WEIGHT)
                    .cloned()
                    .collect(),
            })
            .collect();
        let lean: Vec<&Concept> = lean.iter().collect();
        Box::new(BooleanQuery::new(vec![
            (Occur::Must, any(&rare, true)),
            (Occur::Should, any(&lean, false)),
        ]))
    }

    /// The concept without its common terms (found in more than `above` documents in a field):
    /// the compound parts of the words as typed, and every common term of their translations,
    /// synonyms and near spellings. The typed words themselves stay.
    fn without_common_parts(&self, c: &Concept, searcher: &Searcher, above: u64) -> Concept {
        let f = &self.fields;
        let common = |t: &str| {
            [f.title_nl, f.lead_nl, f.body_nl]
                .iter()
                .any(|field| doc_freq(searcher, *field, t) > above)
        };
        let common_en = |t: &str| {
            [f.title_en, f.lead_en, f.body_en]
                .iter()
                .any(|field| doc_freq(searcher, *field, t) > above)
        };
        let forms = c.forms.iter().map(|form| {
            let whole = form_whole_weight(form);
            // The words as typed and their translations keep their whole words.
            let kept = form.weight >= TRANSLATION_WEIGHT;
            let mut form = form.clone();
            form.nl.retain(|(t, w)| (kept && *w >= whole) || !common(t));
            if !kept {
                form.en.retain(|(t, _)| !common_en(t));
            }
            form
        });
        Concept {
            label: c.label.clone(),
            forms: forms.collect(),
            stop: c.stop,
        }
    }

    /// Runs a search.
    pub fn search(&self, req: &SearchRequest) -> Result<SearchResults, SearchError> {
        let started = Instant::now();
        let searcher = self.reader.searcher();
        let q = req.q.trim();
        let concepts = if q.is_empty() {
            Vec::new()
        } else {
            self.concepts(&searcher, q)
        };
        if !q.is_empty() && concepts.is_empty() {
            // Only stop words or punctuation: nothing to look for.
            return Ok(SearchResults {
                hits: Vec::new(),
                total: 0,
                facets: BTreeMap::new(),
                took_ms: elapsed_ms(started),
            });
        }
        let text_query: Box<dyn Query> = if concepts.is_empty() {
            Box::new(AllQuery)
        } else {
            self.question_query(&searcher, &concepts)
        };
        let query = self.filtered(text_query.box_clone(), req);

        let limit = req.limit.clamp(1, MAX_LIMIT);
        let offset = req.offset.min(MAX_OFFSET);
        let facet_collector = facet_collector(req);
        let sort_by_date = req.sort == Sort::Date || concepts.is_empty();
        let dense = self
            .dense()
            .filter(|_| !sort_by_date && req.kind == Some(DocKind::Practice));
        let (addresses, total, facet_counts, closeness) = if let Some(dense) = dense {
            self.fused(&searcher, &*query, req, &dense, (offset, limit))?
        } else if sort_by_date {
            let top = TopDocs::with_limit(limit)
                .and_offset(offset)
                .order_by_fast_field::<i64>("date", Order::Desc);
            let (top, total, facets) = searcher.search(&*query, &(top, Count, facet_collector))?;
            let scored: Vec<(f32, DocAddress)> = top.into_iter().map(|(_, a)| (0.0, a)).collect();
            (scored, total, vec![facets], Vec::new())
        } else {
            let top = TopDocs::with_limit(limit).and_offset(offset);
            let (top, total, facets) = searcher.search(&*query, &(top, Count, facet_collector))?;
            (top, total, vec![facets], Vec::new())
        };

        let mut facets = BTreeMap::new();
        for name in FACETS.iter().filter(|_| !req.no_facets) {
            let root = Facet::from_path([*name]).to_path_string();
            // Summed over the parts counted apart (a fused search's word matches and the
            // practices found by meaning alone).
            let mut summed: BTreeMap<String, u64> = BTreeMap::new();
            for part in &facet_counts {
                for (facet, count) in part.get(root.as_str()) {
                    let value = facet.to_path().last().map(|s| (*s).to_owned());
                    *summed.entry(value.unwrap_or_default()).or_default() += count;
                }
            }
            let mut counts: Vec<FacetCount> = summed
                .into_iter()
                .map(|(value, count)| FacetCount { value, count })
                .collect();
            counts.sort_by(|a, b| b.count.cmp(&a.count).then(a.value.cmp(&b.value)));
            facets.insert((*name).to_owned(), counts);
        }

        let lang = req.lang.unwrap_or(Lang::Nl);
        let snippets = if concepts.is_empty() {
            None
        } else {
            Some((
                SnippetGenerator::create(&searcher, &*text_query, self.fields.lead_nl)?,
                SnippetGenerator::create(&searcher, &*text_query, self.fields.lead_en)?,
            ))
        };
        let weights: Vec<f32> = if req.matched_words {
            let docs = searcher.num_docs().max(1) as f32;
            concepts
                .iter()
                .map(|c| {
                    if c.stop {
                        0.0
                    } else {
                        (1.0 + docs / c.doc_freq(self, &searcher).max(1) as f32).ln()
                    }
                })
                .collect()
        } else {
            Vec::new()
        };
        let mut hits = Vec::with_capacity(addresses.len());
        let mut term_sets = TermSets::new(self);
        let detailed = req.detail.unwrap_or(usize::MAX);
        for (i, (score, address)) in addresses.into_iter().enumerate() {
            let doc: TantivyDocument = searcher.doc(address)?;
            let detail = i < detailed;
            let matched_for: &[Concept] = if detail && req.matched_words {
                &concepts
            } else {
                &[]
            };
            let mut hit = self.hit(
                &doc,
                score,
                lang,
                snippets.as_ref().filter(|_| detail),
                (matched_for, &weights),
                &mut term_sets,
            );
            hit.closeness = closeness.get(i).copied();
            hits.push(hit);
        }
        Ok(SearchResults {
            hits,
            total,
            facets,
            took_ms: elapsed_ms(started),
        })
    }

    /// The practices ranked by words and by meaning together: the word ranking's first
    /// [`FUSE_DEPTH`] and the meaning ranking's first [`FUSE_DEPTH`] (those the request's filters
    /// let through), each scored `MEANING_WEIGHT · m + (1 − MEANING_WEIGHT) · w`, with `m` the
    /// cosine to the question scaled to 0–1 over the candidates and `w` the word score over the
    /// best word score (0 outside the word ranking's first). The total and the facet counts are
    /// the word matches' plus those of the practices found by meaning alone, so a facet's count
    /// is what clicking it finds.
    #[allow(clippy::type_complexity)]
    fn fused(
        &self,
        searcher: &Searcher,
        query: &dyn Query,
        req: &SearchRequest,
        dense: &crate::dense::Dense,
        (offset, limit): (usize, usize),
    ) -> Result<
        (
            Vec<(f32, DocAddress)>,
            usize,
            Vec<tantivy::collector::FacetCounts>,
            Vec<f32>,
        ),
        SearchError,
    > {
        let facets = facet_collector(req);
        let depth = FUSE_DEPTH.max(offset + limit);
        // The word search and the question's meaning (its embedding and the scan) side by side:
        // the one mostly computes, the other mostly reads memory.
        let (lexical, (question, near)) = rayon::join(
            || searcher.search(query, &(TopDocs::with_limit(depth), Count, facets)),
            || {
                let question = dense.meaning.question(req.q.trim());
                let set = dense.set.read().unwrap_or_else(|p| p.into_inner());
                let near = set.nearest(&question, depth);
                (question, near)
            },
        );
        let (lexical, total, facet_counts) = lexical?;
        let columns = searcher
            .segment_readers()
            .iter()
            .map(|r| r.fast_fields().i64("id"))
            .collect::<Result<Vec<_>, _>>()?;
        let id_of = |a: DocAddress| -> Result<i64, SearchError> {
            Ok(columns[a.segment_ord as usize]
                .first(a.doc_id)
                .unwrap_or(-1))
        };
        let set = dense.set.read().unwrap_or_else(|p| p.into_inner());
        let background = near.mean;
        let near = near.hits;
        // candidate id → (address, word score)
        let mut candidates: std::collections::HashMap<i64, (DocAddress, f32)> =
            std::collections::HashMap::new();
        for (score, a) in &lexical {
            candidates.insert(id_of(*a)?, (*a, *score));
        }
        let missing: Vec<i64> = near
            .iter()
            .map(|(id, _)| *id)
            .filter(|id| !candidates.contains_key(id))
            .collect();
        let mut by_meaning_only = 0;
        let mut facet_parts = vec![facet_counts];
        if !missing.is_empty() {
            let ids: Vec<(Occur, Box<dyn Query>)> = missing
                .iter()
                .map(|id| {
                    let q: Box<dyn Query> = Box::new(TermQuery::new(
                        Term::from_field_i64(self.fields.id, *id),
                        IndexRecordOption::Basic,
                    ));
                    (Occur::Should, q)
                })
                .collect();
            let allowed = self.filtered(Box::new(BooleanQuery::new(ids)), req);
            let (found, found_facets) = searcher.search(
                &*allowed,
                &(TopDocs::with_limit(missing.len()), facet_collector(req)),
            )?;
            for (_, a) in found {
                candidates.insert(id_of(a)?, (a, 0.0));
                by_meaning_only += 1;
            }
            facet_parts.push(found_facets);
        }
        let best_words = lexical
            .first()
            .map_or(1.0, |(s, _)| s.max(f32::MIN_POSITIVE));
        let cosines: Vec<(i64, f32)> = candidates
            .keys()
            .map(|id| (*id, set.cosine(*id, &question).unwrap_or(0.0)))
            .collect();
        let lo = cosines.iter().map(|c| c.1).fold(f32::INFINITY, f32::min);
        let hi = cosines
            .iter()
            .map(|c| c.1)
            .fold(f32::NEG_INFINITY, f32::max);
        let span = (hi - lo).max(1e-6);
        // (score, id, address, cosine)
        let mut fused: Vec<(f32, i64, DocAddress, f32)> = cosines
            .into_iter()
            .map(|(id, cos)| {
                let (address, words) = candidates[&id];
                let score = MEANING_WEIGHT * (cos - lo) / span
                    + (1.0 - MEANING_WEIGHT) * words / best_words;
                (score, id, address, cos)
            })
            .collect();
        fused.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
        let (page, closeness) = fused
            .into_iter()
            .skip(offset)
            .take(limit)
            .map(|(score, _, a, cos)| ((score, a), cos - background))
            .unzip();
        Ok((page, total + by_meaning_only, facet_parts, closeness))
    }

    /// Adds the kind filter, facet filters and exclusions to a query.
    fn filtered(&self, text: Box<dyn Query>, req: &SearchRequest) -> Box<dyn Query> {
        let f = &self.fields;
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = vec![(Occur::Must, text)];
        if let Some(kind) = req.kind {
            clauses.push((
                Occur::Must,
                Box::new(TermQuery::new(
                    Term::from_field_text(f.kind, kind.key()),
                    IndexRecordOption::Basic,
                )),
            ));
        }
        for (name, values) in &req.filters {
            if values.is_empty() {
                continue;
            }
            let any: Vec<(Occur, Box<dyn Query>)> = values
                .iter()
                .map(|v| {
                    let facet = Facet::from_path([name.as_str(), v.as_str()]);
                    let q: Box<dyn Query> = Box::new(TermQuery::new(
                        Term::from_facet(f.facets, &facet),
                        IndexRecordOption::Basic,
                    ));
                    (Occur::Should, q)
                })
                .collect();
            clauses.push((Occur::Must, Box::new(BooleanQuery::new(any))));
        }
        for (kind, id) in &req.exclude {
            clauses.push((
                Occur::MustNot,
                Box::new(TermQuery::new(
                    Term::from_field_text(f.key, &crate::docs::doc_key(*kind, *id)),
                    IndexRecordOption::Basic,
                )),
            ));
        }
        Box::new(BooleanQuery::new(clauses))
    }

    fn hit(
        &self,
        doc: &TantivyDocument,
        score: f32,
        lang: Lang,
        snippets: Option<&(SnippetGenerator, SnippetGenerator)>,
        (concepts, weights): (&[Concept], &[f32]),
        term_sets: &mut TermSets,
    ) -> Hit {
        let f = &self.fields;
        let text = |field: Field| -> Option<String> {
            doc.get_first(field)
                .and_then(|v| v.as_str())
                .map(str::to_owned)
        };
        let title_nl = text(f.title_nl_display);
        let title_en = text(f.title_en_display);
        let title = match lang {
            Lang::En => title_en.clone().or(title_nl.clone()),
            Lang::Nl => title_nl.clone().or(title_en.clone()),
        }
        .unwrap_or_default();
        let lead_nl = text(f.lead_nl).unwrap_or_default();
        let lead_en = text(f.lead_en).unwrap_or_default();
        let snippet = match snippets {
            Some((nl, en)) => {
                let prefer_en = lang == Lang::En && !lead_en.is_empty() || lead_nl.is_empty();
                let (gen, lead) = if prefer_en {
                    (en, &lead_en)
                } else {
                    (nl, &lead_nl)
                };
                let s = gen.snippet(lead);
                if s.is_empty() {
                    Snippet::plain(leerpunt_core::text::shorten(lead, 200))
                } else {
                    Snippet::new(s.fragment(), s.highlighted().iter().cloned())
                }
            }
            None => {
                let lead = if lang == Lang::En && !lead_en.is_empty() {
                    &lead_en
                } else {
                    &lead_nl
                };
                Snippet::plain(leerpunt_core::text::shorten(lead, 200))
            }
        };
        let kind = text(f.kind)
            .and_then(|k| DocKind::parse(&k))
            .unwrap_or(DocKind::Practice);
        let facets = doc
            .get_all(f.facets)
            .filter_map(|v| v.as_facet())
            .map(|s| s.replace('\0', "/").trim_start_matches('/').to_owned())
            .collect();
        let mut rephrased = Vec::new();
        let (matched, missed, coverage) = if concepts.is_empty() {
            (Vec::new(), Vec::new(), 0.0)
        } else {
            let terms = term_sets.of(&[
                title_nl.as_deref(),
                title_en.as_deref(),
                Some(&lead_nl),
                Some(&lead_en),
            ]);
            let found = |form: &Form| form.terms().any(|t| terms.contains(t));
            let hit: Vec<bool> = concepts.iter().map(|c| c.forms.iter().any(found)).collect();
            // A concept found only through another wording: name that wording.
            rephrased = concepts
                .iter()
                .filter(|c| !c.forms.first().is_some_and(found))
                .filter_map(|c| {
                    let form = c.forms.iter().find(|f| f.wording.is_some() && found(f))?;
                    let wording = form.wording.clone()?;
                    (!wording.eq_ignore_ascii_case(&c.label)).then(|| (c.label.clone(), wording))
                })
                .collect();
            let total: f32 = weights.iter().sum();
            let covered: f32 = weights
                .iter()
                .zip(&hit)
                .filter(|(_, h)| **h)
                .map(|(w, _)| w)
                .sum();
            // Stop words carry no topic: they are neither named as shared nor as missed.
            let (matched, missed): (Vec<_>, Vec<_>) = concepts
                .iter()
                .zip(&hit)
                .filter(|(c, _)| !c.stop)
                .partition(|(_, h)| **h);
            let labels =
                |v: Vec<(&Concept, &bool)>| v.into_iter().map(|(c, _)| c.label.clone()).collect();
            (
                labels(matched),
                labels(missed),
                if total > 0.0 { covered / total } else { 0.0 },
            )
        };
        let id = doc.get_first(f.id).and_then(|v| v.as_i64()).unwrap_or(0);
        let slug = text(f.slug).unwrap_or_default();
        Hit {
            kind,
            id,
            path: kind.path(&slug, id),
            slug,
            title,
            source_id: text(f.source_id),
            score,
            snippet,
            org: text(f.org),
            org_name: text(f.org_name),
            subtitle: text(f.subtitle),
            facets,
            matched,
            coverage,
            missed,
            rephrased,
            closeness: None,
        }
    }
}

/// Analyses stored texts of a hit to tell which concepts it shares with the question.
struct TermSets {
    a: Analyzers,
}

impl TermSets {
    fn new(index: &SearchIndex) -> Self {
        Self {
            a: index.analyzers(),
        }
    }

    fn of(&mut self, texts: &[Option<&str>]) -> HashSet<String> {
        let mut set = HashSet::new();
        for text in texts.iter().flatten() {
            for a in [&mut self.a.nl, &mut self.a.en, &mut self.a.plain] {
                set.extend(analysis::terms(a, text).into_iter().map(|t| t.term));
            }
        }
        set
    }
}

/// A collector counting the request's facets (none when it asks for none).
fn facet_collector(req: &SearchRequest) -> FacetCollector {
    let mut collector = FacetCollector::for_field("facets");
    if !req.no_facets {
        for name in FACETS {
            collector.add_facet(Facet::from_path([*name]));
        }
    }
    collector
}

fn doc_freq(searcher: &Searcher, field: Field, term: &str) -> u64 {
    searcher
        .doc_freq(&Term::from_field_text(field, term))
        .unwrap_or(0)
}

/// Terms per word position (a compound's whole word first, then its parts).
fn group_by_position(tokens: Vec<AnalyzedToken>) -> BTreeMap<usize, Vec<String>> {
    let mut out: BTreeMap<usize, Vec<String>> = BTreeMap::new();
    for t in tokens {
        let terms = out.entry(t.position).or_default();
        if !terms.contains(&t.term) {
            terms.push(t.term);
        }
    }
    out
}

fn push_whole_and_parts(out: &mut Vec<(String, f32)>, terms: &[String], weight: f32) {
    for (i, t) in terms.iter().enumerate() {
        let w = if i == 0 { weight } else { weight * PART_WEIGHT };
        out.push((t.clone(), w));
    }
}

/// Milliseconds since `started`, to two decimals.
pub(crate) fn elapsed_ms(started: Instant) -> f64 {
    (started.elapsed().as_secs_f64() * 1000.0 * 100.0).round() / 100.0
}
