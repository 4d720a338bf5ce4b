//! The `leerpunt` binary: one program with a subcommand for every process Leerpunt runs.

mod admin;
mod config;
mod search;
mod transfer;

use std::net::SocketAddr;
use std::path::PathBuf;

use anyhow::Context;
use clap::{Parser, Subcommand, ValueEnum};
use leerpunt_store::Store;

use crate::config::Config;

#[derive(Debug, Parser)]
#[command(
    name = "leerpunt",
    version,
    about = "Leerpunt: the learning and expertise centre for data-driven government"
)]
struct Cli {
    /// Configuration file (TOML). Default: ./leerpunt.toml if present.
    #[arg(long, global = true, env = "LEERPUNT_CONFIG")]
    config: Option<PathBuf>,
    /// Data directory holding the search index and, by default, the database (overrides the
    /// configuration).
    #[arg(long, global = true)]
    data_dir: Option<PathBuf>,
    /// The database: postgres://…, sqlite://PATH or a file path (overrides the configuration and
    /// LEERPUNT_DATABASE_URL). Default: leerpunt.db in the data directory.
    #[arg(long, global = true)]
    database_url: Option<String>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Run the web server.
    Serve {
        /// Address to listen on (overrides the configuration).
        #[arg(long)]
        bind: Option<SocketAddr>,
        /// Load the demo practices (written for Leerpunt, marked as demo in the UI).
        #[arg(long)]
        demo: bool,
    },
    /// Import data into the database.
    Import {
        #[command(subcommand)]
        what: ImportCommand,
    },
    /// Export data as CSV or JSON.
    Export {
        /// What to export.
        what: ExportWhat,
        /// Output format.
        #[arg(long, value_enum, default_value_t = Format::Json)]
        format: Format,
        /// Write to this file instead of standard output.
        #[arg(long, short)]
        out: Option<PathBuf>,
    },
    /// Write a consistent copy of the database to a new file (safe while the server runs). On
    /// either engine the backup is an SQLite database file.
    Backup {
        /// The backup file to create.
        file: PathBuf,
    },
    /// Restore a backup into an empty database (a new data directory, or an empty PostgreSQL
    /// database): the backup is checked, brought up to this version's schema, copied in and
    /// indexed for search.
    Restore {
        /// The backup file (made by `leerpunt backup`).
        file: PathBuf,
    },
    /// Rebuild the search index from the database (with the server stopped).
    Reindex,
    /// Move an installation to another database engine.
    Migrate {
        #[command(subcommand)]
        what: MigrateCommand,
    },
    /// Search practices, organisations and people from the command line.
    Search(search::SearchArgs),
    /// Run a joint-analysis compute node or input party.
    Node(leerpunt_node::NodeArgs),
    /// Mail the digests of what people follow that are due now (the server does this every
    /// 15 minutes; for a schedule of your own, or to send them at once).
    Digest {
        /// Act as if it were this moment (RFC 3339), e.g. to send tomorrow's digests today.
        #[arg(long)]
        at: Option<String>,
    },
    /// Mail the reminders of events starting within a day to the people with a seat, each once
    /// (the server does this every 15 minutes).
    Reminders {
        /// Act as if it were this moment (RFC 3339), e.g. to send tomorrow's reminders today.
        #[arg(long)]
        at: Option<String>,
    },
    /// Manage accounts, roles and API tokens.
    Admin {
        #[command(subcommand)]
        what: admin::AdminCommand,
    },
}

#[derive(Debug, Subcommand)]
enum MigrateCommand {
    /// Copy every row of an SQLite installation into an empty PostgreSQL database, one
    /// transaction per table, and check the row counts on both sides. Stop the server first:
    /// writes made during the copy are not moved.
    SqliteToPostgres {
        /// The data directory (or database file) of the SQLite installation.
        #[arg(long)]
        from: PathBuf,
        /// The PostgreSQL database to fill (postgres://…); it must be empty.
        #[arg(long)]
        to: String,
    },
}

#[derive(Debug, Subcommand)]
enum ImportCommand {
    /// Import the Algorithm Register export (JSON with an "algoritmes" list).
    Algoritmeregister {
        /// The export file.
        file: PathBuf,
    },
    /// Import practices from CSV (the export's columns) or JSON (a list of practices).
    Practices {
        /// A .csv or .json file.
        file: PathBuf,
    },
    /// Import an existing meeting log from CSV (columns: see README, "Meeting log and report").
    /// All lines or none: any bad line stops the import with its line number.
    Meetings {
        /// The CSV file.
        file: PathBuf,
    },
    /// Load the demo practices.
    Demo,
    /// Publish the result of a joint analysis (the JSON a compute node wrote with `node run --out`).
    Analysis {
        /// The result file.
        file: PathBuf,
    },
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum ExportWhat {
    Practices,
    Organisations,
}

#[derive(Debug, Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum Format {
    Csv,
    Json,
}

fn main() -> std::process::ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e:#}");
            std::process::ExitCode::FAILURE
        }
    }
}

fn run(cli: Cli) -> anyhow::Result<()> {
    let mut config = Config::load(cli.config.as_deref())?;
    if let Some(dir) = cli.data_dir {
        config.data_dir = dir;
    }
    if let Some(url) = cli.database_url {
        config.database_url = Some(url);
    }
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_new(&config.log).unwrap_or_else(|_| "info".into()),
        )
        .with_writer(std::io::stderr)
        .init();
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .context("cannot start the async runtime")?;
    runtime.block_on(async move {
        match cli.command {
            Command::Serve { bind, demo } => serve(config, bind, demo).await,
            Command::Import { what } => {
                let store = open(&config).await?;
                match what {
                    ImportCommand::Algoritmeregister { file } => {
                        transfer::import_register(&store, &file).await
                    }
                    ImportCommand::Practices { file } => {
                        transfer::import_practices(&store, &file).await
                    }
                    ImportCommand::Analysis { file } => {
                        transfer::import_analysis(&store, &file).await
                    }
                    ImportCommand::Meetings { file } => {
                        transfer::import_meetings(&store, &file).await
                    }
                    ImportCommand::Demo => {
                        let n = store.load_demo().await?;
                        println!("Loaded {n} demo practices.");
                        Ok(())
                    }
                }
            }
            Command::Export { what, format, out } => {
                let store = open(&config).await?;
                match what {
                    ExportWhat::Practices => {
                        transfer::export_practices(&store, format, out.as_deref()).await
                    }
                    ExportWhat::Organisations => {
                        transfer::export_organisations(&store, format, out.as_deref()).await
                    }
                }
            }
            Command::Backup { file } => {
                let store = open(&config).await?;
                transfer::backup(&store, &file).await
            }
            Command::Restore { file } => transfer::restore(&config, &file).await,
            Command::Migrate {
                what: MigrateCommand::SqliteToPostgres { from, to },
            } => transfer::sqlite_to_postgres(&from, &to).await,
            Command::Reindex => {
                let store = open(&config).await?;
                search::reindex(&config, &store, &search::index_dir(&config)).await
            }
            Command::Search(args) => {
                let store = open(&config).await?;
                search::search(&config, &store, args).await
            }
            Command::Node(args) => leerpunt_node::run(args).await,
            Command::Digest { at } => {
                let store = open(&config).await?;
                let now = match at {
                    Some(at) => {
                        time::OffsetDateTime::parse(
                            &at,
                            &time::format_description::well_known::Rfc3339,
                        )
                        .with_context(|| format!("--at {at:?} is not an RFC 3339 time"))?;
                        at
                    }
                    None => time::OffsetDateTime::now_utc()
                        .replace_nanosecond(0)?
                        .format(&time::format_description::well_known::Rfc3339)?,
                };
                let sent =
                    leerpunt_web::actions::follows::send_digests(&store, &config.public_url, &now)
                        .await
                        .map_err(|e| anyhow::anyhow!("{e}"))?;
                store.close().await;
                println!("Queued {sent} digest(s); the server's mailer sends them.");
                Ok(())
            }
            Command::Reminders { at } => {
                let store = open(&config).await?;
                let at = match at {
                    Some(at) => leerpunt_web::actions::events::normalise_instant(&at)
                        .map_err(|_| anyhow::anyhow!("--at {at:?} is not an RFC 3339 time"))?,
                    None => leerpunt_web::actions::events::now_utc(),
                };
                let sent =
                    leerpunt_web::actions::events::send_reminders(&store, &config.public_url, &at)
                        .await
                        .map_err(|e| anyhow::anyhow!("{e}"))?;
                store.close().await;
                println!("Queued {sent} reminder(s); the server's mailer sends them.");
                Ok(())
            }
            Command::Admin { what } => {
                let store = open(&config).await?;
                let result = admin::run(&store, what).await;
                store.close().await;
                result
            }
        }
    })
}

/// Opens the store and makes sure the shipped register is loaded.
async fn open(config: &Config) -> anyhow::Result<Store> {
    let url = config.database()?;
    let store = Store::connect(&url)
        .await
        .with_context(|| format!("cannot open the database {url}"))?
        .with_password_cost(config.password_cost);
    let loaded = store
        .ensure_register()
        .await
        .context("cannot load the register of public bodies")?;
    if loaded > 0 {
        tracing::info!(
            organisations = loaded,
            "loaded the register of public bodies"
        );
    }
    Ok(store)
}

async fn serve(config: Config, bind: Option<SocketAddr>, demo: bool) -> anyhow::Result<()> {
    let store = open(&config).await?;
    if demo {
        let n = store
            .load_demo()
            .await
            .context("cannot load the demo practices")?;
        tracing::info!(practices = n, "loaded demo practices");
    }
    let addr = bind.unwrap_or(config.bind);
    let search = search::open_for_serving(&store, &config).await?;
    let state = leerpunt_web::AppState::with_config(
        store.clone(),
        search,
        leerpunt_web::WebConfig {
            public_url: config.public_url.clone(),
            member_domains: config.member_domains.clone(),
            trust_proxy: config.trust_proxy,
            response_cache: config.response_cache,
        },
    );
    leerpunt_web::mailer::spawn(store.clone(), config.mail()?)
        .map_err(|e| anyhow::anyhow!("mail settings: {e}"))?;
    leerpunt_web::serve(state, addr, |addr| {
        println!("Leerpunt is running: open http://{addr}/ in your browser (Ctrl-C stops it).");
    })
    .await
    .with_context(|| format!("cannot serve on {addr}"))?;
    store.close().await;
    Ok(())
}
