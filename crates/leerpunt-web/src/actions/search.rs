//! Searching and matchmaking: the search index answers, the store names the asking organisation.

use leerpunt_core::matching::Asker;
use leerpunt_core::Lang;
use leerpunt_search::{MatchResults, SearchRequest, SearchResults};
use leerpunt_store::StoreError;

use crate::error::AppError;
use crate::AppState;

/// Runs a search (already checked by `search_params`).
pub async fn search(app: &AppState, req: SearchRequest) -> Result<SearchResults, AppError> {
    app.on_index(move |index| index.search(&req)).await
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
            Ok(o) => Some(Asker {
                code: o.code,
                kind: o.kind,
                province: o.province,
            }),
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
