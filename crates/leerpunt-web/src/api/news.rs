//! News in the JSON API: pages of items, newest first, and one item, in both languages.

use axum::extract::{Path, State};
use axum::Json;
use leerpunt_core::news::Article;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, OpenApi, ToSchema};

use super::wire::{Bilingual, ErrorBody};
use crate::actions::news;
use crate::error::AppError;
use crate::extract::Q;
use crate::AppState;

/// The news' part of the OpenAPI document (merged into it by `openapi.rs`).
#[derive(OpenApi)]
#[openapi(
    paths(list, get),
    components(schemas(NewsOut, NewsPage, ImageOut)),
    tags((name = "news", description = "News of the centre, in Dutch and English")),
)]
pub struct NewsApi;

/// An item's image.
#[derive(Debug, Serialize, ToSchema)]
pub struct ImageOut {
    /// An http or https address.
    pub url: String,
    pub alt: Bilingual,
}

/// A news item.
#[derive(Debug, Serialize, ToSchema)]
pub struct NewsOut {
    pub slug: String,
    pub title: Bilingual,
    /// Markdown.
    pub body: Bilingual,
    pub image: Option<ImageOut>,
    pub themes: Vec<String>,
    /// YYYY-MM-DD.
    pub published_on: String,
    pub demo: bool,
    pub updated_at: String,
    pub url: String,
}

impl From<&Article> for NewsOut {
    fn from(a: &Article) -> Self {
        Self {
            slug: a.slug.clone(),
            title: Bilingual {
                nl: a.title_nl.clone(),
                en: a.title_en.clone(),
            },
            body: Bilingual {
                nl: a.body_nl.clone(),
                en: a.body_en.clone(),
            },
            image: a.image_url.as_ref().map(|url| ImageOut {
                url: url.clone(),
                alt: Bilingual {
                    nl: a.image_alt_nl.clone(),
                    en: a.image_alt_en.clone(),
                },
            }),
            themes: a.themes.clone(),
            published_on: a.published_on.clone(),
            demo: a.demo,
            updated_at: a.updated_at.clone(),
            url: format!("/nieuws/{}", a.slug),
        }
    }
}

/// A page of news items.
#[derive(Debug, Serialize, ToSchema)]
pub struct NewsPage {
    pub items: Vec<NewsOut>,
    pub page: u32,
    pub per_page: u32,
    pub total: i64,
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ListParams {
    /// 1-based page.
    page: Option<i64>,
    /// Results per page (1–100).
    per_page: Option<i64>,
    /// A theme key.
    theme: Option<String>,
}

/// News items, newest publish date first.
#[utoipa::path(get, path = "/api/v1/news", tag = "news", params(ListParams),
    responses((status = 200, body = NewsPage), (status = 400, body = ErrorBody)))]
pub async fn list(
    State(app): State<AppState>,
    Q(params): Q<ListParams>,
) -> Result<Json<NewsPage>, AppError> {
    let page = crate::filters::page_request(params.page, params.per_page)?;
    let theme = params.theme.filter(|t| !t.is_empty());
    let (items, total) = news::page(&app, theme.as_deref(), page).await?;
    Ok(Json(NewsPage {
        items: items.iter().map(NewsOut::from).collect(),
        page: page.page,
        per_page: page.per_page,
        total,
    }))
}

/// One news item.
#[utoipa::path(get, path = "/api/v1/news/{slug}", tag = "news",
    params(("slug" = String, Path, description = "The item's address")),
    responses((status = 200, body = NewsOut), (status = 404, body = ErrorBody)))]
pub async fn get(
    State(app): State<AppState>,
    Path(slug): Path<String>,
) -> Result<Json<NewsOut>, AppError> {
    Ok(Json((&news::item(&app, &slug).await?).into()))
}
