//! The pages of joint computations set up on the website: the list, drafting and revising a spec
//! (as TOML, started from an example), and a computation's page with the spec in words and in
//! TOML, the consents, the nodes' progress, who delivered input, the result and the approvals.

use std::collections::BTreeMap;

use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use leerpunt_core::computation::{Role, Stage, EXAMPLES};
use minijinja::context;
use serde::Deserialize;

use crate::actions::computations::{self, DecisionInput};
use crate::actions::Caller;
use crate::error::AppError;
use crate::extract::FormData;
use crate::i18n::t;
use crate::pages::analyses::tables;
use crate::ui::Ui;
use crate::AppState;

const BASE: &str = "/gezamenlijke-analyse/berekeningen";

fn stage_label(ui: &Ui, stage: Stage) -> String {
    t(ui.lang, &format!("computation-stage-{}", stage.key()), None)
}

/// The spec's rule violations, one line each, for the form's error summary.
fn spec_errors(e: &AppError) -> Option<BTreeMap<String, String>> {
    match e {
        AppError::Invalid(fields) => Some(
            fields
                .iter()
                .map(|f| (f.field.clone(), f.message.clone()))
                .collect(),
        ),
        AppError::BadRequest(m) | AppError::Conflict(m) => {
            Some(BTreeMap::from([("spec".to_owned(), m.clone())]))
        }
        _ => None,
    }
}

/// `GET /gezamenlijke-analyse/berekeningen`.
pub async fn list(
    State(app): State<AppState>,
    caller: Caller,
    ui: Ui,
) -> Result<Html<String>, AppError> {
    let items: Vec<_> = computations::list(&app, &caller)
        .await?
        .into_iter()
        .map(|c| {
            context! {
                slug => c.slug,
                title => if ui.lang == leerpunt_core::Lang::En { c.title_en } else { c.title_nl },
                stage => c.stage.key(),
                stage_label => stage_label(&ui, c.stage),
                nodes => c.nodes,
                parties => c.parties,
                updated_at => c.updated_at,
            }
        })
        .collect();
    let can_manage = computations::manages(&caller);
    ui.render("computations.html", context! { items, can_manage })
}

#[derive(Debug, Deserialize)]
pub struct ExampleQuery {
    #[serde(default)]
    voorbeeld: Option<String>,
}

fn render_form(
    ui: &Ui,
    slug: Option<&str>,
    spec: &str,
    errors: BTreeMap<String, String>,
) -> Result<Html<String>, AppError> {
    let examples: Vec<&str> = EXAMPLES.iter().map(|(n, _)| *n).collect();
    ui.render(
        "computation_form.html",
        context! { slug, spec, errors, examples },
    )
}

/// `GET /gezamenlijke-analyse/berekeningen/nieuw`: the form, filled with an example spec.
pub async fn new_form(
    caller: Caller,
    ui: Ui,
    Query(q): Query<ExampleQuery>,
) -> Result<Html<String>, AppError> {
    computations::require_manager(&caller)?;
    render_form(
        &ui,
        None,
        computations::example(q.voorbeeld.as_deref()),
        BTreeMap::new(),
    )
}

/// `POST /gezamenlijke-analyse/berekeningen/nieuw`.
pub async fn create(
    State(app): State<AppState>,
    caller: Caller,
    ui: Ui,
    form: FormData,
) -> Result<Response, AppError> {
    let spec = form.get("spec");
    match computations::create(&app, &caller, spec).await {
        Ok(c) => Ok(Redirect::to(&format!("{BASE}/{}", c.slug)).into_response()),
        Err(e) => match spec_errors(&e) {
            Some(errors) => {
                let status = if matches!(e, AppError::Conflict(_)) {
                    StatusCode::CONFLICT
                } else {
                    StatusCode::UNPROCESSABLE_ENTITY
                };
                Ok((status, render_form(&ui, None, spec, errors)?).into_response())
            }
            None => Err(e),
        },
    }
}

/// `GET /gezamenlijke-analyse/berekeningen/{slug}`.
pub async fn detail(
    State(app): State<AppState>,
    caller: Caller,
    ui: Ui,
    Path(slug): Path<String>,
) -> Result<Html<String>, AppError> {
    render_detail(&app, &caller, &ui, &slug, BTreeMap::new()).await
}

async fn render_detail(
    app: &AppState,
    caller: &Caller,
    ui: &Ui,
    slug: &str,
    errors: BTreeMap<String, String>,
) -> Result<Html<String>, AppError> {
    let page = computations::page(app, caller, slug, ui.lang).await?;
    let c = &page.computation;
    let consents: Vec<_> = c
        .spec
        .consenters()
        .into_iter()
        .map(|(role, org)| {
            let d = c.consent(role, org);
            context! {
                role => role.key(),
                role_label => t(ui.lang, &format!("computation-role-{}", role.key()), None),
                organisation => org,
                decision => d.map(|d| d.decision.key()),
                decision_label => d.map(|d| t(ui.lang, &format!("computation-decision-{}", d.decision.key()), None)),
                reason => d.map(|d| d.reason.clone()),
                decided_at => d.map(|d| d.decided_at.clone()),
            }
        })
        .collect();
    let reports: Vec<_> = c
        .reports
        .iter()
        .map(|r| {
            context! {
                organisation => r.organisation,
                phase => r.phase.key(),
                phase_label => t(ui.lang, &format!("computation-phase-{}", r.phase.key()), None),
                reason => r.reason,
                reported_at => r.reported_at,
            }
        })
        .collect();
    let decisions: Vec<_> = page
        .decisions
        .iter()
        .map(|d| {
            context! {
                role => d.role.key(),
                role_label => t(ui.lang, &format!("computation-role-{}", d.role.key()), None),
                organisation => d.organisation,
                taken => d.taken,
                node => d.role == Role::Node,
            }
        })
        .collect();
    let result_tables = c.result.as_ref().map(|r| tables(r, ui));
    let delivered: Vec<_> = c
        .spec
        .parties
        .iter()
        .map(|p| context! { organisation => p, delivered => c.delivered.contains(p), approved => c.approved.contains(p) })
        .collect();
    ui.render(
        "computation.html",
        context! {
            slug => c.slug,
            title => c.spec.title.get(ui.lang),
            purpose => c.spec.purpose.get(ui.lang),
            question => c.spec.question.get(ui.lang),
            stage => c.stage.key(),
            stage_label => stage_label(ui, c.stage),
            k => c.spec.k,
            group_by => c.spec.group_by.column,
            domain_size => c.spec.group_by.domain.len(),
            nodes => c.spec.nodes,
            parties => c.spec.parties,
            consent_by => c.spec.consent_by,
            input_by => c.spec.input_by,
            words => page.words,
            toml => page.toml,
            editable => page.can_manage && c.stage.editable(),
            can_ask => page.can_manage && matches!(c.stage, Stage::Draft | Stage::Declined),
            signature => c.signature,
            public_key => page.public_key,
            spec_url => format!(
                "{}/api/v1/computations/{}/spec",
                app.config.public_url.trim_end_matches('/'),
                c.slug
            ),
            abort_reason => c.abort_reason,
            consents,
            reports,
            decisions,
            approvals => page.approvals,
            delivered,
            result_tables,
            published => c.stage == Stage::Published,
            errors,
        },
    )
}

/// Answers a step on a computation's page: back to the page, or the page with the errors.
async fn after_step(
    app: &AppState,
    caller: &Caller,
    ui: &Ui,
    slug: &str,
    outcome: Result<leerpunt_store::Computation, AppError>,
) -> Result<Response, AppError> {
    match outcome {
        Ok(_) => Ok(Redirect::to(&format!("{BASE}/{slug}")).into_response()),
        Err(e) => match spec_errors(&e) {
            Some(errors) => {
                let html = render_detail(app, caller, ui, slug, errors).await?;
                Ok((StatusCode::UNPROCESSABLE_ENTITY, html).into_response())
            }
            None => Err(e),
        },
    }
}

/// `POST /gezamenlijke-analyse/berekeningen/{slug}/bewerken`: a revised spec (asks everyone again).
pub async fn revise(
    State(app): State<AppState>,
    caller: Caller,
    ui: Ui,
    Path(slug): Path<String>,
    form: FormData,
) -> Result<Response, AppError> {
    let outcome = computations::revise(&app, &caller, &slug, form.get("spec")).await;
    after_step(&app, &caller, &ui, &slug, outcome).await
}

/// `POST /gezamenlijke-analyse/berekeningen/{slug}/instemming-vragen`.
pub async fn ask(
    State(app): State<AppState>,
    caller: Caller,
    ui: Ui,
    Path(slug): Path<String>,
) -> Result<Response, AppError> {
    let outcome = computations::ask(&app, &caller, &slug).await;
    after_step(&app, &caller, &ui, &slug, outcome).await
}

/// `POST /gezamenlijke-analyse/berekeningen/{slug}/besluit`: consent or decline for an
/// organisation in a role.
pub async fn decide(
    State(app): State<AppState>,
    caller: Caller,
    ui: Ui,
    Path(slug): Path<String>,
    form: FormData,
) -> Result<Response, AppError> {
    let input = DecisionInput {
        role: form.get("role").to_owned(),
        organisation: form.get("organisation").to_owned(),
        decision: form.get("decision").to_owned(),
        reason: form.get("reason").to_owned(),
        cert_pem: form.get("cert_pem").to_owned(),
    };
    let outcome = computations::decide(&app, &caller, &slug, &input).await;
    after_step(&app, &caller, &ui, &slug, outcome).await
}

/// `POST /gezamenlijke-analyse/berekeningen/{slug}/publicatie`: an input party approves
/// publishing the result.
pub async fn approve(
    State(app): State<AppState>,
    caller: Caller,
    ui: Ui,
    Path(slug): Path<String>,
    form: FormData,
) -> Result<Response, AppError> {
    let outcome = computations::approve(&app, &caller, &slug, form.get("organisation")).await;
    after_step(&app, &caller, &ui, &slug, outcome).await
}

/// `GET /gezamenlijke-analyse/berekeningen/{slug}/spec.toml`: the issued spec as the nodes run it.
pub async fn spec_toml(
    State(app): State<AppState>,
    Path(slug): Path<String>,
) -> Result<Response, AppError> {
    let (toml, signature, _) = computations::issued(&app, &slug).await?;
    Ok((
        [
            (
                axum::http::header::CONTENT_TYPE,
                "application/toml; charset=utf-8".to_owned(),
            ),
            (
                axum::http::HeaderName::from_static("x-leerpunt-signature"),
                signature,
            ),
        ],
        toml,
    )
        .into_response())
}
