//! Paper batches, the slips entered in them, and double-entry checks.

use deadpool_sqlite::rusqlite::{Connection, OptionalExtension, Row, Transaction, params};
use jiff::Timestamp;

use super::rows;
use crate::{NewPaperBatch, PaperBatchRecord, PaperCheckPair, PaperSlip, PaperSource, Result};

pub(crate) fn create_batch(tx: &Transaction<'_>, batch: &NewPaperBatch, now: Timestamp) -> Result<i64> {
    Ok(tx
        .prepare_cached(
            "INSERT INTO paper_batches (campaign_id, point_id, day, clerk_id, source, created_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6) RETURNING id",
        )?
        .query_row(
            params![
                batch.campaign_id,
                batch.point_id,
                batch.day.to_string(),
                batch.clerk_id,
                batch.source.as_str(),
                now.as_millisecond()
            ],
            |r| r.get(0),
        )?)
}

const BATCH_COLUMNS: &str = "b.id, b.campaign_id, b.point_id, b.day, b.clerk_id, u.username, b.source, b.created_at,
    (SELECT COUNT(*) FROM paper_slips s WHERE s.batch_id = b.id)";

fn batch_row(r: &Row<'_>) -> Result<PaperBatchRecord, deadpool_sqlite::rusqlite::Error> {
    Ok(PaperBatchRecord {
        id: r.get(0)?,
        campaign_id: r.get(1)?,
        point_id: r.get(2)?,
        day: rows::date(r, 3)?.unwrap_or_default(),
        clerk_id: r.get(4)?,
        clerk: r.get(5)?,
        source: rows::parsed(r, 6, "paper source", PaperSource::parse)?,
        created_at: rows::timestamp(r, 7)?,
        slips: r.get(8)?,
    })
}

pub(crate) fn batch(conn: &Connection, id: i64) -> Result<Option<PaperBatchRecord>> {
    let sql = format!("SELECT {BATCH_COLUMNS} FROM paper_batches b JOIN users u ON u.id = b.clerk_id WHERE b.id = ?1");
    Ok(conn.prepare_cached(&sql)?.query_row([id], batch_row).optional()?)
}

pub(crate) fn batches(conn: &Connection, campaign: i64) -> Result<Vec<PaperBatchRecord>> {
    let sql = format!(
        "SELECT {BATCH_COLUMNS} FROM paper_batches b JOIN users u ON u.id = b.clerk_id
         WHERE b.campaign_id = ?1 ORDER BY b.id DESC"
    );
    let mut stmt = conn.prepare_cached(&sql)?;
    let rows = stmt.query_map([campaign], batch_row)?;
    Ok(rows.collect::<Result<_, _>>()?)
}

pub(crate) fn serials(conn: &Connection, campaign: i64, point: i64) -> Result<Vec<String>> {
    let mut stmt = conn.prepare_cached("SELECT serial FROM paper_slips WHERE campaign_id = ?1 AND point_id = ?2")?;
    let rows = stmt.query_map([campaign, point], |r| r.get(0))?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// Records the slip of a response just inserted, in the writer's transaction.
pub(crate) fn record_slip(
    tx: &Transaction<'_>,
    client_id: &str,
    campaign: i64,
    point: i64,
    slip: &PaperSlip,
) -> Result<()> {
    tx.prepare_cached(
        "INSERT INTO paper_slips (client_id, campaign_id, point_id, serial, batch_id, entered_by, entered_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    )?
    .execute(params![
        client_id,
        campaign,
        point,
        slip.serial,
        slip.batch_id,
        slip.entered_by,
        slip.entered_at.as_millisecond()
    ])?;
    Ok(())
}

pub(crate) fn record_check(
    tx: &Transaction<'_>,
    campaign: i64,
    point: i64,
    serial: &str,
    answers: &str,
    entered_by: i64,
    now: Timestamp,
) -> Result<()> {
    tx.prepare_cached(
        "INSERT INTO paper_checks (campaign_id, point_id, serial, answers, entered_by, entered_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)
         ON CONFLICT (campaign_id, point_id, serial) DO UPDATE SET answers = excluded.answers,
             entered_by = excluded.entered_by, entered_at = excluded.entered_at",
    )?
    .execute(params![campaign, point, serial, answers, entered_by, now.as_millisecond()])?;
    Ok(())
}

pub(crate) fn check_pairs(conn: &Connection, campaign: i64) -> Result<Vec<PaperCheckPair>> {
    let mut stmt = conn.prepare_cached(
        "SELECT c.point_id, c.serial, cu.username, c.answers, r.answers, su.username
         FROM paper_checks c
         JOIN users cu ON cu.id = c.entered_by
         LEFT JOIN paper_slips s ON s.campaign_id = c.campaign_id AND s.point_id = c.point_id AND s.serial = c.serial
         LEFT JOIN responses r ON r.client_id = s.client_id
         LEFT JOIN users su ON su.id = s.entered_by
         WHERE c.campaign_id = ?1 ORDER BY c.point_id, c.serial",
    )?;
    let rows = stmt.query_map([campaign], |r| {
        Ok(PaperCheckPair {
            point_id: r.get(0)?,
            serial: r.get(1)?,
            checked_by: r.get(2)?,
            check: r.get(3)?,
            entry: r.get(4)?,
            entered_by: r.get(5)?,
        })
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}
