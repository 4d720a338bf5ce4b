//! Signing in with an address and password, throttled per account and per client address.

use leerpunt_core::account::{self, normalise_email};

use super::{in_seconds, verify_password, User};
use crate::{now, Result, Store};

/// The result of a login attempt.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Login {
    Ok(User),
    /// Wrong address or password (deliberately not saying which).
    Invalid,
    /// Too many recent failures for this account or this client address.
    Throttled,
}

/// A hash that no password matches, verified against for unknown addresses so that a login
/// takes as long whether or not the account exists.
const DUMMY_HASH: &str =
    "$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$5h0qkZ3ZrUu2dSyo1cx8nIU0hUjMJc+VQp0ltVpHfH8";

impl Store {
    /// Checks an address and password, with throttling per account and per client address.
    pub async fn login(&self, email: &str, password: &str, ip: &str) -> Result<Login> {
        let email = normalise_email(email).unwrap_or_else(|_| email.trim().to_lowercase());
        let since = in_seconds(-account::THROTTLE_WINDOW_SECS);
        let per_account: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM login_failures WHERE email = $1 AND failed_at > $2",
        )
        .bind(&email)
        .bind(&since)
        .fetch_one(&self.pool)
        .await?;
        let per_ip: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM login_failures WHERE ip = $1 AND failed_at > $2",
        )
        .bind(ip)
        .bind(&since)
        .fetch_one(&self.pool)
        .await?;
        if account::login_throttled(per_account, per_ip) {
            return Ok(Login::Throttled);
        }
        let found: Option<(i64, String)> =
            sqlx::query_as("SELECT id, password_hash FROM users WHERE email = $1")
                .bind(&email)
                .fetch_optional(&self.pool)
                .await?;
        let (id, hash) = match found {
            Some((id, hash)) => (Some(id), hash),
            None => (None, DUMMY_HASH.to_owned()),
        };
        let ok = verify_password(hash, password.to_owned()).await;
        match (id, ok) {
            (Some(id), true) => {
                sqlx::query("DELETE FROM login_failures WHERE email = $1")
                    .bind(&email)
                    .execute(&self.pool)
                    .await?;
                Ok(Login::Ok(self.user(id).await?))
            }
            _ => {
                sqlx::query(
                    "INSERT INTO login_failures (email, ip, failed_at) VALUES ($1, $2, $3)",
                )
                .bind(&email)
                .bind(ip)
                .bind(now())
                .execute(&self.pool)
                .await?;
                Ok(Login::Invalid)
            }
        }
    }
}
