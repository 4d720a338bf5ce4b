//! Per-request UI context: the language (query, cookie, Accept-Language, default Dutch), the
//! language-switch link, security headers, and rendering of every error response as a page or JSON.

use axum::body::Body;
use axum::extract::{FromRequestParts, Request};
use axum::http::{header, request::Parts, HeaderMap, HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::{Html, IntoResponse, Response};
use leerpunt_core::Lang;
use minijinja::{context, Value};

use crate::error::{code_for_status, AppError, ErrorInfo};

/// What every page needs to know about the request.
#[derive(Debug, Clone)]
pub struct Ui {
    pub lang: Lang,
    pub path: String,
    pub query: Option<String>,
    /// The CSRF token every form of this page carries (empty without a session).
    pub csrf: String,
    /// The signed-in account, for the header.
    pub account: Option<AccountNav>,
}

/// What the header shows of the signed-in account.
#[derive(Debug, Clone, serde::Serialize)]
pub struct AccountNav {
    pub email: String,
    pub admin: bool,
    pub broker: bool,
}

impl Ui {
    /// The current URL with `lang` switched to the other language.
    pub fn switch_url(&self) -> String {
        self.with_params(&[("lang", self.lang.other().key())])
    }

    /// The current URL with some query parameters replaced (an empty value removes one).
    pub fn with_params(&self, replace: &[(&str, &str)]) -> String {
        let mut pairs: Vec<(String, String)> =
            form_urlencoded::parse(self.query.as_deref().unwrap_or("").as_bytes())
                .into_owned()
                .filter(|(k, _)| !replace.iter().any(|(r, _)| r == k))
                .collect();
        for (k, v) in replace {
            if !v.is_empty() {
                pairs.push(((*k).to_owned(), (*v).to_owned()));
            }
        }
        if pairs.is_empty() {
            return self.path.clone();
        }
        let query = form_urlencoded::Serializer::new(String::new())
            .extend_pairs(pairs)
            .finish();
        format!("{}?{}", self.path, query)
    }

    /// Renders a page: the template's own context merged with the common one.
    pub fn render(&self, template: &str, ctx: Value) -> Result<Html<String>, AppError> {
        let base = context! {
            lang => self.lang.key(),
            other_lang => self.lang.other().key(),
            path => self.path.clone(),
            switch_url => self.switch_url(),
            asset_version => crate::assets::VERSION,
            csrf => self.csrf.clone(),
            account => self.account.clone(),
        };
        Ok(Html(crate::templates::render(
            template,
            context! { ..ctx, ..base },
        )?))
    }
}

impl<S: Send + Sync> FromRequestParts<S> for Ui {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        parts
            .extensions
            .get::<Ui>()
            .cloned()
            .ok_or_else(|| AppError::Internal("ui middleware not installed".into()))
    }
}

fn cookie_lang(headers: &HeaderMap) -> Option<Lang> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|c| c.trim().strip_prefix("lang="))
        .find_map(|v| v.parse().ok())
}

/// The language a request asks for without `?lang=`: the `lang` cookie, then `Accept-Language`,
/// then Dutch.
fn implicit_lang(headers: &HeaderMap) -> Lang {
    cookie_lang(headers)
        .or_else(|| {
            headers
                .get(header::ACCEPT_LANGUAGE)
                .and_then(|v| v.to_str().ok())
                .and_then(Lang::from_accept_language)
        })
        .unwrap_or_default()
}

/// The language of a request's page, as the layer resolves it; an invalid `?lang=` is an error.
pub fn request_lang(query: Option<&str>, headers: &HeaderMap) -> Result<Lang, AppError> {
    Ok(match query_lang(query)? {
        Some(l) => l,
        None => implicit_lang(headers),
    })
}

fn query_lang(query: Option<&str>) -> Result<Option<Lang>, AppError> {
    let Some(query) = query else { return Ok(None) };
    match form_urlencoded::parse(query.as_bytes()).find(|(k, _)| k == "lang") {
        None => Ok(None),
        Some((_, v)) => v
            .parse::<Lang>()
            .map(Some)
            .map_err(|_| AppError::BadRequest(format!("lang must be \"nl\" or \"en\", not {v:?}"))),
    }
}

fn is_api(path: &str) -> bool {
    path.starts_with("/api/")
}

/// The middleware in front of every route: resolves the language, sets security headers, and
/// renders error responses.
pub async fn layer(request: Request, next: Next) -> Response {
    let (mut parts, body) = request.into_parts();
    let path = parts.uri.path().to_owned();
    let query = parts.uri.query().map(str::to_owned);
    let explicit = query_lang(query.as_deref());
    let lang = match &explicit {
        Ok(Some(l)) => *l,
        _ => implicit_lang(&parts.headers),
    };
    let ui = Ui {
        lang,
        path: path.clone(),
        query,
        csrf: String::new(),
        account: None,
    };
    parts.extensions.insert(ui.clone());
    let mut response = match &explicit {
        Err(e) => AppError::BadRequest(e.to_string()).into_response(),
        Ok(_) => next.run(Request::from_parts(parts, body)).await,
    };
    // A handler's own HTML page or JSON document (the probes' 503s) is answered as it is.
    let own_page = response.extensions().get::<ErrorInfo>().is_none()
        && response
            .headers()
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.starts_with("text/html") || v.starts_with("application/json"));
    if (response.status().is_client_error() || response.status().is_server_error()) && !own_page {
        response = render_error(&ui, response).await;
    }
    let headers = response.headers_mut();
    if let Ok(Some(l)) = explicit {
        if let Ok(v) = HeaderValue::from_str(&format!(
            "lang={}; Path=/; Max-Age=31536000; SameSite=Lax",
            l.key()
        )) {
            headers.append(header::SET_COOKIE, v);
        }
    }
    headers.insert(
        header::CONTENT_LANGUAGE,
        HeaderValue::from_static(if lang == Lang::En { "en" } else { "nl" }),
    );
    headers.insert(
        header::VARY,
        HeaderValue::from_static("Accept-Language, Cookie"),
    );
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    headers.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("strict-origin-when-cross-origin"),
    );
    headers.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    headers.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(
            "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self' data:; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'",
        ),
    );
    response
}

async fn render_error(ui: &Ui, response: Response) -> Response {
    // "Come back in N seconds" survives the rewrite into a page or JSON.
    let retry_after = response.headers().get(header::RETRY_AFTER).cloned();
    let mut rendered = render_error_body(ui, response).await;
    if let Some(v) = retry_after {
        rendered.headers_mut().insert(header::RETRY_AFTER, v);
    }
    rendered
}

async fn render_error_body(ui: &Ui, response: Response) -> Response {
    let status = response.status();
    let info = match response.extensions().get::<ErrorInfo>() {
        Some(info) => info.clone(),
        None => {
            // Not one of ours: a rejection by axum or a layer; keep its short text as the message.
            let bytes = axum::body::to_bytes(response.into_body(), 4096)
                .await
                .unwrap_or_default();
            let text = String::from_utf8_lossy(&bytes).trim().to_owned();
            let message = if text.is_empty() {
                status.canonical_reason().unwrap_or("error").to_owned()
            } else {
                text
            };
            ErrorInfo {
                code: code_for_status(status),
                message,
                fields: Vec::new(),
            }
        }
    };
    // A use case may name its message by a key of the locale files, so the refusal is told in
    // the page's language (in JSON too); any other message is shown as it is.
    let mut info = info;
    let translate = |m: &mut String| {
        if m.starts_with("msg-") && crate::i18n::has_key(ui.lang, m) {
            *m = crate::i18n::t(ui.lang, m, None);
        }
    };
    translate(&mut info.message);
    for f in &mut info.fields {
        translate(&mut f.message);
    }
    if status == StatusCode::UNAUTHORIZED && !is_api(&ui.path) {
        let target = match &ui.query {
            Some(q) => format!("{}?{q}", ui.path),
            None => ui.path.clone(),
        };
        let next = form_urlencoded::Serializer::new(String::new())
            .append_pair("next", &target)
            .finish();
        return axum::response::Redirect::to(&format!("/login?{next}")).into_response();
    }
    if is_api(&ui.path) {
        let body = serde_json::json!({ "error": { "code": info.code, "message": info.message, "fields": info.fields } });
        return (status, axum::Json(body)).into_response();
    }
    let title_key = match status {
        StatusCode::NOT_FOUND => "error-not-found-title",
        StatusCode::FORBIDDEN => "error-forbidden-title",
        StatusCode::TOO_MANY_REQUESTS => "error-throttled-title",
        StatusCode::SERVICE_UNAVAILABLE => "error-unavailable-title",
        s if s.is_client_error() => "error-bad-request-title",
        _ => "error-server-title",
    };
    let ctx = context! {
        status => status.as_u16(),
        title_key => title_key,
        message => info.message,
        fields => info.fields,
        show_message => status.is_client_error() || status == StatusCode::SERVICE_UNAVAILABLE,
    };
    match ui.render("error.html", ctx) {
        Ok(html) => (status, html).into_response(),
        Err(_) => (
            status,
            Body::from(format!(
                "{} {}",
                status.as_u16(),
                status.canonical_reason().unwrap_or("")
            )),
        )
            .into_response(),
    }
}
