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

use crate::breakdowns::{ProfileKey, Profiles};
use crate::survey::Lookup;

/// How long a cached lookup is trusted.
pub(crate) const FRESH_FOR: Duration = Duration::from_secs(5);
/// Entries kept before the cache is cleared (a national deployment has ~3,400 points).
const CAPACITY: usize = 20_000;
/// A recount is kept while its points get no new response, and at most this long.
const PROFILES_FRESH_FOR: Duration = Duration::from_secs(3600);
/// Recounts kept: one per campaign and scope that someone broke down lately.
const PROFILES_CAPACITY: usize = 64;

/// A map whose entries are trusted for a fixed time after they were put.
#[derive(Debug)]
pub struct Ttl<K, V> {
    entries: RwLock<HashMap<K, (Instant, Arc<V>)>>,
    fresh_for: Duration,
    capacity: usize,
}

impl<K: Eq + Hash + Clone, V> Ttl<K, V> {
    pub fn new(fresh_for: Duration) -> Self {
        Ttl::with_capacity(fresh_for, CAPACITY)
    }

    /// A cache of at most `capacity` entries (for large values).
    pub fn with_capacity(fresh_for: Duration, capacity: usize) -> Self {
        Ttl { entries: RwLock::new(HashMap::new()), fresh_for, capacity }
    }

    pub fn get(&self, key: &K) -> Option<Arc<V>> {
        let entries = self.entries.read().expect("cache lock");
        entries.get(key).filter(|(at, _)| at.elapsed() < self.fresh_for).map(|(_, v)| v.clone())
    }

    pub fn put(&self, key: K, value: Arc<V>) {
        let mut entries = self.entries.write().expect("cache lock");
        if entries.len() >= self.capacity {
            entries.retain(|_, (at, _)| at.elapsed() < self.fresh_for);
            if entries.len() >= self.capacity {
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
    /// Breakdown recounts by campaign and points, with the responses they counted: valid
    /// while that number is unchanged (`breakdowns.rs`).
    pub(crate) profiles: Ttl<ProfileKey, (i64, Arc<Profiles>)>,
}

impl Default for Caches {
    fn default() -> Self {
        Caches {
            lookups: Ttl::new(FRESH_FOR),
            instruments: Ttl::new(Duration::from_secs(60)),
            units: Ttl::new(FRESH_FOR),
            profiles: Ttl::with_capacity(PROFILES_FRESH_FOR, PROFILES_CAPACITY),
        }
    }
}

impl Caches {
    /// Forgets everything (after this instance changed tokens, campaigns or instruments).
    pub(crate) fn clear(&self) {
        self.lookups.clear();
        self.instruments.clear();
        self.units.clear();
        self.profiles.clear();
    }
}
