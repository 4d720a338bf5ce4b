//! The practice catalogue: a filtered, paginated list and a detail page with related practices.

use axum::extract::{Path, State};
use axum::response::Html;
use minijinja::context;

use super::{filter_options, theme_label, Pager, PracticeView};
use crate::error::AppError;
use crate::filters::PracticeParams;
use crate::ui::{Ui, Q};
use crate::AppState;

pub async fn list(
    State(app): State<AppState>,
    ui: Ui,
    Q(params): Q<PracticeParams>,
) -> Result<Html<String>, AppError> {
    let filter = params.filter()?;
    let page = params.paging.page()?;
    let (items, total) = app.store.practices(&filter, page).await?;
    let organisation = match &filter.organisation {
        Some(code) => app
            .store
            .organisation(code)
            .await
            .ok()
            .map(|o| super::OrgView::new(&o, ui.lang)),
        None => None,
    };
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
            organisation,
            theme_label => filter.theme.as_deref().map(|k| theme_label(k, ui.lang)),
            filtered => filter.theme.is_some() || filter.kind.is_some() || filter.province.is_some() || filter.status.is_some() || filter.organisation.is_some(),
        },
    )
}

pub async fn detail(
    State(app): State<AppState>,
    ui: Ui,
    auth: crate::auth::Auth,
    Path(slug): Path<String>,
) -> Result<Html<String>, AppError> {
    let practice = super::contribute::visible_practice(&app, &auth, &slug).await?;
    let work = super::contribute::work_view(&auth, &practice, ui.lang);
    let related = similar(&app, &practice).await?;
    ui.render(
        "practice.html",
        context! {
            practice => PracticeView::new(&practice, ui.lang),
            related => related.iter().map(|p| PracticeView::new(p, ui.lang)).collect::<Vec<_>>(),
            work,
        },
    )
}

/// Practices like this one, by the search index; by shared themes when the index knows none.
async fn similar(
    app: &AppState,
    practice: &leerpunt_core::Practice,
) -> Result<Vec<leerpunt_core::Practice>, AppError> {
    let p = practice.clone();
    let near = app
        .on_index(move |index| index.similar_practices(&p, 4, false))
        .await?;
    if near.is_empty() {
        return Ok(app.store.related_practices(practice, 4).await?);
    }
    let ids: Vec<i64> = near.iter().map(|n| n.id).collect();
    let mut found = app.store.practices_by_ids(&ids).await?;
    found.sort_by_key(|p| ids.iter().position(|id| *id == p.id));
    Ok(found)
}
