//! The meeting log's storage: logging, editing and reading meetings with their organisations,
//! themes, follow-ups and links; marking a follow-up done; the facts of a report's period; the
//! bulk import of an old log; the demo log.
//!
//! Every write is one transaction with its audit entry. References (organisation codes, practice
//! slugs, question ids) are resolved inside that transaction: an unknown one is a field error and
//! nothing is stored. The log itself is not public and not searched, but the public dashboard counts
//! its meetings by kind and the organisations they reached: logging, editing and importing meetings
//! append a `meeting` entry to the change log (the search follower passes it by), so the
//! dashboard's kept figures are dropped.

use std::collections::BTreeMap;

use leerpunt_core::meetings::{
    first_problem, validate_meeting, FollowUp, Meeting, MeetingKind, NewMeeting, Period, Present,
};
use leerpunt_core::{CoreError, FieldError, OrgKind};
use serde::Deserialize;
use sqlx::AnyConnection;

use crate::audit::{self, Origin};
use crate::changes;
use crate::{now, Result, Store, StoreError};

/// The demo meeting log shipped with Leerpunt (fictional meetings of real organisations).
pub const DEMO_MEETINGS_TOML: &str = include_str!("../seed/demo-meetings.toml");

/// Which meetings a page of the log shows.
#[derive(Debug, Clone, Default)]
pub struct MeetingFilter {
    pub year: Option<i32>,
    pub kind: Option<MeetingKind>,
}

#[derive(sqlx::FromRow)]
struct MeetingRow {
    id: i64,
    held_on: String,
    kind: String,
    title: String,
    outcome: String,
    #[sqlx(try_from = "crate::Flag")]
    public: bool,
    author_id: Option<i64>,
    #[sqlx(try_from = "crate::Flag")]
    demo: bool,
    created_at: String,
    updated_at: String,
}

const SELECT: &str = "SELECT id, held_on, kind, title, outcome, public, author_id, demo, created_at, updated_at FROM meetings";

fn ids_sql(rows: &[MeetingRow]) -> String {
    rows.iter()
        .map(|r| r.id.to_string())
        .collect::<Vec<_>>()
        .join(",")
}

/// Loads the children of meeting rows (a handful of queries for any number of meetings).
async fn hydrate(conn: &mut AnyConnection, rows: Vec<MeetingRow>) -> Result<Vec<Meeting>> {
    if rows.is_empty() {
        return Ok(Vec::new());
    }
    let ids = ids_sql(&rows);
    let mut orgs: BTreeMap<i64, Vec<Present>> = BTreeMap::new();
    let org_rows: Vec<(i64, String, String, String, Option<String>)> = sqlx::query_as(&format!(
        "SELECT mo.meeting_id, o.code, o.name, o.kind, o.province FROM meeting_organisations mo \
         JOIN organisations o ON o.id = mo.organisation_id WHERE mo.meeting_id IN ({ids}) ORDER BY o.name"
    ))
    .fetch_all(&mut *conn)
    .await?;
    for (id, code, name, kind, province) in org_rows {
        let kind: OrgKind = kind
            .parse()
            .map_err(|_| StoreError::Data(format!("organisation {code}: kind {kind:?}")))?;
        orgs.entry(id).or_default().push(Present {
            code,
            name,
            kind,
            province: province.filter(|p| !p.is_empty()),
        });
    }
    let mut themes: BTreeMap<i64, Vec<String>> = grouped(
        conn,
        &format!("SELECT meeting_id, theme FROM meeting_themes WHERE meeting_id IN ({ids}) ORDER BY theme"),
    )
    .await?;
    let mut practices: BTreeMap<i64, Vec<String>> = grouped(
        conn,
        &format!(
            "SELECT mp.meeting_id, p.slug FROM meeting_practices mp JOIN practices p ON p.id = mp.practice_id \
             WHERE mp.meeting_id IN ({ids}) ORDER BY p.slug"
        ),
    )
    .await?;
    let mut questions: BTreeMap<i64, Vec<i64>> = grouped(
        conn,
        &format!(
            "SELECT meeting_id, question_id FROM meeting_questions WHERE meeting_id IN ({ids}) ORDER BY question_id"
        ),
    )
    .await?;
    let mut links: BTreeMap<i64, Vec<String>> = grouped(
        conn,
        &format!(
            "SELECT meeting_id, url FROM meeting_links WHERE meeting_id IN ({ids}) ORDER BY meeting_id, position"
        ),
    )
    .await?;
    let mut follow_ups: BTreeMap<i64, Vec<FollowUp>> = BTreeMap::new();
    #[allow(clippy::type_complexity)]
    let follow_rows: Vec<(i64, i64, String, String, Option<i64>, Option<String>, String, Option<String>)> =
        sqlx::query_as(&format!(
            "SELECT f.meeting_id, f.id, f.action, f.owner, f.owner_user_id, u.name, f.due_on, f.done_on \
             FROM meeting_follow_ups f LEFT JOIN users u ON u.id = f.owner_user_id \
             WHERE f.meeting_id IN ({ids}) ORDER BY f.meeting_id, f.position"
        ))
        .fetch_all(&mut *conn)
        .await?;
    for (mid, id, action, owner, owner_user_id, user_name, due, done) in follow_rows {
        follow_ups.entry(mid).or_default().push(FollowUp {
            id,
            action,
            owner,
            owner_user_id,
            owner_name: user_name.filter(|n| !n.trim().is_empty() && owner_user_id.is_some()),
            due,
            done,
        });
    }
    rows.into_iter()
        .map(|r| {
            let kind = MeetingKind::parse(&r.kind)
                .ok_or_else(|| StoreError::Data(format!("meeting {}: kind {:?}", r.id, r.kind)))?;
            Ok(Meeting {
                id: r.id,
                date: r.held_on,
                kind,
                title: r.title,
                organisations: orgs.remove(&r.id).unwrap_or_default(),
                themes: themes.remove(&r.id).unwrap_or_default(),
                outcome: r.outcome,
                public: r.public,
                follow_ups: follow_ups.remove(&r.id).unwrap_or_default(),
                practices: practices.remove(&r.id).unwrap_or_default(),
                questions: questions.remove(&r.id).unwrap_or_default(),
                links: links.remove(&r.id).unwrap_or_default(),
                author_id: r.author_id,
                demo: r.demo,
                created_at: r.created_at,
                updated_at: r.updated_at,
            })
        })
        .collect()
}

async fn meeting_in(conn: &mut AnyConnection, id: i64) -> Result<Meeting> {
    let row: Option<MeetingRow> = sqlx::query_as(&format!("{SELECT} WHERE id = $1"))
        .bind(id)
        .fetch_optional(&mut *conn)
        .await?;
    let row = row.ok_or_else(|| StoreError::NotFound(format!("meeting {id}")))?;
    hydrate(conn, vec![row])
        .await?
        .pop()
        .ok_or_else(|| StoreError::NotFound(format!("meeting {id}")))
}

/// The references of a meeting, resolved to row ids.
struct Resolved {
    organisations: Vec<i64>,
    practices: Vec<i64>,
    questions: Vec<i64>,
    /// Per follow-up: the account its owner names by address.
    owners: Vec<Option<i64>>,
}

/// Checks a meeting and resolves its references; every unknown one is a field error.
async fn resolve(conn: &mut AnyConnection, m: &NewMeeting) -> Result<Resolved> {
    // Every problem at once: the rules of the fields and the references that do not exist.
    let mut errors = match validate_meeting(m) {
        Ok(()) => Vec::new(),
        Err(CoreError::Invalid(fields)) => fields,
        Err(e) => return Err(e.into()),
    };
    let mut organisations = Vec::new();
    for code in m
        .organisations
        .iter()
        .filter(|c| !c.trim().is_empty() && c.len() <= 20)
    {
        let code = code.trim();
        match crate::organisations::id_by_code(conn, code).await? {
            Some(id) if !organisations.contains(&id) => organisations.push(id),
            Some(_) => {}
            None => errors.push(FieldError::new(
                "organisations",
                format!("unknown organisation {code}"),
            )),
        }
    }
    let mut practices = Vec::new();
    for slug in m
        .practices
        .iter()
        .filter(|s| leerpunt_core::text::is_slug(s))
    {
        let id: Option<i64> = sqlx::query_scalar("SELECT id FROM practices WHERE slug = $1")
            .bind(slug.trim())
            .fetch_optional(&mut *conn)
            .await?;
        match id {
            Some(id) if !practices.contains(&id) => practices.push(id),
            Some(_) => {}
            None => errors.push(FieldError::new(
                "practices",
                format!("unknown practice {slug}"),
            )),
        }
    }
    let mut questions = Vec::new();
    for q in m.questions.iter().filter(|q| **q > 0) {
        let id: Option<i64> = sqlx::query_scalar("SELECT id FROM questions WHERE id = $1")
            .bind(q)
            .fetch_optional(&mut *conn)
            .await?;
        match id {
            Some(id) if !questions.contains(&id) => questions.push(id),
            Some(_) => {}
            None => errors.push(FieldError::new(
                "questions",
                format!("unknown question {q}"),
            )),
        }
    }
    let mut owners = Vec::new();
    for f in &m.follow_ups {
        let owner = f.owner.trim();
        let user: Option<i64> = if owner.contains('@') {
            sqlx::query_scalar("SELECT id FROM users WHERE email = $1")
                .bind(owner.to_lowercase())
                .fetch_optional(&mut *conn)
                .await?
        } else {
            None
        };
        owners.push(user);
    }
    if !errors.is_empty() {
        return Err(CoreError::Invalid(errors).into());
    }
    Ok(Resolved {
        organisations,
        practices,
        questions,
        owners,
    })
}

/// Writes the meeting's children (after deleting the old ones on an update).
async fn write_children(
    conn: &mut AnyConnection,
    id: i64,
    m: &NewMeeting,
    r: &Resolved,
) -> Result<()> {
    for table in [
        "meeting_organisations",
        "meeting_themes",
        "meeting_practices",
        "meeting_questions",
        "meeting_links",
        "meeting_follow_ups",
    ] {
        sqlx::query(&format!("DELETE FROM {table} WHERE meeting_id = $1"))
            .bind(id)
            .execute(&mut *conn)
            .await?;
    }
    for org in &r.organisations {
        sqlx::query(
            "INSERT INTO meeting_organisations (meeting_id, organisation_id) VALUES ($1, $2)",
        )
        .bind(id)
        .bind(org)
        .execute(&mut *conn)
        .await?;
    }
    for t in &m.themes {
        sqlx::query(
            "INSERT INTO meeting_themes (meeting_id, theme) VALUES ($1, $2) ON CONFLICT DO NOTHING",
        )
        .bind(id)
        .bind(t)
        .execute(&mut *conn)
        .await?;
    }
    for p in &r.practices {
        sqlx::query("INSERT INTO meeting_practices (meeting_id, practice_id) VALUES ($1, $2)")
            .bind(id)
            .bind(p)
            .execute(&mut *conn)
            .await?;
    }
    for q in &r.questions {
        sqlx::query("INSERT INTO meeting_questions (meeting_id, question_id) VALUES ($1, $2)")
            .bind(id)
            .bind(q)
            .execute(&mut *conn)
            .await?;
    }
    for (i, l) in m.links.iter().enumerate() {
        sqlx::query("INSERT INTO meeting_links (meeting_id, position, url) VALUES ($1, $2, $3)")
            .bind(id)
            .bind(i as i64)
            .bind(l.trim())
            .execute(&mut *conn)
            .await?;
    }
    for (i, (f, owner)) in m.follow_ups.iter().zip(&r.owners).enumerate() {
        sqlx::query(
            "INSERT INTO meeting_follow_ups (meeting_id, position, action, owner, owner_user_id, due_on, done_on) \
             VALUES ($1, $2, $3, $4, $5, $6, $7)",
        )
        .bind(id)
        .bind(i as i64)
        .bind(f.action.trim())
        .bind(f.owner.trim())
        .bind(owner)
        .bind(f.due.trim())
        .bind(f.done.as_deref().map(str::trim).filter(|d| !d.is_empty()))
        .execute(&mut *conn)
        .await?;
    }
    Ok(())
}

/// Inserts a checked meeting inside the caller's transaction; returns its id.
async fn insert(
    conn: &mut AnyConnection,
    m: &NewMeeting,
    author: Option<i64>,
    demo: bool,
) -> Result<i64> {
    let r = resolve(conn, m).await?;
    let ts = now();
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO meetings (held_on, kind, title, outcome, public, author_id, demo, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8) RETURNING id",
    )
    .bind(m.date.trim())
    .bind(m.kind.trim())
    .bind(m.title.trim())
    .bind(m.outcome.trim())
    .bind(i64::from(m.public))
    .bind(author)
    .bind(i64::from(demo))
    .bind(&ts)
    .fetch_one(&mut *conn)
    .await?;
    write_children(conn, id, m, &r).await?;
    Ok(id)
}

impl Store {
    /// Logs a meeting.
    pub async fn create_meeting(
        &self,
        m: &NewMeeting,
        author: Option<i64>,
        origin: &Origin,
    ) -> Result<Meeting> {
        let mut tx = self.write_tx().await?;
        let id = insert(&mut tx, m, author, false).await?;
        audit::record(
            &mut tx,
            origin,
            "meeting.create",
            "meeting",
            Some(id),
            m.kind.trim(),
        )
        .await?;
        changes::record(&mut tx, "meeting", id, "create").await?;
        let meeting = meeting_in(&mut tx, id).await?;
        tx.commit().await?;
        Ok(meeting)
    }

    /// Replaces what is logged of a meeting.
    pub async fn update_meeting(
        &self,
        id: i64,
        m: &NewMeeting,
        origin: &Origin,
    ) -> Result<Meeting> {
        let mut tx = self.write_tx().await?;
        meeting_in(&mut tx, id).await?;
        let r = resolve(&mut tx, m).await?;
        sqlx::query(
            "UPDATE meetings SET held_on = $1, kind = $2, title = $3, outcome = $4, public = $5, updated_at = $6 WHERE id = $7",
        )
        .bind(m.date.trim())
        .bind(m.kind.trim())
        .bind(m.title.trim())
        .bind(m.outcome.trim())
        .bind(i64::from(m.public))
        .bind(now())
        .bind(id)
        .execute(&mut *tx)
        .await?;
        write_children(&mut tx, id, m, &r).await?;
        audit::record(
            &mut tx,
            origin,
            "meeting.update",
            "meeting",
            Some(id),
            m.kind.trim(),
        )
        .await?;
        changes::record(&mut tx, "meeting", id, "update").await?;
        let meeting = meeting_in(&mut tx, id).await?;
        tx.commit().await?;
        Ok(meeting)
    }

    /// Marks a follow-up of a meeting done on `date` (`YYYY-MM-DD`, not before the meeting).
    pub async fn follow_up_done(
        &self,
        meeting_id: i64,
        follow_up_id: i64,
        date: &str,
        origin: &Origin,
    ) -> Result<Meeting> {
        let mut tx = self.write_tx().await?;
        let meeting = meeting_in(&mut tx, meeting_id).await?;
        if !meeting.follow_ups.iter().any(|f| f.id == follow_up_id) {
            return Err(StoreError::NotFound(format!("follow-up {follow_up_id}")));
        }
        if !leerpunt_core::meetings::is_date(date) {
            return Err(CoreError::invalid(
                "done",
                format!("done date {date:?} is not a date (YYYY-MM-DD)"),
            )
            .into());
        }
        if date < meeting.date.as_str() {
            return Err(CoreError::invalid(
                "done",
                format!("done date {date} is before the meeting"),
            )
            .into());
        }
        sqlx::query("UPDATE meeting_follow_ups SET done_on = $1 WHERE id = $2 AND meeting_id = $3")
            .bind(date)
            .bind(follow_up_id)
            .bind(meeting_id)
            .execute(&mut *tx)
            .await?;
        sqlx::query("UPDATE meetings SET updated_at = $1 WHERE id = $2")
            .bind(now())
            .bind(meeting_id)
            .execute(&mut *tx)
            .await?;
        audit::record(
            &mut tx,
            origin,
            "meeting.follow_up_done",
            "meeting",
            Some(meeting_id),
            &format!("follow-up {follow_up_id} on {date}"),
        )
        .await?;
        let meeting = meeting_in(&mut tx, meeting_id).await?;
        tx.commit().await?;
        Ok(meeting)
    }

    /// One meeting.
    pub async fn meeting(&self, id: i64) -> Result<Meeting> {
        let mut conn = self.pool.acquire().await?;
        meeting_in(&mut conn, id).await
    }

    /// A page of the log, newest first, and how many meetings match.
    pub async fn meetings(
        &self,
        filter: &MeetingFilter,
        limit: i64,
        offset: i64,
    ) -> Result<(Vec<Meeting>, i64)> {
        let (from, to) = match filter.year {
            Some(y) => (format!("{y:04}-01-01"), format!("{y:04}-12-31")),
            None => ("0000-01-01".to_owned(), "9999-12-31".to_owned()),
        };
        let kind = filter.kind.map(|k| k.key()).unwrap_or("");
        let condition = "held_on >= $1 AND held_on <= $2 AND ($3 = '' OR kind = $3)";
        let total: i64 =
            sqlx::query_scalar(&format!("SELECT COUNT(*) FROM meetings WHERE {condition}"))
                .bind(&from)
                .bind(&to)
                .bind(kind)
                .fetch_one(&self.pool)
                .await?;
        let mut conn = self.pool.acquire().await?;
        let rows: Vec<MeetingRow> = sqlx::query_as(&format!(
            "{SELECT} WHERE {condition} ORDER BY held_on DESC, id DESC LIMIT $4 OFFSET $5"
        ))
        .bind(&from)
        .bind(&to)
        .bind(kind)
        .bind(limit)
        .bind(offset)
        .fetch_all(&mut *conn)
        .await?;
        Ok((hydrate(&mut conn, rows).await?, total))
    }

    /// The meetings a report of `period` counts: those held in it, and those with a follow-up
    /// due in it. Oldest first.
    pub async fn meetings_for_report(&self, period: &Period) -> Result<Vec<Meeting>> {
        let mut conn = self.pool.acquire().await?;
        let rows: Vec<MeetingRow> = sqlx::query_as(&format!(
            "{SELECT} WHERE (held_on >= $1 AND held_on <= $2) \
             OR id IN (SELECT meeting_id FROM meeting_follow_ups WHERE due_on >= $1 AND due_on <= $2) \
             ORDER BY held_on, id"
        ))
        .bind(period.start())
        .bind(period.end())
        .fetch_all(&mut *conn)
        .await?;
        hydrate(&mut conn, rows).await
    }

    /// The years the log has meetings in, newest first (for the filters).
    pub async fn meeting_years(&self) -> Result<Vec<i32>> {
        let years: Vec<String> = sqlx::query_scalar(
            "SELECT DISTINCT substr(held_on, 1, 4) FROM meetings ORDER BY 1 DESC",
        )
        .fetch_all(&self.pool)
        .await?;
        Ok(years.iter().filter_map(|y| y.parse().ok()).collect())
    }

    /// Imports an old log in one transaction. `rows` are (line number, the line as a meeting or
    /// why it is not one). Any bad line (unreadable, invalid, unknown reference) fails the whole
    /// import with every bad line named as `line N` and nothing stored.
    pub async fn import_meetings(
        &self,
        rows: &[(u64, std::result::Result<NewMeeting, String>)],
        origin: &Origin,
        progress: &mut (dyn FnMut(usize) + Send),
    ) -> Result<usize> {
        let mut tx = self.write_tx().await?;
        let mut errors = Vec::new();
        let mut created = 0;
        for (i, (line, row)) in rows.iter().enumerate() {
            progress(i + 1);
            let m = match row {
                Ok(m) => m,
                Err(reason) => {
                    errors.push(FieldError::new(format!("line {line}"), reason.clone()));
                    continue;
                }
            };
            match insert(&mut tx, m, origin.user_id, false).await {
                Ok(_) => created += 1,
                Err(StoreError::Invalid(e)) => {
                    errors.push(FieldError::new(format!("line {line}"), first_problem(&e)));
                }
                Err(e) => return Err(e),
            }
        }
        if !errors.is_empty() {
            return Err(CoreError::Invalid(errors).into());
        }
        audit::record(
            &mut tx,
            origin,
            "meeting.import",
            "meeting",
            None,
            &format!("{created} meetings"),
        )
        .await?;
        changes::record(&mut tx, "meeting", 0, "import").await?;
        tx.commit().await?;
        Ok(created)
    }
}

#[derive(Deserialize)]
struct DemoMeetings {
    meeting: Vec<NewMeeting>,
}

/// The demo meeting log.
pub fn demo_meetings() -> Result<Vec<NewMeeting>> {
    let file: DemoMeetings = toml::from_str(DEMO_MEETINGS_TOML)
        .map_err(|e| StoreError::Data(format!("demo meetings: {e}")))?;
    Ok(file.meeting)
}

/// Writes the demo meeting log when there are no demo meetings yet. Returns how many.
pub(crate) async fn load_demo_meetings(conn: &mut AnyConnection) -> Result<usize> {
    let existing: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM meetings WHERE demo = 1")
        .fetch_one(&mut *conn)
        .await?;
    if existing > 0 {
        return Ok(0);
    }
    let demo = demo_meetings()?;
    for (n, m) in demo.iter().enumerate() {
        insert(conn, m, None, true)
            .await
            .map_err(|e| StoreError::Data(format!("demo meeting {} ({}): {e}", n + 1, m.title)))?;
    }
    Ok(demo.len())
}

/// Rows of (meeting id, value) grouped by meeting, in the query's order.
async fn grouped<T>(conn: &mut AnyConnection, sql: &str) -> Result<BTreeMap<i64, Vec<T>>>
where
    T: Send + Unpin + for<'r> sqlx::Decode<'r, sqlx::Any> + sqlx::Type<sqlx::Any>,
{
    let rows: Vec<(i64, T)> = sqlx::query_as(sql).fetch_all(&mut *conn).await?;
    let mut out: BTreeMap<i64, Vec<T>> = BTreeMap::new();
    for (id, v) in rows {
        out.entry(id).or_default().push(v);
    }
    Ok(out)
}
