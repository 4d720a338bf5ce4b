//! Idea challenges' storage: challenges with their themes, criteria and jury, ideas with supports,
//! comments, pitches and jury scores, and the funded projects with milestones and progress.
//!
//! Every write is one `BEGIN IMMEDIATE` transaction that reads the challenge's dates, checks the
//! phase it allows (core `challenges::rules`) against `today`, writes, and adds its audit entry
//! (`challenge.*`), its mail and a change-log entry (`challenge`: challenge pages are shared and
//! cached until the log moves). A refused step (a score after the jury's deadline, a pitch for an
//! idea not on the shortlist) is a conflict named by a locale key, and leaves nothing behind.

use leerpunt_core::challenges::{
    self as core, rules, ChallengeInput, Comment, Criterion, Funnel, IdeaInput, Juror,
    MilestoneInput, PhaseDates, Pitch, PitchInput, Project, ScoreSheet, Tally,
};
use leerpunt_core::challenges::{Challenge, Idea, Milestone, Update};
use serde::Deserialize;
use sqlx::AnyConnection;

use crate::audit::{self, Origin};
use crate::organisations::id_by_code;
use crate::outbox::{self, Mail};
use crate::{changes, now, Result, Store, StoreError};

fn refused(key: &str) -> StoreError {
    StoreError::Conflict(key.to_owned())
}

#[derive(sqlx::FromRow)]
struct ChallengeRow {
    id: i64,
    title_nl: String,
    title_en: String,
    description_nl: String,
    description_en: String,
    budget: i64,
    winners: i64,
    collect_from: String,
    shortlist_from: String,
    pitch_from: String,
    jury_from: String,
    execute_from: String,
    results_from: String,
    winners_chosen_at: Option<String>,
    themes: Option<String>,
    ideas: i64,
    shortlisted: i64,
    pitched: i64,
    funded: i64,
    finished: i64,
    #[sqlx(try_from = "crate::Flag")]
    demo: bool,
    created_at: String,
}

const CHALLENGE_SELECT: &str = "SELECT c.id, c.title_nl, c.title_en, c.description_nl, c.description_en, \
    c.budget, c.winners, c.collect_from, c.shortlist_from, c.pitch_from, c.jury_from, c.execute_from, \
    c.results_from, c.winners_chosen_at, \
    (SELECT GROUP_CONCAT(theme) FROM challenge_themes t WHERE t.challenge_id = c.id) AS themes, \
    (SELECT COUNT(*) FROM challenge_ideas i WHERE i.challenge_id = c.id) AS ideas, \
    (SELECT COUNT(*) FROM challenge_ideas i WHERE i.challenge_id = c.id AND i.shortlisted_at IS NOT NULL) AS shortlisted, \
    (SELECT COUNT(*) FROM challenge_ideas i WHERE i.challenge_id = c.id AND i.pitched_at IS NOT NULL) AS pitched, \
    (SELECT COUNT(*) FROM challenge_projects p WHERE p.challenge_id = c.id) AS funded, \
    (SELECT COUNT(*) FROM challenge_projects p WHERE p.challenge_id = c.id AND p.finished_on IS NOT NULL) AS finished, \
    c.demo, c.created_at FROM challenges c";

async fn criteria_in(conn: &mut AnyConnection, challenge_id: i64) -> Result<Vec<Criterion>> {
    let rows: Vec<(i64, String, String, i64)> = sqlx::query_as(
        "SELECT id, name_nl, name_en, weight FROM challenge_criteria WHERE challenge_id = $1 ORDER BY position, id",
    )
    .bind(challenge_id)
    .fetch_all(conn)
    .await?;
    Ok(rows
        .into_iter()
        .map(|(id, name_nl, name_en, weight)| Criterion {
            id,
            name_nl,
            name_en,
            weight,
        })
        .collect())
}

async fn to_challenge(conn: &mut AnyConnection, r: ChallengeRow) -> Result<Challenge> {
    let themes = crate::concat_list(r.themes);
    Ok(Challenge {
        id: r.id,
        criteria: criteria_in(conn, r.id).await?,
        title_nl: r.title_nl,
        title_en: r.title_en,
        description_nl: r.description_nl,
        description_en: r.description_en,
        themes,
        budget: r.budget,
        winners: r.winners,
        dates: PhaseDates {
            collect_from: r.collect_from,
            shortlist_from: r.shortlist_from,
            pitch_from: r.pitch_from,
            jury_from: r.jury_from,
            execute_from: r.execute_from,
            results_from: r.results_from,
        },
        winners_chosen_at: r.winners_chosen_at,
        funnel: Funnel {
            ideas: r.ideas,
            shortlisted: r.shortlisted,
            pitched: r.pitched,
            funded: r.funded,
            finished: r.finished,
        },
        demo: r.demo,
        created_at: r.created_at,
    })
}

/// The challenges `tail` (a `WHERE`/`ORDER BY` over `c`, with `$1` bound to `key` if any) picks.
async fn challenges_where(
    conn: &mut AnyConnection,
    tail: &str,
    key: Option<i64>,
) -> Result<Vec<Challenge>> {
    let sql = format!("{CHALLENGE_SELECT} {tail}");
    let mut query = sqlx::query_as::<_, ChallengeRow>(&sql);
    if let Some(key) = key {
        query = query.bind(key);
    }
    let rows = query.fetch_all(&mut *conn).await?;
    let mut out = Vec::with_capacity(rows.len());
    for r in rows {
        out.push(to_challenge(conn, r).await?);
    }
    Ok(out)
}

async fn challenge_in(conn: &mut AnyConnection, id: i64) -> Result<Challenge> {
    challenges_where(conn, "WHERE c.id = $1", Some(id))
        .await?
        .pop()
        .ok_or_else(|| StoreError::NotFound(format!("challenge {id}")))
}

#[derive(sqlx::FromRow)]
struct IdeaRow {
    id: i64,
    challenge_id: i64,
    title_nl: String,
    title_en: String,
    description_nl: String,
    description_en: String,
    organisation_id: Option<i64>,
    org_code: Option<String>,
    org_name: Option<String>,
    submitter_id: Option<i64>,
    submitter_name: Option<String>,
    submitter_org_id: Option<i64>,
    supports: i64,
    shortlisted_at: Option<String>,
    pitch_text: Option<String>,
    pitch_link: Option<String>,
    pitched_at: Option<String>,
    #[sqlx(try_from = "crate::Flag")]
    demo: bool,
    created_at: String,
}

impl From<IdeaRow> for Idea {
    fn from(r: IdeaRow) -> Self {
        let pitch = match (r.pitch_text, r.pitched_at) {
            (Some(text), Some(at)) => Some(Pitch {
                text,
                link: r.pitch_link,
                at,
            }),
            _ => None,
        };
        Idea {
            id: r.id,
            challenge_id: r.challenge_id,
            title_nl: r.title_nl,
            title_en: r.title_en,
            description_nl: r.description_nl,
            description_en: r.description_en,
            organisation: match (r.organisation_id, r.org_code, r.org_name) {
                (Some(id), Some(code), Some(name)) => Some((id, code, name)),
                _ => None,
            },
            submitter_id: r.submitter_id,
            submitter_name: r.submitter_name.unwrap_or_default(),
            submitter_organisation_id: r.submitter_org_id,
            supports: r.supports,
            shortlisted: r.shortlisted_at.is_some(),
            pitch,
            demo: r.demo,
            created_at: r.created_at,
        }
    }
}

const IDEA_SELECT: &str = "SELECT i.id, i.challenge_id, i.title_nl, i.title_en, i.description_nl, i.description_en, \
    i.organisation_id, o.code AS org_code, o.name AS org_name, i.submitter_id, \
    COALESCE(NULLIF(u.name, ''), i.submitter_name) AS submitter_name, i.submitter_org_id, \
    i.demo_supports + (SELECT COUNT(*) FROM challenge_supports s WHERE s.idea_id = i.id) AS supports, \
    i.shortlisted_at, i.pitch_text, i.pitch_link, i.pitched_at, i.demo, i.created_at \
    FROM challenge_ideas i LEFT JOIN organisations o ON o.id = i.organisation_id \
    LEFT JOIN users u ON u.id = i.submitter_id";

async fn idea_in(conn: &mut AnyConnection, id: i64) -> Result<Idea> {
    let row: Option<IdeaRow> = sqlx::query_as(&format!("{IDEA_SELECT} WHERE i.id = $1"))
        .bind(id)
        .fetch_optional(conn)
        .await?;
    Ok(row
        .ok_or_else(|| StoreError::NotFound(format!("idea {id}")))?
        .into())
}

/// A jury row: id, account, name, the row's organisation, the account's organisation.
type JuryRow = (i64, Option<i64>, String, Option<i64>, Option<i64>);

async fn jury_in(conn: &mut AnyConnection, challenge_id: i64) -> Result<Vec<Juror>> {
    let rows: Vec<JuryRow> = sqlx::query_as(
        "SELECT j.id, j.user_id, COALESCE(NULLIF(u.name, ''), u.email, j.name), j.organisation_id, u.organisation_id \
         FROM challenge_jury j LEFT JOIN users u ON u.id = j.user_id WHERE j.challenge_id = $1 ORDER BY j.id",
    )
    .bind(challenge_id)
    .fetch_all(&mut *conn)
    .await?;
    let mut out = Vec::with_capacity(rows.len());
    for (id, user_id, name, org, user_org) in rows {
        let mut organisations: Vec<i64> = [org, user_org].into_iter().flatten().collect();
        if let Some(uid) = user_id {
            let edits: Vec<i64> = sqlx::query_scalar(
                "SELECT organisation_id FROM organisation_editors WHERE user_id = $1",
            )
            .bind(uid)
            .fetch_all(&mut *conn)
            .await?;
            organisations.extend(edits);
        }
        organisations.sort_unstable();
        organisations.dedup();
        out.push(Juror {
            id,
            user_id,
            name,
            organisations,
        });
    }
    Ok(out)
}

async fn sheets_in(conn: &mut AnyConnection, idea_id: i64) -> Result<Vec<ScoreSheet>> {
    let rows: Vec<(i64, String, i64, i64, i64)> = sqlx::query_as(
        "SELECT j.id, COALESCE(NULLIF(u.name, ''), u.email, j.name), s.criterion_id, s.score, c.weight \
         FROM challenge_scores s JOIN challenge_jury j ON j.id = s.jury_id \
         JOIN challenge_criteria c ON c.id = s.criterion_id LEFT JOIN users u ON u.id = j.user_id \
         WHERE s.idea_id = $1 ORDER BY j.id, c.position, c.id",
    )
    .bind(idea_id)
    .fetch_all(conn)
    .await?;
    let mut out: Vec<ScoreSheet> = Vec::new();
    for (jury_id, name, criterion, score, weight) in rows {
        match out.last_mut() {
            Some(s) if s.juror_id == jury_id => {
                s.scores.push((criterion, score));
                s.weighted += weight * score;
            }
            _ => out.push(ScoreSheet {
                juror_id: jury_id,
                juror_name: name,
                scores: vec![(criterion, score)],
                weighted: weight * score,
            }),
        }
    }
    Ok(out)
}

async fn themes_set(conn: &mut AnyConnection, id: i64, themes: &[String]) -> Result<()> {
    sqlx::query("DELETE FROM challenge_themes WHERE challenge_id = $1")
        .bind(id)
        .execute(&mut *conn)
        .await?;
    for t in themes {
        sqlx::query(
            "INSERT INTO challenge_themes (challenge_id, theme) VALUES ($1, $2) ON CONFLICT DO NOTHING",
        )
        .bind(id)
        .bind(t)
        .execute(&mut *conn)
        .await?;
    }
    Ok(())
}

async fn criteria_set(conn: &mut AnyConnection, id: i64, input: &ChallengeInput) -> Result<()> {
    sqlx::query("DELETE FROM challenge_criteria WHERE challenge_id = $1")
        .bind(id)
        .execute(&mut *conn)
        .await?;
    for (n, c) in input.criteria.iter().enumerate() {
        sqlx::query(
            "INSERT INTO challenge_criteria (challenge_id, position, name_nl, name_en, weight) VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(id)
        .bind(n as i64)
        .bind(c.name_nl.trim())
        .bind(c.name_en.trim())
        .bind(c.weight)
        .execute(&mut *conn)
        .await?;
    }
    Ok(())
}

async fn insert_challenge(
    conn: &mut AnyConnection,
    input: &ChallengeInput,
    broker: Option<i64>,
    demo: bool,
) -> Result<i64> {
    let ts = now();
    let d = &input.dates;
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO challenges (title_nl, title_en, description_nl, description_en, budget, winners, \
         collect_from, shortlist_from, pitch_from, jury_from, execute_from, results_from, broker_id, demo, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $15) RETURNING id",
    )
    .bind(input.title_nl.trim())
    .bind(input.title_en.trim())
    .bind(input.description_nl.trim())
    .bind(input.description_en.trim())
    .bind(input.budget)
    .bind(input.winners)
    .bind(d.collect_from.trim())
    .bind(d.shortlist_from.trim())
    .bind(d.pitch_from.trim())
    .bind(d.jury_from.trim())
    .bind(d.execute_from.trim())
    .bind(d.results_from.trim())
    .bind(broker)
    .bind(i64::from(demo))
    .bind(&ts)
    .fetch_one(&mut *conn)
    .await?;
    themes_set(conn, id, &input.themes).await?;
    criteria_set(conn, id, input).await?;
    Ok(id)
}

async fn log(
    conn: &mut AnyConnection,
    origin: &Origin,
    action: &str,
    entity: &str,
    entity_id: i64,
    challenge_id: i64,
    detail: &str,
) -> Result<()> {
    changes::record(conn, "challenge", challenge_id, action).await?;
    audit::record(conn, origin, action, entity, Some(entity_id), detail).await
}

/// The tallies of a challenge's pitched ideas, for [`core::rank`]. Scores of a jury member with a
/// conflict of interest cannot exist (they are refused when written).
async fn tallies_in(conn: &mut AnyConnection, c: &Challenge) -> Result<Vec<Tally>> {
    let weights: Vec<i64> = c.criteria.iter().map(|k| k.weight).collect();
    let top = core::top_criterion(&weights).and_then(|i| c.criteria.get(i).map(|k| k.id));
    let ideas: Vec<IdeaRow> = sqlx::query_as(&format!(
        "{IDEA_SELECT} WHERE i.challenge_id = $1 AND i.pitched_at IS NOT NULL ORDER BY i.id"
    ))
    .bind(c.id)
    .fetch_all(&mut *conn)
    .await?;
    let mut out = Vec::with_capacity(ideas.len());
    for row in ideas {
        let idea: Idea = row.into();
        let sheets = sheets_in(conn, idea.id).await?;
        out.push(Tally {
            idea_id: idea.id,
            weighted_sum: sheets.iter().map(|s| s.weighted).sum(),
            jurors: sheets.len() as i64,
            top_sum: sheets
                .iter()
                .flat_map(|s| s.scores.iter())
                .filter(|(k, _)| Some(*k) == top)
                .map(|(_, s)| s)
                .sum(),
            supports: idea.supports,
            submitted_at: idea.created_at,
        });
    }
    Ok(core::rank(out))
}

#[derive(sqlx::FromRow)]
struct ProjectRow {
    id: i64,
    challenge_id: i64,
    idea_id: i64,
    title_nl: String,
    title_en: String,
    submitter_id: Option<i64>,
    budget: i64,
    rank: i64,
    results_nl: String,
    results_en: String,
    finished_on: Option<String>,
    #[sqlx(try_from = "crate::Flag")]
    demo: bool,
}

const PROJECT_SELECT: &str =
    "SELECT p.id, p.challenge_id, p.idea_id, i.title_nl, i.title_en, i.submitter_id, \
    p.budget, p.rank, p.results_nl, p.results_en, p.finished_on, p.demo \
    FROM challenge_projects p JOIN challenge_ideas i ON i.id = p.idea_id";

async fn to_project(conn: &mut AnyConnection, r: ProjectRow) -> Result<Project> {
    let milestones: Vec<(i64, String, String, Option<String>)> = sqlx::query_as(
        "SELECT id, title, due_on, done_on FROM challenge_milestones WHERE project_id = $1 ORDER BY due_on, id",
    )
    .bind(r.id)
    .fetch_all(&mut *conn)
    .await?;
    let updates: Vec<(i64, String, String, String)> = sqlx::query_as(
        "SELECT c.id, c.on_date, c.body, COALESCE(NULLIF(u.name, ''), c.author_name) FROM challenge_updates c \
         LEFT JOIN users u ON u.id = c.author_id WHERE c.project_id = $1 ORDER BY c.on_date DESC, c.id DESC",
    )
    .bind(r.id)
    .fetch_all(&mut *conn)
    .await?;
    Ok(Project {
        id: r.id,
        challenge_id: r.challenge_id,
        idea_id: r.idea_id,
        title_nl: r.title_nl,
        title_en: r.title_en,
        submitter_id: r.submitter_id,
        budget: r.budget,
        rank: r.rank,
        results_nl: r.results_nl,
        results_en: r.results_en,
        finished_on: r.finished_on,
        milestones: milestones
            .into_iter()
            .map(|(id, title, due, done)| Milestone {
                id,
                title,
                due,
                done,
            })
            .collect(),
        updates: updates
            .into_iter()
            .map(|(id, on, body, author_name)| Update {
                id,
                on,
                body,
                author_name,
            })
            .collect(),
        demo: r.demo,
    })
}

/// The projects `tail` (a `WHERE … ORDER BY` over `p`, `$1` bound to `key`) picks.
async fn projects_where(conn: &mut AnyConnection, tail: &str, key: i64) -> Result<Vec<Project>> {
    let sql = format!("{PROJECT_SELECT} {tail}");
    let rows: Vec<ProjectRow> = sqlx::query_as(&sql).bind(key).fetch_all(&mut *conn).await?;
    let mut out = Vec::with_capacity(rows.len());
    for r in rows {
        out.push(to_project(conn, r).await?);
    }
    Ok(out)
}

async fn project_in(conn: &mut AnyConnection, id: i64) -> Result<Project> {
    projects_where(conn, "WHERE p.id = $1", id)
        .await?
        .pop()
        .ok_or_else(|| StoreError::NotFound(format!("project {id}")))
}

impl Store {
    /// Every challenge, newest first by the start of collecting.
    pub async fn challenges(&self) -> Result<Vec<Challenge>> {
        let mut conn = self.pool.acquire().await?;
        challenges_where(&mut conn, "ORDER BY c.collect_from DESC, c.id DESC", None).await
    }

    /// One challenge with its criteria and funnel.
    pub async fn challenge(&self, id: i64) -> Result<Challenge> {
        let mut conn = self.pool.acquire().await?;
        challenge_in(&mut conn, id).await
    }

    /// Opens a challenge.
    pub async fn create_challenge(
        &self,
        input: &ChallengeInput,
        broker: i64,
        origin: &Origin,
    ) -> Result<Challenge> {
        core::validate_challenge(input)?;
        let mut tx = self.write_tx().await?;
        let id = insert_challenge(&mut tx, input, Some(broker), false).await?;
        log(
            &mut tx,
            origin,
            "challenge.open",
            "challenge",
            id,
            id,
            input.title_nl.trim(),
        )
        .await?;
        let c = challenge_in(&mut tx, id).await?;
        tx.commit().await?;
        Ok(c)
    }

    /// Changes a challenge's texts, themes, budget, dates and criteria. The criteria cannot
    /// change once the jury has scored.
    pub async fn update_challenge(
        &self,
        id: i64,
        input: &ChallengeInput,
        origin: &Origin,
    ) -> Result<Challenge> {
        core::validate_challenge(input)?;
        let mut tx = self.write_tx().await?;
        let old = challenge_in(&mut tx, id).await?;
        let same_criteria = old.criteria.len() == input.criteria.len()
            && old.criteria.iter().zip(&input.criteria).all(|(a, b)| {
                a.name_nl == b.name_nl.trim()
                    && a.name_en == b.name_en.trim()
                    && a.weight == b.weight
            });
        if !same_criteria {
            let scored: i64 = sqlx::query_scalar(
                "SELECT COUNT(*) FROM challenge_scores s JOIN challenge_criteria c ON c.id = s.criterion_id WHERE c.challenge_id = $1",
            )
            .bind(id)
            .fetch_one(&mut *tx)
            .await?;
            if scored > 0 {
                return Err(refused("msg-challenge-criteria-locked"));
            }
            criteria_set(&mut tx, id, input).await?;
        }
        let d = &input.dates;
        sqlx::query(
            "UPDATE challenges SET title_nl = $1, title_en = $2, description_nl = $3, description_en = $4, budget = $5, \
             winners = $6, collect_from = $7, shortlist_from = $8, pitch_from = $9, jury_from = $10, execute_from = $11, \
             results_from = $12, updated_at = $13 WHERE id = $14",
        )
        .bind(input.title_nl.trim())
        .bind(input.title_en.trim())
        .bind(input.description_nl.trim())
        .bind(input.description_en.trim())
        .bind(input.budget)
        .bind(input.winners)
        .bind(d.collect_from.trim())
        .bind(d.shortlist_from.trim())
        .bind(d.pitch_from.trim())
        .bind(d.jury_from.trim())
        .bind(d.execute_from.trim())
        .bind(d.results_from.trim())
        .bind(now())
        .bind(id)
        .execute(&mut *tx)
        .await?;
        themes_set(&mut tx, id, &input.themes).await?;
        log(
            &mut tx,
            origin,
            "challenge.update",
            "challenge",
            id,
            id,
            input.title_nl.trim(),
        )
        .await?;
        let c = challenge_in(&mut tx, id).await?;
        tx.commit().await?;
        Ok(c)
    }

    /// The jury of a challenge.
    pub async fn challenge_jury(&self, challenge_id: i64) -> Result<Vec<Juror>> {
        let mut conn = self.pool.acquire().await?;
        jury_in(&mut conn, challenge_id).await
    }

    /// Appoints an account to a challenge's jury (until the jury phase ends), with its mail.
    pub async fn appoint_juror(
        &self,
        challenge_id: i64,
        user_id: i64,
        today: &str,
        mails: &[Mail],
        origin: &Origin,
    ) -> Result<()> {
        let mut tx = self.write_tx().await?;
        let c = challenge_in(&mut tx, challenge_id).await?;
        if c.phase(today) > core::Phase::Jury {
            return Err(refused("msg-challenge-jury-closed"));
        }
        sqlx::query(
            "INSERT INTO challenge_jury (challenge_id, user_id, created_at) VALUES ($1, $2, $3)",
        )
        .bind(challenge_id)
        .bind(user_id)
        .bind(now())
        .execute(&mut *tx)
        .await
        .map_err(|e| crate::conflict_on(e, || "msg-challenge-juror-already".to_owned()))?;
        outbox::queue_all(&mut tx, mails).await?;
        log(
            &mut tx,
            origin,
            "challenge.jury",
            "user",
            user_id,
            challenge_id,
            "",
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// A challenge's ideas, oldest first.
    pub async fn challenge_ideas(&self, challenge_id: i64) -> Result<Vec<Idea>> {
        let rows: Vec<IdeaRow> = sqlx::query_as(&format!(
            "{IDEA_SELECT} WHERE i.challenge_id = $1 ORDER BY i.id"
        ))
        .bind(challenge_id)
        .fetch_all(&self.pool)
        .await?;
        Ok(rows.into_iter().map(Into::into).collect())
    }

    /// One idea.
    pub async fn idea(&self, id: i64) -> Result<Idea> {
        let mut conn = self.pool.acquire().await?;
        idea_in(&mut conn, id).await
    }

    /// Sends an idea, while the challenge collects ideas.
    pub async fn submit_idea(
        &self,
        challenge_id: i64,
        user_id: i64,
        input: &IdeaInput,
        today: &str,
        origin: &Origin,
    ) -> Result<Idea> {
        core::validate_idea(input)?;
        let mut tx = self.write_tx().await?;
        let c = challenge_in(&mut tx, challenge_id).await?;
        rules::submit_idea(c.phase(today)).map_err(refused)?;
        let organisation = match input.organisation.as_deref().map(str::trim) {
            None | Some("") => None,
            Some(code) => Some(id_by_code(&mut tx, code).await?.ok_or_else(|| {
                StoreError::Invalid(leerpunt_core::CoreError::invalid(
                    "organisation",
                    "msg-challenge-organisation-unknown",
                ))
            })?),
        };
        let submitter_org: Option<i64> =
            sqlx::query_scalar("SELECT organisation_id FROM users WHERE id = $1")
                .bind(user_id)
                .fetch_optional(&mut *tx)
                .await?
                .flatten();
        let ts = now();
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO challenge_ideas (challenge_id, title_nl, title_en, description_nl, description_en, organisation_id, \
             submitter_id, submitter_org_id, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9) RETURNING id",
        )
        .bind(challenge_id)
        .bind(input.title_nl.trim())
        .bind(input.title_en.trim())
        .bind(input.description_nl.trim())
        .bind(input.description_en.trim())
        .bind(organisation)
        .bind(user_id)
        .bind(submitter_org)
        .bind(&ts)
        .fetch_one(&mut *tx)
        .await?;
        log(
            &mut tx,
            origin,
            "challenge.idea",
            "challenge_idea",
            id,
            challenge_id,
            input.title_nl.trim(),
        )
        .await?;
        let idea = idea_in(&mut tx, id).await?;
        tx.commit().await?;
        Ok(idea)
    }

    /// Whether an account supports an idea.
    pub async fn supports_idea(&self, idea_id: i64, user_id: i64) -> Result<bool> {
        let n: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM challenge_supports WHERE idea_id = $1 AND user_id = $2",
        )
        .bind(idea_id)
        .bind(user_id)
        .fetch_one(&self.pool)
        .await?;
        Ok(n > 0)
    }

    /// Supports an idea (`on`) or withdraws the support; once per account. Returns the idea.
    pub async fn support_idea(
        &self,
        idea_id: i64,
        user_id: i64,
        on: bool,
        today: &str,
        origin: &Origin,
    ) -> Result<Idea> {
        let mut tx = self.write_tx().await?;
        let idea = idea_in(&mut tx, idea_id).await?;
        let c = challenge_in(&mut tx, idea.challenge_id).await?;
        rules::discuss(c.phase(today)).map_err(refused)?;
        let changed = if on {
            sqlx::query(
                "INSERT INTO challenge_supports (idea_id, user_id, created_at) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING",
            )
            .bind(idea_id)
            .bind(user_id)
            .bind(now())
            .execute(&mut *tx)
            .await?
            .rows_affected()
        } else {
            sqlx::query("DELETE FROM challenge_supports WHERE idea_id = $1 AND user_id = $2")
                .bind(idea_id)
                .bind(user_id)
                .execute(&mut *tx)
                .await?
                .rows_affected()
        };
        if changed == 0 {
            return Err(refused(if on {
                "msg-challenge-support-already"
            } else {
                "msg-challenge-support-none"
            }));
        }
        let action = if on {
            "challenge.support"
        } else {
            "challenge.unsupport"
        };
        log(
            &mut tx,
            origin,
            action,
            "challenge_idea",
            idea_id,
            idea.challenge_id,
            "",
        )
        .await?;
        let idea = idea_in(&mut tx, idea_id).await?;
        tx.commit().await?;
        Ok(idea)
    }

    /// The comments on an idea, oldest first.
    pub async fn idea_comments(&self, idea_id: i64) -> Result<Vec<Comment>> {
        let rows: Vec<(i64, String, String, String)> = sqlx::query_as(
            "SELECT c.id, COALESCE(NULLIF(u.name, ''), c.author_name), c.body, c.created_at FROM challenge_comments c \
             LEFT JOIN users u ON u.id = c.author_id WHERE c.idea_id = $1 ORDER BY c.id",
        )
        .bind(idea_id)
        .fetch_all(&self.pool)
        .await?;
        Ok(rows
            .into_iter()
            .map(|(id, author_name, body, created_at)| Comment {
                id,
                author_name,
                body,
                created_at,
            })
            .collect())
    }

    /// Comments on an idea (until the jury starts).
    pub async fn comment_idea(
        &self,
        idea_id: i64,
        author: (i64, &str),
        body: &str,
        today: &str,
        origin: &Origin,
    ) -> Result<i64> {
        core::validate_comment(body)?;
        let mut tx = self.write_tx().await?;
        let idea = idea_in(&mut tx, idea_id).await?;
        let c = challenge_in(&mut tx, idea.challenge_id).await?;
        rules::discuss(c.phase(today)).map_err(refused)?;
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO challenge_comments (idea_id, author_id, author_name, body, created_at) VALUES ($1, $2, $3, $4, $5) RETURNING id",
        )
        .bind(idea_id)
        .bind(author.0)
        .bind(author.1)
        .bind(body.trim())
        .bind(now())
        .fetch_one(&mut *tx)
        .await?;
        log(
            &mut tx,
            origin,
            "challenge.comment",
            "challenge_idea",
            idea_id,
            idea.challenge_id,
            "",
        )
        .await?;
        tx.commit().await?;
        Ok(id)
    }

    /// Puts an idea on the shortlist (during or after collecting, before the pitches).
    pub async fn shortlist_idea(
        &self,
        idea_id: i64,
        today: &str,
        mails: &[Mail],
        origin: &Origin,
    ) -> Result<Idea> {
        let mut tx = self.write_tx().await?;
        let idea = idea_in(&mut tx, idea_id).await?;
        let c = challenge_in(&mut tx, idea.challenge_id).await?;
        rules::shortlist(c.phase(today)).map_err(refused)?;
        if idea.shortlisted {
            return Err(refused("msg-challenge-already-shortlisted"));
        }
        sqlx::query(
            "UPDATE challenge_ideas SET shortlisted_at = $1, updated_at = $1 WHERE id = $2",
        )
        .bind(now())
        .bind(idea_id)
        .execute(&mut *tx)
        .await?;
        outbox::queue_all(&mut tx, mails).await?;
        log(
            &mut tx,
            origin,
            "challenge.shortlist",
            "challenge_idea",
            idea_id,
            idea.challenge_id,
            "",
        )
        .await?;
        let idea = idea_in(&mut tx, idea_id).await?;
        tx.commit().await?;
        Ok(idea)
    }

    /// Writes (or rewrites) the pitch of a shortlisted idea, in the pitch phase.
    pub async fn pitch_idea(
        &self,
        idea_id: i64,
        input: &PitchInput,
        today: &str,
        origin: &Origin,
    ) -> Result<Idea> {
        core::validate_pitch(input)?;
        let mut tx = self.write_tx().await?;
        let idea = idea_in(&mut tx, idea_id).await?;
        if !idea.shortlisted {
            return Err(refused("msg-challenge-not-shortlisted"));
        }
        let c = challenge_in(&mut tx, idea.challenge_id).await?;
        rules::pitch(c.phase(today)).map_err(refused)?;
        let link = Some(input.link.trim()).filter(|s| !s.is_empty());
        let ts = now();
        sqlx::query(
            "UPDATE challenge_ideas SET pitch_text = $1, pitch_link = $2, pitched_at = $3, updated_at = $3 WHERE id = $4",
        )
        .bind(input.text.trim())
        .bind(link)
        .bind(&ts)
        .bind(idea_id)
        .execute(&mut *tx)
        .await?;
        log(
            &mut tx,
            origin,
            "challenge.pitch",
            "challenge_idea",
            idea_id,
            idea.challenge_id,
            "",
        )
        .await?;
        let idea = idea_in(&mut tx, idea_id).await?;
        tx.commit().await?;
        Ok(idea)
    }

    /// The jury's score sheets of a pitch (the caller decides who may see them).
    pub async fn score_sheets(&self, idea_id: i64) -> Result<Vec<ScoreSheet>> {
        let mut conn = self.pool.acquire().await?;
        sheets_in(&mut conn, idea_id).await
    }

    /// A jury member's scores of a pitch, all criteria at once and once only, in the jury phase;
    /// refused with a conflict of interest.
    pub async fn score_pitch(
        &self,
        idea_id: i64,
        user_id: i64,
        scores: &[(i64, i64)],
        today: &str,
        origin: &Origin,
    ) -> Result<()> {
        let mut tx = self.write_tx().await?;
        let idea = idea_in(&mut tx, idea_id).await?;
        let c = challenge_in(&mut tx, idea.challenge_id).await?;
        rules::score(c.phase(today)).map_err(refused)?;
        if idea.pitch.is_none() {
            return Err(refused("msg-challenge-not-pitched"));
        }
        let jury = jury_in(&mut tx, c.id).await?;
        let juror = jury
            .iter()
            .find(|j| j.user_id == Some(user_id))
            .ok_or_else(|| StoreError::NotFound(format!("jury member {user_id}")))?;
        if core::conflict_of_interest(
            &juror.organisations,
            idea.organisation.as_ref().map(|o| o.0),
            idea.submitter_organisation_id,
        ) {
            return Err(refused("msg-challenge-conflict"));
        }
        let ids: Vec<i64> = c.criteria.iter().map(|k| k.id).collect();
        core::validate_scores(&ids, scores)?;
        let ts = now();
        for (criterion, score) in scores {
            sqlx::query(
                "INSERT INTO challenge_scores (jury_id, idea_id, criterion_id, score, created_at) VALUES ($1, $2, $3, $4, $5)",
            )
            .bind(juror.id)
            .bind(idea_id)
            .bind(criterion)
            .bind(score)
            .bind(&ts)
            .execute(&mut *tx)
            .await
            .map_err(|e| match &e {
                sqlx::Error::Database(db) if db.is_unique_violation() => {
                    refused("msg-challenge-scored-already")
                }
                _ => StoreError::Db(e),
            })?;
        }
        log(
            &mut tx,
            origin,
            "challenge.score",
            "challenge_idea",
            idea_id,
            c.id,
            "",
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// The ranking of a challenge's pitches (weighted totals; the caller decides who sees it).
    pub async fn challenge_ranking(&self, challenge_id: i64) -> Result<Vec<Tally>> {
        let mut conn = self.pool.acquire().await?;
        let c = challenge_in(&mut conn, challenge_id).await?;
        tallies_in(&mut conn, &c).await
    }

    /// Makes the chosen pitched ideas projects with their budgets, in ranking order, once, in
    /// the execution phase.
    pub async fn select_winners(
        &self,
        challenge_id: i64,
        winners: &[(i64, i64)],
        today: &str,
        mails: &[Mail],
        origin: &Origin,
    ) -> Result<Vec<Project>> {
        let mut tx = self.write_tx().await?;
        let c = challenge_in(&mut tx, challenge_id).await?;
        rules::select_winners(c.phase(today), c.winners_chosen_at.is_some()).map_err(refused)?;
        if winners.is_empty() {
            return Err(StoreError::Invalid(leerpunt_core::CoreError::invalid(
                "winners",
                "msg-challenge-no-winners",
            )));
        }
        let ranking = tallies_in(&mut tx, &c).await?;
        let ts = now();
        let mut ids = Vec::new();
        for (idea_id, budget) in winners {
            let Some(rank) = ranking.iter().position(|t| t.idea_id == *idea_id) else {
                return Err(refused("msg-challenge-not-pitched"));
            };
            if !(0..=core::MAX_BUDGET).contains(budget) {
                return Err(StoreError::Invalid(leerpunt_core::CoreError::invalid(
                    "budget",
                    "msg-challenge-budget",
                )));
            }
            let id: i64 = sqlx::query_scalar(
                "INSERT INTO challenge_projects (challenge_id, idea_id, budget, rank, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $5) RETURNING id",
            )
            .bind(challenge_id)
            .bind(idea_id)
            .bind(budget)
            .bind(rank as i64 + 1)
            .bind(&ts)
            .fetch_one(&mut *tx)
            .await
            .map_err(|e| crate::conflict_on(e, || "msg-challenge-winners-chosen".to_owned()))?;
            ids.push(id);
        }
        sqlx::query("UPDATE challenges SET winners_chosen_at = $1, updated_at = $1 WHERE id = $2")
            .bind(&ts)
            .bind(challenge_id)
            .execute(&mut *tx)
            .await?;
        outbox::queue_all(&mut tx, mails).await?;
        let detail = winners
            .iter()
            .map(|(i, _)| i.to_string())
            .collect::<Vec<_>>()
            .join(",");
        log(
            &mut tx,
            origin,
            "challenge.winners",
            "challenge",
            challenge_id,
            challenge_id,
            &detail,
        )
        .await?;
        let mut out = Vec::new();
        for id in ids {
            out.push(project_in(&mut tx, id).await?);
        }
        tx.commit().await?;
        Ok(out)
    }

    /// A challenge's projects, by rank.
    pub async fn challenge_projects(&self, challenge_id: i64) -> Result<Vec<Project>> {
        let mut conn = self.pool.acquire().await?;
        projects_where(
            &mut conn,
            "WHERE p.challenge_id = $1 ORDER BY p.rank, p.id",
            challenge_id,
        )
        .await
    }

    /// One project.
    pub async fn project(&self, id: i64) -> Result<Project> {
        let mut conn = self.pool.acquire().await?;
        project_in(&mut conn, id).await
    }

    /// Adds a milestone to a project.
    pub async fn add_project_milestone(
        &self,
        project_id: i64,
        input: &MilestoneInput,
        origin: &Origin,
    ) -> Result<Project> {
        core::validate_milestone(input)?;
        let mut tx = self.write_tx().await?;
        let p = project_in(&mut tx, project_id).await?;
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO challenge_milestones (project_id, title, due_on) VALUES ($1, $2, $3) RETURNING id",
        )
        .bind(project_id)
        .bind(input.title.trim())
        .bind(input.due.trim())
        .fetch_one(&mut *tx)
        .await?;
        log(
            &mut tx,
            origin,
            "challenge.milestone",
            "challenge_milestone",
            id,
            p.challenge_id,
            input.title.trim(),
        )
        .await?;
        let p = project_in(&mut tx, project_id).await?;
        tx.commit().await?;
        Ok(p)
    }

    /// Marks a milestone of a project done on `today`.
    pub async fn project_milestone_done(
        &self,
        project_id: i64,
        milestone_id: i64,
        today: &str,
        origin: &Origin,
    ) -> Result<Project> {
        let mut tx = self.write_tx().await?;
        let p = project_in(&mut tx, project_id).await?;
        let n = sqlx::query(
            "UPDATE challenge_milestones SET done_on = $1 WHERE id = $2 AND project_id = $3 AND done_on IS NULL",
        )
        .bind(today)
        .bind(milestone_id)
        .bind(project_id)
        .execute(&mut *tx)
        .await?
        .rows_affected();
        if n == 0 {
            return Err(StoreError::NotFound(format!(
                "open milestone {milestone_id}"
            )));
        }
        log(
            &mut tx,
            origin,
            "challenge.milestone_done",
            "challenge_milestone",
            milestone_id,
            p.challenge_id,
            "",
        )
        .await?;
        let p = project_in(&mut tx, project_id).await?;
        tx.commit().await?;
        Ok(p)
    }

    /// Adds a dated progress update to a project.
    pub async fn add_project_update(
        &self,
        project_id: i64,
        on: &str,
        body: &str,
        author: (i64, &str),
        origin: &Origin,
    ) -> Result<Project> {
        core::validate_update(on, body)?;
        let mut tx = self.write_tx().await?;
        let p = project_in(&mut tx, project_id).await?;
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO challenge_updates (project_id, on_date, body, author_id, author_name, created_at) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
        )
        .bind(project_id)
        .bind(on.trim())
        .bind(body.trim())
        .bind(author.0)
        .bind(author.1)
        .bind(now())
        .fetch_one(&mut *tx)
        .await?;
        log(
            &mut tx,
            origin,
            "challenge.progress",
            "challenge_update",
            id,
            p.challenge_id,
            "",
        )
        .await?;
        let p = project_in(&mut tx, project_id).await?;
        tx.commit().await?;
        Ok(p)
    }

    /// Writes a project's results; the project is finished from `today`.
    pub async fn project_results(
        &self,
        project_id: i64,
        nl: &str,
        en: &str,
        today: &str,
        origin: &Origin,
    ) -> Result<Project> {
        core::validate_results(nl, en)?;
        let mut tx = self.write_tx().await?;
        let p = project_in(&mut tx, project_id).await?;
        sqlx::query(
            "UPDATE challenge_projects SET results_nl = $1, results_en = $2, finished_on = COALESCE(finished_on, $3), updated_at = $4 WHERE id = $5",
        )
        .bind(nl.trim())
        .bind(en.trim())
        .bind(today)
        .bind(now())
        .bind(project_id)
        .execute(&mut *tx)
        .await?;
        log(
            &mut tx,
            origin,
            "challenge.results",
            "challenge_project",
            project_id,
            p.challenge_id,
            "",
        )
        .await?;
        let p = project_in(&mut tx, project_id).await?;
        tx.commit().await?;
        Ok(p)
    }

    /// Publishes a challenge's results: when every project has its results, the results phase
    /// starts today (the challenge moves to "results").
    pub async fn publish_challenge_results(
        &self,
        challenge_id: i64,
        today: &str,
        origin: &Origin,
    ) -> Result<Challenge> {
        let mut tx = self.write_tx().await?;
        let c = challenge_in(&mut tx, challenge_id).await?;
        if c.phase(today) != core::Phase::Execute || today <= c.dates.execute_from.as_str() {
            return Err(refused("msg-challenge-not-executing"));
        }
        if c.funnel.funded == 0 || c.funnel.finished < c.funnel.funded {
            return Err(refused("msg-challenge-projects-unfinished"));
        }
        sqlx::query("UPDATE challenges SET results_from = $1, updated_at = $2 WHERE id = $3")
            .bind(today)
            .bind(now())
            .bind(challenge_id)
            .execute(&mut *tx)
            .await?;
        log(
            &mut tx,
            origin,
            "challenge.publish",
            "challenge",
            challenge_id,
            challenge_id,
            "",
        )
        .await?;
        let c = challenge_in(&mut tx, challenge_id).await?;
        tx.commit().await?;
        Ok(c)
    }
}

/// The demo challenges, as written in `seed/demo-challenges.toml`.
pub const DEMO_CHALLENGES_TOML: &str = include_str!("../seed/demo-challenges.toml");

#[derive(Debug, Deserialize)]
struct DemoFile {
    challenge: Vec<DemoChallenge>,
}

/// A demo challenge. Dates are given as days relative to the day the demo is loaded, so the open
/// one stays open.
#[derive(Debug, Deserialize)]
struct DemoChallenge {
    title_nl: String,
    title_en: String,
    description_nl: String,
    description_en: String,
    #[serde(default)]
    themes: Vec<String>,
    budget: i64,
    winners: i64,
    /// Days from today at which each phase starts: collect, shortlist, pitch, jury, execute, results.
    days: [i64; 6],
    criteria: Vec<core::CriterionInput>,
    #[serde(default)]
    jury: Vec<DemoJuror>,
    idea: Vec<DemoIdea>,
}

#[derive(Debug, Deserialize)]
struct DemoJuror {
    name: String,
    #[serde(default)]
    organisation: Option<String>,
}

/// A demo idea. `titles` is a compact list of many short ideas with one shared description.
#[derive(Debug, Deserialize)]
struct DemoIdea {
    #[serde(default)]
    title_nl: String,
    #[serde(default)]
    title_en: String,
    #[serde(default)]
    titles: Vec<String>,
    description_nl: String,
    #[serde(default)]
    description_en: String,
    #[serde(default)]
    organisation: Option<String>,
    submitter: String,
    #[serde(default)]
    supports: i64,
    #[serde(default)]
    shortlisted: bool,
    #[serde(default)]
    pitch: Option<String>,
    /// One list of scores per jury member, in criterion order.
    #[serde(default)]
    scores: Vec<Vec<i64>>,
    #[serde(default)]
    project: Option<DemoProject>,
}

#[derive(Debug, Deserialize)]
struct DemoProject {
    budget: i64,
    #[serde(default)]
    results_nl: String,
    #[serde(default)]
    results_en: String,
    #[serde(default)]
    milestones: Vec<DemoMilestone>,
    #[serde(default)]
    updates: Vec<DemoUpdate>,
}

#[derive(Debug, Deserialize)]
struct DemoMilestone {
    title: String,
    due: i64,
    #[serde(default)]
    done: Option<i64>,
}

#[derive(Debug, Deserialize)]
struct DemoUpdate {
    on: i64,
    body: String,
}

fn day(today: time::Date, offset: i64) -> String {
    (today + time::Duration::days(offset)).to_string()
}

/// Loads the demo challenges once (nothing when demo challenges exist), through the core's
/// validation.
pub(crate) async fn seed_demo(conn: &mut AnyConnection) -> Result<usize> {
    let existing: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM challenges WHERE demo = 1")
        .fetch_one(&mut *conn)
        .await?;
    if existing > 0 {
        return Ok(0);
    }
    let file: DemoFile = toml::from_str(DEMO_CHALLENGES_TOML)
        .map_err(|e| StoreError::Data(format!("demo challenges: {e}")))?;
    let today = time::OffsetDateTime::now_utc().date();
    let ts = now();
    for (n, dc) in file.challenge.iter().enumerate() {
        let bad = |e: String| StoreError::Data(format!("demo challenge {}: {e}", n + 1));
        let d = dc.days;
        let input = ChallengeInput {
            title_nl: dc.title_nl.clone(),
            title_en: dc.title_en.clone(),
            description_nl: dc.description_nl.clone(),
            description_en: dc.description_en.clone(),
            themes: dc.themes.clone(),
            budget: dc.budget,
            winners: dc.winners,
            dates: PhaseDates {
                collect_from: day(today, d[0]),
                shortlist_from: day(today, d[1]),
                pitch_from: day(today, d[2]),
                jury_from: day(today, d[3]),
                execute_from: day(today, d[4]),
                results_from: day(today, d[5]),
            },
            criteria: dc.criteria.clone(),
        };
        core::validate_challenge(&input).map_err(|e| bad(e.to_string()))?;
        let cid = insert_challenge(conn, &input, None, true).await?;
        let criteria = criteria_in(conn, cid).await?;
        let mut jury = Vec::new();
        for j in &dc.jury {
            let org = match &j.organisation {
                Some(code) => Some(
                    id_by_code(conn, code)
                        .await?
                        .ok_or_else(|| bad(format!("unknown organisation {code}")))?,
                ),
                None => None,
            };
            let id: i64 = sqlx::query_scalar(
                "INSERT INTO challenge_jury (challenge_id, name, organisation_id, created_at) VALUES ($1, $2, $3, $4) RETURNING id",
            )
            .bind(cid)
            .bind(&j.name)
            .bind(org)
            .bind(&ts)
            .fetch_one(&mut *conn)
            .await?;
            jury.push(id);
        }
        let mut rank = 0;
        let mut seq = 0i64;
        for idea in &dc.idea {
            let titles: Vec<(String, String)> = if idea.titles.is_empty() {
                vec![(idea.title_nl.clone(), idea.title_en.clone())]
            } else {
                idea.titles
                    .iter()
                    .map(|t| (t.clone(), String::new()))
                    .collect()
            };
            for (title_nl, title_en) in titles {
                let input = IdeaInput {
                    title_nl,
                    title_en,
                    description_nl: idea.description_nl.clone(),
                    description_en: if idea.titles.is_empty() {
                        idea.description_en.clone()
                    } else {
                        String::new()
                    },
                    organisation: idea.organisation.clone(),
                };
                core::validate_idea(&input).map_err(|e| bad(e.to_string()))?;
                let org = match &input.organisation {
                    Some(code) => Some(
                        id_by_code(conn, code)
                            .await?
                            .ok_or_else(|| bad(format!("unknown organisation {code}")))?,
                    ),
                    None => None,
                };
                // Ideas arrive a few minutes apart, in file order (the tie rule's last step).
                seq += 1;
                let created = (time::OffsetDateTime::now_utc()
                    - time::Duration::days(-d[0].min(0))
                    + time::Duration::minutes(seq))
                .replace_nanosecond(0)
                .ok()
                .and_then(|t| {
                    t.format(&time::format_description::well_known::Rfc3339)
                        .ok()
                })
                .unwrap_or_else(|| ts.clone());
                let pitched = idea.pitch.is_some();
                let id: i64 = sqlx::query_scalar(
                    "INSERT INTO challenge_ideas (challenge_id, title_nl, title_en, description_nl, description_en, organisation_id, \
                     submitter_name, submitter_org_id, demo_supports, shortlisted_at, pitch_text, pitched_at, demo, created_at, updated_at) \
                     VALUES ($1, $2, $3, $4, $5, $6, $7, $6, $8, $9, $10, $11, 1, $12, $12) RETURNING id",
                )
                .bind(cid)
                .bind(input.title_nl.trim())
                .bind(input.title_en.trim())
                .bind(input.description_nl.trim())
                .bind(input.description_en.trim())
                .bind(org)
                .bind(&idea.submitter)
                .bind(idea.supports)
                .bind((idea.shortlisted || pitched).then(|| created.clone()))
                .bind(idea.pitch.as_deref())
                .bind(pitched.then(|| created.clone()))
                .bind(&created)
                .fetch_one(&mut *conn)
                .await?;
                for (juror, sheet) in jury.iter().zip(&idea.scores) {
                    let ids: Vec<i64> = criteria.iter().map(|k| k.id).collect();
                    let pairs: Vec<(i64, i64)> =
                        ids.iter().copied().zip(sheet.iter().copied()).collect();
                    core::validate_scores(&ids, &pairs).map_err(|e| bad(e.to_string()))?;
                    for (k, s) in pairs {
                        sqlx::query(
                            "INSERT INTO challenge_scores (jury_id, idea_id, criterion_id, score, created_at) VALUES ($1, $2, $3, $4, $5)",
                        )
                        .bind(juror)
                        .bind(id)
                        .bind(k)
                        .bind(s)
                        .bind(&ts)
                        .execute(&mut *conn)
                        .await?;
                    }
                }
                if let Some(p) = &idea.project {
                    rank += 1;
                    let finished = (!p.results_nl.is_empty()).then(|| day(today, d[5]));
                    let pid: i64 = sqlx::query_scalar(
                        "INSERT INTO challenge_projects (challenge_id, idea_id, budget, rank, results_nl, results_en, finished_on, demo, created_at, updated_at) \
                         VALUES ($1, $2, $3, $4, $5, $6, $7, 1, $8, $8) RETURNING id",
                    )
                    .bind(cid)
                    .bind(id)
                    .bind(p.budget)
                    .bind(rank)
                    .bind(p.results_nl.trim())
                    .bind(p.results_en.trim())
                    .bind(finished)
                    .bind(&ts)
                    .fetch_one(&mut *conn)
                    .await?;
                    for m in &p.milestones {
                        sqlx::query(
                            "INSERT INTO challenge_milestones (project_id, title, due_on, done_on) VALUES ($1, $2, $3, $4)",
                        )
                        .bind(pid)
                        .bind(&m.title)
                        .bind(day(today, m.due))
                        .bind(m.done.map(|x| day(today, x)))
                        .execute(&mut *conn)
                        .await?;
                    }
                    for u in &p.updates {
                        sqlx::query(
                            "INSERT INTO challenge_updates (project_id, on_date, body, author_name, created_at) VALUES ($1, $2, $3, $4, $5)",
                        )
                        .bind(pid)
                        .bind(day(today, u.on))
                        .bind(u.body.trim())
                        .bind(&idea.submitter)
                        .bind(&ts)
                        .execute(&mut *conn)
                        .await?;
                    }
                }
            }
        }
        if rank > 0 {
            sqlx::query("UPDATE challenges SET winners_chosen_at = $1 WHERE id = $2")
                .bind(&ts)
                .bind(cid)
                .execute(&mut *conn)
                .await?;
        }
    }
    Ok(file.challenge.len())
}
