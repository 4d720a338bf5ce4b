//! The search page (`/zoeken`, facets and live results) and the question page (`/vraag`, matches with reasons).

use axum::extract::State;
use axum::response::Html;
use leerpunt_core::{Lang, OrgKind};
use minijinja::context;
use serde::Serialize;

use super::{kind_label, technique_label, theme_label, Labelled, PROVINCES};
use crate::actions::{catalogue, search};
use crate::error::AppError;
use crate::extract::Q;
use crate::i18n::t;
use crate::markup;
use crate::search_params::{MatchParams, SearchParams};
use crate::ui::Ui;
use crate::AppState;

const PER_PAGE: usize = 20;

/// One facet value as a link that toggles the filter.
#[derive(Debug, Serialize)]
struct FacetLink {
    label: String,
    count: u64,
    href: String,
    selected: bool,
}

#[derive(Debug, Serialize)]
struct FacetGroup {
    name: String,
    title: String,
    values: Vec<FacetLink>,
}

fn facet_label(name: &str, value: &str, lang: Lang) -> String {
    match name {
        "theme" => theme_label(value, lang),
        "technique" => technique_label(value, lang),
        "org_kind" => value
            .parse::<OrgKind>()
            .map(|k| kind_label(k, lang))
            .unwrap_or_else(|_| value.to_owned()),
        "province" => PROVINCES
            .get(value)
            .cloned()
            .unwrap_or_else(|| value.to_owned()),
        "status" => t(lang, &format!("status-{value}"), None),
        "kind" => t(lang, &format!("search-kind-{value}"), None),
        _ => value.to_owned(),
    }
}

/// `GET /zoeken`.
pub async fn search(
    State(app): State<AppState>,
    ui: Ui,
    Q(params): Q<SearchParams>,
) -> Result<Html<String>, AppError> {
    let req = params.request(ui.lang, PER_PAGE)?;
    let results = search::search(&app, req.clone()).await?;

    let kind_key = req.kind.map(|k| k.key().to_owned());
    // The kind is a facet like the others, but filtered by its own parameter.
    let selected = |name: &str| -> Option<&String> {
        if name == "kind" {
            return kind_key.as_ref();
        }
        req.filters.get(name).and_then(|v| v.first())
    };
    let facets: Vec<FacetGroup> = results
        .facets
        .iter()
        .filter(|(_, values)| !values.is_empty())
        .map(|(name, values)| FacetGroup {
            name: name.clone(),
            title: t(ui.lang, &format!("search-facet-{name}"), None),
            values: values
                .iter()
                .take(12)
                .map(|v| {
                    let on = selected(name) == Some(&v.value);
                    FacetLink {
                        label: facet_label(name, &v.value, ui.lang),
                        count: v.count,
                        href: ui.with_params(&[
                            (name.as_str(), if on { "" } else { v.value.as_str() }),
                            ("page", ""),
                        ]),
                        selected: on,
                    }
                })
                .collect(),
        })
        .collect();
    let active: Vec<Labelled> = req
        .filters
        .iter()
        .flat_map(|(name, values)| {
            values.iter().map(|v| Labelled {
                key: ui.with_params(&[(name.as_str(), ""), ("page", "")]),
                label: facet_label(name, v, ui.lang),
            })
        })
        .collect();
    let page = req.offset / req.limit + 1;
    let pages = results.total.div_ceil(req.limit).max(1);
    let link = |n: usize| ui.with_params(&[("page", &n.to_string())]);
    let kinds = std::iter::once("")
        .chain(leerpunt_search::DocKind::ALL.iter().map(|k| k.key()))
        .map(|k| Labelled {
            key: k.to_owned(),
            label: t(
                ui.lang,
                &format!("search-kind-{}", if k.is_empty() { "all" } else { k }),
                None,
            ),
        })
        .collect::<Vec<_>>();
    ui.render(
        "search.html",
        context! {
            q => req.q.clone(),
            ask_href => if req.q.is_empty() { "/vraag".to_owned() } else {
                format!("/vraag?{}", form_urlencoded::Serializer::new(String::new()).append_pair("q", &req.q).finish())
            },
            kind => req.kind.map(|k| k.key()).unwrap_or_default(),
            kinds,
            sort => if req.sort == leerpunt_search::Sort::Date { "date" } else { "relevance" },
            hits => results.hits.iter().map(|h| context! {
                kind => h.kind.key(),
                href => h.path.clone(),
                title => h.title.clone(),
                snippet => minijinja::Value::from_safe_string(markup::snippet(&h.snippet)),
                organisation => h.org_name.clone(),
                kind_label => t(ui.lang, &format!("search-kind-{}", h.kind.key()), None),
            }).collect::<Vec<_>>(),
            total => results.total,
            took_ms => results.took_ms,
            facets,
            active,
            paging => context! {
                page, pages, total => results.total,
                prev => (page > 1).then(|| link(page - 1)),
                next => (page < pages).then(|| link(page + 1)),
            },
            hidden => req.filters.iter().filter_map(|(k, v)| v.first().map(|v| (k.clone(), v.clone()))).collect::<Vec<_>>(),
        },
    )
}

/// How many practices the question page shows.
const MATCHES: usize = 10;

/// `GET /vraag`: ask a question, see who already answered it and why.
pub async fn ask(
    State(app): State<AppState>,
    ui: Ui,
    Q(params): Q<MatchParams>,
) -> Result<Html<String>, AppError> {
    let question = params.question(MATCHES)?;
    let asked = question.q.clone();
    let organisation = question.organisation.clone().unwrap_or_default();
    let found = search::match_question(&app, question, ui.lang).await?;
    let m = &found.matches;
    let mut options: Vec<Labelled> = catalogue::asking_organisations(&app)
        .await?
        .iter()
        .map(|o| Labelled {
            key: o.code.clone(),
            label: o.display_name(ui.lang).to_owned(),
        })
        .collect();
    options.sort_by(|a, b| a.label.cmp(&b.label));
    let reasons = |r: &[leerpunt_core::matching::Reason]| -> Vec<String> {
        r.iter().map(|r| r.text(ui.lang)).collect()
    };
    ui.render(
        "ask.html",
        context! {
            q => asked.clone(),
            organisation,
            options,
            entries => m.entries.iter().map(|e| context! {
                href => e.url.clone(),
                title => e.title.clone(),
                kind_label => t(ui.lang, entry_kind_key(e.kind), None),
                snippet => minijinja::Value::from_safe_string(markup::snippet(&e.snippet)),
                reasons => reasons(&e.reasons),
            }).collect::<Vec<_>>(),
            hits => m.practices.iter().map(|h| context! {
                slug => h.practice.slug.clone(),
                title => h.practice.title.clone(),
                snippet => minijinja::Value::from_safe_string(markup::snippet(&h.practice.snippet)),
                organisation => h.practice.org_code.clone(),
                organisation_name => h.practice.org_name.clone(),
                reasons => reasons(&h.reasons),
            }).collect::<Vec<_>>(),
            organisations => m.organisations.iter().map(|o| context! {
                code => o.code.clone(),
                name => o.name.clone(),
                reasons => reasons(&o.reasons),
                practices => o.practices.iter().take(5).map(|(slug, title)| context! { slug => slug.clone(), title => title.clone() }).collect::<Vec<_>>(),
            }).collect::<Vec<_>>(),
            people => m.people.iter().map(|p| context! {
                id => p.person.id,
                name => p.person.name.clone(),
                role => p.person.role.clone(),
                organisation => p.person.org_code.clone(),
                reasons => reasons(&p.reasons),
            }).collect::<Vec<_>>(),
            close_match => m.close,
            helpdesk_title => percent_encoding::utf8_percent_encode(&asked, percent_encoding::NON_ALPHANUMERIC).to_string(),
            missed => m.missed.clone(),
            took_ms => found.took_ms,
        },
    )
}

/// The locale key naming a kind of "already answered" entry.
fn entry_kind_key(kind: leerpunt_core::matching::EntryKind) -> &'static str {
    use leerpunt_core::matching::EntryKind;
    match kind {
        EntryKind::Faq => "search-kind-faq",
        EntryKind::Question => "search-kind-question",
        EntryKind::Topic => "search-kind-topic",
        EntryKind::Community => "search-kind-community",
    }
}
