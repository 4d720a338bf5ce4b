//! The step plan's pages: the current plan (`/stappenplan`), its edit form (one textarea in a
//! plain-text format, explained next to it), the list of versions and an earlier version with
//! what changed.

use std::collections::{BTreeMap, HashMap};

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use fluent_bundle::FluentArgs;
use leerpunt_core::stepplan::{self, Language, Link, Phase, PlanError, MAX_NOTE};
use leerpunt_core::Lang;
use leerpunt_store::StepPlanInfo;
use minijinja::context;
use serde::Serialize;

use crate::actions::stepplan::{self as actions, LinkTarget, SaveOutcome, Shown};
use crate::actions::Caller;
use crate::error::AppError;
use crate::extract::FormData;
use crate::i18n::t;
use crate::ui::Ui;
use crate::AppState;

/// A link of a phase as the page shows it.
#[derive(Debug, Serialize)]
struct LinkView {
    href: String,
    label: String,
}

/// A phase in the page's language.
#[derive(Debug, Serialize)]
struct PhaseView {
    key: String,
    title: String,
    intro: String,
    checklist: Vec<String>,
    glossary: Vec<LinkView>,
    faq: Vec<LinkView>,
    practices: Vec<LinkView>,
}

/// What the pages show about a version.
#[derive(Debug, Serialize)]
struct VersionView {
    version: i64,
    note: String,
    author: Option<String>,
    created_at: String,
    demo: bool,
}

impl From<&StepPlanInfo> for VersionView {
    fn from(i: &StepPlanInfo) -> Self {
        Self {
            version: i.version,
            note: i.note.clone(),
            author: i.author.clone(),
            created_at: i.created_at.clone(),
            demo: i.demo,
        }
    }
}

fn links(
    links: &HashMap<Link, LinkTarget>,
    all: impl Iterator<Item = Link>,
    lang: Lang,
) -> Vec<LinkView> {
    all.filter_map(|l| links.get(&l))
        .map(|target| LinkView {
            href: target.href.clone(),
            label: target.label(lang).to_owned(),
        })
        .collect()
}

fn phase_view(p: &Phase, resolved: &HashMap<Link, LinkTarget>, lang: Lang) -> PhaseView {
    let (title, intro) = match lang {
        Lang::Nl => (&p.title_nl, &p.intro_nl),
        Lang::En => (&p.title_en, &p.intro_en),
    };
    PhaseView {
        key: p.key.clone(),
        title: title.clone(),
        intro: intro.clone(),
        checklist: p
            .checklist
            .iter()
            .map(|i| match lang {
                Lang::Nl => i.nl.clone(),
                Lang::En => i.en.clone(),
            })
            .collect(),
        glossary: links(
            resolved,
            p.glossary.iter().map(|k| Link::Glossary(k.clone())),
            lang,
        ),
        faq: links(resolved, p.faq.iter().map(|id| Link::Faq(*id)), lang),
        practices: links(
            resolved,
            p.practices.iter().map(|s| Link::Practice(s.clone())),
            lang,
        ),
    }
}

fn phases(shown: &Shown, lang: Lang) -> Vec<PhaseView> {
    shown
        .version
        .plan
        .phases
        .iter()
        .map(|p| phase_view(p, &shown.links, lang))
        .collect()
}

/// `GET /stappenplan`: the current plan.
pub async fn show(
    State(app): State<AppState>,
    caller: Caller,
    ui: Ui,
) -> Result<Html<String>, AppError> {
    let shown = actions::current(&app, &caller).await?;
    let can_edit = shown
        .as_ref()
        .map_or_else(|| actions::may_edit(&caller).is_ok(), |s| s.can_edit);
    ui.render(
        "stepplan.html",
        context! {
            version => shown.as_ref().map(|s| VersionView::from(&s.version.info)),
            phases => shown.as_ref().map(|s| phases(s, ui.lang)).unwrap_or_default(),
            can_edit,
        },
    )
}

/// `GET /stappenplan/versies`: every version, newest first.
pub async fn versions(State(app): State<AppState>, ui: Ui) -> Result<Html<String>, AppError> {
    let versions: Vec<VersionView> = actions::versions(&app)
        .await?
        .iter()
        .map(VersionView::from)
        .collect();
    ui.render("stepplan_versions.html", context! { versions })
}

/// `GET /stappenplan/versies/{version}`: an earlier version, read-only, with what changed.
pub async fn version(
    State(app): State<AppState>,
    caller: Caller,
    ui: Ui,
    Path(number): Path<String>,
) -> Result<Html<String>, AppError> {
    let number: i64 = number
        .parse()
        .map_err(|_| AppError::NotFound(format!("step plan version {number}")))?;
    let old = actions::version(&app, &caller, number).await?;
    ui.render(
        "stepplan_version.html",
        context! {
            version => VersionView::from(&old.shown.version.info),
            phases => phases(&old.shown, ui.lang),
            previous => old.previous,
            current => old.current,
            changes => old.changes,
        },
    )
}

/// A problem of the plan in the page's language: "Regel 4: …" / "Line 4: …".
fn message(e: &PlanError, lang: Lang) -> String {
    let mut args = FluentArgs::new();
    if let Some(v) = e.problem.value() {
        args.set("value", v.to_owned());
    }
    if let Some(max) = e.problem.limit() {
        args.set("max", max);
    }
    if let Some(l) = e.problem.language() {
        let key = match l {
            Language::Nl => "stepplan-lang-nl",
            Language::En => "stepplan-lang-en",
        };
        args.set("language", t(lang, key, None));
    }
    let text = t(lang, e.problem.key(), Some(&args));
    match e.line {
        Some(line) => {
            let mut args = FluentArgs::new();
            args.set("line", line);
            args.set("message", text);
            t(lang, "stepplan-err-line", Some(&args))
        }
        None => text,
    }
}

/// The form's values, as sent or as loaded.
#[derive(Debug, Serialize)]
struct FormValues {
    plan: String,
    note: String,
    base: i64,
}

fn render_form(
    ui: &Ui,
    values: FormValues,
    problems: Vec<String>,
    errors: BTreeMap<&'static str, String>,
) -> Result<Html<String>, AppError> {
    ui.render(
        "stepplan_form.html",
        context! { values, problems, errors, max_note => MAX_NOTE },
    )
}

/// `GET /stappenplan/bewerken`: the current plan as plain text, for brokers.
pub async fn edit_form(
    State(app): State<AppState>,
    caller: Caller,
    ui: Ui,
) -> Result<Html<String>, AppError> {
    let current = actions::editable(&app, &caller).await?;
    let values = FormValues {
        plan: current
            .as_ref()
            .map(|c| stepplan::to_text(&c.plan))
            .unwrap_or_default(),
        note: String::new(),
        base: current.map_or(0, |c| c.info.version),
    };
    render_form(&ui, values, Vec::new(), BTreeMap::new())
}

/// `POST /stappenplan/bewerken`: saves a new version, or shows the form again with every
/// problem on its line (422), or with a warning that someone else saved meanwhile (409).
pub async fn save(
    State(app): State<AppState>,
    caller: Caller,
    ui: Ui,
    form: FormData,
) -> Result<Response, AppError> {
    actions::may_edit(&caller)?;
    let base = match form.get("base").trim() {
        "" => None,
        b => Some(
            b.parse::<i64>()
                .map_err(|_| AppError::BadRequest("base must be a version number".to_owned()))?,
        ),
    };
    let values = |base: i64| FormValues {
        plan: form.get("plan").to_owned(),
        note: form.get("note").to_owned(),
        base,
    };
    match actions::save(&app, &caller, form.get("plan"), form.get("note"), base).await? {
        SaveOutcome::Saved(_) => Ok(Redirect::to("/stappenplan").into_response()),
        SaveOutcome::Invalid {
            plan,
            note_too_long,
        } => {
            let problems: Vec<String> = plan.iter().map(|e| message(e, ui.lang)).collect();
            let mut errors = BTreeMap::new();
            if let Some(first) = problems.first() {
                errors.insert("plan", first.clone());
            }
            if note_too_long {
                let mut args = FluentArgs::new();
                args.set("max", MAX_NOTE);
                errors.insert("note", t(ui.lang, "stepplan-err-note", Some(&args)));
            }
            let html = render_form(&ui, values(base.unwrap_or(0)), problems, errors)?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, html).into_response())
        }
        SaveOutcome::Stale(current) => {
            let mut args = FluentArgs::new();
            args.set("version", current);
            let mut errors = BTreeMap::new();
            errors.insert("plan", t(ui.lang, "stepplan-err-stale", Some(&args)));
            let html = render_form(&ui, values(current), Vec::new(), errors)?;
            Ok((StatusCode::CONFLICT, html).into_response())
        }
    }
}
