//! The FAQ's pages: entries by theme, one entry, the brokers' form (new, edit) and the promotion
//! of an accepted help-desk answer into an entry.

use std::collections::BTreeMap;

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use leerpunt_core::helpdesk::{FaqEntry, FaqInput};
use leerpunt_core::vocab;
use minijinja::{context, Value};
use serde::Deserialize;

use super::helpdesk::path_id;
use super::{field_errors, theme_label, Labelled};
use crate::actions::{faq, Caller};
use crate::error::AppError;
use crate::extract::{FormData, Q};
use crate::markup;
use crate::ui::Ui;
use crate::AppState;

fn entry_view(e: &FaqEntry, ui: &Ui) -> Value {
    context! {
        id => e.id,
        question => e.question(ui.lang).to_owned(),
        answer => Value::from_safe_string(markup::markdown(e.answer(ui.lang))),
        theme => e.theme.clone(),
        theme_label => theme_label(&e.theme, ui.lang),
        question_id => e.question_id,
        demo => e.demo,
        updated_at => e.updated_at.clone(),
    }
}

#[derive(Debug, Deserialize)]
pub struct FaqParams {
    theme: Option<String>,
}

/// `GET /faq`: the entries grouped by theme (or of one theme).
pub async fn list(
    State(app): State<AppState>,
    caller: Caller,
    ui: Ui,
    Q(params): Q<FaqParams>,
) -> Result<Html<String>, AppError> {
    let theme = params.theme.filter(|t| !t.is_empty());
    let entries = faq::entries(&app, theme.as_deref()).await?;
    let mut groups: Vec<(String, Vec<Value>)> = Vec::new();
    for e in &entries {
        let label = theme_label(&e.theme, ui.lang);
        match groups.last_mut() {
            Some((l, list)) if *l == label => list.push(entry_view(e, &ui)),
            _ => groups.push((label, vec![entry_view(e, &ui)])),
        }
    }
    groups.sort_by(|a, b| a.0.cmp(&b.0));
    ui.render(
        "faq.html",
        context! {
            groups => groups.into_iter().map(|(label, entries)| context! { label, entries }).collect::<Vec<_>>(),
            count => entries.len(),
            theme => theme.unwrap_or_default(),
            themes => vocab::THEMES.iter().map(|d| Labelled { key: d.key.to_owned(), label: theme_label(d.key, ui.lang) }).collect::<Vec<_>>(),
            may_edit => faq::may_edit(&caller),
        },
    )
}

/// `GET /faq/{id}`.
pub async fn detail(
    State(app): State<AppState>,
    caller: Caller,
    ui: Ui,
    Path(id): Path<String>,
) -> Result<Html<String>, AppError> {
    let e = faq::entry(&app, path_id(&id)?).await?;
    ui.render(
        "faq_entry.html",
        context! { e => entry_view(&e, &ui), may_edit => faq::may_edit(&caller) },
    )
}

fn input_from_form(form: &FormData) -> FaqInput {
    FaqInput {
        question_nl: form.get("question_nl").to_owned(),
        question_en: form.get("question_en").to_owned(),
        answer_nl: form.get("answer_nl").to_owned(),
        answer_en: form.get("answer_en").to_owned(),
        theme: form.get("theme").trim().to_owned(),
        question_id: None,
    }
}

fn render_form(
    ui: &Ui,
    action: &str,
    input: &FaqInput,
    errors: BTreeMap<String, String>,
) -> Result<Html<String>, AppError> {
    ui.render(
        "faq_form.html",
        context! {
            action,
            values => context! {
                question_nl => input.question_nl.clone(), question_en => input.question_en.clone(),
                answer_nl => input.answer_nl.clone(), answer_en => input.answer_en.clone(),
                theme => input.theme.clone(),
            },
            question_id => input.question_id,
            themes => vocab::THEMES.iter().map(|d| Labelled { key: d.key.to_owned(), label: theme_label(d.key, ui.lang) }).collect::<Vec<_>>(),
            errors,
        },
    )
}

/// A refused form: the form again with the errors next to the fields (422), or the error.
fn refused(ui: &Ui, action: &str, input: &FaqInput, e: AppError) -> Result<Response, AppError> {
    match field_errors(&e, ui.lang) {
        Some(errors) => Ok((
            StatusCode::UNPROCESSABLE_ENTITY,
            render_form(ui, action, input, errors)?,
        )
            .into_response()),
        None => Err(e),
    }
}

/// `GET /faq/nieuw`.
pub async fn new_form(caller: Caller, ui: Ui) -> Result<Html<String>, AppError> {
    caller.require(
        leerpunt_core::access::Action::EditToolkit,
        leerpunt_core::access::Target::None,
    )?;
    render_form(&ui, "/faq/nieuw", &FaqInput::default(), BTreeMap::new())
}

/// `POST /faq/nieuw`.
pub async fn create(
    State(app): State<AppState>,
    caller: Caller,
    ui: Ui,
    form: FormData,
) -> Result<Response, AppError> {
    let input = input_from_form(&form);
    match faq::save(&app, &caller, None, &input).await {
        Ok(e) => Ok(Redirect::to(&format!("/faq/{}", e.id)).into_response()),
        Err(e) => refused(&ui, "/faq/nieuw", &input, e),
    }
}

/// `GET /faq/{id}/bewerken`.
pub async fn edit_form(
    State(app): State<AppState>,
    caller: Caller,
    ui: Ui,
    Path(id): Path<String>,
) -> Result<Html<String>, AppError> {
    let e = faq::editable(&app, &caller, path_id(&id)?).await?;
    let input = FaqInput {
        question_nl: e.question_nl,
        question_en: e.question_en,
        answer_nl: e.answer_nl,
        answer_en: e.answer_en,
        theme: e.theme,
        question_id: None,
    };
    render_form(
        &ui,
        &format!("/faq/{}/bewerken", e.id),
        &input,
        BTreeMap::new(),
    )
}

/// `POST /faq/{id}/bewerken`.
pub async fn update(
    State(app): State<AppState>,
    caller: Caller,
    ui: Ui,
    Path(id): Path<String>,
    form: FormData,
) -> Result<Response, AppError> {
    let id = path_id(&id)?;
    faq::editable(&app, &caller, id).await?;
    let input = input_from_form(&form);
    match faq::save(&app, &caller, Some(id), &input).await {
        Ok(e) => Ok(Redirect::to(&format!("/faq/{}", e.id)).into_response()),
        Err(e) => refused(&ui, &format!("/faq/{id}/bewerken"), &input, e),
    }
}

/// `GET /helpdesk/vragen/{id}/faq`: the promotion form, filled from the question and its
/// accepted answer.
pub async fn promote_form(
    State(app): State<AppState>,
    caller: Caller,
    ui: Ui,
    Path(id): Path<String>,
) -> Result<Html<String>, AppError> {
    let id = path_id(&id)?;
    let input = faq::promotion_draft(&app, &caller, id).await?;
    render_form(
        &ui,
        &format!("/helpdesk/vragen/{id}/faq"),
        &input,
        BTreeMap::new(),
    )
}

/// `POST /helpdesk/vragen/{id}/faq`.
pub async fn promote(
    State(app): State<AppState>,
    caller: Caller,
    ui: Ui,
    Path(id): Path<String>,
    form: FormData,
) -> Result<Response, AppError> {
    let id = path_id(&id)?;
    let mut input = input_from_form(&form);
    input.question_id = Some(id);
    match faq::promote(&app, &caller, id, input.clone()).await {
        Ok(e) => Ok(Redirect::to(&format!("/faq/{}", e.id)).into_response()),
        Err(e) => refused(&ui, &format!("/helpdesk/vragen/{id}/faq"), &input, e),
    }
}
