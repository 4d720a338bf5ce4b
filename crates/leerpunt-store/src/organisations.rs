//! The organisation register: seeding, lookup by code or name, and filtered lists.

use leerpunt_core::paging::PageRequest;
use leerpunt_core::text::{name_key, slugify};
use leerpunt_core::{OrgKind, Organisation};
use sqlx::AnyConnection;

use crate::{changes, now, Result, Store, StoreError};

/// An organisation as it comes from the shipped register or an import.
#[derive(Debug, Clone, serde::Deserialize, serde::Serialize, PartialEq)]
pub struct OrgSeed {
    pub code: String,
    pub kind: OrgKind,
    pub name: String,
    #[serde(default)]
    pub name_en: Option<String>,
    #[serde(default)]
    pub province: Option<String>,
    #[serde(default)]
    pub website: Option<String>,
    /// `|`-separated alternative names.
    #[serde(default)]
    pub aliases: Option<String>,
}

#[derive(sqlx::FromRow)]
pub(crate) struct OrgRow {
    id: i64,
    code: String,
    kind: String,
    name: String,
    name_en: Option<String>,
    province: Option<String>,
    website: Option<String>,
    aliases: String,
}

impl OrgRow {
    pub(crate) fn into_domain(self) -> Result<Organisation> {
        Ok(Organisation {
            id: self.id,
            kind: self.kind.parse()?,
            code: self.code,
            name: self.name,
            name_en: self.name_en.filter(|s| !s.is_empty()),
            province: self.province.filter(|s| !s.is_empty()),
            website: self.website.filter(|s| !s.is_empty()),
            aliases: self
                .aliases
                .split('|')
                .filter(|s| !s.is_empty())
                .map(str::to_owned)
                .collect(),
        })
    }
}

pub(crate) const ORG_COLUMNS: &str =
    "o.id, o.code, o.kind, o.name, o.name_en, o.province, o.website, o.aliases";

/// Filters for the organisation list.
#[derive(Debug, Clone, Default)]
pub struct OrgFilter {
    pub kind: Option<OrgKind>,
    pub province: Option<String>,
    /// Only organisations that own or take part in at least one practice.
    pub with_practices: bool,
}

fn blank_to_none(s: &Option<String>) -> Option<&str> {
    s.as_deref().map(str::trim).filter(|s| !s.is_empty())
}

/// Inserts or updates a register entry by code, and (re)indexes its names for matching.
pub(crate) async fn upsert(conn: &mut AnyConnection, seed: &OrgSeed) -> Result<(i64, bool)> {
    let ts = now();
    let existing: Option<i64> = sqlx::query_scalar("SELECT id FROM organisations WHERE code = $1")
        .bind(&seed.code)
        .fetch_optional(&mut *conn)
        .await?;
    let aliases = seed.aliases.clone().unwrap_or_default();
    let (id, created) = match existing {
        Some(id) => {
            sqlx::query(
                "UPDATE organisations SET kind = $1, name = $2, name_en = $3, province = $4, website = $5, aliases = $6, updated_at = $7 WHERE id = $8",
            )
            .bind(seed.kind.key())
            .bind(seed.name.trim())
            .bind(blank_to_none(&seed.name_en))
            .bind(blank_to_none(&seed.province))
            .bind(blank_to_none(&seed.website))
            .bind(&aliases)
            .bind(&ts)
            .bind(id)
            .execute(&mut *conn)
            .await?;
            (id, false)
        }
        None => {
            let id: i64 = sqlx::query_scalar(
                "INSERT INTO organisations (code, kind, name, name_en, province, website, aliases, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8) RETURNING id",
            )
            .bind(seed.code.trim())
            .bind(seed.kind.key())
            .bind(seed.name.trim())
            .bind(blank_to_none(&seed.name_en))
            .bind(blank_to_none(&seed.province))
            .bind(blank_to_none(&seed.website))
            .bind(&aliases)
            .bind(&ts)
            .fetch_one(&mut *conn)
            .await?;
            (id, true)
        }
    };
    for name in std::iter::once(seed.name.as_str()).chain(aliases.split('|')) {
        let key = name_key(name);
        if !key.is_empty() {
            sqlx::query("INSERT INTO organisation_names (name_key, organisation_id) VALUES ($1, $2) ON CONFLICT (name_key) DO NOTHING")
                .bind(key)
                .bind(id)
                .execute(&mut *conn)
                .await?;
        }
    }
    changes::record(
        conn,
        "organisation",
        id,
        if created { "create" } else { "update" },
    )
    .await?;
    Ok((id, created))
}

pub(crate) async fn id_by_code(conn: &mut AnyConnection, code: &str) -> Result<Option<i64>> {
    Ok(
        sqlx::query_scalar("SELECT id FROM organisations WHERE code = $1")
            .bind(code)
            .fetch_optional(conn)
            .await?,
    )
}

/// Finds an organisation by its name or one of its aliases (normalised).
pub(crate) async fn code_by_name(conn: &mut AnyConnection, name: &str) -> Result<Option<String>> {
    Ok(sqlx::query_scalar(
        "SELECT o.code FROM organisation_names n JOIN organisations o ON o.id = n.organisation_id WHERE n.name_key = $1",
    )
    .bind(name_key(name))
    .fetch_optional(conn)
    .await?)
}

/// Creates an organisation of kind "other" for a name the register does not know; returns its code.
pub(crate) async fn create_other(conn: &mut AnyConnection, name: &str) -> Result<String> {
    let base = {
        let mut s = slugify(name);
        s.truncate(60);
        format!("X-{}", s.trim_end_matches('-'))
    };
    let mut code = base.clone();
    let mut n = 2;
    while id_by_code(conn, &code).await?.is_some() {
        code = format!("{base}-{n}");
        n += 1;
    }
    let seed = OrgSeed {
        code: code.clone(),
        kind: OrgKind::Other,
        name: name.trim().to_owned(),
        name_en: None,
        province: None,
        website: None,
        aliases: None,
    };
    upsert(conn, &seed).await?;
    Ok(code)
}

impl Store {
    /// The codes and populations of the organisations of `kind` whose profile gives one, by code.
    pub async fn populations(&self, kind: OrgKind) -> Result<Vec<(String, i64)>> {
        Ok(sqlx::query_as(
            "SELECT code, population FROM organisations \
             WHERE kind = $1 AND population IS NOT NULL ORDER BY code",
        )
        .bind(kind.key())
        .fetch_all(&self.pool)
        .await?)
    }

    /// One organisation by its code.
    pub async fn organisation(&self, code: &str) -> Result<Organisation> {
        let sql = format!("SELECT {ORG_COLUMNS} FROM organisations o WHERE o.code = $1");
        let row: Option<OrgRow> = sqlx::query_as(&sql)
            .bind(code)
            .fetch_optional(&self.pool)
            .await?;
        row.ok_or_else(|| StoreError::NotFound(format!("organisation {code}")))?
            .into_domain()
    }

    /// Finds the code of the organisation known by `name` (or an alias).
    pub async fn organisation_code_by_name(&self, name: &str) -> Result<Option<String>> {
        let mut conn = self.pool.acquire().await?;
        code_by_name(&mut conn, name).await
    }

    /// A page of organisations, ordered by name, with the total count.
    pub async fn organisations(
        &self,
        filter: &OrgFilter,
        page: PageRequest,
    ) -> Result<(Vec<Organisation>, i64)> {
        let mut wheres = vec![
            "($1 IS NULL OR o.kind = $1)",
            "($2 IS NULL OR o.province = $2)",
        ];
        if filter.with_practices {
            wheres.push("(EXISTS (SELECT 1 FROM practices p WHERE p.owner_id = o.id AND p.review = 'published') OR EXISTS (SELECT 1 FROM practice_partners pp JOIN practices pr ON pr.id = pp.practice_id WHERE pp.organisation_id = o.id AND pr.review = 'published'))");
        }
        let where_sql = wheres.join(" AND ");
        let kind = filter.kind.map(|k| k.key());
        let total: i64 = sqlx::query_scalar(&format!(
            "SELECT COUNT(*) FROM organisations o WHERE {where_sql}"
        ))
        .bind(kind)
        .bind(&filter.province)
        .fetch_one(&self.pool)
        .await?;
        let sql = format!("SELECT {ORG_COLUMNS} FROM organisations o WHERE {where_sql} ORDER BY o.name LIMIT $3 OFFSET $4");
        let rows: Vec<OrgRow> = sqlx::query_as(&sql)
            .bind(kind)
            .bind(&filter.province)
            .bind(i64::from(page.per_page))
            .bind(page.offset())
            .fetch_all(&self.pool)
            .await?;
        let orgs = rows
            .into_iter()
            .map(OrgRow::into_domain)
            .collect::<Result<Vec<_>>>()?;
        Ok((orgs, total))
    }

    /// Every organisation, for export.
    pub async fn all_organisations(&self) -> Result<Vec<Organisation>> {
        let rows: Vec<OrgRow> = sqlx::query_as(&format!(
            "SELECT {ORG_COLUMNS} FROM organisations o ORDER BY o.code"
        ))
        .fetch_all(&self.pool)
        .await?;
        rows.into_iter().map(OrgRow::into_domain).collect()
    }

    /// The number of practices each organisation owns, keyed by organisation id (one query).
    pub async fn practice_counts(
        &self,
        ids: &[i64],
    ) -> Result<std::collections::HashMap<i64, i64>> {
        let mut out: std::collections::HashMap<i64, i64> = ids.iter().map(|id| (*id, 0)).collect();
        if ids.is_empty() {
            return Ok(out);
        }
        let mut q = sqlx::QueryBuilder::new(
            "SELECT owner_id, COUNT(*) FROM practices WHERE review = 'published' AND owner_id IN ",
        );
        crate::practices::push_ids(&mut q, ids);
        q.push(" GROUP BY owner_id");
        for (id, n) in q
            .build_query_as::<(i64, i64)>()
            .fetch_all(&self.pool)
            .await?
        {
            out.insert(id, n);
        }
        Ok(out)
    }

    /// Inserts or updates register entries in one transaction; returns (created, updated).
    pub async fn upsert_organisations(&self, seeds: &[OrgSeed]) -> Result<(usize, usize)> {
        let mut tx = self.write_tx().await?;
        let (mut created, mut updated) = (0, 0);
        for seed in seeds {
            if upsert(&mut tx, seed).await?.1 {
                created += 1;
            } else {
                updated += 1;
            }
        }
        tx.commit().await?;
        Ok((created, updated))
    }
}
