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
    /// Whether the change can alter what a visitor without an account sees.
    #[sqlx(try_from = "crate::Flag")]
    pub public: bool,
}

/// Who can see the effect of a change.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reach {
    /// Anyone: a published page, list, count or search result may differ after it.
    Public,
    /// Only signed-in people (a draft, a practice in review): answers kept for the public stay
    /// true.
    Members,
}

impl Reach {
    /// `Public` when either side of a change was visible to the public.
    pub fn of(before: bool, after: bool) -> Self {
        if before || after {
            Self::Public
        } else {
            Self::Members
        }
    }
}

/// Appends to the change log inside the caller's transaction; the change may alter public pages.
pub(crate) async fn record(
    conn: &mut AnyConnection,
    entity: &str,
    entity_id: i64,
    op: &str,
) -> Result<()> {
    record_with(conn, entity, entity_id, op, Reach::Public).await
}

/// Appends to the change log with the reach the caller knows the change has. When in doubt a
/// change is `Public`: an answer dropped too early costs one render, one kept too long is wrong.
pub(crate) async fn record_with(
    conn: &mut AnyConnection,
    entity: &str,
    entity_id: i64,
    op: &str,
    reach: Reach,
) -> Result<()> {
    sqlx::query(
        "INSERT INTO change_log (entity, entity_id, op, changed_at, public) VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(entity)
    .bind(entity_id)
    .bind(op)
    .bind(now())
    .bind(i64::from(reach == Reach::Public))
    .execute(conn)
    .await?;
    Ok(())
}

impl Store {
    /// Changes with a sequence number above `after`, oldest first, at most `limit`.
    pub async fn changes_since(&self, after: i64, limit: i64) -> Result<Vec<Change>> {
        Ok(sqlx::query_as("SELECT seq, entity, entity_id, op, changed_at, public FROM change_log WHERE seq > $1 ORDER BY seq LIMIT $2")
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

    /// The highest sequence number of a change the public can see (0 when none).
    pub async fn last_public_change(&self) -> Result<i64> {
        Ok(
            sqlx::query_scalar("SELECT COALESCE(MAX(seq), 0) FROM change_log WHERE public = 1")
                .fetch_one(&self.pool)
                .await?,
        )
    }
}
