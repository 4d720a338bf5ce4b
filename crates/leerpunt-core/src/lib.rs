//! Leerpunt's domain: the types, validation rules and pure logic that pages, API, CLI and store share.
//!
//! Nothing here does IO. Every rule a user can hit (what a valid practice is, how an imported
//! record maps to a practice, how a page of results is bounded) lives here, once.
#![deny(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

pub mod access;
pub mod account;
pub mod agenda;
pub mod analysis;
pub mod challenges;
pub mod community;
pub mod computation;
pub mod dashboard;
pub mod error;
pub mod events;
pub mod helpdesk;
pub mod import;
pub mod labs;
pub mod markdown;
pub mod matching;
pub mod meetings;
/// `keyed_enum!` (closed enums with stable keys) is defined here and used by the modules after it.
#[macro_use]
pub mod model;
pub mod network;
pub mod news;
pub mod paging;
pub mod review;
pub mod snippet;
pub mod stepplan;
pub mod text;
pub mod vocab;
pub mod zelfscan;

pub use error::{CoreError, FieldError};
pub use model::*;
