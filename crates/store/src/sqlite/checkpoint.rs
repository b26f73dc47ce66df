//! Moves committed pages from the write-ahead log into the database file in the background.
//! SQLite does this on commit by default, which puts the work in the writer's path; here this
//! thread does it, a few times a second, without blocking writers or readers (PASSIVE). The
//! writer checkpoints only when commits outrun this thread and the log passes 16 MiB
//! (`WRITER_CHECKPOINT_FRAMES`), and then copies only what this thread has not.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::Duration;

use deadpool_sqlite::rusqlite::Connection;

/// How often the log is checkpointed.
const EVERY: Duration = Duration::from_millis(250);

#[derive(Debug)]
pub(super) struct Checkpointer {
    stop: Arc<AtomicBool>,
    thread: Mutex<Option<JoinHandle<()>>>,
}

impl Checkpointer {
    pub(super) fn start(path: &Path) -> Checkpointer {
        let stop = Arc::new(AtomicBool::new(false));
        let flag = stop.clone();
        let path: PathBuf = path.to_path_buf();
        let thread = std::thread::Builder::new()
            .name("hailong-sqlite-checkpoint".into())
            .spawn(move || run(&path, &flag))
            .expect("the checkpoint thread starts");
        Checkpointer { stop, thread: Mutex::new(Some(thread)) }
    }

    /// Stops the thread after a last, complete checkpoint.
    pub(super) async fn close(&self) {
        self.stop.store(true, Ordering::Relaxed);
        let thread = self.thread.lock().expect("the checkpoint handle lock is never poisoned").take();
        if let Some(thread) = thread {
            let _ = tokio::task::spawn_blocking(move || thread.join()).await;
        }
    }
}

impl Drop for Checkpointer {
    /// A store dropped without `close` still stops its thread (within one period).
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
    }
}

fn run(path: &Path, stop: &AtomicBool) {
    let conn = match Connection::open(path) {
        Ok(conn) => conn,
        Err(e) => {
            tracing::error!(error = %e, "the checkpoint thread cannot open the database; the log will grow");
            return;
        }
    };
    let _ = conn.busy_timeout(Duration::from_secs(5));
    while !stop.load(Ordering::Relaxed) {
        std::thread::sleep(EVERY);
        if let Err(e) = conn.query_row("PRAGMA wal_checkpoint(PASSIVE)", [], |_| Ok(())) {
            tracing::warn!(error = %e, "checkpoint failed");
        }
    }
    // On shutdown, fold the whole log into the file so it is self-contained.
    let _ = conn.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()));
}
