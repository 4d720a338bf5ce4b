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
    /// Where this instance keeps its files: the search index, and the SQLite database unless
    /// `database_url` names another.
    pub data_dir: PathBuf,
    /// The database: `postgres://user@host/db` (shared by any number of instances), or an SQLite
    /// file as `sqlite://PATH` or a plain path. Unset: `leerpunt.db` in `data_dir`.
    pub database_url: Option<String>,
    /// The address `serve` listens on.
    pub bind: SocketAddr,
    /// Log filter, in `tracing_subscriber::EnvFilter` syntax.
    pub log: String,
    /// The address people reach Leerpunt at (links in e-mail; `https://` makes cookies `Secure`).
    pub public_url: String,
    /// E-mail domains whose confirmed addresses make an account a member (subdomains included).
    pub member_domains: Vec<String>,
    /// Believe `X-Forwarded-For`/`X-Forwarded-Proto` (only behind a proxy that sets them).
    pub trust_proxy: bool,
    /// Keep answers to visitors until the data changes (off: render every request).
    pub response_cache: bool,
    /// The SMTP server the mailer sends through.
    pub smtp_host: String,
    pub smtp_port: u16,
    /// `none` (plain, a local relay), `starttls` or `tls`.
    pub smtp_tls: leerpunt_web::mailer::SmtpTls,
    /// An extra trusted root certificate (PEM file) for the SMTP server.
    pub smtp_ca_file: Option<PathBuf>,
    /// SMTP AUTH user name (needs TLS); the password comes from `smtp_password_file`.
    pub smtp_username: Option<String>,
    /// A file holding the SMTP password (a secret: not in the config file itself).
    pub smtp_password_file: Option<PathBuf>,
    /// The sender of Leerpunt's e-mail.
    pub mail_from: String,
    /// How often the mailer looks for mail to send, in milliseconds.
    pub mail_interval_ms: u64,
    /// Seconds a message one instance claimed is left to it before another may send it.
    pub mail_lease_secs: u64,
    /// Cost of password hashes: `standard` (Argon2id, 19 MiB, 2 passes) or `fast` (tests only).
    pub password_cost: leerpunt_store::PasswordCost,
    /// The sentence-embedding model for search by meaning (`tools/fetch-model.sh` fetches it):
    /// a file path, `off`, or empty for `models/e5-small-q4.bin` under the working directory
    /// when it is there. Without a model, search goes by words only.
    pub model: String,
}

impl Default for Config {
    fn default() -> Self {
        Self {
            data_dir: PathBuf::from("leerpunt-data"),
            database_url: None,
            bind: SocketAddr::from(([127, 0, 0, 1], 8080)),
            log: "info,sqlx=warn,tantivy=warn,tower_http=info".to_owned(),
            public_url: "http://127.0.0.1:8080".to_owned(),
            member_domains: leerpunt_core::account::default_member_domains(),
            trust_proxy: false,
            response_cache: true,
            smtp_host: "127.0.0.1".to_owned(),
            smtp_port: 25,
            smtp_tls: leerpunt_web::mailer::SmtpTls::None,
            smtp_ca_file: None,
            smtp_username: None,
            smtp_password_file: None,
            mail_from: "Leerpunt <noreply@localhost>".to_owned(),
            mail_interval_ms: 2000,
            mail_lease_secs: leerpunt_store::MAIL_LEASE_SECS as u64,
            password_cost: leerpunt_store::PasswordCost::Standard,
            model: String::new(),
        }
    }
}

/// The default config file, read when present.
pub const DEFAULT_FILE: &str = "leerpunt.toml";

impl Config {
    /// The mailer's settings, reading the CA and password files.
    pub fn mail(&self) -> anyhow::Result<leerpunt_web::mailer::MailConfig> {
        let ca_pem = match &self.smtp_ca_file {
            Some(path) => Some(
                std::fs::read(path)
                    .with_context(|| format!("cannot read smtp_ca_file {}", path.display()))?,
            ),
            None => None,
        };
        let credentials = match (&self.smtp_username, &self.smtp_password_file) {
            (Some(user), Some(path)) => {
                let password = std::fs::read_to_string(path).with_context(|| {
                    format!("cannot read smtp_password_file {}", path.display())
                })?;
                Some((
                    user.clone(),
                    password.trim_end_matches(['\n', '\r']).to_owned(),
                ))
            }
            (Some(_), None) => anyhow::bail!("smtp_username needs smtp_password_file"),
            (None, _) => None,
        };
        Ok(leerpunt_web::mailer::MailConfig {
            smtp_host: self.smtp_host.clone(),
            smtp_port: self.smtp_port,
            tls: self.smtp_tls,
            ca_pem,
            credentials,
            from: self.mail_from.clone(),
            interval: std::time::Duration::from_millis(self.mail_interval_ms.max(50)),
            lease: std::time::Duration::from_secs(self.mail_lease_secs.max(1)),
        })
    }

    /// The model file search by meaning uses, if any: the configured one (which must exist), or
    /// the default place's when a model is there.
    pub fn model_file(&self) -> anyhow::Result<Option<PathBuf>> {
        match self.model.trim() {
            "off" => Ok(None),
            "" => {
                let default = Path::new("models").join(leerpunt_embed::MODEL_FILE);
                Ok(default.is_file().then_some(default))
            }
            path => {
                let path = PathBuf::from(path);
                anyhow::ensure!(
                    path.is_file(),
                    "model {} does not exist (tools/fetch-model.sh fetches it; model = \"off\" searches by words only)",
                    path.display()
                );
                Ok(Some(path))
            }
        }
    }

    /// The database this instance uses.
    pub fn database(&self) -> anyhow::Result<leerpunt_store::DatabaseUrl> {
        match self
            .database_url
            .as_deref()
            .filter(|s| !s.trim().is_empty())
        {
            Some(url) => leerpunt_store::DatabaseUrl::parse(url)
                .map_err(|e| anyhow::anyhow!("database_url: {e}")),
            None => Ok(leerpunt_store::DatabaseUrl::Sqlite(
                self.data_dir.join(leerpunt_store::DB_FILE),
            )),
        }
    }

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
    fn account_settings_come_from_file_and_environment() {
        figment::Jail::expect_with(|jail| {
            jail.create_file(
                "leerpunt.toml",
                "public_url = \"https://leerpunt.example\"\nmember_domains = [\"utrecht.nl\", \"rijksoverheid.nl\"]\npassword_cost = \"fast\"",
            )?;
            jail.set_env("LEERPUNT_SMTP_PORT", "2525");
            let config = Config::load(None).map_err(|e| e.to_string())?;
            assert_eq!(config.public_url, "https://leerpunt.example");
            assert_eq!(config.member_domains, ["utrecht.nl", "rijksoverheid.nl"]);
            assert_eq!(config.smtp_port, 2525);
            assert_eq!(config.password_cost, leerpunt_store::PasswordCost::Fast);
            let defaults = Config::default();
            assert!(defaults.member_domains.iter().any(|d| d == "minbzk.nl"));
            assert_eq!(
                defaults.password_cost,
                leerpunt_store::PasswordCost::Standard
            );
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
