//! API tokens: scoped, revocable secrets with which programs act on behalf of an account.

use leerpunt_core::access::Scope;

use super::{random_token, token_hash, User};
use crate::audit::{self, Origin};
use crate::{now, Result, Store, StoreError};

/// The prefix of every API token, so leaked tokens are recognisable.
pub const API_TOKEN_PREFIX: &str = "lpt_";

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

impl Store {
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
}
