//! News use cases: pages of items, one item, the latest for the home page, and publishing and
//! editing by the brokers.

use leerpunt_core::access::{Action, Target};
use leerpunt_core::news::{Article, ArticleInput};
use leerpunt_core::paging::PageRequest;

use super::Caller;
use crate::error::AppError;
use crate::AppState;

/// A page of items, newest first, optionally of one theme (an unknown theme is a 400).
pub async fn page(
    app: &AppState,
    theme: Option<&str>,
    page: PageRequest,
) -> Result<(Vec<Article>, i64), AppError> {
    if let Some(t) = theme {
        if leerpunt_core::vocab::theme(t).is_none() {
            return Err(AppError::BadRequest(format!("unknown theme {t:?}")));
        }
    }
    Ok(app
        .store
        .news(theme, i64::from(page.per_page), page.offset())
        .await?)
}

/// The newest items (for the home page and the feeds).
pub async fn latest(app: &AppState, theme: Option<&str>, n: i64) -> Result<Vec<Article>, AppError> {
    Ok(app.store.news(theme, n, 0).await?.0)
}

/// One item.
pub async fn item(app: &AppState, slug: &str) -> Result<Article, AppError> {
    Ok(app.store.news_item(slug).await?)
}

/// An item the caller may edit, for the edit form.
pub async fn editable(app: &AppState, caller: &Caller, slug: &str) -> Result<Article, AppError> {
    caller.require(Action::PublishNews, Target::None)?;
    item(app, slug).await
}

/// Publishes a new item (`existing` is `None`) or changes one.
pub async fn save(
    app: &AppState,
    caller: &Caller,
    existing: Option<&str>,
    input: ArticleInput,
) -> Result<Article, AppError> {
    caller.require(Action::PublishNews, Target::None)?;
    let user = caller.user()?;
    let mut input = input;
    if let Some(slug) = existing {
        // An item keeps its address when edited.
        input.slug = Some(app.store.news_item(slug).await?.slug);
    }
    let name = if user.name.trim().is_empty() {
        user.email.split('@').next().unwrap_or("").to_owned()
    } else {
        user.name.clone()
    };
    Ok(app
        .store
        .save_news(
            existing,
            &input,
            (user.id, &name),
            &leerpunt_store::news_today(),
            &caller.origin(),
        )
        .await?)
}
