//! Results of use cases that change only when the data does (the practices similar to a practice),
//! kept per change-log position: computed once, dropped when the change log moves.

use std::collections::HashMap;
use std::hash::Hash;
use std::sync::RwLock;

/// At most this many results are kept; past it the memo starts afresh.
const MAX_ENTRIES: usize = 10_000;

/// A map from a key to a result made at one change-log position.
#[derive(Debug)]
pub struct Memo<K, V> {
    inner: RwLock<(i64, HashMap<K, V>)>,
}

impl<K: Eq + Hash, V: Clone> Default for Memo<K, V> {
    fn default() -> Self {
        Self {
            inner: RwLock::new((-1, HashMap::new())),
        }
    }
}

impl<K: Eq + Hash, V: Clone> Memo<K, V> {
    /// The data is at change-log position `seq` now; results made before it are dropped.
    pub fn advance(&self, seq: i64) {
        let mut inner = self.inner.write().unwrap_or_else(|p| p.into_inner());
        if inner.0 != seq {
            *inner = (seq, HashMap::new());
        }
    }

    /// Drops every result.
    pub fn clear(&self) {
        let mut inner = self.inner.write().unwrap_or_else(|p| p.into_inner());
        *inner = (-1, HashMap::new());
    }

    /// The kept result for `key`, and the position to pass to [`Memo::put`] when there is none.
    pub fn get(&self, key: &K) -> Result<V, i64> {
        let inner = self.inner.read().unwrap_or_else(|p| p.into_inner());
        inner.1.get(key).cloned().ok_or(inner.0)
    }

    /// Keeps a result computed at position `seq` (ignored if the data moved on meanwhile).
    pub fn put(&self, key: K, value: V, seq: i64) {
        let mut inner = self.inner.write().unwrap_or_else(|p| p.into_inner());
        if inner.0 != seq {
            return;
        }
        if inner.1.len() >= MAX_ENTRIES {
            inner.1.clear();
        }
        inner.1.insert(key, value);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn results_live_until_the_data_moves() {
        let memo: Memo<i64, Vec<i64>> = Memo::default();
        memo.advance(7);
        let seq = memo.get(&1).unwrap_err();
        assert_eq!(seq, 7);
        memo.put(1, vec![2, 3], seq);
        assert_eq!(memo.get(&1), Ok(vec![2, 3]));
        memo.advance(7);
        assert_eq!(memo.get(&1), Ok(vec![2, 3]), "same position: kept");
        memo.advance(8);
        assert_eq!(memo.get(&1), Err(8), "a change drops it");
        memo.put(1, vec![4], 7);
        assert_eq!(memo.get(&1), Err(8), "a result of the old data is not kept");
    }
}
