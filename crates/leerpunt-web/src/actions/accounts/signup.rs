//! Signing up and confirming the e-mail address. The answer to a sign-up is the same whether or
//! not the address already has an account, so the form reveals nobody.

use leerpunt_core::access::{Action, Target};
use leerpunt_core::Lang;
use leerpunt_store::{EmailPurpose, StoreError};

use super::mail;
use crate::actions::Caller;
use crate::error::AppError;
use crate::AppState;

/// Creates an account and mails a confirmation link; for a taken address, mails its owner
/// instead. Invalid input is `AppError::Invalid` with the fields.
pub async fn sign_up(
    app: &AppState,
    caller: &Caller,
    lang: Lang,
    email: &str,
    password: &str,
    name: &str,
) -> Result<(), AppError> {
    match app
        .store
        .create_user(email, password, name, &caller.origin())
        .await
    {
        Ok(user) => send_confirmation(app, lang, user.id, &user.email).await,
        Err(StoreError::Conflict(_)) => {
            if let Some(user) = app.store.user_by_email(email).await? {
                mail::send(app, lang, &user.email, "mail-exists", None).await?;
            }
            Ok(())
        }
        Err(e) => Err(e.into()),
    }
}

async fn send_confirmation(
    app: &AppState,
    lang: Lang,
    user_id: i64,
    email: &str,
) -> Result<(), AppError> {
    let token = app
        .store
        .issue_email_token(user_id, EmailPurpose::Confirm)
        .await?;
    let link = mail::link(app, "/signup/confirm", &token);
    mail::send(app, lang, email, "mail-confirm", Some(&link)).await?;
    Ok(())
}

/// Confirms the address behind a one-time link; false when the link is unknown, used or expired.
pub async fn confirm(app: &AppState, caller: &Caller, token: &str) -> Result<bool, AppError> {
    match app
        .store
        .use_email_token(token, EmailPurpose::Confirm)
        .await?
    {
        Some(user_id) => {
            let mut origin = caller.origin();
            origin.user_id = Some(user_id);
            app.store.confirm_user(user_id, &origin).await?;
            Ok(true)
        }
        None => Ok(false),
    }
}

/// Sends the signed-in, unconfirmed account a new confirmation link.
pub async fn resend_confirmation(
    app: &AppState,
    caller: &Caller,
    lang: Lang,
) -> Result<(), AppError> {
    caller.require(Action::ManageOwnAccount, Target::None)?;
    let user = caller.user()?;
    if !user.confirmed {
        send_confirmation(app, lang, user.id, &user.email).await?;
    }
    Ok(())
}
