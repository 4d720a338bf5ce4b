//! What the database keeps in place of secrets, read back so tests can show no secret is stored.
//!
//! Only built with the `test-support` feature, which the crate's own tests turn on: nothing
//! outside a test has reason to read a password hash or a token hash.

use crate::{Result, Store};

impl Store {
    /// The stored password hash of an account.
    pub async fn stored_password_hash(&self, user_id: i64) -> Result<Option<String>> {
        Ok(
            sqlx::query_scalar("SELECT password_hash FROM users WHERE id = $1")
                .bind(user_id)
                .fetch_optional(&self.pool)
                .await?,
        )
    }

    /// The stored token hashes of an account's sessions, oldest first.
    pub async fn stored_session_hashes(&self, user_id: i64) -> Result<Vec<String>> {
        Ok(
            sqlx::query_scalar("SELECT token_hash FROM sessions WHERE user_id = $1 ORDER BY id")
                .bind(user_id)
                .fetch_all(&self.pool)
                .await?,
        )
    }

    /// The stored hashes of an account's API tokens (revoked ones included), oldest first.
    pub async fn stored_api_token_hashes(&self, user_id: i64) -> Result<Vec<String>> {
        Ok(
            sqlx::query_scalar("SELECT token_hash FROM api_tokens WHERE user_id = $1 ORDER BY id")
                .bind(user_id)
                .fetch_all(&self.pool)
                .await?,
        )
    }
}
