//! The rolling agenda's pages: the action lines with their commitments and progress (chart and
//! table), the CSV of all commitments, a commitment with its milestones, evidence, updates and
//! reviews (and the forms the caller may use), the commitment form, and the printable review
//! report of a period.

use std::collections::BTreeMap;

use axum::extract::{Path, State};
use axum::http::{header, StatusCode};
use axum::response::{Html, IntoResponse, Redirect, Response};
use leerpunt_core::agenda::{
    self, Commitment, CommitmentInput, CommitmentStatus, Completion, EvidenceInput, EvidenceKind,
    Impact, MilestoneInput, OpenedGovernment, ProgressInput, Relevance, Report, Review,
    ReviewInput, ReviewPeriod, Specificity,
};
use leerpunt_core::Lang;
use minijinja::{context, Value};
use serde::Deserialize;

use super::labs::area_errors;
use crate::actions::agenda::{self as act, CommitmentPage};
use crate::actions::Caller;
use crate::error::AppError;
use crate::extract::{FormData, Q};
use crate::ui::Ui;
use crate::AppState;

fn line_label(key: &str, lang: Lang) -> String {
    leerpunt_core::vocab::theme(key)
        .map(|t| if lang == Lang::En { t.en } else { t.nl })
        .unwrap_or(key)
        .to_owned()
}

fn options<T: Copy>(
    all: &[T],
    key: impl Fn(T) -> &'static str,
    label: impl Fn(T) -> &'static str,
) -> Vec<Value> {
    all.iter()
        .map(|v| context! { key => key(*v), label => label(*v) })
        .collect()
}

fn line_options(lang: Lang) -> Vec<Value> {
    agenda::action_lines()
        .map(|t| context! { key => t.key, label => if lang == Lang::En { t.en } else { t.nl } })
        .collect()
}

fn status_options(lang: Lang) -> Vec<Value> {
    options(CommitmentStatus::ALL, CommitmentStatus::key, |s| {
        s.label(lang)
    })
}

fn review_view(r: &Review, lang: Lang) -> Value {
    let g = &r.ratings;
    context! {
        id => r.id,
        period => g.period.key(),
        specificity => g.specificity.label(lang),
        relevance => g.relevance.label(lang),
        impact => g.impact.label(lang),
        completion => g.completion.label(lang),
        completion_key => g.completion.key(),
        opened => g.opened_government.label(lang),
        justification => r.justification.clone(),
        reviewer => r.reviewer.clone(),
        response => r.response.clone(),
        responder => r.responder.clone(),
        responded_at => r.responded_at.as_deref().map(|s| s.chars().take(10).collect::<String>()),
        demo => r.demo,
        created_on => r.created_at.chars().take(10).collect::<String>(),
    }
}

fn commitment_view(c: &Commitment, lang: Lang) -> Value {
    let done = c.milestones.iter().filter(|m| m.done_on.is_some()).count();
    context! {
        id => c.id,
        action_line => c.action_line.clone(),
        line_label => line_label(&c.action_line, lang),
        owner => c.owner.clone(),
        owner_name => c.owner_name.clone(),
        partners => c.partners.iter().map(|(code, name)| context! { code => code.clone(), name => name.clone() }).collect::<Vec<_>>(),
        title => c.title(lang).to_owned(),
        description => c.description(lang).to_owned(),
        starts_on => c.starts_on.clone(),
        due_on => c.due_on.clone(),
        status => c.status.key(),
        status_label => c.status.label(lang),
        milestones => c.milestones.iter().map(|m| context! { id => m.id, title => m.title.clone(), due_on => m.due_on.clone(), done_on => m.done_on.clone() }).collect::<Vec<_>>(),
        milestones_done => done,
        milestones_total => c.milestones.len(),
        updates => c.updates.iter().map(|u| context! { written_on => u.written_on.clone(), body => u.body.clone(), author => u.author.clone() }).collect::<Vec<_>>(),
        evidence => c.evidence.iter().map(|e| context! { title => e.title.clone(), url => e.url.clone(), kind => e.kind.label(lang) }).collect::<Vec<_>>(),
        reviews => c.reviews.iter().map(|r| review_view(r, lang)).collect::<Vec<_>>(),
        demo => c.demo,
    }
}

#[derive(Debug, Deserialize)]
pub struct ListParams {
    lijn: Option<String>,
    status: Option<String>,
}

/// `GET /agenda`: the action lines with their commitments, filtered by line and status, and the
/// progress of every line (chart with a table beside it).
pub async fn list(
    State(app): State<AppState>,
    ui: Ui,
    Q(params): Q<ListParams>,
) -> Result<Html<String>, AppError> {
    let filter = act::filter(params.lijn.as_deref(), params.status.as_deref())?;
    let shown = act::commitments(&app, &filter).await?;
    let all = act::commitments(&app, &Default::default()).await?;
    let progress = agenda::progress(&all);
    let rows: Vec<(String, i64)> = progress
        .iter()
        .map(|(k, _, done)| (line_label(k, ui.lang), *done))
        .collect();
    let caption = crate::i18n::t(ui.lang, "agenda-progress-chart", None);
    let svg = crate::charts::bars("progress", &caption, &rows)?;
    let lines: Vec<Value> = agenda::action_lines()
        .filter(|l| filter.action_line.as_deref().is_none_or(|f| f == l.key))
        .map(|l| {
            let items: Vec<Value> = shown
                .iter()
                .filter(|c| c.action_line == l.key)
                .map(|c| commitment_view(c, ui.lang))
                .collect();
            context! { key => l.key, label => line_label(l.key, ui.lang), commitments => items }
        })
        .collect();
    ui.render(
        "agenda.html",
        context! {
            lines,
            progress => progress.iter().map(|(k, total, done)| context! { label => line_label(k, ui.lang), total, done }).collect::<Vec<_>>(),
            chart => Value::from_safe_string(svg),
            chart_caption => caption,
            line_options => line_options(ui.lang),
            status_options => status_options(ui.lang),
            line => filter.action_line.clone().unwrap_or_default(),
            status => filter.status.map(CommitmentStatus::key).unwrap_or_default(),
            shown => shown.len(),
            can_create => ui.account.is_some(),
        },
    )
}

fn csv_error(e: impl std::fmt::Display) -> AppError {
    AppError::Internal(format!("csv: {e}"))
}

/// `GET /agenda.csv`: every commitment, one row each, with its latest review.
pub async fn csv(State(app): State<AppState>) -> Result<Response, AppError> {
    let all = act::commitments(&app, &Default::default()).await?;
    let mut w = ::csv::Writer::from_writer(Vec::new());
    w.write_record([
        "id",
        "action_line",
        "owner",
        "owner_name",
        "partners",
        "title_nl",
        "title_en",
        "starts_on",
        "due_on",
        "status",
        "milestones",
        "milestones_done",
        "updates",
        "evidence",
        "review_period",
        "specificity",
        "relevance",
        "impact",
        "completion",
        "opened_government",
        "owner_responded",
    ])
    .map_err(csv_error)?;
    let safe = leerpunt_core::events::csv_safe;
    for c in &all {
        let r = c.reviews.first();
        let rating = |f: fn(&Review) -> &'static str| r.map(f).unwrap_or("").to_owned();
        w.write_record([
            c.id.to_string(),
            c.action_line.clone(),
            c.owner.clone(),
            safe(&c.owner_name),
            c.partners
                .iter()
                .map(|p| p.0.clone())
                .collect::<Vec<_>>()
                .join("|"),
            safe(&c.title_nl),
            safe(&c.title_en),
            c.starts_on.clone(),
            c.due_on.clone(),
            c.status.key().to_owned(),
            c.milestones.len().to_string(),
            c.milestones
                .iter()
                .filter(|m| m.done_on.is_some())
                .count()
                .to_string(),
            c.updates.len().to_string(),
            c.evidence.len().to_string(),
            r.map(|r| r.ratings.period.key()).unwrap_or_default(),
            rating(|r| r.ratings.specificity.key()),
            rating(|r| r.ratings.relevance.key()),
            rating(|r| r.ratings.impact.key()),
            rating(|r| r.ratings.completion.key()),
            rating(|r| r.ratings.opened_government.key()),
            r.map(|r| if r.response.is_some() { "yes" } else { "no" })
                .unwrap_or("")
                .to_owned(),
        ])
        .map_err(csv_error)?;
    }
    let body = w.into_inner().map_err(csv_error)?;
    Ok((
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_owned()),
            (
                header::CONTENT_DISPOSITION,
                "attachment; filename=\"agenda.csv\"".to_owned(),
            ),
        ],
        body,
    )
        .into_response())
}

/// The fields of the commitment page's forms (all present, so the templates can read any).
const PAGE_FIELDS: &[&str] = &[
    "milestone_title",
    "milestone_due_on",
    "evidence_title",
    "evidence_url",
    "evidence_kind",
    "written_on",
    "body",
    "period",
    "specificity",
    "relevance",
    "impact",
    "completion",
    "opened_government",
    "justification",
    "response",
];

fn page_values(form: Option<&FormData>) -> Value {
    let values: BTreeMap<&str, &str> = PAGE_FIELDS
        .iter()
        .map(|k| (*k, form.map(|f| f.get(k)).unwrap_or("")))
        .collect();
    Value::from_serialize(&values)
}

fn render_commitment(
    ui: &Ui,
    page: &CommitmentPage,
    form: &str,
    values: Value,
    errors: BTreeMap<String, String>,
) -> Result<Html<String>, AppError> {
    let lang = ui.lang;
    ui.render(
        "agenda_commitment.html",
        context! {
            c => commitment_view(&page.commitment, lang),
            can_manage => page.can_manage,
            can_review => page.can_review,
            can_respond => page.can_respond,
            reviewer_not_independent => page.reviewer_not_independent,
            signed_in => ui.account.is_some(),
            kinds => options(EvidenceKind::ALL, EvidenceKind::key, |k| k.label(lang)),
            specificity => options(Specificity::ALL, Specificity::key, |v| v.label(lang)),
            relevance => options(Relevance::ALL, Relevance::key, |v| v.label(lang)),
            impact => options(Impact::ALL, Impact::key, |v| v.label(lang)),
            completion => options(Completion::ALL, Completion::key, |v| v.label(lang)),
            opened => options(OpenedGovernment::ALL, OpenedGovernment::key, |v| v.label(lang)),
            today => leerpunt_store::news_today(),
            form,
            values,
            errors,
        },
    )
}

/// `GET /agenda/toezeggingen/{id}`.
pub async fn detail(
    State(app): State<AppState>,
    caller: Caller,
    ui: Ui,
    Path(id): Path<String>,
) -> Result<Html<String>, AppError> {
    let page = act::commitment_page(&app, &caller, &id).await?;
    render_commitment(&ui, &page, "", page_values(None), BTreeMap::new())
}

/// A write on the commitment's page: on success back to the page, on invalid input the page
/// again with the form's errors (422, in the page's language) and what was typed.
async fn page_write<T>(
    app: &AppState,
    caller: &Caller,
    ui: &Ui,
    id: &str,
    form_name: &str,
    form: &FormData,
    result: Result<T, AppError>,
) -> Result<Response, AppError> {
    // The page's forms name their fields after the form where the core's names would clash.
    let prefix = match form_name {
        "milestones" => "milestone_",
        "evidence" => "evidence_",
        _ => "",
    };
    match result {
        Ok(_) => {
            Ok(Redirect::to(&format!("/agenda/toezeggingen/{id}#{form_name}")).into_response())
        }
        Err(e) => match area_errors(&e, ui.lang, "agenda") {
            Some(errors) => {
                let errors = errors
                    .into_iter()
                    .map(|(k, v)| (format!("{prefix}{k}"), v))
                    .collect();
                let page = act::commitment_page(app, caller, id).await?;
                let html =
                    render_commitment(ui, &page, form_name, page_values(Some(form)), errors)?;
                Ok((StatusCode::UNPROCESSABLE_ENTITY, html).into_response())
            }
            None => Err(e),
        },
    }
}

/// `POST /agenda/toezeggingen/{id}/mijlpalen`: `milestone_title`, `milestone_due_on`.
pub async fn add_milestone(
    State(app): State<AppState>,
    caller: Caller,
    ui: Ui,
    Path(id): Path<String>,
    form: FormData,
) -> Result<Response, AppError> {
    let input = MilestoneInput {
        title: form.get("milestone_title").to_owned(),
        due_on: form.get("milestone_due_on").to_owned(),
    };
    let r = act::add_milestone(&app, &caller, &id, input).await;
    page_write(&app, &caller, &ui, &id, "milestones", &form, r).await
}

/// `POST /agenda/toezeggingen/{id}/mijlpalen/{milestone}/afgerond`: `done_on`.
pub async fn milestone_done(
    State(app): State<AppState>,
    caller: Caller,
    ui: Ui,
    Path((id, milestone)): Path<(String, String)>,
    form: FormData,
) -> Result<Response, AppError> {
    let r = act::milestone_done(&app, &caller, &id, &milestone, form.get("done_on")).await;
    page_write(&app, &caller, &ui, &id, "milestones", &form, r).await
}

/// `POST /agenda/toezeggingen/{id}/voortgang`: `written_on`, `body`.
pub async fn add_progress(
    State(app): State<AppState>,
    caller: Caller,
    ui: Ui,
    Path(id): Path<String>,
    form: FormData,
) -> Result<Response, AppError> {
    let input = ProgressInput {
        written_on: form.get("written_on").to_owned(),
        body: form.get("body").to_owned(),
    };
    let r = act::add_progress(&app, &caller, &id, input).await;
    page_write(&app, &caller, &ui, &id, "updates", &form, r).await
}

/// `POST /agenda/toezeggingen/{id}/bewijs`: `evidence_title`, `evidence_url`, `evidence_kind`.
pub async fn add_evidence(
    State(app): State<AppState>,
    caller: Caller,
    ui: Ui,
    Path(id): Path<String>,
    form: FormData,
) -> Result<Response, AppError> {
    let input = EvidenceInput {
        title: form.get("evidence_title").to_owned(),
        url: form.get("evidence_url").to_owned(),
        kind: form.get("evidence_kind").to_owned(),
    };
    let r = act::add_evidence(&app, &caller, &id, input).await;
    page_write(&app, &caller, &ui, &id, "evidence", &form, r).await
}

/// `POST /agenda/toezeggingen/{id}/beoordelingen`: the ratings and the justification.
pub async fn review(
    State(app): State<AppState>,
    caller: Caller,
    ui: Ui,
    Path(id): Path<String>,
    form: FormData,
) -> Result<Response, AppError> {
    let input = ReviewInput {
        period: form.get("period").to_owned(),
        specificity: form.get("specificity").to_owned(),
        relevance: form.get("relevance").to_owned(),
        impact: form.get("impact").to_owned(),
        completion: form.get("completion").to_owned(),
        opened_government: form.get("opened_government").to_owned(),
        justification: form.get("justification").to_owned(),
    };
    let r = act::review(&app, &caller, &id, input).await;
    page_write(&app, &caller, &ui, &id, "review", &form, r).await
}

/// `POST /agenda/beoordelingen/{id}/reactie`: `response`.
pub async fn respond(
    State(app): State<AppState>,
    caller: Caller,
    ui: Ui,
    Path(id): Path<String>,
    form: FormData,
) -> Result<Response, AppError> {
    match act::respond(&app, &caller, &id, form.get("response")).await {
        Ok(r) => Ok(Redirect::to(&format!(
            "/agenda/toezeggingen/{}#review-{}",
            r.commitment_id, r.id
        ))
        .into_response()),
        Err(e) => {
            let Some(errors) = area_errors(&e, ui.lang, "agenda") else {
                return Err(e);
            };
            let review = act::review_by_id(&app, &id).await?;
            let errors = errors
                .into_iter()
                .map(|(k, v)| (format!("{k}-{}", review.id), v))
                .collect();
            let page =
                act::commitment_page(&app, &caller, &review.commitment_id.to_string()).await?;
            let html = render_commitment(&ui, &page, "response", page_values(Some(&form)), errors)?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, html).into_response())
        }
    }
}

fn commitment_values(form: &FormData) -> Value {
    context! {
        action_line => form.get("action_line"),
        owner => form.get("owner"),
        partners => form.get("partners"),
        title_nl => form.get("title_nl"),
        title_en => form.get("title_en"),
        description_nl => form.get("description_nl"),
        description_en => form.get("description_en"),
        starts_on => form.get("starts_on"),
        due_on => form.get("due_on"),
        status => form.get("status"),
    }
}

fn commitment_input(form: &FormData) -> CommitmentInput {
    CommitmentInput {
        action_line: form.get("action_line").trim().to_owned(),
        owner: form.get("owner").trim().to_owned(),
        partners: form
            .get("partners")
            .split([',', ' ', '\n'])
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_owned)
            .collect(),
        title_nl: form.get("title_nl").to_owned(),
        title_en: form.get("title_en").to_owned(),
        description_nl: form.get("description_nl").to_owned(),
        description_en: form.get("description_en").to_owned(),
        starts_on: form.get("starts_on").trim().to_owned(),
        due_on: form.get("due_on").trim().to_owned(),
        status: form.get("status").trim().to_owned(),
    }
}

async fn render_form(
    app: &AppState,
    caller: &Caller,
    ui: &Ui,
    editing: Option<&Commitment>,
    values: Value,
    errors: BTreeMap<String, String>,
) -> Result<Html<String>, AppError> {
    let mut owners: Vec<(String, String)> = act::owner_choices(app, caller)
        .await?
        .iter()
        .map(|o| (o.code.clone(), o.display_name(ui.lang).to_owned()))
        .collect();
    owners.sort_by(|a, b| a.1.cmp(&b.1));
    ui.render(
        "agenda_form.html",
        context! {
            action => match editing { Some(c) => format!("/agenda/toezeggingen/{}/bewerken", c.id), None => "/agenda/toezeggingen/nieuw".to_owned() },
            editing => editing.map(|c| commitment_view(c, ui.lang)),
            owners => owners.into_iter().map(|(key, label)| context! { key, label }).collect::<Vec<_>>(),
            line_options => line_options(ui.lang),
            status_options => status_options(ui.lang),
            values,
            errors,
        },
    )
}

/// `GET /agenda/toezeggingen/nieuw`.
pub async fn new_form(
    State(app): State<AppState>,
    caller: Caller,
    ui: Ui,
) -> Result<Html<String>, AppError> {
    caller.user()?;
    act::require_some_owner(&caller)?;
    // Every field of the form, empty but for the status a new commitment starts with.
    let values = commitment_values(&FormData(vec![("status".into(), "planned".into())]));
    render_form(&app, &caller, &ui, None, values, BTreeMap::new()).await
}

async fn form_outcome(
    app: &AppState,
    caller: &Caller,
    ui: &Ui,
    editing: Option<&Commitment>,
    form: &FormData,
    result: Result<Commitment, AppError>,
) -> Result<Response, AppError> {
    match result {
        Ok(c) => Ok(Redirect::to(&format!("/agenda/toezeggingen/{}", c.id)).into_response()),
        Err(e) => match area_errors(&e, ui.lang, "agenda") {
            Some(errors) => {
                let html =
                    render_form(app, caller, ui, editing, commitment_values(form), errors).await?;
                Ok((StatusCode::UNPROCESSABLE_ENTITY, html).into_response())
            }
            None => Err(e),
        },
    }
}

/// `POST /agenda/toezeggingen/nieuw`.
pub async fn create(
    State(app): State<AppState>,
    caller: Caller,
    ui: Ui,
    form: FormData,
) -> Result<Response, AppError> {
    let r = act::create(&app, &caller, commitment_input(&form)).await;
    form_outcome(&app, &caller, &ui, None, &form, r).await
}

/// `GET /agenda/toezeggingen/{id}/bewerken`.
pub async fn edit_form(
    State(app): State<AppState>,
    caller: Caller,
    ui: Ui,
    Path(id): Path<String>,
) -> Result<Html<String>, AppError> {
    let c = act::editable(&app, &caller, &id).await?;
    let i = c.to_input();
    let values = context! {
        action_line => i.action_line, owner => i.owner, partners => i.partners.join(", "),
        title_nl => i.title_nl, title_en => i.title_en, description_nl => i.description_nl,
        description_en => i.description_en, starts_on => i.starts_on, due_on => i.due_on, status => i.status,
    };
    render_form(&app, &caller, &ui, Some(&c), values, BTreeMap::new()).await
}

/// `POST /agenda/toezeggingen/{id}/bewerken`.
pub async fn update(
    State(app): State<AppState>,
    caller: Caller,
    ui: Ui,
    Path(id): Path<String>,
    form: FormData,
) -> Result<Response, AppError> {
    let c = act::editable(&app, &caller, &id).await?;
    let r = act::update(&app, &caller, &id, commitment_input(&form)).await;
    form_outcome(&app, &caller, &ui, Some(&c), &form, r).await
}

#[derive(Debug, Deserialize)]
pub struct ReportParams {
    periode: Option<String>,
}

/// The period asked for, or the latest reviewed one (the current year when nothing is reviewed).
pub(crate) fn chosen_period(
    asked: Option<&str>,
    all: &[Commitment],
) -> Result<ReviewPeriod, AppError> {
    match asked.map(str::trim) {
        Some(p) if !p.is_empty() => act::period(p),
        _ => Ok(all
            .iter()
            .flat_map(|c| c.reviews.iter().map(|r| r.ratings.period))
            .max()
            .unwrap_or(ReviewPeriod {
                year: leerpunt_store::news_today()
                    .get(..4)
                    .and_then(|y| y.parse().ok())
                    .unwrap_or(2026),
                half: None,
            })),
    }
}

fn scale_rows<T: Copy>(
    counts: &[(T, i64)],
    label: impl Fn(T) -> &'static str,
) -> Vec<(String, i64)> {
    counts
        .iter()
        .map(|(v, n)| (label(*v).to_owned(), *n))
        .collect()
}

/// A chart section of the report: id, caption key, labelled counts.
type Section = (&'static str, &'static str, Vec<(String, i64)>);

/// The report's chart sections.
fn sections(r: &Report, lang: Lang) -> Vec<Section> {
    vec![
        (
            "completion",
            "agenda-report-by-completion",
            scale_rows(&r.by_completion, |v| v.label(lang)),
        ),
        (
            "impact",
            "agenda-report-by-impact",
            scale_rows(&r.by_impact, |v| v.label(lang)),
        ),
        (
            "opened",
            "agenda-report-by-opened",
            scale_rows(&r.by_opened, |v| v.label(lang)),
        ),
        (
            "status",
            "agenda-report-by-status",
            scale_rows(&r.by_status, |v| v.label(lang)),
        ),
    ]
}

/// `GET /agenda/rapport?periode=2025`: the printable review report of a period.
pub async fn report(
    State(app): State<AppState>,
    ui: Ui,
    Q(params): Q<ReportParams>,
) -> Result<Html<String>, AppError> {
    let all = act::commitments(&app, &Default::default()).await?;
    let period = chosen_period(params.periode.as_deref(), &all)?;
    let (r, _) = act::report(&app, period).await?;
    let mut charts = Vec::new();
    for (id, key, rows) in sections(&r, ui.lang) {
        let caption = crate::i18n::t(ui.lang, key, None);
        let svg = crate::charts::bars(id, &caption, &rows)?;
        charts.push(context! {
            id, caption,
            rows => rows.iter().map(|(l, n)| context! { label => l.clone(), count => n }).collect::<Vec<_>>(),
            svg => Value::from_safe_string(svg),
        });
    }
    let mut periods: Vec<String> = Vec::new();
    for y in (period.year - 2)..=(period.year + 1) {
        for p in [y.to_string(), format!("{y}-H1"), format!("{y}-H2")] {
            periods.push(p);
        }
    }
    let lang = ui.lang;
    ui.render(
        "agenda_report.html",
        context! {
            period => period.key(),
            periods,
            start => period.start(),
            end => period.end(),
            report => &r,
            completion_labels => Completion::ALL.iter().map(|c| c.label(lang)).collect::<Vec<_>>(),
            lines => r.lines.iter().map(|l| context! {
                label => line_label(&l.action_line, lang),
                commitments => l.commitments, completed => l.completed, reviewed => l.reviewed,
                completion => l.completion.iter().map(|(_, n)| *n).collect::<Vec<_>>(),
            }).collect::<Vec<_>>(),
            commitments => all.iter().filter(|c| period.overlaps(&c.starts_on, &c.due_on)).map(|c| {
                let rv = c.review_of(&period);
                context! {
                    id => c.id, title => c.title(lang).to_owned(), line => line_label(&c.action_line, lang),
                    owner => c.owner_name.clone(), status => c.status.label(lang),
                    completion => rv.map(|r| r.ratings.completion.label(lang)),
                    impact => rv.map(|r| r.ratings.impact.label(lang)),
                    opened => rv.map(|r| r.ratings.opened_government.label(lang)),
                }
            }).collect::<Vec<_>>(),
            charts,
        },
    )
}
