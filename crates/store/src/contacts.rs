//! The store's contact surface: the contact details citizens chose to leave for a reply, kept
//! apart from the answers. They are written by the ingest writers in the transaction that
//! stores their response (`sqlite::contacts::record`, `postgres::contacts::record_all`), read
//! per campaign for the comments page and deleted once older than the retention period.

use domain::contact::Contact;
use jiff::Timestamp;

use crate::{Backend, Result, Store, postgres, sqlite};

/// A contact as stored, with the response it belongs to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredContact {
    pub response_id: i64,
    pub point_id: i64,
    pub contact: Contact,
    pub created_at: Timestamp,
}

impl Store {
    /// Every contact left in `campaign` (few: optional, and purged after a while), by response.
    pub async fn contacts(&self, campaign: i64) -> Result<Vec<StoredContact>> {
        match &*self.backend {
            Backend::Sqlite(db) => db.read(move |c| sqlite::contacts::of_campaign(c, campaign)).await,
            Backend::Postgres(db) => postgres::contacts::of_campaign(&db.client().await?, campaign).await,
        }
    }

    /// Deletes contacts left before `before`, in one statement; returns how many. Their
    /// responses stay.
    pub async fn purge_contacts(&self, before: Timestamp) -> Result<u64> {
        match &*self.backend {
            Backend::Sqlite(db) => db.write(move |tx| sqlite::contacts::purge(tx, before)).await,
            Backend::Postgres(db) => postgres::contacts::purge(&db.client().await?, before).await,
        }
    }
}
