//! Signing in and out. A login always makes a new session (a session planted before it is
//! worthless after it); visitors get a session of their own only when a form needs a CSRF token.

use leerpunt_core::access::{Action, Target};
use leerpunt_store::{Login, Session};

use crate::actions::Caller;
use crate::error::AppError;
use crate::AppState;

/// A session for a visitor, so the forms they see carry a CSRF token. Returns the cookie secret.
pub async fn visitor_session(app: &AppState) -> Result<(String, Session), AppError> {
    Ok(app.store.create_session(None).await?)
}

/// How a login attempt ended.
#[derive(Debug, PartialEq, Eq)]
pub enum LoginOutcome {
    /// Signed in: the secret of the new session's cookie.
    SignedIn(String),
    Invalid,
    Throttled,
}

/// Checks the password (throttled per account and address) and, when it is right, replaces the
/// caller's session by a new signed-in one.
pub async fn log_in(
    app: &AppState,
    caller: &Caller,
    email: &str,
    password: &str,
) -> Result<LoginOutcome, AppError> {
    let user = match app.store.login(email, password, &caller.ip).await? {
        Login::Ok(user) => user,
        Login::Invalid => return Ok(LoginOutcome::Invalid),
        Login::Throttled => return Ok(LoginOutcome::Throttled),
    };
    if let Some(old) = &caller.session {
        app.store.delete_session(old.id).await?;
    }
    let (secret, _) = app.store.create_session(Some(user.id)).await?;
    let mut origin = caller.origin();
    origin.user_id = Some(user.id);
    app.store
        .audit(&origin, "user.login", "user", Some(user.id), "")
        .await?;
    Ok(LoginOutcome::SignedIn(secret))
}

/// Ends the caller's session, if any.
pub async fn log_out(app: &AppState, caller: &Caller) -> Result<(), AppError> {
    if let Some(session) = &caller.session {
        app.store.delete_session(session.id).await?;
    }
    Ok(())
}

/// Ends every session of the caller's account.
pub async fn log_out_everywhere(app: &AppState, caller: &Caller) -> Result<(), AppError> {
    caller.require(Action::ManageOwnAccount, Target::None)?;
    let user = caller.user()?;
    let n = app.store.delete_user_sessions(user.id).await?;
    app.store
        .audit(
            &caller.origin(),
            "user.logout_everywhere",
            "user",
            Some(user.id),
            &n.to_string(),
        )
        .await?;
    Ok(())
}
