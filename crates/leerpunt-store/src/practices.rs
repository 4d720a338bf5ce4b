//! Practices: upsert (idempotent by source id or slug), lookup, filtered lists and related practices.

use leerpunt_core::paging::PageRequest;
use leerpunt_core::review::Review;
use leerpunt_core::text::{slugify, validate_practice};
use leerpunt_core::{Lang, NewPractice, OrgKind, Practice, PracticeStatus, PracticeText};
use sqlx::{Any, AnyConnection, QueryBuilder};

use crate::organisations::{id_by_code, OrgRow, ORG_COLUMNS};
use crate::{changes, conflict_on, now, Result, Store, StoreError};

/// Whether an upsert created a new practice or updated an existing one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Upserted {
    Created(i64),
    Updated(i64),
}

impl Upserted {
    pub fn id(self) -> i64 {
        match self {
            Upserted::Created(id) | Upserted::Updated(id) => id,
        }
    }
}

/// Filters for practice lists; every field narrows the result.
#[derive(Debug, Clone, Default)]
pub struct PracticeFilter {
    pub theme: Option<String>,
    pub kind: Option<OrgKind>,
    pub province: Option<String>,
    pub status: Option<PracticeStatus>,
    /// Organisation code: practices it owns or is a partner in.
    pub organisation: Option<String>,
    pub source: Option<String>,
}

#[derive(sqlx::FromRow)]
struct PracticeRow {
    id: i64,
    slug: String,
    language: String,
    title: String,
    summary: String,
    body: String,
    purpose: String,
    data_used: String,
    results: String,
    lessons: String,
    status: String,
    owner_id: i64,
    contact: Option<String>,
    source: String,
    source_id: Option<String>,
    source_url: Option<String>,
    started_on: Option<String>,
    created_at: String,
    updated_at: String,
    review: String,
    review_reason: Option<String>,
}

#[derive(sqlx::FromRow)]
struct TextRow {
    title: String,
    summary: String,
    body: String,
    purpose: String,
    data_used: String,
    results: String,
    lessons: String,
}

impl From<TextRow> for PracticeText {
    fn from(r: TextRow) -> Self {
        PracticeText {
            title: r.title,
            summary: r.summary,
            body: r.body,
            purpose: r.purpose,
            data_used: r.data_used,
            results: r.results,
            lessons: r.lessons,
        }
    }
}

async fn resolve_org(conn: &mut AnyConnection, code: &str, field: &str) -> Result<i64> {
    id_by_code(conn, code.trim()).await?.ok_or_else(|| {
        StoreError::Invalid(leerpunt_core::CoreError::invalid(
            field,
            format!("unknown organisation {code:?}"),
        ))
    })
}

/// Finds the existing practice an input refers to: by (source, source_id) when it has one, else by slug.
async fn existing_id(conn: &mut AnyConnection, p: &NewPractice) -> Result<Option<i64>> {
    if let Some(source_id) = &p.source_id {
        return Ok(sqlx::query_scalar(
            "SELECT id FROM practices WHERE source = $1 AND source_id = $2",
        )
        .bind(&p.source)
        .bind(source_id)
        .fetch_optional(conn)
        .await?);
    }
    match &p.slug {
        Some(slug) => Ok(
            sqlx::query_scalar("SELECT id FROM practices WHERE slug = $1")
                .bind(slug)
                .fetch_optional(conn)
                .await?,
        ),
        None => Ok(None),
    }
}

/// A slug not yet taken: the requested one, or the title's slug with a number appended.
async fn free_slug(conn: &mut AnyConnection, p: &NewPractice) -> Result<String> {
    let base = p.slug.clone().unwrap_or_else(|| slugify(&p.text.title));
    let base = if base.is_empty() {
        "praktijk".to_owned()
    } else {
        base
    };
    let mut slug = base.clone();
    let mut n = 2;
    while sqlx::query_scalar::<_, i64>("SELECT id FROM practices WHERE slug = $1")
        .bind(&slug)
        .fetch_optional(&mut *conn)
        .await?
        .is_some()
    {
        slug = format!("{base}-{n}");
        n += 1;
    }
    Ok(slug)
}

/// Validates and writes a practice inside the caller's transaction; a new one is published (an
/// import, the demo).
pub(crate) async fn upsert(conn: &mut AnyConnection, p: &NewPractice) -> Result<Upserted> {
    upsert_as(conn, p, Review::Published).await
}

/// Validates and writes a practice inside the caller's transaction; a new one starts in review
/// state `new_review`, an existing one keeps its state.
pub(crate) async fn upsert_as(
    conn: &mut AnyConnection,
    p: &NewPractice,
    new_review: Review,
) -> Result<Upserted> {
    validate_practice(p)?;
    let owner_id = resolve_org(conn, &p.owner, "owner").await?;
    let mut partner_ids = Vec::with_capacity(p.partners.len());
    for code in &p.partners {
        partner_ids.push(resolve_org(conn, code, "partners").await?);
    }
    let ts = now();
    let t = &p.text;
    let mut review = new_review;
    let result = match existing_id(conn, p).await? {
        Some(id) => {
            let current: String = sqlx::query_scalar("SELECT review FROM practices WHERE id = $1")
                .bind(id)
                .fetch_one(&mut *conn)
                .await?;
            // An unknown state is treated as published: its change then reaches the public.
            review = current.parse().unwrap_or(Review::Published);
            sqlx::query(
                "UPDATE practices SET language = $1, title = $2, summary = $3, body = $4, purpose = $5, data_used = $6, results = $7, lessons = $8, \
                 status = $9, owner_id = $10, contact = $11, source_url = $12, started_on = $13, updated_at = $14 WHERE id = $15",
            )
            .bind(p.language.key())
            .bind(t.title.trim())
            .bind(&t.summary)
            .bind(&t.body)
            .bind(&t.purpose)
            .bind(&t.data_used)
            .bind(&t.results)
            .bind(&t.lessons)
            .bind(p.status.key())
            .bind(owner_id)
            .bind(&p.contact)
            .bind(&p.source_url)
            .bind(&p.started_on)
            .bind(&ts)
            .bind(id)
            .execute(&mut *conn)
            .await?;
            Upserted::Updated(id)
        }
        None => {
            let slug = free_slug(conn, p).await?;
            let id: i64 = sqlx::query_scalar(
                "INSERT INTO practices (slug, language, title, summary, body, purpose, data_used, results, lessons, status, owner_id, contact, source, source_id, source_url, started_on, created_at, updated_at, review) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $17, $18) RETURNING id",
            )
            .bind(&slug)
            .bind(p.language.key())
            .bind(t.title.trim())
            .bind(&t.summary)
            .bind(&t.body)
            .bind(&t.purpose)
            .bind(&t.data_used)
            .bind(&t.results)
            .bind(&t.lessons)
            .bind(p.status.key())
            .bind(owner_id)
            .bind(&p.contact)
            .bind(&p.source)
            .bind(&p.source_id)
            .bind(&p.source_url)
            .bind(&p.started_on)
            .bind(&ts)
            .bind(new_review.key())
            .fetch_one(&mut *conn)
            .await
            .map_err(|e| conflict_on(e, || format!("practice {slug}")))?;
            Upserted::Created(id)
        }
    };
    let id = result.id();
    for table in [
        "practice_translations",
        "practice_partners",
        "practice_themes",
        "practice_techniques",
    ] {
        sqlx::query(&format!("DELETE FROM {table} WHERE practice_id = $1"))
            .bind(id)
            .execute(&mut *conn)
            .await?;
    }
    if let Some(tr) = &p.translation {
        sqlx::query(
            "INSERT INTO practice_translations (practice_id, language, title, summary, body, purpose, data_used, results, lessons) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
        )
        .bind(id)
        .bind(p.language.other().key())
        .bind(tr.title.trim())
        .bind(&tr.summary)
        .bind(&tr.body)
        .bind(&tr.purpose)
        .bind(&tr.data_used)
        .bind(&tr.results)
        .bind(&tr.lessons)
        .execute(&mut *conn)
        .await?;
    }
    for partner in partner_ids {
        sqlx::query("INSERT INTO practice_partners (practice_id, organisation_id) VALUES ($1, $2) ON CONFLICT DO NOTHING")
            .bind(id)
            .bind(partner)
            .execute(&mut *conn)
            .await?;
    }
    for theme in &p.themes {
        sqlx::query("INSERT INTO practice_themes (practice_id, theme) VALUES ($1, $2) ON CONFLICT DO NOTHING").bind(id).bind(theme).execute(&mut *conn).await?;
    }
    for technique in &p.techniques {
        sqlx::query("INSERT INTO practice_techniques (practice_id, technique) VALUES ($1, $2) ON CONFLICT DO NOTHING")
            .bind(id)
            .bind(technique)
            .execute(&mut *conn)
            .await?;
    }
    // A draft's text is seen only by its editors and reviewers.
    let public = review == Review::Published;
    changes::record_with(
        conn,
        "practice",
        id,
        if matches!(result, Upserted::Created(_)) {
            "create"
        } else {
            "update"
        },
        changes::Reach::of(public, public),
    )
    .await?;
    Ok(result)
}

/// Appends `(…)` with the ids written out as integer literals: numbers cannot carry SQL, and a
/// list of any length stays one statement on both engines (PostgreSQL caps bound parameters at
/// 65,535, and `QueryBuilder`'s placeholders under the `Any` driver are SQLite's `?`).
pub(crate) fn push_ids(q: &mut QueryBuilder<'_, Any>, ids: &[i64]) {
    use std::fmt::Write;
    let mut list = String::with_capacity(ids.len() * 8 + 2);
    list.push('(');
    for (i, id) in ids.iter().enumerate() {
        if i > 0 {
            list.push_str(", ");
        }
        let _ = write!(list, "{id}");
    }
    list.push(')');
    q.push(list);
}

#[derive(sqlx::FromRow)]
struct TranslationRow {
    practice_id: i64,
    language: String,
    #[sqlx(flatten)]
    text: TextRow,
}

#[derive(sqlx::FromRow)]
struct PartnerRow {
    practice_id: i64,
    #[sqlx(flatten)]
    org: OrgRow,
}

#[derive(sqlx::FromRow)]
struct TagRow {
    practice_id: i64,
    tag: String,
}

/// Loads practices with everything they refer to, in the order of `ids`, with a fixed number of
/// queries whatever the number of practices (one per table).
pub(crate) async fn load_many(conn: &mut AnyConnection, ids: &[i64]) -> Result<Vec<Practice>> {
    use std::collections::HashMap;
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let mut q = QueryBuilder::new("SELECT * FROM practices WHERE id IN ");
    push_ids(&mut q, ids);
    let rows: Vec<PracticeRow> = q.build_query_as().fetch_all(&mut *conn).await?;

    let mut q = QueryBuilder::new(
        "SELECT practice_id, language, title, summary, body, purpose, data_used, results, lessons FROM practice_translations WHERE practice_id IN ",
    );
    push_ids(&mut q, ids);
    let mut translations: HashMap<(i64, String), PracticeText> = HashMap::new();
    for t in q
        .build_query_as::<TranslationRow>()
        .fetch_all(&mut *conn)
        .await?
    {
        translations.insert((t.practice_id, t.language), t.text.into());
    }

    let owner_ids: Vec<i64> = rows.iter().map(|r| r.owner_id).collect();
    let mut q = QueryBuilder::new(format!(
        "SELECT {ORG_COLUMNS} FROM organisations o WHERE o.id IN "
    ));
    push_ids(&mut q, &owner_ids);
    let mut owners: HashMap<i64, leerpunt_core::Organisation> = HashMap::new();
    for o in q.build_query_as::<OrgRow>().fetch_all(&mut *conn).await? {
        let o = o.into_domain()?;
        owners.insert(o.id, o);
    }

    let mut q = QueryBuilder::new(format!(
        "SELECT pp.practice_id, {ORG_COLUMNS} FROM practice_partners pp JOIN organisations o ON o.id = pp.organisation_id WHERE pp.practice_id IN "
    ));
    push_ids(&mut q, ids);
    q.push(" ORDER BY o.name");
    let mut partners: HashMap<i64, Vec<leerpunt_core::Organisation>> = HashMap::new();
    for p in q
        .build_query_as::<PartnerRow>()
        .fetch_all(&mut *conn)
        .await?
    {
        partners
            .entry(p.practice_id)
            .or_default()
            .push(p.org.into_domain()?);
    }

    let tags = |table: &'static str, column: &'static str| {
        let mut q = QueryBuilder::new(format!(
            "SELECT practice_id, {column} AS tag FROM {table} WHERE practice_id IN "
        ));
        push_ids(&mut q, ids);
        q.push(format!(" ORDER BY {column}"));
        q
    };
    let mut themes: HashMap<i64, Vec<String>> = HashMap::new();
    for t in tags("practice_themes", "theme")
        .build_query_as::<TagRow>()
        .fetch_all(&mut *conn)
        .await?
    {
        themes.entry(t.practice_id).or_default().push(t.tag);
    }
    let mut techniques: HashMap<i64, Vec<String>> = HashMap::new();
    for t in tags("practice_techniques", "technique")
        .build_query_as::<TagRow>()
        .fetch_all(&mut *conn)
        .await?
    {
        techniques.entry(t.practice_id).or_default().push(t.tag);
    }

    let mut by_id: HashMap<i64, Practice> = HashMap::with_capacity(rows.len());
    for row in rows {
        let language: Lang = row.language.parse()?;
        let owner = owners
            .get(&row.owner_id)
            .cloned()
            .ok_or_else(|| StoreError::NotFound(format!("organisation {}", row.owner_id)))?;
        let practice = Practice {
            id: row.id,
            slug: row.slug,
            language,
            text: PracticeText {
                title: row.title,
                summary: row.summary,
                body: row.body,
                purpose: row.purpose,
                data_used: row.data_used,
                results: row.results,
                lessons: row.lessons,
            },
            translation: translations.remove(&(row.id, language.other().key().to_owned())),
            status: row.status.parse()?,
            owner,
            partners: partners.remove(&row.id).unwrap_or_default(),
            themes: themes.remove(&row.id).unwrap_or_default(),
            techniques: techniques.remove(&row.id).unwrap_or_default(),
            contact: row.contact,
            source: row.source,
            source_id: row.source_id,
            source_url: row.source_url,
            started_on: row.started_on,
            created_at: row.created_at,
            updated_at: row.updated_at,
            review: row.review.parse()?,
            review_reason: row.review_reason,
        };
        by_id.insert(practice.id, practice);
    }
    Ok(ids.iter().filter_map(|id| by_id.remove(id)).collect())
}

pub(crate) async fn load(conn: &mut AnyConnection, id: i64) -> Result<Practice> {
    load_many(conn, &[id])
        .await?
        .pop()
        .ok_or_else(|| StoreError::NotFound(format!("practice {id}")))
}

/// The number of ids loaded per batch (SQLite allows 32,766 parameters; PostgreSQL 65,535).
pub(crate) const BATCH: usize = 500;

const FILTER_SQL: &str = "FROM practices p JOIN organisations o ON o.id = p.owner_id WHERE p.review = 'published' \
    AND ($1 IS NULL OR EXISTS (SELECT 1 FROM practice_themes t WHERE t.practice_id = p.id AND t.theme = $1)) \
    AND ($2 IS NULL OR o.kind = $2) \
    AND ($3 IS NULL OR o.province = $3) \
    AND ($4 IS NULL OR p.status = $4) \
    AND ($5 IS NULL OR o.code = $5 OR EXISTS (SELECT 1 FROM practice_partners pp JOIN organisations po ON po.id = pp.organisation_id WHERE pp.practice_id = p.id AND po.code = $5)) \
    AND ($6 IS NULL OR p.source = $6)";

impl Store {
    /// Published practices whose title or summary holds every word of `q` (case-insensitive),
    /// newest first, with how many there are: what search answers from the database while an
    /// instance's index is still being built. Words are matched as given, with `%` and `_`
    /// taken literally; at most eight words count.
    pub async fn search_practices_plain(
        &self,
        q: &str,
        limit: usize,
    ) -> Result<(Vec<Practice>, usize)> {
        let words: Vec<String> = q
            .split_whitespace()
            .filter(|w| w.chars().count() >= 2)
            .take(8)
            .map(|w| {
                let mut escaped = String::with_capacity(w.len() + 2);
                escaped.push('%');
                for ch in w.to_lowercase().chars() {
                    if matches!(ch, '%' | '_' | '\\') {
                        escaped.push('\\');
                    }
                    escaped.push(ch);
                }
                escaped.push('%');
                escaped
            })
            .collect();
        let mut sql = String::from("FROM practices WHERE review = 'published'");
        for n in 1..=words.len() {
            sql.push_str(&format!(
                " AND (lower(title) LIKE ${n} ESCAPE '\\' OR lower(summary) LIKE ${n} ESCAPE '\\')"
            ));
        }
        let count_sql = format!("SELECT COUNT(*) {sql}");
        let mut count = sqlx::query_scalar::<_, i64>(&count_sql);
        for w in &words {
            count = count.bind(w.as_str());
        }
        let total = count.fetch_one(&self.pool).await?;
        let ids_sql = format!(
            "SELECT id {sql} ORDER BY updated_at DESC, id DESC LIMIT {}",
            limit.min(200)
        );
        let mut ids = sqlx::query_scalar::<_, i64>(&ids_sql);
        for w in &words {
            ids = ids.bind(w.as_str());
        }
        let ids = ids.fetch_all(&self.pool).await?;
        let mut conn = self.pool.acquire().await?;
        Ok((load_many(&mut conn, &ids).await?, total as usize))
    }

    /// Creates or updates one practice (by source id, else slug) in its own transaction.
    pub async fn upsert_practice(&self, p: &NewPractice) -> Result<Upserted> {
        let mut tx = self.write_tx().await?;
        let r = upsert(&mut tx, p).await?;
        tx.commit().await?;
        Ok(r)
    }

    /// One practice by id.
    pub async fn practice_by_id(&self, id: i64) -> Result<Practice> {
        let mut conn = self.pool.acquire().await?;
        load(&mut conn, id).await
    }

    /// One published practice by slug (drafts and practices in review are not found).
    pub async fn practice(&self, slug: &str) -> Result<Practice> {
        let mut conn = self.pool.acquire().await?;
        let id: i64 =
            sqlx::query_scalar("SELECT id FROM practices WHERE slug = $1 AND review = 'published'")
                .bind(slug)
                .fetch_optional(&mut *conn)
                .await?
                .ok_or_else(|| StoreError::NotFound(format!("practice {slug}")))?;
        load(&mut conn, id).await
    }

    /// The number of practices matching `filter`, without loading them.
    pub async fn count_practices(&self, filter: &PracticeFilter) -> Result<i64> {
        Ok(sqlx::query_scalar(&format!("SELECT COUNT(*) {FILTER_SQL}"))
            .bind(&filter.theme)
            .bind(filter.kind.map(|k| k.key()))
            .bind(&filter.province)
            .bind(filter.status.map(|s| s.key()))
            .bind(&filter.organisation)
            .bind(&filter.source)
            .fetch_one(&self.pool)
            .await?)
    }

    /// A page of practices matching `filter`, most recently updated first, with the total count.
    pub async fn practices(
        &self,
        filter: &PracticeFilter,
        page: PageRequest,
    ) -> Result<(Vec<Practice>, i64)> {
        let total = self.count_practices(filter).await?;
        let mut conn = self.pool.acquire().await?;
        let kind = filter.kind.map(|k| k.key());
        let status = filter.status.map(|s| s.key());
        let ids: Vec<i64> = sqlx::query_scalar(&format!(
            "SELECT p.id {FILTER_SQL} ORDER BY p.updated_at DESC, p.id DESC LIMIT $7 OFFSET $8"
        ))
        .bind(&filter.theme)
        .bind(kind)
        .bind(&filter.province)
        .bind(status)
        .bind(&filter.organisation)
        .bind(&filter.source)
        .bind(i64::from(page.per_page))
        .bind(page.offset())
        .fetch_all(&mut *conn)
        .await?;
        Ok((load_many(&mut conn, &ids).await?, total))
    }

    /// Practices sharing the most themes with `practice`, then the same owner kind; at most `limit`.
    pub async fn related_practices(
        &self,
        practice: &Practice,
        limit: i64,
    ) -> Result<Vec<Practice>> {
        let mut conn = self.pool.acquire().await?;
        let ids: Vec<i64> = sqlx::query_scalar(
            "SELECT p.id FROM practices p JOIN organisations o ON o.id = p.owner_id \
             LEFT JOIN practice_themes t ON t.practice_id = p.id AND t.theme IN (SELECT theme FROM practice_themes WHERE practice_id = $1) \
             WHERE p.id <> $1 AND p.review = 'published' GROUP BY p.id \
             HAVING COUNT(t.theme) > 0 OR MAX(CASE WHEN o.id = $2 THEN 1 ELSE 0 END) = 1 \
             ORDER BY COUNT(t.theme) DESC, MAX(CASE WHEN o.kind = $3 THEN 1 ELSE 0 END) DESC, p.updated_at DESC LIMIT $4",
        )
        .bind(practice.id)
        .bind(practice.owner.id)
        .bind(practice.owner.kind.key())
        .bind(limit)
        .fetch_all(&mut *conn)
        .await?;
        load_many(&mut conn, &ids).await
    }

    /// Every published practice, for export, in id order.
    pub async fn all_practices(&self) -> Result<Vec<Practice>> {
        let mut conn = self.pool.acquire().await?;
        let ids: Vec<i64> =
            sqlx::query_scalar("SELECT id FROM practices WHERE review = 'published' ORDER BY id")
                .fetch_all(&mut *conn)
                .await?;
        let mut out = Vec::with_capacity(ids.len());
        for chunk in ids.chunks(BATCH) {
            out.extend(load_many(&mut conn, chunk).await?);
        }
        Ok(out)
    }

    /// Number of practices per theme key.
    pub async fn theme_counts(&self) -> Result<Vec<(String, i64)>> {
        Ok(sqlx::query_as(
            "SELECT t.theme, COUNT(*) FROM practice_themes t JOIN practices p ON p.id = t.practice_id WHERE p.review = 'published' GROUP BY t.theme ORDER BY t.theme",
        )
        .fetch_all(&self.pool)
        .await?)
    }
}
