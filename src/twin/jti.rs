//! The twin's spent `jti`s (spec §4.1 step 7.10, written at step 8): one per (`sub`, `jti`),
//! for 30 days, bounded in bytes in total and per `sub`, the oldest evicted first.
//!
//! The gateway spends a `jti` *before* the key and signature checks, so anyone can spend one,
//! with any `sub` and a `jti` of any length. The store keeps a SHA-256 digest of each, never the
//! raw text, so every spent `jti` costs the same [`ENTRY_BYTES`] whatever its length, and the
//! bounds are counted in those bytes. An evicted `jti` could be used again, which the gateway
//! would refuse for 30 days: the price of a bound, paid by the oldest entries only.

use std::collections::{BTreeMap, HashMap, VecDeque};

use sha2::{Digest as _, Sha256};

use crate::platform::JTI_WINDOW_SECONDS;

/// The replay window, in days (`JTI_WINDOW_SECONDS`).
pub const JTI_WINDOW_DAYS: i64 = JTI_WINDOW_SECONDS / 86_400;

/// What one spent `jti` costs the store, counted generously: its 32-byte digest of (`sub`,
/// `jti`) in the index, the entry in the age order (digest, its `sub`'s digest, expiry), its
/// place in its `sub`'s order, and the maps' spare room (a hash table just grown is half
/// empty; B-tree nodes filled in order are about half full). `tests/twin_hardening.rs`
/// measures the real heap against it.
pub const ENTRY_BYTES: usize = 320;
/// The whole store: 32 MiB, 104,857 spent `jti`s.
pub const DEFAULT_TOTAL_BYTES: usize = 32 << 20;
/// One `sub`: 8 MiB, 26,214 spent `jti`s (a quarter of the store, so that one flooding `sub`
/// cannot push the others out).
pub const DEFAULT_PER_SUB_BYTES: usize = 8 << 20;

/// The store's bounds, in bytes (see [`ENTRY_BYTES`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct JtiLimits {
    pub total_bytes: usize,
    pub per_sub_bytes: usize,
}

impl Default for JtiLimits {
    fn default() -> Self {
        JtiLimits { total_bytes: DEFAULT_TOTAL_BYTES, per_sub_bytes: DEFAULT_PER_SUB_BYTES }
    }
}

impl JtiLimits {
    /// How many spent `jti`s the store keeps in all (at least one).
    pub fn total_entries(&self) -> usize {
        (self.total_bytes / ENTRY_BYTES).max(1)
    }
    /// How many one `sub` keeps (at least one, at most the total).
    pub fn per_sub_entries(&self) -> usize {
        (self.per_sub_bytes / ENTRY_BYTES).clamp(1, self.total_entries())
    }
}

/// A SHA-256 digest.
pub type Digest = [u8; 32];

/// The digest that names a `sub`.
pub fn sub_digest(sub: &str) -> Digest {
    let mut h = Sha256::new();
    h.update(b"auth-triage twin sub\0");
    h.update(sub.as_bytes());
    h.finalize().into()
}

/// The digest that names a (`sub`, `jti`) pair: the cache key of `PopulateCache.JTIClaim`
/// (`sub` + `jti`), with the `sub`'s length first so that no two pairs share one.
pub fn key_digest(sub: &str, jti: &str) -> Digest {
    let mut h = Sha256::new();
    h.update(b"auth-triage twin jti\0");
    h.update((sub.len() as u64).to_be_bytes());
    h.update(sub.as_bytes());
    h.update(jti.as_bytes());
    h.finalize().into()
}

/// One spent `jti`, as the store and its state file keep it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Spent {
    pub sub: Digest,
    pub key: Digest,
    /// Unix seconds (the twin's clock): free again from then on.
    pub expires: i64,
}

#[derive(Debug)]
pub struct JtiStore {
    limits: JtiLimits,
    /// Insertion number of the next entry: the age order.
    next: u64,
    by_key: HashMap<Digest, u64>,
    by_age: BTreeMap<u64, Spent>,
    /// Each `sub`'s entries, oldest first.
    by_sub: HashMap<Digest, VecDeque<u64>>,
    evicted: u64,
    /// Bumped on every change (the state file is written when it moved).
    version: u64,
}

impl JtiStore {
    pub fn new(limits: JtiLimits) -> JtiStore {
        JtiStore {
            limits,
            next: 0,
            by_key: HashMap::new(),
            by_age: BTreeMap::new(),
            by_sub: HashMap::new(),
            evicted: 0,
            version: 0,
        }
    }

    pub fn limits(&self) -> JtiLimits {
        self.limits
    }

    /// This `sub` sent this `jti` less than 30 days ago (twin clock) and it was not evicted.
    pub fn is_spent(&self, sub: &str, jti: &str, now: i64) -> bool {
        let key = key_digest(sub, jti);
        self.by_key.get(&key).and_then(|seq| self.by_age.get(seq)).is_some_and(|s| s.expires > now)
    }

    /// Spend it (step 8): kept until `now` + 30 days, or until the bounds evict it.
    pub fn spend(&mut self, sub: &str, jti: &str, now: i64) {
        let entry = Spent { sub: sub_digest(sub), key: key_digest(sub, jti), expires: now + JTI_WINDOW_SECONDS };
        self.insert(entry, now);
    }

    /// Put back an entry read from the state file (it counts against the bounds as any other;
    /// an expired one is dropped).
    pub fn restore(&mut self, entry: Spent, now: i64) {
        if entry.expires > now {
            self.insert(entry, now);
        }
    }

    fn insert(&mut self, entry: Spent, now: i64) {
        self.version += 1;
        self.expire(now);
        if let Some(seq) = self.by_key.get(&entry.key).copied() {
            // Spent again after it expired (or restored twice): the newer one counts.
            self.remove(seq);
        }
        let seq = self.next;
        self.next += 1;
        self.by_key.insert(entry.key, seq);
        self.by_age.insert(seq, entry);
        let mine = self.by_sub.entry(entry.sub).or_default();
        mine.push_back(seq);
        let over_sub = mine.len().saturating_sub(self.limits.per_sub_entries());
        let oldest_of_sub: Vec<u64> = mine.iter().take(over_sub).copied().collect();
        for seq in oldest_of_sub {
            self.remove(seq);
            self.evicted += 1;
        }
        while self.by_age.len() > self.limits.total_entries() {
            let Some((&seq, _)) = self.by_age.first_key_value() else { break };
            self.remove(seq);
            self.evicted += 1;
        }
    }

    /// Drop the entries that have expired, oldest first. (With a clock that went back, an
    /// expired entry may wait behind a live one; it is still treated as free and still counted
    /// until the bounds or its turn remove it.)
    fn expire(&mut self, now: i64) {
        while let Some((&seq, e)) = self.by_age.first_key_value() {
            if e.expires > now {
                break;
            }
            self.remove(seq);
        }
    }

    fn remove(&mut self, seq: u64) {
        let Some(e) = self.by_age.remove(&seq) else { return };
        if self.by_key.get(&e.key) == Some(&seq) {
            self.by_key.remove(&e.key);
        }
        if let Some(mine) = self.by_sub.get_mut(&e.sub) {
            // Nearly always the front: the oldest of all is the oldest of its sub.
            if mine.front() == Some(&seq) {
                mine.pop_front();
            } else if let Some(i) = mine.iter().position(|s| *s == seq) {
                mine.remove(i);
            }
            if mine.is_empty() {
                self.by_sub.remove(&e.sub);
            }
        }
    }

    /// How many spent `jti`s are kept.
    pub fn len(&self) -> usize {
        self.by_age.len()
    }

    pub fn is_empty(&self) -> bool {
        self.by_age.is_empty()
    }

    /// The bytes they are counted as (`len` × [`ENTRY_BYTES`]).
    pub fn bytes(&self) -> usize {
        self.len() * ENTRY_BYTES
    }

    /// How many entries the bounds have evicted since the start.
    pub fn evicted(&self) -> u64 {
        self.evicted
    }

    pub fn version(&self) -> u64 {
        self.version
    }

    /// Every entry, oldest first (for the state file).
    pub fn entries(&self) -> Vec<Spent> {
        self.by_age.values().copied().collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const NOW: i64 = 1_760_000_000;

    fn limits(total: usize, per_sub: usize) -> JtiLimits {
        JtiLimits { total_bytes: total * ENTRY_BYTES, per_sub_bytes: per_sub * ENTRY_BYTES }
    }

    #[test]
    fn spent_per_sub_for_30_days() {
        let mut s = JtiStore::new(JtiLimits::default());
        assert!(!s.is_spent("a", "j1", NOW));
        s.spend("a", "j1", NOW);
        assert!(s.is_spent("a", "j1", NOW));
        assert!(s.is_spent("a", "j1", NOW + JTI_WINDOW_SECONDS - 1));
        assert!(!s.is_spent("a", "j1", NOW + JTI_WINDOW_SECONDS));
        // Per sub: the same jti from another sub is another entry; no pair stands for another.
        assert!(!s.is_spent("b", "j1", NOW));
        s.spend("ab", "c", NOW);
        assert!(!s.is_spent("a", "bc", NOW));
        // Expired entries go when the next is written.
        s.spend("a", "j2", NOW + JTI_WINDOW_SECONDS);
        assert_eq!(s.len(), 1);
        // Spent again once free: one entry, the new expiry.
        s.spend("a", "j2", NOW + 2 * JTI_WINDOW_SECONDS);
        assert_eq!(s.len(), 1);
        assert!(s.is_spent("a", "j2", NOW + 2 * JTI_WINDOW_SECONDS + 1));
    }

    #[test]
    fn bounded_in_total_oldest_first() {
        let mut s = JtiStore::new(limits(3, 3));
        for (i, sub) in ["a", "b", "c", "d"].iter().enumerate() {
            s.spend(sub, "j", NOW + i as i64);
        }
        assert_eq!((s.len(), s.bytes(), s.evicted()), (3, 3 * ENTRY_BYTES, 1));
        assert!(!s.is_spent("a", "j", NOW + 10), "the oldest went");
        assert!(["b", "c", "d"].iter().all(|sub| s.is_spent(sub, "j", NOW + 10)));
    }

    #[test]
    fn bounded_per_sub_oldest_of_that_sub_first() {
        let mut s = JtiStore::new(limits(10, 2));
        s.spend("victim", "v1", NOW);
        for i in 0..5 {
            s.spend("flood", &format!("f{i}"), NOW);
        }
        assert_eq!(s.len(), 3);
        assert!(s.is_spent("victim", "v1", NOW), "one sub cannot push another out");
        assert!(s.is_spent("flood", "f3", NOW) && s.is_spent("flood", "f4", NOW));
        assert!(!s.is_spent("flood", "f2", NOW));
        assert_eq!(s.evicted(), 3);
        // Global eviction then takes the oldest of all, victim's included.
        let mut s = JtiStore::new(limits(3, 3));
        s.spend("victim", "v1", NOW);
        s.spend("flood", "f1", NOW);
        s.spend("flood", "f2", NOW);
        s.spend("other", "o1", NOW);
        assert!(!s.is_spent("victim", "v1", NOW));
        assert_eq!(s.entries().iter().map(|e| e.sub).collect::<Vec<_>>().len(), 3);
    }

    #[test]
    fn keeps_digests_only_and_restores_within_bounds() {
        let long = "x".repeat(20_000);
        let mut s = JtiStore::new(limits(2, 2));
        s.spend("sub", &long, NOW);
        let e = s.entries()[0];
        assert_eq!(e.key, key_digest("sub", &long));
        assert_eq!(e.sub, sub_digest("sub"));
        let mut t = JtiStore::new(limits(2, 2));
        for (i, sub) in ["a", "b", "c"].iter().enumerate() {
            t.restore(Spent { sub: sub_digest(sub), key: key_digest(sub, "j"), expires: NOW + 10 + i as i64 }, NOW);
        }
        t.restore(Spent { sub: sub_digest("d"), key: key_digest("d", "j"), expires: NOW }, NOW);
        assert_eq!(t.len(), 2, "bounded as it is read, the expired one dropped");
        assert!(t.is_spent("b", "j", NOW) && t.is_spent("c", "j", NOW));
    }

    #[test]
    fn a_clock_gone_back_still_removes_out_of_order() {
        let mut s = JtiStore::new(limits(10, 10));
        s.spend("a", "1", NOW);
        s.spend("a", "2", NOW - 1_000);
        s.spend("a", "3", NOW);
        // "2" expires first, behind "1": free at its time, then replaced in place.
        let t = NOW - 1_000 + JTI_WINDOW_SECONDS;
        assert!(!s.is_spent("a", "2", t));
        s.spend("a", "2", t);
        assert_eq!(s.len(), 3);
        assert!(s.is_spent("a", "1", t) && s.is_spent("a", "2", t) && s.is_spent("a", "3", t));
    }
}
