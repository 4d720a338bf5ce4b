//! One-time links sent by e-mail, to confirm an address or to reset a password.

use super::{in_seconds, random_token, token_hash};
use crate::{now, Result, Store};

/// What a one-time e-mail link is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EmailPurpose {
    Confirm,
    Reset,
}

impl EmailPurpose {
    fn key(self) -> &'static str {
        match self {
            EmailPurpose::Confirm => "confirm",
            EmailPurpose::Reset => "reset",
        }
    }
    fn ttl_secs(self) -> i64 {
        match self {
            EmailPurpose::Confirm => 7 * 24 * 3600,
            EmailPurpose::Reset => 3600,
        }
    }
}

impl Store {
    /// Issues a one-time e-mail link secret for an account; returns the secret to put in the link.
    pub async fn issue_email_token(&self, user_id: i64, purpose: EmailPurpose) -> Result<String> {
        let token = random_token();
        sqlx::query(
            "INSERT INTO email_tokens (token_hash, user_id, purpose, expires_at) VALUES ($1, $2, $3, $4)",
        )
        .bind(token_hash(&token))
        .bind(user_id)
        .bind(purpose.key())
        .bind(in_seconds(purpose.ttl_secs()))
        .execute(&self.pool)
        .await?;
        Ok(token)
    }

    /// Uses a one-time link: returns the account when the secret is valid, unused and not expired.
    pub async fn use_email_token(&self, token: &str, purpose: EmailPurpose) -> Result<Option<i64>> {
        let ts = now();
        Ok(sqlx::query_scalar(
            "UPDATE email_tokens SET used_at = $1 WHERE token_hash = $2 AND purpose = $3 AND used_at IS NULL AND expires_at > $1 RETURNING user_id",
        )
        .bind(&ts)
        .bind(token_hash(token))
        .bind(purpose.key())
        .fetch_optional(&self.pool)
        .await?)
    }

    /// Whether a one-time link is still usable (without using it).
    pub async fn email_token_valid(&self, token: &str, purpose: EmailPurpose) -> Result<bool> {
        let n: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM email_tokens WHERE token_hash = $1 AND purpose = $2 AND used_at IS NULL AND expires_at > $3",
        )
        .bind(token_hash(token))
        .bind(purpose.key())
        .bind(now())
        .fetch_one(&self.pool)
        .await?;
        Ok(n > 0)
    }
}
