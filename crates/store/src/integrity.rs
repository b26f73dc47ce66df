//! The store's integrity surface: purging old marks, and the flags of a campaign's responses.
//! Marks and flags are counted and written by the ingest writers (`limits`).

use jiff::Timestamp;

use crate::{Backend, Result, Store, postgres, sqlite};

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

    /// Flagged responses of a campaign per point (`(point, responses)`), for the monitor.
    pub async fn flagged_by_point(&self, campaign: i64) -> Result<Vec<(i64, i64)>> {
        match &*self.backend {
            Backend::Sqlite(db) => db.read(move |c| sqlite::integrity::flagged_by_point(c, campaign)).await,
            Backend::Postgres(db) => postgres::integrity::flagged_by_point(&db.client().await?, campaign).await,
        }
    }
}
