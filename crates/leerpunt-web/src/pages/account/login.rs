//! `/login` and `/logout`: signing in (throttled, session rotated) and out, here or everywhere.

use axum::extract::{Query, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use minijinja::context;
use serde::Deserialize;

use super::{page, redirect_with_cookie, with_session};
use crate::actions::accounts::sessions::{self, LoginOutcome};
use crate::actions::Caller;
use crate::auth::{clear_session_cookie, secure_request, session_cookie};
use crate::error::AppError;
use crate::extract::FormData;
use crate::i18n::t;
use crate::ui::Ui;
use crate::AppState;

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

#[derive(Deserialize)]
pub struct NextQuery {
    #[serde(default)]
    next: String,
}

pub async fn login_form(
    State(app): State<AppState>,
    caller: Caller,
    ui: Ui,
    headers: HeaderMap,
    Query(q): Query<NextQuery>,
) -> Result<Response, AppError> {
    let (ui, cookie) = with_session(&app, &caller, ui, &headers).await?;
    let html = ui.render(
        "login.html",
        context! { next => safe_next(&q.next), email => "", error => None::<String> },
    )?;
    Ok(page(StatusCode::OK, html, cookie))
}

pub async fn login(
    State(app): State<AppState>,
    caller: Caller,
    ui: Ui,
    headers: HeaderMap,
    form: FormData,
) -> Result<Response, AppError> {
    let email = form.get("email");
    let next = safe_next(form.get("next"));
    let (status, key) = match sessions::log_in(&app, &caller, email, form.get("password")).await? {
        LoginOutcome::SignedIn(secret) => {
            let cookie = session_cookie(&secret, secure_request(&app, &headers));
            return Ok(redirect_with_cookie(&next, cookie));
        }
        LoginOutcome::Throttled => (StatusCode::TOO_MANY_REQUESTS, "login-throttled"),
        LoginOutcome::Invalid => (StatusCode::UNPROCESSABLE_ENTITY, "login-invalid"),
    };
    let html = ui.render(
        "login.html",
        context! { next, email, error => t(ui.lang, key, None) },
    )?;
    Ok((status, html).into_response())
}

fn signed_out(app: &AppState, headers: &HeaderMap, to: &str) -> Response {
    let mut response = Redirect::to(to).into_response();
    response.headers_mut().append(
        header::SET_COOKIE,
        clear_session_cookie(secure_request(app, headers)),
    );
    response
}

pub async fn logout(
    State(app): State<AppState>,
    caller: Caller,
    headers: HeaderMap,
) -> Result<Response, AppError> {
    sessions::log_out(&app, &caller).await?;
    Ok(signed_out(&app, &headers, "/"))
}

pub async fn logout_everywhere(
    State(app): State<AppState>,
    caller: Caller,
    headers: HeaderMap,
) -> Result<Response, AppError> {
    sessions::log_out_everywhere(&app, &caller).await?;
    Ok(signed_out(&app, &headers, "/login"))
}
