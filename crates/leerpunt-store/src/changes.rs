//! The change log: a monotonic sequence of what changed, written in the same transaction as the change.
//!
//! Derived state (the search index, notifications) follows it by sequence number, so it can catch
//! up after a restart and several instances can each keep their own copy.

use sqlx::AnyConnection;

use crate::{now, Result, Store};

/// One entry of the change log.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow, serde::Serialize)]
pub struct Change {
    pub seq: i64,
    pub entity: String,
    pub entity_id: i64,
    pub op: String,
    pub changed_at: String,
}

/// Appends to the change log inside the caller's transaction.
pub(crate) async fn record(
    conn: &mut AnyConnection,
    entity: &str,
    entity_id: i64,
    op: &str,
) -> Result<()> {
    sqlx::query(
        "INSERT INTO change_log (entity, entity_id, op, changed_at) VALUES ($1, $2, $3, $4)",
    )
    .bind(entity)
    .bind(entity_id)
    .bind(op)
    .bind(now())
    .execute(conn)
    .await?;
    Ok(())
}

impl Store {
    /// Changes with a sequence number above `after`, oldest first, at most `limit`.
    pub async fn changes_since(&self, after: i64, limit: i64) -> Result<Vec<Change>> {
        Ok(sqlx::query_as("SELECT seq, entity, entity_id, op, changed_at FROM change_log WHERE seq > $1 ORDER BY seq LIMIT $2")
            .bind(after)
            .bind(limit)
            .fetch_all(&self.pool)
            .await?)
    }

    /// The highest sequence number written so far (0 when empty).
    pub async fn last_change(&self) -> Result<i64> {
        Ok(
            sqlx::query_scalar("SELECT COALESCE(MAX(seq), 0) FROM change_log")
                .fetch_one(&self.pool)
                .await?,
        )
    }
}
