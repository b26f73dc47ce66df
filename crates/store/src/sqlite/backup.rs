//! SQLite's online backup: a consistent copy of the database while the server keeps writing.

use std::path::Path;
use std::time::Duration;

use deadpool_sqlite::rusqlite::Connection;
use deadpool_sqlite::rusqlite::backup::Backup;

use crate::{Result, StoreError};

/// Copies the database behind `conn` to a new file at `destination`.
pub(crate) fn to_file(conn: &Connection, destination: &Path) -> Result<()> {
    if destination.exists() {
        return Err(StoreError::Io(format!("{} already exists; choose a new file", destination.display())));
    }
    let mut copy = Connection::open(destination)?;
    {
        let backup = Backup::new(conn, &mut copy)?;
        // Pages in steps, so writers are not held up for the whole copy.
        backup.run_to_completion(1024, Duration::from_millis(5), None)?;
    }
    copy.pragma_update(None, "journal_mode", "DELETE")?;
    let ok: String = copy.query_row("PRAGMA integrity_check", [], |r| r.get(0))?;
    if ok != "ok" {
        return Err(StoreError::Corrupt(format!("the backup failed its integrity check: {ok}")));
    }
    Ok(())
}
