//! Bounds on pages of results, so no request can ask for an unbounded amount of work.

use crate::error::CoreError;

/// The largest page size any list or API endpoint serves.
pub const MAX_PER_PAGE: u32 = 100;
/// The default page size.
pub const DEFAULT_PER_PAGE: u32 = 20;
/// The highest page number accepted (beyond it results are empty anyway).
pub const MAX_PAGE: u32 = 100_000;

/// A validated page request (1-based page).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PageRequest {
    pub page: u32,
    pub per_page: u32,
}

impl Default for PageRequest {
    fn default() -> Self {
        Self {
            page: 1,
            per_page: DEFAULT_PER_PAGE,
        }
    }
}

impl PageRequest {
    /// Validates raw numbers from a query string.
    pub fn new(page: Option<i64>, per_page: Option<i64>) -> Result<Self, CoreError> {
        let page = page.unwrap_or(1);
        let per_page = per_page.unwrap_or(i64::from(DEFAULT_PER_PAGE));
        if !(1..=i64::from(MAX_PAGE)).contains(&page) {
            return Err(CoreError::invalid(
                "page",
                format!("page must be between 1 and {MAX_PAGE}"),
            ));
        }
        if !(1..=i64::from(MAX_PER_PAGE)).contains(&per_page) {
            return Err(CoreError::invalid(
                "per_page",
                format!("per_page must be between 1 and {MAX_PER_PAGE}"),
            ));
        }
        Ok(Self {
            page: page as u32,
            per_page: per_page as u32,
        })
    }

    /// The SQL offset of this page.
    pub fn offset(self) -> i64 {
        i64::from(self.page - 1) * i64::from(self.per_page)
    }

    /// The number of pages needed for `total` items (at least 1).
    pub fn page_count(self, total: i64) -> u32 {
        let pages = (total.max(0) + i64::from(self.per_page) - 1) / i64::from(self.per_page);
        pages.clamp(1, i64::from(MAX_PAGE)) as u32
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bounds() {
        assert_eq!(PageRequest::new(None, None), Ok(PageRequest::default()));
        assert!(PageRequest::new(Some(0), None).is_err());
        assert!(PageRequest::new(Some(-3), None).is_err());
        assert!(PageRequest::new(None, Some(101)).is_err());
        assert!(PageRequest::new(Some(i64::MAX), None).is_err());
        let p = PageRequest::new(Some(3), Some(10)).unwrap_or_default();
        assert_eq!(p.offset(), 20);
        assert_eq!(p.page_count(0), 1);
        assert_eq!(p.page_count(21), 3);
    }
}
