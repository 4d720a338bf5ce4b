//! Roles: the organisations an account edits, the broker and admin flags, and the actor that
//! access decisions are made for.

use leerpunt_core::access::{Actor, Role};
use leerpunt_core::account;

use super::users::user_in;
use super::User;
use crate::audit::{self, Origin};
use crate::{now, Result, Store, StoreError};

impl Store {
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
            reviewer: user.reviewer,
            editor_of: self.editor_of(user.id).await?,
            token_scopes: None,
        })
    }

    /// Grants a role: `Editor` needs an organisation code; `Broker`, `Admin` and the extra grant
    /// `Reviewer` are global.
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
            Role::Broker | Role::Admin | Role::Reviewer => {
                let column = match role {
                    Role::Broker => "is_broker",
                    Role::Reviewer => "is_reviewer",
                    _ => "is_admin",
                };
                sqlx::query(&format!(
                    "UPDATE users SET {column} = $1, updated_at = $2 WHERE id = $3"
                ))
                .bind(i64::from(on))
                .bind(&ts)
                .bind(user_id)
                .execute(&mut *tx)
                .await?;
                role.key().to_owned()
            }
            Role::Visitor | Role::Member => return Err(leerpunt_core::CoreError::invalid(
                "role",
                "member follows from a confirmed government address; grant editor, broker, admin or reviewer",
            )
            .into()),
        };
        let action = if on { "role.grant" } else { "role.revoke" };
        audit::record(&mut tx, origin, action, "user", Some(user_id), &detail).await?;
        tx.commit().await?;
        Ok(())
    }
}
