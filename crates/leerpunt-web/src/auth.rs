//! Who is asking, checked once in front of every route: the session cookie (pages) or the bearer
//! token (API), the access registry for state-changing routes, and the CSRF token of every form.
//!
//! The layer runs after routing, so it knows the route pattern. A state-changing request (any
//! method but GET, HEAD and OPTIONS) whose route is not in [`crate::routes::ROUTES`] is refused
//! with 405 before a handler runs; one that needs an account is refused for visitors; and one
//! outside the API must carry the session's CSRF token. The use cases in `actions` then ask
//! [`Caller::require`], which calls the one access decision in `leerpunt-core`.

use axum::body::Body;
use axum::extract::{ConnectInfo, FromRequestParts, MatchedPath, Request, State};
use axum::http::{header, request::Parts, HeaderMap, HeaderValue, Method};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use leerpunt_core::access::{Actor, Scope};
use leerpunt_store::{constant_time_eq, User, SESSION_DAYS};

use crate::actions::Caller;
use crate::error::AppError;
use crate::routes::{self, Access, Verb};
use crate::ui::{AccountNav, Ui};
use crate::AppState;

/// The name of the session cookie.
pub const SESSION_COOKIE: &str = "lp_session";
/// The name of the form field that carries the CSRF token.
pub const CSRF_FIELD: &str = "csrf";

impl<S: Send + Sync> FromRequestParts<S> for Caller {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        parts
            .extensions
            .get::<Caller>()
            .cloned()
            .ok_or_else(|| AppError::Internal("auth middleware not installed".into()))
    }
}

fn cookie(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|c| c.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v.trim().to_owned())
}

/// The client address: the connection's, or the first `X-Forwarded-For` entry behind a trusted proxy.
pub fn client_ip(parts: &Parts, trust_proxy: bool) -> String {
    if trust_proxy {
        if let Some(forwarded) = parts
            .headers
            .get("x-forwarded-for")
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.split(',').next())
            .map(str::trim)
            .filter(|v| !v.is_empty() && v.len() <= 64)
        {
            return forwarded.to_owned();
        }
    }
    parts
        .extensions
        .get::<ConnectInfo<std::net::SocketAddr>>()
        .map(|c| c.0.ip().to_string())
        .unwrap_or_else(|| "unknown".to_owned())
}

/// Whether cookies set on this request must be `Secure`: Leerpunt is served over https
/// (`public_url`), or a trusted proxy says the request came over TLS.
pub fn secure_request(app: &AppState, headers: &HeaderMap) -> bool {
    app.config.secure_cookies()
        || (app.config.trust_proxy
            && headers
                .get("x-forwarded-proto")
                .and_then(|v| v.to_str().ok())
                .is_some_and(|v| v.eq_ignore_ascii_case("https")))
}

/// The `Set-Cookie` value that stores a session secret (`HttpOnly`, `SameSite=Lax`, `Secure` over TLS).
pub fn session_cookie(secret: &str, secure: bool) -> HeaderValue {
    let value = format!(
        "{SESSION_COOKIE}={secret}; Path=/; HttpOnly; SameSite=Lax; Max-Age={}{}",
        SESSION_DAYS * 24 * 3600,
        if secure { "; Secure" } else { "" }
    );
    HeaderValue::from_str(&value).unwrap_or_else(|_| HeaderValue::from_static(""))
}

/// The `Set-Cookie` value that removes the session cookie.
pub fn clear_session_cookie(secure: bool) -> HeaderValue {
    HeaderValue::from_static(if secure {
        "lp_session=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0; Secure"
    } else {
        "lp_session=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0"
    })
}

async fn actor_for(app: &AppState, user: &User) -> Result<Actor, AppError> {
    Ok(app.store.actor(user, &app.config.member_domains).await?)
}

async fn identify(app: &AppState, parts: &Parts, auth: &mut Caller) -> Result<(), AppError> {
    if parts.uri.path().starts_with("/api/") {
        let Some(value) = parts.headers.get(header::AUTHORIZATION) else {
            return Ok(());
        };
        let secret = value
            .to_str()
            .ok()
            .and_then(|v| v.strip_prefix("Bearer "))
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .ok_or(AppError::Unauthenticated)?;
        let (token, user) = app
            .store
            .api_token(secret)
            .await?
            .ok_or(AppError::Unauthenticated)?;
        let mut actor = actor_for(app, &user).await?;
        actor.token_scopes = Some(Scope::parse_list(&token.scopes).map_err(|e| {
            AppError::Internal(format!("stored scopes of token {}: {e}", token.id))
        })?);
        auth.actor = actor;
        auth.token_id = Some(token.id);
        auth.user = Some(user);
        return Ok(());
    }
    let Some(secret) = cookie(&parts.headers, SESSION_COOKIE) else {
        return Ok(());
    };
    let Some(session) = app.store.session(&secret).await? else {
        return Ok(());
    };
    if let Some(user_id) = session.user_id {
        let user = app.store.user(user_id).await?;
        auth.actor = actor_for(app, &user).await?;
        auth.user = Some(user);
    }
    auth.session = Some(session);
    Ok(())
}

/// The middleware: identifies the caller, enforces the write-route registry and CSRF tokens.
pub async fn layer(State(app): State<AppState>, request: Request, next: Next) -> Response {
    let (mut parts, body) = request.into_parts();
    let mut auth = Caller::visitor(client_ip(&parts, app.config.trust_proxy));
    if let Err(e) = identify(&app, &parts, &mut auth).await {
        return e.into_response();
    }
    let api = parts.uri.path().starts_with("/api/");
    let mut body = body;
    let safe = matches!(parts.method, Method::GET | Method::HEAD | Method::OPTIONS);
    if !safe {
        let matched = parts
            .extensions
            .get::<MatchedPath>()
            .map(|m| m.as_str().to_owned());
        if let Some(pattern) = matched {
            let Some(route) = Verb::of(&parts.method)
                .and_then(|verb| routes::find(verb, &pattern))
                .filter(|r| r.writes())
            else {
                return axum::http::StatusCode::METHOD_NOT_ALLOWED.into_response();
            };
            let access = route.access;
            if matches!(access, Access::Requires(_)) && !auth.actor.is_signed_in() {
                return AppError::Unauthenticated.into_response();
            }
            if !api {
                let bytes = match axum::body::to_bytes(body, routes::BODY_LIMIT).await {
                    Ok(b) => b,
                    Err(_) => {
                        return axum::http::StatusCode::PAYLOAD_TOO_LARGE.into_response();
                    }
                };
                let sent = form_urlencoded::parse(&bytes)
                    .find(|(k, _)| k == CSRF_FIELD)
                    .map(|(_, v)| v.into_owned());
                let valid = match (&auth.session, sent) {
                    (Some(session), Some(sent)) => constant_time_eq(&session.csrf, &sent),
                    _ => false,
                };
                if !valid {
                    return AppError::Forbidden(
                        "this form has expired or did not come from this site: reload the page and try again"
                            .to_owned(),
                    )
                    .into_response();
                }
                body = Body::from(bytes);
            }
        }
    }
    if let Some(ui) = parts.extensions.get_mut::<Ui>() {
        if let Some(session) = &auth.session {
            ui.csrf = session.csrf.clone();
        }
        ui.account = auth.user.as_ref().map(|u| AccountNav {
            email: u.email.clone(),
            admin: auth.actor.admin && u.confirmed,
            broker: auth.actor.broker && u.confirmed,
        });
    }
    let signed_in = auth.user.is_some();
    parts.extensions.insert(auth);
    let mut response = next.run(Request::from_parts(parts, body)).await;
    if signed_in && !response.headers().contains_key(header::CACHE_CONTROL) {
        response
            .headers_mut()
            .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    response
}
