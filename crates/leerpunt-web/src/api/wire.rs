//! Wire types: the JSON shapes of the API, kept apart from domain types so a refactor of one cannot
//! silently change the other. Every shape here is in the OpenAPI document.

use leerpunt_core::{Organisation, Practice, PracticeText};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// An error response: `{"error": {"code", "message", "fields"}}`.
#[derive(Debug, Serialize, ToSchema)]
pub struct ErrorBody {
    pub error: ErrorDetail,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ErrorDetail {
    /// Machine-readable: not_found, bad_request, invalid, conflict, method_not_allowed, internal.
    pub code: String,
    /// A sentence for people.
    pub message: String,
    /// Per-field problems for invalid input.
    pub fields: Vec<FieldProblem>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct FieldProblem {
    pub field: String,
    pub message: String,
}

/// A short reference to an organisation.
#[derive(Debug, Serialize, ToSchema)]
pub struct OrgRef {
    pub code: String,
    pub name: String,
    pub kind: String,
}

impl From<&Organisation> for OrgRef {
    fn from(o: &Organisation) -> Self {
        Self {
            code: o.code.clone(),
            name: o.name.clone(),
            kind: o.kind.key().to_owned(),
        }
    }
}

/// An organisation of the register.
#[derive(Debug, Serialize, ToSchema)]
pub struct OrganisationOut {
    /// Official code: GM0363, PV27, WS0155, MIN-FIN, AG-BD; `X-…` for bodies created by an import.
    pub code: String,
    /// ministry, province, municipality, water_board, agency, environmental_service, safety_region, other.
    pub kind: String,
    pub name: String,
    pub name_en: Option<String>,
    /// Province code (PVnn) the body lies in.
    pub province: Option<String>,
    pub website: Option<String>,
    pub aliases: Vec<String>,
}

impl From<&Organisation> for OrganisationOut {
    fn from(o: &Organisation) -> Self {
        Self {
            code: o.code.clone(),
            kind: o.kind.key().to_owned(),
            name: o.name.clone(),
            name_en: o.name_en.clone(),
            province: o.province.clone(),
            website: o.website.clone(),
            aliases: o.aliases.clone(),
        }
    }
}

/// An organisation with the practices it owns or takes part in.
#[derive(Debug, Serialize, ToSchema)]
pub struct OrganisationDetail {
    #[serde(flatten)]
    pub organisation: OrganisationOut,
    /// Slugs of practices it owns.
    pub practices: Vec<String>,
    /// Slugs of practices it is a partner in.
    pub partner_in: Vec<String>,
}

/// The texts of a practice in one language.
#[derive(Debug, Serialize, ToSchema)]
pub struct TextOut {
    pub title: String,
    pub summary: String,
    /// Markdown.
    pub body: String,
    pub purpose: String,
    pub data_used: String,
    pub results: String,
    pub lessons: String,
}

impl From<&PracticeText> for TextOut {
    fn from(t: &PracticeText) -> Self {
        Self {
            title: t.title.clone(),
            summary: t.summary.clone(),
            body: t.body.clone(),
            purpose: t.purpose.clone(),
            data_used: t.data_used.clone(),
            results: t.results.clone(),
            lessons: t.lessons.clone(),
        }
    }
}

/// A practice.
#[derive(Debug, Serialize, ToSchema)]
pub struct PracticeOut {
    pub slug: String,
    /// Language of `text`: nl or en.
    pub language: String,
    pub text: TextOut,
    /// Translation into the other language, if any.
    pub translation: Option<TextOut>,
    /// idea, pilot, in_use, stopped.
    pub status: String,
    pub owner: OrgRef,
    pub partners: Vec<OrgRef>,
    pub themes: Vec<String>,
    pub techniques: Vec<String>,
    pub contact: Option<String>,
    /// demo, algoritmeregister, import, manual.
    pub source: String,
    /// The record id in the source (e.g. the Algorithm Register id).
    pub source_id: Option<String>,
    pub source_url: Option<String>,
    pub started_on: Option<String>,
    pub created_at: String,
    pub updated_at: String,
    pub url: String,
    /// Review state: draft, submitted, published or rejected (only published practices are public).
    pub review: String,
    /// Why a broker rejected it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub review_reason: Option<String>,
}

impl From<&Practice> for PracticeOut {
    fn from(p: &Practice) -> Self {
        Self {
            slug: p.slug.clone(),
            language: p.language.key().to_owned(),
            text: (&p.text).into(),
            translation: p.translation.as_ref().map(Into::into),
            status: p.status.key().to_owned(),
            owner: (&p.owner).into(),
            partners: p.partners.iter().map(Into::into).collect(),
            themes: p.themes.clone(),
            techniques: p.techniques.clone(),
            contact: p.contact.clone(),
            source: p.source.clone(),
            source_id: p.source_id.clone(),
            source_url: p.source_url.clone(),
            started_on: p.started_on.clone(),
            created_at: p.created_at.clone(),
            updated_at: p.updated_at.clone(),
            url: format!("/praktijken/{}", p.slug),
            review: p.review.key().to_owned(),
            review_reason: p.review_reason.clone(),
        }
    }
}

/// A page of practices.
#[derive(Debug, Serialize, ToSchema)]
pub struct PracticePage {
    pub items: Vec<PracticeOut>,
    pub page: u32,
    pub per_page: u32,
    pub total: i64,
}

/// A page of organisations.
#[derive(Debug, Serialize, ToSchema)]
pub struct OrganisationPage {
    pub items: Vec<OrganisationOut>,
    pub page: u32,
    pub per_page: u32,
    pub total: i64,
}

/// Labels in both languages.
#[derive(Debug, Serialize, ToSchema)]
pub struct Bilingual {
    pub nl: String,
    pub en: String,
}

/// A theme: a Data Agenda action line or a policy domain.
#[derive(Debug, Serialize, ToSchema)]
pub struct ThemeOut {
    pub key: String,
    /// agenda or domain.
    pub group: String,
    pub label: Bilingual,
    pub description: Bilingual,
    pub practice_count: i64,
}

/// A joint analysis (secure multiparty computation) with published results.
#[derive(Debug, Serialize, ToSchema)]
pub struct AnalysisOut {
    pub computation_id: String,
    pub title: String,
    pub parties: Vec<String>,
    /// Cells counting fewer than `k` were suppressed inside the computation.
    pub k: i64,
    pub group_by: String,
    /// completed or aborted.
    pub status: String,
    pub updated_at: String,
    /// Where the result document is.
    pub result_url: String,
}

impl From<&leerpunt_store::Analysis> for AnalysisOut {
    fn from(a: &leerpunt_store::Analysis) -> Self {
        Self {
            computation_id: a.computation_id.clone(),
            title: a.title.clone(),
            parties: a.party_names(),
            k: a.k,
            group_by: a.group_by.clone(),
            status: a.status.clone(),
            updated_at: a.updated_at.clone(),
            result_url: format!("/api/v1/analyses/{}", a.computation_id),
        }
    }
}

/// The texts of a practice in one language, as written through the API.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct TextIn {
    /// Required, at most 300 characters.
    #[schema(min_length = 1, max_length = 300)]
    pub title: String,
    #[serde(default)]
    pub summary: String,
    /// Markdown; sanitised when shown.
    #[serde(default)]
    pub body: String,
    #[serde(default)]
    pub purpose: String,
    #[serde(default)]
    pub data_used: String,
    #[serde(default)]
    pub results: String,
    #[serde(default)]
    pub lessons: String,
}

impl From<TextIn> for PracticeText {
    fn from(t: TextIn) -> Self {
        PracticeText {
            title: t.title,
            summary: t.summary,
            body: t.body,
            purpose: t.purpose,
            data_used: t.data_used,
            results: t.results,
            lessons: t.lessons,
        }
    }
}

/// A practice to create or replace. New practices start as drafts.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PracticeIn {
    /// Only when creating; made from the title when absent. Never changes afterwards.
    #[serde(default)]
    pub slug: Option<String>,
    /// The language of `text` (default nl).
    #[serde(default)]
    pub language: Option<LangIn>,
    pub text: TextIn,
    /// Texts in the other language.
    #[serde(default)]
    pub translation: Option<TextIn>,
    /// How far the work has come.
    pub status: StatusIn,
    /// Code of the owning organisation, e.g. GM0344.
    #[schema(example = "GM0344")]
    pub owner: String,
    #[serde(default)]
    pub partners: Vec<String>,
    /// Theme keys, see /api/v1/themes.
    #[serde(default)]
    pub themes: Vec<String>,
    #[serde(default)]
    pub techniques: Vec<String>,
    #[serde(default)]
    pub contact: Option<String>,
    /// YYYY-MM-DD.
    #[serde(default)]
    pub started_on: Option<String>,
}

/// The language of a text.
#[derive(Debug, Clone, Copy, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum LangIn {
    Nl,
    En,
}

/// How far a practice has come: idea, pilot, in use, stopped.
#[derive(Debug, Clone, Copy, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum StatusIn {
    Idea,
    Pilot,
    InUse,
    Stopped,
}

impl PracticeIn {
    /// The domain input.
    pub fn into_domain(self) -> Result<leerpunt_core::NewPractice, leerpunt_core::CoreError> {
        let language = match self.language {
            None | Some(LangIn::Nl) => leerpunt_core::Lang::Nl,
            Some(LangIn::En) => leerpunt_core::Lang::En,
        };
        let status = match self.status {
            StatusIn::Idea => leerpunt_core::PracticeStatus::Idea,
            StatusIn::Pilot => leerpunt_core::PracticeStatus::Pilot,
            StatusIn::InUse => leerpunt_core::PracticeStatus::InUse,
            StatusIn::Stopped => leerpunt_core::PracticeStatus::Stopped,
        };
        Ok(leerpunt_core::NewPractice {
            slug: self.slug.filter(|s| !s.is_empty()),
            language,
            text: self.text.into(),
            translation: self.translation.map(Into::into),
            status,
            owner: self.owner,
            partners: self.partners,
            themes: self.themes,
            techniques: self.techniques,
            contact: self.contact.filter(|s| !s.trim().is_empty()),
            source: "manual".to_owned(),
            source_id: None,
            source_url: None,
            started_on: self.started_on.filter(|s| !s.is_empty()),
        })
    }
}

/// Why a practice is sent back to its editors.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RejectIn {
    /// Required; the editors see it.
    #[schema(min_length = 1, max_length = 2000)]
    pub reason: String,
}

/// An organisation's profile.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct OrgProfileIn {
    /// Markdown, shown on the organisation's page.
    #[serde(default)]
    #[schema(max_length = 20000)]
    pub description: String,
    /// https://… or empty.
    #[serde(default)]
    #[schema(max_length = 500)]
    pub website: String,
    /// The English name, or empty.
    #[serde(default)]
    #[schema(max_length = 300)]
    pub name_en: String,
    /// Inhabitants (a municipality's size band in the self-assessment's peer benchmark); null
    /// or absent when unknown.
    #[serde(default)]
    #[schema(minimum = 0, maximum = 100000000)]
    pub population: Option<i64>,
}

/// An organisation's profile as stored.
#[derive(Debug, Serialize, ToSchema)]
pub struct OrgProfileOut {
    pub code: String,
    pub description: String,
    pub website: Option<String>,
    pub name_en: Option<String>,
    pub population: Option<i64>,
}
