//! Contributions by people: practices created and edited through the site or the API, their
//! review (draft → submitted → published, or rejected with a reason) and revision history.
//!
//! Every write here is one transaction that also appends to the change log (so derived state such
//! as the search index sees review changes) and to the audit log (who, what, when, from where).

use leerpunt_core::review::{self, Review, Transition};
use leerpunt_core::{NewPractice, Practice};
use sqlx::AnyConnection;

use crate::audit::{self, Origin};
use crate::changes::{self, Reach};
use crate::practices::{load, load_many, upsert, upsert_as, Upserted};
use crate::{conflict_on, now, Result, Store, StoreError};

/// The `source` of practices written on Leerpunt itself.
pub const MANUAL_SOURCE: &str = "manual";

/// One saved version of a practice.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, sqlx::FromRow)]
pub struct Revision {
    pub id: i64,
    pub practice_id: i64,
    pub number: i64,
    /// The practice's input as JSON (a [`NewPractice`]).
    pub snapshot: String,
    pub review: String,
    /// The rejection reason, or another note on the step.
    pub note: String,
    /// The author's address; `None` when the account was deleted (or for imports).
    pub author: Option<String>,
    pub created_at: String,
}

impl Revision {
    /// The practice as it was saved in this revision.
    pub fn input(&self) -> Result<NewPractice> {
        serde_json::from_str(&self.snapshot)
            .map_err(|e| StoreError::Data(format!("revision {}: {e}", self.id)))
    }
}

async fn write_revision(
    conn: &mut AnyConnection,
    practice_id: i64,
    review: Review,
    note: &str,
    origin: &Origin,
) -> Result<i64> {
    let practice = load(conn, practice_id).await?;
    let snapshot = serde_json::to_string(&NewPractice::from(&practice))
        .map_err(|e| StoreError::Data(format!("snapshot: {e}")))?;
    let number: i64 = sqlx::query_scalar(
        "SELECT COALESCE(MAX(number), 0) + 1 FROM practice_revisions WHERE practice_id = $1",
    )
    .bind(practice_id)
    .fetch_one(&mut *conn)
    .await?;
    sqlx::query(
        "INSERT INTO practice_revisions (practice_id, number, snapshot, review, note, author_id, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(practice_id)
    .bind(number)
    .bind(snapshot)
    .bind(review.key())
    .bind(note)
    .bind(origin.user_id)
    .bind(now())
    .execute(&mut *conn)
    .await?;
    Ok(number)
}

async fn set_review(
    conn: &mut AnyConnection,
    id: i64,
    review: Review,
    reason: Option<&str>,
) -> Result<()> {
    sqlx::query("UPDATE practices SET review = $1, review_reason = $2 WHERE id = $3")
        .bind(review.key())
        .bind(reason)
        .bind(id)
        .execute(conn)
        .await?;
    Ok(())
}

impl Store {
    /// One practice by slug in any review state; the caller decides who may see it.
    pub async fn practice_any(&self, slug: &str) -> Result<Practice> {
        let mut conn = self.pool.acquire().await?;
        let id: i64 = sqlx::query_scalar("SELECT id FROM practices WHERE slug = $1")
            .bind(slug)
            .fetch_optional(&mut *conn)
            .await?
            .ok_or_else(|| StoreError::NotFound(format!("practice {slug}")))?;
        load(&mut conn, id).await
    }

    /// Creates a practice written on Leerpunt, as a draft (revision 1).
    pub async fn create_practice(&self, input: &NewPractice, origin: &Origin) -> Result<Practice> {
        let mut p = input.clone();
        p.source = MANUAL_SOURCE.to_owned();
        p.source_id = None;
        p.source_url = None;
        let mut tx = self.write_tx().await?;
        if let Some(slug) = &p.slug {
            let taken: Option<i64> = sqlx::query_scalar("SELECT id FROM practices WHERE slug = $1")
                .bind(slug)
                .fetch_optional(&mut *tx)
                .await?;
            if taken.is_some() {
                return Err(StoreError::Conflict(format!("practice {slug}")));
            }
        }
        let id = match upsert_as(&mut tx, &p, Review::Draft).await? {
            Upserted::Created(id) => id,
            Upserted::Updated(_) => return Err(StoreError::Conflict("practice".to_owned())),
        };
        sqlx::query("UPDATE practices SET created_by = $1 WHERE id = $2")
            .bind(origin.user_id)
            .bind(id)
            .execute(&mut *tx)
            .await
            .map_err(|e| conflict_on(e, || "practice".to_owned()))?;
        write_revision(&mut tx, id, Review::Draft, "", origin).await?;
        audit::record(&mut tx, origin, "practice.create", "practice", Some(id), "").await?;
        let practice = load(&mut tx, id).await?;
        tx.commit().await?;
        Ok(practice)
    }

    /// Saves a new version of a practice. The slug and source stay; `may_review` says whether the
    /// editor is a broker or admin (their edits keep the review state, others' go back to draft).
    pub async fn update_practice(
        &self,
        id: i64,
        input: &NewPractice,
        may_review: bool,
        origin: &Origin,
    ) -> Result<Practice> {
        let mut tx = self.write_tx().await?;
        let existing = load(&mut tx, id).await?;
        let mut p = input.clone();
        p.slug = Some(existing.slug.clone());
        p.source = existing.source.clone();
        p.source_id = existing.source_id.clone();
        p.source_url = existing.source_url.clone();
        match upsert(&mut tx, &p).await? {
            Upserted::Updated(same) if same == id => {}
            _ => return Err(StoreError::Conflict(format!("practice {}", existing.slug))),
        }
        let review = review::after_edit(existing.review, may_review);
        let reason = if review == existing.review {
            existing.review_reason.as_deref()
        } else {
            None
        };
        set_review(&mut tx, id, review, reason).await?;
        write_revision(&mut tx, id, review, "", origin).await?;
        audit::record(&mut tx, origin, "practice.update", "practice", Some(id), "").await?;
        if review != existing.review {
            let reach = Reach::of(
                existing.review == Review::Published,
                review == Review::Published,
            );
            changes::record_with(&mut tx, "practice", id, "review", reach).await?;
        }
        let practice = load(&mut tx, id).await?;
        tx.commit().await?;
        Ok(practice)
    }

    /// Moves a practice through review (submit, publish, reject with a reason).
    pub async fn review_practice(
        &self,
        id: i64,
        transition: &Transition,
        origin: &Origin,
    ) -> Result<Practice> {
        let mut tx = self.write_tx().await?;
        let existing = load(&mut tx, id).await?;
        let next = review::apply(existing.review, transition)?;
        let (reason, action) = match transition {
            Transition::Submit => (None, "practice.submit"),
            Transition::Publish => (None, "practice.publish"),
            Transition::Reject { reason } => (Some(reason.trim()), "practice.reject"),
        };
        set_review(&mut tx, id, next, reason).await?;
        sqlx::query("UPDATE practices SET updated_at = $1 WHERE id = $2")
            .bind(now())
            .bind(id)
            .execute(&mut *tx)
            .await?;
        write_revision(&mut tx, id, next, reason.unwrap_or(""), origin).await?;
        let reach = Reach::of(
            existing.review == Review::Published,
            next == Review::Published,
        );
        changes::record_with(&mut tx, "practice", id, "review", reach).await?;
        audit::record(
            &mut tx,
            origin,
            action,
            "practice",
            Some(id),
            reason.unwrap_or(""),
        )
        .await?;
        let practice = load(&mut tx, id).await?;
        tx.commit().await?;
        Ok(practice)
    }

    /// The revisions of a practice, oldest first.
    pub async fn revisions(&self, practice_id: i64) -> Result<Vec<Revision>> {
        Ok(sqlx::query_as(
            "SELECT r.id, r.practice_id, r.number, r.snapshot, r.review, r.note, u.email AS author, r.created_at \
             FROM practice_revisions r LEFT JOIN users u ON u.id = r.author_id WHERE r.practice_id = $1 ORDER BY r.number",
        )
        .bind(practice_id)
        .fetch_all(&self.pool)
        .await?)
    }

    /// Practices not (yet) published: all of them when `organisations` is `None`, else those owned
    /// by the given organisations. Most recently updated first, at most 200.
    pub async fn unpublished_practices(
        &self,
        organisations: Option<&[i64]>,
        review: Option<Review>,
    ) -> Result<Vec<Practice>> {
        let mut conn = self.pool.acquire().await?;
        let mut q = sqlx::QueryBuilder::new("SELECT id FROM practices WHERE review <> 'published'");
        if let Some(r) = review {
            // A key of the closed `Review` enum, never user text.
            q.push(format_args!(" AND review = '{}'", r.key()));
        }
        if let Some(orgs) = organisations {
            if orgs.is_empty() {
                return Ok(Vec::new());
            }
            q.push(" AND owner_id IN ");
            crate::practices::push_ids(&mut q, orgs);
        }
        q.push(" ORDER BY updated_at DESC, id DESC LIMIT 200");
        let ids: Vec<i64> = q.build_query_scalar().fetch_all(&mut *conn).await?;
        load_many(&mut conn, &ids).await
    }
}
