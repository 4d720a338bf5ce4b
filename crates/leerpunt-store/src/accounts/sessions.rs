//! Server-side sessions behind the session cookie, and the purge of everything that expires.

use leerpunt_core::account;

use super::{in_seconds, random_token, token_hash};
use crate::{now, Result, Store};

/// How long a session lasts without signing in again.
pub const SESSION_DAYS: i64 = 14;
/// How long a visitor's session (which only carries the CSRF token of a form) lasts.
pub const VISITOR_SESSION_HOURS: i64 = 24;

/// A live session.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Session {
    pub id: i64,
    pub user_id: Option<i64>,
    /// The synchronizer token every form of this session must carry.
    pub csrf: String,
}

impl Store {
    /// Starts a session (for a visitor when `user_id` is `None`); returns the cookie secret.
    pub async fn create_session(&self, user_id: Option<i64>) -> Result<(String, Session)> {
        let token = random_token();
        let csrf = random_token();
        let ts = now();
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO sessions (token_hash, user_id, csrf, created_at, expires_at) VALUES ($1, $2, $3, $4, $5) RETURNING id",
        )
        .bind(token_hash(&token))
        .bind(user_id)
        .bind(&csrf)
        .bind(&ts)
        .bind(in_seconds(match user_id {
            Some(_) => SESSION_DAYS * 24 * 3600,
            None => VISITOR_SESSION_HOURS * 3600,
        }))
        .fetch_one(&self.pool)
        .await?;
        Ok((token, Session { id, user_id, csrf }))
    }

    /// The live session of a cookie secret.
    pub async fn session(&self, token: &str) -> Result<Option<Session>> {
        let row: Option<(i64, Option<i64>, String)> = sqlx::query_as(
            "SELECT id, user_id, csrf FROM sessions WHERE token_hash = $1 AND expires_at > $2",
        )
        .bind(token_hash(token))
        .bind(now())
        .fetch_optional(&self.pool)
        .await?;
        Ok(row.map(|(id, user_id, csrf)| Session { id, user_id, csrf }))
    }

    /// Ends one session.
    pub async fn delete_session(&self, id: i64) -> Result<()> {
        sqlx::query("DELETE FROM sessions WHERE id = $1")
            .bind(id)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    /// Ends every session of an account; returns how many there were.
    pub async fn delete_user_sessions(&self, user_id: i64) -> Result<u64> {
        Ok(sqlx::query("DELETE FROM sessions WHERE user_id = $1")
            .bind(user_id)
            .execute(&self.pool)
            .await?
            .rows_affected())
    }

    /// Removes expired sessions, e-mail links and old login failures.
    pub async fn purge_expired(&self) -> Result<()> {
        let ts = now();
        sqlx::query("DELETE FROM sessions WHERE expires_at <= $1")
            .bind(&ts)
            .execute(&self.pool)
            .await?;
        sqlx::query("DELETE FROM email_tokens WHERE expires_at <= $1")
            .bind(&ts)
            .execute(&self.pool)
            .await?;
        sqlx::query("DELETE FROM login_failures WHERE failed_at <= $1")
            .bind(in_seconds(-account::THROTTLE_WINDOW_SECS))
            .execute(&self.pool)
            .await?;
        Ok(())
    }
}
