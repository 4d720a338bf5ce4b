//! Joint computations' use cases: a broker drafts and revises a spec and asks for consent; each
//! node operator and input party consents or declines for its organisation; when all consented
//! Leerpunt issues the signed spec; nodes report their phase with a signed body; the input
//! parties approve publishing the result, which then becomes a public joint analysis.
//!
//! Who may see a computation is decided here, once: brokers and admins always; the editors and
//! members of the organisations it names once it left the draft stage; nobody else (a 404).

use leerpunt_core::access::{Action, Target};
use leerpunt_core::analysis::ComputationResult;
use leerpunt_core::computation::{ComputationSpec, Phase, Role, Stage, EXAMPLES};
use leerpunt_core::Lang;
use leerpunt_store::{Computation, ComputationSummary, Decision};
use serde::Deserialize;

use super::Caller;
use crate::error::AppError;
use crate::signing;
use crate::AppState;

/// How far a report's `sent_at` may be from Leerpunt's clock (a replayed old report is refused).
pub const REPORT_SKEW_SECS: i64 = 300;

/// The organisations (codes) the caller works for or edits.
async fn own_codes(app: &AppState, caller: &Caller) -> Result<Vec<String>, AppError> {
    let mut codes: Vec<String> = caller
        .user
        .as_ref()
        .and_then(|u| u.organisation.clone())
        .into_iter()
        .collect();
    for id in &caller.actor.editor_of {
        if let Ok(o) = app.store.organisation_by_id(*id).await {
            codes.push(o.code);
        }
    }
    codes.sort();
    codes.dedup();
    Ok(codes)
}

/// Whether the caller sets computations up (drafts, revises, asks for consent, sees all).
pub fn manages(caller: &Caller) -> bool {
    caller.can(Action::ManageComputations, Target::None)
}

/// Refuses unless the caller sets computations up.
pub fn require_manager(caller: &Caller) -> Result<(), AppError> {
    caller.require(Action::ManageComputations, Target::None)
}

/// Whether the caller may see a computation in `stage` naming `orgs`.
fn may_see(caller: &Caller, own: &[String], stage: Stage, orgs: &[&String]) -> bool {
    manages(caller) || (stage != Stage::Draft && orgs.iter().any(|o| own.contains(o)))
}

/// The computations the caller may see, most recently changed first.
pub async fn list(app: &AppState, caller: &Caller) -> Result<Vec<ComputationSummary>, AppError> {
    if caller.user.is_none() {
        return Err(AppError::Unauthenticated);
    }
    let own = own_codes(app, caller).await?;
    Ok(app
        .store
        .computations()
        .await?
        .into_iter()
        .filter(|c| {
            let orgs: Vec<&String> = c.nodes.iter().chain(&c.parties).collect();
            may_see(caller, &own, c.stage, &orgs)
        })
        .collect())
}

/// One decision the caller may take on a computation's page.
#[derive(Debug, Clone, serde::Serialize)]
pub struct OpenDecision {
    pub role: Role,
    pub organisation: String,
    /// The decision already taken, if any (it may be changed while consent is asked).
    pub taken: Option<&'static str>,
}

/// Everything a computation's page shows and offers the caller.
#[derive(Debug)]
pub struct ComputationPage {
    pub computation: Computation,
    /// The spec as the nodes run it.
    pub toml: String,
    /// Each statistic in words, in the page's language.
    pub words: Vec<String>,
    pub can_manage: bool,
    /// Consent decisions the caller may take (for organisations it edits).
    pub decisions: Vec<OpenDecision>,
    /// Input parties the caller may approve publication for.
    pub approvals: Vec<String>,
    /// Leerpunt's public key, for verifying the issued spec.
    pub public_key: Option<String>,
}

async fn visible(app: &AppState, caller: &Caller, slug: &str) -> Result<Computation, AppError> {
    let c = app.store.computation(slug).await?;
    let own = own_codes(app, caller).await?;
    let orgs: Vec<&String> = c.spec.nodes.iter().chain(&c.spec.parties).collect();
    if may_see(caller, &own, c.stage, &orgs) {
        Ok(c)
    } else if caller.user.is_none() {
        Err(AppError::Unauthenticated)
    } else {
        Err(AppError::NotFound(format!("computation {slug}")))
    }
}

/// Whether the caller may decide for organisation `code`.
async fn decides_for(app: &AppState, caller: &Caller, code: &str) -> Result<bool, AppError> {
    let org = app.store.organisation(code).await?;
    Ok(caller.can(Action::DecideComputation, Target::Organisation(org.id)))
}

/// A computation's page.
pub async fn page(
    app: &AppState,
    caller: &Caller,
    slug: &str,
    lang: Lang,
) -> Result<ComputationPage, AppError> {
    let c = visible(app, caller, slug).await?;
    let mut decisions = Vec::new();
    if c.stage == Stage::Consent {
        for (role, org) in c.spec.consenters() {
            if decides_for(app, caller, org).await? {
                decisions.push(OpenDecision {
                    role,
                    organisation: org.to_owned(),
                    taken: c.consent(role, org).map(|d| d.decision.key()),
                });
            }
        }
    }
    let mut approvals = Vec::new();
    if c.stage == Stage::Done {
        for org in &c.spec.parties {
            if !c.approved.contains(org) && decides_for(app, caller, org).await? {
                approvals.push(org.clone());
            }
        }
    }
    let public_key = match c.stage {
        Stage::Issued | Stage::Running | Stage::Done | Stage::Aborted | Stage::Published => {
            Some(signing::public_key(app).await?)
        }
        _ => None,
    };
    Ok(ComputationPage {
        toml: c.issued_toml.clone().unwrap_or_else(|| c.spec.to_toml()),
        words: c.spec.describe(lang),
        can_manage: manages(caller),
        decisions,
        approvals,
        public_key,
        computation: c,
    })
}

/// An example spec to start a draft from (by name), or the first.
pub fn example(name: Option<&str>) -> &'static str {
    EXAMPLES
        .iter()
        .find(|(n, _)| Some(*n) == name)
        .or(EXAMPLES.first())
        .map_or("", |(_, text)| text)
}

fn parse(toml: &str) -> Result<ComputationSpec, AppError> {
    Ok(ComputationSpec::from_toml(toml)?)
}

/// Drafts a computation from its spec (TOML).
pub async fn create(app: &AppState, caller: &Caller, toml: &str) -> Result<Computation, AppError> {
    require_manager(caller)?;
    let spec = parse(toml)?;
    Ok(app
        .store
        .create_computation(&spec, &caller.origin())
        .await?)
}

/// Replaces the spec of a computation not yet issued; earlier decisions are dropped.
pub async fn revise(
    app: &AppState,
    caller: &Caller,
    slug: &str,
    toml: &str,
) -> Result<Computation, AppError> {
    require_manager(caller)?;
    let spec = parse(toml)?;
    Ok(app
        .store
        .revise_computation(slug, &spec, &caller.origin())
        .await?)
}

/// Asks every node operator and input party to consent.
pub async fn ask(app: &AppState, caller: &Caller, slug: &str) -> Result<Computation, AppError> {
    require_manager(caller)?;
    Ok(app.store.ask_consent(slug, &caller.origin()).await?)
}

/// One organisation's decision, as a form or the API sends it.
#[derive(Debug, Clone, Deserialize)]
pub struct DecisionInput {
    pub role: String,
    pub organisation: String,
    /// `consent` or `decline`.
    pub decision: String,
    #[serde(default)]
    pub reason: String,
    /// A node operator's certificate (PEM).
    #[serde(default)]
    pub cert_pem: String,
}

/// Records a decision for an organisation the caller edits; when it completes the consents,
/// the spec is issued with Leerpunt's signature.
pub async fn decide(
    app: &AppState,
    caller: &Caller,
    slug: &str,
    input: &DecisionInput,
) -> Result<Computation, AppError> {
    let role = Role::parse(&input.role)
        .ok_or_else(|| AppError::BadRequest(format!("unknown role {:?}", input.role)))?;
    let decision = match input.decision.as_str() {
        "consent" => Decision::Consented,
        "decline" => Decision::Declined,
        other => return Err(AppError::BadRequest(format!("unknown decision {other:?}"))),
    };
    let org = app
        .store
        .organisation(input.organisation.trim())
        .await
        .map_err(|_| AppError::BadRequest(format!("no organisation {:?}", input.organisation)))?;
    caller.require(Action::DecideComputation, Target::Organisation(org.id))?;
    // Only what the caller may see can be decided on.
    visible(app, caller, slug).await?;
    if role == Role::Node && decision == Decision::Consented {
        signing::parse_cert(&input.cert_pem).map_err(|e| {
            AppError::Invalid(vec![leerpunt_core::error::FieldError::new("cert_pem", e)])
        })?;
    }
    let c = app
        .store
        .decide_computation(
            slug,
            role,
            &org.code,
            decision,
            &input.reason,
            &input.cert_pem,
            &caller.origin(),
        )
        .await?;
    if c.stage == Stage::Consent && c.all_consented() {
        let toml = c.spec.to_toml();
        let signature = signing::sign(app, &toml).await?;
        return Ok(app
            .store
            .issue_computation(slug, &toml, &signature, &caller.origin())
            .await?);
    }
    Ok(c)
}

/// Approves publishing the result for input party `org`.
pub async fn approve(
    app: &AppState,
    caller: &Caller,
    slug: &str,
    org: &str,
) -> Result<Computation, AppError> {
    let o = app
        .store
        .organisation(org.trim())
        .await
        .map_err(|_| AppError::BadRequest(format!("no organisation {org:?}")))?;
    caller.require(Action::DecideComputation, Target::Organisation(o.id))?;
    visible(app, caller, slug).await?;
    Ok(app
        .store
        .approve_computation(slug, &o.code, &caller.origin())
        .await?)
}

/// The issued spec, its signature and Leerpunt's public key (for `leerpunt node run --spec-url`).
pub async fn issued(app: &AppState, slug: &str) -> Result<(String, String, String), AppError> {
    let c = app.store.computation(slug).await?;
    match (c.issued_toml, c.signature) {
        (Some(toml), Some(sig)) => Ok((toml, sig, signing::public_key(app).await?)),
        _ => Err(AppError::NotFound(format!("issued spec of {slug}"))),
    }
}

/// A node's report: the exact body the node signed.
#[derive(Debug, Clone, Deserialize)]
pub struct ReportInput {
    /// The node operator's organisation code.
    pub node: String,
    pub phase: String,
    #[serde(default)]
    pub reason: String,
    /// Input parties whose input this node received.
    #[serde(default)]
    pub delivered: Vec<String>,
    /// When the node sent it (RFC 3339).
    pub sent_at: String,
    /// The result document, with phase `done`.
    #[serde(default)]
    pub result: Option<ComputationResult>,
}

/// A node's signed report as it arrives: the report as JSON text, and the signature (hex) over
/// exactly those bytes with the key of the certificate the node's operator consented with.
#[derive(Debug, Clone, Deserialize)]
pub struct SignedReport {
    pub report: String,
    pub signature: String,
}

/// Records a node's report after checking its signature with the certificate the node's
/// operator consented with. A report that does not verify changes nothing.
pub async fn report(
    app: &AppState,
    caller: &Caller,
    slug: &str,
    signed: &SignedReport,
) -> Result<Computation, AppError> {
    let input: ReportInput = serde_json::from_str(&signed.report)
        .map_err(|e| AppError::BadRequest(format!("the report does not read: {e}")))?;
    let phase = Phase::parse(&input.phase)
        .ok_or_else(|| AppError::BadRequest(format!("unknown phase {:?}", input.phase)))?;
    let sent = time::OffsetDateTime::parse(
        &input.sent_at,
        &time::format_description::well_known::Rfc3339,
    )
    .map_err(|_| AppError::BadRequest("sent_at must be an RFC 3339 time".into()))?;
    let c = app.store.computation(slug).await?;
    let cert = c
        .consent(Role::Node, &input.node)
        .filter(|d| d.decision == Decision::Consented && !d.cert_pem.is_empty())
        .map(|d| d.cert_pem.clone())
        .ok_or_else(|| AppError::Forbidden(format!("{} runs no node of {slug}", input.node)))?;
    if !signing::verify_report(&cert, signed.report.as_bytes(), &signed.signature) {
        return Err(AppError::Forbidden(
            "the report's signature does not verify with the node's certificate".into(),
        ));
    }
    let skew = (time::OffsetDateTime::now_utc() - sent)
        .whole_seconds()
        .abs();
    if skew > REPORT_SKEW_SECS {
        return Err(AppError::BadRequest(format!(
            "sent_at is {skew} s from now; a report is accepted within {REPORT_SKEW_SECS} s"
        )));
    }
    Ok(app
        .store
        .report_computation(
            slug,
            &input.node,
            phase,
            &input.reason,
            &input.delivered,
            input.result.as_ref(),
            &caller.origin(),
        )
        .await?)
}
