//! The rolling agenda's storage: commitments with partners, milestones, progress updates,
//! evidence and independent reviews with the owner's response.
//!
//! Every write is one transaction with its audit entry (`agenda.*`, `agenda_review.*`), its mail
//! (outbox) and a change-log entry `agenda` (the agenda pages are shared and cached until the log
//! moves; the search index ignores the entity). Organisations are resolved by code inside the
//! write's transaction: an unknown code is a field error and nothing is stored.

use std::collections::BTreeMap;

use leerpunt_core::agenda::{
    validate_commitment, validate_done_on, validate_evidence, validate_milestone,
    validate_progress, validate_response, validate_review, Commitment, CommitmentInput,
    CommitmentStatus, Completion, Evidence, EvidenceInput, EvidenceKind, Impact, Milestone,
    MilestoneInput, OpenedGovernment, ProgressInput, ProgressUpdate, Ratings, Relevance, Review,
    ReviewInput, ReviewPeriod, Specificity,
};
use leerpunt_core::{CoreError, FieldError};
use serde::Deserialize;
use sqlx::AnyConnection;

use crate::audit::{self, Origin};
use crate::outbox::{queue_all, Mail};
use crate::{changes, conflict_on, now, Result, Store, StoreError};

/// A filter of the commitments' list.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CommitmentFilter {
    pub action_line: Option<String>,
    pub status: Option<CommitmentStatus>,
}

#[derive(sqlx::FromRow)]
struct CommitmentRow {
    id: i64,
    action_line: String,
    owner: String,
    owner_id: i64,
    owner_name: String,
    title_nl: String,
    title_en: String,
    description_nl: String,
    description_en: String,
    starts_on: String,
    due_on: String,
    status: String,
    #[sqlx(try_from = "crate::Flag")]
    demo: bool,
    created_at: String,
    updated_at: String,
}

#[derive(sqlx::FromRow)]
struct ReviewRow {
    id: i64,
    commitment_id: i64,
    period: String,
    specificity: String,
    relevance: String,
    impact: String,
    completion: String,
    opened_government: String,
    justification: String,
    reviewer_id: Option<i64>,
    reviewer: String,
    response: Option<String>,
    responder: Option<String>,
    responded_at: Option<String>,
    #[sqlx(try_from = "crate::Flag")]
    demo: bool,
    created_at: String,
}

fn bad_row(what: &str) -> StoreError {
    StoreError::Data(format!("stored agenda review has an unknown {what}"))
}

impl TryFrom<ReviewRow> for Review {
    type Error = StoreError;
    fn try_from(r: ReviewRow) -> Result<Self> {
        Ok(Review {
            id: r.id,
            commitment_id: r.commitment_id,
            ratings: Ratings {
                period: ReviewPeriod::parse(&r.period).map_err(|_| bad_row("period"))?,
                specificity: Specificity::parse(&r.specificity)
                    .ok_or_else(|| bad_row("specificity"))?,
                relevance: Relevance::parse(&r.relevance).ok_or_else(|| bad_row("relevance"))?,
                impact: Impact::parse(&r.impact).ok_or_else(|| bad_row("impact"))?,
                completion: Completion::parse(&r.completion)
                    .ok_or_else(|| bad_row("completion"))?,
                opened_government: OpenedGovernment::parse(&r.opened_government)
                    .ok_or_else(|| bad_row("opened_government"))?,
            },
            justification: r.justification,
            reviewer: r.reviewer,
            reviewer_id: r.reviewer_id,
            response: r.response,
            responder: r.responder,
            responded_at: r.responded_at,
            demo: r.demo,
            created_at: r.created_at,
        })
    }
}

const COMMITMENT_SELECT: &str = "SELECT c.id, c.action_line, o.code AS owner, c.owner_id, o.name AS owner_name, \
    c.title_nl, c.title_en, c.description_nl, c.description_en, c.starts_on, c.due_on, c.status, c.demo, \
    c.created_at, c.updated_at FROM agenda_commitments c JOIN organisations o ON o.id = c.owner_id";

const REVIEW_SELECT: &str = "SELECT r.id, r.commitment_id, r.period, r.specificity, r.relevance, r.impact, \
    r.completion, r.opened_government, r.justification, r.reviewer_id, \
    COALESCE(u.name, r.reviewer_name) AS reviewer, r.response, r.responder_name AS responder, r.responded_at, \
    r.demo, r.created_at FROM agenda_reviews r LEFT JOIN users u ON u.id = r.reviewer_id";

/// Loads commitments (all, or one by id) with everything they hold, in the order given by
/// `order`.
async fn load(conn: &mut AnyConnection, one: Option<i64>) -> Result<Vec<Commitment>> {
    let rows: Vec<CommitmentRow> = sqlx::query_as(&format!(
        "{COMMITMENT_SELECT} WHERE ($1 IS NULL OR c.id = $1) ORDER BY c.action_line, c.due_on, c.id"
    ))
    .bind(one)
    .fetch_all(&mut *conn)
    .await?;
    let mut partners: BTreeMap<i64, Vec<(String, String)>> = BTreeMap::new();
    let prow: Vec<(i64, String, String)> = sqlx::query_as(
        "SELECT p.commitment_id, o.code, o.name FROM agenda_partners p JOIN organisations o ON o.id = p.organisation_id \
         WHERE ($1 IS NULL OR p.commitment_id = $1) ORDER BY o.name",
    )
    .bind(one)
    .fetch_all(&mut *conn)
    .await?;
    for (id, code, name) in prow {
        partners.entry(id).or_default().push((code, name));
    }
    let mut milestones: BTreeMap<i64, Vec<Milestone>> = BTreeMap::new();
    let mrow: Vec<(i64, i64, String, String, Option<String>)> = sqlx::query_as(
        "SELECT commitment_id, id, title, due_on, done_on FROM agenda_milestones \
         WHERE ($1 IS NULL OR commitment_id = $1) ORDER BY due_on, id",
    )
    .bind(one)
    .fetch_all(&mut *conn)
    .await?;
    for (cid, id, title, due_on, done_on) in mrow {
        milestones.entry(cid).or_default().push(Milestone {
            id,
            title,
            due_on,
            done_on,
        });
    }
    let mut updates: BTreeMap<i64, Vec<ProgressUpdate>> = BTreeMap::new();
    let urow: Vec<(i64, i64, String, String, String, String)> = sqlx::query_as(
        "SELECT a.commitment_id, a.id, a.written_on, a.body, COALESCE(u.name, a.author_name), a.created_at \
         FROM agenda_updates a LEFT JOIN users u ON u.id = a.author_id \
         WHERE ($1 IS NULL OR a.commitment_id = $1) ORDER BY a.written_on DESC, a.id DESC",
    )
    .bind(one)
    .fetch_all(&mut *conn)
    .await?;
    for (cid, id, written_on, body, author, created_at) in urow {
        updates.entry(cid).or_default().push(ProgressUpdate {
            id,
            written_on,
            body,
            author,
            created_at,
        });
    }
    let mut evidence: BTreeMap<i64, Vec<Evidence>> = BTreeMap::new();
    let erow: Vec<(i64, i64, String, String, String, String)> = sqlx::query_as(
        "SELECT commitment_id, id, title, url, kind, created_at FROM agenda_evidence \
         WHERE ($1 IS NULL OR commitment_id = $1) ORDER BY id",
    )
    .bind(one)
    .fetch_all(&mut *conn)
    .await?;
    for (cid, id, title, url, kind, created_at) in erow {
        evidence.entry(cid).or_default().push(Evidence {
            id,
            title,
            url,
            kind: EvidenceKind::parse(&kind).unwrap_or(EvidenceKind::Link),
            created_at,
        });
    }
    let mut reviews: BTreeMap<i64, Vec<Review>> = BTreeMap::new();
    let rrow: Vec<ReviewRow> = sqlx::query_as(&format!(
        "{REVIEW_SELECT} WHERE ($1 IS NULL OR r.commitment_id = $1) ORDER BY r.period DESC, r.id DESC"
    ))
    .bind(one)
    .fetch_all(&mut *conn)
    .await?;
    for r in rrow {
        reviews
            .entry(r.commitment_id)
            .or_default()
            .push(r.try_into()?);
    }
    rows.into_iter()
        .map(|r| {
            Ok(Commitment {
                partners: partners.remove(&r.id).unwrap_or_default(),
                milestones: milestones.remove(&r.id).unwrap_or_default(),
                updates: updates.remove(&r.id).unwrap_or_default(),
                evidence: evidence.remove(&r.id).unwrap_or_default(),
                reviews: reviews.remove(&r.id).unwrap_or_default(),
                status: CommitmentStatus::parse(&r.status)
                    .ok_or_else(|| StoreError::Data(format!("commitment {}: status", r.id)))?,
                id: r.id,
                action_line: r.action_line,
                owner: r.owner,
                owner_id: r.owner_id,
                owner_name: r.owner_name,
                title_nl: r.title_nl,
                title_en: r.title_en,
                description_nl: r.description_nl,
                description_en: r.description_en,
                starts_on: r.starts_on,
                due_on: r.due_on,
                demo: r.demo,
                created_at: r.created_at,
                updated_at: r.updated_at,
            })
        })
        .collect()
}

async fn commitment_in(conn: &mut AnyConnection, id: i64) -> Result<Commitment> {
    load(conn, Some(id))
        .await?
        .pop()
        .ok_or_else(|| StoreError::NotFound(format!("commitment {id}")))
}

async fn review_in(conn: &mut AnyConnection, id: i64) -> Result<Review> {
    let row: Option<ReviewRow> = sqlx::query_as(&format!("{REVIEW_SELECT} WHERE r.id = $1"))
        .bind(id)
        .fetch_optional(&mut *conn)
        .await?;
    row.ok_or_else(|| StoreError::NotFound(format!("review {id}")))?
        .try_into()
}

/// The owner's and partners' ids, each code checked; unknown ones are field errors.
async fn resolve(conn: &mut AnyConnection, c: &CommitmentInput) -> Result<(i64, Vec<i64>)> {
    let mut errors = Vec::new();
    let owner = crate::organisations::id_by_code(conn, c.owner.trim()).await?;
    if owner.is_none() {
        errors.push(FieldError::new("owner", "msg-agenda-organisation-unknown"));
    }
    let mut partners = Vec::new();
    for p in c
        .partners
        .iter()
        .map(|p| p.trim())
        .filter(|p| !p.is_empty())
    {
        match crate::organisations::id_by_code(conn, p).await? {
            Some(id) if !partners.contains(&id) => partners.push(id),
            Some(_) => {}
            None => errors.push(FieldError::new(
                "partners",
                "msg-agenda-organisation-unknown",
            )),
        }
    }
    match owner {
        Some(owner) if errors.is_empty() => Ok((owner, partners)),
        _ => Err(CoreError::Invalid(errors).into()),
    }
}

async fn insert_commitment(
    conn: &mut AnyConnection,
    c: &CommitmentInput,
    owner: i64,
    demo: bool,
    ts: &str,
) -> Result<i64> {
    Ok(sqlx::query_scalar(
        "INSERT INTO agenda_commitments (action_line, owner_id, title_nl, title_en, description_nl, description_en, \
         starts_on, due_on, status, demo, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $11) RETURNING id",
    )
    .bind(c.action_line.trim())
    .bind(owner)
    .bind(c.title_nl.trim())
    .bind(c.title_en.trim())
    .bind(c.description_nl.trim())
    .bind(c.description_en.trim())
    .bind(c.starts_on.trim())
    .bind(c.due_on.trim())
    .bind(c.status.trim())
    .bind(i64::from(demo))
    .bind(ts)
    .fetch_one(&mut *conn)
    .await?)
}

async fn set_partners(conn: &mut AnyConnection, id: i64, partners: &[i64]) -> Result<()> {
    sqlx::query("DELETE FROM agenda_partners WHERE commitment_id = $1")
        .bind(id)
        .execute(&mut *conn)
        .await?;
    for p in partners {
        sqlx::query("INSERT INTO agenda_partners (commitment_id, organisation_id) VALUES ($1, $2)")
            .bind(id)
            .bind(p)
            .execute(&mut *conn)
            .await?;
    }
    Ok(())
}

async fn insert_milestone(
    conn: &mut AnyConnection,
    id: i64,
    m: &MilestoneInput,
    done_on: Option<&str>,
) -> Result<i64> {
    Ok(sqlx::query_scalar(
        "INSERT INTO agenda_milestones (commitment_id, title, due_on, done_on, created_at) VALUES ($1, $2, $3, $4, $5) RETURNING id",
    )
    .bind(id)
    .bind(m.title.trim())
    .bind(m.due_on.trim())
    .bind(done_on)
    .bind(now())
    .fetch_one(&mut *conn)
    .await?)
}

async fn insert_update(
    conn: &mut AnyConnection,
    id: i64,
    p: &ProgressInput,
    author: (Option<i64>, &str),
) -> Result<i64> {
    Ok(sqlx::query_scalar(
        "INSERT INTO agenda_updates (commitment_id, written_on, body, author_id, author_name, created_at) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
    )
    .bind(id)
    .bind(p.written_on.trim())
    .bind(p.body.trim())
    .bind(author.0)
    .bind(author.1.trim())
    .bind(now())
    .fetch_one(&mut *conn)
    .await?)
}

async fn insert_evidence(conn: &mut AnyConnection, id: i64, e: &EvidenceInput) -> Result<i64> {
    Ok(sqlx::query_scalar(
        "INSERT INTO agenda_evidence (commitment_id, title, url, kind, created_at) VALUES ($1, $2, $3, $4, $5) RETURNING id",
    )
    .bind(id)
    .bind(e.title.trim())
    .bind(e.url.trim())
    .bind(e.kind.trim())
    .bind(now())
    .fetch_one(&mut *conn)
    .await?)
}

async fn insert_review(
    conn: &mut AnyConnection,
    id: i64,
    r: &ReviewInput,
    ratings: &Ratings,
    reviewer: (Option<i64>, &str),
    demo: bool,
) -> Result<i64> {
    sqlx::query_scalar(
        "INSERT INTO agenda_reviews (commitment_id, period, specificity, relevance, impact, completion, opened_government, \
         justification, reviewer_id, reviewer_name, demo, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) RETURNING id",
    )
    .bind(id)
    .bind(ratings.period.key())
    .bind(ratings.specificity.key())
    .bind(ratings.relevance.key())
    .bind(ratings.impact.key())
    .bind(ratings.completion.key())
    .bind(ratings.opened_government.key())
    .bind(r.justification.trim())
    .bind(reviewer.0)
    .bind(reviewer.1.trim())
    .bind(i64::from(demo))
    .bind(now())
    .fetch_one(&mut *conn)
    .await
    .map_err(|e| conflict_on(e, || "msg-agenda-review-exists".to_owned()))
}

async fn set_response(
    conn: &mut AnyConnection,
    review: i64,
    text: &str,
    responder: (Option<i64>, &str),
) -> Result<()> {
    sqlx::query(
        "UPDATE agenda_reviews SET response = $1, responder_id = $2, responder_name = $3, responded_at = $4 WHERE id = $5",
    )
    .bind(text.trim())
    .bind(responder.0)
    .bind(responder.1.trim())
    .bind(now())
    .bind(review)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// Marks a change of commitment `id`: touches it, and appends to the change log.
async fn touched(conn: &mut AnyConnection, id: i64, op: &str) -> Result<()> {
    sqlx::query("UPDATE agenda_commitments SET updated_at = $1 WHERE id = $2")
        .bind(now())
        .bind(id)
        .execute(&mut *conn)
        .await?;
    changes::record(conn, "agenda", id, op).await
}

impl Store {
    /// The commitments, by action line and due date, optionally filtered.
    pub async fn commitments(&self, filter: &CommitmentFilter) -> Result<Vec<Commitment>> {
        let mut conn = self.pool.acquire().await?;
        Ok(load(&mut conn, None)
            .await?
            .into_iter()
            .filter(|c| {
                filter
                    .action_line
                    .as_deref()
                    .is_none_or(|l| c.action_line == l)
                    && filter.status.is_none_or(|s| c.status == s)
            })
            .collect())
    }

    /// One commitment with everything it holds.
    pub async fn commitment(&self, id: i64) -> Result<Commitment> {
        let mut conn = self.pool.acquire().await?;
        commitment_in(&mut conn, id).await
    }

    /// One review with its response.
    pub async fn agenda_review(&self, id: i64) -> Result<Review> {
        let mut conn = self.pool.acquire().await?;
        review_in(&mut conn, id).await
    }

    /// Creates a commitment (`existing` is `None`) or changes commitment `existing`.
    pub async fn save_commitment(
        &self,
        existing: Option<i64>,
        input: &CommitmentInput,
        origin: &Origin,
    ) -> Result<Commitment> {
        validate_commitment(input)?;
        let mut tx = self.write_tx().await?;
        let (owner, partners) = resolve(&mut tx, input).await?;
        let ts = now();
        let id = match existing {
            Some(id) => {
                commitment_in(&mut tx, id).await?;
                sqlx::query(
                    "UPDATE agenda_commitments SET action_line = $1, owner_id = $2, title_nl = $3, title_en = $4, \
                     description_nl = $5, description_en = $6, starts_on = $7, due_on = $8, status = $9, updated_at = $10 WHERE id = $11",
                )
                .bind(input.action_line.trim())
                .bind(owner)
                .bind(input.title_nl.trim())
                .bind(input.title_en.trim())
                .bind(input.description_nl.trim())
                .bind(input.description_en.trim())
                .bind(input.starts_on.trim())
                .bind(input.due_on.trim())
                .bind(input.status.trim())
                .bind(&ts)
                .bind(id)
                .execute(&mut *tx)
                .await?;
                id
            }
            None => insert_commitment(&mut tx, input, owner, false, &ts).await?,
        };
        set_partners(&mut tx, id, &partners).await?;
        let (op, action) = if existing.is_some() {
            ("update", "agenda.update")
        } else {
            ("create", "agenda.create")
        };
        changes::record(&mut tx, "agenda", id, op).await?;
        audit::record(
            &mut tx,
            origin,
            action,
            "commitment",
            Some(id),
            input.title_nl.trim(),
        )
        .await?;
        let c = commitment_in(&mut tx, id).await?;
        tx.commit().await?;
        Ok(c)
    }

    /// Adds a milestone to commitment `id`.
    pub async fn add_milestone(
        &self,
        id: i64,
        input: &MilestoneInput,
        origin: &Origin,
    ) -> Result<Commitment> {
        validate_milestone(input)?;
        let mut tx = self.write_tx().await?;
        commitment_in(&mut tx, id).await?;
        let mid = insert_milestone(&mut tx, id, input, None).await?;
        touched(&mut tx, id, "milestone").await?;
        audit::record(
            &mut tx,
            origin,
            "agenda.milestone",
            "commitment",
            Some(id),
            &format!("milestone {mid}"),
        )
        .await?;
        let c = commitment_in(&mut tx, id).await?;
        tx.commit().await?;
        Ok(c)
    }

    /// Marks milestone `milestone` of commitment `id` done on `done_on`.
    pub async fn milestone_done(
        &self,
        id: i64,
        milestone: i64,
        done_on: &str,
        origin: &Origin,
    ) -> Result<Commitment> {
        validate_done_on(done_on.trim())?;
        let mut tx = self.write_tx().await?;
        let n = sqlx::query(
            "UPDATE agenda_milestones SET done_on = $1 WHERE id = $2 AND commitment_id = $3",
        )
        .bind(done_on.trim())
        .bind(milestone)
        .bind(id)
        .execute(&mut *tx)
        .await?
        .rows_affected();
        if n == 0 {
            return Err(StoreError::NotFound(format!(
                "milestone {milestone} of commitment {id}"
            )));
        }
        touched(&mut tx, id, "milestone").await?;
        audit::record(
            &mut tx,
            origin,
            "agenda.milestone_done",
            "commitment",
            Some(id),
            &format!("milestone {milestone} done {}", done_on.trim()),
        )
        .await?;
        let c = commitment_in(&mut tx, id).await?;
        tx.commit().await?;
        Ok(c)
    }

    /// Adds a progress update to commitment `id`, written by `author` (account, name).
    pub async fn add_progress(
        &self,
        id: i64,
        input: &ProgressInput,
        author: (i64, &str),
        origin: &Origin,
    ) -> Result<Commitment> {
        validate_progress(input)?;
        let mut tx = self.write_tx().await?;
        commitment_in(&mut tx, id).await?;
        let uid = insert_update(&mut tx, id, input, (Some(author.0), author.1)).await?;
        touched(&mut tx, id, "update").await?;
        audit::record(
            &mut tx,
            origin,
            "agenda.progress",
            "commitment",
            Some(id),
            &format!("update {uid}"),
        )
        .await?;
        let c = commitment_in(&mut tx, id).await?;
        tx.commit().await?;
        Ok(c)
    }

    /// Adds evidence (a link or document by http(s) address) to commitment `id`.
    pub async fn add_evidence(
        &self,
        id: i64,
        input: &EvidenceInput,
        origin: &Origin,
    ) -> Result<Commitment> {
        validate_evidence(input)?;
        let mut tx = self.write_tx().await?;
        commitment_in(&mut tx, id).await?;
        let eid = insert_evidence(&mut tx, id, input).await?;
        touched(&mut tx, id, "evidence").await?;
        audit::record(
            &mut tx,
            origin,
            "agenda.evidence",
            "commitment",
            Some(id),
            &format!("evidence {eid}"),
        )
        .await?;
        let c = commitment_in(&mut tx, id).await?;
        tx.commit().await?;
        Ok(c)
    }

    /// Publishes a review of commitment `id` by `reviewer` (account, name), with the mail to the
    /// owner's editors. One review per commitment and period: a second is a conflict.
    pub async fn publish_review(
        &self,
        id: i64,
        input: &ReviewInput,
        reviewer: (i64, &str),
        mails: &[Mail],
        origin: &Origin,
    ) -> Result<Review> {
        let ratings = validate_review(input)?;
        let mut tx = self.write_tx().await?;
        commitment_in(&mut tx, id).await?;
        let rid = insert_review(
            &mut tx,
            id,
            input,
            &ratings,
            (Some(reviewer.0), reviewer.1),
            false,
        )
        .await?;
        touched(&mut tx, id, "review").await?;
        audit::record(
            &mut tx,
            origin,
            "agenda_review.publish",
            "agenda_review",
            Some(rid),
            &format!("commitment {id} period {}", ratings.period.key()),
        )
        .await?;
        queue_all(&mut tx, mails).await?;
        let r = review_in(&mut tx, rid).await?;
        tx.commit().await?;
        Ok(r)
    }

    /// The owner's response to review `review` (a new response replaces the earlier one), with
    /// the mail to the reviewer.
    pub async fn respond_to_review(
        &self,
        review: i64,
        text: &str,
        responder: (i64, &str),
        mails: &[Mail],
        origin: &Origin,
    ) -> Result<Review> {
        validate_response(text)?;
        let mut tx = self.write_tx().await?;
        let r = review_in(&mut tx, review).await?;
        set_response(&mut tx, review, text, (Some(responder.0), responder.1)).await?;
        touched(&mut tx, r.commitment_id, "response").await?;
        audit::record(
            &mut tx,
            origin,
            "agenda_review.respond",
            "agenda_review",
            Some(review),
            &format!("commitment {}", r.commitment_id),
        )
        .await?;
        queue_all(&mut tx, mails).await?;
        let r = review_in(&mut tx, review).await?;
        tx.commit().await?;
        Ok(r)
    }
}

/// The demo agenda, as written in `seed/demo-agenda.toml`.
pub const DEMO_AGENDA_TOML: &str = include_str!("../seed/demo-agenda.toml");

#[derive(Debug, Deserialize)]
struct DemoAgenda {
    commitment: Vec<DemoCommitment>,
}

#[derive(Debug, Deserialize)]
struct DemoCommitment {
    #[serde(flatten)]
    input: CommitmentInput,
    #[serde(default)]
    milestone: Vec<DemoMilestone>,
    #[serde(default)]
    update: Vec<DemoUpdate>,
    #[serde(default)]
    evidence: Vec<EvidenceInput>,
    #[serde(default)]
    review: Vec<DemoReview>,
}

#[derive(Debug, Deserialize)]
struct DemoMilestone {
    #[serde(flatten)]
    input: MilestoneInput,
    #[serde(default)]
    done_on: Option<String>,
}

#[derive(Debug, Deserialize)]
struct DemoUpdate {
    author: String,
    #[serde(flatten)]
    input: ProgressInput,
}

#[derive(Debug, Deserialize)]
struct DemoReview {
    reviewer: String,
    #[serde(flatten)]
    input: ReviewInput,
    #[serde(default)]
    response: Option<String>,
    #[serde(default)]
    responder: Option<String>,
}

fn demo_error(n: usize, e: impl std::fmt::Display) -> StoreError {
    StoreError::Data(format!("demo commitment {n}: {e}"))
}

/// Loads the demo agenda once (nothing when demo commitments exist), through the same
/// validation as the forms. Demo updates and reviews name their authors without accounts.
pub(crate) async fn seed_demo(conn: &mut AnyConnection) -> Result<usize> {
    let existing: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM agenda_commitments WHERE demo = 1")
            .fetch_one(&mut *conn)
            .await?;
    if existing > 0 {
        return Ok(0);
    }
    let demo: DemoAgenda = toml::from_str(DEMO_AGENDA_TOML)
        .map_err(|e| StoreError::Data(format!("demo agenda: {e}")))?;
    let ts = now();
    for (i, c) in demo.commitment.iter().enumerate() {
        let n = i + 1;
        validate_commitment(&c.input).map_err(|e| demo_error(n, e))?;
        let (owner, partners) = resolve(conn, &c.input)
            .await
            .map_err(|e| demo_error(n, e))?;
        let id = insert_commitment(conn, &c.input, owner, true, &ts).await?;
        set_partners(conn, id, &partners).await?;
        for m in &c.milestone {
            validate_milestone(&m.input).map_err(|e| demo_error(n, e))?;
            if let Some(d) = &m.done_on {
                validate_done_on(d).map_err(|e| demo_error(n, e))?;
            }
            insert_milestone(conn, id, &m.input, m.done_on.as_deref()).await?;
        }
        for u in &c.update {
            validate_progress(&u.input).map_err(|e| demo_error(n, e))?;
            insert_update(conn, id, &u.input, (None, &u.author)).await?;
        }
        for e in &c.evidence {
            validate_evidence(e).map_err(|e| demo_error(n, e))?;
            insert_evidence(conn, id, e).await?;
        }
        for r in &c.review {
            let ratings = validate_review(&r.input).map_err(|e| demo_error(n, e))?;
            let rid =
                insert_review(conn, id, &r.input, &ratings, (None, &r.reviewer), true).await?;
            if let Some(text) = &r.response {
                validate_response(text).map_err(|e| demo_error(n, e))?;
                set_response(
                    conn,
                    rid,
                    text,
                    (None, r.responder.as_deref().unwrap_or("")),
                )
                .await?;
            }
        }
    }
    Ok(demo.commitment.len())
}
