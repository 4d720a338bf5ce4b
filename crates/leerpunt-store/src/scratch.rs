//! Throwaway PostgreSQL databases for tests and benchmarks: each made with a unique name on a
//! server and dropped when its handle is, so runs never see each other's data.

use std::sync::atomic::{AtomicU32, Ordering};

use sqlx::{Connection, Executor, PgConnection};

use crate::{DatabaseUrl, Result, StoreError};

/// The environment variable naming the PostgreSQL server tests may use
/// (`postgres://127.0.0.1:5432/test`, say); unset, tests run on SQLite.
pub const TEST_DATABASE_ENV: &str = "LEERPUNT_TEST_DATABASE_URL";

/// A database of its own on a PostgreSQL server, dropped (with any open connections) on drop.
#[derive(Debug)]
pub struct ScratchDb {
    server: String,
    name: String,
    url: DatabaseUrl,
}

impl ScratchDb {
    /// Creates an empty database on the server that `server_url` reaches (any existing database
    /// there, `test` say, serves to connect with). Byte-order collation, as SQLite sorts.
    pub async fn create(server_url: &str) -> Result<Self> {
        static N: AtomicU32 = AtomicU32::new(0);
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.subsec_nanos())
            .unwrap_or_default();
        let name = format!(
            "leerpunt_scratch_{}_{}_{}",
            std::process::id(),
            nanos,
            N.fetch_add(1, Ordering::Relaxed)
        );
        let mut conn = PgConnection::connect(server_url).await?;
        conn.execute(
            format!(
                "CREATE DATABASE {name} TEMPLATE template0 ENCODING 'UTF8' LC_COLLATE 'C' LC_CTYPE 'C'"
            )
            .as_str(),
        )
        .await?;
        // Throwaway data need not wait for the disk at each commit.
        conn.execute(format!("ALTER DATABASE {name} SET synchronous_commit = off").as_str())
            .await?;
        conn.close().await?;
        let url = with_database(server_url, &name)?;
        Ok(Self {
            server: server_url.to_owned(),
            name,
            url: DatabaseUrl::Postgres(url),
        })
    }

    /// A scratch database on the server `LEERPUNT_TEST_DATABASE_URL` names, or `None` when it
    /// is unset or empty (tests then use SQLite). Panics with the setting when the server
    /// cannot be reached: a test asked for PostgreSQL must not pass on something else.
    pub async fn from_env() -> Option<Self> {
        let server = std::env::var(TEST_DATABASE_ENV)
            .ok()
            .filter(|s| !s.is_empty())?;
        match Self::create(&server).await {
            Ok(db) => Some(db),
            Err(e) => panic!("{TEST_DATABASE_ENV}={server}: {e}"),
        }
    }

    /// The scratch database's URL.
    pub fn url(&self) -> &DatabaseUrl {
        &self.url
    }

    /// Its name on the server.
    pub fn name(&self) -> &str {
        &self.name
    }
}

impl Drop for ScratchDb {
    fn drop(&mut self) {
        let server = self.server.clone();
        let sql = format!("DROP DATABASE IF EXISTS {} WITH (FORCE)", self.name);
        // Drop runs outside any runtime's reach: a thread with a runtime of its own.
        let dropped = std::thread::spawn(move || {
            let rt = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .map_err(|e| e.to_string())?;
            rt.block_on(async move {
                let mut conn = PgConnection::connect(&server)
                    .await
                    .map_err(|e| e.to_string())?;
                conn.execute(sql.as_str())
                    .await
                    .map_err(|e| e.to_string())?;
                conn.close().await.map_err(|e| e.to_string())
            })
        })
        .join();
        if let Ok(Err(e)) = dropped {
            tracing::warn!(database = %self.name, error = %e, "scratch database not dropped");
        }
    }
}

/// `postgres://host:5432/test?x=y` with its database replaced by `name`.
fn with_database(server_url: &str, name: &str) -> Result<String> {
    let (scheme, rest) = server_url
        .split_once("://")
        .ok_or_else(|| StoreError::Data(format!("not a URL: {server_url}")))?;
    let (rest, query) = match rest.split_once('?') {
        Some((r, q)) => (r, Some(q)),
        None => (rest, None),
    };
    let authority = rest.split('/').next().unwrap_or_default();
    let mut url = format!("{scheme}://{authority}/{name}");
    if let Some(q) = query {
        url.push('?');
        url.push_str(q);
    }
    Ok(url)
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_database_is_replaced() {
        assert_eq!(
            super::with_database("postgres://u@h:5432/test?sslmode=disable", "x").unwrap(),
            "postgres://u@h:5432/x?sslmode=disable"
        );
        assert_eq!(
            super::with_database("postgres://h", "x").unwrap(),
            "postgres://h/x"
        );
    }
}
