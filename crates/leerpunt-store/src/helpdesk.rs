//! The help desk's storage: questions and their steps, threaded answers, "the suggestions
//! answered it" counts, FAQ entries, what people follow and how often they get the digest.
//!
//! Every write is one transaction with its audit entry, its change-log entry (questions and FAQ
//! entries are visible to visitors and indexed for search) and the mail it sends.

use leerpunt_core::helpdesk::{
    self, validate_answer, validate_faq, validate_question, Answer, Assignee, Digest, FaqEntry,
    FaqInput, FollowKind, NewQuestion, Question, QuestionState, Step,
};
use leerpunt_core::CoreError;
use sqlx::AnyConnection;

use crate::audit::{self, Origin};
use crate::organisations::id_by_code;
use crate::outbox::{self, Mail};
use crate::{changes, now, Result, Store, StoreError};

#[derive(sqlx::FromRow)]
struct QuestionRow {
    id: i64,
    title: String,
    body: String,
    lang: String,
    asker_id: Option<i64>,
    asker_name: Option<String>,
    organisation: Option<String>,
    themes: Option<String>,
    #[sqlx(try_from = "crate::Flag")]
    legal: bool,
    #[sqlx(try_from = "crate::Flag")]
    public: bool,
    state: String,
    reason: String,
    assignee_person_id: Option<i64>,
    assignee_community_id: Option<i64>,
    person_name: Option<String>,
    person_user_id: Option<i64>,
    community_name: Option<String>,
    accepted_answer_id: Option<i64>,
    #[sqlx(try_from = "crate::Flag")]
    demo: bool,
    created_at: String,
    updated_at: String,
}

impl TryFrom<QuestionRow> for Question {
    type Error = StoreError;
    fn try_from(r: QuestionRow) -> Result<Self> {
        let state = QuestionState::parse(&r.state)
            .ok_or_else(|| StoreError::Data(format!("question {}: state {:?}", r.id, r.state)))?;
        let (assignee, assignee_name) = match (r.assignee_person_id, r.assignee_community_id) {
            (Some(p), _) => (Some(Assignee::Person(p)), r.person_name),
            (None, Some(c)) => (Some(Assignee::Community(c)), r.community_name),
            (None, None) => (None, None),
        };
        let themes = crate::concat_list(r.themes);
        Ok(Question {
            id: r.id,
            title: r.title,
            body: r.body,
            lang: r.lang.parse().unwrap_or_default(),
            asker_id: r.asker_id,
            asker_name: r.asker_name.unwrap_or_default(),
            organisation: r.organisation,
            themes,
            legal: r.legal,
            public: r.public,
            state,
            reason: r.reason,
            assignee,
            assignee_name,
            assignee_user_id: r.person_user_id,
            accepted_answer_id: r.accepted_answer_id,
            demo: r.demo,
            created_at: r.created_at,
            updated_at: r.updated_at,
        })
    }
}

const QUESTION_SELECT: &str = "SELECT q.id, q.title, q.body, q.lang, q.asker_id, COALESCE(u.name, q.asker_name) AS asker_name, o.code AS organisation, \
    (SELECT GROUP_CONCAT(theme) FROM question_themes t WHERE t.question_id = q.id) AS themes, \
    q.legal, q.public, q.state, q.reason, q.assignee_person_id, q.assignee_community_id, \
    p.name AS person_name, p.user_id AS person_user_id, c.name_nl AS community_name, \
    q.accepted_answer_id, q.demo, q.created_at, q.updated_at \
    FROM questions q LEFT JOIN users u ON u.id = q.asker_id \
    LEFT JOIN organisations o ON o.id = q.organisation_id \
    LEFT JOIN people p ON p.id = q.assignee_person_id \
    LEFT JOIN communities c ON c.id = q.assignee_community_id";

#[derive(sqlx::FromRow)]
struct AnswerRow {
    id: i64,
    question_id: i64,
    parent_id: Option<i64>,
    author_id: Option<i64>,
    author_name: String,
    body: String,
    created_at: String,
}

impl From<AnswerRow> for Answer {
    fn from(r: AnswerRow) -> Self {
        Answer {
            id: r.id,
            question_id: r.question_id,
            parent_id: r.parent_id,
            author_id: r.author_id,
            author_name: r.author_name,
            body: r.body,
            created_at: r.created_at,
        }
    }
}

#[derive(sqlx::FromRow)]
struct FaqRow {
    id: i64,
    question_nl: String,
    question_en: String,
    answer_nl: String,
    answer_en: String,
    theme: String,
    question_id: Option<i64>,
    #[sqlx(try_from = "crate::Flag")]
    demo: bool,
    created_at: String,
    updated_at: String,
}

impl From<FaqRow> for FaqEntry {
    fn from(r: FaqRow) -> Self {
        FaqEntry {
            id: r.id,
            question_nl: r.question_nl,
            question_en: r.question_en,
            answer_nl: r.answer_nl,
            answer_en: r.answer_en,
            theme: r.theme,
            question_id: r.question_id,
            demo: r.demo,
            created_at: r.created_at,
            updated_at: r.updated_at,
        }
    }
}

const FAQ_SELECT: &str = "SELECT id, question_nl, question_en, answer_nl, answer_en, theme, question_id, demo, created_at, updated_at FROM faq_entries";

/// Which questions a list shows.
#[derive(Debug, Clone, Default)]
pub struct QuestionFilter {
    /// Only these states (any when empty).
    pub states: Vec<QuestionState>,
    /// Only questions whose asker agreed to show them (and that are not rejected).
    pub public_only: bool,
    /// Only questions of this asker.
    pub asker: Option<i64>,
    /// Only questions with this theme.
    pub theme: Option<String>,
}

/// Someone who follows something, with the address the digest and alerts go to.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct Follower {
    pub user_id: i64,
    pub email: String,
}

/// Something new in the network, for digests and feeds.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct NewsItem {
    /// `practice`, `question`, `faq` or `topic`.
    pub kind: String,
    /// The practice's slug, or the question's, entry's or topic's id.
    pub target: String,
    pub title: String,
    /// A summary or the body (Markdown for questions and FAQ entries).
    pub text: String,
    /// The owning or asking organisation's code.
    pub organisation: Option<String>,
    /// Comma-separated theme keys.
    pub themes: Option<String>,
    /// The community slug of a topic.
    pub community: Option<String>,
    pub at: String,
}

impl NewsItem {
    /// Its theme keys.
    pub fn theme_keys(&self) -> Vec<&str> {
        self.themes
            .as_deref()
            .unwrap_or("")
            .split(',')
            .filter(|s| !s.is_empty())
            .collect()
    }

    /// Where it lives on the site.
    pub fn path(&self) -> String {
        match (self.kind.as_str(), &self.community) {
            ("practice", _) => format!("/praktijken/{}", self.target),
            ("question", _) => format!("/helpdesk/vragen/{}", self.target),
            ("faq", _) => format!("/faq/{}", self.target),
            ("news", _) => format!("/nieuws/{}", self.target),
            ("topic", Some(c)) => format!("/gemeenschappen/{c}/onderwerpen/{}", self.target),
            _ => "/".to_owned(),
        }
    }
}

/// A person whose digest is due.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DigestDue {
    pub user_id: i64,
    pub email: String,
    pub digest: Digest,
    /// When the last digest went (or the account was made): what is newer is new.
    pub since: String,
}

pub(crate) async fn question_in(conn: &mut AnyConnection, id: i64) -> Result<Question> {
    let row: Option<QuestionRow> = sqlx::query_as(&format!("{QUESTION_SELECT} WHERE q.id = $1"))
        .bind(id)
        .fetch_optional(conn)
        .await?;
    row.ok_or_else(|| StoreError::NotFound(format!("question {id}")))?
        .try_into()
}

fn bool_int(b: bool) -> i64 {
    i64::from(b)
}

impl Store {
    /// Stores a new question (state `open`) and queues the mail to the brokers.
    pub async fn ask_question(
        &self,
        asker_id: i64,
        q: &NewQuestion,
        mails: &[Mail],
        origin: &Origin,
    ) -> Result<Question> {
        validate_question(q)?;
        self.insert_question(Some(asker_id), q, false, mails, origin)
            .await
    }

    /// Stores a demo question in a given state (for `serve --demo`).
    pub async fn insert_question(
        &self,
        asker_id: Option<i64>,
        q: &NewQuestion,
        demo: bool,
        mails: &[Mail],
        origin: &Origin,
    ) -> Result<Question> {
        let mut tx = self.write_tx().await?;
        let organisation = match q.organisation.as_deref().map(str::trim) {
            Some(code) if !code.is_empty() => {
                Some(id_by_code(&mut tx, code).await?.ok_or_else(|| {
                    CoreError::invalid("organisation", format!("unknown organisation {code:?}"))
                })?)
            }
            _ => None,
        };
        let ts = now();
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO questions (title, body, lang, asker_id, organisation_id, legal, public, state, demo, created_at, updated_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, 'open', $8, $9, $9) RETURNING id",
        )
        .bind(q.title.trim())
        .bind(q.body.trim())
        .bind(q.lang.key())
        .bind(asker_id)
        .bind(organisation)
        .bind(bool_int(q.legal))
        .bind(bool_int(q.public))
        .bind(bool_int(demo))
        .bind(&ts)
        .fetch_one(&mut *tx)
        .await?;
        for theme in &q.themes {
            sqlx::query("INSERT INTO question_themes (question_id, theme) VALUES ($1, $2) ON CONFLICT DO NOTHING")
                .bind(id)
                .bind(theme)
                .execute(&mut *tx)
                .await?;
        }
        changes::record(&mut tx, "question", id, "create").await?;
        audit::record(
            &mut tx,
            origin,
            "question.ask",
            "question",
            Some(id),
            if q.public { "public" } else { "private" },
        )
        .await?;
        outbox::queue_all(&mut tx, mails).await?;
        let question = question_in(&mut tx, id).await?;
        tx.commit().await?;
        Ok(question)
    }

    /// One question, whatever its state (the caller decides who may see it).
    pub async fn question(&self, id: i64) -> Result<Question> {
        let mut conn = self.pool.acquire().await?;
        question_in(&mut conn, id).await
    }

    /// A page of questions, newest first, and how many match.
    pub async fn questions(
        &self,
        filter: &QuestionFilter,
        limit: i64,
        offset: i64,
    ) -> Result<(Vec<Question>, i64)> {
        let states: Vec<&str> = filter.states.iter().map(|s| s.key()).collect();
        let states = states.join(",");
        let wheres = "($1 = '' OR (',' || $1 || ',') LIKE ('%,' || q.state || ',%')) \
             AND ($2 = 0 OR (q.public = 1 AND q.state <> 'rejected')) \
             AND ($3 IS NULL OR q.asker_id = $3) \
             AND ($4 IS NULL OR EXISTS (SELECT 1 FROM question_themes t WHERE t.question_id = q.id AND t.theme = $4))";
        let total: i64 =
            sqlx::query_scalar(&format!("SELECT COUNT(*) FROM questions q WHERE {wheres}"))
                .bind(&states)
                .bind(bool_int(filter.public_only))
                .bind(filter.asker)
                .bind(filter.theme.as_deref())
                .fetch_one(&self.pool)
                .await?;
        let rows: Vec<QuestionRow> = sqlx::query_as(&format!(
            "{QUESTION_SELECT} WHERE {wheres} ORDER BY q.updated_at DESC, q.id DESC LIMIT $5 OFFSET $6"
        ))
        .bind(&states)
        .bind(bool_int(filter.public_only))
        .bind(filter.asker)
        .bind(filter.theme.as_deref())
        .bind(limit)
        .bind(offset)
        .fetch_all(&self.pool)
        .await?;
        let questions = rows
            .into_iter()
            .map(Question::try_from)
            .collect::<Result<_>>()?;
        Ok((questions, total))
    }

    /// The brokers' queue: open and assigned questions, oldest first.
    pub async fn helpdesk_queue(&self) -> Result<Vec<Question>> {
        let rows: Vec<QuestionRow> = sqlx::query_as(&format!(
            "{QUESTION_SELECT} WHERE q.state IN ('open', 'assigned') ORDER BY q.created_at, q.id LIMIT 500"
        ))
        .fetch_all(&self.pool)
        .await?;
        rows.into_iter().map(Question::try_from).collect()
    }

    /// The answers to a question, oldest first.
    pub async fn answers(&self, question_id: i64) -> Result<Vec<Answer>> {
        let rows: Vec<AnswerRow> = sqlx::query_as(
            "SELECT id, question_id, parent_id, author_id, author_name, body, created_at FROM answers WHERE question_id = $1 ORDER BY created_at, id",
        )
        .bind(question_id)
        .fetch_all(&self.pool)
        .await?;
        Ok(rows.into_iter().map(Into::into).collect())
    }

    /// Adds an answer (under `parent`, an answer to the same question) and queues its mail.
    #[allow(clippy::too_many_arguments)]
    pub async fn add_answer(
        &self,
        question_id: i64,
        parent: Option<i64>,
        author_id: Option<i64>,
        author_name: &str,
        body: &str,
        mails: &[Mail],
        origin: &Origin,
    ) -> Result<Answer> {
        validate_answer(body)?;
        let mut tx = self.write_tx().await?;
        let question = question_in(&mut tx, question_id).await?;
        if !question.state.takes_answers() {
            return Err(CoreError::invalid("state", "msg-question-ended").into());
        }
        if let Some(parent) = parent {
            let belongs: Option<i64> =
                sqlx::query_scalar("SELECT id FROM answers WHERE id = $1 AND question_id = $2")
                    .bind(parent)
                    .bind(question_id)
                    .fetch_optional(&mut *tx)
                    .await?;
            if belongs.is_none() {
                return Err(CoreError::invalid("parent", "msg-answer-unknown").into());
            }
        }
        let ts = now();
        let row: AnswerRow = sqlx::query_as(
            "INSERT INTO answers (question_id, parent_id, author_id, author_name, body, created_at) VALUES ($1, $2, $3, $4, $5, $6) \
             RETURNING id, question_id, parent_id, author_id, author_name, body, created_at",
        )
        .bind(question_id)
        .bind(parent)
        .bind(author_id)
        .bind(author_name.trim())
        .bind(body.trim())
        .bind(&ts)
        .fetch_one(&mut *tx)
        .await?;
        sqlx::query("UPDATE questions SET updated_at = $1 WHERE id = $2")
            .bind(&ts)
            .bind(question_id)
            .execute(&mut *tx)
            .await?;
        changes::record(&mut tx, "question", question_id, "answer").await?;
        audit::record(
            &mut tx,
            origin,
            "question.answer",
            "question",
            Some(question_id),
            &format!("answer {}", row.id),
        )
        .await?;
        outbox::queue_all(&mut tx, mails).await?;
        tx.commit().await?;
        Ok(row.into())
    }

    /// Applies a step to a question (see `core::helpdesk::apply`) and queues its mail. An
    /// accepted answer must belong to the question; an assigned person must have a public
    /// profile; an assigned community must exist.
    pub async fn question_step(
        &self,
        id: i64,
        step: &Step,
        mails: &[Mail],
        origin: &Origin,
    ) -> Result<Question> {
        let mut tx = self.write_tx().await?;
        let question = question_in(&mut tx, id).await?;
        let state = helpdesk::apply(question.state, step)?;
        let ts = now();
        match step {
            Step::Assign(Assignee::Person(person)) => {
                let public: Option<crate::Flag> =
                    sqlx::query_scalar("SELECT public_consent FROM people WHERE id = $1")
                        .bind(person)
                        .fetch_optional(&mut *tx)
                        .await?;
                if public != Some(crate::Flag(true)) {
                    return Err(CoreError::invalid("assignee", "msg-assignee-unknown").into());
                }
                sqlx::query("UPDATE questions SET assignee_person_id = $1, assignee_community_id = NULL WHERE id = $2")
                    .bind(person)
                    .bind(id)
                    .execute(&mut *tx)
                    .await?;
            }
            Step::Assign(Assignee::Community(community)) => {
                let exists: Option<i64> =
                    sqlx::query_scalar("SELECT id FROM communities WHERE id = $1")
                        .bind(community)
                        .fetch_optional(&mut *tx)
                        .await?;
                if exists.is_none() {
                    return Err(CoreError::invalid("assignee", "msg-assignee-unknown").into());
                }
                sqlx::query("UPDATE questions SET assignee_community_id = $1, assignee_person_id = NULL WHERE id = $2")
                    .bind(community)
                    .bind(id)
                    .execute(&mut *tx)
                    .await?;
            }
            Step::Accept { answer_id } => {
                let belongs: Option<i64> =
                    sqlx::query_scalar("SELECT id FROM answers WHERE id = $1 AND question_id = $2")
                        .bind(answer_id)
                        .bind(id)
                        .fetch_optional(&mut *tx)
                        .await?;
                if belongs.is_none() {
                    return Err(CoreError::invalid("answer", "msg-answer-unknown").into());
                }
                sqlx::query("UPDATE questions SET accepted_answer_id = $1 WHERE id = $2")
                    .bind(answer_id)
                    .bind(id)
                    .execute(&mut *tx)
                    .await?;
            }
            Step::Reject { reason } => {
                sqlx::query("UPDATE questions SET reason = $1 WHERE id = $2")
                    .bind(reason.trim())
                    .bind(id)
                    .execute(&mut *tx)
                    .await?;
            }
            Step::Close => {}
        }
        sqlx::query("UPDATE questions SET state = $1, updated_at = $2 WHERE id = $3")
            .bind(state.key())
            .bind(&ts)
            .bind(id)
            .execute(&mut *tx)
            .await?;
        changes::record(&mut tx, "question", id, step.key()).await?;
        let detail = match step {
            Step::Assign(Assignee::Person(p)) => format!("person {p}"),
            Step::Assign(Assignee::Community(c)) => format!("community {c}"),
            Step::Accept { answer_id } => format!("answer {answer_id}"),
            Step::Reject { reason } => reason.trim().to_owned(),
            Step::Close => String::new(),
        };
        audit::record(
            &mut tx,
            origin,
            &format!("question.{}", step.key()),
            "question",
            Some(id),
            &detail,
        )
        .await?;
        outbox::queue_all(&mut tx, mails).await?;
        let question = question_in(&mut tx, id).await?;
        tx.commit().await?;
        Ok(question)
    }

    /// Counts that the suggestions answered someone's question before they asked it.
    pub async fn record_deflection(&self, user_id: i64, text: &str, origin: &Origin) -> Result<()> {
        let text: String = text.trim().chars().take(helpdesk::MAX_TITLE * 5).collect();
        let mut tx = self.write_tx().await?;
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO deflections (user_id, text, created_at) VALUES ($1, $2, $3) RETURNING id",
        )
        .bind(user_id)
        .bind(&text)
        .bind(now())
        .fetch_one(&mut *tx)
        .await?;
        audit::record(
            &mut tx,
            origin,
            "question.deflected",
            "deflection",
            Some(id),
            "",
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// How often the suggestions answered a question before it was asked, and how many
    /// questions were asked: the help desk's self-service figure.
    pub async fn helpdesk_counts(&self) -> Result<(i64, i64)> {
        let deflected: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM deflections")
            .fetch_one(&self.pool)
            .await?;
        let asked: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM questions WHERE demo = 0")
            .fetch_one(&self.pool)
            .await?;
        Ok((deflected, asked))
    }

    /// FAQ entries, by theme and question.
    pub async fn faq_entries(&self, theme: Option<&str>) -> Result<Vec<FaqEntry>> {
        let rows: Vec<FaqRow> = sqlx::query_as(&format!(
            "{FAQ_SELECT} WHERE ($1 IS NULL OR theme = $1) ORDER BY theme, question_nl"
        ))
        .bind(theme)
        .fetch_all(&self.pool)
        .await?;
        Ok(rows.into_iter().map(Into::into).collect())
    }

    /// One FAQ entry.
    pub async fn faq_entry(&self, id: i64) -> Result<FaqEntry> {
        let row: Option<FaqRow> = sqlx::query_as(&format!("{FAQ_SELECT} WHERE id = $1"))
            .bind(id)
            .fetch_optional(&self.pool)
            .await?;
        row.map(Into::into)
            .ok_or_else(|| StoreError::NotFound(format!("FAQ entry {id}")))
    }

    /// Writes a FAQ entry: a new one when `id` is `None`. A promoted answer links back to its
    /// question, which must exist and have an accepted answer.
    pub async fn save_faq(
        &self,
        id: Option<i64>,
        input: &FaqInput,
        demo: bool,
        origin: &Origin,
    ) -> Result<FaqEntry> {
        validate_faq(input)?;
        let mut tx = self.write_tx().await?;
        if let Some(q) = input.question_id {
            let accepted: Option<Option<i64>> =
                sqlx::query_scalar("SELECT accepted_answer_id FROM questions WHERE id = $1")
                    .bind(q)
                    .fetch_optional(&mut *tx)
                    .await?;
            match accepted {
                None => return Err(StoreError::NotFound(format!("question {q}"))),
                Some(None) => {
                    return Err(CoreError::invalid("question_id", "msg-faq-needs-accepted").into())
                }
                Some(Some(_)) => {}
            }
        }
        let ts = now();
        let id: i64 = match id {
            None => sqlx::query_scalar(
                "INSERT INTO faq_entries (question_nl, question_en, answer_nl, answer_en, theme, question_id, demo, created_at, updated_at) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8) RETURNING id",
            )
            .bind(input.question_nl.trim())
            .bind(input.question_en.trim())
            .bind(input.answer_nl.trim())
            .bind(input.answer_en.trim())
            .bind(&input.theme)
            .bind(input.question_id)
            .bind(bool_int(demo))
            .bind(&ts)
            .fetch_one(&mut *tx)
            .await?,
            Some(id) => sqlx::query_scalar::<_, i64>(
                "UPDATE faq_entries SET question_nl = $1, question_en = $2, answer_nl = $3, answer_en = $4, theme = $5, \
                 question_id = COALESCE($6, question_id), updated_at = $7 WHERE id = $8 RETURNING id",
            )
            .bind(input.question_nl.trim())
            .bind(input.question_en.trim())
            .bind(input.answer_nl.trim())
            .bind(input.answer_en.trim())
            .bind(&input.theme)
            .bind(input.question_id)
            .bind(&ts)
            .bind(id)
            .fetch_optional(&mut *tx)
            .await?
            .ok_or_else(|| StoreError::NotFound(format!("FAQ entry {id}")))?,
        };
        changes::record(&mut tx, "faq", id, "update").await?;
        audit::record(
            &mut tx,
            origin,
            if input.question_id.is_some() {
                "faq.promote"
            } else {
                "faq.save"
            },
            "faq",
            Some(id),
            "",
        )
        .await?;
        tx.commit().await?;
        self.faq_entry(id).await
    }

    /// The FAQ entries promoted from a question.
    pub async fn faq_of_question(&self, question_id: i64) -> Result<Vec<FaqEntry>> {
        let rows: Vec<FaqRow> =
            sqlx::query_as(&format!("{FAQ_SELECT} WHERE question_id = $1 ORDER BY id"))
                .bind(question_id)
                .fetch_all(&self.pool)
                .await?;
        Ok(rows.into_iter().map(Into::into).collect())
    }

    /// Follows something (nothing changes when already followed). Returns whether it is new.
    pub async fn follow(
        &self,
        user_id: i64,
        kind: FollowKind,
        target: &str,
        origin: &Origin,
    ) -> Result<bool> {
        let mut tx = self.write_tx().await?;
        let done = sqlx::query("INSERT INTO follows (user_id, kind, target, created_at) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING")
            .bind(user_id)
            .bind(kind.key())
            .bind(target)
            .bind(now())
            .execute(&mut *tx)
            .await?
            .rows_affected()
            > 0;
        if done {
            audit::record(&mut tx, origin, "follow.add", kind.key(), None, target).await?;
        }
        tx.commit().await?;
        Ok(done)
    }

    /// Stops following something. Returns whether it was followed.
    pub async fn unfollow(
        &self,
        user_id: i64,
        kind: FollowKind,
        target: &str,
        origin: &Origin,
    ) -> Result<bool> {
        let mut tx = self.write_tx().await?;
        let done =
            sqlx::query("DELETE FROM follows WHERE user_id = $1 AND kind = $2 AND target = $3")
                .bind(user_id)
                .bind(kind.key())
                .bind(target)
                .execute(&mut *tx)
                .await?
                .rows_affected()
                > 0;
        if done {
            audit::record(&mut tx, origin, "follow.remove", kind.key(), None, target).await?;
        }
        tx.commit().await?;
        Ok(done)
    }

    /// What an account follows, by kind and target.
    pub async fn follows(&self, user_id: i64) -> Result<Vec<(FollowKind, String)>> {
        let rows: Vec<(String, String)> = sqlx::query_as(
            "SELECT kind, target FROM follows WHERE user_id = $1 ORDER BY kind, target",
        )
        .bind(user_id)
        .fetch_all(&self.pool)
        .await?;
        Ok(rows
            .into_iter()
            .filter_map(|(k, t)| FollowKind::parse(&k).map(|k| (k, t)))
            .collect())
    }

    /// The confirmed accounts that follow something.
    pub async fn followers(&self, kind: FollowKind, target: &str) -> Result<Vec<Follower>> {
        Ok(sqlx::query_as(
            "SELECT u.id AS user_id, u.email FROM follows f JOIN users u ON u.id = f.user_id \
             WHERE f.kind = $1 AND f.target = $2 AND u.confirmed_at IS NOT NULL ORDER BY u.id",
        )
        .bind(kind.key())
        .bind(target)
        .fetch_all(&self.pool)
        .await?)
    }

    /// How often an account gets the digest.
    pub async fn digest_setting(&self, user_id: i64) -> Result<Digest> {
        let key: Option<String> = sqlx::query_scalar("SELECT digest FROM users WHERE id = $1")
            .bind(user_id)
            .fetch_optional(&self.pool)
            .await?;
        let key = key.ok_or_else(|| StoreError::NotFound(format!("user {user_id}")))?;
        Ok(Digest::parse(&key).unwrap_or_default())
    }

    /// Sets how often an account gets the digest.
    pub async fn set_digest(&self, user_id: i64, digest: Digest, origin: &Origin) -> Result<()> {
        let mut tx = self.write_tx().await?;
        let changed = sqlx::query("UPDATE users SET digest = $1 WHERE id = $2 AND digest <> $1")
            .bind(digest.key())
            .bind(user_id)
            .execute(&mut *tx)
            .await?
            .rows_affected();
        if changed > 0 {
            audit::record(
                &mut tx,
                origin,
                "digest.set",
                "user",
                Some(user_id),
                digest.key(),
            )
            .await?;
        }
        tx.commit().await?;
        Ok(())
    }

    /// Confirmed accounts that follow something and whose digest is due at `now`: daily ones
    /// a day after the last, weekly ones a week after.
    pub async fn digests_due(&self, now_at: &str) -> Result<Vec<DigestDue>> {
        let rows: Vec<(i64, String, String, Option<String>, String)> = sqlx::query_as(
            "SELECT u.id, u.email, u.digest, u.digest_sent_at, u.created_at FROM users u \
             WHERE u.confirmed_at IS NOT NULL AND u.digest <> 'never' \
             AND EXISTS (SELECT 1 FROM follows f WHERE f.user_id = u.id) ORDER BY u.id",
        )
        .fetch_all(&self.pool)
        .await?;
        let now_t = parse_ts(now_at)?;
        let mut out = Vec::new();
        for (user_id, email, digest, sent, created) in rows {
            let digest = Digest::parse(&digest).unwrap_or_default();
            let Some(days) = digest.interval_days() else {
                continue;
            };
            let since = sent.unwrap_or(created);
            if parse_ts(&since)? + time::Duration::days(days) <= now_t {
                out.push(DigestDue {
                    user_id,
                    email,
                    digest,
                    since,
                });
            }
        }
        Ok(out)
    }

    /// Queues a digest and records that it went, in one transaction.
    pub async fn send_digest(&self, user_id: i64, mail: &Mail, now_at: &str) -> Result<()> {
        let mut tx = self.write_tx().await?;
        outbox::queue_all(&mut tx, std::slice::from_ref(mail)).await?;
        sqlx::query("UPDATE users SET digest_sent_at = $1 WHERE id = $2")
            .bind(now_at)
            .bind(user_id)
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(())
    }

    /// Marks a digest as done without mail (nothing was new).
    pub async fn skip_digest(&self, user_id: i64, now_at: &str) -> Result<()> {
        sqlx::query("UPDATE users SET digest_sent_at = $1 WHERE id = $2")
            .bind(now_at)
            .bind(user_id)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    /// The addresses of brokers; for questions about privacy and law, those whose profile names
    /// that expertise (all brokers when none does).
    pub async fn broker_addresses(&self, legal: bool) -> Result<Vec<String>> {
        let all: Vec<(String, Option<String>)> = sqlx::query_as(
            "SELECT u.email, p.expertise FROM users u LEFT JOIN people p ON p.user_id = u.id \
             WHERE u.is_broker = 1 AND u.confirmed_at IS NOT NULL ORDER BY u.id",
        )
        .fetch_all(&self.pool)
        .await?;
        if legal {
            let experts: Vec<String> = all
                .iter()
                .filter(|(_, e)| e.as_deref().is_some_and(is_legal_expertise))
                .map(|(m, _)| m.clone())
                .collect();
            if !experts.is_empty() {
                return Ok(experts);
            }
        }
        Ok(all.into_iter().map(|(m, _)| m).collect())
    }

    /// The address of an account, if it exists and is confirmed.
    pub async fn confirmed_address(&self, user_id: i64) -> Result<Option<String>> {
        Ok(
            sqlx::query_scalar(
                "SELECT email FROM users WHERE id = $1 AND confirmed_at IS NOT NULL",
            )
            .bind(user_id)
            .fetch_optional(&self.pool)
            .await?,
        )
    }

    /// The confirmed addresses of the editors of an organisation.
    pub async fn editor_addresses(&self, code: &str) -> Result<Vec<String>> {
        Ok(sqlx::query_scalar(
            "SELECT u.email FROM organisation_editors e JOIN users u ON u.id = e.user_id \
             JOIN organisations o ON o.id = e.organisation_id WHERE o.code = $1 AND u.confirmed_at IS NOT NULL ORDER BY u.id",
        )
        .bind(code)
        .fetch_all(&self.pool)
        .await?)
    }

    /// The answered questions visible to everyone with one of these themes, newest first.
    pub async fn answered_questions_with_themes(
        &self,
        themes: &[String],
        limit: i64,
    ) -> Result<Vec<Question>> {
        let themes = themes.join(",");
        let rows: Vec<QuestionRow> = sqlx::query_as(&format!(
            "{QUESTION_SELECT} WHERE q.public = 1 AND q.state IN ('answered', 'closed') AND q.accepted_answer_id IS NOT NULL \
             AND EXISTS (SELECT 1 FROM question_themes t WHERE t.question_id = q.id AND (',' || $1 || ',') LIKE ('%,' || t.theme || ',%')) \
             ORDER BY q.updated_at DESC LIMIT $2"
        ))
        .bind(themes)
        .bind(limit)
        .fetch_all(&self.pool)
        .await?;
        rows.into_iter().map(Question::try_from).collect()
    }

    /// A community's id and names by slug, if it exists.
    pub async fn community_names(&self, slug: &str) -> Result<Option<(i64, String, String)>> {
        Ok(
            sqlx::query_as("SELECT id, name_nl, name_en FROM communities WHERE slug = $1")
                .bind(slug)
                .fetch_optional(&self.pool)
                .await?,
        )
    }

    /// What changed after `since`, for digests and feeds: published practices, public
    /// questions, FAQ entries and discussion topics, newest first, at most `limit` of each.
    pub async fn news_since(&self, since: &str, limit: i64) -> Result<Vec<NewsItem>> {
        let mut items: Vec<NewsItem> = sqlx::query_as(
            "SELECT 'practice' AS kind, p.slug AS target, p.title, p.summary AS text, o.code AS organisation, \
             (SELECT GROUP_CONCAT(theme) FROM practice_themes t WHERE t.practice_id = p.id) AS themes, NULL AS community, p.updated_at AS at \
             FROM practices p JOIN organisations o ON o.id = p.owner_id \
             WHERE p.review = 'published' AND p.updated_at >= $1 ORDER BY p.updated_at DESC LIMIT $2",
        )
        .bind(since)
        .bind(limit)
        .fetch_all(&self.pool)
        .await?;
        items.extend(
            sqlx::query_as::<_, NewsItem>(
                "SELECT 'question' AS kind, CAST(q.id AS TEXT) AS target, q.title, q.body AS text, o.code AS organisation, \
                 (SELECT GROUP_CONCAT(theme) FROM question_themes t WHERE t.question_id = q.id) AS themes, NULL AS community, q.updated_at AS at \
                 FROM questions q LEFT JOIN organisations o ON o.id = q.organisation_id \
                 WHERE q.public = 1 AND q.state <> 'rejected' AND q.updated_at >= $1 ORDER BY q.updated_at DESC LIMIT $2",
            )
            .bind(since)
            .bind(limit)
            .fetch_all(&self.pool)
            .await?,
        );
        items.extend(
            sqlx::query_as::<_, NewsItem>(
                "SELECT 'faq' AS kind, CAST(id AS TEXT) AS target, question_nl AS title, answer_nl AS text, NULL AS organisation, \
                 theme AS themes, NULL AS community, updated_at AS at FROM faq_entries WHERE updated_at >= $1 ORDER BY updated_at DESC LIMIT $2",
            )
            .bind(since)
            .bind(limit)
            .fetch_all(&self.pool)
            .await?,
        );
        items.extend(
            sqlx::query_as::<_, NewsItem>(
                "SELECT 'topic' AS kind, CAST(t.id AS TEXT) AS target, t.title, '' AS text, NULL AS organisation, \
                 (SELECT GROUP_CONCAT(theme) FROM community_themes ct WHERE ct.community_id = c.id) AS themes, c.slug AS community, t.last_post_at AS at \
                 FROM topics t JOIN communities c ON c.id = t.community_id WHERE t.last_post_at >= $1 ORDER BY t.last_post_at DESC LIMIT $2",
            )
            .bind(since)
            .bind(limit)
            .fetch_all(&self.pool)
            .await?,
        );
        items.sort_by(|a, b| b.at.cmp(&a.at));
        Ok(items)
    }

    /// The account behind a person's profile, if any.
    pub async fn user_of_person(&self, person_id: i64) -> Result<Option<i64>> {
        Ok(
            sqlx::query_scalar::<_, Option<i64>>("SELECT user_id FROM people WHERE id = $1")
                .bind(person_id)
                .fetch_optional(&self.pool)
                .await?
                .flatten(),
        )
    }

    /// The communities a question can be assigned to: id and Dutch name.
    pub async fn community_choices(&self) -> Result<Vec<(i64, String)>> {
        Ok(
            sqlx::query_as("SELECT id, name_nl FROM communities ORDER BY name_nl")
                .fetch_all(&self.pool)
                .await?,
        )
    }

    /// The confirmed addresses of a community's moderators.
    pub async fn community_moderator_addresses(&self, community_id: i64) -> Result<Vec<String>> {
        Ok(sqlx::query_scalar(
            "SELECT u.email FROM community_members m JOIN users u ON u.id = m.user_id \
             WHERE m.community_id = $1 AND m.moderator = 1 AND u.confirmed_at IS NOT NULL ORDER BY u.id",
        )
        .bind(community_id)
        .fetch_all(&self.pool)
        .await?)
    }
}

/// Whether a profile's expertise covers privacy, the GDPR or law.
fn is_legal_expertise(expertise: &str) -> bool {
    let e = expertise.to_lowercase();
    [
        "privacy", "avg", "gdpr", "juridis", "legal", "law", "recht", "wet",
    ]
    .iter()
    .any(|w| e.contains(w))
}

fn parse_ts(s: &str) -> Result<time::OffsetDateTime> {
    time::OffsetDateTime::parse(s, &time::format_description::well_known::Rfc3339)
        .map_err(|e| StoreError::Data(format!("timestamp {s:?}: {e}")))
}

/// The help-desk questions and FAQ entries shipped as demo content, written for Leerpunt.
pub const DEMO_HELPDESK_TOML: &str = include_str!("../seed/demo-helpdesk.toml");

#[derive(serde::Deserialize)]
struct DemoHelpdesk {
    question: Vec<DemoQuestion>,
    faq: Vec<DemoFaq>,
}

#[derive(serde::Deserialize)]
struct DemoQuestion {
    title: String,
    body: String,
    lang: String,
    #[serde(default)]
    themes: Vec<String>,
    organisation: Option<String>,
    #[serde(default)]
    legal: bool,
    #[serde(default)]
    public: bool,
    state: String,
    asker: String,
    #[serde(default)]
    reason: String,
    assignee: Option<String>,
    created: String,
    #[serde(default)]
    answer: Vec<DemoAnswer>,
}

#[derive(serde::Deserialize)]
struct DemoAnswer {
    author: String,
    body: String,
    #[serde(default)]
    accepted: bool,
    reply_to: Option<usize>,
}

#[derive(serde::Deserialize)]
struct DemoFaq {
    question_nl: String,
    question_en: String,
    answer_nl: String,
    answer_en: String,
    theme: String,
    from_question: Option<usize>,
}

/// A timestamp `hours` after `start` (RFC 3339).
fn later(start: &str, hours: i64) -> Result<String> {
    let t = parse_ts(start)? + time::Duration::hours(hours);
    t.format(&time::format_description::well_known::Rfc3339)
        .map_err(|e| StoreError::Data(format!("timestamp: {e}")))
}

/// Loads the demo questions (in every state, with threaded answers) and FAQ entries, unless
/// demo questions exist already. Each is checked by the same rules as a person's. Returns how
/// many questions and entries were written.
pub(crate) async fn load_demo_helpdesk(conn: &mut AnyConnection) -> Result<(usize, usize)> {
    let existing: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM questions WHERE demo = 1")
        .fetch_one(&mut *conn)
        .await?;
    if existing > 0 {
        return Ok((0, 0));
    }
    let demo: DemoHelpdesk = toml::from_str(DEMO_HELPDESK_TOML)
        .map_err(|e| StoreError::Data(format!("demo help desk: {e}")))?;
    let mut ids = Vec::new();
    for (n, q) in demo.question.iter().enumerate() {
        let what = |e: String| StoreError::Data(format!("demo question {}: {e}", n + 1));
        let lang = q.lang.parse().map_err(|e: CoreError| what(e.to_string()))?;
        let input = NewQuestion {
            title: q.title.clone(),
            body: q.body.clone(),
            themes: q.themes.clone(),
            organisation: q.organisation.clone(),
            legal: q.legal,
            public: q.public,
            lang,
        };
        validate_question(&input).map_err(|e| what(e.to_string()))?;
        let state =
            QuestionState::parse(&q.state).ok_or_else(|| what(format!("state {:?}", q.state)))?;
        let organisation = match &q.organisation {
            Some(code) => Some(
                id_by_code(conn, code)
                    .await?
                    .ok_or_else(|| what(format!("unknown organisation {code}")))?,
            ),
            None => None,
        };
        let assignee: Option<i64> = match &q.assignee {
            Some(name) => Some(
                sqlx::query_scalar("SELECT id FROM people WHERE name = $1 AND public_consent = 1 ORDER BY id LIMIT 1")
                    .bind(name)
                    .fetch_optional(&mut *conn)
                    .await?
                    .ok_or_else(|| what(format!("unknown demo person {name}")))?,
            ),
            None => None,
        };
        let updated = later(&q.created, 24 * (q.answer.len() as i64 + 1))?;
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO questions (title, body, lang, asker_name, organisation_id, legal, public, state, reason, assignee_person_id, demo, created_at, updated_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, 1, $11, $12) RETURNING id",
        )
        .bind(q.title.trim())
        .bind(q.body.trim())
        .bind(lang.key())
        .bind(&q.asker)
        .bind(organisation)
        .bind(bool_int(q.legal))
        .bind(bool_int(q.public))
        .bind(state.key())
        .bind(&q.reason)
        .bind(assignee)
        .bind(&q.created)
        .bind(&updated)
        .fetch_one(&mut *conn)
        .await?;
        for theme in &q.themes {
            sqlx::query("INSERT INTO question_themes (question_id, theme) VALUES ($1, $2) ON CONFLICT DO NOTHING")
                .bind(id)
                .bind(theme)
                .execute(&mut *conn)
                .await?;
        }
        let mut answer_ids: Vec<i64> = Vec::new();
        for (i, a) in q.answer.iter().enumerate() {
            validate_answer(&a.body).map_err(|e| what(e.to_string()))?;
            let parent = match a.reply_to {
                Some(k) => Some(
                    *answer_ids
                        .get(k.wrapping_sub(1))
                        .ok_or_else(|| what(format!("answer {} replies to unknown {k}", i + 1)))?,
                ),
                None => None,
            };
            let answer_id: i64 = sqlx::query_scalar(
                "INSERT INTO answers (question_id, parent_id, author_name, body, demo, created_at) VALUES ($1, $2, $3, $4, 1, $5) RETURNING id",
            )
            .bind(id)
            .bind(parent)
            .bind(&a.author)
            .bind(a.body.trim())
            .bind(later(&q.created, 24 * (i as i64 + 1))?)
            .fetch_one(&mut *conn)
            .await?;
            if a.accepted {
                sqlx::query("UPDATE questions SET accepted_answer_id = $1 WHERE id = $2")
                    .bind(answer_id)
                    .bind(id)
                    .execute(&mut *conn)
                    .await?;
            }
            answer_ids.push(answer_id);
        }
        changes::record(conn, "question", id, "create").await?;
        ids.push(id);
    }
    for (n, f) in demo.faq.iter().enumerate() {
        let question_id = match f.from_question {
            Some(k) => Some(*ids.get(k.wrapping_sub(1)).ok_or_else(|| {
                StoreError::Data(format!("demo FAQ {}: unknown question {k}", n + 1))
            })?),
            None => None,
        };
        let input = FaqInput {
            question_nl: f.question_nl.clone(),
            question_en: f.question_en.clone(),
            answer_nl: f.answer_nl.clone(),
            answer_en: f.answer_en.clone(),
            theme: f.theme.clone(),
            question_id,
        };
        validate_faq(&input).map_err(|e| StoreError::Data(format!("demo FAQ {}: {e}", n + 1)))?;
        let ts = now();
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO faq_entries (question_nl, question_en, answer_nl, answer_en, theme, question_id, demo, created_at, updated_at) \
             VALUES ($1, $2, $3, $4, $5, $6, 1, $7, $7) RETURNING id",
        )
        .bind(input.question_nl.trim())
        .bind(input.question_en.trim())
        .bind(input.answer_nl.trim())
        .bind(input.answer_en.trim())
        .bind(&input.theme)
        .bind(question_id)
        .bind(&ts)
        .fetch_one(&mut *conn)
        .await?;
        changes::record(conn, "faq", id, "create").await?;
    }
    Ok((ids.len(), demo.faq.len()))
}
