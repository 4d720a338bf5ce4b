//! Keeping the index equal to the database: full builds, and catching up from the change log.
//!
//! The database is the truth; the index is a cache of it. A build reads everything and records the
//! change-log position it started from; catching up replays every change after the recorded
//! position and commits the new position with the documents, so a crash between the two is
//! impossible and a restart simply replays. Every instance keeps its own index this way.

use std::collections::{BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicI64, Ordering};
use std::sync::{Arc, RwLock};

use leerpunt_core::Practice;
use leerpunt_store::{Store, StoreError};

use crate::analysis::Dictionary;
use crate::dense::{Dense, Meaning};
use crate::docs::{self, DocKind};
use crate::index::SearchIndex;
use crate::SearchError;

/// Opens an existing index on a blocking thread (it reads files).
async fn open_existing_off_thread(dir: &Path) -> Result<Option<SearchIndex>, SearchError> {
    let dir = dir.to_owned();
    tokio::task::spawn_blocking(move || SearchIndex::open_existing(&dir))
        .await
        .map_err(|e| SearchError::Index(e.to_string()))?
}

/// Changes read from the log per round.
const CHANGE_BATCH: i64 = 1_000;
/// Rows of the living network read per round of a full build.
const BATCH: usize = 2_000;
/// How many neighbours from other organisations are recorded per practice.
pub const SIMILAR_WORK_PER_PRACTICE: usize = 5;
/// Below this similarity a neighbour is not recorded.
pub const SIMILAR_WORK_THRESHOLD: f32 = 0.3;
/// A word must occur in this many practices to be a compound part.
const DICTIONARY_MIN_DOCS: usize = 2;

/// The stages of a full build, for progress reporting.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stage {
    Reading,
    Indexing,
    Matching,
}

/// Progress callback: stage, done, total.
pub type Progress<'a> = &'a (dyn Fn(Stage, u64, u64) + Send + Sync);

/// The search service: the current index and the lock that serialises writes to it.
pub struct Search {
    current: RwLock<Arc<SearchIndex>>,
    sync: tokio::sync::Mutex<()>,
    /// An empty stand-in is in place while the real index is built.
    standing_in: AtomicBool,
    /// The index has caught up with the change log at least once since it was opened.
    ready: AtomicBool,
    /// The change-log position read past without a commit: changes only signed-in people see
    /// (drafts) leave the index as it is, so they cost one read, not a commit. Reset when the
    /// index is replaced; lost on restart, when those changes are read (and passed) again.
    passed: AtomicI64,
    /// Search by meaning, when a model was given ([`Search::use_meaning`]).
    dense: RwLock<Option<Arc<Dense>>>,
    /// Search by meaning was asked for and is not on yet ([`Search::expect_meaning`]).
    meaning_pending: AtomicBool,
}

impl std::fmt::Debug for Search {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Search").finish_non_exhaustive()
    }
}

/// What a catch-up did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct CatchUp {
    pub changes: usize,
    pub documents: usize,
    /// The change-log position the index now follows.
    pub seq: i64,
    /// The highest position read in this catch-up of a change the public can see, if any: what
    /// was kept for visitors is stale from there on.
    pub public_seq: Option<i64>,
}

impl Search {
    /// Opens the index in `dir`, building it from the database if it is missing or outdated, and
    /// catches up with the change log.
    pub async fn open(
        store: &Store,
        dir: &Path,
        progress: Progress<'_>,
    ) -> Result<Self, SearchError> {
        let existing = open_existing_off_thread(dir).await?;
        let last = store.last_change().await?;
        let index = match existing {
            // An index ahead of the database belongs to another (e.g. restored) database.
            Some(index) if index.indexed_seq() <= last => index,
            Some(index) => {
                drop(index);
                tracing::info!("the search index is ahead of the database; rebuilding it");
                build(store, Some(dir), progress).await?
            }
            None => build(store, Some(dir), progress).await?,
        };
        let search = Self::from_index(index);
        search.catch_up(store).await?;
        Ok(search)
    }

    /// Opens the index in `dir` for searching only, as it stands (another process keeps it current).
    pub fn open_read_only(dir: &Path) -> Result<Option<Self>, SearchError> {
        Ok(SearchIndex::open_read_only(dir)?.map(Self::from_index))
    }

    /// Rebuilds the index in `dir` from scratch.
    pub async fn rebuild(
        store: &Store,
        dir: &Path,
        progress: Progress<'_>,
    ) -> Result<Self, SearchError> {
        let index = build(store, Some(dir), progress).await?;
        let search = Self::from_index(index);
        search.catch_up(store).await?;
        Ok(search)
    }

    /// Builds an index in memory (tests, benchmarks, one-off commands).
    pub async fn in_memory(store: &Store, progress: Progress<'_>) -> Result<Self, SearchError> {
        let index = build(store, None, progress).await?;
        let search = Self::from_index(index);
        search.catch_up(store).await?;
        Ok(search)
    }

    fn from_index(index: SearchIndex) -> Self {
        Self {
            current: RwLock::new(Arc::new(index)),
            sync: tokio::sync::Mutex::new(()),
            standing_in: AtomicBool::new(false),
            ready: AtomicBool::new(false),
            passed: AtomicI64::new(0),
            dense: RwLock::new(None),
            meaning_pending: AtomicBool::new(false),
        }
    }

    /// Says that search by meaning will be turned on ([`Search::use_meaning`] is on its way):
    /// until it is, [`Search::meaning_pending`] is true (and `/readyz` says not ready), while
    /// search goes by words.
    pub fn expect_meaning(&self) {
        self.meaning_pending.store(true, Ordering::SeqCst);
    }

    /// Search by meaning was asked for and is not on yet.
    pub fn meaning_pending(&self) -> bool {
        self.meaning_pending.load(Ordering::SeqCst)
    }

    /// Turns search by meaning on: computes the vectors of published practices that have none
    /// (or whose text changed) and stores them, loads the rest from the database, and from then
    /// on keeps them current as practices change. Returns how many were computed. `progress`
    /// hears (done, total) of the computing.
    pub async fn use_meaning(
        &self,
        store: &Store,
        meaning: Arc<Meaning>,
        progress: &(dyn Fn(u64, u64) + Send + Sync),
    ) -> Result<usize, SearchError> {
        let result = self.turn_meaning_on(store, meaning, progress).await;
        // Done either way: on, or (after an error) search by words only.
        self.meaning_pending.store(false, Ordering::SeqCst);
        result
    }

    async fn turn_meaning_on(
        &self,
        store: &Store,
        meaning: Arc<Meaning>,
        progress: &(dyn Fn(u64, u64) + Send + Sync),
    ) -> Result<usize, SearchError> {
        // The long part (computing what is missing) runs outside the lock, so the index keeps
        // catching up meanwhile; the vectors it stores are read back below.
        let first = Dense::new(meaning.clone());
        let practices = published_practices(store).await?;
        let refs: Vec<&Practice> = practices.iter().collect();
        let mut computed = first.refresh(store, &refs, progress).await?;
        drop(first);
        // Under the lock, from the practices as they are now: reads the stored vectors and
        // computes only those of texts changed meanwhile, then search by meaning is on and every
        // catch-up after this one keeps it current.
        let _guard = self.sync.lock().await;
        let dense = Arc::new(Dense::new(meaning));
        let practices = published_practices(store).await?;
        let refs: Vec<&Practice> = practices.iter().collect();
        computed += dense.refresh(store, &refs, &|_, _| {}).await?;
        self.index().set_dense(Some(dense.clone()));
        *self.dense.write().unwrap_or_else(|p| p.into_inner()) = Some(dense);
        Ok(computed)
    }

    fn dense(&self) -> Option<Arc<Dense>> {
        self.dense.read().unwrap_or_else(|p| p.into_inner()).clone()
    }

    /// Opens the index in `dir` without waiting for it to be current, so a server can answer at
    /// once: an existing index is used as it stands (the change-log follower brings it up to
    /// date); a missing or foreign one is replaced by an empty stand-in, and the second value
    /// says [`Search::build_in_place`] must be run. Until the index has caught up,
    /// [`Search::is_ready`] is false and callers answer from the database instead.
    pub async fn open_without_waiting(
        store: &Store,
        dir: &Path,
    ) -> Result<(Self, bool), SearchError> {
        let existing = open_existing_off_thread(dir).await?;
        let last = store.last_change().await?;
        match existing {
            Some(index) if index.indexed_seq() <= last => Ok((Self::from_index(index), false)),
            other => {
                drop(other);
                let search = Self::from_index(SearchIndex::in_memory(Dictionary::new(
                    std::iter::empty::<String>(),
                ))?);
                search.standing_in.store(true, Ordering::SeqCst);
                Ok((search, true))
            }
        }
    }

    /// Builds the index in `dir` from the database and puts it in place of the stand-in.
    pub async fn build_in_place(
        &self,
        store: &Store,
        dir: &Path,
        progress: Progress<'_>,
    ) -> Result<(), SearchError> {
        let index = {
            let _guard = self.sync.lock().await;
            build(store, Some(dir), progress).await?
        };
        index.set_dense(self.dense());
        match self.current.write() {
            Ok(mut g) => *g = Arc::new(index),
            Err(poisoned) => *poisoned.into_inner() = Arc::new(index),
        }
        self.passed.store(0, Ordering::SeqCst);
        self.standing_in.store(false, Ordering::SeqCst);
        self.catch_up(store).await?;
        Ok(())
    }

    /// Whether the index holds every change in the database as of its last catch-up: false
    /// while it is built or has not yet caught up since it was opened.
    pub fn is_ready(&self) -> bool {
        self.ready.load(Ordering::SeqCst) && !self.standing_in.load(Ordering::SeqCst)
    }

    /// The index to search.
    pub fn index(&self) -> Arc<SearchIndex> {
        match self.current.read() {
            Ok(g) => g.clone(),
            Err(poisoned) => poisoned.into_inner().clone(),
        }
    }

    /// Brings the index up to date with every change in the log after its recorded position.
    pub async fn catch_up(&self, store: &Store) -> Result<CatchUp, SearchError> {
        if self.standing_in.load(Ordering::SeqCst) {
            // The build in progress reads everything; only the position moves on.
            let seq = store.last_change().await?;
            return Ok(CatchUp {
                seq,
                public_seq: Some(seq),
                ..CatchUp::default()
            });
        }
        let _guard = self.sync.lock().await;
        let index = self.index();
        let mut report = CatchUp {
            seq: index.indexed_seq().max(self.passed.load(Ordering::SeqCst)),
            ..CatchUp::default()
        };
        loop {
            let mut changes = store.changes_since(report.seq, CHANGE_BATCH).await?;
            let Some(last) = changes.last().map(|c| c.seq) else {
                break;
            };
            report.changes += changes.len();
            // The index holds only what the public may find.
            changes.retain(|c| c.public);
            let Some(last_public) = changes.last().map(|c| c.seq) else {
                self.passed.store(last, Ordering::SeqCst);
                report.seq = last;
                continue;
            };
            report.public_seq = Some(last_public);
            let mut practice_ids = BTreeSet::new();
            let mut org_ids = BTreeSet::new();
            let mut person_ids = BTreeSet::new();
            let mut network = NetworkChanges::default();
            for c in &changes {
                match c.entity.as_str() {
                    "practice" => {
                        practice_ids.insert(c.entity_id);
                    }
                    "organisation" => {
                        org_ids.insert(c.entity_id);
                    }
                    "person" => {
                        person_ids.insert(c.entity_id);
                    }
                    "question" => {
                        network.questions.insert(c.entity_id);
                    }
                    "faq" => {
                        network.faq.insert(c.entity_id);
                    }
                    "topic" => {
                        network.topics.insert(c.entity_id);
                    }
                    "community" => {
                        network.communities.insert(c.entity_id);
                    }
                    _ => {}
                }
            }
            // A topic's document carries its community's slug and themes.
            for community in network.communities.clone() {
                network
                    .topics
                    .extend(store.topic_ids_of_community(community).await?);
            }
            report.documents += put_network(store, &index, &network).await?;
            for org in org_ids.clone() {
                practice_ids.extend(store.practice_ids_of_organisation(org).await?);
            }
            let ids: Vec<i64> = practice_ids.iter().copied().collect();
            let practices = store.practices_by_ids(&ids).await?;
            let found: HashMap<i64, &Practice> = practices.iter().map(|p| (p.id, p)).collect();
            for id in &ids {
                match found.get(id) {
                    Some(p) if is_searchable(p) => {
                        index.put(
                            DocKind::Practice,
                            *id,
                            docs::practice_doc(index.fields(), p),
                        )?;
                        org_ids.insert(p.owner.id);
                    }
                    _ => index.delete(DocKind::Practice, *id)?,
                }
                report.documents += 1;
            }
            for org in &org_ids {
                match store.organisation_by_id(*org).await {
                    Ok(o) => {
                        let titles = store.practice_titles_of_organisation(o.id).await?;
                        index.put(
                            DocKind::Organisation,
                            o.id,
                            docs::organisation_doc(index.fields(), &o, &titles),
                        )?;
                    }
                    Err(StoreError::NotFound(_)) => index.delete(DocKind::Organisation, *org)?,
                    Err(e) => return Err(e.into()),
                }
                report.documents += 1;
            }
            for id in &person_ids {
                match store.person_by_id(*id).await {
                    Ok(p) if p.public => {
                        let org = match &p.organisation_code {
                            Some(code) => store.organisation(code).await.ok(),
                            None => None,
                        };
                        index.put(
                            DocKind::Person,
                            p.id,
                            docs::person_doc(index.fields(), &p, org.as_ref()),
                        )?;
                    }
                    Ok(_) | Err(StoreError::NotFound(_)) => index.delete(DocKind::Person, *id)?,
                    Err(e) => return Err(e.into()),
                }
                report.documents += 1;
            }
            if let Some(dense) = self.dense() {
                let (kept, gone): (Vec<i64>, Vec<i64>) = ids
                    .iter()
                    .partition(|id| found.get(id).is_some_and(|p| is_searchable(p)));
                let kept: Vec<&Practice> = kept
                    .iter()
                    .filter_map(|id| found.get(id).copied())
                    .collect();
                dense.refresh(store, &kept, &|_, _| {}).await?;
                dense.remove(&gone);
            }
            commit(&index, last).await?;
            record_similar_work(
                store,
                &index,
                practices.iter().filter(|p| is_searchable(p)),
                None,
            )
            .await?;
            self.passed.store(last, Ordering::SeqCst);
            report.seq = last;
        }
        if report.changes > 0 {
            tracing::debug!(
                changes = report.changes,
                seq = report.seq,
                "search index caught up"
            );
        }
        self.ready.store(true, Ordering::SeqCst);
        Ok(report)
    }
}

/// Ids of the living network's rows that changed.
#[derive(Debug, Default)]
struct NetworkChanges {
    questions: BTreeSet<i64>,
    faq: BTreeSet<i64>,
    topics: BTreeSet<i64>,
    communities: BTreeSet<i64>,
}

/// Replaces the documents of changed questions, FAQ entries, topics and communities, and deletes
/// those that are gone or no longer public. Returns how many ids it handled.
async fn put_network(
    store: &Store,
    index: &SearchIndex,
    changed: &NetworkChanges,
) -> Result<usize, SearchError> {
    let f = *index.fields();
    let ids = |set: &BTreeSet<i64>| set.iter().copied().collect::<Vec<i64>>();
    let mut done = 0;

    let questions = store.searchable_questions(&ids(&changed.questions)).await?;
    let found: HashMap<i64, _> = questions.iter().map(|q| (q.id, q)).collect();
    for id in &changed.questions {
        match found.get(id) {
            Some(q) => index.put(DocKind::Question, *id, docs::question_doc(&f, q))?,
            None => index.delete(DocKind::Question, *id)?,
        }
        done += 1;
    }
    let faq = store.faq_by_ids(&ids(&changed.faq)).await?;
    let found: HashMap<i64, _> = faq.iter().map(|e| (e.id, e)).collect();
    for id in &changed.faq {
        match found.get(id) {
            Some(e) => index.put(DocKind::Faq, *id, docs::faq_doc(&f, e))?,
            None => index.delete(DocKind::Faq, *id)?,
        }
        done += 1;
    }
    let topics = store.searchable_topics(&ids(&changed.topics)).await?;
    let found: HashMap<i64, _> = topics.iter().map(|t| (t.id, t)).collect();
    for id in &changed.topics {
        match found.get(id) {
            Some(t) => index.put(DocKind::Topic, *id, docs::topic_doc(&f, t))?,
            None => index.delete(DocKind::Topic, *id)?,
        }
        done += 1;
    }
    let communities = store
        .searchable_communities(&ids(&changed.communities))
        .await?;
    let found: HashMap<i64, _> = communities.iter().map(|c| (c.id, c)).collect();
    for id in &changed.communities {
        match found.get(id) {
            Some(c) => index.put(DocKind::Community, *id, docs::community_doc(&f, c))?,
            None => index.delete(DocKind::Community, *id)?,
        }
        done += 1;
    }
    Ok(done)
}

/// Adds every question, FAQ entry, topic and community to a new index (full builds).
async fn add_network(store: &Store, index: &SearchIndex) -> Result<u64, SearchError> {
    let f = *index.fields();
    let all = store.network_ids().await?;
    let mut done = 0u64;
    for chunk in all.questions.chunks(BATCH) {
        for q in store.searchable_questions(chunk).await? {
            index.add_new(docs::question_doc(&f, &q))?;
            done += 1;
        }
    }
    for chunk in all.faq.chunks(BATCH) {
        for e in store.faq_by_ids(chunk).await? {
            index.add_new(docs::faq_doc(&f, &e))?;
            done += 1;
        }
    }
    for chunk in all.topics.chunks(BATCH) {
        for t in store.searchable_topics(chunk).await? {
            index.add_new(docs::topic_doc(&f, &t))?;
            done += 1;
        }
    }
    for chunk in all.communities.chunks(BATCH) {
        for c in store.searchable_communities(chunk).await? {
            index.add_new(docs::community_doc(&f, &c))?;
            done += 1;
        }
    }
    Ok(done)
}

/// Every practice that belongs in the public index.
async fn published_practices(store: &Store) -> Result<Vec<Practice>, SearchError> {
    Ok(store
        .all_practices()
        .await?
        .into_iter()
        .filter(is_searchable)
        .collect())
}

/// Whether a practice belongs in the public index.
fn is_searchable(p: &Practice) -> bool {
    p.review == leerpunt_core::review::Review::Published
}

async fn commit(index: &Arc<SearchIndex>, seq: i64) -> Result<(), SearchError> {
    let index = index.clone();
    tokio::task::spawn_blocking(move || index.commit(seq))
        .await
        .map_err(|e| SearchError::Index(e.to_string()))?
}

/// Reads the whole database into a new index (in `dir`, replacing what is there, or in memory).
async fn build(
    store: &Store,
    dir: Option<&Path>,
    progress: Progress<'_>,
) -> Result<SearchIndex, SearchError> {
    let seq = store.last_change().await?;
    progress(Stage::Reading, 0, 1);
    let practices = published_practices(store).await?;
    let organisations = store.all_organisations().await?;
    let people = store.public_people().await?;
    let mut titles: HashMap<i64, Vec<String>> = HashMap::new();
    for (org, title) in store.practice_titles_by_organisation().await? {
        titles.entry(org).or_default().push(title);
    }
    progress(Stage::Reading, 1, 1);

    let dict_texts: Vec<String> = practices.iter().map(docs::dictionary_text).collect();
    let glossary_words = crate::glossary::Glossary::builtin()
        .map_err(SearchError::Glossary)?
        .terms()
        .iter()
        .flat_map(|t| t.nl.clone())
        .collect::<Vec<_>>()
        .join("\n");
    let dict = Dictionary::from_texts(
        dict_texts
            .iter()
            .map(String::as_str)
            .chain(std::iter::repeat_n(
                glossary_words.as_str(),
                DICTIONARY_MIN_DOCS,
            )),
        DICTIONARY_MIN_DOCS,
    );

    let index = match dir {
        Some(dir) => {
            let fresh = staging_dir(dir);
            remove_dir(&fresh)?;
            let index = SearchIndex::create(&fresh, dict)?;
            (index, Some((fresh, dir.to_owned())))
        }
        None => (SearchIndex::in_memory(dict)?, None),
    };
    let (index, paths) = index;
    let total = (practices.len() + organisations.len() + people.len()) as u64;
    let mut done = 0u64;
    let by_code: HashMap<&str, &leerpunt_core::Organisation> =
        organisations.iter().map(|o| (o.code.as_str(), o)).collect();
    for p in &practices {
        index.add_new(docs::practice_doc(index.fields(), p))?;
        done += 1;
        if done.is_multiple_of(500) {
            progress(Stage::Indexing, done, total);
        }
    }
    for o in &organisations {
        let t = titles.get(&o.id).map(Vec::as_slice).unwrap_or_default();
        index.add_new(docs::organisation_doc(index.fields(), o, t))?;
        done += 1;
    }
    for person in &people {
        let org = person
            .organisation_code
            .as_deref()
            .and_then(|c| by_code.get(c).copied());
        index.add_new(docs::person_doc(index.fields(), person, org))?;
        done += 1;
    }
    done += add_network(store, &index).await?;
    progress(Stage::Indexing, done, total.max(done));
    let index = Arc::new(index);
    commit(&index, seq).await?;
    {
        let index = index.clone();
        tokio::task::spawn_blocking(move || index.optimize())
            .await
            .map_err(|e| SearchError::Index(e.to_string()))??;
    }
    record_similar_work(store, &index, practices.iter(), Some(progress)).await?;
    let index = Arc::try_unwrap(index)
        .map_err(|_| SearchError::Index("index still in use after build".into()))?;

    match paths {
        None => Ok(index),
        Some((fresh, dir)) => {
            drop(index);
            remove_dir(&dir)?;
            std::fs::rename(&fresh, &dir).map_err(|e| SearchError::Io(dir.clone(), e))?;
            SearchIndex::open_existing(&dir)?
                .ok_or_else(|| SearchError::Index("the new index could not be opened".into()))
        }
    }
}

/// Computes and stores, for each practice, the most similar practices of other organisations.
async fn record_similar_work<'a>(
    store: &Store,
    index: &Arc<SearchIndex>,
    practices: impl Iterator<Item = &'a Practice>,
    progress: Option<Progress<'_>>,
) -> Result<(), SearchError> {
    let practices: Vec<&Practice> = practices.collect();
    let total = practices.len() as u64;
    let mut batch: Vec<(i64, Vec<(i64, f64)>)> = Vec::new();
    for (i, p) in practices.iter().enumerate() {
        let near = index.similar_practices(p, SIMILAR_WORK_PER_PRACTICE, true)?;
        let kept = near
            .into_iter()
            .filter(|n| n.similarity >= SIMILAR_WORK_THRESHOLD)
            .map(|n| (n.id, f64::from(n.similarity)))
            .collect();
        batch.push((p.id, kept));
        if batch.len() >= 500 || i + 1 == practices.len() {
            store.replace_similar_work(&batch).await?;
            batch.clear();
            if let Some(progress) = progress {
                progress(Stage::Matching, i as u64 + 1, total);
            }
        }
    }
    Ok(())
}

fn staging_dir(dir: &Path) -> PathBuf {
    let mut name = dir
        .file_name()
        .map(|n| n.to_os_string())
        .unwrap_or_default();
    name.push(".new");
    dir.with_file_name(name)
}

fn remove_dir(dir: &Path) -> Result<(), SearchError> {
    match std::fs::remove_dir_all(dir) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
        Err(e) => Err(SearchError::Io(dir.to_owned(), e)),
    }
}
