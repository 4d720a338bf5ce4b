//! The organisation register: a list by kind and province, and a profile page with its practices.

use axum::extract::{Path, State};
use axum::response::Html;
use leerpunt_core::paging::PageRequest;
use leerpunt_store::PracticeFilter;
use minijinja::context;

use super::{filter_options, OrgView, Pager, PracticeView};
use crate::error::AppError;
use crate::filters::OrgParams;
use crate::ui::{Ui, Q};
use crate::AppState;

pub async fn list(
    State(app): State<AppState>,
    ui: Ui,
    Q(params): Q<OrgParams>,
) -> Result<Html<String>, AppError> {
    let filter = params.filter()?;
    let page = params.paging.page()?;
    let (items, total) = app.store.organisations(&filter, page).await?;
    let counts = app
        .store
        .practice_counts(&items.iter().map(|o| o.id).collect::<Vec<_>>())
        .await?;
    let rows: Vec<_> = items
        .iter()
        .map(|o| context! { org => OrgView::new(o, ui.lang), practices => counts.get(&o.id).copied().unwrap_or(0) })
        .collect();
    ui.render(
        "organisations.html",
        context! {
            rows,
            paging => Pager::new(&ui, page, total),
            options => filter_options(ui.lang),
            selected => context! {
                kind => filter.kind.map(|k| k.key()).unwrap_or_default(),
                province => filter.province.clone().unwrap_or_default(),
                active => filter.with_practices,
            },
        },
    )
}

pub async fn detail(
    State(app): State<AppState>,
    ui: Ui,
    auth: crate::auth::Auth,
    Path(code): Path<String>,
) -> Result<Html<String>, AppError> {
    let org = app.store.organisation(&code).await?;
    let description = app.store.organisation_description(&org.code).await?;
    let can_edit = auth.can(
        leerpunt_core::access::Action::EditOrganisation,
        leerpunt_core::access::Target::Organisation(org.id),
    );
    let filter = PracticeFilter {
        organisation: Some(org.code.clone()),
        ..Default::default()
    };
    let (practices, total) = app
        .store
        .practices(
            &filter,
            PageRequest {
                page: 1,
                per_page: 100,
            },
        )
        .await?;
    let (owned, partnered): (Vec<_>, Vec<_>) = practices.iter().partition(|p| p.owner.id == org.id);
    let works_on = app.store.similar_work(&org.code, 8).await?;
    ui.render(
        "organisation.html",
        context! {
            org => OrgView::new(&org, ui.lang),
            aliases => org.aliases.clone(),
            owned => owned.iter().map(|p| PracticeView::new(p, ui.lang)).collect::<Vec<_>>(),
            partnered => partnered.iter().map(|p| PracticeView::new(p, ui.lang)).collect::<Vec<_>>(),
            total,
            more => total > 100,
            works_on => works_on.iter().map(|w| context! {
                other_code => w.other_code.clone(),
                other_name => w.other_name.clone(),
                other_slug => w.other_slug.clone(),
                other_title => w.other_title.clone(),
                practice_title => w.practice_title.clone(),
            }).collect::<Vec<_>>(),
            description,
            can_edit,
        },
    )
}
