//! Failed sign-ins by key (an account or a hashed client), for throttling across instances.

use deadpool_sqlite::rusqlite::{Connection, Transaction, params};
use jiff::Timestamp;

use super::rows;
use crate::Result;

pub(crate) fn record(tx: &Transaction<'_>, keys: &[String], at: Timestamp) -> Result<()> {
    let mut insert = tx.prepare_cached("INSERT INTO sign_in_failures (key, at) VALUES (?1, ?2)")?;
    for key in keys {
        insert.execute(params![key, at.as_millisecond()])?;
    }
    Ok(())
}

pub(crate) fn since(conn: &Connection, key: &str, since: Timestamp) -> Result<Vec<Timestamp>> {
    let mut stmt = conn.prepare_cached("SELECT at FROM sign_in_failures WHERE key = ?1 AND at >= ?2 ORDER BY at")?;
    let found = stmt.query_map(params![key, since.as_millisecond()], |r| rows::timestamp(r, 0))?;
    Ok(found.collect::<Result<_, _>>()?)
}

pub(crate) fn clear(tx: &Transaction<'_>, key: &str) -> Result<()> {
    tx.execute("DELETE FROM sign_in_failures WHERE key = ?1", [key])?;
    Ok(())
}

pub(crate) fn purge(tx: &Transaction<'_>, before: Timestamp) -> Result<u64> {
    Ok(tx.execute("DELETE FROM sign_in_failures WHERE at < ?1", [before.as_millisecond()])? as u64)
}
