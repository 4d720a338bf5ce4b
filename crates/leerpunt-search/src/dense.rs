//! Search by meaning: every published practice has a sentence-embedding vector (of its title and
//! lead, in its own language), computed once when its text is new or changed and stored in the
//! database; the index keeps all of them in memory, one signed byte per component. A question's
//! vector is compared with all of them (an exact scan: 100,000 practices take a few
//! milliseconds), and the nearest are fused with the word-based ranking in [`crate::query`].
//!
//! The model is optional: without it (see [`Meaning::load`]) search is word-based only.

use std::collections::HashMap;
use std::path::Path;
use std::sync::{Arc, Mutex, RwLock};

use leerpunt_core::Practice;
use leerpunt_embed::{cosines_i8, dot_i8, Model, Role, DIM};
use leerpunt_store::{PracticeVector, Store};

use crate::docs::{lead, practice_texts};
use crate::SearchError;

/// The loaded model, and the vectors of the questions asked lately.
pub struct Meaning {
    model: Model,
    asked: Mutex<Asked>,
}

/// Questions asked lately and their vectors: a question comes back when its asker turns a page,
/// narrows the results by a facet, or moves from search to matchmaking, and embedding it again
/// would cost more than the rest of the search. Two generations of at most [`ASKED`] / 2 each:
/// when the newer fills up it becomes the older and the older is dropped, so the memory stays
/// bounded and a question asked within the last few hundred stays.
#[derive(Default)]
struct Asked {
    newer: HashMap<String, Vec<i8>>,
    older: HashMap<String, Vec<i8>>,
}

/// How many question vectors are kept (about 400 bytes each with the question).
const ASKED: usize = 2_048;

impl Asked {
    fn get(&mut self, q: &str) -> Option<Vec<i8>> {
        if let Some(v) = self.newer.get(q) {
            return Some(v.clone());
        }
        let v = self.older.remove(q)?;
        self.put(q, v.clone());
        Some(v)
    }

    fn put(&mut self, q: &str, v: Vec<i8>) {
        if self.newer.len() >= ASKED / 2 {
            self.older = std::mem::take(&mut self.newer);
        }
        self.newer.insert(q.to_owned(), v);
    }
}

/// The name stored with every vector; a different model's vectors are not mixed in.
pub const MODEL_NAME: &str = "multilingual-e5-small-q4";

/// Practices embedded per round of a build (one database transaction each).
const EMBED_BATCH: usize = 32;

impl Meaning {
    /// Loads the model file.
    pub fn load(path: &Path) -> Result<Self, SearchError> {
        let model = leerpunt_embed::load(path).map_err(|e| SearchError::Index(e.to_string()))?;
        Ok(Meaning {
            model,
            asked: Mutex::default(),
        })
    }

    /// The question's vector, quantised like the stored ones.
    pub fn question(&self, q: &str) -> Vec<i8> {
        let asked = || self.asked.lock().unwrap_or_else(|p| p.into_inner());
        if let Some(v) = asked().get(q) {
            return v;
        }
        // Computed outside the lock: other questions are not held up meanwhile.
        let v = leerpunt_embed::quantise(&self.model.embed(q, Role::Query));
        asked().put(q, v.clone());
        v
    }

    /// Drops the kept question vectors, so that every question is embedded anew (to measure
    /// what a new question costs).
    pub fn forget_questions(&self) {
        *self.asked.lock().unwrap_or_else(|p| p.into_inner()) = Asked::default();
    }

    fn passages(&self, texts: &[String]) -> Vec<Vec<i8>> {
        use rayon::prelude::*;
        texts
            .par_iter()
            .map(|t| leerpunt_embed::quantise(&self.model.embed_start(t, Role::Passage)))
            .collect()
    }
}

/// What a practice's vector is computed from: its title and lead in its own language.
pub fn passage_text(p: &Practice) -> String {
    let t = practice_texts(p);
    let text = match p.language {
        leerpunt_core::Lang::Nl => t.nl,
        leerpunt_core::Lang::En => t.en,
    }
    .unwrap_or(&p.text);
    format!("{}. {}", text.title.trim(), lead(text).trim())
}

/// A stable fingerprint of a text (64-bit FNV-1a, hexadecimal).
pub fn text_hash(text: &str) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in text.as_bytes() {
        h ^= u64::from(*b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    format!("{h:016x}")
}

/// Every practice's vector, in memory.
#[derive(Default)]
pub struct DenseSet {
    ids: Vec<i64>,
    vectors: Vec<i8>,
    slot: HashMap<i64, usize>,
}

impl DenseSet {
    pub fn len(&self) -> usize {
        self.ids.len()
    }

    pub fn is_empty(&self) -> bool {
        self.ids.is_empty()
    }

    /// Adds or replaces a practice's vector.
    pub fn put(&mut self, id: i64, vector: &[i8]) {
        assert_eq!(vector.len(), DIM, "vector length");
        match self.slot.get(&id) {
            Some(&i) => self.vectors[i * DIM..(i + 1) * DIM].copy_from_slice(vector),
            None => {
                self.slot.insert(id, self.ids.len());
                self.ids.push(id);
                self.vectors.extend_from_slice(vector);
            }
        }
    }

    /// Removes a practice's vector (the last one moves into its place).
    pub fn remove(&mut self, id: i64) {
        let Some(i) = self.slot.remove(&id) else {
            return;
        };
        let last = self.ids.len() - 1;
        if i != last {
            let moved = self.ids[last];
            self.ids[i] = moved;
            self.vectors
                .copy_within(last * DIM..(last + 1) * DIM, i * DIM);
            self.slot.insert(moved, i);
        }
        self.ids.pop();
        self.vectors.truncate(last * DIM);
    }

    /// The cosine of a practice's vector with `q`, if it has one.
    pub fn cosine(&self, id: i64, q: &[i8]) -> Option<f32> {
        let i = *self.slot.get(&id)?;
        Some(dot_i8(q, &self.vectors[i * DIM..(i + 1) * DIM]))
    }

    /// The `k` practices nearest to `q`, nearest first, with their cosine (ties by id), and the
    /// mean cosine of `q` with all practices.
    pub fn nearest(&self, q: &[i8], k: usize) -> Nearest {
        use rayon::prelude::*;
        // The scan split over the cores in blocks large enough to be worth a task; each block
        // keeps only its own best `k`, so little more than `k` per block is merged.
        const BLOCK: usize = 8_192;
        let order = |a: &(i64, f32), b: &(i64, f32)| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0));
        let best = |mut scored: Vec<(i64, f32)>| {
            if k < scored.len() {
                if k == 0 {
                    return Vec::new();
                }
                scored.select_nth_unstable_by(k - 1, order);
                scored.truncate(k);
            }
            scored
        };
        let blocks: Vec<(Vec<(i64, f32)>, f64)> = self
            .ids
            .par_chunks(BLOCK)
            .zip(self.vectors.par_chunks(BLOCK * DIM))
            .map(|(ids, vectors)| {
                let mut cosines = Vec::with_capacity(ids.len());
                cosines_i8(q, vectors, &mut cosines);
                let sum = cosines.iter().map(|c| f64::from(*c)).sum::<f64>();
                (best(ids.iter().copied().zip(cosines).collect()), sum)
            })
            .collect();
        let sum: f64 = blocks.iter().map(|b| b.1).sum();
        let mut hits = best(blocks.into_iter().flat_map(|b| b.0).collect());
        hits.sort_by(order);
        Nearest {
            hits,
            mean: (sum / self.ids.len().max(1) as f64) as f32,
        }
    }
}

/// What [`DenseSet::nearest`] found.
#[derive(Debug, Clone, PartialEq)]
pub struct Nearest {
    /// The nearest practices and their cosines, nearest first.
    pub hits: Vec<(i64, f32)>,
    /// The question's mean cosine with every practice: what "unrelated" looks like for this
    /// question. Cosines of this model sit high (0.7–0.95) and lower across languages, so how far
    /// a practice stands above this mean says more than its cosine alone.
    pub mean: f32,
}

/// The model and the vectors of the practices in the index.
pub struct Dense {
    pub meaning: Arc<Meaning>,
    pub set: RwLock<DenseSet>,
}

impl Dense {
    pub fn new(meaning: Arc<Meaning>) -> Self {
        Dense {
            meaning,
            set: RwLock::new(DenseSet::default()),
        }
    }

    /// Brings the vectors of `practices` up to date: reads the stored ones, computes (and stores)
    /// those missing or computed from another text, and puts them all in the set. `progress`
    /// hears (done, total) after every round of computing.
    pub async fn refresh(
        &self,
        store: &Store,
        practices: &[&Practice],
        progress: &(dyn Fn(u64, u64) + Send + Sync),
    ) -> Result<usize, SearchError> {
        let ids: Vec<i64> = practices.iter().map(|p| p.id).collect();
        let stored: HashMap<i64, PracticeVector> = store
            .practice_vectors(MODEL_NAME, Some(&ids))
            .await?
            .into_iter()
            .map(|v| (v.practice_id, v))
            .collect();
        let mut ready = Vec::with_capacity(practices.len());
        let mut todo = Vec::new();
        for p in practices {
            let text = passage_text(p);
            let hash = text_hash(&text);
            match stored.get(&p.id) {
                Some(v) if v.text_hash == hash && v.vector.len() == DIM => {
                    ready.push((p.id, v.vector.clone()))
                }
                _ => todo.push((p.id, hash, text)),
            }
        }
        let computed = todo.len();
        let total = computed as u64;
        for (round, chunk) in todo.chunks(EMBED_BATCH).enumerate() {
            let texts: Vec<String> = chunk.iter().map(|(_, _, t)| t.clone()).collect();
            let meaning = self.meaning.clone();
            let vectors = tokio::task::spawn_blocking(move || meaning.passages(&texts))
                .await
                .map_err(|e| SearchError::Index(e.to_string()))?;
            let batch: Vec<PracticeVector> = chunk
                .iter()
                .zip(vectors)
                .map(|((id, hash, _), vector)| PracticeVector {
                    practice_id: *id,
                    text_hash: hash.clone(),
                    vector,
                })
                .collect();
            store.put_practice_vectors(MODEL_NAME, &batch).await?;
            ready.extend(batch.into_iter().map(|v| (v.practice_id, v.vector)));
            progress(((round + 1) * EMBED_BATCH).min(computed) as u64, total);
        }
        let mut set = self.set.write().unwrap_or_else(|p| p.into_inner());
        for (id, v) in &ready {
            set.put(*id, v);
        }
        Ok(computed)
    }

    /// How many practices have a vector.
    pub fn len(&self) -> usize {
        self.set.read().unwrap_or_else(|p| p.into_inner()).len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Drops the vectors of practices no longer in the index.
    pub fn remove(&self, ids: &[i64]) {
        let mut set = self.set.write().unwrap_or_else(|p| p.into_inner());
        for id in ids {
            set.remove(*id);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn unit(seed: usize) -> Vec<i8> {
        (0..DIM)
            .map(|i| if (i + seed).is_multiple_of(7) { 60 } else { 0 })
            .collect()
    }

    #[test]
    fn nearest_ranks_by_cosine_and_survives_removal() {
        let mut set = DenseSet::default();
        for id in 1..=5 {
            set.put(id, &unit(id as usize));
        }
        let near = set.nearest(&unit(3), 2);
        assert_eq!(near.hits[0].0, 3, "{near:?}");
        assert!(near.hits[0].1 > near.hits[1].1);
        let all = set.nearest(&unit(3), 5);
        let mean = all.hits.iter().map(|h| h.1).sum::<f32>() / 5.0;
        assert!((all.mean - mean).abs() < 1e-6, "{} vs {mean}", all.mean);
        assert_eq!(
            near.mean, all.mean,
            "the mean is over every practice, not the k returned"
        );
        set.remove(3);
        assert_eq!(set.len(), 4);
        assert!(set.nearest(&unit(3), 5).hits.iter().all(|(id, _)| *id != 3));
        // The vector moved into the freed slot still answers for its own id.
        let five = set.nearest(&unit(5), 1);
        assert_eq!(five.hits[0].0, 5);
        set.put(5, &unit(1));
        assert_eq!(set.len(), 4, "replacing keeps one vector per practice");
        assert!(set.nearest(&[0; DIM], 0).hits.is_empty());
    }

    #[test]
    fn asked_questions_are_kept_within_bounds() {
        let mut asked = Asked::default();
        for i in 0..ASKED * 3 {
            asked.put(&format!("q{i}"), vec![i as i8]);
        }
        assert!(asked.newer.len() + asked.older.len() <= ASKED);
        let last = format!("q{}", ASKED * 3 - 1);
        assert_eq!(asked.get(&last), Some(vec![(ASKED * 3 - 1) as i8]));
        assert_eq!(asked.get("q0"), None, "the oldest are dropped");
        // A question from the older generation is found and moves to the newer one.
        let old = asked
            .older
            .keys()
            .next()
            .cloned()
            .expect("an older generation");
        assert!(asked.get(&old).is_some());
        assert!(asked.newer.contains_key(&old));
    }

    #[test]
    fn text_hash_tells_texts_apart() {
        assert_eq!(text_hash("a"), text_hash("a"));
        assert_ne!(text_hash("a"), text_hash("b"));
        assert_eq!(text_hash("").len(), 16);
    }
}
