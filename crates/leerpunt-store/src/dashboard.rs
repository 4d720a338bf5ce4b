//! The public dashboard's counts: a handful of aggregate queries over published practices, the
//! register, accounts, the help desk and the meeting log. Only counts leave this module; nothing
//! here names a person, and unpublished practices are never counted.

use leerpunt_core::agenda::CommitmentStatus;
use leerpunt_core::dashboard::{self, ChallengeFunnel, Dashboard, HelpdeskFigures, Reach};
use leerpunt_core::meetings::MeetingKind;
use leerpunt_core::OrgKind;

use crate::{Result, Store};

impl Store {
    /// Every figure of the dashboard, read in one read transaction so they agree with each other.
    pub async fn dashboard(&self) -> Result<Dashboard> {
        let mut tx = self.read_tx().await?;
        let practices: i64 =
            sqlx::query_scalar("SELECT COUNT(*) FROM practices WHERE review = 'published'")
                .fetch_one(&mut *tx)
                .await?;
        let by_theme: Vec<(String, i64)> = sqlx::query_as(
            "SELECT t.theme, COUNT(*) AS n FROM practice_themes t \
             JOIN practices p ON p.id = t.practice_id WHERE p.review = 'published' \
             GROUP BY t.theme ORDER BY n DESC, t.theme",
        )
        .fetch_all(&mut *tx)
        .await?;
        let by_province: Vec<(Option<String>, i64)> = sqlx::query_as(
            "SELECT o.province, COUNT(*) AS n FROM practices p \
             JOIN organisations o ON o.id = p.owner_id WHERE p.review = 'published' \
             GROUP BY o.province ORDER BY n DESC, o.province",
        )
        .fetch_all(&mut *tx)
        .await?;
        let kinds: Vec<(String, i64)> = sqlx::query_as(
            "SELECT o.kind, COUNT(*) AS n FROM practices p \
             JOIN organisations o ON o.id = p.owner_id WHERE p.review = 'published' \
             GROUP BY o.kind ORDER BY n DESC, o.kind",
        )
        .fetch_all(&mut *tx)
        .await?;
        let by_org_kind = kinds
            .into_iter()
            .filter_map(|(k, n)| k.parse::<OrgKind>().ok().map(|k| (k, n)))
            .collect();

        let reach_of = |sql: &'static str| sqlx::query_scalar::<_, i64>(sql);
        const PRACTICE_ORGS: &str =
            "SELECT owner_id AS id FROM practices WHERE review = 'published'";
        const MEMBER_ORGS: &str = "SELECT organisation_id AS id FROM users \
             WHERE confirmed_at IS NOT NULL AND organisation_id IS NOT NULL";
        const MEETING_ORGS: &str = "SELECT organisation_id AS id FROM meeting_organisations";
        let with_practices =
            reach_of("SELECT COUNT(DISTINCT owner_id) FROM practices WHERE review = 'published'")
                .fetch_one(&mut *tx)
                .await?;
        let with_members = reach_of(
            "SELECT COUNT(DISTINCT organisation_id) FROM users \
             WHERE confirmed_at IS NOT NULL AND organisation_id IS NOT NULL",
        )
        .fetch_one(&mut *tx)
        .await?;
        let in_meetings =
            reach_of("SELECT COUNT(DISTINCT organisation_id) FROM meeting_organisations")
                .fetch_one(&mut *tx)
                .await?;
        let total: i64 = sqlx::query_scalar(&format!(
            "SELECT COUNT(*) FROM ({PRACTICE_ORGS} UNION {MEMBER_ORGS} UNION {MEETING_ORGS}) AS r"
        ))
        .fetch_one(&mut *tx)
        .await?;
        let registered = reach_of("SELECT COUNT(*) FROM organisations")
            .fetch_one(&mut *tx)
            .await?;

        let asked = reach_of("SELECT COUNT(*) FROM questions")
            .fetch_one(&mut *tx)
            .await?;
        let first_answers: Vec<(String, String)> = sqlx::query_as(
            "SELECT q.created_at, MIN(a.created_at) FROM questions q \
             JOIN answers a ON a.question_id = q.id GROUP BY q.id, q.created_at",
        )
        .fetch_all(&mut *tx)
        .await?;
        let waiting = reach_of(
            "SELECT COUNT(*) FROM questions q WHERE q.state IN ('open', 'assigned') \
             AND NOT EXISTS (SELECT 1 FROM answers a WHERE a.question_id = q.id)",
        )
        .fetch_one(&mut *tx)
        .await?;

        let meeting_kinds: Vec<(String, i64)> = sqlx::query_as(
            "SELECT kind, COUNT(*) AS n FROM meetings GROUP BY kind ORDER BY n DESC, kind",
        )
        .fetch_all(&mut *tx)
        .await?;
        let meetings_by_kind = meeting_kinds
            .into_iter()
            .filter_map(|(k, n)| MeetingKind::parse(&k).map(|k| (k, n)))
            .collect();

        // A practice's year: when it started, or else when it was added.
        let practice_years: Vec<(String, i64)> = sqlx::query_as(
            "SELECT SUBSTR(COALESCE(started_on, created_at), 1, 4) AS y, COUNT(*) FROM practices \
             WHERE review = 'published' GROUP BY y",
        )
        .fetch_all(&mut *tx)
        .await?;
        let question_years: Vec<(String, i64)> = sqlx::query_as(
            "SELECT SUBSTR(created_at, 1, 4) AS y, COUNT(*) FROM questions GROUP BY y",
        )
        .fetch_all(&mut *tx)
        .await?;
        let statuses: Vec<(String, i64)> =
            sqlx::query_as("SELECT status, COUNT(*) FROM agenda_commitments GROUP BY status")
                .fetch_all(&mut *tx)
                .await?;
        tx.commit().await?;
        let agenda_by_status = CommitmentStatus::ALL
            .iter()
            .filter_map(|s| {
                let n = statuses.iter().find(|(k, _)| k == s.key())?.1;
                Some((*s, n))
            })
            .collect();
        let challenges = self
            .challenges()
            .await?
            .into_iter()
            .map(|c| ChallengeFunnel {
                id: c.id,
                title_nl: c.title_nl,
                title_en: c.title_en,
                funnel: c.funnel,
            })
            .collect();

        let year = |y: &str| y.parse::<i32>().ok().filter(|y| (1900..=9999).contains(y));
        let rows: Vec<(i32, i64, i64)> = practice_years
            .iter()
            .filter_map(|(y, n)| Some((year(y)?, *n, 0)))
            .chain(
                question_years
                    .iter()
                    .filter_map(|(y, n)| Some((year(y)?, 0, *n))),
            )
            .collect();

        Ok(Dashboard {
            practices,
            by_theme,
            by_province,
            by_org_kind,
            reach: Reach {
                with_practices,
                with_members,
                in_meetings,
                total,
                registered,
            },
            helpdesk: HelpdeskFigures {
                asked,
                answered: first_answers.len() as i64,
                waiting,
                median_hours_to_answer: dashboard::median_hours_to_answer(&first_answers),
            },
            meetings_by_kind,
            growth: dashboard::growth(&rows),
            agenda_by_status,
            challenges,
        })
    }
}
