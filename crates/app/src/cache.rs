//! Short-lived caches for the citizen path: what a QR token leads to, and instruments.
//! Entries expire after a few seconds, so a revoked token or a closed campaign takes effect on
//! every instance without any message between them; the write path checks the campaign again
//! inside its transaction.

use std::collections::HashMap;
use std::hash::Hash;
use std::sync::{Arc, RwLock};
use std::time::{Duration, Instant};

use domain::units::Unit;
use store::InstrumentRecord;

use crate::survey::Lookup;

/// How long a cached lookup is trusted.
pub(crate) const FRESH_FOR: Duration = Duration::from_secs(5);
/// Entries kept before the cache is cleared (a national deployment has ~3,400 points).
const CAPACITY: usize = 20_000;

/// A map whose entries are trusted for a fixed time after they were put.
#[derive(Debug)]
pub struct Ttl<K, V> {
    entries: RwLock<HashMap<K, (Instant, Arc<V>)>>,
    fresh_for: Duration,
}

impl<K: Eq + Hash + Clone, V> Ttl<K, V> {
    pub fn new(fresh_for: Duration) -> Self {
        Ttl { entries: RwLock::new(HashMap::new()), fresh_for }
    }

    pub fn get(&self, key: &K) -> Option<Arc<V>> {
        let entries = self.entries.read().expect("cache lock");
        entries.get(key).filter(|(at, _)| at.elapsed() < self.fresh_for).map(|(_, v)| v.clone())
    }

    pub fn put(&self, key: K, value: Arc<V>) {
        let mut entries = self.entries.write().expect("cache lock");
        if entries.len() >= CAPACITY {
            entries.retain(|_, (at, _)| at.elapsed() < self.fresh_for);
            if entries.len() >= CAPACITY {
                entries.clear();
            }
        }
        entries.insert(key, (Instant::now(), value));
    }

    pub fn clear(&self) {
        self.entries.write().expect("cache lock").clear();
    }
}

#[derive(Debug)]
pub(crate) struct Caches {
    /// QR token → what it leads to: a point and the survey running there, or why not.
    pub(crate) lookups: Ttl<String, Lookup>,
    /// Instruments change only while nobody has answered them; a minute is safe.
    pub(crate) instruments: Ttl<i64, Option<InstrumentRecord>>,
    /// The whole unit tree, for staff scopes.
    pub(crate) units: Ttl<(), Vec<Unit>>,
}

impl Default for Caches {
    fn default() -> Self {
        Caches {
            lookups: Ttl::new(FRESH_FOR),
            instruments: Ttl::new(Duration::from_secs(60)),
            units: Ttl::new(FRESH_FOR),
        }
    }
}

impl Caches {
    /// Forgets everything (after this instance changed tokens, campaigns or instruments).
    pub(crate) fn clear(&self) {
        self.lookups.clear();
        self.instruments.clear();
        self.units.clear();
    }
}
