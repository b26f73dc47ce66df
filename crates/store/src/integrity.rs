//! The store's integrity surface: purging old marks, and the flags of a campaign's responses.
//! Marks and flags are counted and written by the ingest writers (`limits`).

use jiff::Timestamp;

use crate::{Backend, Result, Store, postgres, sqlite};

/// A point's flagged responses, as kept with every flag and decision (migration 0016).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct PointFlagCount {
    pub point_id: i64,
    /// Responses carrying at least one flag.
    pub flagged: i64,
    /// Of those, responses an organiser accepted or excluded.
    pub reviewed: i64,
}

impl PointFlagCount {
    /// Flagged responses nobody has decided on yet.
    pub fn awaiting_review(&self) -> i64 {
        self.flagged - self.reviewed
    }
}

/// A campaign's flagged responses: how many carry any flag, and how many each reason.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FlagCount {
    pub flagged: i64,
    pub by_reason: Vec<(String, i64)>,
}

impl Store {
    /// Deletes marks older than `before` (past every window); returns how many.
    pub async fn purge_marks(&self, before: Timestamp) -> Result<u64> {
        match &*self.backend {
            Backend::Sqlite(db) => db.write(move |tx| sqlite::integrity::purge_marks(tx, before)).await,
            Backend::Postgres(db) => postgres::integrity::purge_marks(&db.client().await?, before).await,
        }
    }

    pub async fn flag_counts(&self, campaign: i64) -> Result<FlagCount> {
        match &*self.backend {
            Backend::Sqlite(db) => db.read(move |c| sqlite::integrity::flag_counts(c, campaign)).await,
            Backend::Postgres(db) => postgres::integrity::flag_counts(&db.client().await?, campaign).await,
        }
    }

    /// Flagged and reviewed responses of a campaign per point, for the monitor: one kept row
    /// per point, however many flags the campaign holds.
    pub async fn flag_counts_by_point(&self, campaign: i64) -> Result<Vec<PointFlagCount>> {
        match &*self.backend {
            Backend::Sqlite(db) => db.read(move |c| sqlite::integrity::flag_counts_by_point(c, campaign)).await,
            Backend::Postgres(db) => postgres::integrity::flag_counts_by_point(&db.client().await?, campaign).await,
        }
    }
}
