//! Data that ships with the product (the register of public bodies, the demo practices, people,
//! step plan, help-desk questions, FAQ entries, communities and meeting log) and bulk imports.
//!
//! Bulk writes run in one transaction: a failure part-way leaves the database as it was.

use leerpunt_core::import::{register_record_to_practice, RegisterRecord};
use leerpunt_core::{Lang, NewPractice, PracticeStatus, PracticeText};
use serde::Deserialize;

use crate::organisations::{self, OrgSeed};
use crate::{practices, stepplan, Result, Store, StoreError, Upserted};

/// The register of Dutch public bodies shipped with the product (see `seed/README.md` for sources).
pub const REGISTER_CSV: &str = include_str!("../seed/organisations.csv");

/// The demo practices shipped with the product, written for Leerpunt (Dutch with English translations).
pub const DEMO_TOML: &str = include_str!("../seed/demo-practices.toml");

/// The `source` of demo practices; the UI marks them as demo content.
pub const DEMO_SOURCE: &str = "demo";

/// Parses the shipped register.
pub fn register() -> Result<Vec<OrgSeed>> {
    let mut reader = csv::ReaderBuilder::new().from_reader(REGISTER_CSV.as_bytes());
    reader
        .deserialize()
        .enumerate()
        .map(|(i, row)| row.map_err(|e| StoreError::Data(format!("register row {}: {e}", i + 2))))
        .collect()
}

#[derive(Deserialize)]
struct DemoFile {
    practice: Vec<DemoPractice>,
}

#[derive(Deserialize)]
struct DemoPractice {
    slug: String,
    owner: String,
    #[serde(default)]
    partners: Vec<String>,
    themes: Vec<String>,
    #[serde(default)]
    techniques: Vec<String>,
    status: PracticeStatus,
    #[serde(default)]
    started: Option<String>,
    #[serde(default)]
    contact: Option<String>,
    nl: PracticeText,
    en: PracticeText,
}

/// The demo step plan, in the plain-text format of the edit form (`core::stepplan`).
pub const DEMO_STEP_PLAN: &str = include_str!("../seed/demo-step-plan.txt");

/// The note of the demo step plan's version.
pub const DEMO_STEP_PLAN_NOTE: &str = "Eerste versie (demo)";

/// The demo step plan.
pub fn demo_step_plan() -> Result<leerpunt_core::stepplan::StepPlan> {
    leerpunt_core::stepplan::parse(DEMO_STEP_PLAN)
        .map(|parsed| parsed.plan)
        .map_err(|errors| {
            let list: Vec<String> = errors.iter().map(ToString::to_string).collect();
            StoreError::Data(format!("demo step plan: {}", list.join("; ")))
        })
}

/// The demo people shipped with Leerpunt (fictional, with consent to a public profile).
pub const DEMO_PEOPLE_TOML: &str = include_str!("../seed/demo-people.toml");

#[derive(Deserialize)]
struct DemoPeople {
    person: Vec<DemoPerson>,
}

/// A demo person as written in the seed file.
#[derive(Debug, Clone, Deserialize)]
pub struct DemoPerson {
    pub name: String,
    pub role: String,
    pub organisation: String,
    pub expertise: Vec<String>,
}

/// The demo people.
pub fn demo_people() -> Result<Vec<DemoPerson>> {
    let file: DemoPeople = toml::from_str(DEMO_PEOPLE_TOML)
        .map_err(|e| StoreError::Data(format!("demo people: {e}")))?;
    Ok(file.person)
}

/// Adds a demo person (public, without an account) unless one of that name already works there.
async fn upsert_demo_person(conn: &mut sqlx::AnyConnection, p: &DemoPerson) -> Result<()> {
    let org: Option<i64> = sqlx::query_scalar("SELECT id FROM organisations WHERE code = $1")
        .bind(&p.organisation)
        .fetch_optional(&mut *conn)
        .await?;
    let org = org.ok_or_else(|| {
        StoreError::Data(format!(
            "demo person {}: unknown organisation {}",
            p.name, p.organisation
        ))
    })?;
    let exists: Option<i64> = sqlx::query_scalar(
        "SELECT id FROM people WHERE name = $1 AND organisation_id = $2 AND user_id IS NULL",
    )
    .bind(&p.name)
    .bind(org)
    .fetch_optional(&mut *conn)
    .await?;
    let at = crate::now();
    let expertise = p.expertise.join(", ");
    let id = match exists {
        Some(id) => {
            sqlx::query("UPDATE people SET role = $1, expertise = $2, public_consent = 1, updated_at = $3 WHERE id = $4")
                .bind(&p.role)
                .bind(&expertise)
                .bind(&at)
                .bind(id)
                .execute(&mut *conn)
                .await?;
            id
        }
        None => sqlx::query_scalar(
            "INSERT INTO people (name, role, organisation_id, expertise, public_consent, created_at, updated_at) \
             VALUES ($1, $2, $3, $4, 1, $5, $5) RETURNING id",
        )
        .bind(&p.name)
        .bind(&p.role)
        .bind(org)
        .bind(&expertise)
        .bind(&at)
        .fetch_one(&mut *conn)
        .await?,
    };
    crate::changes::record(conn, "person", id, "update").await
}

/// Parses the shipped demo practices.
pub fn demo_practices() -> Result<Vec<NewPractice>> {
    let file: DemoFile =
        toml::from_str(DEMO_TOML).map_err(|e| StoreError::Data(format!("demo practices: {e}")))?;
    Ok(file
        .practice
        .into_iter()
        .map(|d| NewPractice {
            slug: Some(d.slug),
            language: Lang::Nl,
            text: d.nl,
            translation: Some(d.en),
            status: d.status,
            owner: d.owner,
            partners: d.partners,
            themes: d.themes,
            techniques: d.techniques,
            contact: d.contact,
            source: DEMO_SOURCE.to_owned(),
            source_id: None,
            source_url: None,
            started_on: d.started,
        })
        .collect())
}

/// The demo communities with their discussions, written for Leerpunt (see the file's header).
pub const DEMO_COMMUNITIES_TOML: &str = include_str!("../seed/demo-communities.toml");

#[derive(Deserialize)]
struct DemoCommunities {
    community: Vec<DemoCommunity>,
}

/// A demo community as written in the seed file.
#[derive(Debug, Clone, Deserialize)]
pub struct DemoCommunity {
    pub slug: String,
    pub themes: Vec<String>,
    pub name_nl: String,
    pub name_en: String,
    pub description_nl: String,
    pub description_en: String,
    #[serde(default)]
    pub topic: Vec<DemoTopic>,
}

/// A demo topic: its opening post and its replies.
#[derive(Debug, Clone, Deserialize)]
pub struct DemoTopic {
    pub title: String,
    pub author: String,
    /// How long before loading the topic was opened.
    pub days_ago: i64,
    pub body: String,
    #[serde(default)]
    pub reply: Vec<DemoReply>,
}

/// A demo reply.
#[derive(Debug, Clone, Deserialize)]
pub struct DemoReply {
    pub author: String,
    /// Hours after the opening post.
    pub hours: i64,
    /// The earlier reply (1 = the first) this one answers; none: the topic as a whole.
    #[serde(default)]
    pub reply_to: Option<usize>,
    pub body: String,
}

/// The demo communities, checked against the core's rules.
pub fn demo_communities() -> Result<Vec<DemoCommunity>> {
    let file: DemoCommunities = toml::from_str(DEMO_COMMUNITIES_TOML)
        .map_err(|e| StoreError::Data(format!("demo communities: {e}")))?;
    for c in &file.community {
        let input = leerpunt_core::community::NewCommunity {
            slug: Some(c.slug.clone()),
            name_nl: c.name_nl.clone(),
            name_en: c.name_en.clone(),
            description_nl: c.description_nl.clone(),
            description_en: c.description_en.clone(),
            themes: c.themes.clone(),
            moderators: vec![],
        };
        leerpunt_core::community::validate_community(&input)
            .map_err(|e| StoreError::Data(format!("demo community {}: {e}", c.slug)))?;
        for t in &c.topic {
            let topic = leerpunt_core::community::NewTopic {
                title: t.title.clone(),
                body: t.body.clone(),
            };
            leerpunt_core::community::validate_topic(&topic)
                .map_err(|e| StoreError::Data(format!("demo topic {:?}: {e}", t.title)))?;
            for (i, r) in t.reply.iter().enumerate() {
                leerpunt_core::community::validate_body(&r.body)
                    .map_err(|e| StoreError::Data(format!("demo topic {:?}: {e}", t.title)))?;
                if r.reply_to.is_some_and(|n| n == 0 || n > i) {
                    return Err(StoreError::Data(format!(
                        "demo topic {:?}: reply {} answers a reply that does not come before it",
                        t.title,
                        i + 1
                    )));
                }
            }
        }
    }
    Ok(file.community)
}

/// What a bulk import did.
#[derive(Debug, Default, Clone, serde::Serialize)]
pub struct ImportSummary {
    pub created: usize,
    pub updated: usize,
    /// (record id or position, reason)
    pub rejected: Vec<(String, String)>,
    /// Names of organisations the register did not know, created with kind "other".
    pub new_organisations: Vec<String>,
}

/// A cheap stable fingerprint (FNV-1a) of shipped data, to reload it only when it changed.
fn fingerprint(data: &str) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in data.bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    format!("{h:016x}")
}

async fn set_meta(conn: &mut sqlx::AnyConnection, key: &str, value: &str) -> Result<()> {
    sqlx::query("INSERT INTO meta (key, value) VALUES ($1, $2) ON CONFLICT (key) DO UPDATE SET value = excluded.value")
        .bind(key)
        .bind(value)
        .execute(conn)
        .await?;
    Ok(())
}

impl Store {
    /// Loads the shipped register when the database does not hold this version of it yet.
    /// Returns the number of organisations written (0 when already current).
    pub async fn ensure_register(&self) -> Result<usize> {
        let version = fingerprint(REGISTER_CSV);
        if self.meta("register_version").await?.as_deref() == Some(version.as_str()) {
            return Ok(0);
        }
        let seeds = register()?;
        let mut tx = self.write_tx().await?;
        for seed in &seeds {
            organisations::upsert(&mut tx, seed).await?;
        }
        set_meta(&mut tx, "register_version", &version).await?;
        tx.commit().await?;
        Ok(seeds.len())
    }

    /// Loads (or refreshes) the demo practices and people; writes the demo step plan as its first
    /// version when there is none, and the demo help desk, communities, events, meeting log, data labs,
    /// news, self-assessments, agenda and idea challenges when they are empty.
    /// Returns how many practices were written.
    pub async fn load_demo(&self) -> Result<usize> {
        let demo = demo_practices()?;
        let people = demo_people()?;
        let plan = demo_step_plan()?;
        let mut tx = self.write_tx().await?;
        for p in &demo {
            practices::upsert(&mut tx, p).await?;
        }
        for person in &people {
            upsert_demo_person(&mut tx, person).await?;
        }
        crate::helpdesk::load_demo_helpdesk(&mut tx).await?;
        stepplan::seed(&mut tx, &plan, DEMO_STEP_PLAN_NOTE).await?;
        crate::communities::seed_demo(&mut tx, &demo_communities()?).await?;
        crate::events::load_demo_events(&mut tx).await?;
        crate::meetings::load_demo_meetings(&mut tx).await?;
        crate::labs::seed_demo(&mut tx).await?;
        crate::news::seed_demo(&mut tx).await?;
        crate::zelfscan::seed_demo(&mut tx).await?;

        crate::agenda::seed_demo(&mut tx).await?;

        crate::challenges::seed_demo(&mut tx).await?;
        set_meta(&mut tx, "demo_version", &fingerprint(DEMO_TOML)).await?;
        tx.commit().await?;
        Ok(demo.len())
    }

    /// Imports Algorithm Register records in one transaction: each becomes a practice of the
    /// organisation with that name (created as kind "other" if unknown). Records that break a
    /// rule are skipped and reported; any database error rolls the whole import back.
    pub async fn import_register(
        &self,
        records: &[RegisterRecord],
        progress: &mut (dyn FnMut(usize) + Send),
    ) -> Result<ImportSummary> {
        let mut summary = ImportSummary::default();
        let mut tx = self.write_tx().await?;
        for (i, record) in records.iter().enumerate() {
            progress(i + 1);
            let label = if record.id.trim().is_empty() {
                format!("#{}", i + 1)
            } else {
                record.id.clone()
            };
            let name = record.organisatie.trim();
            let code = if name.is_empty() {
                None
            } else {
                match organisations::code_by_name(&mut tx, name).await? {
                    Some(code) => Some(code),
                    None => {
                        let code = organisations::create_other(&mut tx, name).await?;
                        summary.new_organisations.push(name.to_owned());
                        Some(code)
                    }
                }
            };
            let practice = match register_record_to_practice(record, code.as_deref().unwrap_or(""))
            {
                Ok(p) => p,
                Err(e) => {
                    summary.rejected.push((label, e.to_string()));
                    continue;
                }
            };
            match practices::upsert(&mut tx, &practice).await {
                Ok(Upserted::Created(_)) => summary.created += 1,
                Ok(Upserted::Updated(_)) => summary.updated += 1,
                Err(StoreError::Invalid(e)) => summary.rejected.push((label, e.to_string())),
                Err(e) => return Err(e),
            }
        }
        tx.commit().await?;
        Ok(summary)
    }

    /// Imports practices (from CSV or JSON) in one transaction; invalid ones are reported and skipped.
    pub async fn import_practices(
        &self,
        items: &[(String, std::result::Result<NewPractice, String>)],
        progress: &mut (dyn FnMut(usize) + Send),
    ) -> Result<ImportSummary> {
        let mut summary = ImportSummary::default();
        let mut tx = self.write_tx().await?;
        for (i, (label, item)) in items.iter().enumerate() {
            progress(i + 1);
            let practice = match item {
                Ok(p) => p,
                Err(reason) => {
                    summary.rejected.push((label.clone(), reason.clone()));
                    continue;
                }
            };
            match practices::upsert(&mut tx, practice).await {
                Ok(Upserted::Created(_)) => summary.created += 1,
                Ok(Upserted::Updated(_)) => summary.updated += 1,
                Err(StoreError::Invalid(e)) => {
                    summary.rejected.push((label.clone(), e.to_string()))
                }
                Err(e) => return Err(e),
            }
        }
        tx.commit().await?;
        Ok(summary)
    }
}
