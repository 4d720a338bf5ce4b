//! The audit log: who (account or API token) did what (action, entity, id), when and from where.
//!
//! Every write by a person or token appends a row in the same transaction as the write itself,
//! so the log cannot miss a change that happened, nor record one that did not.

use sqlx::AnyConnection;

use crate::{now, Result, Store};

/// Who is writing and from where; passed to every write on behalf of a person or program.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Origin {
    pub user_id: Option<i64>,
    pub token_id: Option<i64>,
    /// The client address (from the connection, or a trusted proxy's header); `cli` for commands.
    pub ip: String,
}

impl Origin {
    /// Writes made from the command line by an operator.
    pub fn cli() -> Self {
        Self {
            ip: "cli".to_owned(),
            ..Self::default()
        }
    }
}

/// One entry of the audit log.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, sqlx::FromRow)]
pub struct AuditEntry {
    pub id: i64,
    pub at: String,
    pub user_id: Option<i64>,
    /// The account's address at the time of reading (empty when the account was deleted).
    pub user_email: Option<String>,
    pub token_id: Option<i64>,
    pub action: String,
    pub entity: String,
    pub entity_id: Option<i64>,
    pub detail: String,
    pub ip: String,
}

/// Appends to the audit log inside the caller's transaction.
pub(crate) async fn record(
    conn: &mut AnyConnection,
    origin: &Origin,
    action: &str,
    entity: &str,
    entity_id: Option<i64>,
    detail: &str,
) -> Result<()> {
    sqlx::query(
        "INSERT INTO audit_log (at, user_id, token_id, action, entity, entity_id, detail, ip) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
    )
    .bind(now())
    .bind(origin.user_id)
    .bind(origin.token_id)
    .bind(action)
    .bind(entity)
    .bind(entity_id)
    .bind(detail)
    .bind(&origin.ip)
    .execute(conn)
    .await?;
    Ok(())
}

const AUDIT_SELECT: &str = "SELECT a.id, a.at, a.user_id, u.email AS user_email, a.token_id, a.action, a.entity, a.entity_id, a.detail, a.ip \
    FROM audit_log a LEFT JOIN users u ON u.id = a.user_id";

impl Store {
    /// Records an event that is not part of another write (a login, a logout).
    pub async fn audit(
        &self,
        origin: &Origin,
        action: &str,
        entity: &str,
        entity_id: Option<i64>,
        detail: &str,
    ) -> Result<()> {
        let mut conn = self.pool.acquire().await?;
        record(&mut conn, origin, action, entity, entity_id, detail).await
    }

    /// The most recent entries, newest first, with the total.
    pub async fn audit_log(&self, limit: i64, offset: i64) -> Result<(Vec<AuditEntry>, i64)> {
        let total: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM audit_log")
            .fetch_one(&self.pool)
            .await?;
        let rows = sqlx::query_as(&format!(
            "{AUDIT_SELECT} ORDER BY a.id DESC LIMIT $1 OFFSET $2"
        ))
        .bind(limit)
        .bind(offset)
        .fetch_all(&self.pool)
        .await?;
        Ok((rows, total))
    }

    /// The entries of one account, oldest first (for "download my data").
    pub async fn audit_for_user(&self, user_id: i64) -> Result<Vec<AuditEntry>> {
        Ok(sqlx::query_as(&format!(
            "{AUDIT_SELECT} WHERE a.user_id = $1 ORDER BY a.id"
        ))
        .bind(user_id)
        .fetch_all(&self.pool)
        .await?)
    }
}
