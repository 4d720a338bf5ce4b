//! `/account`: the account page (profile, organisation, password, API tokens, drafts) and its
//! forms, "download my data" and "delete my account".

use std::collections::BTreeMap;

use axum::extract::{Path, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{Html, IntoResponse, Response};
use leerpunt_core::access::{Action, Scope, Target};
use leerpunt_core::account::ProfileInput;
use minijinja::context;

use super::redirect_with_cookie;
use crate::actions::accounts::{settings, signup};
use crate::actions::Caller;
use crate::auth::{clear_session_cookie, secure_request, session_cookie};
use crate::error::AppError;
use crate::extract::FormData;
use crate::i18n::t;
use crate::pages::{field_errors, OrgView, WorkView};
use crate::ui::Ui;
use crate::AppState;

/// What a POST on the account page adds to it: errors of one form, a notice, a new token.
#[derive(Default)]
struct Extras {
    errors: BTreeMap<String, String>,
    notice: Option<&'static str>,
    new_token: Option<String>,
}

async fn render_account(
    app: &AppState,
    caller: &Caller,
    ui: &Ui,
    extras: Extras,
    form: Option<&FormData>,
) -> Result<Html<String>, AppError> {
    let account = settings::account(app, caller, ui.lang).await?;
    let user = &account.user;
    let profile_form = match form {
        Some(f)
            if extras
                .errors
                .keys()
                .any(|k| ["name", "role", "expertise"].contains(&k.as_str())) =>
        {
            context! {
                name => f.get("name"), role => f.get("role"), expertise => f.get("expertise"), public => f.checked("public"),
            }
        }
        _ => match &account.profile {
            Some(p) => {
                context! { name => p.name.clone(), role => p.role.clone(), expertise => p.expertise.join(", "), public => p.public }
            }
            None => {
                context! { name => user.name.clone(), role => "", expertise => "", public => false }
            }
        },
    };
    let roles: Vec<String> = caller
        .actor
        .roles()
        .iter()
        .skip(1)
        .map(|r| t(ui.lang, &format!("role-{}", r.key()), None))
        .collect();
    ui.render(
        "account.html",
        context! {
            user => user.clone(),
            roles,
            organisation => account.organisation.as_ref().map(|o| OrgView::new(o, ui.lang)),
            editor_orgs => account.editor_of.iter().map(|o| OrgView::new(o, ui.lang)).collect::<Vec<_>>(),
            drafts => account.drafts.iter().map(|p| WorkView::new(p, ui.lang)).collect::<Vec<_>>(),
            profile => account.profile.clone(),
            profile_form,
            tokens => account.tokens,
            following => account.following.iter().map(|f| context! {
                kind => f.kind.key(), target => f.target.clone(), name => f.name.clone(), path => f.path.clone(),
            }).collect::<Vec<_>>(),
            digest => account.digest.key(),
            scopes => Scope::ALL.iter().map(|s| s.key()).collect::<Vec<_>>(),
            errors => extras.errors,
            notice => extras.notice,
            new_token => extras.new_token,
            can_join => caller.can(Action::JoinOrganisation, Target::None),
            can_tokens => caller.can(Action::ManageOwnTokens, Target::None),
            can_profile => caller.can(Action::EditOwnProfile, Target::None),
            can_review => caller.can(Action::ViewReviewQueue, Target::None),
            can_admin => caller.can(Action::ManageUsers, Target::None),
            can_create => caller.actor.can_for_some_organisation(Action::CreatePractice),
        },
    )
}

pub async fn account(
    State(app): State<AppState>,
    caller: Caller,
    ui: Ui,
) -> Result<Response, AppError> {
    Ok(render_account(&app, &caller, &ui, Extras::default(), None)
        .await?
        .into_response())
}

/// Renders the account page after a POST: 200 with a notice, or 422 with the form's errors.
async fn after(
    app: &AppState,
    caller: &Caller,
    ui: &Ui,
    result: Result<&'static str, AppError>,
    form: &FormData,
) -> Result<Response, AppError> {
    match result {
        Ok(notice) => {
            let extras = Extras {
                notice: Some(notice),
                ..Extras::default()
            };
            Ok(render_account(app, caller, ui, extras, None)
                .await?
                .into_response())
        }
        Err(e) => match field_errors(&e, ui.lang) {
            Some(errors) => {
                let extras = Extras {
                    errors,
                    ..Extras::default()
                };
                let html = render_account(app, caller, ui, extras, Some(form)).await?;
                Ok((StatusCode::UNPROCESSABLE_ENTITY, html).into_response())
            }
            None => Err(e),
        },
    }
}

pub async fn resend_confirmation(
    State(app): State<AppState>,
    caller: Caller,
    ui: Ui,
    form: FormData,
) -> Result<Response, AppError> {
    signup::resend_confirmation(&app, &caller, ui.lang).await?;
    after(&app, &caller, &ui, Ok("notice-confirmation-sent"), &form).await
}

pub async fn change_password(
    State(app): State<AppState>,
    caller: Caller,
    ui: Ui,
    headers: HeaderMap,
    form: FormData,
) -> Result<Response, AppError> {
    match settings::change_password(
        &app,
        &caller,
        ui.lang,
        form.get("current"),
        form.get("password"),
    )
    .await
    {
        Ok(secret) => {
            // Every session ended with the password change; this browser gets a fresh one.
            let cookie = session_cookie(&secret, secure_request(&app, &headers));
            Ok(redirect_with_cookie("/account", cookie))
        }
        Err(e) => after(&app, &caller, &ui, Err(e), &form).await,
    }
}

pub async fn join_organisation(
    State(app): State<AppState>,
    mut caller: Caller,
    ui: Ui,
    form: FormData,
) -> Result<Response, AppError> {
    let result = match settings::join_organisation(&app, &caller, form.get("organisation")).await {
        Ok(user) => {
            caller.user = Some(user);
            Ok("notice-organisation-saved")
        }
        Err(e) => Err(e),
    };
    after(&app, &caller, &ui, result, &form).await
}

pub async fn save_profile(
    State(app): State<AppState>,
    caller: Caller,
    ui: Ui,
    form: FormData,
) -> Result<Response, AppError> {
    let input = ProfileInput {
        name: form.get("name").to_owned(),
        role: form.get("role").to_owned(),
        expertise: form.get("expertise").to_owned(),
        public: form.checked("public"),
    };
    let result = settings::save_profile(&app, &caller, &input)
        .await
        .map(|()| "notice-profile-saved");
    after(&app, &caller, &ui, result, &form).await
}

pub async fn create_token(
    State(app): State<AppState>,
    caller: Caller,
    ui: Ui,
    form: FormData,
) -> Result<Response, AppError> {
    let scopes = form.all("scope").join(" ");
    match settings::create_token(&app, &caller, form.get("name"), &scopes).await {
        Ok(secret) => {
            let extras = Extras {
                new_token: Some(secret),
                notice: Some("notice-token-created"),
                ..Extras::default()
            };
            Ok(render_account(&app, &caller, &ui, extras, None)
                .await?
                .into_response())
        }
        Err(e) => after(&app, &caller, &ui, Err(e), &form).await,
    }
}

pub async fn revoke_token(
    State(app): State<AppState>,
    caller: Caller,
    ui: Ui,
    Path(id): Path<String>,
    form: FormData,
) -> Result<Response, AppError> {
    settings::revoke_token(&app, &caller, &id).await?;
    after(&app, &caller, &ui, Ok("notice-token-revoked"), &form).await
}

pub async fn export(State(app): State<AppState>, caller: Caller) -> Result<Response, AppError> {
    let data = settings::export(&app, &caller).await?;
    let body = serde_json::to_string_pretty(&data)
        .map_err(|e| AppError::Internal(format!("export: {e}")))?;
    Ok((
        [
            (header::CONTENT_TYPE, "application/json; charset=utf-8"),
            (
                header::CONTENT_DISPOSITION,
                "attachment; filename=\"leerpunt-mijn-gegevens.json\"",
            ),
        ],
        body,
    )
        .into_response())
}

pub async fn delete_account(
    State(app): State<AppState>,
    caller: Caller,
    ui: Ui,
    headers: HeaderMap,
    form: FormData,
) -> Result<Response, AppError> {
    if let Err(e) = settings::delete_account(&app, &caller, ui.lang, form.checked("confirm")).await
    {
        return after(&app, &caller, &ui, Err(e), &form).await;
    }
    let mut ui = ui;
    ui.account = None;
    let mut response = (StatusCode::OK, ui.render("deleted.html", context! {})?).into_response();
    response.headers_mut().append(
        header::SET_COOKIE,
        clear_session_cookie(secure_request(&app, &headers)),
    );
    Ok(response)
}
