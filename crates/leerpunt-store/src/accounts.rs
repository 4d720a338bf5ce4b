//! Accounts: users and their roles, password hashes (Argon2id), server-side sessions, one-time
//! e-mail links, API tokens and login throttling.
//!
//! Secrets are never stored: session cookies, e-mail links and API tokens are random 256-bit values
//! of which only the SHA-256 is kept; passwords are kept as Argon2id hashes.

use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::{Algorithm, Argon2, Params, Version};
use leerpunt_core::access::{Actor, Role, Scope};
use leerpunt_core::account::{self, normalise_email};
use rand_core::{OsRng, RngCore};
use sha2::{Digest, Sha256};
use sqlx::SqliteConnection;

use crate::audit::{self, Origin};
use crate::{conflict_on, now, Result, Store, StoreError};

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

/// The prefix of every API token, so leaked tokens are recognisable.
pub const API_TOKEN_PREFIX: &str = "lpt_";

/// How long a session lasts without signing in again.
pub const SESSION_DAYS: i64 = 14;
/// How long a visitor's session (which only carries the CSRF token of a form) lasts.
pub const VISITOR_SESSION_HOURS: i64 = 24;

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
    /// The organisation the person works for, by code.
    pub organisation: Option<String>,
    pub created_at: String,
}

#[derive(sqlx::FromRow)]
struct UserRow {
    id: i64,
    email: String,
    name: String,
    confirmed_at: Option<String>,
    is_broker: bool,
    is_admin: bool,
    organisation: Option<String>,
    created_at: String,
}

impl From<UserRow> for User {
    fn from(r: UserRow) -> Self {
        User {
            id: r.id,
            email: r.email,
            name: r.name,
            confirmed: r.confirmed_at.is_some(),
            broker: r.is_broker,
            admin: r.is_admin,
            organisation: r.organisation,
            created_at: r.created_at,
        }
    }
}

const USER_SELECT: &str = "SELECT u.id, u.email, u.name, u.confirmed_at, u.is_broker, u.is_admin, o.code AS organisation, u.created_at \
    FROM users u LEFT JOIN organisations o ON o.id = u.organisation_id";

/// A live session.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Session {
    pub id: i64,
    pub user_id: Option<i64>,
    /// The synchronizer token every form of this session must carry.
    pub csrf: String,
}

/// An API token as its owner sees it (never the secret).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, sqlx::FromRow)]
pub struct ApiToken {
    pub id: i64,
    pub user_id: i64,
    pub name: String,
    pub scopes: String,
    pub created_at: String,
    pub last_used_at: Option<String>,
    pub revoked_at: Option<String>,
}

/// The result of a login attempt.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Login {
    Ok(User),
    /// Wrong address or password (deliberately not saying which).
    Invalid,
    /// Too many recent failures for this account or this client address.
    Throttled,
}

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

pub(crate) async fn user_in(conn: &mut SqliteConnection, id: i64) -> Result<User> {
    let row: Option<UserRow> = sqlx::query_as(&format!("{USER_SELECT} WHERE u.id = $1"))
        .bind(id)
        .fetch_optional(conn)
        .await?;
    row.map(Into::into)
        .ok_or_else(|| StoreError::NotFound(format!("user {id}")))
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

/// A hash that no password matches, verified against for unknown addresses so that a login
/// takes as long whether or not the account exists.
const DUMMY_HASH: &str =
    "$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$5h0qkZ3ZrUu2dSyo1cx8nIU0hUjMJc+VQp0ltVpHfH8";

impl Store {
    /// Creates an account (unconfirmed). The address is normalised; the password checked and hashed.
    pub async fn create_user(
        &self,
        email: &str,
        password: &str,
        name: &str,
        origin: &Origin,
    ) -> Result<User> {
        let email = normalise_email(email)?;
        account::validate_password(password, &email)?;
        if name.chars().count() > 200 {
            return Err(leerpunt_core::CoreError::invalid(
                "name",
                "name is longer than 200 characters",
            )
            .into());
        }
        let hash = hash_password(self.password_cost, password.to_owned()).await?;
        let mut tx = self.write_tx().await?;
        let ts = now();
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO users (email, password_hash, name, created_at, updated_at) VALUES ($1, $2, $3, $4, $4) RETURNING id",
        )
        .bind(&email)
        .bind(&hash)
        .bind(name.trim())
        .bind(&ts)
        .fetch_one(&mut *tx)
        .await
        .map_err(|e| conflict_on(e, || "an account with this e-mail address".to_owned()))?;
        audit::record(&mut tx, origin, "user.create", "user", Some(id), "").await?;
        let user = user_in(&mut tx, id).await?;
        tx.commit().await?;
        Ok(user)
    }

    /// One account by id.
    pub async fn user(&self, id: i64) -> Result<User> {
        let mut conn = self.pool.acquire().await?;
        user_in(&mut conn, id).await
    }

    /// One account by e-mail address (normalised first).
    pub async fn user_by_email(&self, email: &str) -> Result<Option<User>> {
        let Ok(email) = normalise_email(email) else {
            return Ok(None);
        };
        let row: Option<UserRow> = sqlx::query_as(&format!("{USER_SELECT} WHERE u.email = $1"))
            .bind(email)
            .fetch_optional(&self.pool)
            .await?;
        Ok(row.map(Into::into))
    }

    /// All accounts, by address (for the admin page).
    pub async fn users(&self) -> Result<Vec<User>> {
        let rows: Vec<UserRow> = sqlx::query_as(&format!("{USER_SELECT} ORDER BY u.email"))
            .fetch_all(&self.pool)
            .await?;
        Ok(rows.into_iter().map(Into::into).collect())
    }

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

    /// Sets a new password and ends every session of the account (sign out everywhere).
    pub async fn set_password(&self, user_id: i64, password: &str, origin: &Origin) -> Result<()> {
        let user = self.user(user_id).await?;
        account::validate_password(password, &user.email)?;
        let hash = hash_password(self.password_cost, password.to_owned()).await?;
        let mut tx = self.write_tx().await?;
        sqlx::query("UPDATE users SET password_hash = $1, updated_at = $2 WHERE id = $3")
            .bind(hash)
            .bind(now())
            .bind(user_id)
            .execute(&mut *tx)
            .await?;
        sqlx::query("DELETE FROM sessions WHERE user_id = $1")
            .bind(user_id)
            .execute(&mut *tx)
            .await?;
        audit::record(&mut tx, origin, "user.password", "user", Some(user_id), "").await?;
        tx.commit().await?;
        Ok(())
    }

    /// Marks the address of an account as confirmed.
    pub async fn confirm_user(&self, user_id: i64, origin: &Origin) -> Result<()> {
        let mut tx = self.write_tx().await?;
        let ts = now();
        sqlx::query("UPDATE users SET confirmed_at = COALESCE(confirmed_at, $1), updated_at = $1 WHERE id = $2")
            .bind(&ts)
            .bind(user_id)
            .execute(&mut *tx)
            .await?;
        audit::record(&mut tx, origin, "user.confirm", "user", Some(user_id), "").await?;
        tx.commit().await?;
        Ok(())
    }

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

    /// The organisations an account is an editor of (ids).
    pub async fn editor_of(&self, user_id: i64) -> Result<Vec<i64>> {
        Ok(sqlx::query_scalar(
            "SELECT organisation_id FROM organisation_editors WHERE user_id = $1 ORDER BY organisation_id",
        )
        .bind(user_id)
        .fetch_all(&self.pool)
        .await?)
    }

    /// The organisations an account is an editor of (codes).
    pub async fn editor_of_codes(&self, user_id: i64) -> Result<Vec<String>> {
        Ok(sqlx::query_scalar(
            "SELECT o.code FROM organisation_editors e JOIN organisations o ON o.id = e.organisation_id WHERE e.user_id = $1 ORDER BY o.code",
        )
        .bind(user_id)
        .fetch_all(&self.pool)
        .await?)
    }

    /// The actor of a signed-in account, with its roles, for access decisions.
    pub async fn actor(&self, user: &User, member_domains: &[String]) -> Result<Actor> {
        Ok(Actor {
            user_id: Some(user.id),
            confirmed: user.confirmed,
            member: user.confirmed && account::is_member_address(&user.email, member_domains),
            broker: user.broker,
            admin: user.admin,
            editor_of: self.editor_of(user.id).await?,
            token_scopes: None,
        })
    }

    /// Grants a role: `Editor` needs an organisation code; `Broker` and `Admin` are global.
    pub async fn grant(
        &self,
        user_id: i64,
        role: Role,
        organisation: Option<&str>,
        origin: &Origin,
    ) -> Result<()> {
        self.set_role(user_id, role, organisation, true, origin)
            .await
    }

    /// Revokes a role granted with [`Store::grant`].
    pub async fn revoke(
        &self,
        user_id: i64,
        role: Role,
        organisation: Option<&str>,
        origin: &Origin,
    ) -> Result<()> {
        self.set_role(user_id, role, organisation, false, origin)
            .await
    }

    async fn set_role(
        &self,
        user_id: i64,
        role: Role,
        organisation: Option<&str>,
        on: bool,
        origin: &Origin,
    ) -> Result<()> {
        let mut tx = self.write_tx().await?;
        user_in(&mut tx, user_id).await?;
        let ts = now();
        let detail = match role {
            Role::Editor => {
                let code = organisation.map(str::trim).unwrap_or("");
                let org_id = crate::organisations::id_by_code(&mut tx, code)
                    .await?
                    .ok_or_else(|| {
                        StoreError::Invalid(leerpunt_core::CoreError::invalid(
                            "organisation",
                            format!("an editor needs a known organisation code, not {code:?}"),
                        ))
                    })?;
                if on {
                    sqlx::query("INSERT INTO organisation_editors (user_id, organisation_id, granted_at) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING")
                        .bind(user_id)
                        .bind(org_id)
                        .bind(&ts)
                        .execute(&mut *tx)
                        .await?;
                } else {
                    sqlx::query("DELETE FROM organisation_editors WHERE user_id = $1 AND organisation_id = $2")
                        .bind(user_id)
                        .bind(org_id)
                        .execute(&mut *tx)
                        .await?;
                }
                format!("editor {code}")
            }
            Role::Broker | Role::Admin => {
                let column = if role == Role::Broker {
                    "is_broker"
                } else {
                    "is_admin"
                };
                sqlx::query(&format!(
                    "UPDATE users SET {column} = $1, updated_at = $2 WHERE id = $3"
                ))
                .bind(on)
                .bind(&ts)
                .bind(user_id)
                .execute(&mut *tx)
                .await?;
                role.key().to_owned()
            }
            Role::Visitor | Role::Member => return Err(leerpunt_core::CoreError::invalid(
                "role",
                "member follows from a confirmed government address; grant editor, broker or admin",
            )
            .into()),
        };
        let action = if on { "role.grant" } else { "role.revoke" };
        audit::record(&mut tx, origin, action, "user", Some(user_id), &detail).await?;
        tx.commit().await?;
        Ok(())
    }

    /// Sets the organisation an account works for (by code; `None` clears it).
    pub async fn set_user_organisation(
        &self,
        user_id: i64,
        code: Option<&str>,
        origin: &Origin,
    ) -> Result<()> {
        let mut tx = self.write_tx().await?;
        let org_id = match code.map(str::trim).filter(|c| !c.is_empty()) {
            Some(code) => Some(
                crate::organisations::id_by_code(&mut tx, code)
                    .await?
                    .ok_or_else(|| {
                        StoreError::Invalid(leerpunt_core::CoreError::invalid(
                            "organisation",
                            format!("unknown organisation {code:?}"),
                        ))
                    })?,
            ),
            None => None,
        };
        sqlx::query("UPDATE users SET organisation_id = $1, updated_at = $2 WHERE id = $3")
            .bind(org_id)
            .bind(now())
            .bind(user_id)
            .execute(&mut *tx)
            .await?;
        audit::record(
            &mut tx,
            origin,
            "user.organisation",
            "user",
            Some(user_id),
            code.unwrap_or(""),
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// Creates an API token with scopes for an account; returns the secret (shown once) and the token.
    pub async fn create_api_token(
        &self,
        user_id: i64,
        name: &str,
        scopes: &[Scope],
        origin: &Origin,
    ) -> Result<(String, ApiToken)> {
        let name = name.trim();
        if name.is_empty() || name.chars().count() > 100 {
            return Err(leerpunt_core::CoreError::invalid(
                "name",
                "give the token a name of at most 100 characters",
            )
            .into());
        }
        if scopes.is_empty() {
            return Err(
                leerpunt_core::CoreError::invalid("scopes", "choose at least one scope").into(),
            );
        }
        let secret = format!("{API_TOKEN_PREFIX}{}", random_token());
        let scopes = scopes.iter().map(|s| s.key()).collect::<Vec<_>>().join(" ");
        let mut tx = self.write_tx().await?;
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO api_tokens (user_id, name, token_hash, scopes, created_at) VALUES ($1, $2, $3, $4, $5) RETURNING id",
        )
        .bind(user_id)
        .bind(name)
        .bind(token_hash(&secret))
        .bind(&scopes)
        .bind(now())
        .fetch_one(&mut *tx)
        .await?;
        audit::record(
            &mut tx,
            origin,
            "token.create",
            "api_token",
            Some(id),
            &scopes,
        )
        .await?;
        let token: ApiToken = sqlx::query_as("SELECT id, user_id, name, scopes, created_at, last_used_at, revoked_at FROM api_tokens WHERE id = $1")
            .bind(id)
            .fetch_one(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok((secret, token))
    }

    /// The live (not revoked) token of a secret, with its owner.
    pub async fn api_token(&self, secret: &str) -> Result<Option<(ApiToken, User)>> {
        let token: Option<ApiToken> = sqlx::query_as(
            "SELECT id, user_id, name, scopes, created_at, last_used_at, revoked_at FROM api_tokens WHERE token_hash = $1 AND revoked_at IS NULL",
        )
        .bind(token_hash(secret))
        .fetch_optional(&self.pool)
        .await?;
        let Some(token) = token else { return Ok(None) };
        let user = self.user(token.user_id).await?;
        Ok(Some((token, user)))
    }

    /// The tokens of an account, newest first.
    pub async fn api_tokens(&self, user_id: i64) -> Result<Vec<ApiToken>> {
        Ok(sqlx::query_as(
            "SELECT id, user_id, name, scopes, created_at, last_used_at, revoked_at FROM api_tokens WHERE user_id = $1 ORDER BY id DESC",
        )
        .bind(user_id)
        .fetch_all(&self.pool)
        .await?)
    }

    /// Revokes one of an account's tokens.
    pub async fn revoke_api_token(
        &self,
        user_id: i64,
        token_id: i64,
        origin: &Origin,
    ) -> Result<()> {
        let mut tx = self.write_tx().await?;
        let n = sqlx::query(
            "UPDATE api_tokens SET revoked_at = $1 WHERE id = $2 AND user_id = $3 AND revoked_at IS NULL",
        )
        .bind(now())
        .bind(token_id)
        .bind(user_id)
        .execute(&mut *tx)
        .await?
        .rows_affected();
        if n == 0 {
            return Err(StoreError::NotFound(format!("token {token_id}")));
        }
        audit::record(
            &mut tx,
            origin,
            "token.revoke",
            "api_token",
            Some(token_id),
            "",
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

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
            "audit_log": audit,
            "mail": mail.iter().map(|(subject, at, sent)| serde_json::json!({"subject": subject, "created_at": at, "sent_at": sent})).collect::<Vec<_>>(),
            "failed_logins": failures.iter().map(|(at, ip)| serde_json::json!({"at": at, "ip": ip})).collect::<Vec<_>>(),
        }))
    }

    /// Deletes an account and everything personal with it (sessions, tokens, profile, roles).
    /// Contributions stay: practices and revisions lose their author, the audit log its user.
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
        sqlx::query("DELETE FROM users WHERE id = $1")
            .bind(user_id)
            .execute(&mut *tx)
            .await?;
        if let Some(person) = person {
            crate::changes::record(&mut tx, "person", person, "delete").await?;
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
