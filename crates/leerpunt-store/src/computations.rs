//! Joint computations set up on the website: the broker's spec, each organisation's consent per
//! role, issuing the signed spec, the nodes' progress reports, who delivered input, the result
//! and the parties' approval to publish it. Every step checks the stage it may happen in inside
//! its write transaction, and is audited.

use leerpunt_core::analysis::ComputationResult;
use leerpunt_core::computation::{ComputationSpec, Phase, Role, Stage};
use leerpunt_core::CoreError;
use sqlx::AnyConnection;

use crate::audit::{self, Origin};
use crate::organisations::id_by_code;
use crate::{changes, conflict_on, now, NewAnalysis, Result, Store, StoreError};

/// A computation as stored.
#[derive(Debug, Clone, sqlx::FromRow)]
struct Row {
    id: i64,
    slug: String,
    spec: String,
    stage: String,
    issued_toml: Option<String>,
    signature: Option<String>,
    abort_reason: String,
    result: Option<String>,
    created_at: String,
    updated_at: String,
}

/// A computation with everything its page shows.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Computation {
    pub id: i64,
    pub slug: String,
    pub spec: ComputationSpec,
    pub stage: Stage,
    /// The spec as issued (TOML) and Leerpunt's signature over it (hex), once issued.
    pub issued_toml: Option<String>,
    pub signature: Option<String>,
    pub abort_reason: String,
    pub result: Option<ComputationResult>,
    pub consents: Vec<Consent>,
    pub reports: Vec<Report>,
    /// The input parties that delivered input (codes), not what they delivered.
    pub delivered: Vec<String>,
    /// The input parties that approved publishing the result (codes).
    pub approved: Vec<String>,
    pub created_at: String,
    pub updated_at: String,
}

impl Computation {
    /// The decision of `org` in `role`, if made.
    pub fn consent(&self, role: Role, org: &str) -> Option<&Consent> {
        self.consents
            .iter()
            .find(|c| c.role == role && c.organisation == org)
    }

    /// Whether every node operator and input party consented.
    pub fn all_consented(&self) -> bool {
        self.spec.consenters().iter().all(|(role, org)| {
            self.consent(*role, org)
                .is_some_and(|c| c.decision == Decision::Consented)
        })
    }

    /// Whether `org` takes part (as node operator or input party).
    pub fn involves(&self, org: &str) -> bool {
        self.spec.nodes.iter().any(|o| o == org) || self.spec.parties.iter().any(|o| o == org)
    }
}

/// A consent decision.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Decision {
    Consented,
    Declined,
}

impl Decision {
    pub fn key(self) -> &'static str {
        match self {
            Decision::Consented => "consented",
            Decision::Declined => "declined",
        }
    }
}

/// One organisation's decision in one role.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Consent {
    pub role: Role,
    pub organisation: String,
    pub decision: Decision,
    pub reason: String,
    /// A node operator's certificate (PEM).
    #[serde(skip_serializing_if = "String::is_empty")]
    pub cert_pem: String,
    pub decided_at: String,
}

/// A phase a node reported.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Report {
    pub organisation: String,
    pub phase: Phase,
    pub reason: String,
    pub reported_at: String,
}

/// A short line of the list of computations.
#[derive(Debug, Clone, serde::Serialize)]
pub struct ComputationSummary {
    pub slug: String,
    pub title_nl: String,
    pub title_en: String,
    pub stage: Stage,
    pub nodes: Vec<String>,
    pub parties: Vec<String>,
    pub updated_at: String,
}

fn invalid(field: &str, message: impl Into<String>) -> StoreError {
    StoreError::Invalid(CoreError::invalid(field, message))
}

fn stage_of(s: &str) -> Result<Stage> {
    Stage::parse(s).ok_or_else(|| StoreError::Data(format!("unknown computation stage {s:?}")))
}

async fn load_row(conn: &mut AnyConnection, slug: &str) -> Result<Row> {
    sqlx::query_as(
        "SELECT id, slug, spec, stage, issued_toml, signature, abort_reason, result, created_at, updated_at \
         FROM computations WHERE slug = $1",
    )
    .bind(slug)
    .fetch_optional(conn)
    .await?
    .ok_or_else(|| StoreError::NotFound(format!("computation {slug}")))
}

async fn load(conn: &mut AnyConnection, slug: &str) -> Result<Computation> {
    let row = load_row(conn, slug).await?;
    let spec: ComputationSpec = serde_json::from_str(&row.spec)
        .map_err(|e| StoreError::Data(format!("spec of computation {slug}: {e}")))?;
    let consents: Vec<(String, String, String, String, String, String)> = sqlx::query_as(
        "SELECT c.role, o.code, c.decision, c.reason, c.cert_pem, c.decided_at FROM computation_consents c \
         JOIN organisations o ON o.id = c.organisation_id WHERE c.computation_id = $1 ORDER BY c.role, o.code",
    )
    .bind(row.id)
    .fetch_all(&mut *conn)
    .await?;
    let reports: Vec<(String, String, String, String)> = sqlx::query_as(
        "SELECT o.code, r.phase, r.reason, r.reported_at FROM computation_reports r \
         JOIN organisations o ON o.id = r.organisation_id WHERE r.computation_id = $1 ORDER BY r.id",
    )
    .bind(row.id)
    .fetch_all(&mut *conn)
    .await?;
    let delivered: Vec<String> = sqlx::query_scalar(
        "SELECT o.code FROM computation_inputs i JOIN organisations o ON o.id = i.organisation_id \
         WHERE i.computation_id = $1 ORDER BY o.code",
    )
    .bind(row.id)
    .fetch_all(&mut *conn)
    .await?;
    let approved: Vec<String> = sqlx::query_scalar(
        "SELECT o.code FROM computation_approvals a JOIN organisations o ON o.id = a.organisation_id \
         WHERE a.computation_id = $1 ORDER BY o.code",
    )
    .bind(row.id)
    .fetch_all(&mut *conn)
    .await?;
    let result = match &row.result {
        Some(text) => Some(
            serde_json::from_str(text)
                .map_err(|e| StoreError::Data(format!("result of computation {slug}: {e}")))?,
        ),
        None => None,
    };
    Ok(Computation {
        id: row.id,
        slug: row.slug,
        spec,
        stage: stage_of(&row.stage)?,
        issued_toml: row.issued_toml,
        signature: row.signature,
        abort_reason: row.abort_reason,
        result,
        consents: consents
            .into_iter()
            .filter_map(
                |(role, organisation, decision, reason, cert_pem, decided_at)| {
                    Some(Consent {
                        role: Role::parse(&role)?,
                        organisation,
                        decision: if decision == "consented" {
                            Decision::Consented
                        } else {
                            Decision::Declined
                        },
                        reason,
                        cert_pem,
                        decided_at,
                    })
                },
            )
            .collect(),
        reports: reports
            .into_iter()
            .filter_map(|(organisation, phase, reason, reported_at)| {
                Some(Report {
                    organisation,
                    phase: Phase::parse(&phase)?,
                    reason,
                    reported_at,
                })
            })
            .collect(),
        delivered,
        approved,
        created_at: row.created_at,
        updated_at: row.updated_at,
    })
}

/// Every organisation a spec names exists.
async fn check_organisations(conn: &mut AnyConnection, spec: &ComputationSpec) -> Result<()> {
    for (field, codes) in [("nodes", &spec.nodes), ("parties", &spec.parties)] {
        for code in codes {
            if id_by_code(conn, code).await?.is_none() {
                return Err(invalid(
                    field,
                    format!("no organisation with code {code:?}"),
                ));
            }
        }
    }
    Ok(())
}

async fn org_id(conn: &mut AnyConnection, code: &str) -> Result<i64> {
    id_by_code(conn, code)
        .await?
        .ok_or_else(|| StoreError::NotFound(format!("organisation {code}")))
}

async fn set_stage(conn: &mut AnyConnection, id: i64, stage: Stage) -> Result<()> {
    sqlx::query("UPDATE computations SET stage = $1, updated_at = $2 WHERE id = $3")
        .bind(stage.key())
        .bind(now())
        .bind(id)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

/// A change only the organisations involved and the brokers see, until the result is published.
async fn log(conn: &mut AnyConnection, id: i64, op: &str) -> Result<()> {
    changes::record_with(conn, "computation", id, op, changes::Reach::Members).await
}

/// Ends a step: audits it, appends it to the change log (members-only reach) and commits;
/// returns the computation as the step left it.
#[allow(clippy::too_many_arguments)]
async fn finish(
    mut tx: sqlx::Transaction<'static, sqlx::Any>,
    origin: &Origin,
    action: &str,
    id: i64,
    slug: &str,
    detail: &str,
    op: &str,
) -> Result<Computation> {
    audit::record(&mut tx, origin, action, "computation", Some(id), detail).await?;
    log(&mut tx, id, op).await?;
    let c = load(&mut tx, slug).await?;
    tx.commit().await?;
    Ok(c)
}

fn wrong_stage(c: &Computation, what: &str) -> StoreError {
    invalid(
        "stage",
        format!("computation {} is {}: cannot {what}", c.slug, c.stage.key()),
    )
}

impl Store {
    /// Stores a new draft computation.
    pub async fn create_computation(
        &self,
        spec: &ComputationSpec,
        origin: &Origin,
    ) -> Result<Computation> {
        spec.validate()?;
        let mut tx = self.write_tx().await?;
        check_organisations(&mut tx, spec).await?;
        let ts = now();
        let json = serde_json::to_string(spec).map_err(|e| StoreError::Data(e.to_string()))?;
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO computations (slug, spec, stage, created_by, created_at, updated_at) \
             VALUES ($1, $2, 'draft', $3, $4, $4) RETURNING id",
        )
        .bind(&spec.id)
        .bind(&json)
        .bind(origin.user_id)
        .bind(&ts)
        .fetch_one(&mut *tx)
        .await
        .map_err(|e| conflict_on(e, || format!("computation {}", spec.id)))?;
        finish(
            tx,
            origin,
            "computation.create",
            id,
            &spec.id,
            &spec.id,
            "create",
        )
        .await
    }

    /// Replaces the spec of a computation not yet issued. Every decision made on the old spec is
    /// dropped: a party consents to exactly what will be computed. The identifier stays.
    pub async fn revise_computation(
        &self,
        slug: &str,
        spec: &ComputationSpec,
        origin: &Origin,
    ) -> Result<Computation> {
        spec.validate()?;
        if spec.id != slug {
            return Err(invalid(
                "id",
                "the identifier of a computation cannot change",
            ));
        }
        let mut tx = self.write_tx().await?;
        let c = load(&mut tx, slug).await?;
        if !c.stage.editable() {
            return Err(wrong_stage(&c, "change its spec"));
        }
        check_organisations(&mut tx, spec).await?;
        let json = serde_json::to_string(spec).map_err(|e| StoreError::Data(e.to_string()))?;
        sqlx::query(
            "UPDATE computations SET spec = $1, stage = 'draft', updated_at = $2 WHERE id = $3",
        )
        .bind(&json)
        .bind(now())
        .bind(c.id)
        .execute(&mut *tx)
        .await?;
        sqlx::query("DELETE FROM computation_consents WHERE computation_id = $1")
            .bind(c.id)
            .execute(&mut *tx)
            .await?;
        finish(tx, origin, "computation.revise", c.id, slug, slug, "revise").await
    }

    /// Asks every node operator and input party to consent (from draft or after a decline).
    pub async fn ask_consent(&self, slug: &str, origin: &Origin) -> Result<Computation> {
        let mut tx = self.write_tx().await?;
        let c = load(&mut tx, slug).await?;
        if !matches!(c.stage, Stage::Draft | Stage::Declined) {
            return Err(wrong_stage(&c, "ask for consent"));
        }
        // A decline is asked again; consents given to this same spec stand.
        sqlx::query(
            "DELETE FROM computation_consents WHERE computation_id = $1 AND decision = 'declined'",
        )
        .bind(c.id)
        .execute(&mut *tx)
        .await?;
        set_stage(&mut tx, c.id, Stage::Consent).await?;
        finish(tx, origin, "computation.ask", c.id, slug, slug, "ask").await
    }

    /// Records `org`'s decision in `role`. A node operator consents with the certificate its node
    /// will present (PEM). A decline stops the computation until the broker revises or asks again.
    #[allow(clippy::too_many_arguments)]
    pub async fn decide_computation(
        &self,
        slug: &str,
        role: Role,
        org: &str,
        decision: Decision,
        reason: &str,
        cert_pem: &str,
        origin: &Origin,
    ) -> Result<Computation> {
        let mut tx = self.write_tx().await?;
        let c = load(&mut tx, slug).await?;
        if c.stage != Stage::Consent {
            return Err(wrong_stage(&c, "take decisions"));
        }
        let listed = match role {
            Role::Node => &c.spec.nodes,
            Role::Party => &c.spec.parties,
        };
        if !listed.iter().any(|o| o == org) {
            return Err(invalid(
                "organisation",
                format!("{org} is not a {} of this computation", role.key()),
            ));
        }
        if decision == Decision::Declined && reason.trim().is_empty() {
            return Err(invalid("reason", "say why you decline"));
        }
        if decision == Decision::Consented && role == Role::Node && cert_pem.trim().is_empty() {
            return Err(invalid(
                "cert_pem",
                "a node operator consents with its node's certificate",
            ));
        }
        let org_id = org_id(&mut tx, org).await?;
        sqlx::query(
            "INSERT INTO computation_consents (computation_id, role, organisation_id, decision, reason, cert_pem, user_id, decided_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8) \
             ON CONFLICT (computation_id, role, organisation_id) DO UPDATE SET decision = excluded.decision, \
             reason = excluded.reason, cert_pem = excluded.cert_pem, user_id = excluded.user_id, decided_at = excluded.decided_at",
        )
        .bind(c.id)
        .bind(role.key())
        .bind(org_id)
        .bind(decision.key())
        .bind(reason.trim())
        .bind(cert_pem.trim())
        .bind(origin.user_id)
        .bind(now())
        .execute(&mut *tx)
        .await?;
        if decision == Decision::Declined {
            set_stage(&mut tx, c.id, Stage::Declined).await?;
        }
        let action = match decision {
            Decision::Consented => "computation.consent",
            Decision::Declined => "computation.decline",
        };
        let detail = format!("{} {org}", role.key());
        finish(tx, origin, action, c.id, slug, &detail, decision.key()).await
    }

    /// Issues the spec once everyone consented: the TOML every node runs and Leerpunt's signature
    /// over it. `toml` must be the spec as consented to.
    pub async fn issue_computation(
        &self,
        slug: &str,
        toml: &str,
        signature: &str,
        origin: &Origin,
    ) -> Result<Computation> {
        let mut tx = self.write_tx().await?;
        let c = load(&mut tx, slug).await?;
        if c.stage != Stage::Consent || !c.all_consented() {
            return Err(wrong_stage(&c, "issue it before everyone consented"));
        }
        if ComputationSpec::from_toml(toml).ok().as_ref() != Some(&c.spec) {
            return Err(invalid(
                "spec",
                "the issued text is not the spec consented to",
            ));
        }
        sqlx::query(
            "UPDATE computations SET stage = 'issued', issued_toml = $1, signature = $2, updated_at = $3 WHERE id = $4",
        )
        .bind(toml)
        .bind(signature)
        .bind(now())
        .bind(c.id)
        .execute(&mut *tx)
        .await?;
        finish(tx, origin, "computation.issue", c.id, slug, slug, "issue").await
    }

    /// Records a node's report (the caller has verified it came from that node). `delivered`
    /// names input parties whose input the node has received. `Done` carries the result
    /// document; `Aborted` a reason, and nothing is revealed.
    #[allow(clippy::too_many_arguments)]
    pub async fn report_computation(
        &self,
        slug: &str,
        node: &str,
        phase: Phase,
        reason: &str,
        delivered: &[String],
        result: Option<&ComputationResult>,
        origin: &Origin,
    ) -> Result<Computation> {
        let mut tx = self.write_tx().await?;
        let c = load(&mut tx, slug).await?;
        if !matches!(c.stage, Stage::Issued | Stage::Running) {
            return Err(wrong_stage(&c, "take reports"));
        }
        if !c.spec.nodes.iter().any(|o| o == node) {
            return Err(invalid(
                "node",
                format!("{node} runs no node of this computation"),
            ));
        }
        for party in delivered {
            if !c.spec.parties.iter().any(|p| p == party) {
                return Err(invalid("delivered", format!("{party} is no input party")));
            }
        }
        if phase == Phase::Aborted && reason.trim().is_empty() {
            return Err(invalid("reason", "an abort says why"));
        }
        let result_json = match (phase, result) {
            (Phase::Done, Some(r)) => {
                if r.computation_id != c.slug {
                    return Err(invalid("result", "the result is of another computation"));
                }
                Some(serde_json::to_string(r).map_err(|e| StoreError::Data(e.to_string()))?)
            }
            (Phase::Done, None) => {
                return Err(invalid("result", "a finished node sends the result"))
            }
            (_, Some(_)) => return Err(invalid("result", "only a finished node sends a result")),
            _ => None,
        };
        let node_id = org_id(&mut tx, node).await?;
        let ts = now();
        sqlx::query(
            "INSERT INTO computation_reports (computation_id, organisation_id, phase, reason, reported_at) VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(c.id)
        .bind(node_id)
        .bind(phase.key())
        .bind(reason.trim())
        .bind(&ts)
        .execute(&mut *tx)
        .await?;
        for party in delivered {
            let party_id = org_id(&mut tx, party).await?;
            sqlx::query(
                "INSERT INTO computation_inputs (computation_id, organisation_id, delivered_at) VALUES ($1, $2, $3) \
                 ON CONFLICT (computation_id, organisation_id) DO NOTHING",
            )
            .bind(c.id)
            .bind(party_id)
            .bind(&ts)
            .execute(&mut *tx)
            .await?;
        }
        let stage = match phase {
            Phase::Aborted => Stage::Aborted,
            Phase::Done => Stage::Done,
            Phase::WaitingForInputs | Phase::Computing => Stage::Running,
        };
        sqlx::query(
            "UPDATE computations SET stage = $1, abort_reason = $2, result = COALESCE($3, result), updated_at = $4 WHERE id = $5",
        )
        .bind(stage.key())
        .bind(if phase == Phase::Aborted { reason.trim() } else { "" })
        .bind(result_json)
        .bind(&ts)
        .bind(c.id)
        .execute(&mut *tx)
        .await?;
        let detail = format!("{node} {}", phase.key());
        finish(
            tx,
            origin,
            "computation.report",
            c.id,
            slug,
            &detail,
            phase.key(),
        )
        .await
    }

    /// Records that input party `org` approves publishing the result; when every party has, the
    /// result becomes a public joint analysis.
    pub async fn approve_computation(
        &self,
        slug: &str,
        org: &str,
        origin: &Origin,
    ) -> Result<Computation> {
        let mut tx = self.write_tx().await?;
        let c = load(&mut tx, slug).await?;
        if c.stage != Stage::Done {
            return Err(wrong_stage(&c, "approve publication"));
        }
        if !c.spec.parties.iter().any(|p| p == org) {
            return Err(invalid("organisation", format!("{org} is no input party")));
        }
        let org_id = org_id(&mut tx, org).await?;
        sqlx::query(
            "INSERT INTO computation_approvals (computation_id, organisation_id, user_id, approved_at) VALUES ($1, $2, $3, $4) \
             ON CONFLICT (computation_id, organisation_id) DO NOTHING",
        )
        .bind(c.id)
        .bind(org_id)
        .bind(origin.user_id)
        .bind(now())
        .execute(&mut *tx)
        .await?;
        audit::record(
            &mut tx,
            origin,
            "computation.approve",
            "computation",
            Some(c.id),
            org,
        )
        .await?;
        let after = load(&mut tx, slug).await?;
        let everyone = after
            .spec
            .parties
            .iter()
            .all(|p| after.approved.iter().any(|a| a == p));
        if everyone {
            let result = after.result.clone().ok_or_else(|| {
                StoreError::Data(format!("computation {slug} is done without a result"))
            })?;
            set_stage(&mut tx, c.id, Stage::Published).await?;
            let analysis = NewAnalysis {
                computation_id: slug.to_owned(),
                title: after.spec.title.nl.clone(),
                parties: result.parties.clone(),
                k: i64::try_from(result.k).unwrap_or(i64::MAX),
                group_by: result.group_by.clone(),
                status: "completed".to_owned(),
                result: serde_json::to_string(&result)
                    .map_err(|e| StoreError::Data(e.to_string()))?,
            };
            crate::analyses::upsert_in(&mut tx, &analysis).await?;
            audit::record(
                &mut tx,
                origin,
                "computation.publish",
                "computation",
                Some(c.id),
                slug,
            )
            .await?;
            changes::record(&mut tx, "computation", c.id, "publish").await?;
        } else {
            log(&mut tx, c.id, "approve").await?;
        }
        let c = load(&mut tx, slug).await?;
        tx.commit().await?;
        Ok(c)
    }

    /// One computation with its consents, reports, inputs and approvals.
    pub async fn computation(&self, slug: &str) -> Result<Computation> {
        let mut conn = self.pool.acquire().await?;
        load(&mut conn, slug).await
    }

    /// Every computation, most recently changed first.
    pub async fn computations(&self) -> Result<Vec<ComputationSummary>> {
        let rows: Vec<(String, String, String, String)> = sqlx::query_as(
            "SELECT slug, spec, stage, updated_at FROM computations ORDER BY updated_at DESC, id DESC",
        )
        .fetch_all(&self.pool)
        .await?;
        rows.into_iter()
            .map(|(slug, spec, stage, updated_at)| {
                let spec: ComputationSpec = serde_json::from_str(&spec)
                    .map_err(|e| StoreError::Data(format!("spec of computation {slug}: {e}")))?;
                Ok(ComputationSummary {
                    slug,
                    title_nl: spec.title.nl,
                    title_en: spec.title.en,
                    stage: stage_of(&stage)?,
                    nodes: spec.nodes,
                    parties: spec.parties,
                    updated_at,
                })
            })
            .collect()
    }

    /// Sets `key` in the `meta` table unless it is set, and returns the value that holds (so
    /// instances racing to create a key all end with the same one).
    pub async fn meta_or_insert(&self, key: &str, value: &str) -> Result<String> {
        let mut tx = self.write_tx().await?;
        sqlx::query("INSERT INTO meta (key, value) VALUES ($1, $2) ON CONFLICT (key) DO NOTHING")
            .bind(key)
            .bind(value)
            .execute(&mut *tx)
            .await?;
        let held: String = sqlx::query_scalar("SELECT value FROM meta WHERE key = $1")
            .bind(key)
            .fetch_one(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(held)
    }
}
