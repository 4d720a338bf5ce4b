//! Leerpunt's storage: the database is the source of truth, reached only through this crate.
//!
//! Two engines behind one set of store functions (sqlx's `Any` driver): SQLite (one file, WAL,
//! foreign keys on), the embedded default, and PostgreSQL, which several instances share. SQL is
//! written once in the dialect both understand (`$n` parameters, TEXT timestamps, integer flags);
//! what differs — transactions, backups, schema queries — is decided in `engine.rs`. Each engine
//! has its own migration history, embedded and applied at open.

mod accounts;
mod agenda;
mod analyses;
mod audit;
mod challenges;
mod changes;
mod communities;
mod computations;
mod contributions;
mod copy;
mod dashboard;
mod engine;
mod events;
mod helpdesk;
mod labs;
mod meetings;
mod network;
mod news;
mod organisations;
mod outbox;
mod people;
mod practices;
pub mod scratch;
mod search_feed;
pub mod seed;
mod stepplan;
mod vectors;
mod zelfscan;

use std::path::{Path, PathBuf};

use sqlx::AnyPool;

pub use accounts::{
    constant_time_eq, random_token, token_hash, ApiToken, EmailPurpose, Login, PasswordCost,
    Session, User, API_TOKEN_PREFIX, SESSION_DAYS,
};
pub use agenda::{CommitmentFilter, DEMO_AGENDA_TOML};
pub use analyses::{Analysis, NewAnalysis};
pub use audit::{AuditEntry, Origin};
pub use challenges::DEMO_CHALLENGES_TOML;
pub use changes::{Change, Reach};
pub use communities::{MentionLink, MentionMailer};
pub use computations::{Computation, ComputationSummary, Consent, Decision, Report};
pub use contributions::Revision;
pub use copy::{CopyProgress, CopyReport};
pub use engine::{is_unavailable, DatabaseUrl, Engine, ACQUIRE_TIMEOUT};
pub use events::{EventFilter, PromotionMail, ReminderDue, DEMO_EVENTS_TOML};
pub use helpdesk::{DigestDue, Follower, NewsItem, QuestionFilter};
pub use labs::DEMO_LABS_TOML;
pub use meetings::{demo_meetings, MeetingFilter, DEMO_MEETINGS_TOML};
pub use network::{MapCounts, MapOrganisation};
pub use news::{today as news_today, DEMO_NEWS_TOML};
pub use organisations::{OrgFilter, OrgSeed};
pub use outbox::{Mail, OutgoingMail, MAIL_LEASE_SECS, MAX_ATTEMPTS as MAX_MAIL_ATTEMPTS};
pub use practices::{PracticeFilter, Upserted};
pub use search_feed::{NetworkIds, SearchCommunity, SearchQuestion, SearchTopic, SimilarWork};
pub use stepplan::{StepPlanInfo, StepPlanVersion};
pub use vectors::PracticeVector;
pub use zelfscan::{
    days_before_today, demo_zelfscan, Assessment, LatestSubmission, ZelfscanSettings,
    DEMO_ZELFSCAN_TOML,
};

/// The database file name inside the data directory.
pub const DB_FILE: &str = "leerpunt.db";

/// Errors of the storage layer.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// A unique constraint was hit; the string names what already exists.
    #[error("{0} already exists")]
    Conflict(String),
    /// The referenced row does not exist.
    #[error("{0} not found")]
    NotFound(String),
    /// Input broke a domain rule.
    #[error(transparent)]
    Invalid(#[from] leerpunt_core::CoreError),
    /// Shipped or imported data could not be read.
    #[error("bad data: {0}")]
    Data(String),
    #[error("could not create data directory {path}: {source}")]
    DataDir {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("database migration failed: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
    #[error("database error: {0}")]
    Db(#[from] sqlx::Error),
}

impl StoreError {
    /// Whether the database could not be reached (as opposed to a bad query or bad data): worth
    /// a 503 and a retry, not a 500.
    pub fn is_unavailable(&self) -> bool {
        match self {
            StoreError::Db(e) => engine::is_unavailable(e),
            StoreError::Migrate(sqlx::migrate::MigrateError::Execute(e)) => {
                engine::is_unavailable(e)
            }
            _ => false,
        }
    }
}

/// Maps a named unique-constraint violation to [`StoreError::Conflict`].
pub(crate) fn conflict_on(err: sqlx::Error, what: impl FnOnce() -> String) -> StoreError {
    match &err {
        sqlx::Error::Database(db) if db.is_unique_violation() => StoreError::Conflict(what()),
        _ => StoreError::Db(err),
    }
}

/// The values of a `GROUP_CONCAT(…)` column (themes of a row, say), sorted; none when NULL.
pub(crate) fn concat_list(concat: Option<String>) -> Vec<String> {
    let mut values: Vec<String> = concat
        .unwrap_or_default()
        .split(',')
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
        .collect();
    values.sort();
    values
}

pub type Result<T, E = StoreError> = std::result::Result<T, E>;

/// The current time as an RFC 3339 UTC timestamp, the format of every `*_at` column.
pub(crate) fn now() -> String {
    time::OffsetDateTime::now_utc()
        .replace_nanosecond(0)
        .ok()
        .and_then(|t| {
            t.format(&time::format_description::well_known::Rfc3339)
                .ok()
        })
        .unwrap_or_default()
}

/// A handle to the database; cheap to clone.
#[derive(Clone, Debug)]
pub struct Store {
    pool: AnyPool,
    engine: Engine,
    password_cost: PasswordCost,
}

impl Store {
    /// Opens (creating if needed) the SQLite database in `data_dir` and applies pending
    /// migrations.
    pub async fn open(data_dir: &Path) -> Result<Self> {
        std::fs::create_dir_all(data_dir).map_err(|source| StoreError::DataDir {
            path: data_dir.to_owned(),
            source,
        })?;
        Self::open_file(&data_dir.join(DB_FILE)).await
    }

    /// Opens (creating if needed) an SQLite database file and applies pending migrations.
    pub async fn open_file(path: &Path) -> Result<Self> {
        Self::connect(&DatabaseUrl::Sqlite(path.to_owned())).await
    }

    /// Connects to the database `url` names (an SQLite file is created if missing; a PostgreSQL
    /// database must exist) and applies pending migrations — on PostgreSQL under an advisory
    /// lock, so instances that start together migrate once.
    pub async fn connect(url: &DatabaseUrl) -> Result<Self> {
        let (pool, engine) = engine::connect(url).await?;
        match engine {
            Engine::Sqlite => {
                // sqlx takes no lock on SQLite: two processes opening one new file together
                // race per migration, and the loser's transaction fails on what the winner
                // committed. Looking again finds that migration applied and goes on.
                let migrator = sqlx::migrate!("./migrations/sqlite");
                let mut attempt = 0;
                loop {
                    match migrator.run(&pool).await {
                        Ok(()) => break,
                        Err(_) if attempt < 5 => {
                            attempt += 1;
                            tokio::time::sleep(std::time::Duration::from_millis(50 * attempt))
                                .await;
                        }
                        Err(e) => return Err(e.into()),
                    }
                }
            }
            Engine::Postgres => sqlx::migrate!("./migrations/postgres").run(&pool).await?,
        }
        Ok(Self {
            pool,
            engine,
            password_cost: PasswordCost::default(),
        })
    }

    /// Which engine this store runs on.
    pub fn engine(&self) -> Engine {
        self.engine
    }

    /// Sets how expensive new password hashes are (see [`PasswordCost`]).
    pub fn with_password_cost(mut self, cost: PasswordCost) -> Self {
        self.password_cost = cost;
        self
    }

    /// Starts a write transaction. Writers take turns, on every engine: SQLite's
    /// `BEGIN IMMEDIATE` takes the file's write lock at the start (concurrent writers wait for
    /// the busy timeout instead of failing on an upgrade), and on PostgreSQL the transaction
    /// first takes one transaction-scoped advisory lock shared by every instance. So
    /// read-then-write steps (a free slug, the next number, a capacity check) stay correct with
    /// many writers, and change-log numbers become visible in the order they were given out,
    /// which the followers of the log rely on.
    pub(crate) async fn write_tx(&self) -> Result<sqlx::Transaction<'static, sqlx::Any>> {
        engine::write_tx(&self.pool, self.engine).await
    }

    /// Starts a read transaction: one consistent view of the data for several queries.
    pub(crate) async fn read_tx(&self) -> Result<sqlx::Transaction<'static, sqlx::Any>> {
        engine::read_tx(&self.pool, self.engine).await
    }

    /// Checks that the database answers (for `/healthz`).
    pub async fn ping(&self) -> Result<()> {
        sqlx::query("SELECT 1").execute(&self.pool).await?;
        Ok(())
    }

    /// Reads a value from the key/value `meta` table.
    pub async fn meta(&self, key: &str) -> Result<Option<String>> {
        Ok(sqlx::query_scalar("SELECT value FROM meta WHERE key = $1")
            .bind(key)
            .fetch_optional(&self.pool)
            .await?)
    }

    /// Counts shown on the home page: practices, organisations with practices, all organisations.
    pub async fn counts(&self) -> Result<Counts> {
        let practices: i64 =
            sqlx::query_scalar("SELECT COUNT(*) FROM practices WHERE review = 'published'")
                .fetch_one(&self.pool)
                .await?;
        let active: i64 = sqlx::query_scalar(
            "SELECT COUNT(DISTINCT owner_id) FROM practices WHERE review = 'published'",
        )
        .fetch_one(&self.pool)
        .await?;
        let organisations: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM organisations")
            .fetch_one(&self.pool)
            .await?;
        Ok(Counts {
            practices,
            active_organisations: active,
            organisations,
        })
    }

    /// Writes a consistent copy of the whole database to `target`, a new SQLite file, safe while
    /// the server runs. SQLite: `VACUUM INTO` (readers and writers wait no longer than the copy
    /// of one page). PostgreSQL: a logical export into the same format — every table read in one
    /// repeatable-read view and written into a fresh SQLite database of the same schema version —
    /// so one `restore` reads backups of either engine. `progress` follows the export.
    pub async fn backup(
        &self,
        target: &Path,
        progress: impl FnMut(CopyProgress<'_>),
    ) -> Result<()> {
        if target.exists() {
            return Err(StoreError::Conflict(format!(
                "backup file {}",
                target.display()
            )));
        }
        match self.engine {
            Engine::Sqlite => {
                let path = target.to_str().ok_or_else(|| {
                    StoreError::Data(format!("backup path {} is not UTF-8", target.display()))
                })?;
                sqlx::query("VACUUM INTO $1")
                    .bind(path)
                    .execute(&self.pool)
                    .await?;
            }
            Engine::Postgres => {
                let file = Store::open_file(target).await?;
                let mut copied = self.copy_into(&file, progress).await.map(|_| ());
                if copied.is_ok() {
                    // SQLite files run in WAL mode: move every committed page into the file
                    // itself, so the backup is one self-contained file whatever happens to the
                    // `-wal` file beside it when the connections close.
                    copied = file.fold_log().await;
                }
                file.close().await;
                if let Err(e) = copied {
                    let _ = std::fs::remove_file(target);
                    return Err(e);
                }
            }
        }
        Ok(())
    }

    /// Whether `file` is a Leerpunt database (an SQLite file with Leerpunt's migration record and
    /// practices), read without changing it.
    pub async fn is_leerpunt_database(file: &Path) -> Result<bool> {
        use sqlx::sqlite::SqliteConnectOptions;
        use sqlx::ConnectOptions;
        let options = SqliteConnectOptions::new()
            .filename(file)
            .read_only(true)
            .create_if_missing(false);
        let Ok(mut conn) = options.connect().await else {
            return Ok(false);
        };
        let tables: std::result::Result<Vec<String>, sqlx::Error> = sqlx::query_scalar(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name IN ('_sqlx_migrations', 'practices')",
        )
        .fetch_all(&mut conn)
        .await;
        Ok(matches!(tables, Ok(t) if t.len() == 2))
    }

    /// Checks the database page by page (SQLite's `PRAGMA integrity_check`; PostgreSQL checks
    /// its own pages as it reads them); the problems found, if any, as an error.
    pub async fn integrity_check(&self) -> Result<()> {
        if self.engine == Engine::Postgres {
            return Ok(());
        }
        let rows: Vec<String> = sqlx::query_scalar("PRAGMA integrity_check")
            .fetch_all(&self.pool)
            .await?;
        if rows.len() == 1 && rows[0] == "ok" {
            Ok(())
        } else {
            Err(StoreError::Data(format!(
                "the database is damaged: {}",
                rows.join("; ")
            )))
        }
    }

    /// Every table with its number of rows, by name (the engine's own tables left out): what a
    /// restore or a move between engines is checked against.
    pub async fn table_counts(&self) -> Result<Vec<(String, i64)>> {
        let mut out = Vec::new();
        for name in engine::tables(&self.pool, self.engine).await? {
            let n: i64 =
                sqlx::query_scalar(&format!("SELECT COUNT(*) FROM {}", engine::quote(&name)))
                    .fetch_one(&self.pool)
                    .await?;
            out.push((name, n));
        }
        Ok(out)
    }

    /// SQLite: moves every committed page from the write-ahead log into the database file and
    /// empties the log, so the file alone holds the whole database (before it is copied or
    /// moved). An error if a reader kept part of the log from being folded in. PostgreSQL: nothing.
    pub async fn fold_log(&self) -> Result<()> {
        if self.engine != Engine::Sqlite {
            return Ok(());
        }
        let (busy, log, folded): (i64, i64, i64) =
            sqlx::query_as("PRAGMA wal_checkpoint(TRUNCATE)")
                .fetch_one(&self.pool)
                .await?;
        if busy != 0 || log != folded {
            return Err(StoreError::Data(format!(
                "the write-ahead log could not be folded into the database file ({folded} of {log} pages)"
            )));
        }
        Ok(())
    }

    /// Closes the pool (on SQLite, checkpointing the WAL).
    pub async fn close(&self) {
        self.pool.close().await;
    }
}

/// Headline numbers.
#[derive(Debug, Clone, Copy, serde::Serialize)]
pub struct Counts {
    pub practices: i64,
    pub active_organisations: i64,
    pub organisations: i64,
}

/// A flag column (0 or 1 on both engines) read as a `bool`: the rows' `#[sqlx(try_from)]` for
/// every flag field, since the `Any` driver decodes `bool` only from a boolean column.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) struct Flag(pub bool);

impl From<Flag> for bool {
    fn from(flag: Flag) -> Self {
        flag.0
    }
}

impl sqlx::Type<sqlx::Any> for Flag {
    fn type_info() -> sqlx::any::AnyTypeInfo {
        <i64 as sqlx::Type<sqlx::Any>>::type_info()
    }

    fn compatible(ty: &sqlx::any::AnyTypeInfo) -> bool {
        ty.kind().is_integer() || ty.kind() == sqlx::any::AnyTypeInfoKind::Bool
    }
}

impl<'r> sqlx::Decode<'r, sqlx::Any> for Flag {
    fn decode(value: sqlx::any::AnyValueRef<'r>) -> Result<Self, sqlx::error::BoxDynError> {
        match <i64 as sqlx::Decode<'r, sqlx::Any>>::decode(value.clone()) {
            Ok(n) => Ok(Flag(n != 0)),
            Err(_) => <bool as sqlx::Decode<'r, sqlx::Any>>::decode(value).map(Flag),
        }
    }
}
