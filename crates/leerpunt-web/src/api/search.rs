//! `GET /api/v1/search` and `GET /api/v1/match`: full-text search and matchmaking.

use std::collections::BTreeMap;

use axum::extract::State;
use axum::Json;
use leerpunt_core::matching::{EntryKind, Matches};
use leerpunt_core::Lang;
use leerpunt_search::{DocKind, SearchResults};
use serde::Serialize;
use utoipa::ToSchema;

use super::wire::ErrorBody;
use crate::actions::search;
use crate::error::AppError;
use crate::extract::Q;
use crate::markup;
use crate::search_params::{MatchParams, SearchParams};
use crate::ui::Ui;
use crate::AppState;

/// What a search result is.
#[derive(Debug, Clone, Copy, Serialize, ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum HitKind {
    Practice,
    Organisation,
    Person,
    /// A public help-desk question with its answers.
    Question,
    /// A FAQ entry.
    Faq,
    /// A discussion topic in a community.
    Topic,
    Community,
}

impl From<DocKind> for HitKind {
    fn from(k: DocKind) -> Self {
        match k {
            DocKind::Practice => HitKind::Practice,
            DocKind::Organisation => HitKind::Organisation,
            DocKind::Person => HitKind::Person,
            DocKind::Question => HitKind::Question,
            DocKind::Faq => HitKind::Faq,
            DocKind::Topic => HitKind::Topic,
            DocKind::Community => HitKind::Community,
        }
    }
}

impl From<EntryKind> for HitKind {
    fn from(k: EntryKind) -> Self {
        match k {
            EntryKind::Faq => HitKind::Faq,
            EntryKind::Question => HitKind::Question,
            EntryKind::Topic => HitKind::Topic,
            EntryKind::Community => HitKind::Community,
        }
    }
}

/// One search result.
#[derive(Debug, Serialize, ToSchema)]
pub struct SearchHit {
    pub kind: HitKind,
    pub id: i64,
    /// Practice slug, organisation code, person id, question or FAQ id, or the community's slug
    /// (communities and their topics).
    pub slug: String,
    /// The result's page on this site, e.g. `/praktijken/…`, `/faq/3`, `/helpdesk/vragen/7`.
    pub url: String,
    pub title: String,
    /// The id in the source register (Algorithm Register id for imported practices).
    pub source_id: Option<String>,
    /// Relevance (higher is better; 0 when sorted by date).
    pub score: f32,
    /// HTML: escaped text with the matched words in `<mark>` elements.
    pub snippet: String,
    /// Owner organisation code (practices, people) or own code (organisations).
    pub organisation: Option<String>,
}

/// How many matches carry one facet value.
#[derive(Debug, Serialize, ToSchema)]
pub struct FacetValue {
    pub value: String,
    pub count: u64,
}

/// A page of search results.
#[derive(Debug, Serialize, ToSchema)]
pub struct SearchResponse {
    pub hits: Vec<SearchHit>,
    /// Number of matches in all.
    pub total: usize,
    /// Per facet (kind, theme, org_kind, province, status, technique): value counts among all
    /// matches.
    pub facets: BTreeMap<String, Vec<FacetValue>>,
    /// Time spent searching, in milliseconds.
    pub took_ms: f64,
}

impl From<SearchResults> for SearchResponse {
    fn from(r: SearchResults) -> Self {
        Self {
            hits: r
                .hits
                .into_iter()
                .map(|h| SearchHit {
                    kind: h.kind.into(),
                    id: h.id,
                    url: h.path,
                    slug: h.slug,
                    title: h.title,
                    source_id: h.source_id,
                    score: h.score,
                    snippet: markup::snippet(&h.snippet),
                    organisation: h.org,
                })
                .collect(),
            total: r.total,
            facets: r
                .facets
                .into_iter()
                .map(|(k, v)| {
                    (
                        k,
                        v.into_iter()
                            .map(|c| FacetValue {
                                value: c.value,
                                count: c.count,
                            })
                            .collect(),
                    )
                })
                .collect(),
            took_ms: r.took_ms,
        }
    }
}

/// A practice that answers the question, with the reasons it was matched.
#[derive(Debug, Serialize, ToSchema)]
pub struct MatchHit {
    /// Always `practice`.
    pub kind: String,
    pub id: i64,
    pub slug: String,
    pub title: String,
    pub source_id: Option<String>,
    pub score: f32,
    pub snippet: String,
    pub organisation: String,
    pub organisation_name: String,
    /// How much of the question its title and lead cover, 0–1 (the question's words weighted
    /// by rarity; a word no practice holds weighs most).
    pub coverage: f32,
    /// How much closer in meaning to the question it is than the average practice: the cosine
    /// of their sentence embeddings minus the question's mean cosine with all practices (about
    /// 0.03 for a loose match, 0.10 and more for a close one); absent when the server searches
    /// by words only.
    pub closeness: Option<f32>,
    /// Short sentences saying why this was matched, in the request's language.
    pub reasons: Vec<String>,
}

/// A practice of a matched organisation.
#[derive(Debug, Serialize, ToSchema)]
pub struct MatchPracticeRef {
    pub slug: String,
    pub title: String,
}

/// An organisation working on the question.
#[derive(Debug, Serialize, ToSchema)]
pub struct MatchOrganisation {
    pub code: String,
    pub name: String,
    pub kind: Option<String>,
    pub score: f32,
    pub practices: Vec<MatchPracticeRef>,
    pub reasons: Vec<String>,
}

/// A person who knows about the question (only people with a public profile).
#[derive(Debug, Serialize, ToSchema)]
pub struct MatchPerson {
    pub id: i64,
    pub name: String,
    pub role: String,
    pub organisation: Option<String>,
    pub score: f32,
    pub reasons: Vec<String>,
}

/// Something the living network already answered: a FAQ entry, an answered help-desk question or
/// a discussion.
#[derive(Debug, Serialize, ToSchema)]
pub struct MatchEntry {
    /// faq, question, topic or community.
    pub kind: HitKind,
    pub id: i64,
    /// Its page on this site.
    pub url: String,
    pub title: String,
    pub score: f32,
    /// HTML: escaped text with the matched words in `<mark>` elements.
    pub snippet: String,
    /// Short sentences saying why this was matched, in the request's language.
    pub reasons: Vec<String>,
}

/// What a question matched.
#[derive(Debug, Serialize, ToSchema)]
pub struct MatchResponse {
    /// FAQ entries, answered questions and discussions that already answer the question, best
    /// first (at most 5).
    pub entries: Vec<MatchEntry>,
    pub hits: Vec<MatchHit>,
    /// Whether the first practice answers the question closely (its `coverage` is at least
    /// 0.4, or its `closeness` at least 0.075). When `false`, the hits are only the nearest
    /// practices: say so, and offer the help desk.
    pub close_match: bool,
    /// The question's words the first practice does not cover, as typed.
    pub missed: Vec<String>,
    pub organisations: Vec<MatchOrganisation>,
    pub people: Vec<MatchPerson>,
    pub took_ms: f64,
}

impl MatchResponse {
    pub fn new(m: Matches, took_ms: f64, lang: Lang) -> Self {
        let texts =
            |r: &[leerpunt_core::matching::Reason]| r.iter().map(|r| r.text(lang)).collect();
        Self {
            entries: m
                .entries
                .iter()
                .map(|e| MatchEntry {
                    kind: e.kind.into(),
                    id: e.id,
                    url: e.url.clone(),
                    title: e.title.clone(),
                    score: e.score,
                    snippet: markup::snippet(&e.snippet),
                    reasons: texts(&e.reasons),
                })
                .collect(),
            hits: m
                .practices
                .iter()
                .map(|p| MatchHit {
                    kind: "practice".to_owned(),
                    id: p.practice.id,
                    slug: p.practice.slug.clone(),
                    title: p.practice.title.clone(),
                    source_id: p.practice.source_id.clone(),
                    score: p.score,
                    snippet: markup::snippet(&p.practice.snippet),
                    organisation: p.practice.org_code.clone(),
                    organisation_name: p.practice.org_name.clone(),
                    coverage: (p.practice.coverage * 1000.0).round() / 1000.0,
                    closeness: p.practice.closeness.map(|c| (c * 1000.0).round() / 1000.0),
                    reasons: texts(&p.reasons),
                })
                .collect(),
            close_match: m.close,
            missed: m.missed.clone(),
            organisations: m
                .organisations
                .iter()
                .map(|o| MatchOrganisation {
                    code: o.code.clone(),
                    name: o.name.clone(),
                    kind: o.kind.map(|k| k.key().to_owned()),
                    score: o.score,
                    practices: o
                        .practices
                        .iter()
                        .take(5)
                        .map(|(slug, title)| MatchPracticeRef {
                            slug: slug.clone(),
                            title: title.clone(),
                        })
                        .collect(),
                    reasons: texts(&o.reasons),
                })
                .collect(),
            people: m
                .people
                .iter()
                .map(|p| MatchPerson {
                    id: p.person.id,
                    name: p.person.name.clone(),
                    role: p.person.role.clone(),
                    organisation: p.person.org_code.clone(),
                    score: p.score,
                    reasons: texts(&p.reasons),
                })
                .collect(),
            took_ms,
        }
    }
}

/// Search practices, organisations, people, help-desk questions, FAQ entries, discussions and
/// communities.
///
/// Dutch and English questions both work: words are stemmed, compounds split, accents ignored,
/// glossary terms carried into the other language, and unknown words matched by near spelling. An
/// empty `q` lists everything (filtered), newest first.
#[utoipa::path(
    get, path = "/api/v1/search", tag = "search",
    params(
        ("q" = Option<String>, Query, description = "Question or keywords, at most 1,000 characters"),
        ("kind" = Option<HitKind>, Query, description = "Only this kind: practice, organisation, person, question, faq, topic or community"),
        ("theme" = Option<String>, Query, description = "Theme key, see /api/v1/themes"),
        ("org_kind" = Option<String>, Query, description = "Kind of (owner) organisation"),
        ("province" = Option<String>, Query, description = "Province code, PV20 to PV31"),
        ("status" = Option<String>, Query, description = "idea, pilot, in_use or stopped"),
        ("technique" = Option<String>, Query, description = "Technique key"),
        ("sort" = Option<String>, Query, description = "relevance (default) or date"),
        ("limit" = Option<i64>, Query, description = "Hits per page, 1 to 100 (default 20)"),
        ("offset" = Option<i64>, Query, description = "Hits to skip, 0 to 10,000"),
        ("lang" = Option<String>, Query, description = "nl or en: the language of titles and snippets"),
    ),
    responses(
        (status = 200, body = SearchResponse),
        (status = 400, description = "Invalid query parameter", body = ErrorBody),
    )
)]
pub async fn search(
    State(app): State<AppState>,
    ui: Ui,
    Q(params): Q<SearchParams>,
) -> Result<Json<SearchResponse>, AppError> {
    let req = params.request(ui.lang, 20)?;
    Ok(Json(search::search(&app, req).await?.into()))
}

/// Match a question to practices, organisations and people, with reasons, and to what the
/// living network already answered (FAQ entries, answered questions, discussions).
///
/// With `organisation`, results of the same kind of organisation and in the same province are
/// lifted a little and say so in their reasons.
#[utoipa::path(
    get, path = "/api/v1/match", tag = "search",
    params(
        ("q" = String, Query, description = "The question, at most 1,000 characters"),
        ("organisation" = Option<String>, Query, description = "Code of the asking organisation, e.g. GM0344"),
        ("limit" = Option<i64>, Query, description = "Practices to return, 1 to 100 (default 10)"),
        ("lang" = Option<String>, Query, description = "nl or en: the language of reasons"),
    ),
    responses(
        (status = 200, body = MatchResponse),
        (status = 400, description = "Invalid query parameter", body = ErrorBody),
    )
)]
pub async fn matches(
    State(app): State<AppState>,
    ui: Ui,
    Q(params): Q<MatchParams>,
) -> Result<Json<MatchResponse>, AppError> {
    let found = search::match_question(&app, params.question(10)?, ui.lang).await?;
    Ok(Json(MatchResponse::new(
        found.matches,
        found.took_ms,
        ui.lang,
    )))
}
