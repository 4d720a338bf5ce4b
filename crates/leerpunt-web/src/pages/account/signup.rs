//! `/signup` and `/signup/confirm`: the sign-up form and the page behind the confirmation link.

use std::collections::BTreeMap;

use axum::extract::{Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use minijinja::context;
use serde::Deserialize;

use super::{page, with_session};
use crate::actions::accounts::signup;
use crate::actions::Caller;
use crate::error::AppError;
use crate::extract::FormData;
use crate::i18n::t;
use crate::pages::field_errors;
use crate::ui::Ui;
use crate::AppState;

pub async fn signup_form(
    State(app): State<AppState>,
    caller: Caller,
    ui: Ui,
    headers: HeaderMap,
) -> Result<Response, AppError> {
    let (ui, cookie) = with_session(&app, &caller, ui, &headers).await?;
    let html = ui.render(
        "signup.html",
        context! { errors => BTreeMap::<String, String>::new(), form => context!{ email => "", name => "" }, done => false },
    )?;
    Ok(page(StatusCode::OK, html, cookie))
}

pub async fn signup(
    State(app): State<AppState>,
    ui: Ui,
    caller: Caller,
    form: FormData,
) -> Result<Response, AppError> {
    let email = form.get("email");
    let name = form.get("name");
    let outcome = signup::sign_up(&app, &caller, ui.lang, email, form.get("password"), name).await;
    let (status, errors, done) = match outcome {
        Ok(()) => (StatusCode::OK, BTreeMap::new(), true),
        Err(e) => match field_errors(&e, ui.lang) {
            Some(errors) => (StatusCode::UNPROCESSABLE_ENTITY, errors, false),
            None => return Err(e),
        },
    };
    let html = ui.render(
        "signup.html",
        context! { errors, form => context!{ email, name }, done },
    )?;
    Ok((status, html).into_response())
}

#[derive(Deserialize)]
pub struct TokenQuery {
    #[serde(default)]
    pub token: String,
}

pub async fn confirm_form(
    State(app): State<AppState>,
    caller: Caller,
    ui: Ui,
    headers: HeaderMap,
    Query(q): Query<TokenQuery>,
) -> Result<Response, AppError> {
    let (ui, cookie) = with_session(&app, &caller, ui, &headers).await?;
    let html = ui.render(
        "confirm.html",
        context! { token => q.token, error => None::<String>, done => false },
    )?;
    Ok(page(StatusCode::OK, html, cookie))
}

pub async fn confirm(
    State(app): State<AppState>,
    caller: Caller,
    ui: Ui,
    form: FormData,
) -> Result<Response, AppError> {
    if signup::confirm(&app, &caller, form.get("token")).await? {
        Ok(ui
            .render(
                "confirm.html",
                context! { token => "", error => None::<String>, done => true },
            )?
            .into_response())
    } else {
        Ok((
            StatusCode::UNPROCESSABLE_ENTITY,
            ui.render(
                "confirm.html",
                context! { token => "", error => t(ui.lang, "confirm-invalid", None), done => false },
            )?,
        )
            .into_response())
    }
}
