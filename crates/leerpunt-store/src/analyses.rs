//! Joint analyses: results of secure computations published into Leerpunt, stored as their JSON document.

use sqlx::AnyConnection;

use crate::{changes, now, Result, Store, StoreError};

/// A stored joint analysis.
#[derive(Debug, Clone, sqlx::FromRow, serde::Serialize)]
pub struct Analysis {
    pub id: i64,
    pub computation_id: String,
    pub title: String,
    /// JSON list of party names.
    pub parties: String,
    pub k: i64,
    pub group_by: String,
    /// `completed` (results published) or `aborted`.
    pub status: String,
    /// The result document (`leerpunt_mpc::ComputationResult` as JSON).
    pub result: String,
    pub created_at: String,
    pub updated_at: String,
}

impl Analysis {
    /// The party names.
    pub fn party_names(&self) -> Vec<String> {
        serde_json::from_str(&self.parties).unwrap_or_default()
    }
}

/// What to store for an analysis.
#[derive(Debug, Clone)]
pub struct NewAnalysis {
    pub computation_id: String,
    pub title: String,
    pub parties: Vec<String>,
    pub k: i64,
    pub group_by: String,
    pub status: String,
    pub result: String,
}

impl Store {
    /// Stores (or replaces, by computation id) an analysis; returns its id and whether it was new.
    pub async fn upsert_analysis(&self, a: &NewAnalysis) -> Result<(i64, bool)> {
        let mut tx = self.write_tx().await?;
        let out = upsert_in(&mut tx, a).await?;
        tx.commit().await?;
        Ok(out)
    }

    /// All analyses, newest first.
    pub async fn analyses(&self) -> Result<Vec<Analysis>> {
        Ok(
            sqlx::query_as("SELECT * FROM analyses ORDER BY updated_at DESC, id DESC")
                .fetch_all(&self.pool)
                .await?,
        )
    }

    /// One analysis by computation id.
    pub async fn analysis(&self, computation_id: &str) -> Result<Analysis> {
        sqlx::query_as("SELECT * FROM analyses WHERE computation_id = $1")
            .bind(computation_id)
            .fetch_optional(&self.pool)
            .await?
            .ok_or_else(|| StoreError::NotFound(format!("analysis {computation_id}")))
    }
}

/// Stores (or replaces, by computation id) an analysis inside the caller's transaction.
pub(crate) async fn upsert_in(conn: &mut AnyConnection, a: &NewAnalysis) -> Result<(i64, bool)> {
    if a.computation_id.trim().is_empty() || a.title.trim().is_empty() {
        return Err(StoreError::Invalid(leerpunt_core::CoreError::invalid(
            "computation_id",
            "computation id and title are required",
        )));
    }
    let ts = now();
    let parties = serde_json::to_string(&a.parties).unwrap_or_else(|_| "[]".into());
    let existing: Option<i64> =
        sqlx::query_scalar("SELECT id FROM analyses WHERE computation_id = $1")
            .bind(&a.computation_id)
            .fetch_optional(&mut *conn)
            .await?;
    let (id, created) = match existing {
        Some(id) => {
            sqlx::query("UPDATE analyses SET title = $1, parties = $2, k = $3, group_by = $4, status = $5, result = $6, updated_at = $7 WHERE id = $8")
                .bind(&a.title)
                .bind(&parties)
                .bind(a.k)
                .bind(&a.group_by)
                .bind(&a.status)
                .bind(&a.result)
                .bind(&ts)
                .bind(id)
                .execute(&mut *conn)
                .await?;
            (id, false)
        }
        None => {
            let id = sqlx::query_scalar(
                "INSERT INTO analyses (computation_id, title, parties, k, group_by, status, result, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8) RETURNING id",
            )
            .bind(&a.computation_id)
            .bind(&a.title)
            .bind(&parties)
            .bind(a.k)
            .bind(&a.group_by)
            .bind(&a.status)
            .bind(&a.result)
            .bind(&ts)
            .fetch_one(&mut *conn)
            .await?;
            (id, true)
        }
    };
    changes::record(
        &mut *conn,
        "analysis",
        id,
        if created { "create" } else { "update" },
    )
    .await?;
    Ok((id, created))
}
