//! The one typed configuration: built-in defaults, then a TOML file, then `LEERPUNT_*` environment
//! variables, then command-line flags. Loaded once in `main` and passed down.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};

use anyhow::Context;
use figment::providers::{Env, Format, Serialized, Toml};
use figment::Figment;
use serde::{Deserialize, Serialize};

/// Leerpunt's settings. Every one has a default that works on a laptop.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Config {
    /// Where the database file (and later the search index) live.
    pub data_dir: PathBuf,
    /// The address `serve` listens on.
    pub bind: SocketAddr,
    /// Log filter, in `tracing_subscriber::EnvFilter` syntax.
    pub log: String,
}

impl Default for Config {
    fn default() -> Self {
        Self {
            data_dir: PathBuf::from("leerpunt-data"),
            bind: SocketAddr::from(([127, 0, 0, 1], 8080)),
            log: "info,sqlx=warn,tantivy=warn,tower_http=info".to_owned(),
        }
    }
}

/// The default config file, read when present.
pub const DEFAULT_FILE: &str = "leerpunt.toml";

impl Config {
    /// Loads the configuration. An explicitly named file must exist; the default one may not.
    pub fn load(file: Option<&Path>) -> anyhow::Result<Config> {
        let mut figment = Figment::from(Serialized::defaults(Config::default()));
        match file {
            Some(path) => {
                anyhow::ensure!(
                    path.exists(),
                    "config file {} does not exist",
                    path.display()
                );
                figment = figment.merge(Toml::file(path));
            }
            None => figment = figment.merge(Toml::file(DEFAULT_FILE)),
        }
        figment
            .merge(Env::prefixed("LEERPUNT_"))
            .extract()
            .context("invalid configuration")
    }
}

#[cfg(test)]
#[allow(clippy::result_large_err)] // figment's test jail returns its own large error
mod tests {
    use super::*;

    #[test]
    fn file_and_environment_override_defaults() {
        figment::Jail::expect_with(|jail| {
            jail.create_file(
                "custom.toml",
                "bind = \"127.0.0.1:9999\"\ndata_dir = \"elsewhere\"",
            )?;
            jail.set_env("LEERPUNT_DATA_DIR", "from-env");
            let config = Config::load(Some(Path::new("custom.toml"))).map_err(|e| e.to_string())?;
            assert_eq!(config.bind.port(), 9999);
            assert_eq!(config.data_dir, PathBuf::from("from-env"));
            Ok(())
        });
    }

    #[test]
    fn bad_values_are_reported() {
        figment::Jail::expect_with(|jail| {
            jail.set_env("LEERPUNT_BIND", "not an address");
            let err = Config::load(None)
                .err()
                .map(|e| format!("{e:#}"))
                .unwrap_or_default();
            assert!(err.to_lowercase().contains("bind"), "{err}");
            Ok(())
        });
    }
}
