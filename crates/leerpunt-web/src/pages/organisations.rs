//! The organisation register: a list by kind and province, and a profile page with its practices.

use axum::extract::{Path, State};
use axum::response::Html;
use minijinja::context;

use super::{filter_options, OrgView, Pager, PracticeView};
use crate::actions::{catalogue, Caller};
use crate::error::AppError;
use crate::extract::Q;
use crate::filters::OrgParams;
use crate::ui::Ui;
use crate::AppState;

/// How many practices an organisation page lists.
const PRACTICES: u32 = 100;

pub async fn list(
    State(app): State<AppState>,
    ui: Ui,
    Q(params): Q<OrgParams>,
) -> Result<Html<String>, AppError> {
    let filter = params.filter()?;
    let page = params.paging.page()?;
    let (items, total) = catalogue::organisations(&app, &filter, page).await?;
    let rows: Vec<_> = items
        .iter()
        .map(|(o, n)| context! { org => OrgView::new(o, ui.lang), practices => n })
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
    caller: Caller,
    Path(code): Path<String>,
) -> Result<Html<String>, AppError> {
    let profile = catalogue::organisation(&app, &caller, &code, PRACTICES).await?;
    let following = crate::actions::follows::is_following(
        &app,
        &caller,
        leerpunt_core::helpdesk::FollowKind::Organisation,
        &profile.organisation.code,
    )
    .await?;
    let zelfscan =
        crate::actions::zelfscan::org_summary(&app, &caller, &profile.organisation).await?;
    let views = |list: &[leerpunt_core::Practice]| {
        list.iter()
            .map(|p| PracticeView::new(p, ui.lang))
            .collect::<Vec<_>>()
    };
    ui.render(
        "organisation.html",
        context! {
            following,
            org => OrgView::new(&profile.organisation, ui.lang),
            aliases => profile.organisation.aliases.clone(),
            owned => views(&profile.owned),
            partnered => views(&profile.partnered),
            total => profile.total,
            more => profile.total > i64::from(PRACTICES),
            works_on => profile.works_on.iter().map(|w| context! {
                other_code => w.other_code.clone(),
                other_name => w.other_name.clone(),
                other_slug => w.other_slug.clone(),
                other_title => w.other_title.clone(),
                practice_title => w.practice_title.clone(),
            }).collect::<Vec<_>>(),
            description => profile.description,
            can_edit => profile.can_edit,
            population => zelfscan.population.map(|n| super::zelfscan::thousands(n, ui.lang)),
            zelfscan_result => zelfscan.result_visible,
            zelfscan_fill_in => zelfscan.can_fill_in,
        },
    )
}
