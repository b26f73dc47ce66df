//! Counter kiosks: enrolment, heartbeats, revocation.

use deadpool_sqlite::rusqlite::{Connection, OptionalExtension, Row, Transaction, params};
use jiff::Timestamp;

use crate::{KioskRecord, NewKiosk, Result};

const COLUMNS: &str =
    "id, point_id, label, idle_seconds, enrolment_expires_at, enrolled_at, last_seen_at, queued, revoked_at";

fn instant(row: &Row<'_>, idx: usize) -> Result<Option<Timestamp>, deadpool_sqlite::rusqlite::Error> {
    Ok(row.get::<_, Option<i64>>(idx)?.and_then(|ms| Timestamp::from_millisecond(ms).ok()))
}

fn kiosk(r: &Row<'_>) -> Result<KioskRecord, deadpool_sqlite::rusqlite::Error> {
    Ok(KioskRecord {
        id: r.get(0)?,
        point_id: r.get(1)?,
        label: r.get(2)?,
        idle_seconds: r.get(3)?,
        enrolment_expires_at: instant(r, 4)?,
        enrolled_at: instant(r, 5)?,
        last_seen_at: instant(r, 6)?,
        queued: r.get(7)?,
        revoked_at: instant(r, 8)?,
    })
}

pub(crate) fn create(tx: &Transaction<'_>, new: &NewKiosk, now: Timestamp) -> Result<i64> {
    Ok(tx
        .prepare_cached(
            "INSERT INTO kiosks (point_id, label, idle_seconds, enrolment_hash, enrolment_expires_at, created_by, created_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) RETURNING id",
        )?
        .query_row(
            params![
                new.point_id,
                new.label,
                new.idle_seconds,
                new.enrolment_hash,
                new.enrolment_expires_at.as_millisecond(),
                new.created_by,
                now.as_millisecond()
            ],
            |r| r.get(0),
        )?)
}

pub(crate) fn enrol(
    tx: &Transaction<'_>,
    enrolment: &str,
    device: &str,
    now: Timestamp,
) -> Result<Option<KioskRecord>> {
    let sql = format!(
        "UPDATE kiosks SET enrolment_hash = NULL, enrolment_expires_at = NULL, device_hash = ?2,
             enrolled_at = ?3, last_seen_at = ?3
         WHERE enrolment_hash = ?1 AND enrolment_expires_at > ?3 AND revoked_at IS NULL
         RETURNING {COLUMNS}"
    );
    Ok(tx.prepare_cached(&sql)?.query_row(params![enrolment, device, now.as_millisecond()], kiosk).optional()?)
}

pub(crate) fn by_device(conn: &Connection, device: &str) -> Result<Option<KioskRecord>> {
    let sql = format!("SELECT {COLUMNS} FROM kiosks WHERE device_hash = ?1 AND revoked_at IS NULL");
    Ok(conn.prepare_cached(&sql)?.query_row([device], kiosk).optional()?)
}

pub(crate) fn heartbeat(tx: &Transaction<'_>, id: i64, queued: i64, now: Timestamp) -> Result<()> {
    tx.prepare_cached("UPDATE kiosks SET last_seen_at = ?2, queued = ?3 WHERE id = ?1")?.execute(params![
        id,
        now.as_millisecond(),
        queued
    ])?;
    Ok(())
}

pub(crate) fn all(conn: &Connection) -> Result<Vec<KioskRecord>> {
    let sql = format!("SELECT {COLUMNS} FROM kiosks ORDER BY id DESC");
    let mut stmt = conn.prepare_cached(&sql)?;
    let rows = stmt.query_map([], kiosk)?;
    Ok(rows.collect::<Result<_, _>>()?)
}

pub(crate) fn revoke(tx: &Transaction<'_>, id: i64, now: Timestamp) -> Result<()> {
    tx.prepare_cached(
        "UPDATE kiosks SET revoked_at = ?2, device_hash = NULL, enrolment_hash = NULL WHERE id = ?1 AND revoked_at IS NULL",
    )?
    .execute(params![id, now.as_millisecond()])?;
    Ok(())
}
