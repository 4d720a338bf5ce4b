//! Import, export and restore on the command line: reading files, progress bars and summaries.
//!
//! Files are parsed completely before anything is written, and each import is one transaction,
//! so a malformed file or a failure part-way changes nothing.

use std::io::Write;
use std::path::Path;
use std::time::Instant;

use anyhow::{bail, Context};
use indicatif::{ProgressBar, ProgressStyle};
use leerpunt_core::import::{PracticeCsvRow, RegisterExport};
use leerpunt_core::NewPractice;
use leerpunt_store::seed::ImportSummary;
use leerpunt_store::Store;

use crate::Format;

fn progress(len: usize, what: &str) -> ProgressBar {
    let bar = ProgressBar::new(len as u64);
    if let Ok(style) =
        ProgressStyle::with_template("{msg} [{bar:40.cyan/blue}] {pos}/{len} ({eta})")
    {
        bar.set_style(style.progress_chars("=> "));
    }
    bar.set_message(what.to_owned());
    bar
}

fn read(file: &Path) -> anyhow::Result<Vec<u8>> {
    std::fs::read(file).with_context(|| format!("cannot read {}", file.display()))
}

fn print_summary(summary: &ImportSummary, elapsed: std::time::Duration) {
    println!(
        "Imported in {:.2} s: {} created, {} updated, {} rejected.",
        elapsed.as_secs_f64(),
        summary.created,
        summary.updated,
        summary.rejected.len()
    );
    for (id, reason) in summary.rejected.iter().take(50) {
        println!("  rejected {id}: {reason}");
    }
    if summary.rejected.len() > 50 {
        println!("  … and {} more rejected", summary.rejected.len() - 50);
    }
    if !summary.new_organisations.is_empty() {
        println!(
            "{} organisations were not in the register and were created with kind \"other\":",
            summary.new_organisations.len()
        );
        for name in &summary.new_organisations {
            println!("  {name}");
        }
    }
}

/// `leerpunt import algoritmeregister FILE`.
pub async fn import_register(store: &Store, file: &Path) -> anyhow::Result<()> {
    let bytes = read(file)?;
    let export: RegisterExport = serde_json::from_slice(&bytes).with_context(|| {
        format!(
            "{} is not an Algorithm Register export (expected JSON with an \"algoritmes\" list)",
            file.display()
        )
    })?;
    if let Some(count) = export.count {
        if count != export.algoritmes.len() {
            eprintln!(
                "warning: the file says it holds {count} records but has {}",
                export.algoritmes.len()
            );
        }
    }
    let started = Instant::now();
    let bar = progress(export.algoritmes.len(), "Importing algorithms");
    let summary = store
        .import_register(&export.algoritmes, &mut |n| bar.set_position(n as u64))
        .await
        .context("import failed; nothing was written")?;
    bar.finish_and_clear();
    print_summary(&summary, started.elapsed());
    Ok(())
}

/// `leerpunt import meetings FILE`: an existing meeting log in CSV, in one transaction. Every
/// bad line is reported with its line number and nothing is stored.
pub async fn import_meetings(store: &Store, file: &Path) -> anyhow::Result<()> {
    let bytes = read(file)?;
    let mut reader = csv::ReaderBuilder::new()
        .trim(csv::Trim::Headers)
        .from_reader(bytes.as_slice());
    let headers = reader
        .headers()
        .with_context(|| format!("{}: cannot read the header line", file.display()))?
        .clone();
    for required in ["date", "kind", "title"] {
        if !headers.iter().any(|h| h == required) {
            bail!(
                "{}: line 1: the column {required:?} is missing (columns: date, kind, title, organisations, themes, outcome, public, follow_ups, practices, questions, links)",
                file.display()
            );
        }
    }
    let mut rows = Vec::new();
    for record in reader.records() {
        let (line, row) = match record {
            Ok(r) => {
                let line = r.position().map_or(0, |p| p.line());
                let row = r
                    .deserialize::<leerpunt_core::meetings::MeetingCsvRow>(Some(&headers))
                    .map_err(|e| e.to_string())
                    .and_then(|row| row.to_meeting());
                (line, row)
            }
            Err(e) => (
                e.position().map_or(0, |p| p.line()),
                Err(format!("unreadable: {e}")),
            ),
        };
        rows.push((line, row));
    }
    let started = Instant::now();
    let bar = progress(rows.len(), "Importing meetings");
    let result = store
        .import_meetings(&rows, &leerpunt_store::Origin::cli(), &mut |n| {
            bar.set_position(n as u64)
        })
        .await;
    bar.finish_and_clear();
    match result {
        Ok(n) => {
            println!(
                "Imported {n} meetings in {:.2} s.",
                started.elapsed().as_secs_f64()
            );
            Ok(())
        }
        Err(leerpunt_store::StoreError::Invalid(leerpunt_core::CoreError::Invalid(lines))) => {
            for l in lines.iter().take(50) {
                eprintln!("{}: {}: {}", file.display(), l.field, l.message);
            }
            if lines.len() > 50 {
                eprintln!("… and {} more bad lines", lines.len() - 50);
            }
            bail!(
                "{} bad line(s) in {}; nothing was imported",
                lines.len(),
                file.display()
            )
        }
        Err(e) => Err(anyhow::Error::new(e).context("import failed; nothing was written")),
    }
}

/// Parses a practices file: CSV with the export's columns, or a JSON list of practices.
fn parse_practices(
    file: &Path,
    bytes: &[u8],
) -> anyhow::Result<Vec<(String, Result<NewPractice, String>)>> {
    let ext = file
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase);
    match ext.as_deref() {
        Some("json") => {
            let values: Vec<serde_json::Value> = serde_json::from_slice(bytes)
                .with_context(|| format!("{} is not a JSON list of practices", file.display()))?;
            Ok(values
                .into_iter()
                .enumerate()
                .map(|(i, v)| {
                    (
                        format!("item {}", i + 1),
                        serde_json::from_value::<NewPractice>(v).map_err(|e| e.to_string()),
                    )
                })
                .collect())
        }
        Some("csv") => {
            let mut reader = csv::Reader::from_reader(bytes);
            let headers = reader
                .headers()
                .with_context(|| format!("{} has no CSV header row", file.display()))?
                .clone();
            for required in ["title", "status", "owner"] {
                if !headers.iter().any(|h| h == required) {
                    bail!("{} lacks the required column {required:?}", file.display());
                }
            }
            let mut out = Vec::new();
            for (i, row) in reader.deserialize::<PracticeCsvRow>().enumerate() {
                let label = format!("line {}", i + 2);
                let item = row
                    .map_err(|e| e.to_string())
                    .and_then(|r| r.into_practice().map_err(|e| e.to_string()));
                out.push((label, item));
            }
            Ok(out)
        }
        _ => bail!("{}: use a .csv or .json file", file.display()),
    }
}

/// `leerpunt import practices FILE`.
pub async fn import_practices(store: &Store, file: &Path) -> anyhow::Result<()> {
    let bytes = read(file)?;
    let items = parse_practices(file, &bytes)?;
    let started = Instant::now();
    let bar = progress(items.len(), "Importing practices");
    let summary = store
        .import_practices(&items, &mut |n| bar.set_position(n as u64))
        .await
        .context("import failed; nothing was written")?;
    bar.finish_and_clear();
    print_summary(&summary, started.elapsed());
    Ok(())
}

fn output(out: Option<&Path>) -> anyhow::Result<Box<dyn Write>> {
    Ok(match out {
        Some(path) => Box::new(std::io::BufWriter::new(
            std::fs::File::create(path)
                .with_context(|| format!("cannot create {}", path.display()))?,
        )),
        None => Box::new(std::io::BufWriter::new(std::io::stdout().lock())),
    })
}

/// `leerpunt export practices`.
pub async fn export_practices(
    store: &Store,
    format: Format,
    out: Option<&Path>,
) -> anyhow::Result<()> {
    let practices = store.all_practices().await?;
    let mut w = output(out)?;
    match format {
        Format::Json => {
            let items: Vec<NewPractice> = practices.iter().map(NewPractice::from).collect();
            serde_json::to_writer_pretty(&mut w, &items)?;
            writeln!(w)?;
        }
        Format::Csv => {
            let mut csv = csv::Writer::from_writer(&mut w);
            for p in &practices {
                csv.serialize(PracticeCsvRow::from_practice(p))?;
            }
            csv.flush()?;
        }
    }
    w.flush()?;
    if out.is_some() {
        eprintln!("Exported {} practices.", practices.len());
    }
    Ok(())
}

#[derive(serde::Serialize)]
struct OrgRow<'a> {
    code: &'a str,
    kind: &'a str,
    name: &'a str,
    name_en: &'a str,
    province: &'a str,
    website: &'a str,
    aliases: String,
}

/// `leerpunt export organisations`.
pub async fn export_organisations(
    store: &Store,
    format: Format,
    out: Option<&Path>,
) -> anyhow::Result<()> {
    let orgs = store.all_organisations().await?;
    let mut w = output(out)?;
    match format {
        Format::Json => {
            serde_json::to_writer_pretty(&mut w, &orgs)?;
            writeln!(w)?;
        }
        Format::Csv => {
            let mut csv = csv::Writer::from_writer(&mut w);
            for o in &orgs {
                csv.serialize(OrgRow {
                    code: &o.code,
                    kind: o.kind.key(),
                    name: &o.name,
                    name_en: o.name_en.as_deref().unwrap_or(""),
                    province: o.province.as_deref().unwrap_or(""),
                    website: o.website.as_deref().unwrap_or(""),
                    aliases: o.aliases.join("|"),
                })?;
            }
            csv.flush()?;
        }
    }
    w.flush()?;
    if out.is_some() {
        eprintln!("Exported {} organisations.", orgs.len());
    }
    Ok(())
}

/// `leerpunt import analysis FILE`: publishes a joint-analysis result in the web app.
pub async fn import_analysis(store: &Store, file: &Path) -> anyhow::Result<()> {
    let bytes = read(file)?;
    let result: leerpunt_mpc::ComputationResult =
        serde_json::from_slice(&bytes).with_context(|| {
            format!(
                "{} is not a joint-analysis result (JSON written by `leerpunt node run --out`)",
                file.display()
            )
        })?;
    if result.format != leerpunt_mpc::result::FORMAT {
        bail!(
            "{}: result format {} is not supported (expected {})",
            file.display(),
            result.format,
            leerpunt_mpc::result::FORMAT
        );
    }
    let analysis = leerpunt_store::NewAnalysis {
        computation_id: result.computation_id.clone(),
        title: result.title.clone(),
        parties: result.parties.clone(),
        k: i64::try_from(result.k).unwrap_or(i64::MAX),
        group_by: result.group_by.clone(),
        status: "completed".to_owned(),
        result: String::from_utf8_lossy(&bytes).into_owned(),
    };
    let (_, created) = store.upsert_analysis(&analysis).await?;
    println!(
        "{} joint analysis {:?} ({} groups, {} parties).",
        if created { "Published" } else { "Updated" },
        result.computation_id,
        result.groups.len(),
        result.parties.len()
    );
    Ok(())
}

/// A progress bar over the rows of a copy between databases.
fn copy_bar(what: &'static str) -> (ProgressBar, impl FnMut(leerpunt_store::CopyProgress<'_>)) {
    let bar = progress(0, what);
    let follower = bar.clone();
    (bar, move |p: leerpunt_store::CopyProgress<'_>| {
        follower.set_length(p.rows_total);
        follower.set_position(p.rows_done);
        follower.set_message(format!("{what} {}", p.table));
    })
}

/// Copies every row of `source` into the (empty) database at `url` behind a progress bar, and
/// closes both stores whatever the outcome.
async fn copy_to_url(
    source: Store,
    url: &leerpunt_store::DatabaseUrl,
    what: &'static str,
) -> anyhow::Result<leerpunt_store::CopyReport> {
    let target = match Store::connect(url).await {
        Ok(target) => target,
        Err(e) => {
            source.close().await;
            return Err(anyhow::Error::new(e).context(format!("cannot open the database {url}")));
        }
    };
    let (bar, follow) = copy_bar(what);
    let copied = source.copy_into(&target, follow).await;
    bar.finish_and_clear();
    source.close().await;
    target.close().await;
    Ok(copied?)
}

/// `leerpunt backup FILE`.
pub async fn backup(store: &Store, file: &Path) -> anyhow::Result<()> {
    let started = Instant::now();
    let (bar, follow) = copy_bar("Backing up");
    let result = store.backup(file, follow).await;
    bar.finish_and_clear();
    result.with_context(|| format!("cannot back up to {}", file.display()))?;
    println!(
        "Backed up the {} database to {} in {:.2} s.",
        store.engine().name(),
        file.display(),
        started.elapsed().as_secs_f64()
    );
    Ok(())
}

/// Opens a backup file in a staging copy (so the file itself is never changed), checks it page
/// by page and brings it to this version's schema.
async fn open_backup(file: &Path, staging: &Path) -> anyhow::Result<Store> {
    if !file.is_file() {
        bail!("cannot read {}: no such file", file.display());
    }
    if !Store::is_leerpunt_database(file).await? {
        bail!(
            "{} is not a Leerpunt backup (make one with `leerpunt backup FILE`)",
            file.display()
        );
    }
    std::fs::create_dir_all(staging)?;
    let staged = staging.join(leerpunt_store::DB_FILE);
    std::fs::copy(file, &staged).with_context(|| format!("cannot copy {}", file.display()))?;
    // A backup whose write-ahead log was never folded back in keeps its last pages in FILE-wal:
    // take that along, or the copy would lack them.
    let mut wal = file.as_os_str().to_owned();
    wal.push("-wal");
    let wal = std::path::PathBuf::from(wal);
    if wal.is_file() {
        let mut staged_wal = staged.into_os_string();
        staged_wal.push("-wal");
        std::fs::copy(&wal, &staged_wal)
            .with_context(|| format!("cannot copy {}", wal.display()))?;
    }
    let store = Store::open(staging)
        .await
        .context("cannot open the backup")?;
    store.integrity_check().await?;
    Ok(store)
}

fn print_restored(file: &Path, into: &str, counts: &[(String, i64)]) {
    let rows: i64 = counts.iter().map(|(_, n)| n).sum();
    let practices = counts
        .iter()
        .find(|(t, _)| t == "practices")
        .map_or(0, |(_, n)| *n);
    println!(
        "Restored {} into {into}: {} tables, {rows} rows, {practices} practices.",
        file.display(),
        counts.len()
    );
}

/// `leerpunt restore FILE`: puts a backup in place as the database of an empty installation.
/// The backup is checked (a Leerpunt database, every page intact) and brought up to this
/// version's schema in a staging copy first, so a failure leaves the target as it was. SQLite:
/// the staged file becomes the data directory's database. PostgreSQL: every table is copied into
/// the (empty) database, counts checked. Then the search index is built.
pub async fn restore(config: &crate::config::Config, file: &Path) -> anyhow::Result<()> {
    let started = Instant::now();
    let dir = &config.data_dir;
    let url = config.database()?;
    let target = match &url {
        leerpunt_store::DatabaseUrl::Sqlite(path) => {
            if path.exists() {
                bail!(
                    "{} already holds a database: restore into an empty data directory (--data-dir)",
                    path.display()
                );
            }
            Some(path.clone())
        }
        leerpunt_store::DatabaseUrl::Postgres(_) => None,
    };
    std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
    let staging = dir.join(".restoring");
    if staging.exists() {
        std::fs::remove_dir_all(&staging)
            .with_context(|| format!("cannot clear {}", staging.display()))?;
    }
    let done = async {
        let backup = open_backup(file, &staging).await?;
        let counts = match &target {
            Some(path) => {
                let counts = backup.table_counts().await?;
                // The staged file is moved alone: every page must be in it, not in its log.
                let folded = backup.fold_log().await;
                backup.close().await;
                folded.context("cannot finish the restored database")?;
                if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
                    std::fs::create_dir_all(parent)?;
                }
                std::fs::rename(staging.join(leerpunt_store::DB_FILE), path).with_context(
                    || format!("cannot move the restored database to {}", path.display()),
                )?;
                counts
            }
            None => {
                copy_to_url(backup, &url, "Restoring")
                    .await
                    .with_context(|| format!("cannot restore into {url}"))?
                    .tables
            }
        };
        anyhow::Ok(counts)
    }
    .await;
    let _ = std::fs::remove_dir_all(&staging);
    let counts = done?;
    print_restored(file, &url.to_string(), &counts);
    let store = crate::open(config).await?;
    crate::search::reindex(config, &store, &crate::search::index_dir(config)).await?;
    println!("Ready in {:.2} s.", started.elapsed().as_secs_f64());
    Ok(())
}

/// `leerpunt migrate sqlite-to-postgres --from DIR --to URL`: copies an SQLite installation into
/// an empty PostgreSQL database, one transaction per table, with a progress bar, and checks
/// that every table holds as many rows on both sides.
pub async fn sqlite_to_postgres(from: &Path, to: &str) -> anyhow::Result<()> {
    let started = Instant::now();
    let file = if from.is_dir() {
        from.join(leerpunt_store::DB_FILE)
    } else {
        from.to_owned()
    };
    if !Store::is_leerpunt_database(&file).await? {
        bail!(
            "{} holds no Leerpunt database (--from takes the data directory of an SQLite installation)",
            from.display()
        );
    }
    let target =
        leerpunt_store::DatabaseUrl::parse(to).map_err(|e| anyhow::anyhow!("--to: {e}"))?;
    if target.engine() != leerpunt_store::Engine::Postgres {
        bail!("--to must be a PostgreSQL URL (postgres://user@host/database)");
    }
    let source = Store::open_file(&file)
        .await
        .with_context(|| format!("cannot open {}", file.display()))?;
    let report = copy_to_url(source, &target, "Copying")
        .await
        .with_context(|| format!("cannot copy into {target}"))?;
    println!(
        "Copied {} rows in {} tables from {} to {target} in {:.2} s; every table's count matches.",
        report.rows(),
        report.tables.len(),
        file.display(),
        started.elapsed().as_secs_f64()
    );
    println!(
        "Point every instance at it with database_url = \"{}\" (each keeps its own data_dir for its search index).",
        target.redacted()
    );
    Ok(())
}
