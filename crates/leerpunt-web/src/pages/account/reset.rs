//! `/login/forgot` and `/login/reset`: asking for a reset link and setting a new password with it.

use std::collections::BTreeMap;

use axum::extract::{Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use minijinja::context;

use super::signup::TokenQuery;
use super::{page, with_session};
use crate::actions::accounts::reset;
use crate::actions::Caller;
use crate::error::AppError;
use crate::extract::FormData;
use crate::pages::field_errors;
use crate::ui::Ui;
use crate::AppState;

pub async fn forgot_form(
    State(app): State<AppState>,
    caller: Caller,
    ui: Ui,
    headers: HeaderMap,
) -> Result<Response, AppError> {
    let (ui, cookie) = with_session(&app, &caller, ui, &headers).await?;
    let html = ui.render("forgot.html", context! { done => false })?;
    Ok(page(StatusCode::OK, html, cookie))
}

pub async fn forgot(
    State(app): State<AppState>,
    ui: Ui,
    form: FormData,
) -> Result<Response, AppError> {
    reset::request(&app, ui.lang, form.get("email")).await?;
    Ok(ui
        .render("forgot.html", context! { done => true })?
        .into_response())
}

pub async fn reset_form(
    State(app): State<AppState>,
    caller: Caller,
    ui: Ui,
    headers: HeaderMap,
    Query(q): Query<TokenQuery>,
) -> Result<Response, AppError> {
    let (ui, cookie) = with_session(&app, &caller, ui, &headers).await?;
    let valid = reset::link_valid(&app, &q.token).await?;
    let html = ui.render(
        "reset.html",
        context! { token => q.token, valid, errors => BTreeMap::<String, String>::new() },
    )?;
    Ok(page(StatusCode::OK, html, cookie))
}

pub async fn reset(
    State(app): State<AppState>,
    caller: Caller,
    ui: Ui,
    form: FormData,
) -> Result<Response, AppError> {
    let token = form.get("token");
    match reset::reset(&app, &caller, token, form.get("password")).await {
        Ok(true) => Ok(Redirect::to("/login?next=/account").into_response()),
        Ok(false) => {
            let html = ui.render(
                "reset.html",
                context! { token => "", valid => false, errors => BTreeMap::<String, String>::new() },
            )?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, html).into_response())
        }
        Err(e) => match field_errors(&e, ui.lang) {
            Some(errors) => {
                let html = ui.render("reset.html", context! { token, valid => true, errors })?;
                Ok((StatusCode::UNPROCESSABLE_ENTITY, html).into_response())
            }
            None => Err(e),
        },
    }
}
