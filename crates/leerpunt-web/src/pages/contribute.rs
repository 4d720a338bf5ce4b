//! Contributions: writing practices (form with errors next to the fields), their review
//! (submit, publish, reject with a reason), revision history with diffs, the brokers' review
//! queue, and organisation profiles.

use std::collections::BTreeMap;

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use leerpunt_core::access::{Action, Target};
use leerpunt_core::account::OrgProfileInput;
use leerpunt_core::review::{diff_lines, snapshot_text, Review, Transition};
use leerpunt_core::{vocab, Lang, NewPractice, Practice, PracticeStatus, PracticeText};
use minijinja::{context, Value};
use serde::Serialize;

use super::account::field_errors;
use super::{technique_label, theme_label, Labelled, OrgView};
use crate::auth::{Auth, FormData};
use crate::error::AppError;
use crate::i18n::t;
use crate::ui::Ui;
use crate::AppState;

/// A practice in the editors' and brokers' lists: title, owner and review state.
#[derive(Debug, Clone, Serialize)]
pub struct WorkView {
    pub slug: String,
    pub title: String,
    pub owner: String,
    pub review: String,
    pub review_label: String,
    pub review_reason: Option<String>,
    pub updated_at: String,
}

impl WorkView {
    pub fn new(p: &Practice, lang: Lang) -> Self {
        Self {
            slug: p.slug.clone(),
            title: p.text_in(lang).0.title.clone(),
            owner: p.owner.display_name(lang).to_owned(),
            review: p.review.key().to_owned(),
            review_label: t(lang, &format!("review-{}", p.review.key()), None),
            review_reason: p.review_reason.clone(),
            updated_at: p.updated_at.clone(),
        }
    }
}

/// A practice by slug as `auth` may see it: published for everyone; otherwise only for those who
/// may view unpublished practices of its owner (everyone else gets a 404, so drafts do not leak).
pub async fn visible_practice(
    app: &AppState,
    auth: &Auth,
    slug: &str,
) -> Result<Practice, AppError> {
    let p = app.store.practice_any(slug).await?;
    if p.review == Review::Published
        || auth.can(Action::ViewUnpublished, Target::Organisation(p.owner.id))
    {
        Ok(p)
    } else {
        Err(AppError::NotFound(format!("practice {slug}")))
    }
}

/// What the detail page shows editors: the review state and a link to the work page, when the
/// practice is unpublished or `auth` may edit it.
pub fn work_view(auth: &Auth, p: &Practice, lang: Lang) -> Option<WorkView> {
    let owner = Target::Organisation(p.owner.id);
    (p.review != Review::Published || auth.can(Action::EditPractice, owner))
        .then(|| WorkView::new(p, lang))
}

async fn org_target(app: &AppState, code: &str) -> Result<Target, AppError> {
    Ok(match app.store.organisation(code.trim()).await {
        Ok(o) => Target::Organisation(o.id),
        Err(leerpunt_store::StoreError::NotFound(_)) => {
            Target::Organisation(leerpunt_core::access::ANY_OTHER_ORGANISATION)
        }
        Err(e) => return Err(e.into()),
    })
}

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
    auth: &Auth,
    ui: &Ui,
    slug: Option<&str>,
    values: Value,
    errors: BTreeMap<String, String>,
) -> Result<Html<String>, AppError> {
    let mut owners = Vec::new();
    for code in app.store.editor_of_codes(auth.user()?.id).await? {
        if let Ok(o) = app.store.organisation(&code).await {
            owners.push(OrgView::new(&o, ui.lang));
        }
    }
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
            owners,
            any_owner => auth.can(Action::CreatePractice, Target::Organisation(leerpunt_core::access::ANY_OTHER_ORGANISATION)),
            themes,
            techniques,
            statuses,
        },
    )
}

pub async fn new_form(
    State(app): State<AppState>,
    auth: Auth,
    ui: Ui,
) -> Result<Response, AppError> {
    let user = auth.user()?;
    if !auth.actor.can_for_some_organisation(Action::CreatePractice) {
        return Err(AppError::Forbidden(
            "only editors of an organisation, brokers and admins write practices".to_owned(),
        ));
    }
    let owner = app
        .store
        .editor_of_codes(user.id)
        .await?
        .into_iter()
        .next()
        .or(user.organisation.clone())
        .unwrap_or_default();
    let values = context! {
        language => ui.lang.key(), title => "", summary => "", body => "", purpose => "", data_used => "",
        results => "", lessons => "", status => "pilot", owner, partners => "", themes => Vec::<String>::new(),
        techniques => Vec::<String>::new(), contact => user.email.clone(), started_on => "",
    };
    Ok(render_form(&app, &auth, &ui, None, values, BTreeMap::new())
        .await?
        .into_response())
}

async fn invalid_form(
    app: &AppState,
    auth: &Auth,
    ui: &Ui,
    slug: Option<&str>,
    form: &FormData,
    e: AppError,
) -> Result<Response, AppError> {
    match field_errors(&e, ui.lang) {
        Some(errors) => Ok((
            StatusCode::UNPROCESSABLE_ENTITY,
            render_form(app, auth, ui, slug, raw_values(form), errors).await?,
        )
            .into_response()),
        None => Err(e),
    }
}

pub async fn create(
    State(app): State<AppState>,
    auth: Auth,
    ui: Ui,
    form: FormData,
) -> Result<Response, AppError> {
    auth.require(
        Action::CreatePractice,
        org_target(&app, form.get("owner")).await?,
    )?;
    let input = match practice_from_form(&form) {
        Ok(p) => p,
        Err(e) => return invalid_form(&app, &auth, &ui, None, &form, e).await,
    };
    match app.store.create_practice(&input, &auth.origin()).await {
        Ok(p) => Ok(Redirect::to(&format!("/praktijken/{}/versies", p.slug)).into_response()),
        Err(e) => invalid_form(&app, &auth, &ui, None, &form, e.into()).await,
    }
}

pub async fn edit_form(
    State(app): State<AppState>,
    auth: Auth,
    ui: Ui,
    Path(slug): Path<String>,
) -> Result<Response, AppError> {
    let p = app.store.practice_any(&slug).await?;
    auth.require(Action::EditPractice, Target::Organisation(p.owner.id))?;
    Ok(render_form(
        &app,
        &auth,
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
    auth: Auth,
    ui: Ui,
    Path(slug): Path<String>,
    form: FormData,
) -> Result<Response, AppError> {
    let p = app.store.practice_any(&slug).await?;
    let owner = Target::Organisation(p.owner.id);
    auth.require(Action::EditPractice, owner)?;
    if form.get("owner").trim() != p.owner.code {
        auth.require(
            Action::EditPractice,
            org_target(&app, form.get("owner")).await?,
        )?;
    }
    let mut input = match practice_from_form(&form) {
        Ok(i) => i,
        Err(e) => return invalid_form(&app, &auth, &ui, Some(&p.slug), &form, e).await,
    };
    // The form edits one language; a translation made elsewhere is kept.
    input.translation = p.translation.clone();
    let may_review = auth.can(Action::ReviewPractice, owner);
    match app
        .store
        .update_practice(p.id, &input, may_review, &auth.origin())
        .await
    {
        Ok(p) => Ok(Redirect::to(&format!("/praktijken/{}/versies", p.slug)).into_response()),
        Err(e) => invalid_form(&app, &auth, &ui, Some(&p.slug), &form, e.into()).await,
    }
}

async fn step(
    app: &AppState,
    auth: &Auth,
    ui: &Ui,
    slug: &str,
    action: Action,
    transition: Transition,
) -> Result<Response, AppError> {
    let p = app.store.practice_any(slug).await?;
    auth.require(action, Target::Organisation(p.owner.id))?;
    match app
        .store
        .review_practice(p.id, &transition, &auth.origin())
        .await
    {
        Ok(p) => Ok(Redirect::to(&format!("/praktijken/{}/versies", p.slug)).into_response()),
        Err(e) => {
            let e = AppError::from(e);
            match field_errors(&e, ui.lang) {
                Some(errors) => Ok((
                    StatusCode::UNPROCESSABLE_ENTITY,
                    render_work(app, auth, ui, &p, errors).await?,
                )
                    .into_response()),
                None => Err(e),
            }
        }
    }
}

pub async fn submit(
    State(app): State<AppState>,
    auth: Auth,
    ui: Ui,
    Path(slug): Path<String>,
) -> Result<Response, AppError> {
    step(
        &app,
        &auth,
        &ui,
        &slug,
        Action::SubmitPractice,
        Transition::Submit,
    )
    .await
}

pub async fn publish(
    State(app): State<AppState>,
    auth: Auth,
    ui: Ui,
    Path(slug): Path<String>,
) -> Result<Response, AppError> {
    step(
        &app,
        &auth,
        &ui,
        &slug,
        Action::ReviewPractice,
        Transition::Publish,
    )
    .await
}

pub async fn reject(
    State(app): State<AppState>,
    auth: Auth,
    ui: Ui,
    Path(slug): Path<String>,
    form: FormData,
) -> Result<Response, AppError> {
    let reason = form.get("reason").to_owned();
    step(
        &app,
        &auth,
        &ui,
        &slug,
        Action::ReviewPractice,
        Transition::Reject { reason },
    )
    .await
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

async fn render_work(
    app: &AppState,
    auth: &Auth,
    ui: &Ui,
    p: &Practice,
    errors: BTreeMap<String, String>,
) -> Result<Html<String>, AppError> {
    let owner = Target::Organisation(p.owner.id);
    let revisions = app.store.revisions(p.id).await?;
    let mut views = Vec::with_capacity(revisions.len());
    let mut previous = String::new();
    for r in &revisions {
        let text = snapshot_text(&r.input()?);
        let changes = diff_lines(&previous, &text)
            .into_iter()
            .filter(|l| l.tag != " ")
            .collect();
        previous = text;
        views.push(RevisionView {
            number: r.number,
            review: r.review.clone(),
            review_label: t(ui.lang, &format!("review-{}", r.review), None),
            note: r.note.clone(),
            author: r
                .author
                .clone()
                .unwrap_or_else(|| t(ui.lang, "author-unknown", None)),
            created_at: r.created_at.clone(),
            changes,
        });
    }
    views.reverse();
    ui.render(
        "work.html",
        context! {
            practice => WorkView::new(p, ui.lang),
            revisions => views,
            errors,
            can_edit => auth.can(Action::EditPractice, owner),
            can_submit => auth.can(Action::SubmitPractice, owner) && matches!(p.review, Review::Draft | Review::Rejected),
            can_review => auth.can(Action::ReviewPractice, owner) && p.review == Review::Submitted,
        },
    )
}

pub async fn revisions(
    State(app): State<AppState>,
    auth: Auth,
    ui: Ui,
    Path(slug): Path<String>,
) -> Result<Response, AppError> {
    let p = app.store.practice_any(&slug).await?;
    auth.require(Action::ViewUnpublished, Target::Organisation(p.owner.id))?;
    Ok(render_work(&app, &auth, &ui, &p, BTreeMap::new())
        .await?
        .into_response())
}

pub async fn review_queue(
    State(app): State<AppState>,
    auth: Auth,
    ui: Ui,
) -> Result<Response, AppError> {
    auth.require(Action::ViewReviewQueue, Target::None)?;
    let waiting = app
        .store
        .unpublished_practices(None, Some(Review::Submitted))
        .await?;
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
    auth: Auth,
    ui: Ui,
    Path(code): Path<String>,
) -> Result<Response, AppError> {
    let org = app.store.organisation(&code).await?;
    auth.require(Action::EditOrganisation, Target::Organisation(org.id))?;
    let values = context! {
        description => app.store.organisation_description(&org.code).await?,
        website => org.website.clone().unwrap_or_default(),
        name_en => org.name_en.clone().unwrap_or_default(),
    };
    Ok(render_org_form(&ui, &org, values, BTreeMap::new())
        .await?
        .into_response())
}

pub async fn update_organisation(
    State(app): State<AppState>,
    auth: Auth,
    ui: Ui,
    Path(code): Path<String>,
    form: FormData,
) -> Result<Response, AppError> {
    let org = app.store.organisation(&code).await?;
    auth.require(Action::EditOrganisation, Target::Organisation(org.id))?;
    let input = OrgProfileInput {
        description: form.get("description").to_owned(),
        website: form.get("website").to_owned(),
        name_en: form.get("name_en").to_owned(),
    };
    match app
        .store
        .update_org_profile(&org.code, &input, &auth.origin())
        .await
    {
        Ok(()) => Ok(Redirect::to(&format!("/organisaties/{}", org.code)).into_response()),
        Err(e) => {
            let e = AppError::from(e);
            match field_errors(&e, ui.lang) {
                Some(errors) => {
                    let values = context! { description => input.description, website => input.website, name_en => input.name_en };
                    Ok((
                        StatusCode::UNPROCESSABLE_ENTITY,
                        render_org_form(&ui, &org, values, errors).await?,
                    )
                        .into_response())
                }
                None => Err(e),
            }
        }
    }
}
