//! One's own account: what it holds (profile, organisation, drafts, tokens), and changing it —
//! password, organisation, public profile, API tokens — downloading its data and deleting it.

use leerpunt_core::access::{Action, Scope, Target};
use leerpunt_core::account::ProfileInput;
use leerpunt_core::{FieldError, Lang, Organisation, Person, Practice};
use leerpunt_store::{ApiToken, Login, User};

use crate::actions::{optional, Caller};
use crate::error::AppError;
use crate::i18n::t;
use crate::AppState;

/// Everything the account page shows.
#[derive(Debug)]
pub struct Account {
    pub user: User,
    pub profile: Option<Person>,
    pub tokens: Vec<ApiToken>,
    /// The organisations the account edits for.
    pub editor_of: Vec<Organisation>,
    /// Unpublished practices of those organisations.
    pub drafts: Vec<Practice>,
    /// The organisation the account says it works for.
    pub organisation: Option<Organisation>,
    /// What the account follows, and how often it gets the digest.
    pub following: Vec<crate::actions::follows::Followed>,
    pub digest: leerpunt_core::helpdesk::Digest,
}

/// The caller's own account.
pub async fn account(app: &AppState, caller: &Caller, lang: Lang) -> Result<Account, AppError> {
    caller.require(Action::ManageOwnAccount, Target::None)?;
    let user = caller.user()?.clone();
    let mut editor_of = Vec::new();
    for code in app.store.editor_of_codes(user.id).await? {
        if let Some(o) = optional(app.store.organisation(&code).await)? {
            editor_of.push(o);
        }
    }
    let organisation = match &user.organisation {
        Some(code) => optional(app.store.organisation(code).await)?,
        None => None,
    };
    let (following, digest) = crate::actions::follows::following(app, caller, lang).await?;
    Ok(Account {
        following,
        digest,
        profile: app.store.profile(user.id).await?,
        tokens: app.store.api_tokens(user.id).await?,
        drafts: app
            .store
            .unpublished_practices(Some(&caller.actor.editor_of), None)
            .await?,
        editor_of,
        organisation,
        user,
    })
}

/// Changes the password after checking the current one. Every session ends with it; the
/// returned secret is a fresh session for the browser that asked.
pub async fn change_password(
    app: &AppState,
    caller: &Caller,
    lang: Lang,
    current: &str,
    new: &str,
) -> Result<String, AppError> {
    caller.require(Action::ManageOwnAccount, Target::None)?;
    let user = caller.user()?;
    match app.store.login(&user.email, current, &caller.ip).await? {
        Login::Ok(_) => {}
        Login::Invalid => {
            return Err(AppError::Invalid(vec![FieldError::new(
                "current",
                t(lang, "password-current-wrong", None),
            )]))
        }
        Login::Throttled => {
            return Err(AppError::TooManyRequests(t(lang, "login-throttled", None)))
        }
    }
    app.store
        .set_password(user.id, new, &caller.origin())
        .await?;
    let (secret, _) = app.store.create_session(Some(user.id)).await?;
    Ok(secret)
}

/// Says which organisation the account works for (empty: none); returns the account as stored.
pub async fn join_organisation(
    app: &AppState,
    caller: &Caller,
    code: &str,
) -> Result<User, AppError> {
    caller.require(Action::JoinOrganisation, Target::None)?;
    let user = caller.user()?;
    let code = code.trim();
    app.store
        .set_user_organisation(
            user.id,
            (!code.is_empty()).then_some(code),
            &caller.origin(),
        )
        .await?;
    Ok(app.store.user(user.id).await?)
}

/// Saves the caller's public profile.
pub async fn save_profile(
    app: &AppState,
    caller: &Caller,
    input: &ProfileInput,
) -> Result<(), AppError> {
    caller.require(Action::EditOwnProfile, Target::None)?;
    let user = caller.user()?;
    app.store
        .save_profile(user.id, input, &caller.origin())
        .await?;
    Ok(())
}

/// Makes an API token with the given scopes (space-separated keys); returns its secret, shown once.
pub async fn create_token(
    app: &AppState,
    caller: &Caller,
    name: &str,
    scopes: &str,
) -> Result<String, AppError> {
    caller.require(Action::ManageOwnTokens, Target::None)?;
    let user = caller.user()?;
    let scopes = Scope::parse_list(scopes)?;
    let (secret, _) = app
        .store
        .create_api_token(user.id, name, &scopes, &caller.origin())
        .await?;
    Ok(secret)
}

/// Revokes one of the caller's tokens (another's is a 404).
pub async fn revoke_token(app: &AppState, caller: &Caller, id: &str) -> Result<(), AppError> {
    caller.require(Action::ManageOwnTokens, Target::None)?;
    let user = caller.user()?;
    let id: i64 = id
        .parse()
        .map_err(|_| AppError::NotFound(format!("token {id}")))?;
    app.store
        .revoke_api_token(user.id, id, &caller.origin())
        .await?;
    Ok(())
}

/// Everything Leerpunt keeps about the caller, as one JSON document (the download is audited).
pub async fn export(app: &AppState, caller: &Caller) -> Result<serde_json::Value, AppError> {
    caller.require(Action::ManageOwnAccount, Target::None)?;
    let user = caller.user()?;
    let data = app.store.export_user_data(user.id).await?;
    app.store
        .audit(&caller.origin(), "user.export", "user", Some(user.id), "")
        .await?;
    Ok(data)
}

/// Deletes the caller's account (contributions stay, without the account); needs `confirmed`.
pub async fn delete_account(
    app: &AppState,
    caller: &Caller,
    lang: Lang,
    confirmed: bool,
) -> Result<(), AppError> {
    caller.require(Action::ManageOwnAccount, Target::None)?;
    let user = caller.user()?;
    if !confirmed {
        return Err(AppError::Invalid(vec![FieldError::new(
            "confirm",
            t(lang, "delete-confirm-needed", None),
        )]));
    }
    app.store.delete_user(user.id, &caller.origin()).await?;
    Ok(())
}
