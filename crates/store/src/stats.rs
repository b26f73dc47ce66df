//! Counters the writers keep, read by `/metrics`: how much was ingested, in how many commits,
//! how long commits took, and how deep the queue is.

use std::sync::atomic::{AtomicU64, Ordering};

use crate::IngestOutcome;

#[derive(Debug, Default)]
pub(crate) struct IngestStats {
    commits: AtomicU64,
    failed_commits: AtomicU64,
    commit_micros: AtomicU64,
    stored: AtomicU64,
    duplicates: AtomicU64,
    refused: AtomicU64,
}

impl IngestStats {
    pub(crate) fn committed(&self, outcomes: &[IngestOutcome], micros: u64) {
        self.commits.fetch_add(1, Ordering::Relaxed);
        self.commit_micros.fetch_add(micros, Ordering::Relaxed);
        for outcome in outcomes {
            let counter = match outcome {
                IngestOutcome::Stored => &self.stored,
                IngestOutcome::AlreadyStored => &self.duplicates,
                IngestOutcome::Refused(_) | IngestOutcome::Limited => &self.refused,
            };
            counter.fetch_add(1, Ordering::Relaxed);
        }
    }

    pub(crate) fn failed(&self) {
        self.failed_commits.fetch_add(1, Ordering::Relaxed);
    }

    pub(crate) fn snapshot(&self, queued: usize) -> StoreStats {
        StoreStats {
            commits: self.commits.load(Ordering::Relaxed),
            failed_commits: self.failed_commits.load(Ordering::Relaxed),
            commit_seconds: self.commit_micros.load(Ordering::Relaxed) as f64 / 1e6,
            stored: self.stored.load(Ordering::Relaxed),
            duplicates: self.duplicates.load(Ordering::Relaxed),
            refused: self.refused.load(Ordering::Relaxed),
            queued: queued as u64,
            connections: 0,
            idle_connections: 0,
        }
    }
}

/// A snapshot of the store's counters since start.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct StoreStats {
    /// Ingest transactions committed (each holds one or many responses).
    pub commits: u64,
    pub failed_commits: u64,
    /// Time spent in ingest transactions, in seconds.
    pub commit_seconds: f64,
    pub stored: u64,
    /// Retries and double taps: already stored, counted once.
    pub duplicates: u64,
    /// Answers to closed or ended campaigns: not stored.
    pub refused: u64,
    /// Submissions waiting for the writer now.
    pub queued: u64,
    /// Open read connections (SQLite) or pooled connections (PostgreSQL).
    pub connections: u64,
    pub idle_connections: u64,
}
