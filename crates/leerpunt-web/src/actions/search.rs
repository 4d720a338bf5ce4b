//! Searching and matchmaking: the search index answers, the store names the asking organisation.

use leerpunt_core::matching::{Asker, SizePeers};
use leerpunt_core::snippet::Snippet;
use leerpunt_core::{Lang, OrgKind};
use leerpunt_search::{DocKind, Hit, MatchResults, SearchRequest, SearchResults};
use leerpunt_store::StoreError;

use crate::error::AppError;
use crate::AppState;

/// Runs a search (already checked by `search_params`). While this instance's index is still
/// being built or has not caught up since start, the database answers instead: published
/// practices whose title or summary holds the words, newest first, without facets.
pub async fn search(app: &AppState, req: SearchRequest) -> Result<SearchResults, AppError> {
    if !app.search.is_ready() {
        return from_database(app, &req).await;
    }
    app.on_index(move |index| index.search(&req)).await
}

async fn from_database(app: &AppState, req: &SearchRequest) -> Result<SearchResults, AppError> {
    let started = std::time::Instant::now();
    let wants_practices = matches!(req.kind, None | Some(DocKind::Practice));
    if !wants_practices || req.q.trim().is_empty() {
        return Ok(SearchResults {
            took_ms: started.elapsed().as_secs_f64() * 1000.0,
            ..SearchResults::default()
        });
    }
    let (practices, total) = app
        .store
        .search_practices_plain(&req.q, req.offset + req.limit)
        .await?;
    let hits = practices
        .into_iter()
        .skip(req.offset)
        .take(req.limit)
        .map(|p| {
            let text = match (req.lang, &p.translation) {
                (Some(lang), Some(t)) if lang != p.language => t,
                _ => &p.text,
            };
            Hit {
                kind: DocKind::Practice,
                id: p.id,
                path: format!("/praktijken/{}", p.slug),
                title: text.title.clone(),
                snippet: Snippet::plain(text.summary.clone()),
                slug: p.slug,
                source_id: p.source_id,
                score: 0.0,
                org: Some(p.owner.code),
                org_name: Some(p.owner.name),
                subtitle: None,
                facets: Vec::new(),
                matched: Vec::new(),
                coverage: 0.0,
                missed: Vec::new(),
                rephrased: Vec::new(),
                closeness: None,
            }
        })
        .collect();
    Ok(SearchResults {
        hits,
        total,
        facets: Default::default(),
        took_ms: started.elapsed().as_secs_f64() * 1000.0,
    })
}

/// A question to match, already checked by `search_params`.
#[derive(Debug, Clone)]
pub struct Question {
    pub q: String,
    /// Code of the asking organisation, if given.
    pub organisation: Option<String>,
    pub limit: usize,
}

/// Matches a question to practices, organisations and people with reasons in `lang`. An unknown
/// organisation code is a 400; an empty question matches nothing.
pub async fn match_question(
    app: &AppState,
    question: Question,
    lang: Lang,
) -> Result<MatchResults, AppError> {
    let asker = match &question.organisation {
        None => None,
        Some(code) => match app.store.organisation(code).await {
            Ok(o) => {
                // Size peers for municipalities (the size bands are municipalities').
                let size = if o.kind == OrgKind::Municipality {
                    SizePeers::of(&o.code, &app.store.populations(o.kind).await?)
                } else {
                    None
                };
                Some(Asker {
                    code: o.code,
                    kind: o.kind,
                    province: o.province,
                    size,
                })
            }
            Err(StoreError::NotFound(_)) => {
                return Err(AppError::BadRequest(format!(
                    "unknown organisation code {code:?}"
                )))
            }
            Err(e) => return Err(e.into()),
        },
    };
    if question.q.is_empty() {
        return Ok(MatchResults::default());
    }
    app.on_index(move |index| {
        index.match_question(&question.q, asker.as_ref(), lang, question.limit)
    })
    .await
}
