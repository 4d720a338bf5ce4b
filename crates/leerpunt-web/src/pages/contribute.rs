//! Contributions: writing practices (form with errors next to the fields), their review
//! (submit, publish, reject with a reason), revision history with diffs, the brokers' review
//! queue, and organisation profiles.

use std::collections::BTreeMap;

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use leerpunt_core::access::Action;
use leerpunt_core::account::OrgProfileInput;
use leerpunt_core::review::Transition;
use leerpunt_core::{vocab, Lang, NewPractice, Practice, PracticeStatus, PracticeText};
use minijinja::{context, Value};
use serde::Serialize;

use super::{field_errors, technique_label, theme_label, Labelled, OrgView, WorkView};
use crate::actions::contributions::{self, Work};
use crate::actions::Caller;
use crate::error::AppError;
use crate::extract::FormData;
use crate::i18n::t;
use crate::ui::Ui;
use crate::AppState;

fn split_codes(s: &str) -> Vec<String> {
    s.split([',', ' ', '|'])
        .map(str::trim)
        .filter(|c| !c.is_empty())
        .map(str::to_owned)
        .collect()
}

fn optional(s: &str) -> Option<String> {
    let s = s.trim();
    (!s.is_empty()).then(|| s.to_owned())
}

/// Reads the practice form. Unknown status or language are field errors.
fn practice_from_form(form: &FormData) -> Result<NewPractice, AppError> {
    let mut errors = Vec::new();
    let status = form
        .get("status")
        .parse::<PracticeStatus>()
        .unwrap_or_else(|_| {
            errors.push(leerpunt_core::FieldError::new("status", "choose a status"));
            PracticeStatus::Idea
        });
    let language = match form.get("language") {
        "" | "nl" => Lang::Nl,
        "en" => Lang::En,
        _ => {
            errors.push(leerpunt_core::FieldError::new(
                "language",
                "choose nl or en",
            ));
            Lang::Nl
        }
    };
    let input = NewPractice {
        slug: None,
        language,
        text: PracticeText {
            title: form.get("title").to_owned(),
            summary: form.get("summary").to_owned(),
            body: form.get("body").to_owned(),
            purpose: form.get("purpose").to_owned(),
            data_used: form.get("data_used").to_owned(),
            results: form.get("results").to_owned(),
            lessons: form.get("lessons").to_owned(),
        },
        translation: None,
        status,
        owner: form.get("owner").trim().to_owned(),
        partners: split_codes(form.get("partners")),
        themes: form.all("themes"),
        techniques: form.all("techniques"),
        contact: optional(form.get("contact")),
        source: "manual".to_owned(),
        source_id: None,
        source_url: None,
        started_on: optional(form.get("started_on")),
    };
    if let Err(leerpunt_core::CoreError::Invalid(mut more)) =
        leerpunt_core::text::validate_practice(&input)
    {
        errors.append(&mut more);
    }
    if errors.is_empty() {
        Ok(input)
    } else {
        Err(AppError::Invalid(errors))
    }
}

/// The values a practice form shows.
fn form_values(p: &NewPractice) -> Value {
    context! {
        language => p.language.key(),
        title => p.text.title.clone(),
        summary => p.text.summary.clone(),
        body => p.text.body.clone(),
        purpose => p.text.purpose.clone(),
        data_used => p.text.data_used.clone(),
        results => p.text.results.clone(),
        lessons => p.text.lessons.clone(),
        status => p.status.key(),
        owner => p.owner.clone(),
        partners => p.partners.join(", "),
        themes => p.themes.clone(),
        techniques => p.techniques.clone(),
        contact => p.contact.clone().unwrap_or_default(),
        started_on => p.started_on.clone().unwrap_or_default(),
    }
}

fn raw_values(form: &FormData) -> Value {
    context! {
        language => form.get("language"),
        title => form.get("title"),
        summary => form.get("summary"),
        body => form.get("body"),
        purpose => form.get("purpose"),
        data_used => form.get("data_used"),
        results => form.get("results"),
        lessons => form.get("lessons"),
        status => form.get("status"),
        owner => form.get("owner"),
        partners => form.get("partners"),
        themes => form.all("themes"),
        techniques => form.all("techniques"),
        contact => form.get("contact"),
        started_on => form.get("started_on"),
    }
}

async fn render_form(
    app: &AppState,
    caller: &Caller,
    ui: &Ui,
    slug: Option<&str>,
    values: Value,
    errors: BTreeMap<String, String>,
) -> Result<Html<String>, AppError> {
    let authoring = contributions::authoring(app, caller).await?;
    let themes: Vec<Labelled> = vocab::THEMES
        .iter()
        .map(|d| Labelled {
            key: d.key.to_owned(),
            label: theme_label(d.key, ui.lang),
        })
        .collect();
    let techniques: Vec<Labelled> = vocab::TECHNIQUES
        .iter()
        .map(|d| Labelled {
            key: d.key.to_owned(),
            label: technique_label(d.key, ui.lang),
        })
        .collect();
    let statuses: Vec<Labelled> = PracticeStatus::ALL
        .iter()
        .map(|s| Labelled {
            key: s.key().to_owned(),
            label: t(ui.lang, &format!("status-{}", s.key()), None),
        })
        .collect();
    ui.render(
        "practice_form.html",
        context! {
            slug,
            values,
            errors,
            owners => authoring.owners.iter().map(|o| OrgView::new(o, ui.lang)).collect::<Vec<_>>(),
            any_owner => authoring.any_owner,
            themes,
            techniques,
            statuses,
        },
    )
}

pub async fn new_form(
    State(app): State<AppState>,
    caller: Caller,
    ui: Ui,
) -> Result<Response, AppError> {
    contributions::may_author(&caller)?;
    let user = caller.user()?;
    let owner = contributions::authoring(&app, &caller).await?.default_owner;
    let values = context! {
        language => ui.lang.key(), title => "", summary => "", body => "", purpose => "", data_used => "",
        results => "", lessons => "", status => "pilot", owner, partners => "", themes => Vec::<String>::new(),
        techniques => Vec::<String>::new(), contact => user.email.clone(), started_on => "",
    };
    Ok(
        render_form(&app, &caller, &ui, None, values, BTreeMap::new())
            .await?
            .into_response(),
    )
}

async fn invalid_form(
    app: &AppState,
    caller: &Caller,
    ui: &Ui,
    slug: Option<&str>,
    form: &FormData,
    e: AppError,
) -> Result<Response, AppError> {
    match field_errors(&e, ui.lang) {
        Some(errors) => Ok((
            StatusCode::UNPROCESSABLE_ENTITY,
            render_form(app, caller, ui, slug, raw_values(form), errors).await?,
        )
            .into_response()),
        None => Err(e),
    }
}

pub async fn create(
    State(app): State<AppState>,
    caller: Caller,
    ui: Ui,
    form: FormData,
) -> Result<Response, AppError> {
    // Access first: a form from someone who may not write for this owner is refused as a whole.
    contributions::require_for_owner(&app, &caller, Action::CreatePractice, form.get("owner"))
        .await?;
    let input = match practice_from_form(&form) {
        Ok(p) => p,
        Err(e) => return invalid_form(&app, &caller, &ui, None, &form, e).await,
    };
    match contributions::create_practice(&app, &caller, &input).await {
        Ok(p) => Ok(to_work_page(&p)),
        Err(e) => invalid_form(&app, &caller, &ui, None, &form, e).await,
    }
}

fn to_work_page(p: &Practice) -> Response {
    Redirect::to(&format!("/praktijken/{}/versies", p.slug)).into_response()
}

pub async fn edit_form(
    State(app): State<AppState>,
    caller: Caller,
    ui: Ui,
    Path(slug): Path<String>,
) -> Result<Response, AppError> {
    let p = contributions::editable_practice(&app, &caller, &slug).await?;
    Ok(render_form(
        &app,
        &caller,
        &ui,
        Some(&p.slug),
        form_values(&NewPractice::from(&p)),
        BTreeMap::new(),
    )
    .await?
    .into_response())
}

pub async fn update(
    State(app): State<AppState>,
    caller: Caller,
    ui: Ui,
    Path(slug): Path<String>,
    form: FormData,
) -> Result<Response, AppError> {
    let p = contributions::editable_practice(&app, &caller, &slug).await?;
    if form.get("owner").trim() != p.owner.code {
        contributions::require_for_owner(&app, &caller, Action::EditPractice, form.get("owner"))
            .await?;
    }
    let input = match practice_from_form(&form) {
        Ok(i) => i,
        Err(e) => return invalid_form(&app, &caller, &ui, Some(&p.slug), &form, e).await,
    };
    match contributions::update_practice(&app, &caller, &p, input, true).await {
        Ok(p) => Ok(to_work_page(&p)),
        Err(e) => invalid_form(&app, &caller, &ui, Some(&p.slug), &form, e).await,
    }
}

async fn step(
    app: &AppState,
    caller: &Caller,
    ui: &Ui,
    slug: &str,
    transition: Transition,
) -> Result<Response, AppError> {
    let (before, after) = contributions::review(app, caller, slug, transition).await?;
    match after {
        Ok(p) => Ok(to_work_page(&p)),
        Err(e) => match field_errors(&e, ui.lang) {
            Some(errors) => {
                let work = contributions::work_of(app, caller, before).await?;
                Ok((
                    StatusCode::UNPROCESSABLE_ENTITY,
                    render_work(ui, work, errors)?,
                )
                    .into_response())
            }
            None => Err(e),
        },
    }
}

pub async fn submit(
    State(app): State<AppState>,
    caller: Caller,
    ui: Ui,
    Path(slug): Path<String>,
) -> Result<Response, AppError> {
    step(&app, &caller, &ui, &slug, Transition::Submit).await
}

pub async fn publish(
    State(app): State<AppState>,
    caller: Caller,
    ui: Ui,
    Path(slug): Path<String>,
) -> Result<Response, AppError> {
    step(&app, &caller, &ui, &slug, Transition::Publish).await
}

pub async fn reject(
    State(app): State<AppState>,
    caller: Caller,
    ui: Ui,
    Path(slug): Path<String>,
    form: FormData,
) -> Result<Response, AppError> {
    let reason = form.get("reason").to_owned();
    step(&app, &caller, &ui, &slug, Transition::Reject { reason }).await
}

#[derive(Serialize)]
struct RevisionView {
    number: i64,
    review: String,
    review_label: String,
    note: String,
    author: String,
    created_at: String,
    changes: Vec<leerpunt_core::review::DiffLine>,
}

fn render_work(
    ui: &Ui,
    work: Work,
    errors: BTreeMap<String, String>,
) -> Result<Html<String>, AppError> {
    let views: Vec<RevisionView> = work
        .revisions
        .into_iter()
        .map(|r| RevisionView {
            number: r.revision.number,
            review_label: t(ui.lang, &format!("review-{}", r.revision.review), None),
            review: r.revision.review,
            note: r.revision.note,
            author: r
                .revision
                .author
                .unwrap_or_else(|| t(ui.lang, "author-unknown", None)),
            created_at: r.revision.created_at,
            changes: r.changes,
        })
        .collect();
    ui.render(
        "work.html",
        context! {
            practice => WorkView::new(&work.practice, ui.lang),
            revisions => views,
            errors,
            can_edit => work.can_edit,
            can_submit => work.can_submit,
            can_review => work.can_review,
        },
    )
}

pub async fn revisions(
    State(app): State<AppState>,
    caller: Caller,
    ui: Ui,
    Path(slug): Path<String>,
) -> Result<Response, AppError> {
    let work = contributions::work(&app, &caller, &slug).await?;
    Ok(render_work(&ui, work, BTreeMap::new())?.into_response())
}

pub async fn review_queue(
    State(app): State<AppState>,
    caller: Caller,
    ui: Ui,
) -> Result<Response, AppError> {
    let waiting = contributions::review_queue(&app, &caller).await?;
    Ok(ui
        .render(
            "review_queue.html",
            context! { practices => waiting.iter().map(|p| WorkView::new(p, ui.lang)).collect::<Vec<_>>() },
        )?
        .into_response())
}

async fn render_org_form(
    ui: &Ui,
    org: &leerpunt_core::Organisation,
    values: Value,
    errors: BTreeMap<String, String>,
) -> Result<Html<String>, AppError> {
    ui.render(
        "organisation_form.html",
        context! { org => OrgView::new(org, ui.lang), values, errors },
    )
}

pub async fn organisation_form(
    State(app): State<AppState>,
    caller: Caller,
    ui: Ui,
    Path(code): Path<String>,
) -> Result<Response, AppError> {
    let (org, description) = contributions::editable_organisation(&app, &caller, &code).await?;
    let values = context! {
        description,
        website => org.website.clone().unwrap_or_default(),
        name_en => org.name_en.clone().unwrap_or_default(),
        population => crate::actions::zelfscan::org_summary(&app, &caller, &org).await?.population.map(|n| n.to_string()).unwrap_or_default(),
    };
    Ok(render_org_form(&ui, &org, values, BTreeMap::new())
        .await?
        .into_response())
}

pub async fn update_organisation(
    State(app): State<AppState>,
    caller: Caller,
    ui: Ui,
    Path(code): Path<String>,
    form: FormData,
) -> Result<Response, AppError> {
    let population = leerpunt_core::zelfscan::parse_population(form.get("population"));
    let input = OrgProfileInput {
        description: form.get("description").to_owned(),
        website: form.get("website").to_owned(),
        name_en: form.get("name_en").to_owned(),
        population: population.as_ref().ok().copied().flatten(),
    };
    let outcome = match population {
        Ok(_) => contributions::update_organisation(&app, &caller, &code, &input).await,
        Err(e) => match contributions::editable_organisation(&app, &caller, &code).await {
            Ok(_) => Err(e.into()),
            Err(denied) => Err(denied),
        },
    };
    match outcome {
        Ok((org, _)) => Ok(Redirect::to(&format!("/organisaties/{}", org.code)).into_response()),
        Err(e) => match field_errors(&e, ui.lang) {
            Some(errors) => {
                let (org, _) = contributions::editable_organisation(&app, &caller, &code).await?;
                let values = context! { description => input.description, website => input.website, name_en => input.name_en, population => form.get("population") };
                Ok((
                    StatusCode::UNPROCESSABLE_ENTITY,
                    render_org_form(&ui, &org, values, errors).await?,
                )
                    .into_response())
            }
            None => Err(e),
        },
    }
}
