//! The store's export-file surface: files of raw responses written by a background job, their
//! progress, and their expiry.

use domain::results::View;
use jiff::Timestamp;

use crate::{Backend, NewJob, Result, Store, postgres, sqlite};

/// An export to write: which campaign, for whom and within which scope, and how many rows the
/// scope had when asked (the base of the progress shown).
#[derive(Debug, Clone)]
pub struct NewExportFile {
    pub campaign_id: i64,
    pub user_id: i64,
    /// The requester's scope root; none for everything.
    pub scope_unit_id: Option<i64>,
    /// `csv` or `xlsx`.
    pub format: String,
    pub rows_total: i64,
    pub expires_at: Timestamp,
    /// Which responses the file holds.
    pub view: View,
}

/// Where an export stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExportStatus {
    Queued,
    Running,
    Done,
    Failed,
    /// Its file was deleted after it expired.
    Expired,
}

impl ExportStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            ExportStatus::Queued => "queued",
            ExportStatus::Running => "running",
            ExportStatus::Done => "done",
            ExportStatus::Failed => "failed",
            ExportStatus::Expired => "expired",
        }
    }

    pub fn parse(raw: &str) -> Option<ExportStatus> {
        [ExportStatus::Queued, ExportStatus::Running, ExportStatus::Done, ExportStatus::Failed, ExportStatus::Expired]
            .into_iter()
            .find(|s| s.as_str() == raw)
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExportFileRecord {
    pub id: i64,
    pub campaign_id: i64,
    pub user_id: i64,
    pub scope_unit_id: Option<i64>,
    pub format: String,
    pub status: ExportStatus,
    pub rows_total: i64,
    pub rows_done: i64,
    /// The file's name inside the exports folder, once written.
    pub file_name: Option<String>,
    pub bytes: Option<i64>,
    pub error: Option<String>,
    pub created_at: Timestamp,
    pub finished_at: Option<Timestamp>,
    pub expires_at: Timestamp,
    pub view: View,
}

impl Store {
    /// Records an export and enqueues the job that writes it, in one transaction; the job's
    /// payload is built from the new export's id.
    pub async fn create_export_file(
        &self,
        new: NewExportFile,
        job: impl FnOnce(i64) -> NewJob + Send + 'static,
        now: Timestamp,
    ) -> Result<i64> {
        match &*self.backend {
            Backend::Sqlite(db) => db.write(move |tx| sqlite::exports::create(tx, &new, job, now)).await,
            Backend::Postgres(db) => postgres::exports::create(db, &new, job, now).await,
        }
    }

    pub async fn export_file(&self, id: i64) -> Result<Option<ExportFileRecord>> {
        match &*self.backend {
            Backend::Sqlite(db) => db.read(move |c| sqlite::exports::by_id(c, id)).await,
            Backend::Postgres(db) => postgres::exports::by_id(&db.client().await?, id).await,
        }
    }

    /// A user's exports, newest first.
    pub async fn export_files_of(&self, user: i64, limit: i64) -> Result<Vec<ExportFileRecord>> {
        match &*self.backend {
            Backend::Sqlite(db) => db.read(move |c| sqlite::exports::of_user(c, user, limit)).await,
            Backend::Postgres(db) => postgres::exports::of_user(&db.client().await?, user, limit).await,
        }
    }

    /// Marks an export running (again, after a worker died) with no rows written yet.
    pub async fn start_export_file(&self, id: i64) -> Result<()> {
        match &*self.backend {
            Backend::Sqlite(db) => db.write(move |tx| sqlite::exports::start(tx, id)).await,
            Backend::Postgres(db) => postgres::exports::start(&db.client().await?, id).await,
        }
    }

    /// Rows written so far.
    pub async fn export_progress(&self, id: i64, rows_done: i64) -> Result<()> {
        match &*self.backend {
            Backend::Sqlite(db) => db.write(move |tx| sqlite::exports::progress(tx, id, rows_done)).await,
            Backend::Postgres(db) => postgres::exports::progress(&db.client().await?, id, rows_done).await,
        }
    }

    /// The file is written: its name, size and final row count.
    pub async fn finish_export_file(
        &self,
        id: i64,
        file_name: String,
        bytes: i64,
        rows: i64,
        now: Timestamp,
    ) -> Result<()> {
        match &*self.backend {
            Backend::Sqlite(db) => {
                db.write(move |tx| sqlite::exports::finish(tx, id, &file_name, bytes, rows, now)).await
            }
            Backend::Postgres(db) => {
                postgres::exports::finish(&db.client().await?, id, &file_name, bytes, rows, now).await
            }
        }
    }

    pub async fn fail_export_file(&self, id: i64, error: String, now: Timestamp) -> Result<()> {
        match &*self.backend {
            Backend::Sqlite(db) => db.write(move |tx| sqlite::exports::fail(tx, id, &error, now)).await,
            Backend::Postgres(db) => postgres::exports::fail(&db.client().await?, id, &error, now).await,
        }
    }

    /// Marks every export past its expiry as expired and returns the file names to delete.
    pub async fn expire_export_files(&self, now: Timestamp) -> Result<Vec<String>> {
        match &*self.backend {
            Backend::Sqlite(db) => db.write(move |tx| sqlite::exports::expire(tx, now)).await,
            Backend::Postgres(db) => postgres::exports::expire(&db.client().await?, now).await,
        }
    }
}
