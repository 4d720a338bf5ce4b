//! Reading list filters and paging from query strings, shared by pages and API: bad values are 400s.

use leerpunt_core::paging::PageRequest;
use leerpunt_core::{vocab, OrgKind, PracticeStatus};
use leerpunt_store::{OrgFilter, PracticeFilter};
use serde::Deserialize;

use crate::error::AppError;

/// The trimmed value of an optional parameter, `None` when absent or empty.
pub(crate) fn blank(v: &Option<String>) -> Option<&str> {
    v.as_deref().map(str::trim).filter(|s| !s.is_empty())
}

fn number(name: &str, v: &Option<String>) -> Result<Option<i64>, AppError> {
    match blank(v) {
        None => Ok(None),
        Some(s) => s
            .parse::<i64>()
            .map(Some)
            .map_err(|_| AppError::BadRequest(format!("{name} must be a whole number, not {s:?}"))),
    }
}

fn province(v: &Option<String>) -> Result<Option<String>, AppError> {
    match blank(v) {
        None => Ok(None),
        Some(p)
            if p.len() == 4
                && p.starts_with("PV")
                && p[2..].bytes().all(|b| b.is_ascii_digit()) =>
        {
            Ok(Some(p.to_owned()))
        }
        Some(p) => Err(AppError::BadRequest(format!(
            "province must be a province code such as PV27, not {p:?}"
        ))),
    }
}

fn kind(v: &Option<String>) -> Result<Option<OrgKind>, AppError> {
    blank(v)
        .map(|k| k.parse::<OrgKind>())
        .transpose()
        .map_err(|e| AppError::BadRequest(format!("kind: {e}")))
}

/// Paging parameters.
#[derive(Debug, Default, Deserialize)]
pub struct PageParams {
    pub page: Option<String>,
    pub per_page: Option<String>,
}

impl PageParams {
    pub fn page(&self) -> Result<PageRequest, AppError> {
        page_request(
            number("page", &self.page)?,
            number("per_page", &self.per_page)?,
        )
    }
}

/// A page request from numbers already parsed from a query string: out of range is a 400, as a
/// malformed number is.
pub fn page_request(page: Option<i64>, per_page: Option<i64>) -> Result<PageRequest, AppError> {
    PageRequest::new(page, per_page).map_err(|e| AppError::BadRequest(e.to_string()))
}

/// Query parameters of practice lists.
#[derive(Debug, Default, Deserialize)]
pub struct PracticeParams {
    pub theme: Option<String>,
    pub kind: Option<String>,
    pub province: Option<String>,
    pub status: Option<String>,
    pub organisation: Option<String>,
    pub source: Option<String>,
    #[serde(flatten)]
    pub paging: PageParams,
}

impl PracticeParams {
    pub fn filter(&self) -> Result<PracticeFilter, AppError> {
        let theme = blank(&self.theme).map(str::to_owned);
        if let Some(t) = &theme {
            if vocab::theme(t).is_none() {
                return Err(AppError::BadRequest(format!("unknown theme {t:?}")));
            }
        }
        let status = blank(&self.status)
            .map(|s| s.parse::<PracticeStatus>())
            .transpose()
            .map_err(|e| AppError::BadRequest(format!("status: {e}")))?;
        let organisation = blank(&self.organisation).map(str::to_owned);
        if organisation.as_ref().is_some_and(|o| o.len() > 100) {
            return Err(AppError::BadRequest("organisation code is too long".into()));
        }
        Ok(PracticeFilter {
            theme,
            kind: kind(&self.kind)?,
            province: province(&self.province)?,
            status,
            organisation,
            source: blank(&self.source).map(str::to_owned),
        })
    }
}

/// Query parameters of organisation lists.
#[derive(Debug, Default, Deserialize)]
pub struct OrgParams {
    pub kind: Option<String>,
    pub province: Option<String>,
    /// `1`/`true`/`on`: only organisations with practices.
    pub active: Option<String>,
    #[serde(flatten)]
    pub paging: PageParams,
}

impl OrgParams {
    pub fn filter(&self) -> Result<OrgFilter, AppError> {
        let with_practices = match blank(&self.active) {
            None | Some("0" | "false" | "off") => false,
            Some("1" | "true" | "on") => true,
            Some(v) => {
                return Err(AppError::BadRequest(format!(
                    "active must be true or false, not {v:?}"
                )))
            }
        };
        Ok(OrgFilter {
            kind: kind(&self.kind)?,
            province: province(&self.province)?,
            with_practices,
        })
    }
}
