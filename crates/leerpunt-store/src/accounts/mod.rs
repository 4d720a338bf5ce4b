//! Accounts: users and their roles, password hashes (Argon2id), server-side sessions, one-time
//! e-mail links, API tokens and login throttling.
//!
//! Secrets are never stored: session cookies, e-mail links and API tokens are random 256-bit values
//! of which only the SHA-256 is kept; passwords are kept as Argon2id hashes.
//!
//! This file holds what the concerns share: the account type, password hashing and the secret
//! helpers. Each concern has its own file below.

mod email_links;
mod gdpr;
mod login;
mod roles;
mod sessions;
mod tokens;
mod users;

#[cfg(feature = "test-support")]
mod test_support;

use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::{Algorithm, Argon2, Params, Version};
use rand_core::{OsRng, RngCore};
use sha2::{Digest, Sha256};

use crate::{Result, StoreError};

pub use email_links::EmailPurpose;
pub use login::Login;
pub use sessions::{Session, SESSION_DAYS};
pub use tokens::{ApiToken, API_TOKEN_PREFIX};

/// How expensive password hashes are. `Standard` follows the OWASP recommendation for Argon2id
/// (19 MiB, 2 passes); `Fast` (1 MiB, 1 pass) exists for test suites and must not be used in
/// production. Existing hashes keep verifying with the parameters they were made with.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Deserialize, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum PasswordCost {
    #[default]
    Standard,
    Fast,
}

impl PasswordCost {
    fn argon2(self) -> Result<Argon2<'static>> {
        let params = match self {
            PasswordCost::Standard => Params::new(19 * 1024, 2, 1, None),
            PasswordCost::Fast => Params::new(1024, 1, 1, None),
        }
        .map_err(|e| StoreError::Data(format!("argon2 parameters: {e}")))?;
        Ok(Argon2::new(Algorithm::Argon2id, Version::V0x13, params))
    }
}

/// A random 256-bit secret, hex-encoded.
pub fn random_token() -> String {
    let mut bytes = [0u8; 32];
    OsRng.fill_bytes(&mut bytes);
    hex::encode(bytes)
}

/// The SHA-256 of a secret, hex-encoded: what is stored instead of the secret.
pub fn token_hash(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

/// Compares two strings in time independent of where they differ.
pub fn constant_time_eq(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    if a.len() != b.len() {
        return false;
    }
    a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

fn in_seconds(secs: i64) -> String {
    (time::OffsetDateTime::now_utc() + time::Duration::seconds(secs))
        .replace_nanosecond(0)
        .ok()
        .and_then(|t| {
            t.format(&time::format_description::well_known::Rfc3339)
                .ok()
        })
        .unwrap_or_default()
}

/// An account.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct User {
    pub id: i64,
    pub email: String,
    pub name: String,
    pub confirmed: bool,
    pub broker: bool,
    pub admin: bool,
    /// Holds the reviewer grant of the rolling agenda.
    pub reviewer: bool,
    /// The organisation the person works for, by code.
    pub organisation: Option<String>,
    pub created_at: String,
}

async fn hash_password(cost: PasswordCost, password: String) -> Result<String> {
    tokio::task::spawn_blocking(move || {
        let salt = SaltString::generate(&mut OsRng);
        cost.argon2()?
            .hash_password(password.as_bytes(), &salt)
            .map(|h| h.to_string())
            .map_err(|e| StoreError::Data(format!("password hash: {e}")))
    })
    .await
    .map_err(|e| StoreError::Data(format!("password hash task: {e}")))?
}

async fn verify_password(hash: String, password: String) -> bool {
    tokio::task::spawn_blocking(move || {
        PasswordHash::new(&hash)
            .map(|parsed| {
                Argon2::default()
                    .verify_password(password.as_bytes(), &parsed)
                    .is_ok()
            })
            .unwrap_or(false)
    })
    .await
    .unwrap_or(false)
}
