//! The one error type of the web layer and its mapping to HTTP, as an HTML page or JSON.
//!
//! Policy: handlers return `AppError`; the `status` match below is the only place an error gets a
//! status code. Client errors carry a message meant for the user; server errors are logged with
//! their detail and shown as a generic message. The `ui` middleware turns every error response
//! (ours or axum's own rejections) into the right format: JSON under `/api`, a page elsewhere.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use leerpunt_core::{CoreError, FieldError};
use leerpunt_store::StoreError;

/// Everything a handler can fail with.
#[derive(Debug, thiserror::Error)]
pub enum AppError {
    #[error("{0} not found")]
    NotFound(String),
    #[error("{0}")]
    BadRequest(String),
    #[error("invalid input")]
    Invalid(Vec<FieldError>),
    #[error("{0} already exists")]
    Conflict(String),
    /// Needs an account: pages redirect to the login page, the API answers 401.
    #[error("sign in first")]
    Unauthenticated,
    /// Signed in (or with a token) but not allowed.
    #[error("{0}")]
    Forbidden(String),
    /// The request body is larger than the router accepts.
    #[error("the request body is too large")]
    TooLarge,
    /// Too many attempts; try again later.
    #[error("{0}")]
    TooManyRequests(String),
    /// The database cannot be reached (restarting, say): try again shortly.
    #[error("{0}")]
    Unavailable(String),
    #[error("internal error: {0}")]
    Internal(String),
}

/// Seconds a client is asked to wait when the database is away.
pub const RETRY_AFTER_SECS: u64 = 2;

/// The error as the `ui` middleware renders it, carried in the response's extensions.
#[derive(Debug, Clone)]
pub struct ErrorInfo {
    pub code: &'static str,
    pub message: String,
    pub fields: Vec<FieldError>,
}

impl AppError {
    fn status_and_code(&self) -> (StatusCode, &'static str) {
        match self {
            AppError::NotFound(_) => (StatusCode::NOT_FOUND, "not_found"),
            AppError::BadRequest(_) => (StatusCode::BAD_REQUEST, "bad_request"),
            AppError::Invalid(_) => (StatusCode::UNPROCESSABLE_ENTITY, "invalid"),
            AppError::Conflict(_) => (StatusCode::CONFLICT, "conflict"),
            AppError::Unauthenticated => (StatusCode::UNAUTHORIZED, "unauthenticated"),
            AppError::Forbidden(_) => (StatusCode::FORBIDDEN, "forbidden"),
            AppError::TooManyRequests(_) => (StatusCode::TOO_MANY_REQUESTS, "too_many_requests"),
            AppError::TooLarge => (StatusCode::PAYLOAD_TOO_LARGE, "payload_too_large"),
            AppError::Unavailable(_) => (StatusCode::SERVICE_UNAVAILABLE, "unavailable"),
            AppError::Internal(_) => (StatusCode::INTERNAL_SERVER_ERROR, "internal"),
        }
    }
}

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        let (status, code) = self.status_and_code();
        let (message, fields) = match self {
            AppError::Internal(detail) => {
                tracing::error!(%detail, "internal error");
                ("Something went wrong on our side.".to_owned(), Vec::new())
            }
            AppError::Invalid(fields) => {
                // A message named by a locale key stands alone, so the renderer can translate it.
                let message = fields
                    .iter()
                    .map(|f| {
                        if f.message.starts_with("msg-") {
                            f.message.clone()
                        } else {
                            f.to_string()
                        }
                    })
                    .collect::<Vec<_>>()
                    .join("; ");
                (message, fields)
            }
            AppError::Unavailable(detail) => {
                tracing::warn!(%detail, "database unavailable");
                ("msg-database-unavailable".to_owned(), Vec::new())
            }
            AppError::Conflict(key) if key.starts_with("msg-") => (key, Vec::new()),
            other => (other.to_string(), Vec::new()),
        };
        let mut response = status.into_response();
        if status == StatusCode::SERVICE_UNAVAILABLE {
            response.headers_mut().insert(
                axum::http::header::RETRY_AFTER,
                axum::http::HeaderValue::from(RETRY_AFTER_SECS),
            );
        }
        response.extensions_mut().insert(ErrorInfo {
            code,
            message,
            fields,
        });
        response
    }
}

impl From<CoreError> for AppError {
    fn from(e: CoreError) -> Self {
        match e {
            CoreError::Invalid(fields) => AppError::Invalid(fields),
            CoreError::NotFound(what) => AppError::NotFound(what),
        }
    }
}

impl From<StoreError> for AppError {
    fn from(e: StoreError) -> Self {
        match e {
            StoreError::NotFound(what) => AppError::NotFound(what),
            StoreError::Conflict(what) => AppError::Conflict(what),
            StoreError::Invalid(core) => core.into(),
            other if other.is_unavailable() => AppError::Unavailable(other.to_string()),
            other => AppError::Internal(other.to_string()),
        }
    }
}

impl From<minijinja::Error> for AppError {
    fn from(e: minijinja::Error) -> Self {
        AppError::Internal(format!("template: {e:#}"))
    }
}

/// The machine-readable code for a bare status (axum's own rejections, 405, …).
pub fn code_for_status(status: StatusCode) -> &'static str {
    match status {
        StatusCode::NOT_FOUND => "not_found",
        StatusCode::METHOD_NOT_ALLOWED => "method_not_allowed",
        StatusCode::PAYLOAD_TOO_LARGE => "payload_too_large",
        StatusCode::UNSUPPORTED_MEDIA_TYPE => "unsupported_media_type",
        StatusCode::UNPROCESSABLE_ENTITY => "invalid",
        StatusCode::UNAUTHORIZED => "unauthenticated",
        StatusCode::FORBIDDEN => "forbidden",
        StatusCode::TOO_MANY_REQUESTS => "too_many_requests",
        StatusCode::SERVICE_UNAVAILABLE => "unavailable",
        s if s.is_client_error() => "bad_request",
        _ => "internal",
    }
}

impl From<leerpunt_search::SearchError> for AppError {
    fn from(e: leerpunt_search::SearchError) -> Self {
        match e {
            leerpunt_search::SearchError::Store(e) => e.into(),
            other => AppError::Internal(other.to_string()),
        }
    }
}
