//! Export files written by background jobs: their rows, progress and expiry (SQLite).

use deadpool_sqlite::rusqlite::{Connection, OptionalExtension, Row, Transaction, params};
use domain::results::View;
use jiff::Timestamp;

use super::rows;
use crate::{ExportFileRecord, ExportStatus, NewExportFile, NewJob, Result, StoreError};

const COLUMNS: &str = "id, campaign_id, user_id, scope_unit_id, format, status, rows_total, rows_done, file_name, \
                       bytes, error, created_at, finished_at, expires_at, view";

pub(crate) fn create(
    tx: &Transaction<'_>,
    new: &NewExportFile,
    job: impl FnOnce(i64) -> NewJob,
    now: Timestamp,
) -> Result<i64> {
    tx.execute(
        "INSERT INTO export_files (campaign_id, user_id, scope_unit_id, format, status, rows_total, created_at, expires_at, view)
         VALUES (?1, ?2, ?3, ?4, 'queued', ?5, ?6, ?7, ?8)",
        params![
            new.campaign_id,
            new.user_id,
            new.scope_unit_id,
            new.format,
            new.rows_total,
            now.as_millisecond(),
            new.expires_at.as_millisecond(),
            new.view.as_str()
        ],
    )?;
    let id = tx.last_insert_rowid();
    super::jobs::enqueue(tx, &job(id), now)?;
    Ok(id)
}

fn record(r: &Row<'_>) -> deadpool_sqlite::rusqlite::Result<ExportFileRecord> {
    Ok(ExportFileRecord {
        id: r.get(0)?,
        campaign_id: r.get(1)?,
        user_id: r.get(2)?,
        scope_unit_id: r.get(3)?,
        format: r.get(4)?,
        status: rows::parsed(r, 5, "export status", ExportStatus::parse)?,
        rows_total: r.get(6)?,
        rows_done: r.get(7)?,
        file_name: r.get(8)?,
        bytes: r.get(9)?,
        error: r.get(10)?,
        created_at: rows::timestamp(r, 11)?,
        finished_at: r.get::<_, Option<i64>>(12)?.map(domain::time::from_millis),
        expires_at: rows::timestamp(r, 13)?,
        view: rows::parsed(r, 14, "export view", View::parse)?,
    })
}

pub(crate) fn by_id(conn: &Connection, id: i64) -> Result<Option<ExportFileRecord>> {
    let sql = format!("SELECT {COLUMNS} FROM export_files WHERE id = ?1");
    Ok(conn.prepare_cached(&sql)?.query_row([id], record).optional()?)
}

pub(crate) fn of_user(conn: &Connection, user: i64, limit: i64) -> Result<Vec<ExportFileRecord>> {
    let sql = format!("SELECT {COLUMNS} FROM export_files WHERE user_id = ?1 ORDER BY id DESC LIMIT ?2");
    let mut stmt = conn.prepare_cached(&sql)?;
    let found = stmt.query_map(params![user, limit], record)?;
    Ok(found.collect::<Result<_, _>>()?)
}

/// No row changed: there is no export with that id.
fn changed(n: usize) -> Result<()> {
    if n == 0 { Err(StoreError::NotFound) } else { Ok(()) }
}

pub(crate) fn start(tx: &Transaction<'_>, id: i64) -> Result<()> {
    changed(tx.execute("UPDATE export_files SET status = 'running', rows_done = 0 WHERE id = ?1", [id])?)
}

pub(crate) fn progress(tx: &Transaction<'_>, id: i64, rows_done: i64) -> Result<()> {
    changed(tx.execute("UPDATE export_files SET rows_done = ?2 WHERE id = ?1", params![id, rows_done])?)
}

pub(crate) fn finish(
    tx: &Transaction<'_>,
    id: i64,
    file_name: &str,
    bytes: i64,
    rows: i64,
    now: Timestamp,
) -> Result<()> {
    let n = tx.execute(
        "UPDATE export_files SET status = 'done', file_name = ?2, bytes = ?3, rows_done = ?4, finished_at = ?5
         WHERE id = ?1",
        params![id, file_name, bytes, rows, now.as_millisecond()],
    )?;
    changed(n)
}

pub(crate) fn fail(tx: &Transaction<'_>, id: i64, error: &str, now: Timestamp) -> Result<()> {
    let n = tx.execute(
        "UPDATE export_files SET status = 'failed', error = ?2, finished_at = ?3 WHERE id = ?1",
        params![id, error, now.as_millisecond()],
    )?;
    changed(n)
}

pub(crate) fn expire(tx: &Transaction<'_>, now: Timestamp) -> Result<Vec<String>> {
    let mut stmt = tx.prepare(
        "UPDATE export_files SET status = 'expired'
         WHERE status IN ('done', 'failed') AND expires_at <= ?1
         RETURNING file_name",
    )?;
    let names = stmt.query_map([now.as_millisecond()], |r| r.get::<_, Option<String>>(0))?;
    let names: Vec<Option<String>> = names.collect::<Result<_, _>>()?;
    Ok(names.into_iter().flatten().collect())
}
