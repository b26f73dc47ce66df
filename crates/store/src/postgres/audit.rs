//! The audit log: appended by every staff change, read by admins with filters.

use deadpool_postgres::GenericClient;
use jiff::Timestamp;
use tokio_postgres::Row;

use super::rows;
use crate::{AuditEntry, AuditQuery, NewAuditEntry, Result};

pub(crate) async fn record(client: &impl GenericClient, e: &NewAuditEntry) -> Result<()> {
    client
        .execute(
            "INSERT INTO audit_log (at, user_id, username, role, scope_unit_id, action, target, detail)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
            &[
                &e.at.as_millisecond(),
                &e.user_id,
                &e.username,
                &e.role.as_str(),
                &e.scope_unit_id,
                &e.action,
                &e.target,
                &e.detail,
            ],
        )
        .await?;
    Ok(())
}

fn entry(r: &Row) -> Result<AuditEntry> {
    Ok(AuditEntry {
        id: r.try_get(0)?,
        at: rows::timestamp(r, 1)?,
        username: r.try_get(2)?,
        role: r.try_get(3)?,
        scope_unit_id: r.try_get(4)?,
        action: r.try_get(5)?,
        target: r.try_get(6)?,
        detail: r.try_get(7)?,
    })
}

pub(crate) async fn entries(client: &impl GenericClient, q: &AuditQuery) -> Result<Vec<AuditEntry>> {
    // Every filter is a parameter; an absent one is NULL and matches everything.
    let rows = client
        .query(
            "SELECT id, at, username, role, scope_unit_id, action, target, detail FROM audit_log
             WHERE ($1::TEXT IS NULL OR username = $1)
               AND ($2::TEXT IS NULL OR starts_with(action, $2))
               AND ($3::BIGINT IS NULL OR at >= $3)
               AND ($4::BIGINT IS NULL OR at < $4)
               AND ($5::BIGINT IS NULL OR id < $5)
             ORDER BY id DESC LIMIT $6",
            &[
                &q.username,
                &q.action_prefix,
                &q.from.map(Timestamp::as_millisecond),
                &q.until.map(Timestamp::as_millisecond),
                &q.before_id,
                &q.limit,
            ],
        )
        .await?;
    rows.iter().map(entry).collect()
}
