//! How pages show domain things: practices, organisations, labels of vocabularies, pagination,
//! review states and form errors, in the page's language.

use std::collections::BTreeMap;
use std::sync::LazyLock;

use leerpunt_core::paging::PageRequest;
use leerpunt_core::{vocab, Lang, OrgKind, Organisation, Practice};
use serde::Serialize;

use crate::error::AppError;
use crate::i18n::t;
use crate::ui::Ui;

/// Province codes to names, from the shipped register.
pub static PROVINCES: LazyLock<BTreeMap<String, String>> = LazyLock::new(|| {
    leerpunt_store::seed::register()
        .unwrap_or_default()
        .into_iter()
        .filter(|o| o.kind == OrgKind::Province)
        .map(|o| (o.code, o.name.trim_start_matches("Provincie ").to_owned()))
        .collect()
});

/// A label with its key, for filters and tags.
#[derive(Debug, Clone, Serialize)]
pub struct Labelled {
    pub key: String,
    pub label: String,
}

pub fn theme_label(key: &str, lang: Lang) -> String {
    match vocab::theme(key) {
        Some(def) if lang == Lang::En => def.en.to_owned(),
        Some(def) => def.nl.to_owned(),
        None => key.to_owned(),
    }
}

/// Every theme with its label, for theme filters and checkboxes.
pub fn theme_options(lang: Lang) -> Vec<Labelled> {
    vocab::THEMES
        .iter()
        .map(|d| Labelled {
            key: d.key.to_owned(),
            label: theme_label(d.key, lang),
        })
        .collect()
}

pub fn technique_label(key: &str, lang: Lang) -> String {
    match vocab::technique(key) {
        Some(def) if lang == Lang::En => def.en.to_owned(),
        Some(def) => def.nl.to_owned(),
        None => key.to_owned(),
    }
}

pub fn kind_label(kind: OrgKind, lang: Lang) -> String {
    t(lang, &format!("kind-{}", kind.key()), None)
}

/// An organisation as pages show it.
#[derive(Debug, Clone, Serialize)]
pub struct OrgView {
    pub code: String,
    pub name: String,
    pub official_name: String,
    pub kind: String,
    pub kind_label: String,
    pub province: Option<String>,
    pub province_name: Option<String>,
    pub website: Option<String>,
}

impl OrgView {
    pub fn new(o: &Organisation, lang: Lang) -> Self {
        Self {
            code: o.code.clone(),
            name: o.display_name(lang).to_owned(),
            official_name: o.name.clone(),
            kind: o.kind.key().to_owned(),
            kind_label: kind_label(o.kind, lang),
            province: o.province.clone(),
            province_name: o.province.as_ref().and_then(|p| PROVINCES.get(p).cloned()),
            website: o.website.clone(),
        }
    }
}

/// A practice as cards and detail pages show it, in one language.
#[derive(Debug, Clone, Serialize)]
pub struct PracticeView {
    pub slug: String,
    pub title: String,
    pub summary: String,
    pub body: String,
    pub purpose: String,
    pub data_used: String,
    pub results: String,
    pub lessons: String,
    /// Whether the texts are in the page's language (false: only the original is available).
    pub in_page_language: bool,
    pub text_lang: String,
    pub status: String,
    pub status_label: String,
    pub owner: OrgView,
    pub partners: Vec<OrgView>,
    pub themes: Vec<Labelled>,
    pub techniques: Vec<Labelled>,
    pub contact: Option<String>,
    pub is_demo: bool,
    pub source: String,
    pub source_id: Option<String>,
    pub source_url: Option<String>,
    pub started_on: Option<String>,
    pub updated_at: String,
}

impl PracticeView {
    pub fn new(p: &Practice, lang: Lang) -> Self {
        let (text, in_lang) = p.text_in(lang);
        Self {
            slug: p.slug.clone(),
            title: text.title.clone(),
            summary: text.summary.clone(),
            body: text.body.clone(),
            purpose: text.purpose.clone(),
            data_used: text.data_used.clone(),
            results: text.results.clone(),
            lessons: text.lessons.clone(),
            in_page_language: in_lang,
            text_lang: if in_lang {
                lang.key().to_owned()
            } else {
                p.language.key().to_owned()
            },
            status: p.status.key().to_owned(),
            status_label: t(lang, &format!("status-{}", p.status.key()), None),
            owner: OrgView::new(&p.owner, lang),
            partners: p.partners.iter().map(|o| OrgView::new(o, lang)).collect(),
            themes: p
                .themes
                .iter()
                .map(|k| Labelled {
                    key: k.clone(),
                    label: theme_label(k, lang),
                })
                .collect(),
            techniques: p
                .techniques
                .iter()
                .map(|k| Labelled {
                    key: k.clone(),
                    label: technique_label(k, lang),
                })
                .collect(),
            contact: p.contact.clone(),
            is_demo: p.is_demo(),
            source: p.source.clone(),
            source_id: p.source_id.clone(),
            source_url: p.source_url.clone(),
            started_on: p.started_on.clone(),
            updated_at: p.updated_at.clone(),
        }
    }
}

/// Pagination links for a list page.
#[derive(Debug, Clone, Serialize)]
pub struct Pager {
    pub page: u32,
    pub pages: u32,
    pub total: i64,
    pub prev: Option<String>,
    pub next: Option<String>,
}

impl Pager {
    pub fn new(ui: &Ui, page: PageRequest, total: i64) -> Self {
        let pages = page.page_count(total);
        let link = |n: u32| ui.with_params(&[("page", &n.to_string())]);
        Self {
            page: page.page,
            pages,
            total,
            prev: (page.page > 1).then(|| link(page.page - 1)),
            next: (page.page < pages).then(|| link(page.page + 1)),
        }
    }
}

/// Options for filter selects: all themes, kinds, provinces and statuses, labelled.
pub fn filter_options(lang: Lang) -> minijinja::Value {
    let themes: Vec<Labelled> = vocab::THEMES
        .iter()
        .map(|d| Labelled {
            key: d.key.to_owned(),
            label: theme_label(d.key, lang),
        })
        .collect();
    let kinds: Vec<Labelled> = OrgKind::ALL
        .iter()
        .map(|k| Labelled {
            key: k.key().to_owned(),
            label: kind_label(*k, lang),
        })
        .collect();
    let provinces: Vec<Labelled> = PROVINCES
        .iter()
        .map(|(k, v)| Labelled {
            key: k.clone(),
            label: v.clone(),
        })
        .collect();
    let statuses: Vec<Labelled> = leerpunt_core::PracticeStatus::ALL
        .iter()
        .map(|s| Labelled {
            key: s.key().to_owned(),
            label: t(lang, &format!("status-{}", s.key()), None),
        })
        .collect();
    minijinja::context! { themes, kinds, provinces, statuses }
}

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

/// Field errors keyed by field name, for showing next to the fields: the page language's text for
/// the field (`err-FIELD` in the Fluent files), else the rule's own message. `None` when the error
/// is not about fields (the caller then returns it as it is).
pub fn field_errors(e: &AppError, lang: Lang) -> Option<BTreeMap<String, String>> {
    match e {
        AppError::Invalid(fields) => {
            let mut out = BTreeMap::new();
            for f in fields {
                let key = format!("err-{}", f.field);
                let message = if crate::i18n::has_key(lang, &key) {
                    t(lang, &key, None)
                } else {
                    f.message.clone()
                };
                out.entry(f.field.clone()).or_insert(message);
            }
            Some(out)
        }
        _ => None,
    }
}
