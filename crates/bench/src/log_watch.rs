//! Watches the size of SQLite's write-ahead log while a step runs: the largest size seen is
//! the disk a burst takes beyond the database, and a log that keeps growing is one the
//! checkpoints never catch up with (docs/BENCHMARKS.md, "Ingest").

use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

/// How often the file's size is read.
const EVERY: Duration = Duration::from_millis(50);

#[derive(Debug)]
pub struct LogWatch {
    /// One more than the largest size seen, so that 0 means the file was never seen (a wrong
    /// path shows as "not seen", not as an empty log).
    largest: Arc<AtomicU64>,
    task: tokio::task::JoinHandle<()>,
}

impl LogWatch {
    /// Starts reading the size of `file` (which may not exist yet).
    pub fn start(file: PathBuf) -> LogWatch {
        let largest = Arc::new(AtomicU64::new(0));
        let seen = largest.clone();
        let task = tokio::spawn(async move {
            loop {
                if let Ok(meta) = tokio::fs::metadata(&file).await {
                    seen.fetch_max(meta.len() + 1, Ordering::Relaxed);
                }
                tokio::time::sleep(EVERY).await;
            }
        });
        LogWatch { largest, task }
    }

    /// The largest size seen since the last call, in MiB (`None`: the file was not seen at
    /// all); starts counting again.
    pub fn take_mib(&self) -> Option<f64> {
        let largest = self.largest.swap(0, Ordering::Relaxed).checked_sub(1)?;
        Some(largest as f64 / (1024.0 * 1024.0))
    }
}

impl Drop for LogWatch {
    fn drop(&mut self) {
        self.task.abort();
    }
}
