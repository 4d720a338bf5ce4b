//! `GET /api/v1/themes`.

use axum::extract::State;
use axum::Json;
use leerpunt_core::vocab::{self, ThemeGroup};

use super::wire::{Bilingual, ThemeOut};
use crate::actions::catalogue;
use crate::error::AppError;
use crate::AppState;

/// Every theme with its labels and the number of practices tagged with it.
#[utoipa::path(get, path = "/api/v1/themes", tag = "themes", responses((status = 200, body = [ThemeOut])))]
pub async fn list(State(app): State<AppState>) -> Result<Json<Vec<ThemeOut>>, AppError> {
    let counts = catalogue::theme_counts(&app).await?;
    Ok(Json(
        vocab::THEMES
            .iter()
            .map(|d| ThemeOut {
                key: d.key.to_owned(),
                group: match d.group {
                    ThemeGroup::Agenda => "agenda".into(),
                    ThemeGroup::Domain => "domain".into(),
                },
                label: Bilingual {
                    nl: d.nl.into(),
                    en: d.en.into(),
                },
                description: Bilingual {
                    nl: d.description_nl.into(),
                    en: d.description_en.into(),
                },
                practice_count: counts.get(d.key).copied().unwrap_or(0),
            })
            .collect(),
    ))
}
