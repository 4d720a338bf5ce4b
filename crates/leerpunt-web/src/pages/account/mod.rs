//! The account pages, split by concern: sign-up and confirmation, login and logout, password
//! reset, and the account's own settings. This module holds the cookie plumbing they share.

pub mod login;
pub mod reset;
pub mod settings;
pub mod signup;

use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{Html, IntoResponse, Response};

use crate::actions::accounts::sessions;
use crate::actions::Caller;
use crate::auth::{secure_request, session_cookie};
use crate::error::AppError;
use crate::ui::Ui;
use crate::AppState;

/// Makes sure a visitor has a session (whose CSRF token the form carries); returns the `Ui` to
/// render with and the cookie to set when a session was created.
pub async fn with_session(
    app: &AppState,
    caller: &Caller,
    ui: Ui,
    headers: &HeaderMap,
) -> Result<(Ui, Option<HeaderValue>), AppError> {
    if caller.session.is_some() {
        return Ok((ui, None));
    }
    let (secret, session) = sessions::visitor_session(app).await?;
    let mut ui = ui;
    ui.csrf = session.csrf;
    Ok((
        ui,
        Some(session_cookie(&secret, secure_request(app, headers))),
    ))
}

/// A page response that may set a cookie.
pub fn page(status: StatusCode, html: Html<String>, cookie: Option<HeaderValue>) -> Response {
    let mut response = (status, html).into_response();
    if let Some(cookie) = cookie {
        response.headers_mut().append(header::SET_COOKIE, cookie);
    }
    response
}

/// A response that goes to `to` and sets a cookie.
pub fn redirect_with_cookie(to: &str, cookie: HeaderValue) -> Response {
    let mut response = axum::response::Redirect::to(to).into_response();
    response.headers_mut().append(header::SET_COOKIE, cookie);
    response
}
