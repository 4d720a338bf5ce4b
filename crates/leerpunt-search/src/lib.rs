//! Leerpunt's search: a tantivy index over practices, organisations, people and the living network
//! (help-desk questions, FAQ entries, discussions, communities), kept in step with the database
//! through the change log. Only this crate knows tantivy.
//!
//! - [`analysis`]: Dutch and English analyzers (folding, stop words, compounds, stemming);
//! - [`glossary`]: the bilingual glossary that carries questions across languages;
//! - [`schema`] and [`docs`]: what a document holds;
//! - [`index`]: the index on disk or in memory;
//! - [`query`]: from a question to ranked hits with facets and snippets;
//! - [`similar`]: practices near a practice;
//! - [`sync`]: builds and catch-up from the database.

pub mod analysis;
pub mod dense;
pub mod docs;
pub mod glossary;
pub mod index;
pub mod matchmaking;
pub mod query;
pub mod schema;
pub mod similar;
pub mod sync;

use std::path::PathBuf;

pub use docs::DocKind;
pub use index::SearchIndex;
pub use matchmaking::MatchResults;
pub use query::{FacetCount, Hit, SearchRequest, SearchResults, Sort};
pub use similar::{Neighbour, VERY_SIMILAR};
pub use sync::{CatchUp, Search, Stage};

/// The index directory's name inside the data directory.
pub const INDEX_DIR: &str = "search";

/// Errors of the search layer.
#[derive(Debug, thiserror::Error)]
pub enum SearchError {
    #[error("search index: {0}")]
    Index(String),
    #[error("search index is in use by another process (is a Leerpunt server running on this data directory?)")]
    Locked,
    #[error("search index file {0}: {1}")]
    Io(PathBuf, std::io::Error),
    #[error("{0}")]
    Glossary(String),
    #[error(transparent)]
    Store(#[from] leerpunt_store::StoreError),
}

impl From<tantivy::TantivyError> for SearchError {
    fn from(e: tantivy::TantivyError) -> Self {
        match e {
            tantivy::TantivyError::LockFailure(..) => SearchError::Locked,
            other => SearchError::Index(other.to_string()),
        }
    }
}

impl From<tantivy::directory::error::OpenDirectoryError> for SearchError {
    fn from(e: tantivy::directory::error::OpenDirectoryError) -> Self {
        SearchError::Index(e.to_string())
    }
}
