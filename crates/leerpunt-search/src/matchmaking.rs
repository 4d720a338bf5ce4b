//! The search side of matchmaking: finds the candidates for a question and hands them to
//! `leerpunt_core::matching`, which ranks them and gives the reasons. It also finds what the
//! living network already answered: FAQ entries, answered help-desk questions and discussions.

use std::collections::BTreeMap;
use std::time::Instant;

use leerpunt_core::matching::{
    self, Asker, EntryKind, MatchedEntry, Matches, PersonCandidate, PracticeCandidate, Reason,
};
use leerpunt_core::{Lang, OrgKind};

use crate::docs::{DocKind, ANSWERS_FACET};
use crate::query::{Hit, SearchRequest};
use crate::{SearchError, SearchIndex};

/// How many practices are considered before ranking (organisations are aggregated from these).
const PRACTICE_POOL: usize = 50;
const PEOPLE_POOL: usize = 20;
/// How many FAQ entries, answered questions and discussions a question shows.
pub const ENTRIES: usize = 5;

/// Matches for a question, and how long finding them took.
#[derive(Debug, Clone, Default)]
pub struct MatchResults {
    pub matches: Matches,
    pub took_ms: f64,
}

impl SearchIndex {
    /// Finds the practices, organisations and people that answer `q`, for `asker` if known.
    pub fn match_question(
        &self,
        q: &str,
        asker: Option<&Asker>,
        lang: Lang,
        limit: usize,
    ) -> Result<MatchResults, SearchError> {
        let started = Instant::now();
        // The three searches side by side: the practices' one waits on the question's meaning
        // most of its time, which the other two need not.
        let practices = || {
            self.search(&SearchRequest {
                q: q.to_owned(),
                kind: Some(DocKind::Practice),
                limit: PRACTICE_POOL.max(limit),
                lang: Some(lang),
                no_facets: true,
                // Reasons and snippets are shown for the best; the asker's lift moves few others up.
                detail: Some(limit.saturating_mul(2)),
                matched_words: true,
                ..SearchRequest::default()
            })
        };
        let people = || {
            self.search(&SearchRequest {
                q: q.to_owned(),
                kind: Some(DocKind::Person),
                limit: PEOPLE_POOL,
                lang: Some(lang),
                no_facets: true,
                matched_words: true,
                ..SearchRequest::default()
            })
        };
        let entries = || {
            self.search(&SearchRequest {
                q: q.to_owned(),
                filters: BTreeMap::from([(ANSWERS_FACET.to_owned(), vec!["yes".to_owned()])]),
                limit: ENTRIES,
                lang: Some(lang),
                no_facets: true,
                matched_words: true,
                ..SearchRequest::default()
            })
        };
        let (practices, (people, entries)) =
            rayon::join(practices, || rayon::join(people, entries));
        let (practices, people, entries) = (practices?, people?, entries?);
        let candidates = practices.hits.into_iter().map(practice_candidate).collect();
        let people = people.hits.into_iter().map(person_candidate).collect();
        let mut matches = matching::rank(candidates, people, asker, limit);
        matches.entries = entries.hits.into_iter().filter_map(entry).collect();
        Ok(MatchResults {
            matches,
            took_ms: crate::query::elapsed_ms(started),
        })
    }
}

fn facet<'a>(hit: &'a Hit, name: &str) -> impl Iterator<Item = &'a str> {
    let prefix = format!("{name}/");
    hit.facets
        .iter()
        .filter_map(move |f| f.strip_prefix(prefix.as_str()))
}

fn practice_candidate(hit: Hit) -> PracticeCandidate {
    let org_kind = facet(&hit, "org_kind")
        .next()
        .and_then(|k| k.parse::<OrgKind>().ok());
    let province = facet(&hit, "province").next().map(str::to_owned);
    let themes = facet(&hit, "theme").map(str::to_owned).collect();
    let status = facet(&hit, "status").next().and_then(|s| s.parse().ok());
    let lessons = facet(&hit, "lessons").next() == Some("yes");
    PracticeCandidate {
        id: hit.id,
        org_code: hit.org.clone().unwrap_or_default(),
        org_name: hit.org_name.clone().unwrap_or_default(),
        slug: hit.slug,
        title: hit.title,
        source_id: hit.source_id,
        snippet: hit.snippet,
        score: hit.score,
        org_kind,
        province,
        themes,
        matched: hit.matched,
        coverage: hit.coverage,
        missed: hit.missed,
        rephrased: hit.rephrased,
        closeness: hit.closeness,
        status,
        lessons,
    }
}

fn person_candidate(hit: Hit) -> PersonCandidate {
    PersonCandidate {
        id: hit.id,
        name: hit.title,
        role: hit.subtitle.unwrap_or_default(),
        org_code: hit.org,
        org_name: hit.org_name,
        score: hit.score,
        matched: hit.matched,
    }
}

/// A FAQ entry, answered question or discussion as an "already answered" entry.
fn entry(hit: Hit) -> Option<MatchedEntry> {
    let kind = match hit.kind {
        DocKind::Faq => EntryKind::Faq,
        DocKind::Question => EntryKind::Question,
        DocKind::Topic => EntryKind::Topic,
        DocKind::Community => EntryKind::Community,
        DocKind::Practice | DocKind::Organisation | DocKind::Person => return None,
    };
    let mut reasons = Vec::new();
    if !hit.matched.is_empty() {
        reasons.push(Reason::SharedTerms(hit.matched));
    }
    Some(MatchedEntry {
        kind,
        id: hit.id,
        url: hit.path,
        title: hit.title,
        snippet: hit.snippet,
        score: hit.score,
        reasons,
    })
}
