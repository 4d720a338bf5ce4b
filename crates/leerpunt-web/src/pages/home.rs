//! The home page: what Leerpunt is, headline counts, the latest practices and the themes.

use axum::extract::State;
use axum::response::Html;
use leerpunt_core::paging::PageRequest;
use leerpunt_core::vocab::{self, ThemeGroup};
use leerpunt_store::PracticeFilter;
use minijinja::context;

use super::{theme_label, Labelled, PracticeView};
use crate::error::AppError;
use crate::ui::Ui;
use crate::AppState;

pub async fn home(State(app): State<AppState>, ui: Ui) -> Result<Html<String>, AppError> {
    let counts = app.store.counts().await?;
    let (latest, _) = app
        .store
        .practices(
            &PracticeFilter::default(),
            PageRequest {
                page: 1,
                per_page: 6,
            },
        )
        .await?;
    let demo_filter = PracticeFilter {
        source: Some(leerpunt_store::seed::DEMO_SOURCE.into()),
        ..Default::default()
    };
    let demo_count = app.store.count_practices(&demo_filter).await?;
    let theme_counts: std::collections::HashMap<String, i64> =
        app.store.theme_counts().await?.into_iter().collect();
    let themes = |group: ThemeGroup| -> Vec<minijinja::Value> {
        vocab::THEMES
            .iter()
            .filter(|d| d.group == group)
            .map(|d| {
                let l = Labelled { key: d.key.to_owned(), label: theme_label(d.key, ui.lang) };
                context! { key => l.key, label => l.label, count => theme_counts.get(d.key).copied().unwrap_or(0) }
            })
            .collect()
    };
    ui.render(
        "home.html",
        context! {
            counts,
            demo_count,
            latest => latest.iter().map(|p| PracticeView::new(p, ui.lang)).collect::<Vec<_>>(),
            agenda_themes => themes(ThemeGroup::Agenda),
            domain_themes => themes(ThemeGroup::Domain),
        },
    )
}
