//! Applies the embedded migrations in order, each in its own transaction, and refuses to run
//! on a database whose applied migrations were edited afterwards.

use deadpool_sqlite::rusqlite::{Connection, OptionalExtension, TransactionBehavior, params};

use crate::migrations::{MIGRATIONS, checksum};
use crate::{AppliedMigration, Result, StoreError};

const CREATE_TABLE: &str = "CREATE TABLE IF NOT EXISTS schema_migrations (
    version    INTEGER PRIMARY KEY,
    name       TEXT NOT NULL,
    checksum   TEXT NOT NULL,
    applied_at INTEGER NOT NULL
)";

pub(crate) fn run(conn: &mut Connection) -> Result<()> {
    conn.execute(CREATE_TABLE, [])?;
    for migration in MIGRATIONS {
        // IMMEDIATE: two processes starting at once apply each migration once.
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let applied: Option<String> = tx
            .query_row("SELECT checksum FROM schema_migrations WHERE version = ?1", [migration.version], |r| r.get(0))
            .optional()?;
        let expected = checksum(migration.sqlite);
        match applied {
            Some(found) if found == expected => {}
            Some(_) => {
                return Err(StoreError::Migration(format!(
                    "migration {} was changed after it was applied; add a new migration instead",
                    migration.name
                )));
            }
            None => {
                tx.execute_batch(migration.sqlite)
                    .map_err(|e| StoreError::Migration(format!("{}: {e}", migration.name)))?;
                tx.execute(
                    "INSERT INTO schema_migrations (version, name, checksum, applied_at) VALUES (?1, ?2, ?3, ?4)",
                    params![migration.version, migration.name, expected, jiff::Timestamp::now().as_millisecond()],
                )?;
                tracing::info!(migration = migration.name, "applied migration");
            }
        }
        tx.commit()?;
    }
    Ok(())
}

/// Fails unless every migration has been applied (for instances that do not migrate).
pub(crate) fn check_current(conn: &Connection) -> Result<()> {
    let exists: bool = conn.query_row(
        "SELECT EXISTS (SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations')",
        [],
        |r| r.get(0),
    )?;
    let latest: i64 = if exists {
        conn.query_row("SELECT COALESCE(MAX(version), 0) FROM schema_migrations", [], |r| r.get(0))?
    } else {
        0
    };
    let wanted = MIGRATIONS.last().map_or(0, |m| m.version);
    if latest < wanted {
        return Err(StoreError::Migration(format!(
            "the database schema is at version {latest}, this program needs {wanted}: run `hailong migrate`"
        )));
    }
    Ok(())
}

pub(crate) fn applied(conn: &Connection) -> Result<Vec<AppliedMigration>> {
    let mut stmt = conn.prepare("SELECT version, name, applied_at FROM schema_migrations ORDER BY version")?;
    let rows = stmt.query_map([], |r| {
        Ok(AppliedMigration { version: r.get(0)?, name: r.get(1)?, applied_at: domain::time::from_millis(r.get(2)?) })
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}
