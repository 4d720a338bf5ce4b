//! The tantivy index itself: opening, writing documents, committing with the change-log position.
//!
//! The index lives in its own directory next to the database. It records, in every commit, the last
//! change-log sequence number it contains, so a restarted server knows where to catch up from. The
//! compound dictionary is written beside it, because documents and questions must be analysed with
//! the same one.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use tantivy::directory::MmapDirectory;
use tantivy::merge_policy::{MergeCandidate, MergePolicy, NoMergePolicy};
use tantivy::tokenizer::TextAnalyzer;
use tantivy::{Index, IndexReader, IndexWriter, ReloadPolicy, TantivyDocument, Term};

use crate::analysis::{self, Dictionary};
use crate::docs::{doc_key, DocKind};
use crate::glossary::Glossary;
use crate::schema::{self, Fields, SCHEMA_VERSION};
use crate::SearchError;

const DICTIONARY_FILE: &str = "dictionary.txt";
const VERSION_FILE: &str = "version.txt";
/// Memory the writer may use before flushing a segment.
const WRITER_HEAP: usize = 64 * 1024 * 1024;

/// The commit payload: where in the change log the index stands.
#[derive(Debug, Clone, Copy, Default, serde::Serialize, serde::Deserialize)]
struct Payload {
    seq: i64,
}

/// An open index with its writer, reader and analyzers.
pub struct SearchIndex {
    pub(crate) index: Index,
    pub(crate) reader: IndexReader,
    /// `None` for a read-only view (another process holds the writer).
    writer: Option<Mutex<IndexWriter>>,
    pub(crate) fields: Fields,
    pub(crate) dict: Dictionary,
    pub(crate) glossary: Arc<Glossary>,
    path: Option<PathBuf>,
    /// The practices' meaning vectors and the model, when search by meaning is on.
    dense: std::sync::RwLock<Option<Arc<crate::dense::Dense>>>,
}

impl std::fmt::Debug for SearchIndex {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SearchIndex")
            .field("path", &self.path)
            .field("dictionary_words", &self.dict.len())
            .finish()
    }
}

impl SearchIndex {
    /// Opens the index in `dir` if it exists, was built by this version and has its dictionary.
    pub fn open_existing(dir: &Path) -> Result<Option<Self>, SearchError> {
        Self::open_dir(dir, true)
    }

    /// Opens an existing index for searching only (safe while a server writes to it).
    pub fn open_read_only(dir: &Path) -> Result<Option<Self>, SearchError> {
        Self::open_dir(dir, false)
    }

    fn open_dir(dir: &Path, writable: bool) -> Result<Option<Self>, SearchError> {
        let version = std::fs::read_to_string(dir.join(VERSION_FILE)).ok();
        if version.as_deref().map(str::trim) != Some(&SCHEMA_VERSION.to_string()) {
            return Ok(None);
        }
        let Ok(words) = std::fs::read_to_string(dir.join(DICTIONARY_FILE)) else {
            return Ok(None);
        };
        let dict = Dictionary::new(words.lines().map(str::to_owned));
        let mmap = MmapDirectory::open(dir).map_err(|e| SearchError::Index(e.to_string()))?;
        if !Index::exists(&mmap).map_err(|e| SearchError::Index(e.to_string()))? {
            return Ok(None);
        }
        let index = Index::open(mmap)?;
        if index.schema() != schema::build().0 {
            // Built by another version: rebuild rather than misread it.
            return Ok(None);
        }
        Ok(Some(Self::finish(
            index,
            dict,
            Some(dir.to_owned()),
            writable,
        )?))
    }

    /// Creates a new, empty index in `dir` (which must not hold one) with the given dictionary.
    pub fn create(dir: &Path, dict: Dictionary) -> Result<Self, SearchError> {
        std::fs::create_dir_all(dir).map_err(|e| SearchError::Io(dir.to_owned(), e))?;
        let (schema, _) = schema::build();
        let index = Index::create_in_dir(dir, schema)?;
        let words = dict.sorted_words().join("\n");
        std::fs::write(dir.join(DICTIONARY_FILE), words)
            .map_err(|e| SearchError::Io(dir.to_owned(), e))?;
        std::fs::write(dir.join(VERSION_FILE), SCHEMA_VERSION.to_string())
            .map_err(|e| SearchError::Io(dir.to_owned(), e))?;
        Self::finish(index, dict, Some(dir.to_owned()), true)
    }

    /// An index in memory, for tests and benchmarks.
    pub fn in_memory(dict: Dictionary) -> Result<Self, SearchError> {
        let (schema, _) = schema::build();
        let index = Index::create_in_ram(schema);
        Self::finish(index, dict, None, true)
    }

    fn finish(
        index: Index,
        dict: Dictionary,
        path: Option<PathBuf>,
        writable: bool,
    ) -> Result<Self, SearchError> {
        let glossary = Glossary::builtin().map_err(SearchError::Glossary)?;
        register_analyzers(&index, &dict);
        // Every index here was made (or checked on opening) with this schema.
        let (_, fields) = schema::build();
        let writer = if writable {
            Some(Mutex::new(index.writer(WRITER_HEAP)?))
        } else {
            None
        };
        let reader = index
            .reader_builder()
            .reload_policy(ReloadPolicy::Manual)
            .try_into()?;
        Ok(Self {
            index,
            reader,
            writer,
            fields,
            dict,
            glossary: Arc::new(glossary),
            path,
            dense: std::sync::RwLock::new(None),
        })
    }

    /// Turns search by meaning on (or off, with `None`) for this index.
    pub fn set_dense(&self, dense: Option<Arc<crate::dense::Dense>>) {
        *self.dense.write().unwrap_or_else(|p| p.into_inner()) = dense;
    }

    /// The meaning vectors, when search by meaning is on.
    pub fn dense(&self) -> Option<Arc<crate::dense::Dense>> {
        self.dense.read().unwrap_or_else(|p| p.into_inner()).clone()
    }

    /// The change-log sequence number of the last commit (0 for a new index).
    pub fn indexed_seq(&self) -> i64 {
        self.index
            .load_metas()
            .ok()
            .and_then(|m| m.payload)
            .and_then(|p| serde_json::from_str::<Payload>(&p).ok())
            .map_or(0, |p| p.seq)
    }

    /// Number of documents visible to searches.
    pub fn num_docs(&self) -> u64 {
        self.reader.searcher().num_docs()
    }

    /// Adds or replaces a document.
    pub fn put(&self, kind: DocKind, id: i64, doc: TantivyDocument) -> Result<(), SearchError> {
        let w = self.lock_writer()?;
        w.delete_term(Term::from_field_text(self.fields.key, &doc_key(kind, id)));
        w.add_document(doc)?;
        Ok(())
    }

    /// Adds a document known not to be in the index yet (full builds).
    pub fn add_new(&self, doc: TantivyDocument) -> Result<(), SearchError> {
        self.lock_writer()?.add_document(doc)?;
        Ok(())
    }

    /// Removes a document, if present.
    pub fn delete(&self, kind: DocKind, id: i64) -> Result<(), SearchError> {
        self.lock_writer()?
            .delete_term(Term::from_field_text(self.fields.key, &doc_key(kind, id)));
        Ok(())
    }

    /// Makes every write so far durable and visible, recording the change-log position `seq`.
    pub fn commit(&self, seq: i64) -> Result<(), SearchError> {
        {
            let mut w = self.lock_writer()?;
            let mut prepared = w.prepare_commit()?;
            let payload = serde_json::to_string(&Payload { seq })
                .map_err(|e| SearchError::Index(e.to_string()))?;
            prepared.set_payload(&payload);
            prepared.commit()?;
        }
        self.reader.reload()?;
        Ok(())
    }

    /// Merges all segments into one (after a full build): fewer term-dictionary lookups per query.
    /// Keeps the recorded change-log position.
    ///
    /// A background merge may take some of the listed segments between listing and merging; the
    /// merge then fails and is tried again on the segments as they are now, with background
    /// merges paused meanwhile.
    pub fn optimize(&self) -> Result<(), SearchError> {
        let seq = self.indexed_seq();
        {
            let mut w = self.lock_writer()?;
            let policy = w.get_merge_policy();
            w.set_merge_policy(Box::new(NoMergePolicy));
            let mut result = Ok(());
            for _ in 0..MERGE_ATTEMPTS {
                let ids = self.index.searchable_segment_ids()?;
                if ids.len() <= 1 {
                    result = Ok(());
                    break;
                }
                result = w.merge(&ids).wait().map(|_| ());
                if result.is_ok() {
                    break;
                }
                std::thread::sleep(std::time::Duration::from_millis(200));
            }
            w.set_merge_policy(Box::new(ArcPolicy(policy)));
            result?;
        }
        self.commit(seq)
    }

    fn lock_writer(&self) -> Result<std::sync::MutexGuard<'_, IndexWriter>, SearchError> {
        self.writer
            .as_ref()
            .ok_or(SearchError::Locked)?
            .lock()
            .map_err(|_| SearchError::Index("index writer lock poisoned".into()))
    }

    /// The Dutch analyzer (with this index's dictionary).
    pub(crate) fn dutch(&self) -> TextAnalyzer {
        analysis::dutch(&self.dict)
    }

    pub fn fields(&self) -> &Fields {
        &self.fields
    }
}

fn register_analyzers(index: &Index, dict: &Dictionary) {
    let tm = index.tokenizers();
    tm.register(analysis::NL, analysis::dutch(dict));
    tm.register(analysis::EN, analysis::english());
    tm.register(analysis::PLAIN, analysis::plain());
}

/// How often [`SearchIndex::optimize`] tries to merge before it gives up.
const MERGE_ATTEMPTS: usize = 5;

/// The writer's merge policy, given back after a pause (the writer hands it out shared).
#[derive(Debug)]
struct ArcPolicy(Arc<dyn MergePolicy>);

impl MergePolicy for ArcPolicy {
    fn compute_merge_candidates(&self, segments: &[tantivy::SegmentMeta]) -> Vec<MergeCandidate> {
        self.0.compute_merge_candidates(segments)
    }
}
