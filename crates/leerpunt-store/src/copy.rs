//! Moving a whole database between stores — SQLite to PostgreSQL, or PostgreSQL into an SQLite
//! backup file — table by table, parents before children, each table in one transaction, and
//! checked by counting rows on both sides at the end.

use std::collections::{BTreeMap, BTreeSet};

use sqlx::any::AnyTypeInfoKind;
use sqlx::{Column, Row, ValueRef};

use crate::engine::{self, quote};
use crate::{Engine, Result, Store, StoreError};

/// Rows written per INSERT statement at most (fewer for wide tables: parameters stay far below
/// both engines' limits).
const BATCH_PARAMS: usize = 4_000;

/// Where a copy stands, for a progress bar.
#[derive(Clone, Debug)]
pub struct CopyProgress<'a> {
    /// The table being copied.
    pub table: &'a str,
    /// Rows copied so far, over all tables.
    pub rows_done: u64,
    /// Rows to copy, over all tables.
    pub rows_total: u64,
}

/// What a finished copy moved: every table with its row count, equal on both sides.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CopyReport {
    pub tables: Vec<(String, i64)>,
}

impl CopyReport {
    /// Rows copied over all tables.
    pub fn rows(&self) -> i64 {
        self.tables.iter().map(|(_, n)| n).sum()
    }
}

/// The kind of value a target column takes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    Integer,
    Float,
    Text,
    Bytes,
}

impl Store {
    /// Copies every row of `self` into `target`, which must be empty (freshly migrated). The
    /// source is read in one consistent view; each table is written in one transaction on the
    /// target, parents before children. At the end both sides' row counts must agree; on
    /// PostgreSQL the generated keys then continue after the copied ones.
    pub async fn copy_into(
        &self,
        target: &Store,
        mut progress: impl FnMut(CopyProgress<'_>),
    ) -> Result<CopyReport> {
        let occupied: Vec<(String, i64)> = target
            .table_counts()
            .await?
            .into_iter()
            .filter(|(_, n)| *n > 0)
            .collect();
        if let Some((table, n)) = occupied.first() {
            return Err(StoreError::Conflict(format!(
                "data in the target database ({table} has {n} rows, {} tables hold rows); \
                 copy into an empty database",
                occupied.len()
            )));
        }
        let tables = engine::tables(&self.pool, self.engine).await?;
        let target_tables: BTreeSet<String> = engine::tables(&target.pool, target.engine)
            .await?
            .into_iter()
            .collect();
        if let Some(missing) = tables.iter().find(|t| !target_tables.contains(*t)) {
            return Err(StoreError::Data(format!(
                "the target database has no table {missing}: are both at the same version?"
            )));
        }
        let order = parents_first(&tables, &foreign_keys(self).await?)?;

        let mut src = self.read_tx().await?;
        let mut totals = BTreeMap::new();
        for table in &order {
            let n: i64 = sqlx::query_scalar(&format!("SELECT COUNT(*) FROM {}", quote(table)))
                .fetch_one(&mut *src)
                .await?;
            totals.insert(table.clone(), n);
        }
        let rows_total: u64 = totals.values().map(|n| *n as u64).sum();
        let mut rows_done = 0u64;
        for table in &order {
            progress(CopyProgress {
                table,
                rows_done,
                rows_total,
            });
            let kinds = column_kinds(target, table).await?;
            let order_by = key_columns(self, table).await?;
            let select = format!(
                "SELECT * FROM {}{}",
                quote(table),
                if order_by.is_empty() {
                    String::new()
                } else {
                    format!(
                        " ORDER BY {}",
                        order_by
                            .iter()
                            .map(|c| quote(c))
                            .collect::<Vec<_>>()
                            .join(", ")
                    )
                }
            );
            let rows = sqlx::query(&select).fetch_all(&mut *src).await?;
            let mut out = target.pool.begin().await?;
            if let Some(first) = rows.first() {
                let columns: Vec<String> = first
                    .columns()
                    .iter()
                    .map(|c| c.name().to_owned())
                    .collect();
                let per_batch = (BATCH_PARAMS / columns.len().max(1)).max(1);
                for chunk in rows.chunks(per_batch) {
                    insert_batch(&mut out, table, &columns, &kinds, chunk).await?;
                    rows_done += chunk.len() as u64;
                    progress(CopyProgress {
                        table,
                        rows_done,
                        rows_total,
                    });
                }
            }
            out.commit().await?;
        }
        src.commit().await?;
        if target.engine == Engine::Postgres {
            continue_identities(target).await?;
        }

        let source_counts = self.table_counts().await?;
        let target_counts: BTreeMap<String, i64> =
            target.table_counts().await?.into_iter().collect();
        for (table, n) in &source_counts {
            let copied = target_counts.get(table).copied().unwrap_or_default();
            if copied != *n {
                return Err(StoreError::Data(format!(
                    "{table}: {n} rows in the source, {copied} in the target"
                )));
            }
        }
        Ok(CopyReport {
            tables: source_counts,
        })
    }
}

/// (child table, parent table) for every foreign key between two different tables.
async fn foreign_keys(store: &Store) -> Result<Vec<(String, String)>> {
    let sql = match store.engine {
        Engine::Sqlite => {
            "SELECT m.name, f.\"table\" FROM sqlite_master m, pragma_foreign_key_list(m.name) f \
             WHERE m.type = 'table'"
        }
        Engine::Postgres => {
            "SELECT CAST(c.conrelid::regclass AS TEXT), CAST(c.confrelid::regclass AS TEXT) \
             FROM pg_constraint c JOIN pg_namespace n ON n.oid = c.connamespace \
             WHERE c.contype = 'f' AND n.nspname = current_schema()"
        }
    };
    let pairs: Vec<(String, String)> = sqlx::query_as(sql).fetch_all(&store.pool).await?;
    Ok(pairs
        .into_iter()
        .map(|(a, b)| (unquote(&a), unquote(&b)))
        .filter(|(a, b)| a != b)
        .collect())
}

fn unquote(name: &str) -> String {
    name.trim_matches('"').to_owned()
}

/// The tables ordered so every table comes after the tables it refers to.
fn parents_first(tables: &[String], keys: &[(String, String)]) -> Result<Vec<String>> {
    let mut parents: BTreeMap<&str, BTreeSet<&str>> = tables
        .iter()
        .map(|t| (t.as_str(), BTreeSet::new()))
        .collect();
    for (child, parent) in keys {
        if let (Some(set), true) = (
            parents.get_mut(child.as_str()),
            tables.iter().any(|t| t == parent),
        ) {
            set.insert(parent.as_str());
        }
    }
    let mut order: Vec<String> = Vec::with_capacity(tables.len());
    let mut placed: BTreeSet<&str> = BTreeSet::new();
    while placed.len() < tables.len() {
        let ready: Vec<&str> = parents
            .iter()
            .filter(|(t, ps)| !placed.contains(*t) && ps.iter().all(|p| placed.contains(p)))
            .map(|(t, _)| *t)
            .collect();
        if ready.is_empty() {
            let stuck: Vec<&str> = parents
                .keys()
                .filter(|t| !placed.contains(*t))
                .copied()
                .collect();
            return Err(StoreError::Data(format!(
                "the tables {} refer to each other in a circle",
                stuck.join(", ")
            )));
        }
        for t in ready {
            placed.insert(t);
            order.push(t.to_owned());
        }
    }
    Ok(order)
}

/// The kinds of value each column of `table` on `store` takes, by column name.
async fn column_kinds(store: &Store, table: &str) -> Result<BTreeMap<String, Kind>> {
    let rows: Vec<(String, String)> = match store.engine {
        Engine::Sqlite => {
            sqlx::query_as("SELECT name, type FROM pragma_table_info($1)")
                .bind(table)
                .fetch_all(&store.pool)
                .await?
        }
        Engine::Postgres => {
            sqlx::query_as(
                "SELECT CAST(column_name AS TEXT), CAST(data_type AS TEXT) \
                 FROM information_schema.columns \
                 WHERE table_schema = current_schema() AND table_name = $1",
            )
            .bind(table)
            .fetch_all(&store.pool)
            .await?
        }
    };
    Ok(rows
        .into_iter()
        .map(|(name, ty)| {
            let ty = ty.to_ascii_lowercase();
            let kind = if ty.contains("int") {
                Kind::Integer
            } else if ty.contains("real") || ty.contains("double") || ty.contains("float") {
                Kind::Float
            } else if ty.contains("blob") || ty.contains("bytea") {
                Kind::Bytes
            } else {
                Kind::Text
            };
            (name, kind)
        })
        .collect())
}

/// The primary key's columns (the order rows are copied in, so rows that refer to earlier rows
/// of the same table — replies to posts — come after them).
async fn key_columns(store: &Store, table: &str) -> Result<Vec<String>> {
    Ok(match store.engine {
        Engine::Sqlite => {
            sqlx::query_scalar("SELECT name FROM pragma_table_info($1) WHERE pk > 0 ORDER BY pk")
                .bind(table)
                .fetch_all(&store.pool)
                .await?
        }
        Engine::Postgres => {
            sqlx::query_scalar(
                "SELECT CAST(a.attname AS TEXT) FROM pg_index i \
                 JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY(i.indkey) \
                 WHERE i.indrelid = CAST($1 AS regclass) AND i.indisprimary ORDER BY a.attnum",
            )
            .bind(quote(table))
            .fetch_all(&store.pool)
            .await?
        }
    })
}

async fn insert_batch(
    tx: &mut sqlx::Transaction<'static, sqlx::Any>,
    table: &str,
    columns: &[String],
    kinds: &BTreeMap<String, Kind>,
    rows: &[sqlx::any::AnyRow],
) -> Result<()> {
    let mut sql = format!(
        "INSERT INTO {} ({}) VALUES ",
        quote(table),
        columns
            .iter()
            .map(|c| quote(c))
            .collect::<Vec<_>>()
            .join(", ")
    );
    let mut n = 0;
    for (r, _) in rows.iter().enumerate() {
        if r > 0 {
            sql.push_str(", ");
        }
        sql.push('(');
        for c in 0..columns.len() {
            if c > 0 {
                sql.push_str(", ");
            }
            n += 1;
            sql.push_str(&format!("${n}"));
        }
        sql.push(')');
    }
    let mut query = sqlx::query(&sql);
    for row in rows {
        for (i, name) in columns.iter().enumerate() {
            let kind = kinds.get(name).copied().ok_or_else(|| {
                StoreError::Data(format!("the target's {table} has no column {name}"))
            })?;
            let raw = row.try_get_raw(i)?;
            let null = raw.is_null();
            let is_bool = raw.type_info().kind() == AnyTypeInfoKind::Bool;
            query = match kind {
                Kind::Integer if null => query.bind(None::<i64>),
                Kind::Integer if is_bool => query.bind(i64::from(row.try_get::<bool, _>(i)?)),
                Kind::Integer => query.bind(row.try_get::<i64, _>(i)?),
                Kind::Float if null => query.bind(None::<f64>),
                Kind::Float => query.bind(row.try_get::<f64, _>(i)?),
                Kind::Text if null => query.bind(None::<String>),
                Kind::Text => query.bind(row.try_get::<String, _>(i)?),
                Kind::Bytes if null => query.bind(None::<Vec<u8>>),
                Kind::Bytes => query.bind(row.try_get::<Vec<u8>, _>(i)?),
            };
        }
    }
    query.execute(&mut **tx).await?;
    Ok(())
}

/// Sets every identity column's sequence past the largest key copied in.
async fn continue_identities(store: &Store) -> Result<()> {
    let identities: Vec<(String, String)> = sqlx::query_as(
        "SELECT CAST(table_name AS TEXT), CAST(column_name AS TEXT) FROM information_schema.columns \
         WHERE table_schema = current_schema() AND is_identity = 'YES'",
    )
    .fetch_all(&store.pool)
    .await?;
    for (table, column) in identities {
        sqlx::query(&format!(
            "SELECT CAST(setval(pg_get_serial_sequence($1, $2), \
             COALESCE((SELECT MAX({c}) FROM {t}), 0) + 1, false) AS BIGINT)",
            c = quote(&column),
            t = quote(&table)
        ))
        .bind(quote(&table))
        .bind(&column)
        .execute(&store.pool)
        .await?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parents_come_first_and_circles_are_refused() {
        let tables: Vec<String> = ["posts", "topics", "users", "organisations"]
            .map(String::from)
            .to_vec();
        let keys = vec![
            ("posts".to_owned(), "topics".to_owned()),
            ("posts".to_owned(), "users".to_owned()),
            ("users".to_owned(), "organisations".to_owned()),
        ];
        let order = parents_first(&tables, &keys).unwrap();
        let at = |t: &str| order.iter().position(|o| o == t).unwrap();
        assert!(at("topics") < at("posts"));
        assert!(at("users") < at("posts"));
        assert!(at("organisations") < at("users"));
        assert_eq!(order.len(), 4);
        let circle = vec![
            ("users".to_owned(), "posts".to_owned()),
            ("posts".to_owned(), "users".to_owned()),
        ];
        assert!(parents_first(&tables, &circle).is_err());
    }
}
