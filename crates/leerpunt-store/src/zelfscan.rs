//! The self-assessment's storage: an organisation's draft (saved as its editors go), its kept
//! submissions (each with the instrument version and the day it was submitted), whether its own
//! result is public, and the latest submissions the peer benchmark is computed from.
//!
//! Every write is one transaction with its audit entry (`zelfscan.save`, `zelfscan.submit`,
//! `zelfscan.visibility`); a submission and a change of visibility also append to the change log,
//! so cached result and benchmark pages drop. A refused write leaves nothing behind.

use leerpunt_core::zelfscan::{self, Answers, Instrument};
use leerpunt_core::OrgKind;
use serde::Deserialize;
use sqlx::AnyConnection;

use crate::audit::{self, Origin};
use crate::organisations::id_by_code;
use crate::{changes, now, Result, Store, StoreError};

/// A draft or a submission of one organisation.
#[derive(Debug, Clone, PartialEq)]
pub struct Assessment {
    pub id: i64,
    pub organisation_id: i64,
    pub instrument_version: u32,
    /// `None` for the draft.
    pub submitted_on: Option<String>,
    pub answers: Answers,
    pub demo: bool,
    pub updated_at: String,
}

/// An organisation's latest submission, as the peer benchmark and the recommendations read it.
#[derive(Debug, Clone, PartialEq)]
pub struct LatestSubmission {
    pub organisation_id: i64,
    pub code: String,
    pub kind: OrgKind,
    pub population: Option<i64>,
    /// The organisation made its own result public.
    pub public: bool,
    pub submitted_on: String,
    pub answers: Answers,
}

/// What an organisation chose for the self-assessment, and its population.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct ZelfscanSettings {
    pub public: bool,
    pub population: Option<i64>,
}

#[derive(sqlx::FromRow)]
struct Row {
    id: i64,
    organisation_id: i64,
    instrument_version: i64,
    submitted_on: Option<String>,
    #[sqlx(try_from = "crate::Flag")]
    demo: bool,
    updated_at: String,
}

async fn answers_of(conn: &mut AnyConnection, id: i64) -> Result<Answers> {
    let rows: Vec<(String, i64)> = sqlx::query_as(
        "SELECT question, level FROM zelfscan_answers WHERE zelfscan_id = $1 ORDER BY question",
    )
    .bind(id)
    .fetch_all(conn)
    .await?;
    rows.into_iter()
        .map(|(q, l)| {
            u8::try_from(l)
                .map(|l| (q, l))
                .map_err(|_| StoreError::Data(format!("self-assessment {id}: level {l}")))
        })
        .collect()
}

async fn complete(conn: &mut AnyConnection, r: Row) -> Result<Assessment> {
    let answers = answers_of(conn, r.id).await?;
    Ok(Assessment {
        id: r.id,
        organisation_id: r.organisation_id,
        instrument_version: u32::try_from(r.instrument_version)
            .map_err(|_| StoreError::Data(format!("self-assessment {}: version", r.id)))?,
        submitted_on: r.submitted_on,
        answers,
        demo: r.demo,
        updated_at: r.updated_at,
    })
}

const SELECT: &str =
    "SELECT id, organisation_id, instrument_version, submitted_on, demo, updated_at FROM zelfscans";

async fn draft_in(conn: &mut AnyConnection, organisation: i64) -> Result<Option<Assessment>> {
    let row: Option<Row> = sqlx::query_as(&format!(
        "{SELECT} WHERE organisation_id = $1 AND state = 'draft'"
    ))
    .bind(organisation)
    .fetch_optional(&mut *conn)
    .await?;
    match row {
        Some(r) => Ok(Some(complete(conn, r).await?)),
        None => Ok(None),
    }
}

async fn organisation_id(conn: &mut AnyConnection, code: &str) -> Result<i64> {
    id_by_code(conn, code)
        .await?
        .ok_or_else(|| StoreError::NotFound(format!("organisation {code}")))
}

/// Writes the given answers into the organisation's draft (made when there is none).
async fn merge_into_draft(
    conn: &mut AnyConnection,
    organisation: i64,
    version: u32,
    answers: &Answers,
    author: Option<i64>,
) -> Result<i64> {
    let ts = now();
    let id = match draft_in(conn, organisation).await? {
        Some(d) => {
            sqlx::query("UPDATE zelfscans SET updated_at = $1, author_id = COALESCE($2, author_id) WHERE id = $3")
                .bind(&ts)
                .bind(author)
                .bind(d.id)
                .execute(&mut *conn)
                .await?;
            d.id
        }
        None => {
            sqlx::query_scalar(
                "INSERT INTO zelfscans (organisation_id, instrument_version, state, author_id, created_at, updated_at) \
                 VALUES ($1, $2, 'draft', $3, $4, $4) RETURNING id",
            )
            .bind(organisation)
            .bind(i64::from(version))
            .bind(author)
            .bind(&ts)
            .fetch_one(&mut *conn)
            .await?
        }
    };
    for (q, level) in answers {
        sqlx::query(
            "INSERT INTO zelfscan_answers (zelfscan_id, question, level) VALUES ($1, $2, $3) \
             ON CONFLICT (zelfscan_id, question) DO UPDATE SET level = excluded.level",
        )
        .bind(id)
        .bind(q)
        .bind(i64::from(*level))
        .execute(&mut *conn)
        .await?;
    }
    Ok(id)
}

/// A latest submission as read: its id, the organisation's id, code, kind, population and
/// public flag, and the day.
type LatestRow = (i64, i64, String, String, Option<i64>, crate::Flag, String);

impl Store {
    /// The organisation's draft, if it has one.
    pub async fn zelfscan_draft(&self, code: &str) -> Result<Option<Assessment>> {
        let mut conn = self.pool.acquire().await?;
        let org = organisation_id(&mut conn, code).await?;
        draft_in(&mut conn, org).await
    }

    /// The organisation's submissions, oldest first.
    pub async fn zelfscan_submissions(&self, code: &str) -> Result<Vec<Assessment>> {
        let mut conn = self.pool.acquire().await?;
        let org = organisation_id(&mut conn, code).await?;
        let rows: Vec<Row> = sqlx::query_as(&format!(
            "{SELECT} WHERE organisation_id = $1 AND state = 'submitted' ORDER BY submitted_on, id"
        ))
        .bind(org)
        .fetch_all(&mut *conn)
        .await?;
        let mut out = Vec::with_capacity(rows.len());
        for r in rows {
            out.push(complete(&mut conn, r).await?);
        }
        Ok(out)
    }

    /// The organisation's choices and population.
    pub async fn zelfscan_settings(&self, code: &str) -> Result<ZelfscanSettings> {
        let row: Option<(crate::Flag, Option<i64>)> =
            sqlx::query_as("SELECT zelfscan_public, population FROM organisations WHERE code = $1")
                .bind(code)
                .fetch_optional(&self.pool)
                .await?;
        let (public, population) =
            row.ok_or_else(|| StoreError::NotFound(format!("organisation {code}")))?;
        Ok(ZelfscanSettings {
            public: public.0,
            population,
        })
    }

    /// Saves answers into the organisation's draft (save as you go): the answers given replace
    /// those of the same questions; others stay. Checked against the instrument first.
    pub async fn save_zelfscan_draft(
        &self,
        code: &str,
        instrument: &Instrument,
        answers: &Answers,
        origin: &Origin,
    ) -> Result<Assessment> {
        zelfscan::check_answers(instrument, answers)?;
        let mut tx = self.write_tx().await?;
        let org = organisation_id(&mut tx, code).await?;
        let id =
            merge_into_draft(&mut tx, org, instrument.version, answers, origin.user_id).await?;
        audit::record(
            &mut tx,
            origin,
            "zelfscan.save",
            "zelfscan",
            Some(id),
            &format!("{code}: {} answers", answers.len()),
        )
        .await?;
        let draft = draft_in(&mut tx, org)
            .await?
            .ok_or_else(|| StoreError::Data("the draft just saved is gone".into()))?;
        tx.commit().await?;
        Ok(draft)
    }

    /// Submits the organisation's draft together with the answers given now: the whole must
    /// answer every question of the instrument version `version` (the current one). The draft
    /// becomes a dated submission; a refusal stores nothing, not even the answers given.
    pub async fn submit_zelfscan(
        &self,
        code: &str,
        instrument: &Instrument,
        version: u32,
        answers: &Answers,
        origin: &Origin,
    ) -> Result<Assessment> {
        zelfscan::check_answers(instrument, answers)?;
        let mut tx = self.write_tx().await?;
        let org = organisation_id(&mut tx, code).await?;
        let id =
            merge_into_draft(&mut tx, org, instrument.version, answers, origin.user_id).await?;
        let draft = draft_in(&mut tx, org)
            .await?
            .ok_or_else(|| StoreError::Data("the draft just saved is gone".into()))?;
        if draft.instrument_version != instrument.version {
            return Err(
                leerpunt_core::CoreError::invalid("version", "msg-zelfscan-version").into(),
            );
        }
        zelfscan::check_submission(instrument, version, &draft.answers)?;
        let day = crate::news::today();
        sqlx::query(
            "UPDATE zelfscans SET state = 'submitted', submitted_on = $1, updated_at = $2 WHERE id = $3",
        )
        .bind(&day)
        .bind(now())
        .bind(id)
        .execute(&mut *tx)
        .await?;
        changes::record(&mut tx, "zelfscan", org, "submit").await?;
        audit::record(
            &mut tx,
            origin,
            "zelfscan.submit",
            "zelfscan",
            Some(id),
            &format!("{code}: version {}", instrument.version),
        )
        .await?;
        tx.commit().await?;
        Ok(Assessment {
            submitted_on: Some(day),
            ..draft
        })
    }

    /// Makes the organisation's own result public or not.
    pub async fn set_zelfscan_public(
        &self,
        code: &str,
        public: bool,
        origin: &Origin,
    ) -> Result<()> {
        let mut tx = self.write_tx().await?;
        let org = organisation_id(&mut tx, code).await?;
        sqlx::query("UPDATE organisations SET zelfscan_public = $1 WHERE id = $2")
            .bind(i64::from(public))
            .bind(org)
            .execute(&mut *tx)
            .await?;
        changes::record(&mut tx, "zelfscan", org, "visibility").await?;
        audit::record(
            &mut tx,
            origin,
            "zelfscan.visibility",
            "organisation",
            Some(org),
            if public { "public" } else { "not public" },
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// Every organisation's latest submission made on or after `since` (YYYY-MM-DD).
    pub async fn zelfscan_latest(&self, since: &str) -> Result<Vec<LatestSubmission>> {
        let mut conn = self.pool.acquire().await?;
        let rows: Vec<LatestRow> = sqlx::query_as(
            "SELECT z.id, o.id, o.code, o.kind, o.population, o.zelfscan_public, z.submitted_on \
             FROM zelfscans z JOIN organisations o ON o.id = z.organisation_id \
             WHERE z.state = 'submitted' AND z.submitted_on >= $1 \
             AND NOT EXISTS (SELECT 1 FROM zelfscans later WHERE later.organisation_id = z.organisation_id \
                 AND later.state = 'submitted' AND (later.submitted_on > z.submitted_on \
                 OR (later.submitted_on = z.submitted_on AND later.id > z.id))) \
             ORDER BY o.code",
        )
        .bind(since)
        .fetch_all(&mut *conn)
        .await?;
        let mut out = Vec::with_capacity(rows.len());
        for (id, organisation_id, code, kind, population, crate::Flag(public), submitted_on) in rows
        {
            out.push(LatestSubmission {
                organisation_id,
                kind: kind.parse()?,
                code,
                population,
                public,
                submitted_on,
                answers: answers_of(&mut conn, id).await?,
            });
        }
        Ok(out)
    }
}

/// The demo assessments, as written in `seed/demo-zelfscan.toml`.
pub const DEMO_ZELFSCAN_TOML: &str = include_str!("../seed/demo-zelfscan.toml");

#[derive(Debug, Deserialize)]
struct DemoFile {
    demo: u8,
    instrument_version: u32,
    organisation: Vec<DemoOrganisation>,
}

#[derive(Debug, Deserialize)]
struct DemoOrganisation {
    code: String,
    #[serde(default)]
    public: bool,
    submission: Vec<DemoSubmission>,
}

#[derive(Debug, Deserialize)]
struct DemoSubmission {
    days_ago: i64,
    levels: Vec<u8>,
}

/// The spread of the demo answers around a dimension's level (see the file's header).
const OFFSET: [i16; 4] = [0, 1, 0, -1];

/// The demo submissions: per organisation code, whether public, and (days ago, answers).
#[allow(clippy::type_complexity)]
pub fn demo_zelfscan(instrument: &Instrument) -> Result<Vec<(String, bool, Vec<(i64, Answers)>)>> {
    let file: DemoFile = toml::from_str(DEMO_ZELFSCAN_TOML)
        .map_err(|e| StoreError::Data(format!("demo self-assessments: {e}")))?;
    if file.demo != 1 || file.instrument_version != instrument.version {
        return Err(StoreError::Data(
            "demo self-assessments: not marked demo, or of another instrument version".into(),
        ));
    }
    let mut out = Vec::new();
    for (n, o) in file.organisation.iter().enumerate() {
        let mut subs = Vec::new();
        for s in &o.submission {
            if s.levels.len() != instrument.dimensions.len() {
                return Err(StoreError::Data(format!(
                    "demo self-assessment of {}: {} levels for {} dimensions",
                    o.code,
                    s.levels.len(),
                    instrument.dimensions.len()
                )));
            }
            let mut answers = Answers::new();
            for (d, dim) in instrument.dimensions.iter().enumerate() {
                for (j, q) in dim.questions.iter().enumerate() {
                    let base = i16::from(s.levels.get(d).copied().unwrap_or(0));
                    let level = (base + OFFSET[(n + d + j) % 4]).clamp(1, 5);
                    answers.insert(q.key.clone(), u8::try_from(level).unwrap_or(1));
                }
            }
            zelfscan::check_submission(instrument, file.instrument_version, &answers).map_err(
                |e| StoreError::Data(format!("demo self-assessment of {}: {e}", o.code)),
            )?;
            subs.push((s.days_ago, answers));
        }
        out.push((o.code.clone(), o.public, subs));
    }
    Ok(out)
}

/// The day `days` before today, YYYY-MM-DD.
pub fn days_before_today(days: i64) -> String {
    let day = time::OffsetDateTime::now_utc().date() - time::Duration::days(days);
    format!(
        "{:04}-{:02}-{:02}",
        day.year(),
        u8::from(day.month()),
        day.day()
    )
}

/// Loads the demo assessments once (nothing when demo assessments exist).
pub(crate) async fn seed_demo(conn: &mut AnyConnection) -> Result<usize> {
    let existing: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM zelfscans WHERE demo = 1")
        .fetch_one(&mut *conn)
        .await?;
    if existing > 0 {
        return Ok(0);
    }
    let instrument = Instrument::builtin()?;
    let demo = demo_zelfscan(&instrument)?;
    let ts = now();
    for (code, public, subs) in &demo {
        let org = id_by_code(conn, code).await?.ok_or_else(|| {
            StoreError::Data(format!("demo self-assessment: unknown organisation {code}"))
        })?;
        sqlx::query("UPDATE organisations SET zelfscan_public = $1 WHERE id = $2")
            .bind(i64::from(*public))
            .bind(org)
            .execute(&mut *conn)
            .await?;
        for (days_ago, answers) in subs {
            let id: i64 = sqlx::query_scalar(
                "INSERT INTO zelfscans (organisation_id, instrument_version, state, submitted_on, demo, created_at, updated_at) \
                 VALUES ($1, $2, 'submitted', $3, 1, $4, $4) RETURNING id",
            )
            .bind(org)
            .bind(i64::from(instrument.version))
            .bind(days_before_today(*days_ago))
            .bind(&ts)
            .fetch_one(&mut *conn)
            .await?;
            for (q, level) in answers {
                sqlx::query("INSERT INTO zelfscan_answers (zelfscan_id, question, level) VALUES ($1, $2, $3)")
                    .bind(id)
                    .bind(q)
                    .bind(i64::from(*level))
                    .execute(&mut *conn)
                    .await?;
            }
        }
        changes::record(conn, "zelfscan", org, "demo").await?;
    }
    Ok(demo.len())
}
