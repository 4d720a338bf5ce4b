//! The practice catalogue: a filtered, paginated list and a detail page with related practices.

use axum::extract::{Path, State};
use axum::response::Html;
use minijinja::context;

use super::{filter_options, theme_label, OrgView, Pager, PracticeView, WorkView};
use crate::actions::{catalogue, contributions, Caller};
use crate::error::AppError;
use crate::extract::Q;
use crate::filters::PracticeParams;
use crate::ui::Ui;
use crate::AppState;

/// How many similar practices a practice page shows.
const SIMILAR: usize = 4;

pub async fn list(
    State(app): State<AppState>,
    ui: Ui,
    Q(params): Q<PracticeParams>,
) -> Result<Html<String>, AppError> {
    let filter = params.filter()?;
    let page = params.paging.page()?;
    let (items, total, organisation) = catalogue::practices(&app, &filter, page).await?;
    ui.render(
        "practices.html",
        context! {
            practices => items.iter().map(|p| PracticeView::new(p, ui.lang)).collect::<Vec<_>>(),
            paging => Pager::new(&ui, page, total),
            options => filter_options(ui.lang),
            selected => context! {
                theme => filter.theme.clone().unwrap_or_default(),
                kind => filter.kind.map(|k| k.key()).unwrap_or_default(),
                province => filter.province.clone().unwrap_or_default(),
                status => filter.status.map(|s| s.key()).unwrap_or_default(),
                organisation => filter.organisation.clone().unwrap_or_default(),
            },
            organisation => organisation.map(|o| OrgView::new(&o, ui.lang)),
            theme_label => filter.theme.as_deref().map(|k| theme_label(k, ui.lang)),
            filtered => filter.theme.is_some() || filter.kind.is_some() || filter.province.is_some() || filter.status.is_some() || filter.organisation.is_some(),
        },
    )
}

pub async fn detail(
    State(app): State<AppState>,
    ui: Ui,
    caller: Caller,
    Path(slug): Path<String>,
) -> Result<Html<String>, AppError> {
    let practice = catalogue::practice(&app, &caller, &slug).await?;
    let related = catalogue::similar_practices(&app, &practice, SIMILAR).await?;
    let work =
        contributions::shows_work(&caller, &practice).then(|| WorkView::new(&practice, ui.lang));
    let following = crate::actions::follows::is_following(
        &app,
        &caller,
        leerpunt_core::helpdesk::FollowKind::Practice,
        &practice.slug,
    )
    .await?;
    ui.render(
        "practice.html",
        context! {
            following,
            practice => PracticeView::new(&practice, ui.lang),
            related => related.iter().map(|p| PracticeView::new(p, ui.lang)).collect::<Vec<_>>(),
            work,
        },
    )
}
