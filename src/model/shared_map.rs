//! A sorted map whose copies share their storage: the board's stickies, regions and arrows.
//!
//! Autosave, the export dialog, the background model check and a live session each take a
//! copy of the whole board. With a `BTreeMap` that copy cost ~20 ms at 100k stickies on the
//! UI thread; a [`SharedMap`] copy costs one reference count, and a later change copies only
//! the chunk of at most [`MAX_CHUNK`] entries it touches (plus the list of chunk pointers).
//!
//! The entries live in sorted chunks behind `Arc`s, so reading and iterating are as fast as a
//! `BTreeMap`'s (contiguous, in key order). The last key of each chunk is kept in one
//! contiguous list beside them, so finding a key's chunk reads that list and not a chunk per
//! step of the search. The methods are named and behave as
//! `BTreeMap`'s (`get`, `insert`, `remove`, `iter`, `values`, ...), so code reading and
//! writing the board looks the same as before.

use std::cmp::Ordering;
use std::collections::BTreeMap;
use std::fmt;
use std::iter::FusedIterator;
use std::sync::Arc;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A chunk that grows past this many entries is split in two.
const MAX_CHUNK: usize = 128;
/// Chunks are filled to this size when a map is built from sorted entries.
const FILL: usize = 96;

type Chunk<K, V> = Vec<(K, V)>;

/// A sorted map with `BTreeMap`'s methods, cheap to clone (see the module header).
pub struct SharedMap<K, V> {
    /// Non-empty chunks, each sorted, all keys of one chunk below those of the next.
    chunks: Arc<Vec<Arc<Chunk<K, V>>>>,
    /// The last key of each chunk, in the same order.
    lasts: Arc<Vec<K>>,
    len: usize,
}

impl<K, V> Default for SharedMap<K, V> {
    fn default() -> Self {
        Self {
            chunks: Arc::new(Vec::new()),
            lasts: Arc::new(Vec::new()),
            len: 0,
        }
    }
}

impl<K, V> Clone for SharedMap<K, V> {
    /// A copy that shares all entries with `self`: constant time.
    fn clone(&self) -> Self {
        Self {
            chunks: Arc::clone(&self.chunks),
            lasts: Arc::clone(&self.lasts),
            len: self.len,
        }
    }
}

impl<K, V> SharedMap<K, V> {
    /// An empty map.
    pub fn new() -> Self {
        Self::default()
    }

    /// How many entries the map holds.
    pub fn len(&self) -> usize {
        self.len
    }

    /// Whether the map holds nothing.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// Whether `self` and `other` are copies of one map with no change since (a cheap test
    /// that says nothing when false).
    pub fn ptr_eq(&self, other: &Self) -> bool {
        Arc::ptr_eq(&self.chunks, &other.chunks)
    }

    /// The entries in key order.
    pub fn iter(&self) -> Iter<'_, K, V> {
        Iter {
            outer: self.chunks.iter(),
            front: [].iter(),
            back: [].iter(),
            remaining: self.len,
        }
    }

    /// The keys in order.
    pub fn keys(&self) -> Keys<'_, K, V> {
        Keys(self.iter())
    }

    /// The values in key order.
    pub fn values(&self) -> Values<'_, K, V> {
        Values(self.iter())
    }

    /// Removes every entry.
    pub fn clear(&mut self) {
        *self = Self::default();
    }

    /// The entry with the smallest key.
    pub fn first_key_value(&self) -> Option<(&K, &V)> {
        self.iter().next()
    }

    /// The entry with the largest key.
    pub fn last_key_value(&self) -> Option<(&K, &V)> {
        self.iter().next_back()
    }
}

impl<K: Ord, V> SharedMap<K, V> {
    /// The chunk that holds `key` or would hold it, and where in it.
    fn locate(&self, key: &K) -> Option<(usize, Result<usize, usize>)> {
        let last = self.chunks.len().checked_sub(1)?;
        let i = self.lasts.partition_point(|k| k < key).min(last);
        let at = self.chunks[i].binary_search_by(|(k, _)| k.cmp(key));
        Some((i, at))
    }

    /// The value under `key`.
    pub fn get(&self, key: &K) -> Option<&V> {
        match self.locate(key)? {
            (i, Ok(j)) => Some(&self.chunks[i][j].1),
            _ => None,
        }
    }

    /// The entry under `key`, with the key as stored.
    pub fn get_key_value(&self, key: &K) -> Option<(&K, &V)> {
        match self.locate(key)? {
            (i, Ok(j)) => {
                let (k, v) = &self.chunks[i][j];
                Some((k, v))
            }
            _ => None,
        }
    }

    /// Whether the map holds `key`.
    pub fn contains_key(&self, key: &K) -> bool {
        matches!(self.locate(key), Some((_, Ok(_))))
    }
}

impl<K: Ord + Clone, V> SharedMap<K, V> {
    /// Builds a map from entries sorted by key without repeats (what a `BTreeMap` yields).
    fn from_sorted(entries: impl IntoIterator<Item = (K, V)>) -> Self {
        let mut chunks = Vec::new();
        let mut chunk = Vec::with_capacity(FILL);
        let mut len = 0;
        for entry in entries {
            chunk.push(entry);
            len += 1;
            if chunk.len() == FILL {
                chunks.push(Arc::new(std::mem::replace(
                    &mut chunk,
                    Vec::with_capacity(FILL),
                )));
            }
        }
        if !chunk.is_empty() {
            chunks.push(Arc::new(chunk));
        }
        let lasts = chunks.iter().filter_map(|c| last_key(c)).collect();
        Self {
            chunks: Arc::new(chunks),
            lasts: Arc::new(lasts),
            len,
        }
    }
}

/// The last key of a chunk.
fn last_key<K: Clone, V>(chunk: &Chunk<K, V>) -> Option<K> {
    chunk.last().map(|(k, _)| k.clone())
}

impl<K: Ord + Clone, V: Clone> SharedMap<K, V> {
    /// The chunks for writing: copied first if another copy of the map shares them.
    fn chunks_mut(&mut self) -> &mut Vec<Arc<Chunk<K, V>>> {
        Arc::make_mut(&mut self.chunks)
    }

    /// The value under `key`, to change in place (its chunk is copied first if shared).
    pub fn get_mut(&mut self, key: &K) -> Option<&mut V> {
        match self.locate(key)? {
            (i, Ok(j)) => Some(&mut Arc::make_mut(&mut self.chunks_mut()[i])[j].1),
            _ => None,
        }
    }

    /// Puts `value` under `key`; returns the value it replaces.
    pub fn insert(&mut self, key: K, value: V) -> Option<V> {
        let Some((i, at)) = self.locate(&key) else {
            Arc::make_mut(&mut self.lasts).push(key.clone());
            self.chunks_mut().push(Arc::new(vec![(key, value)]));
            self.len = 1;
            return None;
        };
        let chunks = Arc::make_mut(&mut self.chunks);
        let chunk = Arc::make_mut(&mut chunks[i]);
        match at {
            Ok(j) => Some(std::mem::replace(&mut chunk[j].1, value)),
            Err(j) => {
                chunk.insert(j, (key, value));
                let lasts = Arc::make_mut(&mut self.lasts);
                if chunk.len() > MAX_CHUNK {
                    let upper = chunk.split_off(chunk.len() / 2);
                    lasts.insert(i + 1, lasts[i].clone());
                    chunks.insert(i + 1, Arc::new(upper));
                }
                // The key may be the chunk's new last (past every key), or a split moved it.
                for at in [i, i + 1] {
                    if let Some(k) = chunks.get(at).and_then(|c| last_key(c)) {
                        lasts[at] = k;
                    }
                }
                self.len += 1;
                None
            }
        }
    }

    /// Removes `key`; returns its value.
    pub fn remove(&mut self, key: &K) -> Option<V> {
        let (i, Ok(j)) = self.locate(key)? else {
            return None;
        };
        let chunks = Arc::make_mut(&mut self.chunks);
        let lasts = Arc::make_mut(&mut self.lasts);
        let chunk = Arc::make_mut(&mut chunks[i]);
        let (_, value) = chunk.remove(j);
        let small = chunk.len() < MAX_CHUNK / 4;
        if chunk.is_empty() {
            chunks.remove(i);
            lasts.remove(i);
        } else {
            if small && i + 1 < chunks.len() && chunks[i + 1].len() < MAX_CHUNK / 2 {
                // Keep chunks from thinning out after many removals.
                let next = chunks.remove(i + 1);
                lasts.remove(i + 1);
                let next = Arc::unwrap_or_clone(next);
                Arc::make_mut(&mut chunks[i]).extend(next);
            }
            if let Some(k) = last_key(&chunks[i]) {
                lasts[i] = k;
            }
        }
        self.len -= 1;
        Some(value)
    }

    /// The values in key order, to change in place (shared chunks are copied first).
    pub fn values_mut(&mut self) -> impl Iterator<Item = &mut V> {
        self.iter_mut().map(|(_, v)| v)
    }

    /// The entries in key order, values changeable in place.
    pub fn iter_mut(&mut self) -> IterMut<'_, K, V> {
        self.into_iter()
    }

    /// Keeps only the entries for which `keep` says yes.
    pub fn retain(&mut self, mut keep: impl FnMut(&K, &mut V) -> bool) {
        let chunks = self.chunks_mut();
        for chunk in chunks.iter_mut() {
            Arc::make_mut(chunk).retain_mut(|(k, v)| keep(k, v));
        }
        chunks.retain(|c| !c.is_empty());
        self.len = chunks.iter().map(|c| c.len()).sum();
        self.lasts = Arc::new(self.chunks.iter().filter_map(|c| last_key(c)).collect());
    }

    /// Whether the list of last keys matches the chunks (for the tests).
    #[cfg(test)]
    fn fences_hold(&self) -> bool {
        let lasts: Vec<K> = self.chunks.iter().filter_map(|c| last_key(c)).collect();
        self.chunks.len() == self.lasts.len() && lasts == *self.lasts
    }
}

impl<K: Ord + Clone, V: Clone> FromIterator<(K, V)> for SharedMap<K, V> {
    /// As `BTreeMap` collects: sorted by key, the last of repeated keys wins.
    fn from_iter<I: IntoIterator<Item = (K, V)>>(entries: I) -> Self {
        let mut entries: Vec<(K, V)> = entries.into_iter().collect();
        let sorted = entries.windows(2).all(|w| w[0].0 < w[1].0);
        if !sorted {
            entries.sort_by(|a, b| a.0.cmp(&b.0));
            // Of equal keys, keep the last (the sort is stable).
            let mut kept: Vec<(K, V)> = Vec::with_capacity(entries.len());
            for entry in entries {
                match kept.last_mut() {
                    Some(last) if last.0 == entry.0 => *last = entry,
                    _ => kept.push(entry),
                }
            }
            entries = kept;
        }
        Self::from_sorted(entries)
    }
}

impl<K: Ord + Clone, V> From<BTreeMap<K, V>> for SharedMap<K, V> {
    fn from(map: BTreeMap<K, V>) -> Self {
        Self::from_sorted(map)
    }
}

impl<K: Ord + Clone, V: Clone, const N: usize> From<[(K, V); N]> for SharedMap<K, V> {
    fn from(entries: [(K, V); N]) -> Self {
        entries.into_iter().collect()
    }
}

impl<K: Ord + Clone, V: Clone> Extend<(K, V)> for SharedMap<K, V> {
    fn extend<I: IntoIterator<Item = (K, V)>>(&mut self, entries: I) {
        for (k, v) in entries {
            self.insert(k, v);
        }
    }
}

impl<K: Ord, V> std::ops::Index<&K> for SharedMap<K, V> {
    type Output = V;

    /// The value under `key`; panics when there is none, as `BTreeMap`'s index does.
    fn index(&self, key: &K) -> &V {
        #[allow(clippy::expect_used)]
        self.get(key).expect("no entry found for key")
    }
}

impl<K: PartialEq, V: PartialEq> PartialEq for SharedMap<K, V> {
    fn eq(&self, other: &Self) -> bool {
        self.ptr_eq(other) || (self.len == other.len && self.iter().eq(other.iter()))
    }
}

impl<K: Eq, V: Eq> Eq for SharedMap<K, V> {}

/// Compares with a plain map, entry by entry (tests state what a board holds that way).
impl<K: PartialEq, V: PartialEq> PartialEq<BTreeMap<K, V>> for SharedMap<K, V> {
    fn eq(&self, other: &BTreeMap<K, V>) -> bool {
        self.len == other.len() && self.iter().eq(other.iter())
    }
}

impl<K: fmt::Debug, V: fmt::Debug> fmt::Debug for SharedMap<K, V> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_map().entries(self.iter()).finish()
    }
}

impl<'a, K, V> IntoIterator for &'a SharedMap<K, V> {
    type Item = (&'a K, &'a V);
    type IntoIter = Iter<'a, K, V>;

    fn into_iter(self) -> Iter<'a, K, V> {
        self.iter()
    }
}

impl<'a, K: Clone, V: Clone> IntoIterator for &'a mut SharedMap<K, V> {
    type Item = (&'a K, &'a mut V);
    type IntoIter = IterMut<'a, K, V>;

    /// The entries with their values changeable (shared chunks are copied as reached).
    fn into_iter(self) -> IterMut<'a, K, V> {
        IterMut {
            outer: Arc::make_mut(&mut self.chunks).iter_mut(),
            front: [].iter_mut(),
        }
    }
}

/// The entries of a [`SharedMap`] in key order, values changeable.
pub struct IterMut<'a, K, V> {
    outer: std::slice::IterMut<'a, Arc<Chunk<K, V>>>,
    front: std::slice::IterMut<'a, (K, V)>,
}

impl<'a, K: Clone, V: Clone> Iterator for IterMut<'a, K, V> {
    type Item = (&'a K, &'a mut V);

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            if let Some((k, v)) = self.front.next() {
                return Some((&*k, v));
            }
            self.front = Arc::make_mut(self.outer.next()?).iter_mut();
        }
    }
}

impl<K: Clone, V: Clone> IntoIterator for SharedMap<K, V> {
    type Item = (K, V);
    type IntoIter = std::iter::Flatten<std::vec::IntoIter<Chunk<K, V>>>;

    /// The entries by value: chunks still shared with another copy are copied.
    fn into_iter(self) -> Self::IntoIter {
        let chunks: Vec<Chunk<K, V>> = Arc::unwrap_or_clone(self.chunks)
            .into_iter()
            .map(Arc::unwrap_or_clone)
            .collect();
        chunks.into_iter().flatten()
    }
}

impl<K: Serialize, V: Serialize> Serialize for SharedMap<K, V> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_map(self.iter())
    }
}

impl<'de, K: Ord + Clone + Deserialize<'de>, V: Deserialize<'de>> Deserialize<'de>
    for SharedMap<K, V>
{
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        BTreeMap::deserialize(d).map(Self::from)
    }
}

/// The entries of a [`SharedMap`] in key order.
pub struct Iter<'a, K, V> {
    outer: std::slice::Iter<'a, Arc<Chunk<K, V>>>,
    front: std::slice::Iter<'a, (K, V)>,
    back: std::slice::Iter<'a, (K, V)>,
    remaining: usize,
}

impl<K, V> Clone for Iter<'_, K, V> {
    fn clone(&self) -> Self {
        Self {
            outer: self.outer.clone(),
            front: self.front.clone(),
            back: self.back.clone(),
            remaining: self.remaining,
        }
    }
}

impl<'a, K, V> Iterator for Iter<'a, K, V> {
    type Item = (&'a K, &'a V);

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            if let Some((k, v)) = self.front.next() {
                self.remaining -= 1;
                return Some((k, v));
            }
            match self.outer.next() {
                Some(chunk) => self.front = chunk.iter(),
                None => {
                    let (k, v) = self.back.next()?;
                    self.remaining -= 1;
                    return Some((k, v));
                }
            }
        }
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        (self.remaining, Some(self.remaining))
    }
}

impl<K, V> DoubleEndedIterator for Iter<'_, K, V> {
    fn next_back(&mut self) -> Option<Self::Item> {
        loop {
            if let Some((k, v)) = self.back.next_back() {
                self.remaining -= 1;
                return Some((k, v));
            }
            match self.outer.next_back() {
                Some(chunk) => self.back = chunk.iter(),
                None => {
                    let (k, v) = self.front.next_back()?;
                    self.remaining -= 1;
                    return Some((k, v));
                }
            }
        }
    }
}

impl<K, V> ExactSizeIterator for Iter<'_, K, V> {}

impl<K, V> FusedIterator for Iter<'_, K, V> {}

/// The keys of a [`SharedMap`] in order.
pub struct Keys<'a, K, V>(Iter<'a, K, V>);

/// The values of a [`SharedMap`] in key order.
pub struct Values<'a, K, V>(Iter<'a, K, V>);

macro_rules! projection {
    ($name:ident, $item:ty, $pick:expr) => {
        impl<K, V> Clone for $name<'_, K, V> {
            fn clone(&self) -> Self {
                Self(self.0.clone())
            }
        }

        impl<'a, K, V> Iterator for $name<'a, K, V> {
            type Item = &'a $item;

            fn next(&mut self) -> Option<Self::Item> {
                self.0.next().map($pick)
            }

            fn size_hint(&self) -> (usize, Option<usize>) {
                self.0.size_hint()
            }
        }

        impl<K, V> DoubleEndedIterator for $name<'_, K, V> {
            fn next_back(&mut self) -> Option<Self::Item> {
                self.0.next_back().map($pick)
            }
        }

        impl<K, V> ExactSizeIterator for $name<'_, K, V> {}

        impl<K, V> FusedIterator for $name<'_, K, V> {}
    };
}

projection!(Keys, K, |(k, _)| k);
projection!(Values, V, |(_, v)| v);

/// Orders maps as `BTreeMap`s are ordered: entry by entry.
impl<K: PartialOrd, V: PartialOrd> PartialOrd for SharedMap<K, V> {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        self.iter().partial_cmp(other.iter())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[derive(Clone, Debug)]
    enum Op {
        Insert(u16, u32),
        Remove(u16),
        Snapshot,
        Retain(u16),
        Change(u16),
    }

    fn op() -> impl Strategy<Value = Op> {
        // Few distinct keys, so removals and replacements hit existing entries.
        let key = 0u16..600;
        prop_oneof![
            6 => (key.clone(), any::<u32>()).prop_map(|(k, v)| Op::Insert(k, v)),
            3 => key.clone().prop_map(Op::Remove),
            1 => Just(Op::Snapshot),
            1 => (1u16..7).prop_map(Op::Retain),
            2 => key.prop_map(Op::Change),
        ]
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]
        /// Any sequence of changes leaves a `SharedMap` equal to a `BTreeMap` given the same
        /// changes, and a copy taken on the way never sees a later change.
        #[test]
        fn a_shared_map_behaves_as_a_btree_map(ops in prop::collection::vec(op(), 1..1500)) {
            let mut shared: SharedMap<u16, u32> = SharedMap::new();
            let mut plain: BTreeMap<u16, u32> = BTreeMap::new();
            let mut snapshots = Vec::new();
            for op in ops {
                match op {
                    Op::Insert(k, v) => prop_assert_eq!(shared.insert(k, v), plain.insert(k, v)),
                    Op::Remove(k) => prop_assert_eq!(shared.remove(&k), plain.remove(&k)),
                    Op::Snapshot => snapshots.push((shared.clone(), plain.clone())),
                    Op::Retain(m) => {
                        shared.retain(|k, _| k % m != 0);
                        plain.retain(|k, _| k % m != 0);
                    }
                    Op::Change(k) => {
                        if let Some(v) = shared.get_mut(&k) { *v = v.wrapping_add(1); }
                        if let Some(v) = plain.get_mut(&k) { *v = v.wrapping_add(1); }
                    }
                }
                prop_assert_eq!(shared.len(), plain.len());
                prop_assert!(shared.fences_hold());
            }
            prop_assert!(shared.iter().eq(plain.iter()));
            prop_assert!(shared.iter().rev().eq(plain.iter().rev()));
            for k in 0..600 {
                prop_assert_eq!(shared.get(&k), plain.get(&k));
            }
            for (s, p) in snapshots {
                prop_assert!(s.iter().eq(p.iter()));
                prop_assert_eq!(s.len(), p.len());
            }
            let rebuilt: SharedMap<u16, u32> = plain.clone().into_iter().rev().collect();
            prop_assert_eq!(&rebuilt, &shared);
            prop_assert!(shared.into_iter().eq(plain));
        }
    }

    #[test]
    fn iterating_from_both_ends_meets_in_the_middle() {
        let map: SharedMap<u32, ()> = (0..1000).map(|k| (k, ())).collect();
        let mut it = map.keys();
        let mut seen = Vec::new();
        while let (Some(a), Some(b)) = (it.next(), it.next_back()) {
            seen.push(*a);
            seen.push(*b);
            assert_eq!(it.len(), 1000 - seen.len());
        }
        seen.sort_unstable();
        assert_eq!(seen, (0..1000).collect::<Vec<_>>());
    }
}
