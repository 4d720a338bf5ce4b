//! The rights of the person behind an account: a copy of everything held about them, and erasure.

use super::users::user_in;
use crate::audit::{self, Origin};
use crate::{Result, Store};

/// A post as a person's data export lists it.
#[derive(serde::Serialize, sqlx::FromRow)]
struct PostExport {
    id: i64,
    topic: i64,
    topic_title: String,
    body: String,
    #[sqlx(try_from = "crate::Flag")]
    deleted: bool,
    created_at: String,
    edited_at: Option<String>,
}

impl Store {
    /// Everything Leerpunt holds about an account, as one JSON document.
    pub async fn export_user_data(&self, user_id: i64) -> Result<serde_json::Value> {
        let user = self.user(user_id).await?;
        let editor_of = self.editor_of_codes(user_id).await?;
        let tokens = self.api_tokens(user_id).await?;
        let profile = self.profile(user_id).await?;
        let sessions: Vec<(String, String)> = sqlx::query_as(
            "SELECT created_at, expires_at FROM sessions WHERE user_id = $1 ORDER BY id",
        )
        .bind(user_id)
        .fetch_all(&self.pool)
        .await?;
        let practices: Vec<(String, String, String)> = sqlx::query_as(
            "SELECT slug, title, review FROM practices WHERE created_by = $1 ORDER BY id",
        )
        .bind(user_id)
        .fetch_all(&self.pool)
        .await?;
        let revisions: Vec<(String, i64, String, String)> = sqlx::query_as(
            "SELECT p.slug, r.number, r.review, r.created_at FROM practice_revisions r JOIN practices p ON p.id = r.practice_id WHERE r.author_id = $1 ORDER BY r.id",
        )
        .bind(user_id)
        .fetch_all(&self.pool)
        .await?;
        let memberships: Vec<(String, crate::Flag, String)> = sqlx::query_as(
            "SELECT c.slug, m.moderator, m.joined_at FROM community_members m JOIN communities c ON c.id = m.community_id WHERE m.user_id = $1 ORDER BY c.slug",
        )
        .bind(user_id)
        .fetch_all(&self.pool)
        .await?;
        let posts: Vec<PostExport> = sqlx::query_as(
            "SELECT p.id, t.id AS topic, t.title AS topic_title, p.body, p.deleted, p.created_at, p.edited_at FROM posts p JOIN topics t ON t.id = p.topic_id WHERE p.author_id = $1 ORDER BY p.id",
        )
        .bind(user_id)
        .fetch_all(&self.pool)
        .await?;
        let reports: Vec<(i64, String, String)> = sqlx::query_as(
            "SELECT post_id, reason, created_at FROM post_reports WHERE reporter_id = $1 ORDER BY id",
        )
        .bind(user_id)
        .fetch_all(&self.pool)
        .await?;
        let audit = self.audit_for_user(user_id).await?;
        let mail: Vec<(String, String, Option<String>)> = sqlx::query_as(
            "SELECT subject, created_at, sent_at FROM outbox WHERE to_addr = $1 ORDER BY id",
        )
        .bind(&user.email)
        .fetch_all(&self.pool)
        .await?;
        let failures: Vec<(String, String)> =
            sqlx::query_as("SELECT failed_at, ip FROM login_failures WHERE email = $1 ORDER BY id")
                .bind(&user.email)
                .fetch_all(&self.pool)
                .await?;
        Ok(serde_json::json!({
            "format": 1,
            "account": user,
            "editor_of": editor_of,
            "profile": profile,
            "api_tokens": tokens,
            "sessions": sessions.iter().map(|(c, e)| serde_json::json!({"created_at": c, "expires_at": e})).collect::<Vec<_>>(),
            "practices_created": practices.iter().map(|(s, t, r)| serde_json::json!({"slug": s, "title": t, "review": r})).collect::<Vec<_>>(),
            "revisions": revisions.iter().map(|(s, n, r, at)| serde_json::json!({"practice": s, "number": n, "review": r, "created_at": at})).collect::<Vec<_>>(),
            "communities": memberships.iter().map(|(slug, moderator, at)| serde_json::json!({"community": slug, "moderator": moderator.0, "joined_at": at})).collect::<Vec<_>>(),
            "posts": posts,
            "post_reports": reports.iter().map(|(post, reason, at)| serde_json::json!({"post": post, "reason": reason, "created_at": at})).collect::<Vec<_>>(),
            "audit_log": audit,
            "mail": mail.iter().map(|(subject, at, sent)| serde_json::json!({"subject": subject, "created_at": at, "sent_at": sent})).collect::<Vec<_>>(),
            "failed_logins": failures.iter().map(|(at, ip)| serde_json::json!({"at": at, "ip": ip})).collect::<Vec<_>>(),
        }))
    }

    /// Deletes an account and everything personal with it (sessions, tokens, profile, roles,
    /// community memberships). Contributions stay: practices and revisions lose their author,
    /// posts and topics their account (a post keeps the name it was written under), reports
    /// their reporter, the audit log its user.
    pub async fn delete_user(&self, user_id: i64, origin: &Origin) -> Result<()> {
        let mut tx = self.write_tx().await?;
        user_in(&mut tx, user_id).await?;
        sqlx::query(
            "DELETE FROM login_failures WHERE email = (SELECT email FROM users WHERE id = $1)",
        )
        .bind(user_id)
        .execute(&mut *tx)
        .await?;
        sqlx::query("DELETE FROM outbox WHERE to_addr = (SELECT email FROM users WHERE id = $1)")
            .bind(user_id)
            .execute(&mut *tx)
            .await?;
        let person: Option<i64> = sqlx::query_scalar("SELECT id FROM people WHERE user_id = $1")
            .bind(user_id)
            .fetch_optional(&mut *tx)
            .await?;
        // The communities whose member lists the account leaves.
        let communities: Vec<i64> =
            sqlx::query_scalar("SELECT community_id FROM community_members WHERE user_id = $1")
                .bind(user_id)
                .fetch_all(&mut *tx)
                .await?;
        sqlx::query("DELETE FROM users WHERE id = $1")
            .bind(user_id)
            .execute(&mut *tx)
            .await?;
        if let Some(person) = person {
            crate::changes::record(&mut tx, "person", person, "delete").await?;
        }
        for community in communities {
            crate::changes::record(&mut tx, "community", community, "update").await?;
        }
        let anonymous = Origin {
            user_id: None,
            token_id: None,
            ip: origin.ip.clone(),
        };
        audit::record(&mut tx, &anonymous, "user.delete", "user", None, "").await?;
        tx.commit().await?;
        Ok(())
    }
}
