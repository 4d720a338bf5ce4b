//! The home page: what Leerpunt is, headline counts, the latest practices, the latest news and
//! the themes.

use axum::extract::State;
use axum::response::Html;
use leerpunt_core::vocab::{self, ThemeGroup};
use minijinja::context;

use super::{theme_label, PracticeView};
use crate::actions::catalogue;
use crate::error::AppError;
use crate::ui::Ui;
use crate::AppState;

/// How many of the newest practices the home page shows.
const LATEST: u32 = 6;
/// How many of the newest news items the home page shows.
const LATEST_NEWS: i64 = 3;

pub async fn home(State(app): State<AppState>, ui: Ui) -> Result<Html<String>, AppError> {
    let overview = catalogue::overview(&app, LATEST).await?;
    let news = crate::actions::news::latest(&app, None, LATEST_NEWS).await?;
    let themes = |group: ThemeGroup| -> Vec<minijinja::Value> {
        vocab::THEMES
            .iter()
            .filter(|d| d.group == group)
            .map(|d| {
                context! {
                    key => d.key,
                    label => theme_label(d.key, ui.lang),
                    count => overview.theme_counts.get(d.key).copied().unwrap_or(0),
                }
            })
            .collect()
    };
    ui.render(
        "home.html",
        context! {
            counts => overview.counts,
            demo_count => overview.demo_count,
            latest => overview.latest.iter().map(|p| PracticeView::new(p, ui.lang)).collect::<Vec<_>>(),
            news => news.iter().map(|a| super::news::article_view(a, ui.lang)).collect::<Vec<_>>(),
            agenda_themes => themes(ThemeGroup::Agenda),
            domain_themes => themes(ThemeGroup::Domain),
        },
    )
}
