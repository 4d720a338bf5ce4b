//! The toolkit's step plan: reading the current plan and earlier versions with their links
//! resolved, and saving a new version (brokers), with every problem of the text on its line.

use std::collections::HashMap;
use std::sync::LazyLock;

use leerpunt_core::access::{Action, Target};
use leerpunt_core::review::DiffLine;
use leerpunt_core::stepplan::{self, Link, PlanError, StepPlan, MAX_NOTE};
use leerpunt_core::Lang;
use leerpunt_search::glossary::Glossary;
use leerpunt_store::{StepPlanInfo, StepPlanVersion, StoreError};

use super::{catalogue, Caller};
use crate::error::AppError;
use crate::AppState;

static GLOSSARY: LazyLock<Result<Glossary, String>> = LazyLock::new(Glossary::builtin);

/// Where a link of the plan leads, with its label in both languages.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LinkTarget {
    pub href: String,
    pub nl: String,
    pub en: String,
}

impl LinkTarget {
    pub fn label(&self, lang: Lang) -> &str {
        match lang {
            Lang::Nl => &self.nl,
            Lang::En => &self.en,
        }
    }
}

/// A version of the plan as it is shown: the links that lead somewhere, resolved (a link to a
/// practice that is no longer published, or an FAQ entry that was removed, is left out).
#[derive(Debug, Clone)]
pub struct Shown {
    pub version: StepPlanVersion,
    pub links: HashMap<Link, LinkTarget>,
    /// Whether the caller may edit the plan (for the "edit" link).
    pub can_edit: bool,
}

/// An earlier version with what changed since the version before it.
#[derive(Debug, Clone)]
pub struct OldVersion {
    pub shown: Shown,
    /// The version before it (`None` for the first).
    pub previous: Option<i64>,
    /// The changed lines of the plain text, against the previous version (all lines are new for
    /// the first).
    pub changes: Vec<DiffLine>,
    /// The current version's number.
    pub current: i64,
}

/// The outcome of a save: stored, or refused with the problems (nothing stored).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SaveOutcome {
    Saved(i64),
    /// Problems of the text, each on its line, and whether the note is too long.
    Invalid {
        plan: Vec<PlanError>,
        note_too_long: bool,
    },
    /// Someone saved another version since the form was opened; this is the current one.
    Stale(i64),
}

fn glossary() -> Result<&'static Glossary, AppError> {
    GLOSSARY.as_ref().map_err(|e| AppError::Internal(e.clone()))
}

/// Resolves the plan's links to what exists and visitors may see.
async fn resolve(app: &AppState, plan: &StepPlan) -> Result<HashMap<Link, LinkTarget>, AppError> {
    let glossary = glossary()?;
    let visitor = Caller::visitor("");
    let mut out = HashMap::new();
    let links = plan.links();
    let faq_ids: Vec<i64> = links
        .iter()
        .filter_map(|l| match l {
            Link::Faq(id) => Some(*id),
            _ => None,
        })
        .collect();
    let faq: HashMap<i64, (String, String)> = app
        .store
        .faq_questions(&faq_ids)
        .await?
        .into_iter()
        .map(|(id, nl, en)| (id, (nl, en)))
        .collect();
    for link in links {
        let target = match &link {
            Link::Glossary(key) => glossary.term(key).map(|t| LinkTarget {
                href: format!("/begrippen#term-{key}"),
                nl: t.nl.first().cloned().unwrap_or_default(),
                en: t.en.first().cloned().unwrap_or_default(),
            }),
            Link::Faq(id) => faq.get(id).map(|(nl, en)| LinkTarget {
                href: format!("/faq/{id}"),
                nl: nl.clone(),
                en: en.clone(),
            }),
            Link::Practice(slug) => match catalogue::practice(app, &visitor, slug).await {
                Ok(p) => Some(LinkTarget {
                    href: format!("/praktijken/{slug}"),
                    nl: p.text_in(Lang::Nl).0.title.clone(),
                    en: p.text_in(Lang::En).0.title.clone(),
                }),
                Err(AppError::NotFound(_)) => None,
                Err(e) => return Err(e),
            },
        };
        if let Some(target) = target {
            out.insert(link, target);
        }
    }
    Ok(out)
}

fn can_edit(caller: &Caller) -> bool {
    caller.can(Action::EditToolkit, Target::None)
}

/// The current plan, or `None` when none was ever saved.
pub async fn current(app: &AppState, caller: &Caller) -> Result<Option<Shown>, AppError> {
    let Some(version) = app.store.step_plan().await? else {
        return Ok(None);
    };
    let links = resolve(app, &version.plan).await?;
    Ok(Some(Shown {
        version,
        links,
        can_edit: can_edit(caller),
    }))
}

/// Every version, newest first.
pub async fn versions(app: &AppState) -> Result<Vec<StepPlanInfo>, AppError> {
    Ok(app.store.step_plan_versions().await?)
}

/// One version with the changes against the version before it; an unknown number is a 404.
pub async fn version(app: &AppState, caller: &Caller, number: i64) -> Result<OldVersion, AppError> {
    let version = app.store.step_plan_version(number).await?;
    let before = match number.checked_sub(1) {
        Some(n) if n >= 1 => match app.store.step_plan_version(n).await {
            Ok(v) => Some(v),
            Err(StoreError::NotFound(_)) => None,
            Err(e) => return Err(e.into()),
        },
        _ => None,
    };
    let changes = stepplan::changes(
        before.as_ref().map_or(&StepPlan::default(), |b| &b.plan),
        &version.plan,
    );
    let current = app
        .store
        .step_plan()
        .await?
        .map_or(number, |c| c.info.version);
    let links = resolve(app, &version.plan).await?;
    Ok(OldVersion {
        shown: Shown {
            version,
            links,
            can_edit: can_edit(caller),
        },
        previous: before.map(|b| b.info.version),
        changes,
        current,
    })
}

/// Refuses unless the caller may edit the step plan.
pub fn may_edit(caller: &Caller) -> Result<(), AppError> {
    caller.require(Action::EditToolkit, Target::None)
}

/// The current plan for the edit form (`None` when there is none yet).
pub async fn editable(
    app: &AppState,
    caller: &Caller,
) -> Result<Option<StepPlanVersion>, AppError> {
    may_edit(caller)?;
    Ok(app.store.step_plan().await?)
}

/// Saves the plan written as plain text as a new version. `base` is the version the form
/// showed: when another version was saved since, nothing is stored and the outcome says so.
/// Problems of the text (its format, the rules, links to terms, FAQ entries or practices that
/// do not exist) come back on their lines, and nothing is stored.
pub async fn save(
    app: &AppState,
    caller: &Caller,
    text: &str,
    note: &str,
    base: Option<i64>,
) -> Result<SaveOutcome, AppError> {
    may_edit(caller)?;
    let note = note.trim();
    let note_too_long = note.chars().count() > MAX_NOTE;
    let parsed = match stepplan::parse(text) {
        Ok(p) => p,
        Err(plan) => {
            return Ok(SaveOutcome::Invalid {
                plan,
                note_too_long,
            })
        }
    };
    let known = resolve(app, &parsed.plan).await?;
    let unknown = parsed.unknown_links(|l| known.contains_key(l));
    if !unknown.is_empty() || note_too_long {
        return Ok(SaveOutcome::Invalid {
            plan: unknown,
            note_too_long,
        });
    }
    match app
        .store
        .save_step_plan(&parsed.plan, note, base, &caller.origin())
        .await
    {
        Ok(version) => Ok(SaveOutcome::Saved(version)),
        Err(StoreError::Conflict(_)) => {
            let current = app.store.step_plan().await?.map_or(0, |c| c.info.version);
            Ok(SaveOutcome::Stale(current))
        }
        Err(e) => Err(e.into()),
    }
}
