//! Resetting a forgotten password through a one-time link sent by mail.

use leerpunt_core::Lang;
use leerpunt_store::EmailPurpose;

use super::mail;
use crate::actions::Caller;
use crate::error::AppError;
use crate::AppState;

/// Mails a reset link when the address has an account (the answer is the same either way).
pub async fn request(app: &AppState, lang: Lang, email: &str) -> Result<(), AppError> {
    if let Some(user) = app.store.user_by_email(email).await? {
        let token = app
            .store
            .issue_email_token(user.id, EmailPurpose::Reset)
            .await?;
        let link = mail::link(app, "/login/reset", &token);
        mail::send(app, lang, &user.email, "mail-reset", Some(&link)).await?;
    }
    Ok(())
}

/// Whether a reset link can still be used.
pub async fn link_valid(app: &AppState, token: &str) -> Result<bool, AppError> {
    Ok(app
        .store
        .email_token_valid(token, EmailPurpose::Reset)
        .await?)
}

/// Sets a new password with a reset link, which also confirms the address. A password that breaks
/// the rules is `AppError::Invalid` and uses nothing up; false when the link is not valid.
pub async fn reset(
    app: &AppState,
    caller: &Caller,
    token: &str,
    password: &str,
) -> Result<bool, AppError> {
    leerpunt_core::account::validate_password(password, "")?;
    let Some(user_id) = app
        .store
        .use_email_token(token, EmailPurpose::Reset)
        .await?
    else {
        return Ok(false);
    };
    let mut origin = caller.origin();
    origin.user_id = Some(user_id);
    app.store.set_password(user_id, password, &origin).await?;
    app.store.confirm_user(user_id, &origin).await?;
    Ok(true)
}
