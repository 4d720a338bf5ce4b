//! The stored sentence-embedding vectors of practices: written when a practice's text is new or
//! changed (the search layer computes them), read whole when the search index is built, so a
//! rebuild does not run the model again.

use crate::{now, Result, Store};

/// One practice's stored vector.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PracticeVector {
    pub practice_id: i64,
    /// Identifies the text the vector was computed from.
    pub text_hash: String,
    /// The unit vector times 127, one signed byte per component.
    pub vector: Vec<i8>,
}

fn to_bytes(v: &[i8]) -> Vec<u8> {
    v.iter().map(|b| *b as u8).collect()
}

fn from_bytes(v: Vec<u8>) -> Vec<i8> {
    v.into_iter().map(|b| b as i8).collect()
}

impl Store {
    /// The vectors `model` computed: of the practices given, or of all (`None`).
    pub async fn practice_vectors(
        &self,
        model: &str,
        ids: Option<&[i64]>,
    ) -> Result<Vec<PracticeVector>> {
        let rows: Vec<(i64, String, Vec<u8>)> = match ids {
            None => {
                sqlx::query_as(
                    "SELECT practice_id, text_hash, vector FROM practice_vectors \
                     WHERE model = $1 ORDER BY practice_id",
                )
                .bind(model)
                .fetch_all(&self.pool)
                .await?
            }
            Some(ids) => {
                let mut out = Vec::new();
                for chunk in ids.chunks(500) {
                    // Ids are integers, written into the statement (as elsewhere in the store).
                    let mut q = sqlx::QueryBuilder::<sqlx::Any>::new(
                        "SELECT practice_id, text_hash, vector FROM practice_vectors WHERE model = $1 \
                         AND practice_id IN ",
                    );
                    crate::practices::push_ids(&mut q, chunk);
                    q.push(" ORDER BY practice_id");
                    out.extend(q.build_query_as().bind(model).fetch_all(&self.pool).await?);
                }
                out
            }
        };
        Ok(rows
            .into_iter()
            .map(|(practice_id, text_hash, vector)| PracticeVector {
                practice_id,
                text_hash,
                vector: from_bytes(vector),
            })
            .collect())
    }

    /// Stores vectors `model` computed, replacing earlier ones; a practice deleted meanwhile is
    /// skipped.
    pub async fn put_practice_vectors(&self, model: &str, batch: &[PracticeVector]) -> Result<()> {
        let mut tx = self.write_tx().await?;
        let at = now();
        for v in batch {
            sqlx::query(
                "INSERT INTO practice_vectors (practice_id, model, text_hash, vector, computed_at) \
                 SELECT $1, $2, $3, $4, $5 WHERE EXISTS (SELECT 1 FROM practices WHERE id = $1) \
                 ON CONFLICT (practice_id) DO UPDATE SET model = excluded.model, \
                 text_hash = excluded.text_hash, vector = excluded.vector, \
                 computed_at = excluded.computed_at",
            )
            .bind(v.practice_id)
            .bind(model)
            .bind(&v.text_hash)
            .bind(to_bytes(&v.vector))
            .bind(&at)
            .execute(&mut *tx)
            .await?;
        }
        tx.commit().await?;
        Ok(())
    }
}
