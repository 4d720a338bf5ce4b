//! `GET /api/v1/step-plan`: the toolkit's current step plan in both languages, with its links
//! resolved to addresses on the site.

use std::collections::HashMap;

use axum::extract::State;
use axum::Json;
use leerpunt_core::stepplan::Link;
use serde::Serialize;
use utoipa::ToSchema;

use super::wire::{Bilingual, ErrorBody};
use crate::actions::stepplan::{self, LinkTarget};
use crate::actions::Caller;
use crate::error::AppError;
use crate::AppState;

/// The current step plan.
#[derive(Debug, Serialize, ToSchema)]
pub struct StepPlanOut {
    /// The version number (the highest; every save adds one).
    pub version: i64,
    /// When this version was saved (RFC 3339).
    pub created_at: String,
    /// What changed in this version.
    pub note: String,
    /// Whether this version is the demo content shipped with Leerpunt.
    pub demo: bool,
    /// Where earlier versions can be read.
    pub versions_url: String,
    pub phases: Vec<PhaseOut>,
}

/// A phase of the step plan.
#[derive(Debug, Serialize, ToSchema)]
pub struct PhaseOut {
    /// Unique in the plan; the anchor of the phase on `/stappenplan`.
    pub key: String,
    pub title: Bilingual,
    /// Markdown; empty when the phase has no introduction.
    pub intro: Bilingual,
    pub checklist: Vec<Bilingual>,
    /// Glossary terms (key: the term's key on `/begrippen`).
    pub glossary: Vec<LinkOut>,
    /// FAQ entries (key: the entry's id).
    pub faq: Vec<LinkOut>,
    /// Published practices (key: the practice's slug).
    pub practices: Vec<LinkOut>,
}

/// A link of a phase. Links to something that no longer exists or is no longer public are left out.
#[derive(Debug, Serialize, ToSchema)]
pub struct LinkOut {
    pub key: String,
    pub title: Bilingual,
    /// The address on the site, relative to its root.
    pub url: String,
}

fn link_out(
    resolved: &HashMap<Link, LinkTarget>,
    links: impl Iterator<Item = (String, Link)>,
) -> Vec<LinkOut> {
    links
        .filter_map(|(key, link)| {
            resolved.get(&link).map(|t| LinkOut {
                key,
                title: Bilingual {
                    nl: t.nl.clone(),
                    en: t.en.clone(),
                },
                url: t.href.clone(),
            })
        })
        .collect()
}

/// The current step plan: its phases with checklists and links, in Dutch and English.
#[utoipa::path(
    get, path = "/api/v1/step-plan", tag = "toolkit",
    responses((status = 200, body = StepPlanOut), (status = 404, description = "No step plan was saved yet", body = ErrorBody))
)]
pub async fn get(
    State(app): State<AppState>,
    caller: Caller,
) -> Result<Json<StepPlanOut>, AppError> {
    let shown = stepplan::current(&app, &caller)
        .await?
        .ok_or_else(|| AppError::NotFound("step plan".to_owned()))?;
    let info = &shown.version.info;
    let phases = shown
        .version
        .plan
        .phases
        .iter()
        .map(|p| PhaseOut {
            key: p.key.clone(),
            title: Bilingual {
                nl: p.title_nl.clone(),
                en: p.title_en.clone(),
            },
            intro: Bilingual {
                nl: p.intro_nl.clone(),
                en: p.intro_en.clone(),
            },
            checklist: p
                .checklist
                .iter()
                .map(|i| Bilingual {
                    nl: i.nl.clone(),
                    en: i.en.clone(),
                })
                .collect(),
            glossary: link_out(
                &shown.links,
                p.glossary
                    .iter()
                    .map(|k| (k.clone(), Link::Glossary(k.clone()))),
            ),
            faq: link_out(
                &shown.links,
                p.faq.iter().map(|id| (id.to_string(), Link::Faq(*id))),
            ),
            practices: link_out(
                &shown.links,
                p.practices
                    .iter()
                    .map(|s| (s.clone(), Link::Practice(s.clone()))),
            ),
        })
        .collect();
    Ok(Json(StepPlanOut {
        version: info.version,
        created_at: info.created_at.clone(),
        note: info.note.clone(),
        demo: info.demo,
        versions_url: "/stappenplan/versies".to_owned(),
        phases,
    }))
}
