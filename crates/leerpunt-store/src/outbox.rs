//! The outbox: mail waiting to be sent. Writers queue a message (in their own transaction when
//! they have one); the background mailer sends pending messages and retries failures with backoff.
//! With several instances, each mailer first claims what it sends: claimed rows are leased for a
//! while, so no two instances send the same message, and a message whose claimer died is sent
//! by another once the lease runs out.

use crate::{now, Engine, Result, Store};

/// How long a claimed message is left to its claimer before another instance may send it, by
/// default (the `mail_lease_secs` setting).
pub const MAIL_LEASE_SECS: i64 = 300;

/// A message waiting to be sent.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct OutgoingMail {
    pub id: i64,
    pub to_addr: String,
    pub subject: String,
    pub body: String,
    pub attempts: i64,
}

/// A message to queue together with the write that causes it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mail {
    pub to: String,
    pub subject: String,
    pub body: String,
}

/// Queues messages inside the caller's transaction, so they go if and only if the write lands.
pub(crate) async fn queue_all(conn: &mut sqlx::AnyConnection, mails: &[Mail]) -> Result<()> {
    let ts = now();
    for m in mails {
        sqlx::query(
            "INSERT INTO outbox (to_addr, subject, body, created_at, next_attempt_at) VALUES ($1, $2, $3, $4, $4)",
        )
        .bind(&m.to)
        .bind(&m.subject)
        .bind(&m.body)
        .bind(&ts)
        .execute(&mut *conn)
        .await?;
    }
    Ok(())
}

/// The moment `secs` seconds from now, as an RFC 3339 UTC timestamp.
fn seconds_from_now(secs: i64) -> String {
    (time::OffsetDateTime::now_utc() + time::Duration::seconds(secs))
        .replace_nanosecond(0)
        .ok()
        .and_then(|t| {
            t.format(&time::format_description::well_known::Rfc3339)
                .ok()
        })
        .unwrap_or_default()
}

/// Attempts after which a message is given up on.
pub const MAX_ATTEMPTS: i64 = 8;

impl Store {
    /// Queues a plain-text message.
    pub async fn queue_mail(&self, to: &str, subject: &str, body: &str) -> Result<i64> {
        let ts = now();
        Ok(sqlx::query_scalar(
            "INSERT INTO outbox (to_addr, subject, body, created_at, next_attempt_at) VALUES ($1, $2, $3, $4, $4) RETURNING id",
        )
        .bind(to)
        .bind(subject)
        .bind(body)
        .bind(&ts)
        .fetch_one(&self.pool)
        .await?)
    }

    /// Queues several messages in one transaction (all or none).
    pub async fn queue_mails(&self, mails: &[Mail]) -> Result<()> {
        if mails.is_empty() {
            return Ok(());
        }
        let mut tx = self.write_tx().await?;
        queue_all(&mut tx, mails).await?;
        tx.commit().await?;
        Ok(())
    }

    /// Messages due for (another) attempt, oldest first.
    pub async fn due_mail(&self, limit: i64) -> Result<Vec<OutgoingMail>> {
        Ok(sqlx::query_as(
            "SELECT id, to_addr, subject, body, attempts FROM outbox WHERE sent_at IS NULL AND attempts < $1 AND next_attempt_at <= $2 ORDER BY id LIMIT $3",
        )
        .bind(MAX_ATTEMPTS)
        .bind(now())
        .bind(limit)
        .fetch_all(&self.pool)
        .await?)
    }

    /// Claims up to `limit` messages due for an attempt, oldest first, and leases them to the
    /// caller for `lease_secs` seconds: no other instance's claim returns them until the caller
    /// reports them sent or failed, or the lease runs out. PostgreSQL: `FOR UPDATE SKIP LOCKED`,
    /// so mailers on several instances claim different messages at the same time; SQLite: the
    /// write transaction's lock.
    pub async fn claim_due_mail(&self, limit: i64, lease_secs: i64) -> Result<Vec<OutgoingMail>> {
        let ts = now();
        let lease = seconds_from_now(lease_secs);
        let (mut tx, lock) = match self.engine {
            Engine::Sqlite => (self.write_tx().await?, ""),
            Engine::Postgres => (self.pool.begin().await?, " FOR UPDATE SKIP LOCKED"),
        };
        let due: Vec<OutgoingMail> = sqlx::query_as(&format!(
            "SELECT id, to_addr, subject, body, attempts FROM outbox WHERE sent_at IS NULL AND attempts < $1 AND next_attempt_at <= $2 ORDER BY id LIMIT $3{lock}"
        ))
        .bind(MAX_ATTEMPTS)
        .bind(&ts)
        .bind(limit)
        .fetch_all(&mut *tx)
        .await?;
        for m in &due {
            sqlx::query("UPDATE outbox SET next_attempt_at = $1 WHERE id = $2")
                .bind(&lease)
                .bind(m.id)
                .execute(&mut *tx)
                .await?;
        }
        tx.commit().await?;
        Ok(due)
    }

    /// Marks a message as sent.
    pub async fn mail_sent(&self, id: i64) -> Result<()> {
        sqlx::query("UPDATE outbox SET sent_at = $1, attempts = attempts + 1, last_error = NULL WHERE id = $2")
            .bind(now())
            .bind(id)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    /// Records a failed attempt; the next one waits 2^attempts minutes.
    pub async fn mail_failed(&self, id: i64, attempts: i64, error: &str) -> Result<()> {
        let wait = 60 * (1i64 << attempts.clamp(0, 10));
        let next = seconds_from_now(wait);
        sqlx::query("UPDATE outbox SET attempts = attempts + 1, last_error = $1, next_attempt_at = $2 WHERE id = $3")
            .bind(error)
            .bind(next)
            .bind(id)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    /// How many messages were queued for `to` in the last hour (to limit mail a form can trigger).
    pub async fn mail_count_last_hour(&self, to: &str) -> Result<i64> {
        let since = (time::OffsetDateTime::now_utc() - time::Duration::hours(1))
            .replace_nanosecond(0)
            .ok()
            .and_then(|t| {
                t.format(&time::format_description::well_known::Rfc3339)
                    .ok()
            })
            .unwrap_or_default();
        Ok(
            sqlx::query_scalar(
                "SELECT COUNT(*) FROM outbox WHERE to_addr = $1 AND created_at > $2",
            )
            .bind(to)
            .bind(since)
            .fetch_one(&self.pool)
            .await?,
        )
    }

    /// The number of messages not yet sent (for tests and monitoring).
    pub async fn pending_mail_count(&self) -> Result<i64> {
        Ok(
            sqlx::query_scalar("SELECT COUNT(*) FROM outbox WHERE sent_at IS NULL")
                .fetch_one(&self.pool)
                .await?,
        )
    }
}
