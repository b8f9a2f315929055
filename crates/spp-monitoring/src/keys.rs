//! Exact keyed sets for the fold: a fast hasher for short trusted keys, and an interner that
//! gives strings (notice ids, organisation ids) small integer ids within one partial result.
//! Merging two partial results re-interns the other side's strings and remaps its ids, so
//! sets built on ids stay exact (no hash stands in for a key).

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

/// A word-at-a-time multiplicative hasher for the engine's short keys (ids, codes). Not
/// resistant to chosen collisions; collisions only cost time, never exactness, since the
/// maps compare whole keys.
#[derive(Debug, Clone, Copy, Default)]
pub struct FastHasher(u64);

const K: u64 = 0x9e37_79b9_7f4a_7c15;

impl FastHasher {
    #[inline]
    fn add(&mut self, word: u64) {
        self.0 = (self.0.rotate_left(23) ^ word).wrapping_mul(K);
    }
}

impl Hasher for FastHasher {
    #[inline]
    fn finish(&self) -> u64 {
        // Spread the high bits into the low ones (hash tables index with the low bits).
        self.0 ^ (self.0 >> 32)
    }

    #[inline]
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for chunk in &mut chunks {
            let mut word = [0u8; 8];
            word.copy_from_slice(chunk);
            self.add(u64::from_le_bytes(word));
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            let mut word = [0u8; 8];
            word[..rest.len()].copy_from_slice(rest);
            self.add(u64::from_le_bytes(word) ^ ((rest.len() as u64) << 59));
        }
    }

    #[inline]
    fn write_u8(&mut self, n: u8) {
        self.add(u64::from(n));
    }

    #[inline]
    fn write_u32(&mut self, n: u32) {
        self.add(u64::from(n));
    }

    #[inline]
    fn write_u64(&mut self, n: u64) {
        self.add(n);
    }

    #[inline]
    fn write_usize(&mut self, n: usize) {
        self.add(n as u64);
    }
}

/// A `HashMap` with [`FastHasher`].
pub type FastMap<K, V> = HashMap<K, V, BuildHasherDefault<FastHasher>>;

/// The [`FastHasher`] hash of a string (as a `str` key hashes in a [`FastMap`]).
#[inline]
pub fn hash_str(key: &str) -> u64 {
    let mut h = FastHasher::default();
    h.write(key.as_bytes());
    h.finish()
}

/// A hasher for keys that already are hashes: `write_u64` passes the value through.
#[derive(Debug, Clone, Copy, Default)]
pub struct PassThrough(FastHasher);

impl Hasher for PassThrough {
    #[inline]
    fn finish(&self) -> u64 {
        (self.0).0
    }

    #[inline]
    fn write(&mut self, bytes: &[u8]) {
        self.0.write(bytes);
        (self.0).0 = self.0.finish();
    }

    #[inline]
    fn write_u64(&mut self, n: u64) {
        (self.0).0 = n;
    }
}

/// A `HashMap` keyed by hashes computed beforehand.
pub type HashedMap<V> = HashMap<u64, V, BuildHasherDefault<PassThrough>>;

/// No next id in a chain.
const NONE: u32 = u32::MAX;

/// Strings → dense ids `0, 1, 2, …` in order of first sight, within one partial result.
///
/// Each string is hashed once; the table holds hashes, so growing it and merging two
/// interners never re-hash a string. Strings with the same hash are chained and compared in
/// full, so ids are exact. The strings are kept end to end in one buffer (no allocation per
/// string).
#[derive(Debug, Clone, Default)]
pub struct Interner {
    /// hash → the first id with that hash.
    first: HashedMap<u32>,
    text: String,
    /// Per id: where its string ends in `text` (it starts where the previous one ends).
    ends: Vec<usize>,
    hashes: Vec<u64>,
    /// The next id with the same hash ([`NONE`] at the end of a chain).
    next: Vec<u32>,
}

/// Where a string is, or where it would be linked in.
enum Found {
    Id(u32),
    /// Not there; the chain of its hash ends at this id.
    After(u32),
    Absent,
}

impl Interner {
    /// An interner with room for `n` keys.
    pub fn with_capacity(n: usize) -> Self {
        Interner {
            first: HashedMap::with_capacity_and_hasher(n, Default::default()),
            ends: Vec::with_capacity(n),
            hashes: Vec::with_capacity(n),
            next: Vec::with_capacity(n),
            ..Interner::default()
        }
    }

    /// The id of `key`.
    pub fn intern(&mut self, key: &str) -> u32 {
        self.intern_hashed(key, hash_str(key))
    }

    /// The id of `key`, whose [`hash_str`] is `hash`.
    pub fn intern_hashed(&mut self, key: &str, hash: u64) -> u32 {
        match self.find(key, hash) {
            Found::Id(id) => id,
            found => self.push(key, hash, found),
        }
    }

    /// The id of `key` when it is known.
    pub fn get(&self, key: &str) -> Option<u32> {
        match self.find(key, hash_str(key)) {
            Found::Id(id) => Some(id),
            _ => None,
        }
    }

    /// The string of `id`.
    pub fn name(&self, id: u32) -> Option<&str> {
        let id = id as usize;
        let start = match id.checked_sub(1) {
            Some(previous) => *self.ends.get(previous)?,
            None => 0,
        };
        self.text.get(start..*self.ends.get(id)?)
    }

    fn find(&self, key: &str, hash: u64) -> Found {
        let Some(mut id) = self.first.get(&hash).copied() else {
            return Found::Absent;
        };
        loop {
            if self.name(id) == Some(key) {
                return Found::Id(id);
            }
            match self.next.get(id as usize) {
                Some(&next) if next != NONE => id = next,
                _ => return Found::After(id),
            }
        }
    }

    fn push(&mut self, key: &str, hash: u64, found: Found) -> u32 {
        // More than u32::MAX - 1 distinct keys cannot be held in memory anyway; saturating
        // keeps this total without a panic path.
        let id = u32::try_from(self.ends.len()).unwrap_or(NONE - 1);
        match found {
            Found::After(tail) => {
                if let Some(next) = self.next.get_mut(tail as usize) {
                    *next = id;
                }
            }
            _ => {
                self.first.insert(hash, id);
            }
        }
        self.text.push_str(key);
        self.ends.push(self.text.len());
        self.hashes.push(hash);
        self.next.push(NONE);
        id
    }

    /// Number of distinct keys.
    pub fn len(&self) -> usize {
        self.ends.len()
    }

    pub fn is_empty(&self) -> bool {
        self.ends.is_empty()
    }

    /// Take in the keys of `other`; returns, for each id of `other`, its id here.
    pub fn absorb(&mut self, other: &Interner) -> Vec<u32> {
        self.first.reserve(other.len());
        self.text.reserve(other.text.len());
        (0..other.len())
            .zip(&other.hashes)
            .map(|(id, hash)| {
                let key = u32::try_from(id)
                    .ok()
                    .and_then(|id| other.name(id))
                    .unwrap_or("");
                self.intern_hashed(key, *hash)
            })
            .collect()
    }
}

/// The id that `remap` (from [`Interner::absorb`]) gives to `id`.
#[inline]
pub fn remapped(remap: &[u32], id: u32) -> u32 {
    remap.get(id as usize).copied().unwrap_or(id)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn absorb_remaps_ids_exactly() {
        let mut a: Interner = Interner::default();
        assert_eq!(a.intern("N1"), 0);
        assert_eq!(a.intern("N2"), 1);
        assert_eq!(a.intern("N1"), 0);
        let mut b: Interner = Interner::default();
        assert_eq!(b.intern("N3"), 0);
        assert_eq!(b.intern("N2"), 1);
        let remap = a.absorb(&b);
        assert_eq!(remap, vec![2, 1]);
        assert_eq!(a.len(), 3);
        assert_eq!(remapped(&remap, 1), 1);
        assert_eq!(a.name(2), Some("N3"));
        assert_eq!(a.get("N2"), Some(1));
        assert_eq!(a.get("N4"), None);
    }

    #[test]
    fn equal_hashes_keep_keys_apart() {
        // Force every key into one chain: ids must still be exact.
        let mut a: Interner = Interner::default();
        for (i, key) in ["a", "b", "c"].iter().enumerate() {
            assert_eq!(a.intern_hashed(key, 7) as usize, i);
        }
        assert_eq!(a.intern_hashed("b", 7), 1);
        assert_eq!(a.name(1), Some("b"));
        assert!(matches!(a.find("b", 7), Found::Id(1)));
        assert!(matches!(a.find("d", 7), Found::After(2)));
        let mut b: Interner = Interner::default();
        b.intern("z");
        let remap = b.absorb(&a);
        assert_eq!(remap, vec![1, 2, 3]);
        assert_eq!(b.len(), 4);
    }

    #[test]
    fn hasher_sees_every_byte() {
        let hash = |s: &str| {
            let mut h = FastHasher::default();
            h.write(s.as_bytes());
            h.finish()
        };
        assert_ne!(hash("ORG-0001"), hash("ORG-0002"));
        assert_ne!(hash("abcdefgh1"), hash("abcdefgh2"));
        assert_ne!(hash("a"), hash("a\0"));
    }
}
