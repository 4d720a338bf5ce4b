//! The use cases of Leerpunt's web face, one function each: take the caller and typed input, check
//! access with the core's rules, call the store, search index and core, and return domain types
//! or a typed error. Pages and API parse a request, call one of these and render the outcome;
//! neither holds business rules and neither imports the other.
//!
//! Errors: a rule that refuses is `Forbidden`/`Unauthenticated`, missing rows are `NotFound`,
//! invalid input is `Invalid` or `BadRequest`; a database or index failure stays `Internal` (a
//! 5xx whose cause is logged) and is never turned into "not found" or a client error.

pub mod accounts;
pub mod admin;
pub mod agenda;
pub mod alerts;
pub mod analyses;
pub mod catalogue;
pub mod challenges;
pub mod communities;
pub mod computations;
pub mod contributions;
pub mod dashboard;
pub mod events;
pub mod faq;
pub mod follows;
pub mod helpdesk;
pub mod labs;
pub mod meetings;
pub mod network;
pub mod news;
pub mod probes;
pub mod search;
pub mod stepplan;
pub mod zelfscan;

use leerpunt_core::access::{decide, Action, Actor, Decision, Target};
use leerpunt_store::{Origin, Session, StoreError, User};

use crate::error::AppError;

/// The person or program behind a request, as the auth layer identified it.
#[derive(Debug, Clone)]
pub struct Caller {
    pub actor: Actor,
    /// The signed-in account (session or token owner).
    pub user: Option<User>,
    /// The browser session, when the request carried a valid one.
    pub session: Option<Session>,
    /// The API token used, if any.
    pub token_id: Option<i64>,
    /// The client address.
    pub ip: String,
}

impl Caller {
    /// A visitor without session, account or token.
    pub fn visitor(ip: impl Into<String>) -> Self {
        Self {
            actor: Actor::visitor(),
            user: None,
            session: None,
            token_id: None,
            ip: ip.into(),
        }
    }

    /// Who is writing, for the audit log.
    pub fn origin(&self) -> Origin {
        Origin {
            user_id: self.user.as_ref().map(|u| u.id),
            token_id: self.token_id,
            ip: self.ip.clone(),
        }
    }

    /// Refuses unless the core's rules allow `action` on `target`.
    pub fn require(&self, action: Action, target: Target) -> Result<(), AppError> {
        match decide(&self.actor, action, &target) {
            Decision::Allow => Ok(()),
            Decision::Login => Err(AppError::Unauthenticated),
            Decision::Deny => Err(AppError::Forbidden(
                "your account may not do this".to_owned(),
            )),
        }
    }

    /// Whether the core's rules allow `action` on `target` (for showing links and buttons).
    pub fn can(&self, action: Action, target: Target) -> bool {
        self.actor.can(action, &target)
    }

    /// The signed-in account, or "sign in first".
    pub fn user(&self) -> Result<&User, AppError> {
        self.user.as_ref().ok_or(AppError::Unauthenticated)
    }
}

/// A lookup whose "not found" is an answer, not an error: `Ok(None)`. Any other failure (the
/// database is down) stays an error.
pub(crate) fn optional<T>(r: Result<T, StoreError>) -> Result<Option<T>, AppError> {
    match r {
        Ok(v) => Ok(Some(v)),
        Err(StoreError::NotFound(_)) => Ok(None),
        Err(e) => Err(e.into()),
    }
}
