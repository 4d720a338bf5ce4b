//! Communities and their discussions: communities with themes, members and moderators; topics
//! with threaded posts; edits within the edit window, deletion, moderation (hide, lock) and
//! reports; mail to the members a post mentions.
//!
//! Every write on behalf of a person appends to the audit log, and every change a visitor can
//! see to the change log (entities `community` and `topic`), in the write's own transaction.
//! Reports are seen by moderators only and so do not move the change log. Access rules are the
//! caller's (the web layer's use cases); this module enforces what follows from the data itself:
//! a locked topic takes no posts, a post is edited only by its author within the edit window.

use leerpunt_core::account::may_mail;
use leerpunt_core::community::{
    mention_key, mentions, validate_body, validate_community, validate_reason, validate_topic,
    within_edit_window, Community, MemberProfile, Membership, ModeratorRef, NewCommunity, NewPost,
    NewTopic, Post, Report, ThreadedPost, Topic, MAX_PER_PAGE, POSTS_PER_PAGE,
};
use leerpunt_core::paging::PageRequest;
use leerpunt_core::{CoreError, FieldError};
use sqlx::AnyConnection;

use crate::audit::{self, Origin};
use crate::{changes, conflict_on, now, Result, Store, StoreError};

/// What a mention mail links to and says; the web layer turns it into a subject and a body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MentionLink {
    pub community_slug: String,
    pub topic_id: i64,
    pub topic_title: String,
    pub post_id: i64,
    /// The page of the topic the post is on.
    pub page: u32,
    /// Who wrote the post.
    pub author_name: String,
    /// The display name of the person mentioned.
    pub recipient_name: String,
}

/// Makes the subject and body of the mail to a mentioned person.
pub type MentionMailer<'a> = &'a (dyn Fn(&MentionLink) -> (String, String) + Sync);

/// A page size no larger than the communities' maximum.
fn bounded(page: PageRequest) -> PageRequest {
    PageRequest {
        page: page.page,
        per_page: page.per_page.clamp(1, MAX_PER_PAGE),
    }
}

#[derive(sqlx::FromRow)]
struct CommunityRow {
    id: i64,
    slug: String,
    name_nl: String,
    name_en: String,
    description_nl: String,
    description_en: String,
    #[sqlx(try_from = "crate::Flag")]
    demo: bool,
    created_at: String,
    updated_at: String,
    member_count: i64,
    topic_count: i64,
}

const COMMUNITY_SELECT: &str = "SELECT c.id, c.slug, c.name_nl, c.name_en, c.description_nl, c.description_en, c.demo, c.created_at, c.updated_at, \
    (SELECT COUNT(*) FROM community_members m WHERE m.community_id = c.id) AS member_count, \
    (SELECT COUNT(*) FROM topics t WHERE t.community_id = c.id) AS topic_count FROM communities c";

async fn community_themes(conn: &mut AnyConnection, id: i64) -> Result<Vec<String>> {
    Ok(sqlx::query_scalar(
        "SELECT theme FROM community_themes WHERE community_id = $1 ORDER BY theme",
    )
    .bind(id)
    .fetch_all(conn)
    .await?)
}

async fn with_themes(conn: &mut AnyConnection, r: CommunityRow) -> Result<Community> {
    let themes = community_themes(conn, r.id).await?;
    Ok(Community {
        id: r.id,
        slug: r.slug,
        name_nl: r.name_nl,
        name_en: r.name_en,
        description_nl: r.description_nl,
        description_en: r.description_en,
        themes,
        member_count: r.member_count,
        topic_count: r.topic_count,
        demo: r.demo,
        created_at: r.created_at,
        updated_at: r.updated_at,
    })
}

async fn community_in(conn: &mut AnyConnection, id: i64) -> Result<Community> {
    let row: Option<CommunityRow> = sqlx::query_as(&format!("{COMMUNITY_SELECT} WHERE c.id = $1"))
        .bind(id)
        .fetch_optional(&mut *conn)
        .await?;
    let row = row.ok_or_else(|| StoreError::NotFound(format!("community {id}")))?;
    with_themes(conn, row).await
}

#[derive(sqlx::FromRow)]
struct ReportRow {
    id: i64,
    post_id: i64,
    topic_id: i64,
    topic_title: String,
    post_author: String,
    post_body: String,
    reason: String,
    created_at: String,
}

#[derive(sqlx::FromRow)]
struct TopicRow {
    id: i64,
    community_id: i64,
    community_slug: String,
    title: String,
    author_id: Option<i64>,
    author_name: Option<String>,
    #[sqlx(try_from = "crate::Flag")]
    locked: bool,
    #[sqlx(try_from = "crate::Flag")]
    demo: bool,
    post_count: i64,
    created_at: String,
    last_post_at: String,
}

impl From<TopicRow> for Topic {
    fn from(r: TopicRow) -> Self {
        Topic {
            id: r.id,
            community_id: r.community_id,
            community_slug: r.community_slug,
            title: r.title,
            author_id: r.author_id,
            author_name: r.author_name.unwrap_or_default(),
            locked: r.locked,
            demo: r.demo,
            reply_count: (r.post_count - 1).max(0),
            created_at: r.created_at,
            last_post_at: r.last_post_at,
        }
    }
}

const TOPIC_SELECT: &str = "SELECT t.id, t.community_id, c.slug AS community_slug, t.title, t.author_id, \
    (SELECT p.author_name FROM posts p WHERE p.topic_id = t.id ORDER BY p.id LIMIT 1) AS author_name, \
    t.locked, t.demo, (SELECT COUNT(*) FROM posts p WHERE p.topic_id = t.id) AS post_count, t.created_at, t.last_post_at \
    FROM topics t JOIN communities c ON c.id = t.community_id";

async fn topic_in(conn: &mut AnyConnection, id: i64) -> Result<Topic> {
    let row: Option<TopicRow> = sqlx::query_as(&format!("{TOPIC_SELECT} WHERE t.id = $1"))
        .bind(id)
        .fetch_optional(conn)
        .await?;
    row.map(Into::into)
        .ok_or_else(|| StoreError::NotFound(format!("topic {id}")))
}

#[derive(sqlx::FromRow)]
struct PostRow {
    id: i64,
    topic_id: i64,
    parent_id: Option<i64>,
    author_id: Option<i64>,
    author_name: String,
    body: String,
    #[sqlx(try_from = "crate::Flag")]
    deleted: bool,
    hidden_reason: Option<String>,
    #[sqlx(try_from = "crate::Flag")]
    demo: bool,
    created_at: String,
    edited_at: Option<String>,
}

impl From<PostRow> for Post {
    fn from(r: PostRow) -> Self {
        Post {
            id: r.id,
            topic_id: r.topic_id,
            parent_id: r.parent_id,
            author_id: r.author_id,
            author_name: r.author_name,
            body: r.body,
            deleted: r.deleted,
            hidden_reason: r.hidden_reason,
            demo: r.demo,
            created_at: r.created_at,
            edited_at: r.edited_at,
        }
    }
}

const POST_COLUMNS: &str = "p.id, p.topic_id, p.parent_id, p.author_id, p.author_name, p.body, p.deleted, p.hidden_reason, p.demo, p.created_at, p.edited_at";

async fn post_in(conn: &mut AnyConnection, id: i64) -> Result<Post> {
    let row: Option<PostRow> = sqlx::query_as(&format!(
        "SELECT {POST_COLUMNS} FROM posts p WHERE p.id = $1"
    ))
    .bind(id)
    .fetch_optional(conn)
    .await?;
    row.map(Into::into)
        .ok_or_else(|| StoreError::NotFound(format!("post {id}")))
}

/// The posts of a topic in reading order: each thread (a post without a parent) followed by
/// every reply under it, oldest first. A recursive query, as portable as the rest.
const THREAD_ORDER: &str = "WITH RECURSIVE thread(id, root, depth) AS ( \
        SELECT id, id, 0 FROM posts WHERE topic_id = $1 AND parent_id IS NULL \
        UNION ALL \
        SELECT p.id, t.root, t.depth + 1 FROM posts p JOIN thread t ON p.parent_id = t.id \
    )";

#[derive(sqlx::FromRow)]
struct ThreadedRow {
    #[sqlx(flatten)]
    post: PostRow,
    depth: i64,
    parent_author: Option<String>,
}

/// The position (0-based) of a post in its topic's reading order.
async fn position(conn: &mut AnyConnection, topic_id: i64, post_id: i64) -> Result<i64> {
    let ids: Vec<i64> = sqlx::query_scalar(&format!(
        "{THREAD_ORDER} SELECT t.id FROM thread t ORDER BY t.root, t.depth > 0, t.id"
    ))
    .bind(topic_id)
    .fetch_all(conn)
    .await?;
    Ok(ids.iter().position(|id| *id == post_id).unwrap_or(0) as i64)
}

/// The name shown on an account's posts: its display name (an account without one gets a
/// neutral name with its number; e-mail addresses are never shown).
async fn display_name(conn: &mut AnyConnection, user_id: i64) -> Result<String> {
    let name: Option<String> = sqlx::query_scalar("SELECT name FROM users WHERE id = $1")
        .bind(user_id)
        .fetch_optional(conn)
        .await?;
    let name = name.ok_or_else(|| StoreError::NotFound(format!("user {user_id}")))?;
    let name = name.trim();
    Ok(if name.is_empty() {
        format!("#{user_id}")
    } else {
        name.to_owned()
    })
}

/// The account ids of the moderators a form names; unknown ones are a field error.
async fn resolve_moderators(conn: &mut AnyConnection, refs: &[ModeratorRef]) -> Result<Vec<i64>> {
    let mut ids = Vec::new();
    let mut unknown = Vec::new();
    for r in refs {
        let id: Option<i64> = match r {
            ModeratorRef::Id(id) => {
                sqlx::query_scalar("SELECT id FROM users WHERE id = $1")
                    .bind(id)
                    .fetch_optional(&mut *conn)
                    .await?
            }
            ModeratorRef::Email(email) => {
                let email = leerpunt_core::account::normalise_email(email).unwrap_or_default();
                sqlx::query_scalar("SELECT id FROM users WHERE email = $1")
                    .bind(email)
                    .fetch_optional(&mut *conn)
                    .await?
            }
        };
        match id {
            Some(id) if !ids.contains(&id) => ids.push(id),
            Some(_) => {}
            None => unknown.push(match r {
                ModeratorRef::Id(id) => id.to_string(),
                ModeratorRef::Email(e) => e.clone(),
            }),
        }
    }
    if unknown.is_empty() {
        Ok(ids)
    } else {
        Err(CoreError::invalid(
            "moderators",
            format!("no account known for {}", unknown.join(", ")),
        )
        .into())
    }
}

/// Makes these accounts the moderators of a community (members too); the others lose the flag.
async fn set_moderators(conn: &mut AnyConnection, community_id: i64, ids: &[i64]) -> Result<()> {
    sqlx::query("UPDATE community_members SET moderator = 0 WHERE community_id = $1")
        .bind(community_id)
        .execute(&mut *conn)
        .await?;
    let at = now();
    for id in ids {
        sqlx::query(
            "INSERT INTO community_members (community_id, user_id, moderator, joined_at) VALUES ($1, $2, 1, $3) \
             ON CONFLICT (community_id, user_id) DO UPDATE SET moderator = 1",
        )
        .bind(community_id)
        .bind(id)
        .bind(&at)
        .execute(&mut *conn)
        .await?;
    }
    Ok(())
}

async fn set_themes(conn: &mut AnyConnection, community_id: i64, themes: &[String]) -> Result<()> {
    sqlx::query("DELETE FROM community_themes WHERE community_id = $1")
        .bind(community_id)
        .execute(&mut *conn)
        .await?;
    for theme in themes {
        sqlx::query(
            "INSERT INTO community_themes (community_id, theme) VALUES ($1, $2) ON CONFLICT DO NOTHING",
        )
        .bind(community_id)
        .bind(theme)
        .execute(&mut *conn)
        .await?;
    }
    Ok(())
}

fn hour_ago() -> String {
    (time::OffsetDateTime::now_utc() - time::Duration::hours(1))
        .replace_nanosecond(0)
        .ok()
        .and_then(|t| {
            t.format(&time::format_description::well_known::Rfc3339)
                .ok()
        })
        .unwrap_or_default()
}

/// Queues a mail to every member of the community a post mentions (never its author, and never
/// more than the hourly mail limit of an address allows), in the post's transaction.
async fn notify_mentions(
    conn: &mut AnyConnection,
    topic: &Topic,
    post_id: i64,
    author_id: i64,
    author_name: &str,
    body: &str,
    mailer: MentionMailer<'_>,
) -> Result<usize> {
    let keys = mentions(body);
    if keys.is_empty() {
        return Ok(0);
    }
    let members: Vec<(i64, String, String)> = sqlx::query_as(
        "SELECT u.id, u.name, u.email FROM community_members m JOIN users u ON u.id = m.user_id \
         WHERE m.community_id = $1 AND u.confirmed_at IS NOT NULL ORDER BY u.id",
    )
    .bind(topic.community_id)
    .fetch_all(&mut *conn)
    .await?;
    let recipients: Vec<&(i64, String, String)> = members
        .iter()
        .filter(|(id, name, _)| *id != author_id && keys.contains(&mention_key(name)))
        .collect();
    if recipients.is_empty() {
        return Ok(0);
    }
    let page = position(conn, topic.id, post_id).await? / i64::from(POSTS_PER_PAGE) + 1;
    let since = hour_ago();
    let at = now();
    let mut sent = 0;
    for (_, name, email) in recipients {
        let recent: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM outbox WHERE to_addr = $1 AND created_at > $2",
        )
        .bind(email)
        .bind(&since)
        .fetch_one(&mut *conn)
        .await?;
        if !may_mail(recent) {
            continue;
        }
        let (subject, text) = mailer(&MentionLink {
            community_slug: topic.community_slug.clone(),
            topic_id: topic.id,
            topic_title: topic.title.clone(),
            post_id,
            page: u32::try_from(page).unwrap_or(1),
            author_name: author_name.to_owned(),
            recipient_name: name.clone(),
        });
        sqlx::query(
            "INSERT INTO outbox (to_addr, subject, body, created_at, next_attempt_at) VALUES ($1, $2, $3, $4, $4)",
        )
        .bind(email)
        .bind(subject)
        .bind(text)
        .bind(&at)
        .execute(&mut *conn)
        .await?;
        sent += 1;
    }
    Ok(sent)
}

/// Refuses a post in a locked topic.
fn refuse_locked(topic: &Topic) -> Result<()> {
    if topic.locked {
        Err(CoreError::invalid("topic", "the topic is locked").into())
    } else {
        Ok(())
    }
}

impl Store {
    /// Creates a community with its themes and moderators.
    pub async fn create_community(
        &self,
        input: &NewCommunity,
        origin: &Origin,
    ) -> Result<Community> {
        validate_community(input)?;
        let slug = input.slug_or_made();
        let mut tx = self.write_tx().await?;
        let moderators = resolve_moderators(&mut tx, &input.moderators).await?;
        let at = now();
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO communities (slug, name_nl, name_en, description_nl, description_en, created_at, updated_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $6) RETURNING id",
        )
        .bind(&slug)
        .bind(input.name_nl.trim())
        .bind(input.name_en.trim())
        .bind(input.description_nl.trim())
        .bind(input.description_en.trim())
        .bind(&at)
        .fetch_one(&mut *tx)
        .await
        .map_err(|e| conflict_on(e, || format!("community {slug}")))?;
        set_themes(&mut tx, id, &input.themes).await?;
        set_moderators(&mut tx, id, &moderators).await?;
        audit::record(
            &mut tx,
            origin,
            "community.create",
            "community",
            Some(id),
            &slug,
        )
        .await?;
        changes::record(&mut tx, "community", id, "create").await?;
        let community = community_in(&mut tx, id).await?;
        tx.commit().await?;
        Ok(community)
    }

    /// Replaces a community's names, descriptions, themes and moderators; the slug stays.
    pub async fn update_community(
        &self,
        id: i64,
        input: &NewCommunity,
        origin: &Origin,
    ) -> Result<Community> {
        let mut tx = self.write_tx().await?;
        let existing = community_in(&mut tx, id).await?;
        let input = NewCommunity {
            slug: Some(existing.slug.clone()),
            ..input.clone()
        };
        validate_community(&input)?;
        let moderators = resolve_moderators(&mut tx, &input.moderators).await?;
        sqlx::query(
            "UPDATE communities SET name_nl = $1, name_en = $2, description_nl = $3, description_en = $4, updated_at = $5 WHERE id = $6",
        )
        .bind(input.name_nl.trim())
        .bind(input.name_en.trim())
        .bind(input.description_nl.trim())
        .bind(input.description_en.trim())
        .bind(now())
        .bind(id)
        .execute(&mut *tx)
        .await?;
        set_themes(&mut tx, id, &input.themes).await?;
        set_moderators(&mut tx, id, &moderators).await?;
        audit::record(
            &mut tx,
            origin,
            "community.update",
            "community",
            Some(id),
            &existing.slug,
        )
        .await?;
        changes::record(&mut tx, "community", id, "update").await?;
        let community = community_in(&mut tx, id).await?;
        tx.commit().await?;
        Ok(community)
    }

    /// A page of communities by Dutch name, with their member counts, and the total.
    pub async fn communities(&self, page: PageRequest) -> Result<(Vec<Community>, i64)> {
        let page = bounded(page);
        let mut conn = self.pool.acquire().await?;
        let total: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM communities")
            .fetch_one(&mut *conn)
            .await?;
        let rows: Vec<CommunityRow> = sqlx::query_as(&format!(
            "{COMMUNITY_SELECT} ORDER BY c.name_nl, c.id LIMIT $1 OFFSET $2"
        ))
        .bind(i64::from(page.per_page))
        .bind(page.offset())
        .fetch_all(&mut *conn)
        .await?;
        let mut out = Vec::with_capacity(rows.len());
        for row in rows {
            out.push(with_themes(&mut conn, row).await?);
        }
        Ok((out, total))
    }

    /// One community by slug.
    pub async fn community(&self, slug: &str) -> Result<Community> {
        let mut conn = self.pool.acquire().await?;
        let row: Option<CommunityRow> =
            sqlx::query_as(&format!("{COMMUNITY_SELECT} WHERE c.slug = $1"))
                .bind(slug)
                .fetch_optional(&mut *conn)
                .await?;
        let row = row.ok_or_else(|| StoreError::NotFound(format!("community {slug}")))?;
        with_themes(&mut conn, row).await
    }

    /// One community by id.
    pub async fn community_by_id(&self, id: i64) -> Result<Community> {
        let mut conn = self.pool.acquire().await?;
        community_in(&mut conn, id).await
    }

    /// Makes an account a member. Returns false (and writes nothing) when it already was one.
    pub async fn join_community(
        &self,
        community_id: i64,
        user_id: i64,
        origin: &Origin,
    ) -> Result<bool> {
        let mut tx = self.write_tx().await?;
        community_in(&mut tx, community_id).await?;
        let added = sqlx::query(
            "INSERT INTO community_members (community_id, user_id, moderator, joined_at) VALUES ($1, $2, 0, $3) \
             ON CONFLICT (community_id, user_id) DO NOTHING",
        )
        .bind(community_id)
        .bind(user_id)
        .bind(now())
        .execute(&mut *tx)
        .await?
        .rows_affected()
            > 0;
        if added {
            audit::record(
                &mut tx,
                origin,
                "community.join",
                "community",
                Some(community_id),
                "",
            )
            .await?;
            changes::record(&mut tx, "community", community_id, "update").await?;
        }
        tx.commit().await?;
        Ok(added)
    }

    /// Ends an account's membership (a moderator stops moderating). Returns false (and writes
    /// nothing) when it was not a member.
    pub async fn leave_community(
        &self,
        community_id: i64,
        user_id: i64,
        origin: &Origin,
    ) -> Result<bool> {
        let mut tx = self.write_tx().await?;
        community_in(&mut tx, community_id).await?;
        let removed =
            sqlx::query("DELETE FROM community_members WHERE community_id = $1 AND user_id = $2")
                .bind(community_id)
                .bind(user_id)
                .execute(&mut *tx)
                .await?
                .rows_affected()
                > 0;
        if removed {
            audit::record(
                &mut tx,
                origin,
                "community.leave",
                "community",
                Some(community_id),
                "",
            )
            .await?;
            changes::record(&mut tx, "community", community_id, "update").await?;
        }
        tx.commit().await?;
        Ok(removed)
    }

    /// Makes a member a moderator of a community, or not (an account that is not yet a member
    /// becomes one).
    pub async fn set_moderator(
        &self,
        community_id: i64,
        user_id: i64,
        moderator: bool,
        origin: &Origin,
    ) -> Result<()> {
        let mut tx = self.write_tx().await?;
        community_in(&mut tx, community_id).await?;
        sqlx::query(
            "INSERT INTO community_members (community_id, user_id, moderator, joined_at) VALUES ($1, $2, $3, $4) \
             ON CONFLICT (community_id, user_id) DO UPDATE SET moderator = excluded.moderator",
        )
        .bind(community_id)
        .bind(user_id)
        .bind(i64::from(moderator))
        .bind(now())
        .execute(&mut *tx)
        .await
        .map_err(|e| match &e {
            sqlx::Error::Database(db) if db.is_foreign_key_violation() => {
                StoreError::NotFound(format!("user {user_id}"))
            }
            _ => StoreError::Db(e),
        })?;
        audit::record(
            &mut tx,
            origin,
            "community.moderator",
            "community",
            Some(community_id),
            &format!("user {user_id}: {moderator}"),
        )
        .await?;
        changes::record(&mut tx, "community", community_id, "update").await?;
        tx.commit().await?;
        Ok(())
    }

    /// An account's place in a community.
    pub async fn membership(&self, community_id: i64, user_id: i64) -> Result<Membership> {
        let row: Option<crate::Flag> = sqlx::query_scalar(
            "SELECT moderator FROM community_members WHERE community_id = $1 AND user_id = $2",
        )
        .bind(community_id)
        .bind(user_id)
        .fetch_optional(&self.pool)
        .await?;
        Ok(Membership {
            member: row.is_some(),
            moderator: row.is_some_and(bool::from),
        })
    }

    /// The members who agreed to a public profile, moderators first, at most `limit`.
    pub async fn community_people(
        &self,
        community_id: i64,
        limit: u32,
    ) -> Result<Vec<MemberProfile>> {
        let rows: Vec<(i64, String, String, crate::Flag)> = sqlx::query_as(
            "SELECT p.id, p.name, p.role, m.moderator FROM community_members m \
             JOIN people p ON p.user_id = m.user_id \
             WHERE m.community_id = $1 AND p.public_consent = 1 \
             ORDER BY m.moderator DESC, p.name, p.id LIMIT $2",
        )
        .bind(community_id)
        .bind(i64::from(limit.min(MAX_PER_PAGE)))
        .fetch_all(&self.pool)
        .await?;
        Ok(rows
            .into_iter()
            .map(
                |(person_id, name, role, crate::Flag(moderator))| MemberProfile {
                    person_id,
                    name,
                    role,
                    moderator,
                },
            )
            .collect())
    }

    /// The e-mail addresses of a community's moderators (for the community form).
    pub async fn community_moderators(&self, community_id: i64) -> Result<Vec<String>> {
        Ok(sqlx::query_scalar(
            "SELECT u.email FROM community_members m JOIN users u ON u.id = m.user_id \
             WHERE m.community_id = $1 AND m.moderator = 1 ORDER BY u.email",
        )
        .bind(community_id)
        .fetch_all(&self.pool)
        .await?)
    }

    /// A page of a community's topics, most recent activity first, and the total.
    pub async fn topics(&self, community_id: i64, page: PageRequest) -> Result<(Vec<Topic>, i64)> {
        let page = bounded(page);
        let total: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM topics WHERE community_id = $1")
            .bind(community_id)
            .fetch_one(&self.pool)
            .await?;
        let rows: Vec<TopicRow> = sqlx::query_as(&format!(
            "{TOPIC_SELECT} WHERE t.community_id = $1 ORDER BY t.last_post_at DESC, (SELECT MAX(p.id) FROM posts p WHERE p.topic_id = t.id) DESC, t.id DESC LIMIT $2 OFFSET $3"
        ))
        .bind(community_id)
        .bind(i64::from(page.per_page))
        .bind(page.offset())
        .fetch_all(&self.pool)
        .await?;
        Ok((rows.into_iter().map(Into::into).collect(), total))
    }

    /// One topic by id.
    pub async fn topic(&self, id: i64) -> Result<Topic> {
        let mut conn = self.pool.acquire().await?;
        topic_in(&mut conn, id).await
    }

    /// Starts a topic with its opening post, written by `author_id`; mails the members the
    /// post mentions.
    pub async fn create_topic(
        &self,
        community_id: i64,
        author_id: i64,
        input: &NewTopic,
        mailer: MentionMailer<'_>,
        origin: &Origin,
    ) -> Result<Topic> {
        validate_topic(input)?;
        let mut tx = self.write_tx().await?;
        community_in(&mut tx, community_id).await?;
        let name = display_name(&mut tx, author_id).await?;
        let at = now();
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO topics (community_id, title, author_id, created_at, last_post_at) VALUES ($1, $2, $3, $4, $4) RETURNING id",
        )
        .bind(community_id)
        .bind(input.title.trim())
        .bind(author_id)
        .bind(&at)
        .fetch_one(&mut *tx)
        .await?;
        let post_id: i64 = sqlx::query_scalar(
            "INSERT INTO posts (topic_id, author_id, author_name, body, created_at) VALUES ($1, $2, $3, $4, $5) RETURNING id",
        )
        .bind(id)
        .bind(author_id)
        .bind(&name)
        .bind(&input.body)
        .bind(&at)
        .fetch_one(&mut *tx)
        .await?;
        let topic = topic_in(&mut tx, id).await?;
        notify_mentions(
            &mut tx,
            &topic,
            post_id,
            author_id,
            &name,
            &input.body,
            mailer,
        )
        .await?;
        audit::record(&mut tx, origin, "community.topic", "topic", Some(id), "").await?;
        changes::record(&mut tx, "topic", id, "create").await?;
        tx.commit().await?;
        Ok(topic)
    }

    /// Adds a reply to a topic, to the topic as a whole or to one of its posts (a reply to the
    /// opening post is a reply to the topic). Refused on a locked topic. Mails the members the
    /// post mentions.
    pub async fn reply(
        &self,
        topic_id: i64,
        author_id: i64,
        input: &NewPost,
        mailer: MentionMailer<'_>,
        origin: &Origin,
    ) -> Result<Post> {
        validate_body(&input.body)?;
        let mut tx = self.write_tx().await?;
        let topic = topic_in(&mut tx, topic_id).await?;
        refuse_locked(&topic)?;
        let opening: Option<i64> =
            sqlx::query_scalar("SELECT MIN(id) FROM posts WHERE topic_id = $1")
                .bind(topic_id)
                .fetch_one(&mut *tx)
                .await?;
        let parent = match input.parent_id {
            None => None,
            Some(p) if Some(p) == opening => None,
            Some(p) => {
                let in_topic: Option<i64> =
                    sqlx::query_scalar("SELECT id FROM posts WHERE id = $1 AND topic_id = $2")
                        .bind(p)
                        .bind(topic_id)
                        .fetch_optional(&mut *tx)
                        .await?;
                if in_topic.is_none() {
                    return Err(CoreError::Invalid(vec![FieldError::new(
                        "parent_id",
                        "the post replied to is not part of this topic",
                    )])
                    .into());
                }
                Some(p)
            }
        };
        let name = display_name(&mut tx, author_id).await?;
        let at = now();
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO posts (topic_id, parent_id, author_id, author_name, body, created_at) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
        )
        .bind(topic_id)
        .bind(parent)
        .bind(author_id)
        .bind(&name)
        .bind(&input.body)
        .bind(&at)
        .fetch_one(&mut *tx)
        .await?;
        sqlx::query("UPDATE topics SET last_post_at = $1 WHERE id = $2")
            .bind(&at)
            .bind(topic_id)
            .execute(&mut *tx)
            .await?;
        notify_mentions(&mut tx, &topic, id, author_id, &name, &input.body, mailer).await?;
        audit::record(
            &mut tx,
            origin,
            "community.reply",
            "post",
            Some(id),
            &format!("topic {topic_id}"),
        )
        .await?;
        changes::record(&mut tx, "topic", topic_id, "update").await?;
        let post = post_in(&mut tx, id).await?;
        tx.commit().await?;
        Ok(post)
    }

    /// A page of a topic's posts in reading order (threads with their replies), and the total.
    pub async fn posts(
        &self,
        topic_id: i64,
        page: PageRequest,
    ) -> Result<(Vec<ThreadedPost>, i64)> {
        let page = bounded(page);
        let total: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM posts WHERE topic_id = $1")
            .bind(topic_id)
            .fetch_one(&self.pool)
            .await?;
        let rows: Vec<ThreadedRow> = sqlx::query_as(&format!(
            "{THREAD_ORDER} SELECT {POST_COLUMNS}, t.depth, pp.author_name AS parent_author \
             FROM thread t JOIN posts p ON p.id = t.id LEFT JOIN posts pp ON pp.id = p.parent_id \
             ORDER BY t.root, t.depth > 0, t.id LIMIT $2 OFFSET $3"
        ))
        .bind(topic_id)
        .bind(i64::from(page.per_page))
        .bind(page.offset())
        .fetch_all(&self.pool)
        .await?;
        Ok((
            rows.into_iter()
                .map(|r| ThreadedPost {
                    depth: u8::from(r.depth > 0),
                    reply_to: if r.depth > 1 { r.parent_author } else { None },
                    post: r.post.into(),
                })
                .collect(),
            total,
        ))
    }

    /// The page of its topic a post is on (pages of [`POSTS_PER_PAGE`] in reading order).
    pub async fn post_page(&self, topic_id: i64, post_id: i64) -> Result<u32> {
        let mut conn = self.pool.acquire().await?;
        let at = position(&mut conn, topic_id, post_id).await?;
        Ok(u32::try_from(at / i64::from(POSTS_PER_PAGE) + 1).unwrap_or(1))
    }

    /// One post by id.
    pub async fn post(&self, id: i64) -> Result<Post> {
        let mut conn = self.pool.acquire().await?;
        post_in(&mut conn, id).await
    }

    /// Replaces the text of a post by its author, only within the edit window, and not in a
    /// locked topic or of a deleted or hidden post.
    pub async fn edit_post(
        &self,
        id: i64,
        author_id: i64,
        body: &str,
        origin: &Origin,
    ) -> Result<Post> {
        validate_body(body)?;
        let mut tx = self.write_tx().await?;
        let post = post_in(&mut tx, id).await?;
        if post.author_id != Some(author_id) {
            return Err(CoreError::invalid("body", "only the author edits a post").into());
        }
        if post.deleted || post.hidden_reason.is_some() {
            return Err(
                CoreError::invalid("body", "a deleted or hidden post is not edited").into(),
            );
        }
        if !within_edit_window(&post.created_at, time::OffsetDateTime::now_utc()) {
            return Err(CoreError::invalid("body", "the time to edit this post has passed").into());
        }
        let topic = topic_in(&mut tx, post.topic_id).await?;
        refuse_locked(&topic)?;
        sqlx::query("UPDATE posts SET body = $1, edited_at = $2 WHERE id = $3")
            .bind(body)
            .bind(now())
            .bind(id)
            .execute(&mut *tx)
            .await?;
        audit::record(&mut tx, origin, "community.edit", "post", Some(id), "").await?;
        changes::record(&mut tx, "topic", post.topic_id, "update").await?;
        let post = post_in(&mut tx, id).await?;
        tx.commit().await?;
        Ok(post)
    }

    /// Deletes a post by its author: it keeps its place in the thread, its text is cleared.
    pub async fn delete_post(&self, id: i64, author_id: i64, origin: &Origin) -> Result<Post> {
        let mut tx = self.write_tx().await?;
        let post = post_in(&mut tx, id).await?;
        if post.author_id != Some(author_id) {
            return Err(CoreError::invalid("post", "only the author deletes a post").into());
        }
        if !post.deleted {
            sqlx::query("UPDATE posts SET body = '', deleted = 1, edited_at = $1 WHERE id = $2")
                .bind(now())
                .bind(id)
                .execute(&mut *tx)
                .await?;
            audit::record(&mut tx, origin, "community.delete", "post", Some(id), "").await?;
            changes::record(&mut tx, "topic", post.topic_id, "update").await?;
        }
        let post = post_in(&mut tx, id).await?;
        tx.commit().await?;
        Ok(post)
    }

    /// Hides a post with the moderator's reason (shown instead of the text); its open reports
    /// are resolved.
    pub async fn hide_post(&self, id: i64, reason: &str, origin: &Origin) -> Result<Post> {
        validate_reason(reason)?;
        let mut tx = self.write_tx().await?;
        let post = post_in(&mut tx, id).await?;
        let at = now();
        sqlx::query("UPDATE posts SET hidden_reason = $1 WHERE id = $2")
            .bind(reason.trim())
            .bind(id)
            .execute(&mut *tx)
            .await?;
        sqlx::query(
            "UPDATE post_reports SET resolved_at = $1 WHERE post_id = $2 AND resolved_at IS NULL",
        )
        .bind(&at)
        .bind(id)
        .execute(&mut *tx)
        .await?;
        audit::record(
            &mut tx,
            origin,
            "community.hide",
            "post",
            Some(id),
            reason.trim(),
        )
        .await?;
        changes::record(&mut tx, "topic", post.topic_id, "update").await?;
        let post = post_in(&mut tx, id).await?;
        tx.commit().await?;
        Ok(post)
    }

    /// Locks a topic (no more posts) or unlocks it.
    pub async fn lock_topic(&self, id: i64, locked: bool, origin: &Origin) -> Result<Topic> {
        let mut tx = self.write_tx().await?;
        let topic = topic_in(&mut tx, id).await?;
        if topic.locked != locked {
            sqlx::query("UPDATE topics SET locked = $1 WHERE id = $2")
                .bind(i64::from(locked))
                .bind(id)
                .execute(&mut *tx)
                .await?;
            let action = if locked {
                "community.lock"
            } else {
                "community.unlock"
            };
            audit::record(&mut tx, origin, action, "topic", Some(id), "").await?;
            changes::record(&mut tx, "topic", id, "update").await?;
        }
        let topic = topic_in(&mut tx, id).await?;
        tx.commit().await?;
        Ok(topic)
    }

    /// Reports a post to the community's moderators. A second open report of the same post by
    /// the same person adds nothing. Returns the report's id.
    pub async fn report_post(
        &self,
        post_id: i64,
        reporter_id: i64,
        reason: &str,
        origin: &Origin,
    ) -> Result<i64> {
        validate_reason(reason)?;
        let mut tx = self.write_tx().await?;
        post_in(&mut tx, post_id).await?;
        let open: Option<i64> = sqlx::query_scalar(
            "SELECT id FROM post_reports WHERE post_id = $1 AND reporter_id = $2 AND resolved_at IS NULL",
        )
        .bind(post_id)
        .bind(reporter_id)
        .fetch_optional(&mut *tx)
        .await?;
        if let Some(id) = open {
            return Ok(id);
        }
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO post_reports (post_id, reporter_id, reason, created_at) VALUES ($1, $2, $3, $4) RETURNING id",
        )
        .bind(post_id)
        .bind(reporter_id)
        .bind(reason.trim())
        .bind(now())
        .fetch_one(&mut *tx)
        .await?;
        audit::record(
            &mut tx,
            origin,
            "community.report",
            "post",
            Some(post_id),
            reason.trim(),
        )
        .await?;
        tx.commit().await?;
        Ok(id)
    }

    /// A page of the open reports of a community's posts, newest first, and the total.
    pub async fn community_reports(
        &self,
        community_id: i64,
        page: PageRequest,
    ) -> Result<(Vec<Report>, i64)> {
        let page = bounded(page);
        let total: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM post_reports r JOIN posts p ON p.id = r.post_id JOIN topics t ON t.id = p.topic_id \
             WHERE t.community_id = $1 AND r.resolved_at IS NULL",
        )
        .bind(community_id)
        .fetch_one(&self.pool)
        .await?;
        let rows: Vec<ReportRow> = sqlx::query_as(
            "SELECT r.id, p.id AS post_id, t.id AS topic_id, t.title AS topic_title, p.author_name AS post_author, p.body AS post_body, r.reason, r.created_at \
             FROM post_reports r JOIN posts p ON p.id = r.post_id JOIN topics t ON t.id = p.topic_id \
             WHERE t.community_id = $1 AND r.resolved_at IS NULL ORDER BY r.id DESC LIMIT $2 OFFSET $3",
        )
        .bind(community_id)
        .bind(i64::from(page.per_page))
        .bind(page.offset())
        .fetch_all(&self.pool)
        .await?;
        Ok((
            rows.into_iter()
                .map(|r| Report {
                    id: r.id,
                    post_id: r.post_id,
                    topic_id: r.topic_id,
                    topic_title: r.topic_title,
                    post_author: r.post_author,
                    post_body: r.post_body,
                    reason: r.reason,
                    created_at: r.created_at,
                })
                .collect(),
            total,
        ))
    }
}

fn timestamp(t: time::OffsetDateTime) -> String {
    t.replace_nanosecond(0)
        .ok()
        .and_then(|t| {
            t.format(&time::format_description::well_known::Rfc3339)
                .ok()
        })
        .unwrap_or_default()
}

/// Writes the demo communities and their discussions (marked `demo = 1`, authors by name
/// without an account), unless any community exists: then nothing is written. Times are set
/// back from now as the seed file says, so the demo looks alive whenever it is loaded.
pub(crate) async fn seed_demo(
    conn: &mut AnyConnection,
    communities: &[crate::seed::DemoCommunity],
) -> Result<usize> {
    let existing: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM communities")
        .fetch_one(&mut *conn)
        .await?;
    if existing > 0 {
        return Ok(0);
    }
    let start = time::OffsetDateTime::now_utc();
    for c in communities {
        let oldest = c.topic.iter().map(|t| t.days_ago).max().unwrap_or(0) + 7;
        let created = timestamp(start - time::Duration::days(oldest));
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO communities (slug, name_nl, name_en, description_nl, description_en, demo, created_at, updated_at) \
             VALUES ($1, $2, $3, $4, $5, 1, $6, $6) RETURNING id",
        )
        .bind(&c.slug)
        .bind(c.name_nl.trim())
        .bind(c.name_en.trim())
        .bind(c.description_nl.trim())
        .bind(c.description_en.trim())
        .bind(&created)
        .fetch_one(&mut *conn)
        .await?;
        set_themes(conn, id, &c.themes).await?;
        for t in &c.topic {
            let opened = start - time::Duration::days(t.days_ago);
            let last = t.reply.iter().map(|r| r.hours).max().unwrap_or(0);
            let topic_id: i64 = sqlx::query_scalar(
                "INSERT INTO topics (community_id, title, demo, created_at, last_post_at) VALUES ($1, $2, 1, $3, $4) RETURNING id",
            )
            .bind(id)
            .bind(t.title.trim())
            .bind(timestamp(opened))
            .bind(timestamp(opened + time::Duration::hours(last)))
            .fetch_one(&mut *conn)
            .await?;
            sqlx::query(
                "INSERT INTO posts (topic_id, author_name, body, demo, created_at) VALUES ($1, $2, $3, 1, $4)",
            )
            .bind(topic_id)
            .bind(&t.author)
            .bind(t.body.trim())
            .bind(timestamp(opened))
            .execute(&mut *conn)
            .await?;
            let mut ids: Vec<i64> = Vec::with_capacity(t.reply.len());
            for r in &t.reply {
                let parent = r
                    .reply_to
                    .and_then(|n| n.checked_sub(1))
                    .and_then(|i| ids.get(i).copied());
                let post_id: i64 = sqlx::query_scalar(
                    "INSERT INTO posts (topic_id, parent_id, author_name, body, demo, created_at) VALUES ($1, $2, $3, $4, 1, $5) RETURNING id",
                )
                .bind(topic_id)
                .bind(parent)
                .bind(&r.author)
                .bind(r.body.trim())
                .bind(timestamp(opened + time::Duration::hours(r.hours)))
                .fetch_one(&mut *conn)
                .await?;
                ids.push(post_id);
            }
            changes::record(conn, "topic", topic_id, "create").await?;
        }
        changes::record(conn, "community", id, "create").await?;
    }
    Ok(communities.len())
}
