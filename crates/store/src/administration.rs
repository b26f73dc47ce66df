//! The store's administration surface: the audit log, sign-in failures for throttling, and
//! account changes made from the admin pages.

use jiff::Timestamp;

use domain::units::LineageLink;

use crate::{AuditEntry, AuditQuery, Backend, NewAuditEntry, NewLineage, Result, Store, UserRecord, postgres, sqlite};

impl Store {
    // --- audit log --------------------------------------------------------------------------

    pub async fn record_audit(&self, entry: NewAuditEntry) -> Result<()> {
        match &*self.backend {
            Backend::Sqlite(db) => db.write(move |tx| sqlite::audit::record(tx, &entry)).await,
            Backend::Postgres(db) => postgres::audit::record(&db.client().await?, &entry).await,
        }
    }

    /// Entries matching `query`, newest first.
    pub async fn audit_entries(&self, query: AuditQuery) -> Result<Vec<AuditEntry>> {
        match &*self.backend {
            Backend::Sqlite(db) => db.read(move |c| sqlite::audit::entries(c, &query)).await,
            Backend::Postgres(db) => postgres::audit::entries(&db.client().await?, &query).await,
        }
    }

    // --- sign-in failures -------------------------------------------------------------------

    pub async fn record_sign_in_failure(&self, keys: Vec<String>, at: Timestamp) -> Result<()> {
        match &*self.backend {
            Backend::Sqlite(db) => db.write(move |tx| sqlite::sign_in_failures::record(tx, &keys, at)).await,
            Backend::Postgres(db) => postgres::sign_in_failures::record(&db.client().await?, &keys, at).await,
        }
    }

    /// When each failure under `key` since `since` happened, oldest first.
    pub async fn sign_in_failures(&self, key: &str, since: Timestamp) -> Result<Vec<Timestamp>> {
        match &*self.backend {
            Backend::Sqlite(db) => {
                let key = key.to_owned();
                db.read(move |c| sqlite::sign_in_failures::since(c, &key, since)).await
            }
            Backend::Postgres(db) => postgres::sign_in_failures::since(&db.client().await?, key, since).await,
        }
    }

    pub async fn clear_sign_in_failures(&self, key: String) -> Result<()> {
        match &*self.backend {
            Backend::Sqlite(db) => db.write(move |tx| sqlite::sign_in_failures::clear(tx, &key)).await,
            Backend::Postgres(db) => postgres::sign_in_failures::clear(&db.client().await?, &key).await,
        }
    }

    /// Forgets failures older than `before`; returns how many.
    pub async fn purge_sign_in_failures(&self, before: Timestamp) -> Result<u64> {
        match &*self.backend {
            Backend::Sqlite(db) => db.write(move |tx| sqlite::sign_in_failures::purge(tx, before)).await,
            Backend::Postgres(db) => postgres::sign_in_failures::purge(&db.client().await?, before).await,
        }
    }

    // --- accounts ---------------------------------------------------------------------------

    pub async fn users(&self) -> Result<Vec<UserRecord>> {
        match &*self.backend {
            Backend::Sqlite(db) => db.read(sqlite::accounts::all).await,
            Backend::Postgres(db) => postgres::accounts::all(&db.client().await?).await,
        }
    }

    /// Disables an account (ending its sessions) when `disabled_at` is set, or re-enables it.
    pub async fn set_user_disabled(&self, username: &str, disabled_at: Option<Timestamp>) -> Result<()> {
        match &*self.backend {
            Backend::Sqlite(db) => {
                let username = username.to_owned();
                db.write(move |tx| sqlite::accounts::set_disabled(tx, &username, disabled_at)).await
            }
            Backend::Postgres(db) => postgres::accounts::set_disabled(db, username, disabled_at).await,
        }
    }

    /// A user's new password hash; every other session of theirs ends, `keep_session` stays.
    pub async fn change_password(&self, user_id: i64, password_hash: String, keep_session: String) -> Result<()> {
        match &*self.backend {
            Backend::Sqlite(db) => {
                db.write(move |tx| sqlite::accounts::change_password(tx, user_id, &password_hash, &keep_session)).await
            }
            Backend::Postgres(db) => {
                postgres::accounts::change_password(db, user_id, &password_hash, &keep_session).await
            }
        }
    }
}

impl Store {
    // --- unit lineage -----------------------------------------------------------------------

    /// Records a merge or split; nothing is written if any link is already recorded.
    pub async fn record_lineage(&self, new: NewLineage, now: Timestamp) -> Result<()> {
        match &*self.backend {
            Backend::Sqlite(db) => db.write(move |tx| sqlite::lineage::record(tx, &new, now)).await,
            Backend::Postgres(db) => postgres::lineage::record(db, &new, now).await,
        }
    }

    pub async fn lineage(&self) -> Result<Vec<LineageLink>> {
        match &*self.backend {
            Backend::Sqlite(db) => db.read(sqlite::lineage::all).await,
            Backend::Postgres(db) => postgres::lineage::all(&db.client().await?).await,
        }
    }
}
