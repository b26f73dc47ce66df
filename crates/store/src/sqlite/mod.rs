//! The embedded SQLite backend: WAL, `synchronous=FULL` (a thanked answer survives a power
//! cut), one writer thread that owns the only write connection, and a pool of read-only
//! connections.

pub(crate) mod accounts;
pub(crate) mod anomalies;
pub(crate) mod audit;
pub(crate) mod backup;
pub(crate) mod campaigns;
mod checkpoint;
pub(crate) mod comments;
pub(crate) mod contacts;
pub(crate) mod copy;
pub(crate) mod exports;
pub(crate) mod field;
pub(crate) mod instruments;
pub(crate) mod integrity;
pub(crate) mod jobs;
pub(crate) mod kiosks;
pub(crate) mod lineage;
pub(crate) mod migrate;
pub(crate) mod paper;
pub(crate) mod recognition;
pub(crate) mod responses;
pub(crate) mod review;
mod rows;
pub(crate) mod settings;
pub(crate) mod sign_in_failures;
pub(crate) mod tallies;
pub(crate) mod tokens;
pub(crate) mod units;
pub(crate) mod verification;
mod writer;

use std::path::Path;

use deadpool_sqlite::rusqlite::{Connection, Transaction};
use deadpool_sqlite::{Config, Hook, HookError, Pool, PoolConfig, Runtime};

use crate::{IngestOutcome, NewResponse, Result, StoreError, StoreOptions};

/// Settings every connection gets. `foreign_keys` is per connection in SQLite.
const CONNECTION_PRAGMAS: &str = "PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 5000;";

/// The log file's size kept when the log starts over.
const WAL_KEPT_BYTES: i64 = 64 * 1024 * 1024;

/// Frames (4 KiB pages, 16 MiB) in the log past which the writer, after a commit, copies what
/// the checkpoint thread has not. Measured against 1,000 (SQLite's default) and 16,384: the
/// smaller the log, the more often the writer stops to copy and sync (−20% answers/s at 1,000);
/// the larger, the longer each stop (docs/BENCHMARKS.md, "Ingest").
const WRITER_CHECKPOINT_FRAMES: i64 = 4096;

/// The writer connection's page cache, in KiB (SQLite takes a negative size as KiB).
const WRITER_CACHE_KIB: i64 = -64 * 1024;

#[derive(Debug)]
pub(crate) struct Db {
    readers: Pool,
    writer: writer::Writer,
    checkpointer: checkpoint::Checkpointer,
}

impl Db {
    pub(crate) async fn open(path: &Path, options: &StoreOptions) -> Result<Db> {
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir)
                .map_err(|e| StoreError::Migration(format!("cannot create {}: {e}", dir.display())))?;
        }
        let path_owned = path.to_path_buf();
        let apply_migrations = options.migrate;
        let conn = tokio::task::spawn_blocking(move || -> Result<Connection> {
            let mut conn = Connection::open(&path_owned)?;
            conn.execute_batch(CONNECTION_PRAGMAS)?;
            // WAL lets readers go on while the writer commits; FULL syncs the WAL on every
            // commit, and group commit makes that cheap.
            conn.pragma_update(None, "journal_mode", "WAL")?;
            conn.pragma_update(None, "synchronous", "FULL")?;
            // The checkpoint thread folds the log into the file in the background, so at a
            // campaign's usual pace commits never wait for it. Under a sustained burst it never
            // catches the last commit, so the log never starts over and grew by gigabytes
            // (docs/BENCHMARKS.md): past this size the writer copies the rest itself — nothing
            // new is committed meanwhile, so it catches up and the next transaction starts the
            // log over (unless a reader is still in the log or the thread holds the checkpoint
            // lock: then it tries again after the next commit). The batch that crosses the line
            // is answered after that copy: its wait is the p99 the benchmarks show.
            conn.pragma_update(None, "wal_autocheckpoint", WRITER_CHECKPOINT_FRAMES)?;
            // When the log starts over, cut the file back to this.
            conn.pragma_update(None, "journal_size_limit", WAL_KEPT_BYTES)?;
            // The writer looks up keys at random places (client ids, integrity marks): with
            // SQLite's 2 MB default its page cache missed and read from the file on every batch.
            // Pages are only cached as they are used, so an idle server stays small.
            conn.pragma_update(None, "cache_size", WRITER_CACHE_KIB)?;
            if apply_migrations {
                migrate::run(&mut conn)?;
            } else {
                migrate::check_current(&conn)?;
            }
            Ok(conn)
        })
        .await
        .map_err(|e| StoreError::Pool(e.to_string()))??;

        let readers = Config { path: path.to_path_buf(), pool: Some(PoolConfig::new(options.read_connections.max(1))) }
            .builder(Runtime::Tokio1)
            .map_err(|e| StoreError::Pool(e.to_string()))?
            .post_create(Hook::async_fn(|conn, _| {
                Box::pin(async move {
                    conn.interact(|c| c.execute_batch(&format!("{CONNECTION_PRAGMAS} PRAGMA query_only = ON;")))
                        .await
                        .map_err(|e| HookError::message(e.to_string()))?
                        .map_err(|e| HookError::message(e.to_string()))
                })
            }))
            .build()
            .map_err(|e| StoreError::Pool(e.to_string()))?;

        let db =
            Db { readers, writer: writer::Writer::start(conn), checkpointer: checkpoint::Checkpointer::start(path) };
        Ok(db)
    }

    pub(crate) async fn close(&self) {
        self.writer.close().await;
        self.checkpointer.close().await;
    }

    /// Runs `f` on a read-only connection.
    pub(crate) async fn read<T, F>(&self, f: F) -> Result<T>
    where
        F: FnOnce(&Connection) -> Result<T> + Send + 'static,
        T: Send + 'static,
    {
        let conn = self.readers.get().await.map_err(|e| StoreError::Pool(e.to_string()))?;
        conn.interact(move |c| f(c)).await.map_err(|e| StoreError::Pool(e.to_string()))?
    }

    /// Runs `f` in one write transaction on the writer thread, in turn with everything else
    /// that writes.
    pub(crate) async fn write<T, F>(&self, f: F) -> Result<T>
    where
        F: FnOnce(&Transaction<'_>) -> Result<T> + Send + 'static,
        T: Send + 'static,
    {
        self.writer.exec(f).await
    }

    pub(crate) fn stats(&self) -> crate::StoreStats {
        let status = self.readers.status();
        crate::StoreStats {
            connections: status.size as u64,
            idle_connections: status.available as u64,
            ..self.writer.stats()
        }
    }

    pub(crate) async fn ingest(&self, response: NewResponse) -> Result<IngestOutcome> {
        self.writer.ingest(response).await
    }

    pub(crate) async fn ingest_many(&self, responses: Vec<NewResponse>) -> Result<Vec<IngestOutcome>> {
        self.writer.ingest_many(responses).await
    }
}
