//! `leerpunt reindex` and `leerpunt search`: rebuild the search index, and search from the shell.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Instant;

use anyhow::Context;
use indicatif::{ProgressBar, ProgressStyle};
use leerpunt_search::dense::Meaning;
use leerpunt_search::{DocKind, Search, SearchError, SearchRequest, Sort, Stage};
use leerpunt_store::Store;

use crate::config::Config;

/// Where the search index of a data directory lives.
pub fn index_dir(config: &Config) -> PathBuf {
    config.data_dir.join(leerpunt_search::INDEX_DIR)
}

/// A progress reporter for index builds: a bar per stage on a terminal, quiet otherwise.
pub fn progress_bar() -> impl Fn(Stage, u64, u64) + Send + Sync {
    let bar = ProgressBar::new(0);
    bar.set_style(
        ProgressStyle::with_template("{msg:>10} [{bar:40}] {pos}/{len} ({per_sec})")
            .unwrap_or_else(|_| ProgressStyle::default_bar())
            .progress_chars("=> "),
    );
    move |stage, done, total| {
        let msg = match stage {
            Stage::Reading => "reading",
            Stage::Indexing => "indexing",
            Stage::Matching => "matching",
        };
        if bar.message() != msg {
            bar.reset();
            bar.set_message(msg);
        }
        bar.set_length(total);
        bar.set_position(done);
        if stage == Stage::Matching && done == total {
            bar.finish_and_clear();
        }
    }
}

/// Loads the model for search by meaning, if there is one (see [`Config::model_file`]).
pub fn meaning(config: &Config) -> anyhow::Result<Option<Arc<Meaning>>> {
    let Some(path) = config.model_file()? else {
        tracing::info!("no sentence-embedding model (tools/fetch-model.sh fetches it): search goes by words only");
        return Ok(None);
    };
    let started = Instant::now();
    let meaning = Meaning::load(&path)
        .with_context(|| format!("cannot load the model {}", path.display()))?;
    tracing::info!(
        model = %path.display(),
        ms = started.elapsed().as_millis() as u64,
        "loaded the sentence-embedding model: search by meaning is on"
    );
    Ok(Some(Arc::new(meaning)))
}

/// Turns search by meaning on for `search` when a model is configured, computing the vectors
/// practices lack with a progress bar. Returns how many were computed.
pub async fn attach_meaning(
    config: &Config,
    store: &Store,
    search: &Search,
) -> anyhow::Result<usize> {
    let Some(meaning) = meaning(config)? else {
        return Ok(0);
    };
    let bar = ProgressBar::new(0);
    bar.set_style(
        ProgressStyle::with_template("{msg:>10} [{bar:40}] {pos}/{len} ({per_sec}, {eta} left)")
            .unwrap_or_else(|_| ProgressStyle::default_bar())
            .progress_chars("=> "),
    );
    bar.set_message("embedding");
    let computed = search
        .use_meaning(store, meaning, &|done, total| {
            bar.set_length(total);
            bar.set_position(done);
        })
        .await
        .context("cannot compute the practices' meaning vectors")?;
    bar.finish_and_clear();
    Ok(computed)
}

/// Opens (and if needed builds) the index of a data directory, with a progress bar.
pub async fn open_index(store: &Store, dir: &Path) -> anyhow::Result<Search> {
    let progress = progress_bar();
    Search::open(store, dir, &progress)
        .await
        .with_context(|| format!("cannot open the search index in {}", dir.display()))
}

/// Opens the index for a server without waiting for it: an existing index serves at once and
/// the change-log follower brings it up to date; a missing one is built in the background
/// while search answers from the database (`/readyz` says when it is done).
pub async fn open_for_serving(
    store: &Store,
    config: &Config,
) -> anyhow::Result<std::sync::Arc<Search>> {
    let dir = index_dir(config);
    let (search, must_build) = Search::open_without_waiting(store, &dir)
        .await
        .with_context(|| format!("cannot open the search index in {}", dir.display()))?;
    let search = std::sync::Arc::new(search);
    let meaning = meaning(config)?;
    if must_build {
        tracing::info!("building the search index in the background; search answers from the database until it is done");
    }
    if meaning.is_some() {
        search.expect_meaning();
    }
    if must_build || meaning.is_some() {
        let (search, store) = (search.clone(), store.clone());
        tokio::spawn(async move {
            let started = Instant::now();
            if must_build {
                match search.build_in_place(&store, &dir, &|_, _, _| {}).await {
                    Ok(()) => tracing::info!(
                        seconds = started.elapsed().as_secs_f64(),
                        documents = search.index().num_docs(),
                        "search index ready"
                    ),
                    Err(e) => {
                        tracing::error!(error = %e, "cannot build the search index");
                        return;
                    }
                }
            }
            // Practices without a vector are embedded now; search goes by words until then.
            if let Some(meaning) = meaning {
                let started = Instant::now();
                match search.use_meaning(&store, meaning, &|_, _| {}).await {
                    Ok(computed) => tracing::info!(
                        computed,
                        seconds = started.elapsed().as_secs_f64(),
                        "search by meaning ready"
                    ),
                    Err(e) => tracing::error!(error = %e, "cannot turn search by meaning on"),
                }
            }
        });
    }
    Ok(search)
}

/// `leerpunt reindex`.
pub async fn reindex(config: &Config, store: &Store, dir: &Path) -> anyhow::Result<()> {
    let started = Instant::now();
    let progress = progress_bar();
    let search = Search::rebuild(store, dir, &progress)
        .await
        .map_err(|e| match e {
            SearchError::Locked => anyhow::anyhow!(
                "the search index is in use: stop the Leerpunt server on this data directory first (it keeps its index current by itself)"
            ),
            e => anyhow::Error::new(e).context("cannot rebuild the search index"),
        })?;
    let index = search.index();
    println!(
        "Indexed {} documents in {:.2} s ({}).",
        index.num_docs(),
        started.elapsed().as_secs_f64(),
        dir.display()
    );
    let started = Instant::now();
    let computed = attach_meaning(config, store, &search).await?;
    if let Some(dense) = search.index().dense() {
        println!(
            "Meaning vectors: {} practices, {computed} computed now, in {:.2} s.",
            dense.len(),
            started.elapsed().as_secs_f64()
        );
    }
    Ok(())
}

/// Options of `leerpunt search`.
#[derive(Debug, clap::Args)]
pub struct SearchArgs {
    /// The question or keywords.
    pub query: String,
    /// Only this kind of result.
    #[arg(long, value_parser = ["practice", "organisation", "person"])]
    pub kind: Option<String>,
    /// Only practices with this theme (key, e.g. `schulden`).
    #[arg(long)]
    pub theme: Vec<String>,
    /// How many hits.
    #[arg(long, default_value_t = 10)]
    pub limit: usize,
    /// Sort by `relevance` or `date`.
    #[arg(long, default_value = "relevance", value_parser = ["relevance", "date"])]
    pub sort: String,
    /// Print the results as JSON (the API's shape).
    #[arg(long)]
    pub json: bool,
}

/// `leerpunt search`.
pub async fn search(config: &Config, store: &Store, args: SearchArgs) -> anyhow::Result<()> {
    let dir = index_dir(config);
    let search = match open_index(store, &dir).await {
        Ok(s) => s,
        Err(e) if is_locked(&e) => Search::open_read_only(&dir)?
            .context("the search index is in use and could not be read")?,
        Err(e) => return Err(e),
    };
    attach_meaning(config, store, &search).await?;
    let mut filters = BTreeMap::new();
    if !args.theme.is_empty() {
        filters.insert("theme".to_owned(), args.theme.clone());
    }
    let req = SearchRequest {
        q: args.query.clone(),
        kind: args.kind.as_deref().and_then(DocKind::parse),
        filters,
        sort: if args.sort == "date" {
            Sort::Date
        } else {
            Sort::Relevance
        },
        limit: args.limit.clamp(1, leerpunt_search::query::MAX_LIMIT),
        matched_words: true,
        ..SearchRequest::default()
    };
    let results = search.index().search(&req)?;
    if args.json {
        println!("{}", serde_json::to_string_pretty(&results)?);
        return Ok(());
    }
    println!("{} results ({} ms)", results.total, results.took_ms);
    for (i, hit) in results.hits.iter().enumerate() {
        println!(
            "{:>3}. [{}] {} ({:.2}){}",
            i + 1,
            hit.kind.key(),
            hit.title,
            hit.score,
            hit.source_id
                .as_deref()
                .map(|s| format!(" #{s}"))
                .unwrap_or_default()
        );
    }
    Ok(())
}

fn is_locked(e: &anyhow::Error) -> bool {
    e.chain()
        .any(|c| matches!(c.downcast_ref::<SearchError>(), Some(SearchError::Locked)))
}
