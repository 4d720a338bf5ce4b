//! Reading search and match parameters from query strings, shared by pages and API: bad values are 400s.

use std::collections::BTreeMap;

use leerpunt_core::{matching, vocab, Lang, OrgKind, PracticeStatus};
use leerpunt_search::query::{MAX_LIMIT, MAX_OFFSET, MAX_QUERY_CHARS};
use leerpunt_search::{DocKind, SearchRequest, Sort};
use serde::Deserialize;

use crate::actions::search::Question;
use crate::error::AppError;
use crate::filters::blank;

/// Query parameters of `/api/v1/search` and the search page.
#[derive(Debug, Default, Deserialize)]
pub struct SearchParams {
    pub q: Option<String>,
    pub kind: Option<String>,
    pub theme: Option<String>,
    pub org_kind: Option<String>,
    pub province: Option<String>,
    pub status: Option<String>,
    pub technique: Option<String>,
    pub sort: Option<String>,
    pub limit: Option<String>,
    pub offset: Option<String>,
    /// Pages page instead of offsetting.
    pub page: Option<String>,
}

/// Query parameters of `/api/v1/match` and the question page.
#[derive(Debug, Default, Deserialize)]
pub struct MatchParams {
    pub q: Option<String>,
    pub organisation: Option<String>,
    pub limit: Option<String>,
}

/// Checks a question: at most [`MAX_QUERY_CHARS`] characters.
pub fn question(q: &Option<String>) -> Result<String, AppError> {
    let q = q.as_deref().unwrap_or("").trim();
    let chars = q.chars().count();
    if chars > MAX_QUERY_CHARS {
        return Err(AppError::BadRequest(format!(
            "q is too long: {chars} characters, at most {MAX_QUERY_CHARS}"
        )));
    }
    Ok(q.to_owned())
}

/// A whole number in `min..=max`, or the default when absent.
pub fn bounded(
    name: &str,
    v: &Option<String>,
    min: usize,
    max: usize,
    default: usize,
) -> Result<usize, AppError> {
    let Some(s) = blank(v) else {
        return Ok(default);
    };
    match s.parse::<i64>() {
        Ok(n) if n >= min as i64 && n <= max as i64 => Ok(n as usize),
        Ok(n) => Err(AppError::BadRequest(format!(
            "{name} must be between {min} and {max}, not {n}"
        ))),
        Err(_) => Err(AppError::BadRequest(format!(
            "{name} must be a whole number, not {s:?}"
        ))),
    }
}

impl MatchParams {
    /// The question this asks; `default_limit` practices unless `limit` says otherwise.
    pub fn question(&self, default_limit: usize) -> Result<Question, AppError> {
        Ok(Question {
            q: question(&self.q)?,
            organisation: blank(&self.organisation).map(str::to_owned),
            limit: bounded("limit", &self.limit, 1, 100, default_limit)?,
        })
    }
}

impl SearchParams {
    /// The search this asks for; `per_page` sets the default limit (pages use pages, not offsets).
    pub fn request(&self, lang: Lang, default_limit: usize) -> Result<SearchRequest, AppError> {
        let q = question(&self.q)?;
        let kind = match blank(&self.kind) {
            None => None,
            Some(k) => Some(DocKind::parse(k).ok_or_else(|| {
                AppError::BadRequest(format!(
                    "kind must be practice, organisation, person, question, faq, topic or community, not {k:?}"
                ))
            })?),
        };
        let mut filters = BTreeMap::new();
        if let Some(t) = blank(&self.theme) {
            if vocab::theme(t).is_none() {
                return Err(AppError::BadRequest(format!(
                    "unknown theme {t:?}; the themes are listed at /api/v1/themes"
                )));
            }
            filters.insert("theme".to_owned(), vec![t.to_owned()]);
        }
        if let Some(k) = blank(&self.org_kind) {
            let k = k
                .parse::<OrgKind>()
                .map_err(|e| AppError::BadRequest(format!("org_kind: {e}")))?;
            filters.insert("org_kind".to_owned(), vec![k.key().to_owned()]);
        }
        if let Some(p) = blank(&self.province) {
            if matching::province_name(p).is_none() {
                return Err(AppError::BadRequest(format!(
                    "province must be a province code from PV20 to PV31, not {p:?}"
                )));
            }
            filters.insert("province".to_owned(), vec![p.to_owned()]);
        }
        if let Some(s) = blank(&self.status) {
            let s = s
                .parse::<PracticeStatus>()
                .map_err(|e| AppError::BadRequest(format!("status: {e}")))?;
            filters.insert("status".to_owned(), vec![s.key().to_owned()]);
        }
        if let Some(t) = blank(&self.technique) {
            if vocab::technique(t).is_none() {
                return Err(AppError::BadRequest(format!("unknown technique {t:?}")));
            }
            filters.insert("technique".to_owned(), vec![t.to_owned()]);
        }
        let sort = match blank(&self.sort) {
            None | Some("relevance") => Sort::Relevance,
            Some("date") => Sort::Date,
            Some(s) => {
                return Err(AppError::BadRequest(format!(
                    "sort must be relevance or date, not {s:?}"
                )))
            }
        };
        let limit = bounded("limit", &self.limit, 1, MAX_LIMIT, default_limit)?;
        let page = bounded("page", &self.page, 1, MAX_OFFSET / limit + 1, 1)?;
        let offset = match blank(&self.offset) {
            Some(_) => bounded("offset", &self.offset, 0, MAX_OFFSET, 0)?,
            None => (page - 1) * limit,
        };
        Ok(SearchRequest {
            q,
            kind,
            filters,
            sort,
            limit,
            offset,
            lang: Some(lang),
            exclude: Vec::new(),
            no_facets: false,
            detail: None,
            matched_words: false,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bounded_numbers() {
        assert_eq!(bounded("limit", &None, 1, 100, 20).ok(), Some(20));
        assert_eq!(
            bounded("limit", &Some("5".into()), 1, 100, 20).ok(),
            Some(5)
        );
        for bad in ["-1", "0", "101", "99999999999999999999", "ten", "1.5"] {
            assert!(
                bounded("limit", &Some(bad.into()), 1, 100, 20).is_err(),
                "{bad}"
            );
        }
    }
}
