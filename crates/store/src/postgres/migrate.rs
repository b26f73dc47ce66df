//! Applies the embedded migrations in order, each in its own transaction, under an advisory
//! lock so that instances starting together migrate once. Refuses a database whose applied
//! migrations were edited afterwards.

use deadpool_postgres::Object;

use crate::migrations::{MIGRATIONS, checksum};
use crate::{AppliedMigration, Result, StoreError};

const CREATE_TABLE: &str = "CREATE TABLE IF NOT EXISTS schema_migrations (
    version    BIGINT PRIMARY KEY,
    name       TEXT NOT NULL,
    checksum   TEXT NOT NULL,
    applied_at BIGINT NOT NULL
)";

/// The lock is per schema, so tests in separate schemas do not wait for each other.
const LOCK: &str = "SELECT pg_advisory_lock(hashtext('hailong-migrate:' || current_schema()))";
const UNLOCK: &str = "SELECT pg_advisory_unlock(hashtext('hailong-migrate:' || current_schema()))";

pub(crate) async fn run(client: &mut Object) -> Result<()> {
    client.execute(LOCK, &[]).await?;
    let result = apply(client).await;
    client.execute(UNLOCK, &[]).await?;
    result
}

async fn apply(client: &mut Object) -> Result<()> {
    client.execute(CREATE_TABLE, &[]).await?;
    for migration in MIGRATIONS {
        let tx = client.transaction().await?;
        let applied =
            tx.query_opt("SELECT checksum FROM schema_migrations WHERE version = $1", &[&migration.version]).await?;
        let expected = checksum(migration.postgres);
        match applied.map(|row| row.get::<_, String>(0)) {
            Some(found) if found == expected => {}
            Some(_) => {
                return Err(StoreError::Migration(format!(
                    "migration {} was changed after it was applied; add a new migration instead",
                    migration.name
                )));
            }
            None => {
                tx.batch_execute(migration.postgres)
                    .await
                    .map_err(|e| StoreError::Migration(format!("{}: {e}", migration.name)))?;
                tx.execute(
                    "INSERT INTO schema_migrations (version, name, checksum, applied_at) VALUES ($1, $2, $3, $4)",
                    &[&migration.version, &migration.name, &expected, &jiff::Timestamp::now().as_millisecond()],
                )
                .await?;
                tracing::info!(migration = migration.name, "applied migration");
            }
        }
        tx.commit().await?;
    }
    Ok(())
}

/// Fails unless every migration has been applied (for instances that do not migrate).
pub(crate) async fn check_current(client: &Object) -> Result<()> {
    let exists: bool = client.query_one("SELECT to_regclass('schema_migrations') IS NOT NULL", &[]).await?.get(0);
    let latest: i64 = if exists {
        client.query_one("SELECT COALESCE(MAX(version), 0)::BIGINT FROM schema_migrations", &[]).await?.get(0)
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

pub(crate) async fn applied(client: &Object) -> Result<Vec<AppliedMigration>> {
    let rows = client.query("SELECT version, name, applied_at FROM schema_migrations ORDER BY version", &[]).await?;
    Ok(rows
        .iter()
        .map(|r| AppliedMigration {
            version: r.get(0),
            name: r.get(1),
            applied_at: domain::time::from_millis(r.get(2)),
        })
        .collect())
}
