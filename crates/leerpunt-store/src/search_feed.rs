//! What the search index reads from the database, and the matchmaking record it writes back.
//!
//! The index is a derived cache that follows the change log; these are the lookups it needs to turn a
//! change into documents (by id, in batches) and the `similar_work` table it keeps up to date.

use leerpunt_core::{Organisation, Practice};

use crate::organisations::{OrgRow, ORG_COLUMNS};
use crate::practices::{load_many, BATCH};
use crate::{now, Result, Store, StoreError};

/// Another organisation's practice that resembles one of ours.
#[derive(Debug, Clone, PartialEq)]
pub struct SimilarWork {
    /// Our practice (slug, title) and theirs.
    pub practice_slug: String,
    pub practice_title: String,
    pub other_slug: String,
    pub other_title: String,
    /// The other organisation.
    pub other_code: String,
    pub other_name: String,
    pub score: f64,
}

impl Store {
    /// One organisation by its row id.
    pub async fn organisation_by_id(&self, id: i64) -> Result<Organisation> {
        let sql = format!("SELECT {ORG_COLUMNS} FROM organisations o WHERE o.id = $1");
        let row: Option<OrgRow> = sqlx::query_as(&sql)
            .bind(id)
            .fetch_optional(&self.pool)
            .await?;
        row.ok_or_else(|| StoreError::NotFound(format!("organisation {id}")))?
            .into_domain()
    }

    /// Several practices by id (missing ids are skipped), in batches.
    pub async fn practices_by_ids(&self, ids: &[i64]) -> Result<Vec<Practice>> {
        let mut conn = self.pool.acquire().await?;
        let mut out = Vec::with_capacity(ids.len());
        for chunk in ids.chunks(BATCH) {
            out.extend(load_many(&mut conn, chunk).await?);
        }
        Ok(out)
    }

    /// Ids of the practices an organisation owns.
    pub async fn practice_ids_of_organisation(&self, organisation_id: i64) -> Result<Vec<i64>> {
        Ok(
            sqlx::query_scalar("SELECT id FROM practices WHERE owner_id = $1 ORDER BY id")
                .bind(organisation_id)
                .fetch_all(&self.pool)
                .await?,
        )
    }

    /// Titles of each organisation's practices (original language), keyed by organisation id.
    pub async fn practice_titles_by_organisation(&self) -> Result<Vec<(i64, String)>> {
        Ok(
            sqlx::query_as("SELECT owner_id, title FROM practices WHERE review = 'published' ORDER BY owner_id, id")
                .fetch_all(&self.pool)
                .await?,
        )
    }

    /// Titles of one organisation's practices.
    pub async fn practice_titles_of_organisation(
        &self,
        organisation_id: i64,
    ) -> Result<Vec<String>> {
        Ok(sqlx::query_scalar(
            "SELECT title FROM practices WHERE owner_id = $1 AND review = 'published' ORDER BY id",
        )
        .bind(organisation_id)
        .fetch_all(&self.pool)
        .await?)
    }

    /// Replaces the recorded similar work of several practices, in one transaction.
    pub async fn replace_similar_work(&self, batch: &[(i64, Vec<(i64, f64)>)]) -> Result<()> {
        let mut tx = self.pool.begin().await?;
        let at = now();
        for (practice_id, similar) in batch {
            sqlx::query("DELETE FROM similar_work WHERE practice_id = $1")
                .bind(practice_id)
                .execute(&mut *tx)
                .await?;
            for (other, score) in similar {
                sqlx::query(
                    "INSERT INTO similar_work (practice_id, other_practice_id, score, computed_at) \
                     SELECT $1, $2, $3, $4 WHERE EXISTS (SELECT 1 FROM practices WHERE id = $1) \
                     AND EXISTS (SELECT 1 FROM practices WHERE id = $2)",
                )
                .bind(practice_id)
                .bind(other)
                .bind(score)
                .bind(&at)
                .execute(&mut *tx)
                .await?;
            }
        }
        tx.commit().await?;
        Ok(())
    }

    /// Work of other organisations that resembles an organisation's practices, in both directions
    /// of the record (their practice found similar to ours, or ours to theirs), best first.
    pub async fn similar_work(&self, code: &str, limit: i64) -> Result<Vec<SimilarWork>> {
        let rows: Vec<(String, String, String, String, String, String, f64)> = sqlx::query_as(
            "SELECT mine.slug, mine.title, theirs.slug, theirs.title, o.code, o.name, s.score \
             FROM (SELECT practice_id AS a, other_practice_id AS b, score FROM similar_work \
                   UNION ALL SELECT other_practice_id, practice_id, score FROM similar_work) s \
             JOIN practices mine ON mine.id = s.a \
             JOIN organisations me ON me.id = mine.owner_id \
             JOIN practices theirs ON theirs.id = s.b \
             JOIN organisations o ON o.id = theirs.owner_id \
             WHERE me.code = $1 AND o.id <> me.id \
             AND mine.review = 'published' AND theirs.review = 'published' \
             ORDER BY s.score DESC, theirs.id, mine.id LIMIT $2",
        )
        .bind(code)
        .bind(limit.saturating_mul(4))
        .fetch_all(&self.pool)
        .await?;
        let mut seen = std::collections::HashSet::new();
        Ok(rows
            .into_iter()
            .filter(|r| seen.insert(r.2.clone()))
            .take(usize::try_from(limit).unwrap_or(0))
            .map(|r| SimilarWork {
                practice_slug: r.0,
                practice_title: r.1,
                other_slug: r.2,
                other_title: r.3,
                other_code: r.4,
                other_name: r.5,
                score: r.6,
            })
            .collect())
    }
}
