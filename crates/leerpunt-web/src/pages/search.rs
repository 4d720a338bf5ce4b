//! The search page (`/zoeken`, facets and live results) and the question page (`/vraag`, matches with reasons).

use axum::extract::State;
use axum::response::Html;
use leerpunt_core::{Lang, OrgKind};
use minijinja::context;
use serde::Serialize;

use super::{kind_label, technique_label, theme_label, Labelled, PROVINCES};
use crate::api::search::{run_match, MatchResponse};
use crate::error::AppError;
use crate::i18n::t;
use crate::search_params::{MatchParams, SearchParams};
use crate::ui::{Ui, Q};
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
    let asked = req.clone();
    let results = app.on_index(move |index| index.search(&asked)).await?;

    let selected =
        |name: &str| -> Option<&String> { req.filters.get(name).and_then(|v| v.first()) };
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
    let kinds = ["", "practice", "organisation", "person"]
        .iter()
        .map(|k| Labelled {
            key: (*k).to_owned(),
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
                href => match h.kind {
                    leerpunt_search::DocKind::Practice => format!("/praktijken/{}", h.slug),
                    leerpunt_search::DocKind::Organisation => format!("/organisaties/{}", h.slug),
                    leerpunt_search::DocKind::Person => format!("/mensen/{}", h.id),
                },
                title => h.title.clone(),
                snippet => minijinja::Value::from_safe_string(h.snippet.clone()),
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

/// `GET /vraag`: ask a question, see who already answered it and why.
pub async fn ask(
    State(app): State<AppState>,
    ui: Ui,
    Q(params): Q<MatchParams>,
) -> Result<Html<String>, AppError> {
    let (matches, took) = run_match(&app, &params, ui.lang, 10).await?;
    let asked = params.q.as_deref().map(str::trim).unwrap_or("").to_owned();
    let response = MatchResponse::new(matches, took, ui.lang);
    let organisations = app.store.all_organisations().await?;
    let mut options: Vec<Labelled> = organisations
        .iter()
        .filter(|o| o.kind != OrgKind::Other)
        .map(|o| Labelled {
            key: o.code.clone(),
            label: o.display_name(ui.lang).to_owned(),
        })
        .collect();
    options.sort_by(|a, b| a.label.cmp(&b.label));
    ui.render(
        "ask.html",
        context! {
            q => asked,
            organisation => params.organisation.clone().unwrap_or_default(),
            options,
            hits => response.hits.iter().map(|h| context! {
                slug => h.slug.clone(),
                title => h.title.clone(),
                snippet => minijinja::Value::from_safe_string(h.snippet.clone()),
                organisation => h.organisation.clone(),
                organisation_name => h.organisation_name.clone(),
                reasons => h.reasons.clone(),
            }).collect::<Vec<_>>(),
            organisations => response.organisations.iter().map(|o| context! {
                code => o.code.clone(),
                name => o.name.clone(),
                reasons => o.reasons.clone(),
                practices => o.practices.iter().map(|p| context! { slug => p.slug.clone(), title => p.title.clone() }).collect::<Vec<_>>(),
            }).collect::<Vec<_>>(),
            people => response.people.iter().map(|p| context! {
                id => p.id,
                name => p.name.clone(),
                role => p.role.clone(),
                organisation => p.organisation.clone(),
                reasons => p.reasons.clone(),
            }).collect::<Vec<_>>(),
            took_ms => took,
        },
    )
}
