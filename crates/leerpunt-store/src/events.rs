//! The events' storage: events with their themes and organisers, registrations with a waiting
//! list, slides and notes, reminders, and the demo events.
//!
//! Every write is one write transaction (`BEGIN IMMEDIATE`) with its audit entry and change-log
//! entry. Registration counts the seats taken and inserts in that one transaction, so concurrent
//! registrations never overbook; a cancellation promotes the first on the waiting list and
//! queues that person's mail in the same transaction.

use leerpunt_core::events::{
    self, status_for_new, validate_event, Event, EventInput, EventTimes, Material, Registration,
    RegistrationStatus,
};
use leerpunt_core::{CoreError, FieldError};
use sqlx::AnyConnection;

use crate::audit::{self, Origin};
use crate::organisations::id_by_code;
use crate::outbox::{self, Mail};
use crate::{changes, now, Result, Store, StoreError};

/// A mail for a person promoted from the waiting list, made by the caller from their address.
pub type PromotionMail<'a> = &'a (dyn Fn(&str) -> Mail + Send + Sync);

#[derive(sqlx::FromRow)]
struct EventRow {
    id: i64,
    title_nl: String,
    title_en: String,
    description_nl: String,
    description_en: String,
    starts_at: String,
    ends_at: String,
    deadline_at: String,
    timezone: String,
    address: String,
    online_url: String,
    capacity: i64,
    organisation_id: i64,
    organisation_code: String,
    organisation_name: String,
    community_slug: Option<String>,
    community_name_nl: Option<String>,
    community_name_en: Option<String>,
    themes: Option<String>,
    registered: i64,
    waiting: i64,
    #[sqlx(try_from = "crate::Flag")]
    demo: bool,
    created_at: String,
    updated_at: String,
}

const EVENT_SELECT: &str = "SELECT e.id, e.title_nl, e.title_en, e.description_nl, e.description_en, \
    e.starts_at, e.ends_at, e.deadline_at, e.timezone, e.address, e.online_url, e.capacity, \
    e.organisation_id, o.code AS organisation_code, o.name AS organisation_name, \
    c.slug AS community_slug, c.name_nl AS community_name_nl, c.name_en AS community_name_en, \
    (SELECT GROUP_CONCAT(theme) FROM event_themes t WHERE t.event_id = e.id) AS themes, \
    (SELECT COUNT(*) FROM event_registrations r WHERE r.event_id = e.id AND r.status = 'registered') AS registered, \
    (SELECT COUNT(*) FROM event_registrations r WHERE r.event_id = e.id AND r.status = 'waiting') AS waiting, \
    e.demo, e.created_at, e.updated_at \
    FROM events e JOIN organisations o ON o.id = e.organisation_id \
    LEFT JOIN communities c ON c.id = e.community_id";

/// A registration as read: id, account, name and organisation (demo rows), status, the
/// account's name and address, its organisation's name, when.
type RegistrationRow = (
    i64,
    Option<i64>,
    String,
    String,
    String,
    Option<String>,
    Option<String>,
    String,
    String,
);

/// Which events a list shows.
#[derive(Debug, Clone, Default)]
pub struct EventFilter {
    pub theme: Option<String>,
    /// A community's slug.
    pub community: Option<String>,
    /// `Some(true)`: not ended at `now`, soonest first; `Some(false)`: ended, latest first;
    /// `None`: all, by start.
    pub upcoming: Option<bool>,
    /// RFC 3339 UTC.
    pub now: String,
}

/// A reminder due: a registered person with a confirmed address, and the event.
#[derive(Debug, Clone)]
pub struct ReminderDue {
    pub registration_id: i64,
    pub email: String,
    pub event: Event,
}

async fn organisers(conn: &mut AnyConnection, event_id: i64) -> Result<Vec<(i64, String)>> {
    let rows: Vec<(i64, String, String)> = sqlx::query_as(
        "SELECT u.id, u.name, u.email FROM event_organisers eo JOIN users u ON u.id = eo.user_id WHERE eo.event_id = $1 ORDER BY u.id",
    )
    .bind(event_id)
    .fetch_all(conn)
    .await?;
    Ok(rows
        .into_iter()
        .map(|(id, name, email)| {
            let shown = if name.trim().is_empty() {
                email.split('@').next().unwrap_or("").to_owned()
            } else {
                name
            };
            (id, shown)
        })
        .collect())
}

async fn to_event(conn: &mut AnyConnection, r: EventRow) -> Result<Event> {
    let themes = crate::concat_list(r.themes);
    Ok(Event {
        organisers: organisers(conn, r.id).await?,
        id: r.id,
        title_nl: r.title_nl,
        title_en: r.title_en,
        description_nl: r.description_nl,
        description_en: r.description_en,
        starts_at: r.starts_at,
        ends_at: r.ends_at,
        deadline_at: r.deadline_at,
        timezone: r.timezone,
        address: r.address,
        online_url: r.online_url,
        capacity: r.capacity,
        themes,
        organisation_id: r.organisation_id,
        organisation_code: r.organisation_code,
        organisation_name: r.organisation_name,
        community_slug: r.community_slug,
        community_name_nl: r.community_name_nl,
        community_name_en: r.community_name_en,
        registered: r.registered,
        waiting: r.waiting,
        demo: r.demo,
        created_at: r.created_at,
        updated_at: r.updated_at,
    })
}

async fn load_event(conn: &mut AnyConnection, id: i64) -> Result<Event> {
    let row: Option<EventRow> = sqlx::query_as(&format!("{EVENT_SELECT} WHERE e.id = $1"))
        .bind(id)
        .fetch_optional(&mut *conn)
        .await?;
    match row {
        Some(r) => to_event(conn, r).await,
        None => Err(StoreError::NotFound(format!("event {id}"))),
    }
}

/// Promotes waiting people in order while seats are free; queues each one's mail. Returns the
/// promoted accounts.
async fn promote_waiting(
    conn: &mut AnyConnection,
    event_id: i64,
    mail: PromotionMail<'_>,
    origin: &Origin,
) -> Result<Vec<i64>> {
    let mut promoted = Vec::new();
    loop {
        let free: i64 = sqlx::query_scalar(
            "SELECT e.capacity - (SELECT COUNT(*) FROM event_registrations r WHERE r.event_id = e.id AND r.status = 'registered') FROM events e WHERE e.id = $1",
        )
        .bind(event_id)
        .fetch_one(&mut *conn)
        .await?;
        if free <= 0 {
            break;
        }
        let next: Option<(i64, Option<i64>)> = sqlx::query_as(
            "SELECT id, user_id FROM event_registrations WHERE event_id = $1 AND status = 'waiting' ORDER BY id LIMIT 1",
        )
        .bind(event_id)
        .fetch_optional(&mut *conn)
        .await?;
        let Some((reg_id, user_id)) = next else {
            break;
        };
        sqlx::query("UPDATE event_registrations SET status = 'registered' WHERE id = $1")
            .bind(reg_id)
            .execute(&mut *conn)
            .await?;
        audit::record(
            conn,
            origin,
            "promote",
            "event_registration",
            Some(reg_id),
            &format!("event {event_id}"),
        )
        .await?;
        if let Some(uid) = user_id {
            let addr: Option<String> = sqlx::query_scalar(
                "SELECT email FROM users WHERE id = $1 AND confirmed_at IS NOT NULL",
            )
            .bind(uid)
            .fetch_optional(&mut *conn)
            .await?;
            if let Some(addr) = addr {
                outbox::queue_all(conn, &[mail(&addr)]).await?;
            }
            promoted.push(uid);
        }
    }
    Ok(promoted)
}

fn invalid(field: &str, key: &str) -> StoreError {
    StoreError::Invalid(CoreError::Invalid(vec![FieldError::new(field, key)]))
}

impl Store {
    /// Creates (`id` None) or updates an event: checked by the core's rules, the organisation,
    /// community and organisers looked up (unknown ones are field errors), themes and organisers
    /// replaced. When more seats come free, waiting people are promoted and mailed.
    pub async fn save_event(
        &self,
        id: Option<i64>,
        input: &EventInput,
        promoted: PromotionMail<'_>,
        origin: &Origin,
    ) -> Result<Event> {
        let times = validate_event(input)?;
        let mut tx = self.write_tx().await?;
        let org = id_by_code(&mut tx, input.organisation.trim())
            .await?
            .ok_or_else(|| invalid("organisation", "msg-event-invalid-organisation"))?;
        let community: Option<i64> = match input
            .community
            .as_deref()
            .map(str::trim)
            .filter(|s| !s.is_empty())
        {
            Some(slug) => Some(
                sqlx::query_scalar("SELECT id FROM communities WHERE slug = $1")
                    .bind(slug)
                    .fetch_optional(&mut *tx)
                    .await?
                    .ok_or_else(|| invalid("community", "msg-event-invalid-community"))?,
            ),
            None => None,
        };
        let mut organiser_ids: Vec<i64> = Vec::new();
        for who in input
            .organisers
            .iter()
            .map(|s| s.trim())
            .filter(|s| !s.is_empty())
        {
            let found: Option<i64> = sqlx::query_scalar(
                "SELECT id FROM users WHERE lower(email) = lower($1) OR CAST(id AS TEXT) = $1",
            )
            .bind(who)
            .fetch_optional(&mut *tx)
            .await?;
            let uid = found.ok_or_else(|| invalid("organisers", "msg-event-invalid-organisers"))?;
            if !organiser_ids.contains(&uid) {
                organiser_ids.push(uid);
            }
        }
        let ts = now();
        let op = if id.is_none() { "create" } else { "update" };
        let id = match id {
            None => insert_event(&mut tx, input, &times, org, community, &ts, false).await?,
            Some(id) => {
                let n = sqlx::query(
                    "UPDATE events SET title_nl = $1, title_en = $2, description_nl = $3, description_en = $4, starts_at = $5, ends_at = $6, deadline_at = $7, timezone = $8, address = $9, online_url = $10, capacity = $11, organisation_id = $12, community_id = $13, updated_at = $14 WHERE id = $15",
                )
                .bind(input.title_nl.trim())
                .bind(input.title_en.trim())
                .bind(input.description_nl.trim())
                .bind(input.description_en.trim())
                .bind(&times.starts_at)
                .bind(&times.ends_at)
                .bind(&times.deadline_at)
                .bind(&times.timezone)
                .bind(input.address.trim())
                .bind(input.online_url.trim())
                .bind(input.capacity)
                .bind(org)
                .bind(community)
                .bind(&ts)
                .bind(id)
                .execute(&mut *tx)
                .await?
                .rows_affected();
                if n == 0 {
                    return Err(StoreError::NotFound(format!("event {id}")));
                }
                sqlx::query("DELETE FROM event_themes WHERE event_id = $1")
                    .bind(id)
                    .execute(&mut *tx)
                    .await?;
                sqlx::query("DELETE FROM event_organisers WHERE event_id = $1")
                    .bind(id)
                    .execute(&mut *tx)
                    .await?;
                id
            }
        };
        for theme in &input.themes {
            sqlx::query(
                "INSERT INTO event_themes (event_id, theme) VALUES ($1, $2) ON CONFLICT DO NOTHING",
            )
            .bind(id)
            .bind(theme)
            .execute(&mut *tx)
            .await?;
        }
        for uid in &organiser_ids {
            sqlx::query("INSERT INTO event_organisers (event_id, user_id) VALUES ($1, $2)")
                .bind(id)
                .bind(uid)
                .execute(&mut *tx)
                .await?;
        }
        promote_waiting(&mut tx, id, promoted, origin).await?;
        audit::record(
            &mut tx,
            origin,
            op,
            "event",
            Some(id),
            input.title_nl.trim(),
        )
        .await?;
        changes::record(&mut tx, "event", id, op).await?;
        let event = load_event(&mut tx, id).await?;
        tx.commit().await?;
        Ok(event)
    }

    /// One event.
    pub async fn event(&self, id: i64) -> Result<Event> {
        let mut conn = self.pool.acquire().await?;
        load_event(&mut conn, id).await
    }

    /// A page of events and the total.
    pub async fn events(
        &self,
        filter: &EventFilter,
        page: leerpunt_core::paging::PageRequest,
    ) -> Result<(Vec<Event>, i64)> {
        let mut conditions = vec!["1 = 1".to_owned()];
        let order = match filter.upcoming {
            Some(true) => {
                conditions.push("e.ends_at > $1".to_owned());
                "e.starts_at ASC, e.id ASC"
            }
            Some(false) => {
                conditions.push("e.ends_at <= $1".to_owned());
                "e.starts_at DESC, e.id DESC"
            }
            None => {
                conditions.push("$1 = $1".to_owned());
                "e.starts_at ASC, e.id ASC"
            }
        };
        conditions.push(
            "($2 IS NULL OR EXISTS (SELECT 1 FROM event_themes t WHERE t.event_id = e.id AND t.theme = $2))"
                .to_owned(),
        );
        conditions.push("($3 IS NULL OR c.slug = $3)".to_owned());
        let where_ = conditions.join(" AND ");
        let mut conn = self.pool.acquire().await?;
        let total: i64 = sqlx::query_scalar(&format!(
            "SELECT COUNT(*) FROM events e LEFT JOIN communities c ON c.id = e.community_id WHERE {where_}"
        ))
        .bind(&filter.now)
        .bind(&filter.theme)
        .bind(&filter.community)
        .fetch_one(&mut *conn)
        .await?;
        let rows: Vec<EventRow> = sqlx::query_as(&format!(
            "{EVENT_SELECT} WHERE {where_} ORDER BY {order} LIMIT $4 OFFSET $5"
        ))
        .bind(&filter.now)
        .bind(&filter.theme)
        .bind(&filter.community)
        .bind(i64::from(page.per_page))
        .bind(page.offset())
        .fetch_all(&mut *conn)
        .await?;
        let mut out = Vec::with_capacity(rows.len());
        for r in rows {
            out.push(to_event(&mut conn, r).await?);
        }
        Ok((out, total))
    }

    /// Registers an account for an event: a seat while any is free, else the waiting list. The
    /// count and the insert are one write transaction, so seats are never given twice. Refused
    /// (409) after the deadline, and when the account is registered already.
    pub async fn register_for_event(
        &self,
        event_id: i64,
        user_id: i64,
        origin: &Origin,
    ) -> Result<RegistrationStatus> {
        let mut tx = self.write_tx().await?;
        let event: Option<(i64, String)> =
            sqlx::query_as("SELECT capacity, deadline_at FROM events WHERE id = $1")
                .bind(event_id)
                .fetch_optional(&mut *tx)
                .await?;
        let Some((capacity, deadline)) = event else {
            return Err(StoreError::NotFound(format!("event {event_id}")));
        };
        let ts = now();
        if ts >= deadline {
            return Err(StoreError::Conflict(
                "msg-event-registration-closed".to_owned(),
            ));
        }
        let exists: Option<i64> = sqlx::query_scalar(
            "SELECT id FROM event_registrations WHERE event_id = $1 AND user_id = $2",
        )
        .bind(event_id)
        .bind(user_id)
        .fetch_optional(&mut *tx)
        .await?;
        if exists.is_some() {
            return Err(StoreError::Conflict(
                "msg-event-already-registered".to_owned(),
            ));
        }
        let registered: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM event_registrations WHERE event_id = $1 AND status = 'registered'",
        )
        .bind(event_id)
        .fetch_one(&mut *tx)
        .await?;
        let status = status_for_new(capacity, registered);
        let reg_id: i64 = sqlx::query_scalar(
            "INSERT INTO event_registrations (event_id, user_id, status, created_at) VALUES ($1, $2, $3, $4) RETURNING id",
        )
        .bind(event_id)
        .bind(user_id)
        .bind(status.key())
        .bind(&ts)
        .fetch_one(&mut *tx)
        .await
        .map_err(|e| crate::conflict_on(e, || "msg-event-already-registered".to_owned()))?;
        audit::record(
            &mut tx,
            origin,
            "register",
            "event_registration",
            Some(reg_id),
            &format!("event {event_id}: {}", status.key()),
        )
        .await?;
        changes::record(&mut tx, "event", event_id, "register").await?;
        tx.commit().await?;
        Ok(status)
    }

    /// Cancels an account's registration. When it held a seat, the first on the waiting list
    /// gets it and `promoted` mail, in the same transaction. Returns the promoted account.
    pub async fn cancel_registration(
        &self,
        event_id: i64,
        user_id: i64,
        promoted: PromotionMail<'_>,
        origin: &Origin,
    ) -> Result<Option<i64>> {
        let mut tx = self.write_tx().await?;
        let found: Option<(i64, String)> = sqlx::query_as(
            "SELECT id, status FROM event_registrations WHERE event_id = $1 AND user_id = $2",
        )
        .bind(event_id)
        .bind(user_id)
        .fetch_optional(&mut *tx)
        .await?;
        let Some((reg_id, status)) = found else {
            return Err(StoreError::NotFound(format!(
                "registration for event {event_id}"
            )));
        };
        sqlx::query("DELETE FROM event_registrations WHERE id = $1")
            .bind(reg_id)
            .execute(&mut *tx)
            .await?;
        audit::record(
            &mut tx,
            origin,
            "cancel",
            "event_registration",
            Some(reg_id),
            &format!("event {event_id}: {status}"),
        )
        .await?;
        let promoted = if status == "registered" {
            promote_waiting(&mut tx, event_id, promoted, origin)
                .await?
                .into_iter()
                .next()
        } else {
            None
        };
        changes::record(&mut tx, "event", event_id, "cancel").await?;
        tx.commit().await?;
        Ok(promoted)
    }

    /// An account's registration for an event and, on the waiting list, its place (1 = next).
    pub async fn registration_of(
        &self,
        event_id: i64,
        user_id: i64,
    ) -> Result<Option<(RegistrationStatus, i64)>> {
        let found: Option<(i64, String)> = sqlx::query_as(
            "SELECT id, status FROM event_registrations WHERE event_id = $1 AND user_id = $2",
        )
        .bind(event_id)
        .bind(user_id)
        .fetch_optional(&self.pool)
        .await?;
        let Some((id, status)) = found else {
            return Ok(None);
        };
        let status = RegistrationStatus::parse(&status)
            .ok_or_else(|| StoreError::Data(format!("registration {id}: status {status:?}")))?;
        let place: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM event_registrations WHERE event_id = $1 AND status = 'waiting' AND id <= $2",
        )
        .bind(event_id)
        .bind(id)
        .fetch_one(&self.pool)
        .await?;
        Ok(Some((status, place)))
    }

    /// The registrations of an event: seats first, then the waiting list, each in order.
    pub async fn registrations(&self, event_id: i64) -> Result<Vec<Registration>> {
        let rows: Vec<RegistrationRow> =
            sqlx::query_as(
                "SELECT r.id, r.user_id, r.name, r.organisation, r.status, u.name, u.email, COALESCE(o.name, ''), r.created_at \
                 FROM event_registrations r LEFT JOIN users u ON u.id = r.user_id \
                 LEFT JOIN organisations o ON o.id = u.organisation_id \
                 WHERE r.event_id = $1 ORDER BY CASE r.status WHEN 'registered' THEN 0 ELSE 1 END, r.id",
            )
            .bind(event_id)
            .fetch_all(&self.pool)
            .await?;
        rows.into_iter()
            .map(
                |(id, user_id, name, org, status, uname, email, uorg, created_at)| {
                    let status = RegistrationStatus::parse(&status).ok_or_else(|| {
                        StoreError::Data(format!("registration {id}: status {status:?}"))
                    })?;
                    let email = email.unwrap_or_default();
                    let name = match uname.filter(|n| !n.trim().is_empty()) {
                        Some(n) => n,
                        None if user_id.is_some() => {
                            email.split('@').next().unwrap_or("").to_owned()
                        }
                        None => name,
                    };
                    Ok(Registration {
                        id,
                        event_id,
                        user_id,
                        name,
                        email,
                        organisation: if user_id.is_some() { uorg } else { org },
                        status,
                        created_at,
                    })
                },
            )
            .collect()
    }

    /// Queues a message of the organisers to the registered attendees (confirmed addresses),
    /// with an audit entry. Returns how many were queued.
    pub async fn message_attendees(
        &self,
        event_id: i64,
        mail: PromotionMail<'_>,
        origin: &Origin,
    ) -> Result<usize> {
        let mut tx = self.write_tx().await?;
        let to: Vec<String> = sqlx::query_scalar(
            "SELECT u.email FROM event_registrations r JOIN users u ON u.id = r.user_id \
             WHERE r.event_id = $1 AND r.status = 'registered' AND u.confirmed_at IS NOT NULL ORDER BY r.id",
        )
        .bind(event_id)
        .fetch_all(&mut *tx)
        .await?;
        let mails: Vec<Mail> = to.iter().map(|a| mail(a)).collect();
        outbox::queue_all(&mut tx, &mails).await?;
        audit::record(
            &mut tx,
            origin,
            "message",
            "event",
            Some(event_id),
            &format!("{} recipient(s)", mails.len()),
        )
        .await?;
        tx.commit().await?;
        Ok(mails.len())
    }

    /// Adds a link to slides or notes.
    pub async fn add_material(
        &self,
        event_id: i64,
        title: &str,
        url: &str,
        origin: &Origin,
    ) -> Result<Material> {
        events::validate_material(title, url)?;
        let mut tx = self.write_tx().await?;
        let ts = now();
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO event_materials (event_id, title, url, created_at) SELECT id, $2, $3, $4 FROM events WHERE id = $1 RETURNING id",
        )
        .bind(event_id)
        .bind(title.trim())
        .bind(url.trim())
        .bind(&ts)
        .fetch_optional(&mut *tx)
        .await?
        .ok_or_else(|| StoreError::NotFound(format!("event {event_id}")))?;
        audit::record(
            &mut tx,
            origin,
            "create",
            "event_material",
            Some(id),
            title.trim(),
        )
        .await?;
        changes::record(&mut tx, "event", event_id, "material").await?;
        tx.commit().await?;
        Ok(Material {
            id,
            title: title.trim().to_owned(),
            url: url.trim().to_owned(),
            created_at: ts,
        })
    }

    /// The slides and notes of an event, oldest first.
    pub async fn materials(&self, event_id: i64) -> Result<Vec<Material>> {
        let rows: Vec<(i64, String, String, String)> = sqlx::query_as(
            "SELECT id, title, url, created_at FROM event_materials WHERE event_id = $1 ORDER BY id",
        )
        .bind(event_id)
        .fetch_all(&self.pool)
        .await?;
        Ok(rows
            .into_iter()
            .map(|(id, title, url, created_at)| Material {
                id,
                title,
                url,
                created_at,
            })
            .collect())
    }

    /// Reminders due: seats of events starting after `from` and no later than `until` (RFC 3339
    /// UTC) whose holder has a confirmed address and was not reminded yet.
    pub async fn due_reminders(&self, from: &str, until: &str) -> Result<Vec<ReminderDue>> {
        let rows: Vec<(i64, String, i64)> = sqlx::query_as(
            "SELECT r.id, u.email, r.event_id FROM event_registrations r JOIN users u ON u.id = r.user_id \
             JOIN events e ON e.id = r.event_id \
             WHERE r.status = 'registered' AND r.reminded_at IS NULL AND u.confirmed_at IS NOT NULL \
             AND e.starts_at > $1 AND e.starts_at <= $2 ORDER BY e.starts_at, r.id",
        )
        .bind(from)
        .bind(until)
        .fetch_all(&self.pool)
        .await?;
        let mut out = Vec::with_capacity(rows.len());
        let mut conn = self.pool.acquire().await?;
        for (registration_id, email, event_id) in rows {
            out.push(ReminderDue {
                registration_id,
                email,
                event: load_event(&mut conn, event_id).await?,
            });
        }
        Ok(out)
    }

    /// Marks a reminder sent and queues its mail, once: `false` when it was sent already.
    pub async fn send_reminder(&self, registration_id: i64, mail: &Mail, at: &str) -> Result<bool> {
        let mut tx = self.write_tx().await?;
        let n = sqlx::query(
            "UPDATE event_registrations SET reminded_at = $1 WHERE id = $2 AND reminded_at IS NULL AND status = 'registered'",
        )
        .bind(at)
        .bind(registration_id)
        .execute(&mut *tx)
        .await?
        .rows_affected();
        if n == 1 {
            outbox::queue_all(&mut tx, std::slice::from_ref(mail)).await?;
        }
        tx.commit().await?;
        Ok(n == 1)
    }

    /// The organisers' addresses of an event.
    pub async fn organiser_addresses(&self, event_id: i64) -> Result<Vec<String>> {
        Ok(sqlx::query_scalar(
            "SELECT u.email FROM event_organisers eo JOIN users u ON u.id = eo.user_id WHERE eo.event_id = $1 ORDER BY u.id",
        )
        .bind(event_id)
        .fetch_all(&self.pool)
        .await?)
    }

    /// The communities to link an event to (slug, Dutch name).
    pub async fn community_slugs(&self) -> Result<Vec<(String, String)>> {
        Ok(
            sqlx::query_as("SELECT slug, name_nl FROM communities ORDER BY name_nl")
                .fetch_all(&self.pool)
                .await?,
        )
    }
}

/// The demo events, written for Leerpunt (see the file's header).
pub const DEMO_EVENTS_TOML: &str = include_str!("../seed/demo-events.toml");

#[derive(serde::Deserialize)]
struct DemoEvents {
    event: Vec<DemoEvent>,
}

#[derive(serde::Deserialize)]
struct DemoEvent {
    title_nl: String,
    title_en: String,
    description_nl: String,
    description_en: String,
    /// Days from the loading day (negative: in the past).
    days_from_now: i64,
    /// Local start and end time of day, `HH:MM`.
    start: String,
    end: String,
    #[serde(default)]
    address: String,
    #[serde(default)]
    online_url: String,
    capacity: i64,
    organisation: String,
    #[serde(default)]
    community: Option<String>,
    #[serde(default)]
    themes: Vec<String>,
    /// Demo people with a seat, then on the waiting list (by name, from demo-people).
    #[serde(default)]
    attendees: Vec<String>,
    #[serde(default)]
    materials: Vec<DemoMaterial>,
}

#[derive(serde::Deserialize)]
struct DemoMaterial {
    title: String,
    url: String,
}

/// Loads the demo events (times relative to today, in Amsterdam) with registrations by demo
/// people (without accounts) and materials, unless demo events exist. Each is checked by the same
/// rules as an organiser's. Returns how many were written.
pub(crate) async fn load_demo_events(conn: &mut AnyConnection) -> Result<usize> {
    let existing: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM events WHERE demo = 1")
        .fetch_one(&mut *conn)
        .await?;
    if existing > 0 {
        return Ok(0);
    }
    let demo: DemoEvents = toml::from_str(DEMO_EVENTS_TOML)
        .map_err(|e| StoreError::Data(format!("demo events: {e}")))?;
    let today = time::OffsetDateTime::now_utc().date();
    let ts = now();
    for (n, d) in demo.event.iter().enumerate() {
        let what = |e: String| StoreError::Data(format!("demo event {}: {e}", n + 1));
        let day = today + time::Duration::days(d.days_from_now);
        let date = format!(
            "{:04}-{:02}-{:02}",
            day.year(),
            u8::from(day.month()),
            day.day()
        );
        let input = EventInput {
            title_nl: d.title_nl.clone(),
            title_en: d.title_en.clone(),
            description_nl: d.description_nl.clone(),
            description_en: d.description_en.clone(),
            starts: format!("{date}T{}", d.start),
            ends: format!("{date}T{}", d.end),
            deadline: String::new(),
            timezone: String::new(),
            address: d.address.clone(),
            online_url: d.online_url.clone(),
            capacity: d.capacity,
            themes: d.themes.clone(),
            community: d.community.clone(),
            organisation: d.organisation.clone(),
            organisers: vec![],
        };
        let times = validate_event(&input).map_err(|e| what(e.to_string()))?;
        let org = id_by_code(conn, &d.organisation)
            .await?
            .ok_or_else(|| what(format!("unknown organisation {}", d.organisation)))?;
        let community: Option<i64> = match &d.community {
            Some(slug) => Some(
                sqlx::query_scalar("SELECT id FROM communities WHERE slug = $1")
                    .bind(slug)
                    .fetch_optional(&mut *conn)
                    .await?
                    .ok_or_else(|| what(format!("unknown community {slug}")))?,
            ),
            None => None,
        };
        let id = insert_event(conn, &input, &times, org, community, &ts, true).await?;
        for theme in &d.themes {
            sqlx::query(
                "INSERT INTO event_themes (event_id, theme) VALUES ($1, $2) ON CONFLICT DO NOTHING",
            )
            .bind(id)
            .bind(theme)
            .execute(&mut *conn)
            .await?;
        }
        for (i, name) in d.attendees.iter().enumerate() {
            let org_name: Option<String> = sqlx::query_scalar(
                "SELECT o.name FROM people p JOIN organisations o ON o.id = p.organisation_id WHERE p.name = $1 AND p.user_id IS NULL ORDER BY p.id LIMIT 1",
            )
            .bind(name)
            .fetch_optional(&mut *conn)
            .await?;
            let org_name = org_name.ok_or_else(|| what(format!("unknown demo person {name}")))?;
            let status = status_for_new(d.capacity, i as i64);
            sqlx::query(
                "INSERT INTO event_registrations (event_id, name, organisation, status, demo, created_at) VALUES ($1, $2, $3, $4, 1, $5)",
            )
            .bind(id)
            .bind(name)
            .bind(&org_name)
            .bind(status.key())
            .bind(&ts)
            .execute(&mut *conn)
            .await?;
        }
        for m in &d.materials {
            events::validate_material(&m.title, &m.url).map_err(|e| what(e.to_string()))?;
            sqlx::query(
                "INSERT INTO event_materials (event_id, title, url, created_at) VALUES ($1, $2, $3, $4)",
            )
            .bind(id)
            .bind(&m.title)
            .bind(&m.url)
            .bind(&ts)
            .execute(&mut *conn)
            .await?;
        }
        changes::record(conn, "event", id, "create").await?;
    }
    Ok(demo.event.len())
}

/// Writes a new event row (themes, organisers and materials are the caller's); returns its id.
async fn insert_event(
    conn: &mut AnyConnection,
    input: &EventInput,
    times: &EventTimes,
    org: i64,
    community: Option<i64>,
    ts: &str,
    demo: bool,
) -> Result<i64> {
    Ok(sqlx::query_scalar(
        "INSERT INTO events (title_nl, title_en, description_nl, description_en, starts_at, ends_at, deadline_at, timezone, address, online_url, capacity, organisation_id, community_id, demo, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $15) RETURNING id",
    )
    .bind(input.title_nl.trim())
    .bind(input.title_en.trim())
    .bind(input.description_nl.trim())
    .bind(input.description_en.trim())
    .bind(&times.starts_at)
    .bind(&times.ends_at)
    .bind(&times.deadline_at)
    .bind(&times.timezone)
    .bind(input.address.trim())
    .bind(input.online_url.trim())
    .bind(input.capacity)
    .bind(org)
    .bind(community)
    .bind(i64::from(demo))
    .bind(ts)
    .fetch_one(conn)
    .await?)
}
