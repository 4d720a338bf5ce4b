//! Accounts: sign-up with e-mail confirmation, login (throttled, session rotated), logout (here or
//! everywhere), password reset, and the account page (profile, organisation, password, API tokens,
//! download my data, delete my account).

use std::collections::BTreeMap;

use axum::extract::{Path, Query, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{Html, IntoResponse, Redirect, Response};
use leerpunt_core::access::{Action, Scope, Target};
use leerpunt_core::account::ProfileInput;
use leerpunt_store::{EmailPurpose, Login, StoreError};
use minijinja::context;
use serde::Deserialize;

use crate::auth::{clear_session_cookie, secure_request, session_cookie, Auth, FormData};
use crate::error::AppError;
use crate::i18n::t;
use crate::ui::Ui;
use crate::AppState;

/// Field errors keyed by field name, for showing next to the fields: the page language's text for
/// the field (`err-FIELD` in the Fluent files), else the rule's own message.
pub fn field_errors(e: &AppError, lang: leerpunt_core::Lang) -> Option<BTreeMap<String, String>> {
    match e {
        AppError::Invalid(fields) => {
            let mut out = BTreeMap::new();
            for f in fields {
                let key = format!("err-{}", f.field);
                let message = if crate::i18n::has_key(lang, &key) {
                    t(lang, &key, None)
                } else {
                    f.message.clone()
                };
                out.entry(f.field.clone()).or_insert(message);
            }
            Some(out)
        }
        _ => None,
    }
}

/// Makes sure a visitor has a session (whose CSRF token the form carries); returns the `Ui` to
/// render with and the cookie to set when a session was created.
pub async fn with_session(
    app: &AppState,
    auth: &Auth,
    ui: Ui,
    headers: &HeaderMap,
) -> Result<(Ui, Option<HeaderValue>), AppError> {
    if auth.session.is_some() {
        return Ok((ui, None));
    }
    let (secret, session) = app.store.create_session(None).await?;
    let mut ui = ui;
    ui.csrf = session.csrf;
    Ok((
        ui,
        Some(session_cookie(&secret, secure_request(app, headers))),
    ))
}

fn page(status: StatusCode, html: Html<String>, cookie: Option<HeaderValue>) -> Response {
    let mut response = (status, html).into_response();
    if let Some(cookie) = cookie {
        response.headers_mut().append(header::SET_COOKIE, cookie);
    }
    response
}

/// A local path to go to after login: must start with one `/` (no other sites) and hold no
/// control characters (it becomes a `Location` header).
fn safe_next(next: &str) -> String {
    if next.starts_with('/')
        && !next.starts_with("//")
        && !next.contains('\\')
        && !next.chars().any(char::is_control)
        && next.len() <= 2000
    {
        next.to_owned()
    } else {
        "/account".to_owned()
    }
}

fn link(app: &AppState, path: &str, token: &str) -> String {
    format!(
        "{}{path}?token={token}",
        app.config.public_url.trim_end_matches('/')
    )
}

/// The most mail one address gets from Leerpunt's forms in an hour.
pub const MAX_MAILS_PER_HOUR: i64 = 5;

async fn queue(
    app: &AppState,
    ui: &Ui,
    to: &str,
    key: &str,
    link: Option<&str>,
) -> Result<(), AppError> {
    // A form can make Leerpunt mail someone; a few messages an hour per address is plenty.
    if app.store.mail_count_last_hour(to).await? >= MAX_MAILS_PER_HOUR {
        tracing::warn!(key, "not mailing again within the hour");
        return Ok(());
    }
    let mut args = fluent_bundle::FluentArgs::new();
    if let Some(link) = link {
        args.set("link", link.to_owned());
    }
    args.set("site", app.config.public_url.clone());
    let subject = t(ui.lang, &format!("{key}-subject"), Some(&args));
    let body = t(ui.lang, &format!("{key}-body"), Some(&args));
    app.store.queue_mail(to, &subject, &body).await?;
    Ok(())
}

// ---- sign-up and confirmation ----

pub async fn signup_form(
    State(app): State<AppState>,
    auth: Auth,
    ui: Ui,
    headers: HeaderMap,
) -> Result<Response, AppError> {
    let (ui, cookie) = with_session(&app, &auth, ui, &headers).await?;
    let html = ui.render(
        "signup.html",
        context! { errors => BTreeMap::<String, String>::new(), form => context!{ email => "", name => "" }, done => false },
    )?;
    Ok(page(StatusCode::OK, html, cookie))
}

pub async fn signup(
    State(app): State<AppState>,
    ui: Ui,
    auth: Auth,
    form: FormData,
) -> Result<Response, AppError> {
    let email = form.get("email");
    let name = form.get("name");
    let rerender = |errors: BTreeMap<String, String>| {
        ui.render(
            "signup.html",
            context! { errors, form => context!{ email, name }, done => false },
        )
    };
    match app
        .store
        .create_user(email, form.get("password"), name, &auth.origin())
        .await
    {
        Ok(user) => {
            let token = app
                .store
                .issue_email_token(user.id, EmailPurpose::Confirm)
                .await?;
            let link = link(&app, "/signup/confirm", &token);
            queue(&app, &ui, &user.email, "mail-confirm", Some(&link)).await?;
        }
        Err(StoreError::Conflict(_)) => {
            // Same answer as a new sign-up, so the form does not reveal who has an account.
            if let Some(user) = app.store.user_by_email(email).await? {
                queue(&app, &ui, &user.email, "mail-exists", None).await?;
            }
        }
        Err(e) => {
            let e = AppError::from(e);
            return match field_errors(&e, ui.lang) {
                Some(errors) => {
                    Ok((StatusCode::UNPROCESSABLE_ENTITY, rerender(errors)?).into_response())
                }
                None => Err(e),
            };
        }
    }
    Ok(ui
        .render(
            "signup.html",
            context! { errors => BTreeMap::<String, String>::new(), form => context!{ email, name }, done => true },
        )?
        .into_response())
}

#[derive(Deserialize)]
pub struct TokenQuery {
    #[serde(default)]
    token: String,
}

pub async fn confirm_form(
    State(app): State<AppState>,
    auth: Auth,
    ui: Ui,
    headers: HeaderMap,
    Query(q): Query<TokenQuery>,
) -> Result<Response, AppError> {
    let (ui, cookie) = with_session(&app, &auth, ui, &headers).await?;
    let html = ui.render(
        "confirm.html",
        context! { token => q.token, error => None::<String>, done => false },
    )?;
    Ok(page(StatusCode::OK, html, cookie))
}

pub async fn confirm(
    State(app): State<AppState>,
    auth: Auth,
    ui: Ui,
    form: FormData,
) -> Result<Response, AppError> {
    let token = form.get("token");
    match app
        .store
        .use_email_token(token, EmailPurpose::Confirm)
        .await?
    {
        Some(user_id) => {
            let mut origin = auth.origin();
            origin.user_id = Some(user_id);
            app.store.confirm_user(user_id, &origin).await?;
            Ok(ui
                .render("confirm.html", context! { token => "", error => None::<String>, done => true })?
                .into_response())
        }
        None => Ok((
            StatusCode::UNPROCESSABLE_ENTITY,
            ui.render(
                "confirm.html",
                context! { token => "", error => t(ui.lang, "confirm-invalid", None), done => false },
            )?,
        )
            .into_response()),
    }
}

// ---- login and logout ----

#[derive(Deserialize)]
pub struct NextQuery {
    #[serde(default)]
    next: String,
}

pub async fn login_form(
    State(app): State<AppState>,
    auth: Auth,
    ui: Ui,
    headers: HeaderMap,
    Query(q): Query<NextQuery>,
) -> Result<Response, AppError> {
    let (ui, cookie) = with_session(&app, &auth, ui, &headers).await?;
    let html = ui.render(
        "login.html",
        context! { next => safe_next(&q.next), email => "", error => None::<String> },
    )?;
    Ok(page(StatusCode::OK, html, cookie))
}

pub async fn login(
    State(app): State<AppState>,
    auth: Auth,
    ui: Ui,
    headers: HeaderMap,
    form: FormData,
) -> Result<Response, AppError> {
    let email = form.get("email");
    let next = safe_next(form.get("next"));
    let outcome = app
        .store
        .login(email, form.get("password"), &auth.ip)
        .await?;
    let user = match outcome {
        Login::Ok(user) => user,
        Login::Invalid | Login::Throttled => {
            let (status, key) = if outcome == Login::Throttled {
                (StatusCode::TOO_MANY_REQUESTS, "login-throttled")
            } else {
                (StatusCode::UNPROCESSABLE_ENTITY, "login-invalid")
            };
            let html = ui.render(
                "login.html",
                context! { next, email, error => t(ui.lang, key, None) },
            )?;
            return Ok((status, html).into_response());
        }
    };
    // A new session on every login: a session id planted before login is worthless after it.
    if let Some(old) = &auth.session {
        app.store.delete_session(old.id).await?;
    }
    let (secret, _) = app.store.create_session(Some(user.id)).await?;
    let mut origin = auth.origin();
    origin.user_id = Some(user.id);
    app.store
        .audit(&origin, "user.login", "user", Some(user.id), "")
        .await?;
    let mut response = Redirect::to(&next).into_response();
    response.headers_mut().append(
        header::SET_COOKIE,
        session_cookie(&secret, secure_request(&app, &headers)),
    );
    Ok(response)
}

pub async fn logout(
    State(app): State<AppState>,
    auth: Auth,
    headers: HeaderMap,
) -> Result<Response, AppError> {
    if let Some(session) = &auth.session {
        app.store.delete_session(session.id).await?;
    }
    let mut response = Redirect::to("/").into_response();
    response.headers_mut().append(
        header::SET_COOKIE,
        clear_session_cookie(secure_request(&app, &headers)),
    );
    Ok(response)
}

pub async fn logout_everywhere(
    State(app): State<AppState>,
    auth: Auth,
    headers: HeaderMap,
) -> Result<Response, AppError> {
    auth.require(Action::ManageOwnAccount, Target::None)?;
    let user = auth.user()?;
    let n = app.store.delete_user_sessions(user.id).await?;
    app.store
        .audit(
            &auth.origin(),
            "user.logout_everywhere",
            "user",
            Some(user.id),
            &n.to_string(),
        )
        .await?;
    let mut response = Redirect::to("/login").into_response();
    response.headers_mut().append(
        header::SET_COOKIE,
        clear_session_cookie(secure_request(&app, &headers)),
    );
    Ok(response)
}

// ---- password reset ----

pub async fn forgot_form(
    State(app): State<AppState>,
    auth: Auth,
    ui: Ui,
    headers: HeaderMap,
) -> Result<Response, AppError> {
    let (ui, cookie) = with_session(&app, &auth, ui, &headers).await?;
    let html = ui.render("forgot.html", context! { done => false })?;
    Ok(page(StatusCode::OK, html, cookie))
}

pub async fn forgot(
    State(app): State<AppState>,
    ui: Ui,
    form: FormData,
) -> Result<Response, AppError> {
    if let Some(user) = app.store.user_by_email(form.get("email")).await? {
        let token = app
            .store
            .issue_email_token(user.id, EmailPurpose::Reset)
            .await?;
        let link = link(&app, "/login/reset", &token);
        queue(&app, &ui, &user.email, "mail-reset", Some(&link)).await?;
    }
    Ok(ui
        .render("forgot.html", context! { done => true })?
        .into_response())
}

pub async fn reset_form(
    State(app): State<AppState>,
    auth: Auth,
    ui: Ui,
    headers: HeaderMap,
    Query(q): Query<TokenQuery>,
) -> Result<Response, AppError> {
    let (ui, cookie) = with_session(&app, &auth, ui, &headers).await?;
    let valid = app
        .store
        .email_token_valid(&q.token, EmailPurpose::Reset)
        .await?;
    let html = ui.render(
        "reset.html",
        context! { token => q.token, valid, errors => BTreeMap::<String, String>::new() },
    )?;
    Ok(page(StatusCode::OK, html, cookie))
}

pub async fn reset(
    State(app): State<AppState>,
    auth: Auth,
    ui: Ui,
    form: FormData,
) -> Result<Response, AppError> {
    let token = form.get("token");
    let password = form.get("password");
    if let Err(e) = leerpunt_core::account::validate_password(password, "") {
        let errors = field_errors(&e.into(), ui.lang).unwrap_or_default();
        let html = ui.render("reset.html", context! { token, valid => true, errors })?;
        return Ok((StatusCode::UNPROCESSABLE_ENTITY, html).into_response());
    }
    let Some(user_id) = app
        .store
        .use_email_token(token, EmailPurpose::Reset)
        .await?
    else {
        let html = ui.render(
            "reset.html",
            context! { token => "", valid => false, errors => BTreeMap::<String, String>::new() },
        )?;
        return Ok((StatusCode::UNPROCESSABLE_ENTITY, html).into_response());
    };
    let mut origin = auth.origin();
    origin.user_id = Some(user_id);
    app.store.set_password(user_id, password, &origin).await?;
    app.store.confirm_user(user_id, &origin).await?;
    Ok(Redirect::to("/login?next=/account").into_response())
}

// ---- the account page ----

/// What a POST on the account page adds to it: errors of one form, a notice, a new token.
#[derive(Default)]
struct Extras {
    errors: BTreeMap<String, String>,
    notice: Option<&'static str>,
    new_token: Option<String>,
}

async fn render_account(
    app: &AppState,
    auth: &Auth,
    ui: &Ui,
    extras: Extras,
    form: Option<&FormData>,
) -> Result<Html<String>, AppError> {
    let user = auth.user()?;
    let profile = app.store.profile(user.id).await?;
    let tokens = app.store.api_tokens(user.id).await?;
    let editor_of = app.store.editor_of_codes(user.id).await?;
    let mut editor_orgs = Vec::new();
    for code in &editor_of {
        if let Ok(o) = app.store.organisation(code).await {
            editor_orgs.push(super::OrgView::new(&o, ui.lang));
        }
    }
    let drafts = app
        .store
        .unpublished_practices(Some(&auth.actor.editor_of), None)
        .await?;
    let organisation = match &user.organisation {
        Some(code) => app
            .store
            .organisation(code)
            .await
            .ok()
            .map(|o| super::OrgView::new(&o, ui.lang)),
        None => None,
    };
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
        _ => match &profile {
            Some(p) => {
                context! { name => p.name.clone(), role => p.role.clone(), expertise => p.expertise.join(", "), public => p.public }
            }
            None => {
                context! { name => user.name.clone(), role => "", expertise => "", public => false }
            }
        },
    };
    let roles: Vec<String> = auth
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
            organisation,
            editor_orgs,
            drafts => drafts.iter().map(|p| super::contribute::WorkView::new(p, ui.lang)).collect::<Vec<_>>(),
            profile => profile.clone(),
            profile_form,
            tokens,
            scopes => Scope::ALL.iter().map(|s| s.key()).collect::<Vec<_>>(),
            errors => extras.errors,
            notice => extras.notice,
            new_token => extras.new_token,
            can_join => auth.can(Action::JoinOrganisation, Target::None),
            can_tokens => auth.can(Action::ManageOwnTokens, Target::None),
            can_profile => auth.can(Action::EditOwnProfile, Target::None),
            can_review => auth.can(Action::ViewReviewQueue, Target::None),
            can_admin => auth.can(Action::ManageUsers, Target::None),
            can_create => auth.actor.can_for_some_organisation(Action::CreatePractice),
        },
    )
}

pub async fn account(
    State(app): State<AppState>,
    auth: Auth,
    ui: Ui,
) -> Result<Response, AppError> {
    auth.require(Action::ManageOwnAccount, Target::None)?;
    Ok(render_account(&app, &auth, &ui, Extras::default(), None)
        .await?
        .into_response())
}

/// Renders the account page after a POST: 200 with a notice, or 422 with the form's errors.
async fn after(
    app: &AppState,
    auth: &Auth,
    ui: &Ui,
    result: Result<&'static str, AppError>,
    form: &FormData,
) -> Result<Response, AppError> {
    match result {
        Ok(notice) => Ok(render_account(
            app,
            auth,
            ui,
            Extras {
                notice: Some(notice),
                ..Extras::default()
            },
            None,
        )
        .await?
        .into_response()),
        Err(e) => match field_errors(&e, ui.lang) {
            Some(errors) => Ok((
                StatusCode::UNPROCESSABLE_ENTITY,
                render_account(
                    app,
                    auth,
                    ui,
                    Extras {
                        errors,
                        ..Extras::default()
                    },
                    Some(form),
                )
                .await?,
            )
                .into_response()),
            None => Err(e),
        },
    }
}

pub async fn resend_confirmation(
    State(app): State<AppState>,
    auth: Auth,
    ui: Ui,
    form: FormData,
) -> Result<Response, AppError> {
    auth.require(Action::ManageOwnAccount, Target::None)?;
    let user = auth.user()?;
    if !user.confirmed {
        let token = app
            .store
            .issue_email_token(user.id, EmailPurpose::Confirm)
            .await?;
        let link = link(&app, "/signup/confirm", &token);
        queue(&app, &ui, &user.email, "mail-confirm", Some(&link)).await?;
    }
    after(&app, &auth, &ui, Ok("notice-confirmation-sent"), &form).await
}

pub async fn change_password(
    State(app): State<AppState>,
    auth: Auth,
    ui: Ui,
    headers: HeaderMap,
    form: FormData,
) -> Result<Response, AppError> {
    auth.require(Action::ManageOwnAccount, Target::None)?;
    let user = auth.user()?.clone();
    let result = match app
        .store
        .login(&user.email, form.get("current"), &auth.ip)
        .await?
    {
        Login::Ok(_) => app
            .store
            .set_password(user.id, form.get("password"), &auth.origin())
            .await
            .map(|()| "notice-password-changed")
            .map_err(AppError::from),
        Login::Invalid => Err(AppError::Invalid(vec![leerpunt_core::FieldError::new(
            "current",
            t(ui.lang, "password-current-wrong", None),
        )])),
        Login::Throttled => Err(AppError::TooManyRequests(t(
            ui.lang,
            "login-throttled",
            None,
        ))),
    };
    if result.is_ok() {
        // Every session ended with the password change; start a fresh one for this browser.
        let (secret, _) = app.store.create_session(Some(user.id)).await?;
        let mut response = Redirect::to("/account").into_response();
        response.headers_mut().append(
            header::SET_COOKIE,
            session_cookie(&secret, secure_request(&app, &headers)),
        );
        return Ok(response);
    }
    after(&app, &auth, &ui, result, &form).await
}

pub async fn join_organisation(
    State(app): State<AppState>,
    auth: Auth,
    ui: Ui,
    form: FormData,
) -> Result<Response, AppError> {
    auth.require(Action::JoinOrganisation, Target::None)?;
    let user = auth.user()?;
    let code = form.get("organisation").trim();
    let result = app
        .store
        .set_user_organisation(user.id, (!code.is_empty()).then_some(code), &auth.origin())
        .await
        .map(|()| "notice-organisation-saved")
        .map_err(AppError::from);
    let auth = refreshed(&app, auth).await?;
    after(&app, &auth, &ui, result, &form).await
}

async fn refreshed(app: &AppState, mut auth: Auth) -> Result<Auth, AppError> {
    if let Some(user) = &auth.user {
        auth.user = Some(app.store.user(user.id).await?);
    }
    Ok(auth)
}

pub async fn save_profile(
    State(app): State<AppState>,
    auth: Auth,
    ui: Ui,
    form: FormData,
) -> Result<Response, AppError> {
    auth.require(Action::EditOwnProfile, Target::None)?;
    let user = auth.user()?;
    let input = ProfileInput {
        name: form.get("name").to_owned(),
        role: form.get("role").to_owned(),
        expertise: form.get("expertise").to_owned(),
        public: form.checked("public"),
    };
    let result = app
        .store
        .save_profile(user.id, &input, &auth.origin())
        .await
        .map(|_| "notice-profile-saved")
        .map_err(AppError::from);
    after(&app, &auth, &ui, result, &form).await
}

pub async fn create_token(
    State(app): State<AppState>,
    auth: Auth,
    ui: Ui,
    form: FormData,
) -> Result<Response, AppError> {
    auth.require(Action::ManageOwnTokens, Target::None)?;
    let user = auth.user()?;
    let scopes = match Scope::parse_list(&form.all("scope").join(" ")) {
        Ok(s) => s,
        Err(e) => return after(&app, &auth, &ui, Err(e.into()), &form).await,
    };
    match app
        .store
        .create_api_token(user.id, form.get("name"), &scopes, &auth.origin())
        .await
    {
        Ok((secret, _)) => Ok(render_account(
            &app,
            &auth,
            &ui,
            Extras {
                new_token: Some(secret),
                notice: Some("notice-token-created"),
                ..Extras::default()
            },
            None,
        )
        .await?
        .into_response()),
        Err(e) => after(&app, &auth, &ui, Err(e.into()), &form).await,
    }
}

pub async fn revoke_token(
    State(app): State<AppState>,
    auth: Auth,
    ui: Ui,
    Path(id): Path<String>,
    form: FormData,
) -> Result<Response, AppError> {
    auth.require(Action::ManageOwnTokens, Target::None)?;
    let user = auth.user()?;
    let id: i64 = id
        .parse()
        .map_err(|_| AppError::NotFound(format!("token {id}")))?;
    app.store
        .revoke_api_token(user.id, id, &auth.origin())
        .await?;
    after(&app, &auth, &ui, Ok("notice-token-revoked"), &form).await
}

pub async fn export(State(app): State<AppState>, auth: Auth) -> Result<Response, AppError> {
    auth.require(Action::ManageOwnAccount, Target::None)?;
    let user = auth.user()?;
    let data = app.store.export_user_data(user.id).await?;
    app.store
        .audit(&auth.origin(), "user.export", "user", Some(user.id), "")
        .await?;
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
    auth: Auth,
    ui: Ui,
    headers: HeaderMap,
    form: FormData,
) -> Result<Response, AppError> {
    auth.require(Action::ManageOwnAccount, Target::None)?;
    let user = auth.user()?;
    if !form.checked("confirm") {
        let e = AppError::Invalid(vec![leerpunt_core::FieldError::new(
            "confirm",
            t(ui.lang, "delete-confirm-needed", None),
        )]);
        return after(&app, &auth, &ui, Err(e), &form).await;
    }
    app.store.delete_user(user.id, &auth.origin()).await?;
    let mut ui = ui;
    ui.account = None;
    let mut response = (StatusCode::OK, ui.render("deleted.html", context! {})?).into_response();
    response.headers_mut().append(
        header::SET_COOKIE,
        clear_session_cookie(secure_request(&app, &headers)),
    );
    Ok(response)
}
