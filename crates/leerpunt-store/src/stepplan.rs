//! The toolkit's step plan, versioned: every save is a new version (the highest is current), and
//! every earlier version stays readable.

use leerpunt_core::stepplan::{self, StepPlan, MAX_NOTE};
use leerpunt_core::CoreError;
use sqlx::AnyConnection;

use crate::{audit, changes, now, Origin, Result, Store, StoreError};

/// The `meta` key holding the number of the version written as demo content.
const DEMO_META: &str = "step_plan_demo_version";

/// One version of the plan with what is known about it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StepPlanVersion {
    pub info: StepPlanInfo,
    pub plan: StepPlan,
}

/// What the version list shows of a version.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StepPlanInfo {
    pub version: i64,
    /// What changed, in the words of whoever saved it.
    pub note: String,
    /// The author's display name; `None` for the shipped demo, a deleted account or an account
    /// without a name (e-mail addresses are never shown).
    pub author: Option<String>,
    pub created_at: String,
    /// Written as demo content when the demo data was loaded.
    pub demo: bool,
}

#[derive(sqlx::FromRow)]
struct Row {
    version: i64,
    content: String,
    note: String,
    author: Option<String>,
    created_at: String,
}

const SELECT: &str = "SELECT v.version, v.content, v.note, u.name AS author, v.created_at \
    FROM step_plan_versions v LEFT JOIN users u ON u.id = v.author_id";

fn info(row: &Row, demo: Option<i64>) -> StepPlanInfo {
    StepPlanInfo {
        version: row.version,
        note: row.note.clone(),
        author: row.author.clone().filter(|a| !a.trim().is_empty()),
        created_at: row.created_at.clone(),
        demo: demo == Some(row.version),
    }
}

fn read(row: Row, demo: Option<i64>) -> Result<StepPlanVersion> {
    let plan = serde_json::from_str(&row.content).map_err(|e| {
        StoreError::Data(format!(
            "step plan version {} is unreadable: {e}",
            row.version
        ))
    })?;
    Ok(StepPlanVersion {
        info: info(&row, demo),
        plan,
    })
}

/// Checks a plan and its note before they are written.
fn check(plan: &StepPlan, note: &str) -> Result<()> {
    stepplan::validate(plan).map_err(|errors| stepplan::into_core_error(&errors))?;
    if note.chars().count() > MAX_NOTE {
        return Err(CoreError::invalid(
            "note",
            format!("the note may have at most {MAX_NOTE} characters"),
        )
        .into());
    }
    Ok(())
}

async fn current_version(conn: &mut AnyConnection) -> Result<i64> {
    Ok(
        sqlx::query_scalar("SELECT COALESCE(MAX(version), 0) FROM step_plan_versions")
            .fetch_one(conn)
            .await?,
    )
}

/// Writes the next version inside the caller's transaction; returns its number.
async fn insert(
    conn: &mut AnyConnection,
    plan: &StepPlan,
    note: &str,
    author: Option<i64>,
) -> Result<i64> {
    let content =
        serde_json::to_string(plan).map_err(|e| StoreError::Data(format!("step plan: {e}")))?;
    let version = current_version(conn).await? + 1;
    sqlx::query(
        "INSERT INTO step_plan_versions (version, content, note, author_id, created_at) VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(version)
    .bind(&content)
    .bind(note)
    .bind(author)
    .bind(now())
    .execute(&mut *conn)
    .await?;
    changes::record(conn, "step_plan", version, "update").await?;
    Ok(version)
}

/// Writes `plan` as version 1 unless a version exists (the demo content of `load_demo`).
/// Returns whether it was written.
pub(crate) async fn seed(conn: &mut AnyConnection, plan: &StepPlan, note: &str) -> Result<bool> {
    check(plan, note)?;
    if current_version(conn).await? > 0 {
        return Ok(false);
    }
    let version = insert(conn, plan, note, None).await?;
    sqlx::query("INSERT INTO meta (key, value) VALUES ($1, $2) ON CONFLICT (key) DO UPDATE SET value = excluded.value")
        .bind(DEMO_META)
        .bind(version.to_string())
        .execute(&mut *conn)
        .await?;
    Ok(true)
}

impl Store {
    async fn demo_step_plan_version(&self) -> Result<Option<i64>> {
        Ok(self
            .meta(DEMO_META)
            .await?
            .and_then(|v| v.parse::<i64>().ok()))
    }

    /// The current plan (the highest version), or `None` when none was ever saved.
    pub async fn step_plan(&self) -> Result<Option<StepPlanVersion>> {
        let row: Option<Row> = sqlx::query_as(&format!("{SELECT} ORDER BY v.version DESC LIMIT 1"))
            .fetch_optional(&self.pool)
            .await?;
        let demo = self.demo_step_plan_version().await?;
        row.map(|r| read(r, demo)).transpose()
    }

    /// One version by number.
    pub async fn step_plan_version(&self, version: i64) -> Result<StepPlanVersion> {
        let row: Option<Row> = sqlx::query_as(&format!("{SELECT} WHERE v.version = $1"))
            .bind(version)
            .fetch_optional(&self.pool)
            .await?;
        let row =
            row.ok_or_else(|| StoreError::NotFound(format!("step plan version {version}")))?;
        read(row, self.demo_step_plan_version().await?)
    }

    /// Every version, newest first, without their content.
    pub async fn step_plan_versions(&self) -> Result<Vec<StepPlanInfo>> {
        let rows: Vec<Row> = sqlx::query_as(
            "SELECT v.version, '' AS content, v.note, u.name AS author, v.created_at \
             FROM step_plan_versions v LEFT JOIN users u ON u.id = v.author_id ORDER BY v.version DESC",
        )
        .fetch_all(&self.pool)
        .await?;
        let demo = self.demo_step_plan_version().await?;
        Ok(rows.iter().map(|r| info(r, demo)).collect())
    }

    /// Saves a new version (the current number + 1) with a note on what changed, the audit log
    /// and the change log in one transaction. With `base`, the save is refused as a conflict when
    /// the current version is no longer `base` (someone else saved in between).
    pub async fn save_step_plan(
        &self,
        plan: &StepPlan,
        note: &str,
        base: Option<i64>,
        origin: &Origin,
    ) -> Result<i64> {
        let note = note.trim();
        check(plan, note)?;
        let mut tx = self.write_tx().await?;
        if let Some(base) = base {
            let current = current_version(&mut tx).await?;
            if current != base {
                return Err(StoreError::Conflict(format!("step plan version {current}")));
            }
        }
        let version = insert(&mut tx, plan, note, origin.user_id).await?;
        audit::record(
            &mut tx,
            origin,
            "stepplan.save",
            "step_plan",
            Some(version),
            note,
        )
        .await?;
        tx.commit().await?;
        Ok(version)
    }

    /// The questions of the FAQ entries with these ids that exist, as (id, Dutch, English), in
    /// the order of `ids` (for the step plan's links).
    pub async fn faq_questions(&self, ids: &[i64]) -> Result<Vec<(i64, String, String)>> {
        let mut conn = self.pool.acquire().await?;
        let mut out = Vec::new();
        for id in ids {
            let row: Option<(i64, String, String)> = sqlx::query_as(
                "SELECT id, question_nl, question_en FROM faq_entries WHERE id = $1",
            )
            .bind(id)
            .fetch_optional(&mut *conn)
            .await?;
            out.extend(row);
        }
        Ok(out)
    }
}
