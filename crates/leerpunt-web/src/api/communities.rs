//! The communities and their discussions in the JSON API: communities with their topics, a topic
//! with its posts, and starting topics and replying (tokens with `discussions:write` whose owner
//! is a member of the community).

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::Json;
use leerpunt_core::community::{
    Community, NewPost, NewTopic, Post, ThreadedPost, Topic, POSTS_PER_PAGE, TOPICS_PER_PAGE,
};
use leerpunt_core::paging::PageRequest;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::wire::ErrorBody;
use crate::actions::{communities, Caller};
use crate::error::AppError;
use crate::extract::{JsonIn, Q};
use crate::AppState;

/// A community, with names and descriptions in both languages.
#[derive(Debug, Serialize, ToSchema)]
pub struct CommunityOut {
    pub slug: String,
    pub name_nl: String,
    pub name_en: String,
    /// Markdown.
    pub description_nl: String,
    /// Markdown.
    pub description_en: String,
    /// Theme keys, see `/api/v1/themes`.
    pub themes: Vec<String>,
    pub member_count: i64,
    pub topic_count: i64,
    /// Written for the demo.
    pub demo: bool,
    pub created_at: String,
    pub updated_at: String,
}

impl From<&Community> for CommunityOut {
    fn from(c: &Community) -> Self {
        Self {
            slug: c.slug.clone(),
            name_nl: c.name_nl.clone(),
            name_en: c.name_en.clone(),
            description_nl: c.description_nl.clone(),
            description_en: c.description_en.clone(),
            themes: c.themes.clone(),
            member_count: c.member_count,
            topic_count: c.topic_count,
            demo: c.demo,
            created_at: c.created_at.clone(),
            updated_at: c.updated_at.clone(),
        }
    }
}

/// A page of communities.
#[derive(Debug, Serialize, ToSchema)]
pub struct CommunityPage {
    pub items: Vec<CommunityOut>,
    pub page: u32,
    pub per_page: u32,
    pub total: i64,
}

/// A discussion topic.
#[derive(Debug, Serialize, ToSchema)]
pub struct TopicOut {
    pub id: i64,
    pub community: String,
    pub title: String,
    /// The name on the opening post.
    pub author_name: String,
    /// A locked topic takes no replies.
    pub locked: bool,
    pub reply_count: i64,
    pub demo: bool,
    pub created_at: String,
    pub last_post_at: String,
}

impl From<&Topic> for TopicOut {
    fn from(t: &Topic) -> Self {
        Self {
            id: t.id,
            community: t.community_slug.clone(),
            title: t.title.clone(),
            author_name: t.author_name.clone(),
            locked: t.locked,
            reply_count: t.reply_count,
            demo: t.demo,
            created_at: t.created_at.clone(),
            last_post_at: t.last_post_at.clone(),
        }
    }
}

/// A community with a page of its topics, most recent activity first.
#[derive(Debug, Serialize, ToSchema)]
pub struct CommunityDetail {
    pub community: CommunityOut,
    pub topics: Vec<TopicOut>,
    pub page: u32,
    pub per_page: u32,
    pub total_topics: i64,
}

/// A post. `body` is absent when the post was deleted or hidden by a moderator.
#[derive(Debug, Serialize, ToSchema)]
pub struct PostOut {
    pub id: i64,
    pub topic: i64,
    /// The post replied to.
    pub parent_id: Option<i64>,
    /// 0 for the first post of a thread, 1 for replies in it.
    pub depth: u8,
    pub author_name: String,
    /// Markdown.
    pub body: Option<String>,
    pub deleted: bool,
    /// Why a moderator hid the post.
    pub hidden_reason: Option<String>,
    pub demo: bool,
    pub created_at: String,
    pub edited_at: Option<String>,
}

impl PostOut {
    fn new(p: &Post, depth: u8) -> Self {
        Self {
            id: p.id,
            topic: p.topic_id,
            parent_id: p.parent_id,
            depth,
            author_name: p.author_name.clone(),
            body: p.visible_body().map(str::to_owned),
            deleted: p.deleted,
            hidden_reason: p.hidden_reason.clone(),
            demo: p.demo,
            created_at: p.created_at.clone(),
            edited_at: p.edited_at.clone(),
        }
    }
}

/// A topic with a page of its posts in reading order (threads with their replies).
#[derive(Debug, Serialize, ToSchema)]
pub struct TopicDetail {
    pub topic: TopicOut,
    pub posts: Vec<PostOut>,
    pub page: u32,
    pub per_page: u32,
    pub total_posts: i64,
}

/// A new topic: its title (3 to 200 characters) and opening post (Markdown, 1 to 20,000).
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct TopicIn {
    pub title: String,
    pub body: String,
}

/// A reply (Markdown, 1 to 20,000 characters), optionally to a post of the topic.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ReplyIn {
    pub body: String,
    #[serde(default)]
    pub parent_id: Option<i64>,
}

/// `?page=`.
#[derive(Debug, Default, Deserialize)]
pub struct PageParam {
    page: Option<i64>,
}

fn page(p: &PageParam, per_page: u32) -> Result<PageRequest, AppError> {
    crate::filters::page_request(p.page, Some(i64::from(per_page)))
}

/// List communities by name, with their member counts.
#[utoipa::path(
    get, path = "/api/v1/communities", tag = "communities",
    params(("page" = Option<i64>, Query, description = "1-based page number (20 per page)")),
    responses(
        (status = 200, body = CommunityPage),
        (status = 400, description = "Invalid query parameter", body = ErrorBody),
    )
)]
pub async fn list(
    State(app): State<AppState>,
    Q(p): Q<PageParam>,
) -> Result<Json<CommunityPage>, AppError> {
    let page = page(&p, TOPICS_PER_PAGE)?;
    let (items, total) = communities::list(&app, page).await?;
    Ok(Json(CommunityPage {
        items: items.iter().map(Into::into).collect(),
        page: page.page,
        per_page: page.per_page,
        total,
    }))
}

/// One community with a page of its topics, most recent activity first.
#[utoipa::path(
    get, path = "/api/v1/communities/{slug}", tag = "communities",
    params(
        ("slug" = String, Path, description = "The community's slug"),
        ("page" = Option<i64>, Query, description = "1-based page of topics (20 per page)"),
    ),
    responses(
        (status = 200, body = CommunityDetail),
        (status = 400, description = "Invalid query parameter", body = ErrorBody),
        (status = 404, body = ErrorBody),
    )
)]
pub async fn get(
    State(app): State<AppState>,
    Path(slug): Path<String>,
    Q(p): Q<PageParam>,
) -> Result<Json<CommunityDetail>, AppError> {
    let page = page(&p, TOPICS_PER_PAGE)?;
    let (c, topics, total) = communities::community_with_topics(&app, &slug, page).await?;
    Ok(Json(CommunityDetail {
        community: (&c).into(),
        topics: topics.iter().map(Into::into).collect(),
        page: page.page,
        per_page: page.per_page,
        total_topics: total,
    }))
}

/// Start a topic in a community the token's owner is a member of.
#[utoipa::path(
    post, path = "/api/v1/communities/{slug}/topics", tag = "communities",
    params(("slug" = String, Path, description = "The community's slug")),
    request_body = TopicIn,
    security(("bearer" = ["discussions:write"])),
    responses(
        (status = 201, body = TopicOut),
        (status = 400, body = ErrorBody),
        (status = 401, body = ErrorBody),
        (status = 403, description = "Not a member, or the token lacks the scope", body = ErrorBody),
        (status = 404, body = ErrorBody),
        (status = 422, description = "Invalid fields", body = ErrorBody),
    )
)]
pub async fn create_topic(
    State(app): State<AppState>,
    caller: Caller,
    Path(slug): Path<String>,
    JsonIn(input): JsonIn<TopicIn>,
) -> Result<(StatusCode, Json<TopicOut>), AppError> {
    let input = NewTopic {
        title: input.title,
        body: input.body,
    };
    let topic = communities::create_topic(&app, &caller, &slug, &input).await?;
    Ok((StatusCode::CREATED, Json((&topic).into())))
}

/// One topic with a page of its posts in reading order.
#[utoipa::path(
    get, path = "/api/v1/topics/{id}", tag = "communities",
    params(
        ("id" = i64, Path, description = "The topic's id"),
        ("page" = Option<i64>, Query, description = "1-based page of posts (50 per page)"),
    ),
    responses(
        (status = 200, body = TopicDetail),
        (status = 400, description = "Invalid query parameter", body = ErrorBody),
        (status = 404, body = ErrorBody),
    )
)]
pub async fn topic(
    State(app): State<AppState>,
    caller: Caller,
    Path(id): Path<i64>,
    Q(p): Q<PageParam>,
) -> Result<Json<TopicDetail>, AppError> {
    let page = page(&p, POSTS_PER_PAGE)?;
    let t = communities::topic_page(&app, &caller, None, id, page, None).await?;
    Ok(Json(TopicDetail {
        topic: (&t.topic).into(),
        posts: t
            .posts
            .iter()
            .map(|ThreadedPost { post, depth, .. }| PostOut::new(post, *depth))
            .collect(),
        page: page.page,
        per_page: page.per_page,
        total_posts: t.total,
    }))
}

/// Reply to a topic (or to one of its posts) in a community the token's owner is a member of.
/// A locked topic refuses replies with 400.
#[utoipa::path(
    post, path = "/api/v1/topics/{id}/replies", tag = "communities",
    params(("id" = i64, Path, description = "The topic's id")),
    request_body = ReplyIn,
    security(("bearer" = ["discussions:write"])),
    responses(
        (status = 201, body = PostOut),
        (status = 400, description = "Malformed body, or the topic is locked", body = ErrorBody),
        (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody),
        (status = 422, body = ErrorBody),
    )
)]
pub async fn reply(
    State(app): State<AppState>,
    caller: Caller,
    Path(id): Path<i64>,
    JsonIn(input): JsonIn<ReplyIn>,
) -> Result<(StatusCode, Json<PostOut>), AppError> {
    let input = NewPost {
        body: input.body,
        parent_id: input.parent_id,
    };
    let (_, post, _) = communities::reply(&app, &caller, None, id, &input).await?;
    let depth = u8::from(post.parent_id.is_some());
    Ok((StatusCode::CREATED, Json(PostOut::new(&post, depth))))
}
