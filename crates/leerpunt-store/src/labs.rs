//! Shared data labs' storage: labs and their offerings, requests for access and the exchange of
//! each request.
//!
//! Every write is one transaction with its audit entry, its change-log entry (lab pages are
//! shared and cached until the log moves) and the mail it sends, so a refused step leaves
//! nothing behind.

use leerpunt_core::labs::{
    self, validate_lab, validate_request, Lab, LabInput, LabRequest, Offering, RequestInput,
    RequestMessage, RequestState, RequestStep,
};
use leerpunt_core::CoreError;
use serde::Deserialize;
use sqlx::AnyConnection;

use crate::audit::{self, Origin};
use crate::organisations::id_by_code;
use crate::outbox::{self, Mail};
use crate::{changes, conflict_on, now, Result, Store, StoreError};

#[derive(sqlx::FromRow)]
struct LabRow {
    id: i64,
    slug: String,
    organisation_id: i64,
    owner: String,
    owner_name: String,
    name_nl: String,
    name_en: String,
    description_nl: String,
    description_en: String,
    offerings: Option<String>,
    audience: String,
    conditions: String,
    cost: String,
    contact: String,
    availability: String,
    granted: i64,
    #[sqlx(try_from = "crate::Flag")]
    demo: bool,
    created_at: String,
    updated_at: String,
}

impl From<LabRow> for Lab {
    fn from(r: LabRow) -> Self {
        let mut offerings: Vec<Offering> = r
            .offerings
            .unwrap_or_default()
            .split(',')
            .filter_map(Offering::parse)
            .collect();
        offerings.sort();
        Lab {
            id: r.id,
            slug: r.slug,
            owner_id: r.organisation_id,
            owner: r.owner,
            owner_name: r.owner_name,
            name_nl: r.name_nl,
            name_en: r.name_en,
            description_nl: r.description_nl,
            description_en: r.description_en,
            offerings,
            audience: r.audience,
            conditions: r.conditions,
            cost: r.cost,
            contact: r.contact,
            availability: r.availability,
            granted: r.granted,
            demo: r.demo,
            created_at: r.created_at,
            updated_at: r.updated_at,
        }
    }
}

const LAB_SELECT: &str = "SELECT l.id, l.slug, l.organisation_id, o.code AS owner, o.name AS owner_name, \
    l.name_nl, l.name_en, l.description_nl, l.description_en, \
    (SELECT GROUP_CONCAT(offering) FROM lab_offerings f WHERE f.lab_id = l.id) AS offerings, \
    l.audience, l.conditions, l.cost, l.contact, l.availability, \
    (SELECT COUNT(*) FROM lab_requests r WHERE r.lab_id = l.id AND r.state = 'accepted') AS granted, \
    l.demo, l.created_at, l.updated_at \
    FROM labs l JOIN organisations o ON o.id = l.organisation_id";

#[derive(sqlx::FromRow)]
struct RequestRow {
    id: i64,
    lab_id: i64,
    lab_slug: String,
    lab_name_nl: String,
    lab_name_en: String,
    owner: String,
    requester_id: Option<i64>,
    requester_name: Option<String>,
    requester_organisation: Option<String>,
    purpose: String,
    period_from: String,
    period_to: String,
    needs: String,
    state: String,
    #[sqlx(try_from = "crate::Flag")]
    requester_consent: bool,
    #[sqlx(try_from = "crate::Flag")]
    owner_consent: bool,
    #[sqlx(try_from = "crate::Flag")]
    demo: bool,
    created_at: String,
    updated_at: String,
}

impl TryFrom<RequestRow> for LabRequest {
    type Error = StoreError;
    fn try_from(r: RequestRow) -> Result<Self> {
        let state = RequestState::parse(&r.state).ok_or_else(|| {
            StoreError::Data(format!("lab request {}: state {:?}", r.id, r.state))
        })?;
        Ok(LabRequest {
            id: r.id,
            lab_id: r.lab_id,
            lab_slug: r.lab_slug,
            lab_name_nl: r.lab_name_nl,
            lab_name_en: r.lab_name_en,
            owner: r.owner,
            requester_id: r.requester_id,
            requester_name: r.requester_name.unwrap_or_default(),
            requester_organisation: r.requester_organisation,
            purpose: r.purpose,
            from: r.period_from,
            to: r.period_to,
            needs: r.needs,
            state,
            requester_consent: r.requester_consent,
            owner_consent: r.owner_consent,
            demo: r.demo,
            created_at: r.created_at,
            updated_at: r.updated_at,
        })
    }
}

const REQUEST_SELECT: &str = "SELECT r.id, r.lab_id, l.slug AS lab_slug, l.name_nl AS lab_name_nl, l.name_en AS lab_name_en, \
    o.code AS owner, r.requester_id, COALESCE(u.name, r.requester_name) AS requester_name, \
    ro.name AS requester_organisation, r.purpose, r.period_from, r.period_to, r.needs, r.state, \
    r.requester_consent, r.owner_consent, r.demo, r.created_at, r.updated_at \
    FROM lab_requests r JOIN labs l ON l.id = r.lab_id JOIN organisations o ON o.id = l.organisation_id \
    LEFT JOIN users u ON u.id = r.requester_id \
    LEFT JOIN organisations ro ON ro.id = r.requester_org_id";

#[derive(sqlx::FromRow)]
struct MessageRow {
    id: i64,
    request_id: i64,
    kind: String,
    author_name: String,
    #[sqlx(try_from = "crate::Flag")]
    by_owner: bool,
    body: String,
    created_at: String,
}

impl From<MessageRow> for RequestMessage {
    fn from(r: MessageRow) -> Self {
        RequestMessage {
            id: r.id,
            request_id: r.request_id,
            kind: r.kind,
            author_name: r.author_name,
            by_owner: r.by_owner,
            body: r.body,
            created_at: r.created_at,
        }
    }
}

async fn lab_in(conn: &mut AnyConnection, slug: &str) -> Result<Lab> {
    let row: Option<LabRow> = sqlx::query_as(&format!("{LAB_SELECT} WHERE l.slug = $1"))
        .bind(slug)
        .fetch_optional(conn)
        .await?;
    Ok(row
        .ok_or_else(|| StoreError::NotFound(format!("lab {slug:?}")))?
        .into())
}

async fn request_in(conn: &mut AnyConnection, id: i64) -> Result<LabRequest> {
    let row: Option<RequestRow> = sqlx::query_as(&format!("{REQUEST_SELECT} WHERE r.id = $1"))
        .bind(id)
        .fetch_optional(conn)
        .await?;
    row.ok_or_else(|| StoreError::NotFound(format!("lab request {id}")))?
        .try_into()
}

async fn set_offerings(conn: &mut AnyConnection, id: i64, offerings: &[Offering]) -> Result<()> {
    sqlx::query("DELETE FROM lab_offerings WHERE lab_id = $1")
        .bind(id)
        .execute(&mut *conn)
        .await?;
    for o in offerings {
        sqlx::query("INSERT INTO lab_offerings (lab_id, offering) VALUES ($1, $2)")
            .bind(id)
            .bind(o.key())
            .execute(&mut *conn)
            .await?;
    }
    Ok(())
}

async fn insert_message(
    conn: &mut AnyConnection,
    request_id: i64,
    kind: &str,
    author_id: Option<i64>,
    author_name: &str,
    by_owner: bool,
    body: &str,
) -> Result<()> {
    sqlx::query(
        "INSERT INTO lab_request_messages (request_id, kind, author_id, author_name, by_owner, body, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(request_id)
    .bind(kind)
    .bind(author_id)
    .bind(author_name.trim())
    .bind(i64::from(by_owner))
    .bind(body.trim())
    .bind(now())
    .execute(conn)
    .await?;
    Ok(())
}

impl Store {
    /// The labs, by name, optionally only those offering `offering`.
    pub async fn labs(&self, offering: Option<Offering>) -> Result<Vec<Lab>> {
        let rows: Vec<LabRow> = sqlx::query_as(&format!(
            "{LAB_SELECT} WHERE ($1 IS NULL OR EXISTS (SELECT 1 FROM lab_offerings f WHERE f.lab_id = l.id AND f.offering = $1)) \
             ORDER BY l.name_nl, l.id LIMIT 500"
        ))
        .bind(offering.map(Offering::key))
        .fetch_all(&self.pool)
        .await?;
        Ok(rows.into_iter().map(Into::into).collect())
    }

    /// One lab by its address.
    pub async fn lab(&self, slug: &str) -> Result<Lab> {
        let mut conn = self.pool.acquire().await?;
        lab_in(&mut conn, slug).await
    }

    /// Stores a new lab (`existing` is `None`) or changes the lab at `existing`; the owner is
    /// never changed by an edit, nor the address.
    pub async fn save_lab(
        &self,
        existing: Option<&str>,
        input: &LabInput,
        origin: &Origin,
    ) -> Result<Lab> {
        self.save_lab_as(existing, input, false, origin).await
    }

    async fn save_lab_as(
        &self,
        existing: Option<&str>,
        input: &LabInput,
        demo: bool,
        origin: &Origin,
    ) -> Result<Lab> {
        validate_lab(input)?;
        let mut tx = self.write_tx().await?;
        let ts = now();
        let (id, slug, action) = match existing {
            Some(slug) => {
                let lab = lab_in(&mut tx, slug).await?;
                sqlx::query(
                    "UPDATE labs SET name_nl = $1, name_en = $2, description_nl = $3, description_en = $4, audience = $5, \
                     conditions = $6, cost = $7, contact = $8, availability = $9, updated_at = $10 WHERE id = $11",
                )
                .bind(input.name_nl.trim())
                .bind(input.name_en.trim())
                .bind(input.description_nl.trim())
                .bind(input.description_en.trim())
                .bind(input.audience.trim())
                .bind(input.conditions.trim())
                .bind(input.cost.trim())
                .bind(input.contact.trim())
                .bind(input.availability.trim())
                .bind(&ts)
                .bind(lab.id)
                .execute(&mut *tx)
                .await?;
                (lab.id, lab.slug, "lab.update")
            }
            None => {
                let owner = id_by_code(&mut tx, input.owner.trim())
                    .await?
                    .ok_or_else(|| {
                        CoreError::invalid(
                            "owner",
                            format!("unknown organisation {:?}", input.owner),
                        )
                    })?;
                let slug = input.slug_or_made();
                let id: i64 = sqlx::query_scalar(
                    "INSERT INTO labs (slug, organisation_id, name_nl, name_en, description_nl, description_en, audience, conditions, cost, contact, availability, demo, created_at, updated_at) \
                     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $13) RETURNING id",
                )
                .bind(&slug)
                .bind(owner)
                .bind(input.name_nl.trim())
                .bind(input.name_en.trim())
                .bind(input.description_nl.trim())
                .bind(input.description_en.trim())
                .bind(input.audience.trim())
                .bind(input.conditions.trim())
                .bind(input.cost.trim())
                .bind(input.contact.trim())
                .bind(input.availability.trim())
                .bind(i64::from(demo))
                .bind(&ts)
                .fetch_one(&mut *tx)
                .await
                .map_err(|e| conflict_on(e, || format!("a lab at /datalabs/{slug}")))?;
                (id, slug, "lab.create")
            }
        };
        set_offerings(&mut tx, id, &input.offering_set()).await?;
        changes::record(
            &mut tx,
            "lab",
            id,
            if existing.is_some() {
                "update"
            } else {
                "create"
            },
        )
        .await?;
        audit::record(&mut tx, origin, action, "lab", Some(id), &slug).await?;
        let lab = lab_in(&mut tx, &slug).await?;
        tx.commit().await?;
        Ok(lab)
    }

    /// Stores a request for access (state `requested`) and queues the mail to the owner's editors.
    #[allow(clippy::too_many_arguments)]
    pub async fn request_lab_access(
        &self,
        lab_id: i64,
        requester_id: i64,
        input: &RequestInput,
        mails: &[Mail],
        origin: &Origin,
    ) -> Result<LabRequest> {
        validate_request(input)?;
        let mut tx = self.write_tx().await?;
        let id = insert_request(
            &mut tx,
            lab_id,
            Some(requester_id),
            "",
            None,
            input,
            "requested",
            false,
            false,
        )
        .await?;
        audit::record(
            &mut tx,
            origin,
            "lab_request.create",
            "lab_request",
            Some(id),
            &format!("lab {lab_id}"),
        )
        .await?;
        outbox::queue_all(&mut tx, mails).await?;
        let request = request_in(&mut tx, id).await?;
        tx.commit().await?;
        Ok(request)
    }

    /// One request, whoever asks (the caller decides who may see it).
    pub async fn lab_request(&self, id: i64) -> Result<LabRequest> {
        let mut conn = self.pool.acquire().await?;
        request_in(&mut conn, id).await
    }

    /// The requests of one account, newest first.
    pub async fn lab_requests_of(&self, requester_id: i64) -> Result<Vec<LabRequest>> {
        let rows: Vec<RequestRow> = sqlx::query_as(&format!(
            "{REQUEST_SELECT} WHERE r.requester_id = $1 ORDER BY r.updated_at DESC, r.id DESC LIMIT 500"
        ))
        .bind(requester_id)
        .fetch_all(&self.pool)
        .await?;
        rows.into_iter().map(LabRequest::try_from).collect()
    }

    /// The requests for the labs of these organisations (ids), open ones first, newest first.
    pub async fn lab_requests_for(&self, organisations: &[i64]) -> Result<Vec<LabRequest>> {
        if organisations.is_empty() {
            return Ok(Vec::new());
        }
        let ids = organisations
            .iter()
            .map(i64::to_string)
            .collect::<Vec<_>>()
            .join(",");
        let rows: Vec<RequestRow> = sqlx::query_as(&format!(
            "{REQUEST_SELECT} WHERE (',' || $1 || ',') LIKE ('%,' || l.organisation_id || ',%') \
             ORDER BY r.state NOT IN ('requested', 'question'), r.updated_at DESC, r.id DESC LIMIT 500"
        ))
        .bind(ids)
        .fetch_all(&self.pool)
        .await?;
        rows.into_iter().map(LabRequest::try_from).collect()
    }

    /// The requests of one lab, open ones first, newest first.
    pub async fn lab_requests_of_lab(&self, lab_id: i64) -> Result<Vec<LabRequest>> {
        let rows: Vec<RequestRow> = sqlx::query_as(&format!(
            "{REQUEST_SELECT} WHERE r.lab_id = $1 \
             ORDER BY r.state NOT IN ('requested', 'question'), r.updated_at DESC, r.id DESC LIMIT 500"
        ))
        .bind(lab_id)
        .fetch_all(&self.pool)
        .await?;
        rows.into_iter().map(LabRequest::try_from).collect()
    }

    /// The exchange of a request, oldest first.
    pub async fn lab_request_messages(&self, request_id: i64) -> Result<Vec<RequestMessage>> {
        let rows: Vec<MessageRow> = sqlx::query_as(
            "SELECT id, request_id, kind, author_name, by_owner, body, created_at FROM lab_request_messages \
             WHERE request_id = $1 ORDER BY id",
        )
        .bind(request_id)
        .fetch_all(&self.pool)
        .await?;
        Ok(rows.into_iter().map(Into::into).collect())
    }

    /// Applies a step to a request (see `core::labs::apply`), adds it to the exchange and queues
    /// its mail. An accepted request's owner consent is the one given with the acceptance.
    pub async fn lab_request_step(
        &self,
        id: i64,
        step: &RequestStep,
        author: (Option<i64>, &str),
        mails: &[Mail],
        origin: &Origin,
    ) -> Result<LabRequest> {
        let mut tx = self.write_tx().await?;
        let request = request_in(&mut tx, id).await?;
        let state = labs::apply(request.state, step)?;
        let ts = now();
        sqlx::query("UPDATE lab_requests SET state = $1, updated_at = $2 WHERE id = $3")
            .bind(state.key())
            .bind(&ts)
            .bind(id)
            .execute(&mut *tx)
            .await?;
        if let RequestStep::Accept { may_show, .. } = step {
            sqlx::query("UPDATE lab_requests SET owner_consent = $1 WHERE id = $2")
                .bind(i64::from(*may_show))
                .bind(id)
                .execute(&mut *tx)
                .await?;
            // The lab's page shows how many requests it granted.
            changes::record(&mut tx, "lab", request.lab_id, "grant").await?;
        }
        insert_message(
            &mut tx,
            id,
            step.key(),
            author.0,
            author.1,
            step.by_owner(),
            step.text(),
        )
        .await?;
        audit::record(
            &mut tx,
            origin,
            &format!("lab_request.{}", step.key()),
            "lab_request",
            Some(id),
            state.key(),
        )
        .await?;
        outbox::queue_all(&mut tx, mails).await?;
        let request = request_in(&mut tx, id).await?;
        tx.commit().await?;
        Ok(request)
    }

    /// Records the requester's consent to be named on the lab's page (or its withdrawal).
    pub async fn set_lab_request_consent(
        &self,
        id: i64,
        consent: bool,
        origin: &Origin,
    ) -> Result<LabRequest> {
        let mut tx = self.write_tx().await?;
        let request = request_in(&mut tx, id).await?;
        if request.requester_consent != consent {
            sqlx::query(
                "UPDATE lab_requests SET requester_consent = $1, updated_at = $2 WHERE id = $3",
            )
            .bind(i64::from(consent))
            .bind(now())
            .bind(id)
            .execute(&mut *tx)
            .await?;
            changes::record(&mut tx, "lab", request.lab_id, "consent").await?;
            audit::record(
                &mut tx,
                origin,
                "lab_request.consent",
                "lab_request",
                Some(id),
                if consent { "may be shown" } else { "not shown" },
            )
            .await?;
        }
        let request = request_in(&mut tx, id).await?;
        tx.commit().await?;
        Ok(request)
    }
}

#[allow(clippy::too_many_arguments)]
async fn insert_request(
    conn: &mut AnyConnection,
    lab_id: i64,
    requester_id: Option<i64>,
    requester_name: &str,
    requester_org: Option<i64>,
    input: &RequestInput,
    state: &str,
    owner_consent: bool,
    demo: bool,
) -> Result<i64> {
    let ts = now();
    let requester_org = match (requester_org, requester_id) {
        (Some(o), _) => Some(o),
        (None, Some(user)) => {
            sqlx::query_scalar::<_, Option<i64>>("SELECT organisation_id FROM users WHERE id = $1")
                .bind(user)
                .fetch_optional(&mut *conn)
                .await?
                .flatten()
        }
        (None, None) => None,
    };
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO lab_requests (lab_id, requester_id, requester_name, requester_org_id, purpose, period_from, period_to, needs, state, requester_consent, owner_consent, demo, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $13) RETURNING id",
    )
    .bind(lab_id)
    .bind(requester_id)
    .bind(requester_name)
    .bind(requester_org)
    .bind(input.purpose.trim())
    .bind(input.from.trim())
    .bind(input.to.trim())
    .bind(input.needs.trim())
    .bind(state)
    .bind(i64::from(input.may_show))
    .bind(i64::from(owner_consent))
    .bind(i64::from(demo))
    .bind(&ts)
    .fetch_one(&mut *conn)
    .await?;
    Ok(id)
}

/// The demo labs and requests, as written in `seed/demo-labs.toml`.
pub const DEMO_LABS_TOML: &str = include_str!("../seed/demo-labs.toml");

#[derive(Debug, Deserialize)]
struct DemoLabs {
    lab: Vec<LabInput>,
    request: Vec<DemoRequest>,
}

#[derive(Debug, Deserialize)]
struct DemoRequest {
    lab: String,
    requester: String,
    organisation: String,
    #[serde(flatten)]
    input: RequestInput,
    state: String,
    #[serde(default)]
    owner_consent: bool,
    #[serde(default)]
    messages: Vec<DemoMessage>,
}

#[derive(Debug, Deserialize)]
struct DemoMessage {
    kind: String,
    author: String,
    #[serde(default)]
    by_owner: bool,
    body: String,
}

/// Loads the demo labs and requests once (nothing when demo labs exist).
pub(crate) async fn seed_demo(conn: &mut AnyConnection) -> Result<usize> {
    let existing: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM labs WHERE demo = 1")
        .fetch_one(&mut *conn)
        .await?;
    if existing > 0 {
        return Ok(0);
    }
    let demo: DemoLabs =
        toml::from_str(DEMO_LABS_TOML).map_err(|e| StoreError::Data(format!("demo labs: {e}")))?;
    let ts = now();
    for (n, l) in demo.lab.iter().enumerate() {
        let what = |e: String| StoreError::Data(format!("demo lab {}: {e}", n + 1));
        validate_lab(l).map_err(|e| what(e.to_string()))?;
        let owner = id_by_code(conn, &l.owner)
            .await?
            .ok_or_else(|| what(format!("unknown organisation {}", l.owner)))?;
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO labs (slug, organisation_id, name_nl, name_en, description_nl, description_en, audience, conditions, cost, contact, availability, demo, created_at, updated_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, 1, $12, $12) RETURNING id",
        )
        .bind(l.slug_or_made())
        .bind(owner)
        .bind(l.name_nl.trim())
        .bind(l.name_en.trim())
        .bind(l.description_nl.trim())
        .bind(l.description_en.trim())
        .bind(l.audience.trim())
        .bind(l.conditions.trim())
        .bind(l.cost.trim())
        .bind(l.contact.trim())
        .bind(l.availability.trim())
        .bind(&ts)
        .fetch_one(&mut *conn)
        .await?;
        set_offerings(conn, id, &l.offering_set()).await?;
    }
    for (n, r) in demo.request.iter().enumerate() {
        let what = |e: String| StoreError::Data(format!("demo request {}: {e}", n + 1));
        validate_request(&r.input).map_err(|e| what(e.to_string()))?;
        let state =
            RequestState::parse(&r.state).ok_or_else(|| what(format!("state {:?}", r.state)))?;
        let lab = lab_in(conn, &r.lab)
            .await
            .map_err(|e| what(e.to_string()))?;
        let org = id_by_code(conn, &r.organisation)
            .await?
            .ok_or_else(|| what(format!("unknown organisation {}", r.organisation)))?;
        if org == lab.owner_id {
            return Err(what(
                "a request from the owner organisation itself".to_owned(),
            ));
        }
        let id = insert_request(
            conn,
            lab.id,
            None,
            &r.requester,
            Some(org),
            &r.input,
            state.key(),
            r.owner_consent,
            true,
        )
        .await?;
        for m in &r.messages {
            insert_message(conn, id, &m.kind, None, &m.author, m.by_owner, &m.body).await?;
        }
    }
    Ok(demo.lab.len())
}
