//! The engine boundary: what SQLite and PostgreSQL do differently — connecting, taking turns to
//! write, listing tables — decided here so every other store file writes its SQL once.

use std::borrow::Cow;
use std::fmt;
use std::path::{Path, PathBuf};
use std::time::Duration;

use sqlx::any::AnyPoolOptions;
use sqlx::{AnyPool, Executor};

use crate::{Result, StoreError};

/// The engines a store runs on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Engine {
    /// One file beside the instance: the embedded default, for one instance.
    Sqlite,
    /// A PostgreSQL server that any number of instances share.
    Postgres,
}

impl Engine {
    /// The engine's name as people write it.
    pub fn name(self) -> &'static str {
        match self {
            Self::Sqlite => "SQLite",
            Self::Postgres => "PostgreSQL",
        }
    }
}

/// Where the database is: the `database_url` setting.
#[derive(Clone, PartialEq, Eq)]
pub enum DatabaseUrl {
    /// An SQLite database file.
    Sqlite(PathBuf),
    /// A PostgreSQL connection URL (`postgres://user@host:port/database?…`).
    Postgres(String),
}

impl DatabaseUrl {
    /// Reads the setting: `postgres://…` or `postgresql://…`, `sqlite://PATH` or `sqlite:PATH`,
    /// or a plain path to an SQLite file.
    pub fn parse(s: &str) -> Result<Self> {
        let s = s.trim();
        if s.is_empty() {
            return Err(StoreError::Data("the database URL is empty".to_owned()));
        }
        if s.starts_with("postgres://") || s.starts_with("postgresql://") {
            return Ok(Self::Postgres(s.to_owned()));
        }
        if let Some(rest) = s
            .strip_prefix("sqlite://")
            .or_else(|| s.strip_prefix("sqlite:"))
        {
            let path = rest.split('?').next().unwrap_or_default();
            if path.is_empty() {
                return Err(StoreError::Data(format!(
                    "the database URL {s} names no file"
                )));
            }
            return Ok(Self::Sqlite(PathBuf::from(path)));
        }
        if let Some((scheme, _)) = s.split_once("://") {
            return Err(StoreError::Data(format!(
                "unknown database engine {scheme:?}: use sqlite://PATH, a file path or postgres://…"
            )));
        }
        Ok(Self::Sqlite(PathBuf::from(s)))
    }

    /// The engine this URL names.
    pub fn engine(&self) -> Engine {
        match self {
            Self::Sqlite(_) => Engine::Sqlite,
            Self::Postgres(_) => Engine::Postgres,
        }
    }

    /// The URL with any password replaced by `***`, for logs and messages.
    pub fn redacted(&self) -> String {
        match self {
            Self::Sqlite(path) => format!("sqlite://{}", path.display()),
            Self::Postgres(url) => redact(url),
        }
    }
}

impl fmt::Debug for DatabaseUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.redacted())
    }
}

impl fmt::Display for DatabaseUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.redacted())
    }
}

/// `postgres://user:secret@host/db` → `postgres://user:***@host/db`.
fn redact(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else {
        return url.to_owned();
    };
    let (authority, tail) = match rest.find('/') {
        Some(i) => rest.split_at(i),
        None => (rest, ""),
    };
    match authority.rsplit_once('@') {
        Some((userinfo, host)) => {
            let user = userinfo.split(':').next().unwrap_or_default();
            let masked = if userinfo.contains(':') {
                format!("{user}:***")
            } else {
                user.to_owned()
            };
            format!("{scheme}://{masked}@{host}{tail}")
        }
        None => url.to_owned(),
    }
}

/// How long a request waits for a free connection before it is told the database is away.
pub const ACQUIRE_TIMEOUT: Duration = Duration::from_secs(3);

/// The key of the advisory lock every PostgreSQL write transaction takes ("LEERPUNT" in ASCII).
const WRITE_LOCK: i64 = 0x4c45_4552_5055_4e54;

pub(crate) async fn connect(url: &DatabaseUrl) -> Result<(AnyPool, Engine)> {
    sqlx::any::install_default_drivers();
    match url {
        DatabaseUrl::Sqlite(path) => {
            if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
                std::fs::create_dir_all(parent).map_err(|source| StoreError::DataDir {
                    path: parent.to_owned(),
                    source,
                })?;
            }
            let pool = AnyPoolOptions::new()
                .max_connections(8)
                .acquire_timeout(Duration::from_secs(10))
                .after_connect(|conn, _| {
                    Box::pin(async move {
                        // WAL: readers never wait for the writer; FULL: a commit is on disk when
                        // it returns; writers queue for up to ten seconds.
                        conn.execute(
                            "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; \
                             PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 10000;",
                        )
                        .await?;
                        Ok(())
                    })
                })
                .connect(&sqlite_url(path))
                .await?;
            Ok((pool, Engine::Sqlite))
        }
        DatabaseUrl::Postgres(url) => {
            let pool = AnyPoolOptions::new()
                .max_connections(16)
                .min_connections(0)
                .acquire_timeout(ACQUIRE_TIMEOUT)
                .test_before_acquire(true)
                .connect(url)
                .await?;
            Ok((pool, Engine::Postgres))
        }
    }
}

/// The sqlx URL of an SQLite file, created when missing.
fn sqlite_url(path: &Path) -> String {
    let mut encoded = String::new();
    for ch in path.to_string_lossy().chars() {
        match ch {
            '%' | '?' | '#' | ' ' | '"' | '<' | '>' | '`' | '{' | '}' => {
                let mut buf = [0u8; 4];
                for b in ch.encode_utf8(&mut buf).bytes() {
                    encoded.push_str(&format!("%{b:02X}"));
                }
            }
            _ => encoded.push(ch),
        }
    }
    format!("sqlite://{encoded}?mode=rwc")
}

pub(crate) async fn write_tx(
    pool: &AnyPool,
    engine: Engine,
) -> Result<sqlx::Transaction<'static, sqlx::Any>> {
    match engine {
        Engine::Sqlite => Ok(pool.begin_with("BEGIN IMMEDIATE").await?),
        Engine::Postgres => {
            let mut tx = pool.begin().await?;
            sqlx::query("SELECT pg_advisory_xact_lock($1)")
                .bind(WRITE_LOCK)
                .execute(&mut *tx)
                .await?;
            Ok(tx)
        }
    }
}

pub(crate) async fn read_tx(
    pool: &AnyPool,
    engine: Engine,
) -> Result<sqlx::Transaction<'static, sqlx::Any>> {
    let begin: Cow<'static, str> = match engine {
        Engine::Sqlite => "BEGIN".into(),
        Engine::Postgres => "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY".into(),
    };
    Ok(pool.begin_with(begin).await?)
}

/// The application's tables, by name (migration records and the engine's own tables left out).
pub(crate) async fn tables(pool: &AnyPool, engine: Engine) -> Result<Vec<String>> {
    let sql = match engine {
        Engine::Sqlite => {
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' \
             AND name <> '_sqlx_migrations' ORDER BY name"
        }
        Engine::Postgres => {
            "SELECT CAST(table_name AS TEXT) FROM information_schema.tables \
             WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' \
             AND table_name <> '_sqlx_migrations' ORDER BY 1"
        }
    };
    Ok(sqlx::query_scalar(sql).fetch_all(pool).await?)
}

/// A name quoted as an SQL identifier (both engines use double quotes).
pub(crate) fn quote(name: &str) -> String {
    format!("\"{}\"", name.replace('"', "\"\""))
}

/// Whether an error means the database could not be reached (as opposed to a bad query): the
/// web layer answers these with 503 and Retry-After.
pub fn is_unavailable(err: &sqlx::Error) -> bool {
    match err {
        sqlx::Error::PoolTimedOut | sqlx::Error::PoolClosed | sqlx::Error::Io(_) => true,
        sqlx::Error::Tls(_) => true,
        sqlx::Error::Protocol(_) => true,
        sqlx::Error::Database(db) => {
            // PostgreSQL shutting down, starting up or refusing connections (class 57, 08).
            db.code()
                .is_some_and(|c| c.starts_with("57P") || c.starts_with("08"))
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_are_read_and_redacted() {
        assert_eq!(
            DatabaseUrl::parse("data/leerpunt.db").unwrap(),
            DatabaseUrl::Sqlite(PathBuf::from("data/leerpunt.db"))
        );
        assert_eq!(
            DatabaseUrl::parse("sqlite:///srv/l.db?mode=rwc").unwrap(),
            DatabaseUrl::Sqlite(PathBuf::from("/srv/l.db"))
        );
        let pg = DatabaseUrl::parse("postgres://app:geheim@db:5432/leerpunt").unwrap();
        assert_eq!(pg.engine(), Engine::Postgres);
        assert_eq!(pg.redacted(), "postgres://app:***@db:5432/leerpunt");
        assert!(!format!("{pg:?}").contains("geheim"));
        assert!(DatabaseUrl::parse("mysql://x/y").is_err());
        assert!(DatabaseUrl::parse(" ").is_err());
        assert!(DatabaseUrl::parse("sqlite://").is_err());
    }

    #[test]
    fn sqlite_paths_are_escaped() {
        assert_eq!(
            sqlite_url(Path::new("/tmp/a b?#.db")),
            "sqlite:///tmp/a%20b%3F%23.db?mode=rwc"
        );
    }
}
