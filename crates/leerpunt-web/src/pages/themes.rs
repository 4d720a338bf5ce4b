//! Theme pages: the Data Agenda action lines and policy domains, each with its practices.

use axum::extract::{Path, State};
use axum::response::Html;
use leerpunt_core::vocab::{self, ThemeGroup};
use leerpunt_core::Lang;
use minijinja::context;

use super::{Pager, PracticeView};
use crate::actions::catalogue;
use crate::error::AppError;
use crate::extract::Q;
use crate::filters::PageParams;
use crate::ui::Ui;
use crate::AppState;

fn theme_view(def: &vocab::ThemeDef, lang: Lang, count: i64) -> minijinja::Value {
    let (label, description) = match lang {
        Lang::Nl => (def.nl, def.description_nl),
        Lang::En => (def.en, def.description_en),
    };
    context! { key => def.key, label, description, count, agenda => def.group == ThemeGroup::Agenda }
}

pub async fn list(State(app): State<AppState>, ui: Ui) -> Result<Html<String>, AppError> {
    let counts = catalogue::theme_counts(&app).await?;
    let view = |group| {
        vocab::THEMES
            .iter()
            .filter(|d| d.group == group)
            .map(|d| theme_view(d, ui.lang, counts.get(d.key).copied().unwrap_or(0)))
            .collect::<Vec<_>>()
    };
    ui.render(
        "themes.html",
        context! { agenda => view(ThemeGroup::Agenda), domains => view(ThemeGroup::Domain) },
    )
}

pub async fn detail(
    State(app): State<AppState>,
    ui: Ui,
    caller: crate::actions::Caller,
    Path(key): Path<String>,
    Q(paging): Q<PageParams>,
) -> Result<Html<String>, AppError> {
    let page = paging.page()?;
    let (def, items, total) = catalogue::theme(&app, &key, page).await?;
    let following = crate::actions::follows::is_following(
        &app,
        &caller,
        leerpunt_core::helpdesk::FollowKind::Theme,
        &key,
    )
    .await?;
    ui.render(
        "theme.html",
        context! {
            following,
            theme => theme_view(def, ui.lang, total),
            practices => items.iter().map(|p| PracticeView::new(p, ui.lang)).collect::<Vec<_>>(),
            paging => Pager::new(&ui, page, total),
        },
    )
}
