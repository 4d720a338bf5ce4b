//! Shared data labs' pages: the list (filtered by what a lab offers), a lab with its request form
//! and, for the owner's editors, its requests; the form to describe a lab; the overview of one's
//! own requests and those for one's labs; a request with its exchange and the steps one may take.

use std::collections::BTreeMap;

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use leerpunt_core::labs::{Lab, LabInput, LabRequest, Offering, RequestInput, RequestStep};
use leerpunt_core::Lang;
use minijinja::{context, Value};
use serde::Deserialize;

use super::field_errors;
use super::helpdesk::path_id;
use crate::actions::labs::{self, LabPage};
use crate::actions::Caller;
use crate::error::AppError;
use crate::extract::{FormData, Q};
use crate::markup;
use crate::ui::Ui;
use crate::AppState;

fn offering_options(lang: Lang) -> Vec<Value> {
    Offering::ALL
        .iter()
        .map(|o| context! { key => o.key(), label => o.label(lang) })
        .collect()
}

/// A lab as the pages show it.
fn lab_view(l: &Lab, lang: Lang) -> Value {
    context! {
        slug => l.slug.clone(),
        name => l.name(lang).to_owned(),
        description => Value::from_safe_string(markup::markdown(l.description(lang))),
        owner => l.owner.clone(),
        owner_name => l.owner_name.clone(),
        offerings => l.offerings.iter().map(|o| context! { key => o.key(), label => o.label(lang) }).collect::<Vec<_>>(),
        audience => l.audience.clone(),
        conditions => l.conditions.clone(),
        cost => l.cost.clone(),
        contact => l.contact.clone(),
        contact_is_mail => !l.contact.contains("://"),
        availability => l.availability.clone(),
        granted => l.granted,
        demo => l.demo,
        updated_at => l.updated_at.clone(),
    }
}

/// A request as the pages show it.
fn request_view(r: &LabRequest, lang: Lang) -> Value {
    context! {
        id => r.id,
        lab_slug => r.lab_slug.clone(),
        lab_name => if lang == Lang::En { r.lab_name_en.clone() } else { r.lab_name_nl.clone() },
        requester => r.requester_name.clone(),
        organisation => r.requester_organisation.clone(),
        purpose => r.purpose.clone(),
        from => r.from.clone(),
        to => r.to.clone(),
        needs => r.needs.clone(),
        state => r.state.key(),
        state_label => format!("lab-state-{}", r.state.key()),
        open => r.state.open(),
        requester_consent => r.requester_consent,
        owner_consent => r.owner_consent,
        demo => r.demo,
        created_at => r.created_at.clone(),
        updated_at => r.updated_at.clone(),
    }
}

#[derive(Debug, Deserialize)]
pub struct ListParams {
    aanbod: Option<String>,
}

/// `GET /datalabs`: every lab, or those offering `aanbod`.
pub async fn list(
    State(app): State<AppState>,
    ui: Ui,
    Q(params): Q<ListParams>,
) -> Result<Html<String>, AppError> {
    let offering = match params.aanbod.as_deref().map(str::trim) {
        None | Some("") => None,
        Some(k) => Some(
            Offering::parse(k)
                .ok_or_else(|| AppError::BadRequest("msg-lab-offering-unknown".to_owned()))?,
        ),
    };
    let all = labs::labs(&app, offering).await?;
    ui.render(
        "labs.html",
        context! {
            labs => all.iter().map(|l| lab_view(l, ui.lang)).collect::<Vec<_>>(),
            offerings => offering_options(ui.lang),
            offering => offering.map(Offering::key).unwrap_or_default(),
        },
    )
}

fn render_lab(
    ui: &Ui,
    page: &LabPage,
    values: Value,
    errors: BTreeMap<String, String>,
) -> Result<Html<String>, AppError> {
    ui.render(
        "lab.html",
        context! {
            lab => lab_view(&page.lab, ui.lang),
            shown => page.shown.iter().map(|(n, o)| context! { name => n.clone(), organisation => o.clone() }).collect::<Vec<_>>(),
            requests => page.requests.iter().map(|r| request_view(r, ui.lang)).collect::<Vec<_>>(),
            can_edit => page.can_edit,
            can_decide => page.can_decide,
            can_request => page.can_request,
            own_organisation => page.own_organisation,
            signed_in => ui.account.is_some(),
            values,
            errors,
        },
    )
}

/// `GET /datalabs/{slug}`.
pub async fn detail(
    State(app): State<AppState>,
    caller: Caller,
    ui: Ui,
    Path(slug): Path<String>,
) -> Result<Html<String>, AppError> {
    let page = labs::lab_page(&app, &caller, &slug).await?;
    let values = context! { purpose => "", from => "", to => "", needs => "", may_show => false };
    render_lab(&ui, &page, values, BTreeMap::new())
}

fn lab_values(form: &FormData) -> Value {
    context! {
        owner => form.get("owner"),
        slug => form.get("slug"),
        name_nl => form.get("name_nl"),
        name_en => form.get("name_en"),
        description_nl => form.get("description_nl"),
        description_en => form.get("description_en"),
        offerings => form.all("offerings"),
        audience => form.get("audience"),
        conditions => form.get("conditions"),
        cost => form.get("cost"),
        contact => form.get("contact"),
        availability => form.get("availability"),
    }
}

fn lab_input(form: &FormData) -> LabInput {
    LabInput {
        slug: Some(form.get("slug").trim().to_owned()).filter(|s| !s.is_empty()),
        owner: form.get("owner").trim().to_owned(),
        name_nl: form.get("name_nl").to_owned(),
        name_en: form.get("name_en").to_owned(),
        description_nl: form.get("description_nl").to_owned(),
        description_en: form.get("description_en").to_owned(),
        offerings: form.all("offerings"),
        audience: form.get("audience").to_owned(),
        conditions: form.get("conditions").to_owned(),
        cost: form.get("cost").to_owned(),
        contact: form.get("contact").to_owned(),
        availability: form.get("availability").to_owned(),
    }
}

async fn render_form(
    app: &AppState,
    caller: &Caller,
    ui: &Ui,
    editing: Option<&Lab>,
    values: Value,
    errors: BTreeMap<String, String>,
) -> Result<Html<String>, AppError> {
    let owners: Vec<Value> = if editing.is_none() {
        let mut o: Vec<(String, String)> = labs::owner_choices(app, caller)
            .await?
            .iter()
            .map(|o| (o.code.clone(), o.display_name(ui.lang).to_owned()))
            .collect();
        o.sort_by(|a, b| a.1.cmp(&b.1));
        o.into_iter()
            .map(|(key, label)| context! { key, label })
            .collect()
    } else {
        Vec::new()
    };
    ui.render(
        "lab_form.html",
        context! {
            action => match editing { Some(l) => format!("/datalabs/{}/bewerken", l.slug), None => "/datalabs/nieuw".to_owned() },
            editing => editing.map(|l| lab_view(l, ui.lang)),
            owners,
            offerings => offering_options(ui.lang),
            values,
            errors,
        },
    )
}

/// Field errors in the page's language: a message named by a locale key (`msg-…`), else this
/// area's own text (`err-{area}-FIELD`), else the common `err-FIELD`.
pub(crate) fn area_errors(
    e: &AppError,
    lang: Lang,
    area: &str,
) -> Option<BTreeMap<String, String>> {
    use crate::i18n::{has_key, t};
    let AppError::Invalid(fields) = e else {
        return None;
    };
    let mut out = field_errors(e, lang)?;
    for f in fields {
        let own = format!("err-{area}-{}", f.field);
        let text = if f.message.starts_with("msg-") && has_key(lang, &f.message) {
            t(lang, &f.message, None)
        } else if has_key(lang, &own) {
            t(lang, &own, None)
        } else {
            continue;
        };
        out.insert(f.field.clone(), text);
    }
    Some(out)
}

fn form_error(e: &AppError, lang: Lang) -> Option<BTreeMap<String, String>> {
    area_errors(e, lang, "lab")
}

/// `GET /datalabs/nieuw`.
pub async fn new_form(
    State(app): State<AppState>,
    caller: Caller,
    ui: Ui,
) -> Result<Html<String>, AppError> {
    caller.user()?;
    if !caller
        .actor
        .can_for_some_organisation(leerpunt_core::access::Action::ManageLab)
    {
        return Err(AppError::Forbidden(
            "your account may not do this".to_owned(),
        ));
    }
    render_form(
        &app,
        &caller,
        &ui,
        None,
        lab_values(&FormData(Vec::new())),
        BTreeMap::new(),
    )
    .await
}

/// `POST /datalabs/nieuw`.
pub async fn create(
    State(app): State<AppState>,
    caller: Caller,
    ui: Ui,
    form: FormData,
) -> Result<Response, AppError> {
    match labs::create(&app, &caller, lab_input(&form)).await {
        Ok(l) => Ok(Redirect::to(&format!("/datalabs/{}", l.slug)).into_response()),
        Err(e) => match form_error(&e, ui.lang) {
            Some(errors) => {
                let html = render_form(&app, &caller, &ui, None, lab_values(&form), errors).await?;
                Ok((StatusCode::UNPROCESSABLE_ENTITY, html).into_response())
            }
            None => match e {
                AppError::Conflict(_) => {
                    let errors = BTreeMap::from([(
                        "slug".to_owned(),
                        crate::i18n::t(ui.lang, "msg-lab-slug-taken", None),
                    )]);
                    let html =
                        render_form(&app, &caller, &ui, None, lab_values(&form), errors).await?;
                    Ok((StatusCode::CONFLICT, html).into_response())
                }
                e => Err(e),
            },
        },
    }
}

/// `GET /datalabs/{slug}/bewerken`.
pub async fn edit_form(
    State(app): State<AppState>,
    caller: Caller,
    ui: Ui,
    Path(slug): Path<String>,
) -> Result<Html<String>, AppError> {
    let lab = labs::editable(&app, &caller, &slug).await?;
    let values = context! {
        owner => lab.owner.clone(),
        name_nl => lab.name_nl.clone(),
        name_en => lab.name_en.clone(),
        description_nl => lab.description_nl.clone(),
        description_en => lab.description_en.clone(),
        offerings => lab.offerings.iter().map(|o| o.key()).collect::<Vec<_>>(),
        audience => lab.audience.clone(),
        conditions => lab.conditions.clone(),
        cost => lab.cost.clone(),
        contact => lab.contact.clone(),
        availability => lab.availability.clone(),
    };
    render_form(&app, &caller, &ui, Some(&lab), values, BTreeMap::new()).await
}

/// `POST /datalabs/{slug}/bewerken`.
pub async fn update(
    State(app): State<AppState>,
    caller: Caller,
    ui: Ui,
    Path(slug): Path<String>,
    form: FormData,
) -> Result<Response, AppError> {
    match labs::update(&app, &caller, &slug, lab_input(&form)).await {
        Ok(l) => Ok(Redirect::to(&format!("/datalabs/{}", l.slug)).into_response()),
        Err(e) => match form_error(&e, ui.lang) {
            Some(errors) => {
                let lab = labs::editable(&app, &caller, &slug).await?;
                let html =
                    render_form(&app, &caller, &ui, Some(&lab), lab_values(&form), errors).await?;
                Ok((StatusCode::UNPROCESSABLE_ENTITY, html).into_response())
            }
            None => Err(e),
        },
    }
}

fn request_input(form: &FormData) -> RequestInput {
    RequestInput {
        purpose: form.get("purpose").to_owned(),
        from: form.get("from").trim().to_owned(),
        to: form.get("to").trim().to_owned(),
        needs: form.get("needs").to_owned(),
        may_show: form.checked("may_show"),
    }
}

/// `POST /datalabs/{slug}/aanvragen`: requests access; invalid fields come back on the lab's page.
pub async fn request(
    State(app): State<AppState>,
    caller: Caller,
    ui: Ui,
    Path(slug): Path<String>,
    form: FormData,
) -> Result<Response, AppError> {
    match labs::request(&app, &caller, &slug, request_input(&form)).await {
        Ok(r) => Ok(Redirect::to(&format!("/datalabs/aanvragen/{}", r.id)).into_response()),
        Err(e) => match form_error(&e, ui.lang) {
            Some(errors) => {
                let page = labs::lab_page(&app, &caller, &slug).await?;
                let values = context! {
                    purpose => form.get("purpose"),
                    from => form.get("from"),
                    to => form.get("to"),
                    needs => form.get("needs"),
                    may_show => form.checked("may_show"),
                };
                let html = render_lab(&ui, &page, values, errors)?;
                Ok((StatusCode::UNPROCESSABLE_ENTITY, html).into_response())
            }
            None => Err(e),
        },
    }
}

/// `GET /datalabs/aanvragen`: one's own requests and those for the labs one keeps.
pub async fn requests(
    State(app): State<AppState>,
    caller: Caller,
    ui: Ui,
) -> Result<Html<String>, AppError> {
    let (own, incoming) = labs::requests_overview(&app, &caller).await?;
    ui.render(
        "lab_requests.html",
        context! {
            own => own.iter().map(|r| request_view(r, ui.lang)).collect::<Vec<_>>(),
            incoming => incoming.iter().map(|r| request_view(r, ui.lang)).collect::<Vec<_>>(),
        },
    )
}

fn render_request(
    ui: &Ui,
    page: &labs::RequestPage,
    errors: BTreeMap<String, String>,
) -> Result<Html<String>, AppError> {
    ui.render(
        "lab_request.html",
        context! {
            r => request_view(&page.request, ui.lang),
            messages => page.messages.iter().map(|m| context! {
                kind => m.kind.clone(),
                kind_label => format!("lab-message-{}", m.kind),
                author => m.author_name.clone(),
                by_owner => m.by_owner,
                body => m.body.clone(),
                created_at => m.created_at.clone(),
            }).collect::<Vec<_>>(),
            can_decide => page.can_decide,
            can_reply => page.can_manage_own && page.request.state == leerpunt_core::labs::RequestState::Question,
            can_withdraw => page.can_manage_own && page.request.state.open(),
            can_consent => page.can_manage_own,
            errors,
        },
    )
}

/// `GET /datalabs/aanvragen/{id}`.
pub async fn request_detail(
    State(app): State<AppState>,
    caller: Caller,
    ui: Ui,
    Path(id): Path<String>,
) -> Result<Html<String>, AppError> {
    let id = path_id(&id)?;
    let page = labs::request_page(&app, &caller, id).await?;
    render_request(&ui, &page, BTreeMap::new())
}

async fn take_step(
    app: &AppState,
    caller: &Caller,
    ui: &Ui,
    id: i64,
    step: RequestStep,
) -> Result<Response, AppError> {
    match labs::step(app, caller, id, step).await {
        Ok(_) => Ok(Redirect::to(&format!("/datalabs/aanvragen/{id}")).into_response()),
        Err(e) => match form_error(&e, ui.lang) {
            Some(errors) if !errors.contains_key("state") => {
                let page = labs::request_page(app, caller, id).await?;
                let html = render_request(ui, &page, errors)?;
                Ok((StatusCode::UNPROCESSABLE_ENTITY, html).into_response())
            }
            _ => Err(e),
        },
    }
}

/// `POST /datalabs/aanvragen/{id}/vraag`: the owner's editors ask the requester something.
pub async fn ask(
    State(app): State<AppState>,
    caller: Caller,
    ui: Ui,
    Path(id): Path<String>,
    form: FormData,
) -> Result<Response, AppError> {
    let id = path_id(&id)?;
    let message = form.get("message").to_owned();
    take_step(&app, &caller, &ui, id, RequestStep::Ask { message }).await
}

/// `POST /datalabs/aanvragen/{id}/reageren`: the requester answers the question.
pub async fn reply(
    State(app): State<AppState>,
    caller: Caller,
    ui: Ui,
    Path(id): Path<String>,
    form: FormData,
) -> Result<Response, AppError> {
    let id = path_id(&id)?;
    let message = form.get("message").to_owned();
    take_step(&app, &caller, &ui, id, RequestStep::Reply { message }).await
}

/// `POST /datalabs/aanvragen/{id}/accepteren`: with conditions and the owner's consent to show.
pub async fn accept(
    State(app): State<AppState>,
    caller: Caller,
    ui: Ui,
    Path(id): Path<String>,
    form: FormData,
) -> Result<Response, AppError> {
    let id = path_id(&id)?;
    let step = RequestStep::Accept {
        conditions: form.get("conditions").to_owned(),
        may_show: form.checked("may_show"),
    };
    take_step(&app, &caller, &ui, id, step).await
}

/// `POST /datalabs/aanvragen/{id}/afwijzen`: with a reason.
pub async fn decline(
    State(app): State<AppState>,
    caller: Caller,
    ui: Ui,
    Path(id): Path<String>,
    form: FormData,
) -> Result<Response, AppError> {
    let id = path_id(&id)?;
    let reason = form.get("reason").to_owned();
    take_step(&app, &caller, &ui, id, RequestStep::Decline { reason }).await
}

/// `POST /datalabs/aanvragen/{id}/intrekken`: the requester withdraws the request.
pub async fn withdraw(
    State(app): State<AppState>,
    caller: Caller,
    ui: Ui,
    Path(id): Path<String>,
) -> Result<Response, AppError> {
    let id = path_id(&id)?;
    take_step(&app, &caller, &ui, id, RequestStep::Withdraw).await
}

/// `POST /datalabs/aanvragen/{id}/tonen`: the requester's consent to be named (`consent` = 1 or 0).
pub async fn consent(
    State(app): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    form: FormData,
) -> Result<Response, AppError> {
    let id = path_id(&id)?;
    let consent = match form.get("consent").trim() {
        "1" => true,
        "0" => false,
        _ => return Err(AppError::BadRequest("msg-lab-consent-choice".to_owned())),
    };
    labs::consent(&app, &caller, id, consent).await?;
    Ok(Redirect::to(&format!("/datalabs/aanvragen/{id}")).into_response())
}
