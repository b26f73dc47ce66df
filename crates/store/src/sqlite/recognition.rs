//! A campaign's recognition scoring rule, kept as JSON text (SQLite).

use deadpool_sqlite::rusqlite::{Connection, OptionalExtension, Transaction, params};
use jiff::Timestamp;

use crate::Result;

pub(crate) fn scoring(conn: &Connection, campaign: i64) -> Result<Option<String>> {
    let mut stmt = conn.prepare_cached("SELECT rule FROM campaign_scoring WHERE campaign_id = ?1")?;
    Ok(stmt.query_row([campaign], |r| r.get(0)).optional()?)
}

pub(crate) fn set_scoring(tx: &Transaction<'_>, campaign: i64, rule: &str, now: Timestamp) -> Result<()> {
    tx.execute(
        "INSERT INTO campaign_scoring (campaign_id, rule, updated_at) VALUES (?1, ?2, ?3)
         ON CONFLICT (campaign_id) DO UPDATE SET rule = excluded.rule, updated_at = excluded.updated_at",
        params![campaign, rule, now.as_millisecond()],
    )?;
    Ok(())
}
