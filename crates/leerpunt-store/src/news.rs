//! News items' storage: the items, their themes, pages of them newest first.
//!
//! Every write is one transaction with its audit entry and a change-log entry (the news pages,
//! the feeds and the home page are shared and cached until the log moves).

use leerpunt_core::news::{validate_article, Article, ArticleInput};
use serde::Deserialize;
use sqlx::AnyConnection;

use crate::audit::{self, Origin};
use crate::{changes, conflict_on, now, Result, Store, StoreError};

#[derive(sqlx::FromRow)]
struct ArticleRow {
    id: i64,
    slug: String,
    title_nl: String,
    title_en: String,
    body_nl: String,
    body_en: String,
    image_url: Option<String>,
    image_alt_nl: String,
    image_alt_en: String,
    themes: Option<String>,
    published_on: String,
    author_name: Option<String>,
    #[sqlx(try_from = "crate::Flag")]
    demo: bool,
    created_at: String,
    updated_at: String,
}

impl From<ArticleRow> for Article {
    fn from(r: ArticleRow) -> Self {
        let themes = crate::concat_list(r.themes);
        Article {
            id: r.id,
            slug: r.slug,
            title_nl: r.title_nl,
            title_en: r.title_en,
            body_nl: r.body_nl,
            body_en: r.body_en,
            image_url: r.image_url,
            image_alt_nl: r.image_alt_nl,
            image_alt_en: r.image_alt_en,
            themes,
            published_on: r.published_on,
            author_name: r.author_name.unwrap_or_default(),
            demo: r.demo,
            created_at: r.created_at,
            updated_at: r.updated_at,
        }
    }
}

const ARTICLE_SELECT: &str = "SELECT n.id, n.slug, n.title_nl, n.title_en, n.body_nl, n.body_en, n.image_url, \
    n.image_alt_nl, n.image_alt_en, \
    (SELECT GROUP_CONCAT(theme) FROM news_themes t WHERE t.news_id = n.id) AS themes, \
    n.published_on, COALESCE(u.name, n.author_name) AS author_name, n.demo, n.created_at, n.updated_at \
    FROM news_items n LEFT JOIN users u ON u.id = n.author_id";

async fn article_in(conn: &mut AnyConnection, slug: &str) -> Result<Article> {
    let row: Option<ArticleRow> = sqlx::query_as(&format!("{ARTICLE_SELECT} WHERE n.slug = $1"))
        .bind(slug)
        .fetch_optional(conn)
        .await?;
    Ok(row
        .ok_or_else(|| StoreError::NotFound(format!("news item {slug:?}")))?
        .into())
}

async fn set_themes(conn: &mut AnyConnection, id: i64, themes: &[String]) -> Result<()> {
    sqlx::query("DELETE FROM news_themes WHERE news_id = $1")
        .bind(id)
        .execute(&mut *conn)
        .await?;
    for t in themes {
        sqlx::query(
            "INSERT INTO news_themes (news_id, theme) VALUES ($1, $2) ON CONFLICT DO NOTHING",
        )
        .bind(id)
        .bind(t)
        .execute(&mut *conn)
        .await?;
    }
    Ok(())
}

fn image(input: &ArticleInput) -> Option<&str> {
    Some(input.image_url.trim()).filter(|s| !s.is_empty())
}

/// Today's date (UTC), the latest a publish date may be.
pub fn today() -> String {
    now().chars().take(10).collect()
}

impl Store {
    /// A page of news items, newest publish date first, optionally of one theme, and how many
    /// there are.
    pub async fn news(
        &self,
        theme: Option<&str>,
        limit: i64,
        offset: i64,
    ) -> Result<(Vec<Article>, i64)> {
        let wheres = "($1 IS NULL OR EXISTS (SELECT 1 FROM news_themes t WHERE t.news_id = n.id AND t.theme = $1))";
        let total: i64 =
            sqlx::query_scalar(&format!("SELECT COUNT(*) FROM news_items n WHERE {wheres}"))
                .bind(theme)
                .fetch_one(&self.pool)
                .await?;
        let rows: Vec<ArticleRow> = sqlx::query_as(&format!(
            "{ARTICLE_SELECT} WHERE {wheres} ORDER BY n.published_on DESC, n.id DESC LIMIT $2 OFFSET $3"
        ))
        .bind(theme)
        .bind(limit)
        .bind(offset)
        .fetch_all(&self.pool)
        .await?;
        Ok((rows.into_iter().map(Into::into).collect(), total))
    }

    /// One news item by its address.
    pub async fn news_item(&self, slug: &str) -> Result<Article> {
        let mut conn = self.pool.acquire().await?;
        article_in(&mut conn, slug).await
    }

    /// Publishes a new item (`existing` is `None`) or changes the one at `existing` (its address
    /// stays). `today` bounds the publish date.
    pub async fn save_news(
        &self,
        existing: Option<&str>,
        input: &ArticleInput,
        author: (i64, &str),
        today: &str,
        origin: &Origin,
    ) -> Result<Article> {
        validate_article(input, today)?;
        let mut tx = self.write_tx().await?;
        let ts = now();
        let (id, slug) = match existing {
            Some(slug) => {
                let a = article_in(&mut tx, slug).await?;
                sqlx::query(
                    "UPDATE news_items SET title_nl = $1, title_en = $2, body_nl = $3, body_en = $4, image_url = $5, \
                     image_alt_nl = $6, image_alt_en = $7, published_on = $8, updated_at = $9 WHERE id = $10",
                )
                .bind(input.title_nl.trim())
                .bind(input.title_en.trim())
                .bind(input.body_nl.trim())
                .bind(input.body_en.trim())
                .bind(image(input))
                .bind(input.image_alt_nl.trim())
                .bind(input.image_alt_en.trim())
                .bind(input.published_on.trim())
                .bind(&ts)
                .bind(a.id)
                .execute(&mut *tx)
                .await?;
                (a.id, a.slug)
            }
            None => {
                let slug = input.slug_or_made();
                let id = insert(&mut tx, &slug, input, Some(author.0), author.1, false, &ts)
                    .await
                    .map_err(|e| match e {
                        StoreError::Db(db) => {
                            conflict_on(db, || format!("a news item at /nieuws/{slug}"))
                        }
                        other => other,
                    })?;
                (id, slug)
            }
        };
        set_themes(&mut tx, id, &input.themes).await?;
        changes::record(
            &mut tx,
            "news",
            id,
            if existing.is_some() {
                "update"
            } else {
                "create"
            },
        )
        .await?;
        audit::record(
            &mut tx,
            origin,
            if existing.is_some() {
                "news.update"
            } else {
                "news.publish"
            },
            "news",
            Some(id),
            &slug,
        )
        .await?;
        let article = article_in(&mut tx, &slug).await?;
        tx.commit().await?;
        Ok(article)
    }
}

async fn insert(
    conn: &mut AnyConnection,
    slug: &str,
    input: &ArticleInput,
    author_id: Option<i64>,
    author_name: &str,
    demo: bool,
    ts: &str,
) -> Result<i64> {
    Ok(sqlx::query_scalar(
        "INSERT INTO news_items (slug, title_nl, title_en, body_nl, body_en, image_url, image_alt_nl, image_alt_en, published_on, author_id, author_name, demo, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $13) RETURNING id",
    )
    .bind(slug)
    .bind(input.title_nl.trim())
    .bind(input.title_en.trim())
    .bind(input.body_nl.trim())
    .bind(input.body_en.trim())
    .bind(image(input))
    .bind(input.image_alt_nl.trim())
    .bind(input.image_alt_en.trim())
    .bind(input.published_on.trim())
    .bind(author_id)
    .bind(author_name.trim())
    .bind(i64::from(demo))
    .bind(ts)
    .fetch_one(&mut *conn)
    .await?)
}

/// The demo news, as written in `seed/demo-news.toml`.
pub const DEMO_NEWS_TOML: &str = include_str!("../seed/demo-news.toml");

#[derive(Debug, Deserialize)]
struct DemoNews {
    item: Vec<DemoItem>,
}

#[derive(Debug, Deserialize)]
struct DemoItem {
    author: String,
    #[serde(flatten)]
    input: ArticleInput,
}

/// Loads the demo news once (nothing when demo items exist).
pub(crate) async fn seed_demo(conn: &mut AnyConnection) -> Result<usize> {
    let existing: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM news_items WHERE demo = 1")
        .fetch_one(&mut *conn)
        .await?;
    if existing > 0 {
        return Ok(0);
    }
    let demo: DemoNews =
        toml::from_str(DEMO_NEWS_TOML).map_err(|e| StoreError::Data(format!("demo news: {e}")))?;
    let ts = now();
    for (n, item) in demo.item.iter().enumerate() {
        validate_article(&item.input, &today())
            .map_err(|e| StoreError::Data(format!("demo news item {}: {e}", n + 1)))?;
        let id = insert(
            conn,
            &item.input.slug_or_made(),
            &item.input,
            None,
            &item.author,
            true,
            &ts,
        )
        .await?;
        set_themes(conn, id, &item.input.themes).await?;
    }
    Ok(demo.item.len())
}
