//! What the search index reads from the database, and the matchmaking record it writes back.
//!
//! The index is a derived cache that follows the change log; these are the lookups it needs to turn a
//! change into documents (by id, in batches) and the `similar_work` table it keeps up to date.
//! Besides practices, organisations and people it reads the living network: help-desk questions
//! with their answers, FAQ entries, communities and their discussion topics — only what every
//! visitor may see.

use std::collections::HashMap;

use leerpunt_core::helpdesk::FaqEntry;
use leerpunt_core::{Lang, Organisation, Practice};
use sqlx::{Any, AnyConnection, QueryBuilder};

use crate::organisations::{OrgRow, ORG_COLUMNS};
use crate::practices::{load_many, push_ids, BATCH};
use crate::{now, Result, Store, StoreError};

/// A help-desk question as the search index holds it: public (the asker agreed) and not rejected.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SearchQuestion {
    pub id: i64,
    pub title: String,
    /// Markdown.
    pub body: String,
    pub lang: Lang,
    pub themes: Vec<String>,
    /// The answers' texts (Markdown), oldest first.
    pub answers: Vec<String>,
    /// Answered or closed with an accepted answer: it can answer someone else's question.
    pub answered: bool,
    pub updated_at: String,
}

/// A discussion topic as the search index holds it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SearchTopic {
    pub id: i64,
    pub community_slug: String,
    pub title: String,
    /// The opening post and the replies (Markdown) that are neither deleted nor hidden, oldest first.
    pub posts: Vec<String>,
    /// The community's themes.
    pub themes: Vec<String>,
    pub last_post_at: String,
}

/// A community as the search index holds it: bilingual name and description, themes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SearchCommunity {
    pub id: i64,
    pub slug: String,
    pub name_nl: String,
    pub name_en: String,
    pub description_nl: String,
    pub description_en: String,
    pub themes: Vec<String>,
    pub updated_at: String,
}

/// The ids of every row of the living network, for full builds of the index.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct NetworkIds {
    pub questions: Vec<i64>,
    pub faq: Vec<i64>,
    pub topics: Vec<i64>,
    pub communities: Vec<i64>,
}

/// `(owner id, value)` rows grouped by owner, in row order.
fn grouped(rows: Vec<(i64, String)>) -> HashMap<i64, Vec<String>> {
    let mut out: HashMap<i64, Vec<String>> = HashMap::new();
    for (id, v) in rows {
        out.entry(id).or_default().push(v);
    }
    out
}

/// Runs `head IN (ids) tail` and returns `(id, text)` rows.
async fn pairs(
    conn: &mut AnyConnection,
    head: &str,
    ids: &[i64],
    tail: &str,
) -> Result<Vec<(i64, String)>> {
    let mut q: QueryBuilder<'_, Any> = QueryBuilder::new(head);
    push_ids(&mut q, ids);
    q.push(tail);
    Ok(q.build_query_as().fetch_all(&mut *conn).await?)
}

async fn questions_in(conn: &mut AnyConnection, ids: &[i64]) -> Result<Vec<SearchQuestion>> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let mut q: QueryBuilder<'_, Any> = QueryBuilder::new(
        "SELECT id, title, body, lang, state, accepted_answer_id, updated_at FROM questions \
         WHERE public = 1 AND state <> 'rejected' AND id IN ",
    );
    push_ids(&mut q, ids);
    q.push(" ORDER BY id");
    type Row = (i64, String, String, String, String, Option<i64>, String);
    let rows: Vec<Row> = q.build_query_as().fetch_all(&mut *conn).await?;
    let found: Vec<i64> = rows.iter().map(|r| r.0).collect();
    if found.is_empty() {
        return Ok(Vec::new());
    }
    let mut themes = grouped(
        pairs(
            conn,
            "SELECT question_id, theme FROM question_themes WHERE question_id IN ",
            &found,
            " ORDER BY question_id, theme",
        )
        .await?,
    );
    let mut answers = grouped(
        pairs(
            conn,
            "SELECT question_id, body FROM answers WHERE question_id IN ",
            &found,
            " ORDER BY question_id, created_at, id",
        )
        .await?,
    );
    Ok(rows
        .into_iter()
        .map(
            |(id, title, body, lang, state, accepted, updated_at)| SearchQuestion {
                id,
                title,
                body,
                lang: lang.parse().unwrap_or_default(),
                themes: themes.remove(&id).unwrap_or_default(),
                answers: answers.remove(&id).unwrap_or_default(),
                answered: accepted.is_some() && (state == "answered" || state == "closed"),
                updated_at,
            },
        )
        .collect())
}

async fn faq_in(conn: &mut AnyConnection, ids: &[i64]) -> Result<Vec<FaqEntry>> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let mut q: QueryBuilder<'_, Any> = QueryBuilder::new(
        "SELECT id, question_nl, question_en, answer_nl, answer_en, theme, question_id, demo, created_at, updated_at \
         FROM faq_entries WHERE id IN ",
    );
    push_ids(&mut q, ids);
    q.push(" ORDER BY id");
    type Row = (
        i64,
        String,
        String,
        String,
        String,
        String,
        Option<i64>,
        crate::Flag,
        String,
        String,
    );
    let rows: Vec<Row> = q.build_query_as().fetch_all(&mut *conn).await?;
    Ok(rows
        .into_iter()
        .map(|r| FaqEntry {
            id: r.0,
            question_nl: r.1,
            question_en: r.2,
            answer_nl: r.3,
            answer_en: r.4,
            theme: r.5,
            question_id: r.6,
            demo: r.7 .0,
            created_at: r.8,
            updated_at: r.9,
        })
        .collect())
}

async fn topics_in(conn: &mut AnyConnection, ids: &[i64]) -> Result<Vec<SearchTopic>> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let mut q: QueryBuilder<'_, Any> = QueryBuilder::new(
        "SELECT t.id, t.community_id, c.slug, t.title, t.last_post_at FROM topics t \
         JOIN communities c ON c.id = t.community_id WHERE t.id IN ",
    );
    push_ids(&mut q, ids);
    q.push(" ORDER BY t.id");
    let rows: Vec<(i64, i64, String, String, String)> =
        q.build_query_as().fetch_all(&mut *conn).await?;
    let found: Vec<i64> = rows.iter().map(|r| r.0).collect();
    if found.is_empty() {
        return Ok(Vec::new());
    }
    let mut communities: Vec<i64> = rows.iter().map(|r| r.1).collect();
    communities.sort_unstable();
    communities.dedup();
    let themes = grouped(
        pairs(
            conn,
            "SELECT community_id, theme FROM community_themes WHERE community_id IN ",
            &communities,
            " ORDER BY community_id, theme",
        )
        .await?,
    );
    let mut posts = grouped(
        pairs(
            conn,
            "SELECT topic_id, body FROM posts WHERE deleted = 0 AND hidden_reason IS NULL AND topic_id IN ",
            &found,
            " ORDER BY topic_id, created_at, id",
        )
        .await?,
    );
    Ok(rows
        .into_iter()
        .map(|(id, community, slug, title, last_post_at)| SearchTopic {
            id,
            community_slug: slug,
            title,
            posts: posts.remove(&id).unwrap_or_default(),
            themes: themes.get(&community).cloned().unwrap_or_default(),
            last_post_at,
        })
        .collect())
}

async fn communities_in(conn: &mut AnyConnection, ids: &[i64]) -> Result<Vec<SearchCommunity>> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let mut q: QueryBuilder<'_, Any> = QueryBuilder::new(
        "SELECT id, slug, name_nl, name_en, description_nl, description_en, updated_at \
         FROM communities WHERE id IN ",
    );
    push_ids(&mut q, ids);
    q.push(" ORDER BY id");
    type Row = (i64, String, String, String, String, String, String);
    let rows: Vec<Row> = q.build_query_as().fetch_all(&mut *conn).await?;
    let found: Vec<i64> = rows.iter().map(|r| r.0).collect();
    if found.is_empty() {
        return Ok(Vec::new());
    }
    let mut themes = grouped(
        pairs(
            conn,
            "SELECT community_id, theme FROM community_themes WHERE community_id IN ",
            &found,
            " ORDER BY community_id, theme",
        )
        .await?,
    );
    Ok(rows
        .into_iter()
        .map(|r| SearchCommunity {
            id: r.0,
            slug: r.1,
            name_nl: r.2,
            name_en: r.3,
            description_nl: r.4,
            description_en: r.5,
            themes: themes.remove(&r.0).unwrap_or_default(),
            updated_at: r.6,
        })
        .collect())
}

/// Another organisation's practice that resembles one of ours.
#[derive(Debug, Clone, PartialEq)]
pub struct SimilarWork {
    /// Our practice (slug, title) and theirs.
    pub practice_slug: String,
    pub practice_title: String,
    pub other_slug: String,
    pub other_title: String,
    /// The other organisation.
    pub other_code: String,
    pub other_name: String,
    pub score: f64,
}

impl Store {
    /// One organisation by its row id.
    pub async fn organisation_by_id(&self, id: i64) -> Result<Organisation> {
        let sql = format!("SELECT {ORG_COLUMNS} FROM organisations o WHERE o.id = $1");
        let row: Option<OrgRow> = sqlx::query_as(&sql)
            .bind(id)
            .fetch_optional(&self.pool)
            .await?;
        row.ok_or_else(|| StoreError::NotFound(format!("organisation {id}")))?
            .into_domain()
    }

    /// Several practices by id (missing ids are skipped), in batches.
    pub async fn practices_by_ids(&self, ids: &[i64]) -> Result<Vec<Practice>> {
        let mut conn = self.pool.acquire().await?;
        let mut out = Vec::with_capacity(ids.len());
        for chunk in ids.chunks(BATCH) {
            out.extend(load_many(&mut conn, chunk).await?);
        }
        Ok(out)
    }

    /// The questions among `ids` that every visitor may see (public, not rejected), with their
    /// themes and answers; the others are left out (the index deletes them).
    pub async fn searchable_questions(&self, ids: &[i64]) -> Result<Vec<SearchQuestion>> {
        let mut conn = self.pool.acquire().await?;
        let mut out = Vec::with_capacity(ids.len());
        for chunk in ids.chunks(BATCH) {
            out.extend(questions_in(&mut conn, chunk).await?);
        }
        Ok(out)
    }

    /// The FAQ entries among `ids` (missing ids are skipped).
    pub async fn faq_by_ids(&self, ids: &[i64]) -> Result<Vec<FaqEntry>> {
        let mut conn = self.pool.acquire().await?;
        let mut out = Vec::with_capacity(ids.len());
        for chunk in ids.chunks(BATCH) {
            out.extend(faq_in(&mut conn, chunk).await?);
        }
        Ok(out)
    }

    /// The discussion topics among `ids`, with their visible posts and their community's themes.
    pub async fn searchable_topics(&self, ids: &[i64]) -> Result<Vec<SearchTopic>> {
        let mut conn = self.pool.acquire().await?;
        let mut out = Vec::with_capacity(ids.len());
        for chunk in ids.chunks(BATCH) {
            out.extend(topics_in(&mut conn, chunk).await?);
        }
        Ok(out)
    }

    /// The communities among `ids`, with their themes.
    pub async fn searchable_communities(&self, ids: &[i64]) -> Result<Vec<SearchCommunity>> {
        let mut conn = self.pool.acquire().await?;
        let mut out = Vec::with_capacity(ids.len());
        for chunk in ids.chunks(BATCH) {
            out.extend(communities_in(&mut conn, chunk).await?);
        }
        Ok(out)
    }

    /// Ids of a community's topics (their documents carry the community's slug and themes).
    pub async fn topic_ids_of_community(&self, community_id: i64) -> Result<Vec<i64>> {
        Ok(
            sqlx::query_scalar("SELECT id FROM topics WHERE community_id = $1 ORDER BY id")
                .bind(community_id)
                .fetch_all(&self.pool)
                .await?,
        )
    }

    /// The ids of every question (public and not rejected), FAQ entry, topic and community.
    pub async fn network_ids(&self) -> Result<NetworkIds> {
        let ids = |sql: &'static str| sqlx::query_scalar::<_, i64>(sql).fetch_all(&self.pool);
        Ok(NetworkIds {
            questions: ids(
                "SELECT id FROM questions WHERE public = 1 AND state <> 'rejected' ORDER BY id",
            )
            .await?,
            faq: ids("SELECT id FROM faq_entries ORDER BY id").await?,
            topics: ids("SELECT id FROM topics ORDER BY id").await?,
            communities: ids("SELECT id FROM communities ORDER BY id").await?,
        })
    }

    /// Ids of the practices an organisation owns.
    pub async fn practice_ids_of_organisation(&self, organisation_id: i64) -> Result<Vec<i64>> {
        Ok(
            sqlx::query_scalar("SELECT id FROM practices WHERE owner_id = $1 ORDER BY id")
                .bind(organisation_id)
                .fetch_all(&self.pool)
                .await?,
        )
    }

    /// Titles of each organisation's practices (original language), keyed by organisation id.
    pub async fn practice_titles_by_organisation(&self) -> Result<Vec<(i64, String)>> {
        Ok(
            sqlx::query_as("SELECT owner_id, title FROM practices WHERE review = 'published' ORDER BY owner_id, id")
                .fetch_all(&self.pool)
                .await?,
        )
    }

    /// Titles of one organisation's practices.
    pub async fn practice_titles_of_organisation(
        &self,
        organisation_id: i64,
    ) -> Result<Vec<String>> {
        Ok(sqlx::query_scalar(
            "SELECT title FROM practices WHERE owner_id = $1 AND review = 'published' ORDER BY id",
        )
        .bind(organisation_id)
        .fetch_all(&self.pool)
        .await?)
    }

    /// Replaces the recorded similar work of several practices, in one transaction.
    pub async fn replace_similar_work(&self, batch: &[(i64, Vec<(i64, f64)>)]) -> Result<()> {
        let mut tx = self.write_tx().await?;
        let at = now();
        for (practice_id, similar) in batch {
            sqlx::query("DELETE FROM similar_work WHERE practice_id = $1")
                .bind(practice_id)
                .execute(&mut *tx)
                .await?;
            for (other, score) in similar {
                sqlx::query(
                    "INSERT INTO similar_work (practice_id, other_practice_id, score, computed_at) \
                     SELECT $1, $2, $3, $4 WHERE EXISTS (SELECT 1 FROM practices WHERE id = $1) \
                     AND EXISTS (SELECT 1 FROM practices WHERE id = $2)",
                )
                .bind(practice_id)
                .bind(other)
                .bind(score)
                .bind(&at)
                .execute(&mut *tx)
                .await?;
            }
        }
        tx.commit().await?;
        Ok(())
    }

    /// Work of other organisations that resembles an organisation's practices, in both directions
    /// of the record (their practice found similar to ours, or ours to theirs), best first.
    pub async fn similar_work(&self, code: &str, limit: i64) -> Result<Vec<SimilarWork>> {
        let rows: Vec<(String, String, String, String, String, String, f64)> = sqlx::query_as(
            "SELECT mine.slug, mine.title, theirs.slug, theirs.title, o.code, o.name, s.score \
             FROM (SELECT practice_id AS a, other_practice_id AS b, score FROM similar_work \
                   UNION ALL SELECT other_practice_id, practice_id, score FROM similar_work) s \
             JOIN practices mine ON mine.id = s.a \
             JOIN organisations me ON me.id = mine.owner_id \
             JOIN practices theirs ON theirs.id = s.b \
             JOIN organisations o ON o.id = theirs.owner_id \
             WHERE me.code = $1 AND o.id <> me.id \
             AND mine.review = 'published' AND theirs.review = 'published' \
             ORDER BY s.score DESC, theirs.id, mine.id LIMIT $2",
        )
        .bind(code)
        .bind(limit.saturating_mul(4))
        .fetch_all(&self.pool)
        .await?;
        let mut seen = std::collections::HashSet::new();
        Ok(rows
            .into_iter()
            .filter(|r| seen.insert(r.2.clone()))
            .take(usize::try_from(limit).unwrap_or(0))
            .map(|r| SimilarWork {
                practice_slug: r.0,
                practice_title: r.1,
                other_slug: r.2,
                other_title: r.3,
                other_code: r.4,
                other_name: r.5,
                score: r.6,
            })
            .collect())
    }
}
