//! Accounts themselves: creating them, reading them, confirming the address, changing the
//! password and recording the organisation a person works for.

use leerpunt_core::account::{self, normalise_email};
use sqlx::AnyConnection;

use super::{hash_password, User};
use crate::audit::{self, Origin};
use crate::{conflict_on, now, Result, Store, StoreError};

#[derive(sqlx::FromRow)]
struct UserRow {
    id: i64,
    email: String,
    name: String,
    confirmed_at: Option<String>,
    #[sqlx(try_from = "crate::Flag")]
    is_broker: bool,
    #[sqlx(try_from = "crate::Flag")]
    is_admin: bool,
    #[sqlx(try_from = "crate::Flag")]
    is_reviewer: bool,
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
            reviewer: r.is_reviewer,
            organisation: r.organisation,
            created_at: r.created_at,
        }
    }
}

const USER_SELECT: &str = "SELECT u.id, u.email, u.name, u.confirmed_at, u.is_broker, u.is_admin, u.is_reviewer, o.code AS organisation, u.created_at \
    FROM users u LEFT JOIN organisations o ON o.id = u.organisation_id";

pub(crate) async fn user_in(conn: &mut AnyConnection, id: i64) -> Result<User> {
    let row: Option<UserRow> = sqlx::query_as(&format!("{USER_SELECT} WHERE u.id = $1"))
        .bind(id)
        .fetch_optional(conn)
        .await?;
    row.map(Into::into)
        .ok_or_else(|| StoreError::NotFound(format!("user {id}")))
}

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
}
