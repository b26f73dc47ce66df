//! The audit log: appended by every staff change, read by admins with filters.

use deadpool_sqlite::rusqlite::{Connection, Row, Transaction, params};
use jiff::Timestamp;

use super::rows;
use crate::{AuditEntry, AuditQuery, NewAuditEntry, Result};

pub(crate) fn record(tx: &Transaction<'_>, e: &NewAuditEntry) -> Result<()> {
    tx.prepare_cached(
        "INSERT INTO audit_log (at, user_id, username, role, scope_unit_id, action, target, detail)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
    )?
    .execute(params![
        e.at.as_millisecond(),
        e.user_id,
        e.username,
        e.role.as_str(),
        e.scope_unit_id,
        e.action,
        e.target,
        e.detail
    ])?;
    Ok(())
}

fn entry(r: &Row<'_>) -> deadpool_sqlite::rusqlite::Result<AuditEntry> {
    Ok(AuditEntry {
        id: r.get(0)?,
        at: rows::timestamp(r, 1)?,
        username: r.get(2)?,
        role: r.get(3)?,
        scope_unit_id: r.get(4)?,
        action: r.get(5)?,
        target: r.get(6)?,
        detail: r.get(7)?,
    })
}

pub(crate) fn entries(conn: &Connection, q: &AuditQuery) -> Result<Vec<AuditEntry>> {
    // Every filter is a parameter; an absent one is NULL and matches everything.
    let mut stmt = conn.prepare_cached(
        "SELECT id, at, username, role, scope_unit_id, action, target, detail FROM audit_log
         WHERE (?1 IS NULL OR username = ?1)
           AND (?2 IS NULL OR substr(action, 1, length(?2)) = ?2)
           AND (?3 IS NULL OR at >= ?3)
           AND (?4 IS NULL OR at < ?4)
           AND (?5 IS NULL OR id < ?5)
         ORDER BY id DESC LIMIT ?6",
    )?;
    let found = stmt.query_map(
        params![
            q.username,
            q.action_prefix,
            q.from.map(Timestamp::as_millisecond),
            q.until.map(Timestamp::as_millisecond),
            q.before_id,
            q.limit
        ],
        entry,
    )?;
    Ok(found.collect::<Result<_, _>>()?)
}
