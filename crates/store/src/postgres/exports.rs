//! Export files written by background jobs: their rows, progress and expiry (PostgreSQL).

use deadpool_postgres::GenericClient;
use domain::results::View;
use jiff::Timestamp;
use tokio_postgres::Row;

use super::{Db, rows};
use crate::{ExportFileRecord, ExportStatus, NewExportFile, NewJob, Result, StoreError};

const COLUMNS: &str = "id, campaign_id, user_id, scope_unit_id, format, status, rows_total, rows_done, file_name, \
                       bytes, error, created_at, finished_at, expires_at, view";

pub(crate) async fn create(
    db: &Db,
    new: &NewExportFile,
    job: impl FnOnce(i64) -> NewJob,
    now: Timestamp,
) -> Result<i64> {
    let mut client = db.client().await?;
    let tx = client.transaction().await?;
    let row = tx
        .query_one(
            "INSERT INTO export_files (campaign_id, user_id, scope_unit_id, format, status, rows_total, created_at, expires_at, view)
             VALUES ($1, $2, $3, $4, 'queued', $5, $6, $7, $8) RETURNING id",
            &[
                &new.campaign_id,
                &new.user_id,
                &new.scope_unit_id,
                &new.format,
                &new.rows_total,
                &now.as_millisecond(),
                &new.expires_at.as_millisecond(),
                &new.view.as_str(),
            ],
        )
        .await?;
    let id: i64 = row.try_get(0)?;
    super::jobs::enqueue(&tx, &job(id), now).await?;
    tx.commit().await?;
    Ok(id)
}

fn record(r: &Row) -> Result<ExportFileRecord> {
    Ok(ExportFileRecord {
        id: r.try_get(0)?,
        campaign_id: r.try_get(1)?,
        user_id: r.try_get(2)?,
        scope_unit_id: r.try_get(3)?,
        format: r.try_get(4)?,
        status: rows::parsed(r, 5, "export status", ExportStatus::parse)?,
        rows_total: r.try_get(6)?,
        rows_done: r.try_get(7)?,
        file_name: r.try_get(8)?,
        bytes: r.try_get(9)?,
        error: r.try_get(10)?,
        created_at: rows::timestamp(r, 11)?,
        finished_at: r.try_get::<_, Option<i64>>(12)?.map(domain::time::from_millis),
        expires_at: rows::timestamp(r, 13)?,
        view: rows::parsed(r, 14, "export view", View::parse)?,
    })
}

pub(crate) async fn by_id(client: &impl GenericClient, id: i64) -> Result<Option<ExportFileRecord>> {
    let sql = format!("SELECT {COLUMNS} FROM export_files WHERE id = $1");
    client.query_opt(&sql, &[&id]).await?.as_ref().map(record).transpose()
}

pub(crate) async fn of_user(client: &impl GenericClient, user: i64, limit: i64) -> Result<Vec<ExportFileRecord>> {
    let sql = format!("SELECT {COLUMNS} FROM export_files WHERE user_id = $1 ORDER BY id DESC LIMIT $2");
    client.query(&sql, &[&user, &limit]).await?.iter().map(record).collect()
}

/// No row changed: there is no export with that id.
fn changed(n: u64) -> Result<()> {
    if n == 0 { Err(StoreError::NotFound) } else { Ok(()) }
}

pub(crate) async fn start(client: &impl GenericClient, id: i64) -> Result<()> {
    changed(client.execute("UPDATE export_files SET status = 'running', rows_done = 0 WHERE id = $1", &[&id]).await?)
}

pub(crate) async fn progress(client: &impl GenericClient, id: i64, rows_done: i64) -> Result<()> {
    changed(client.execute("UPDATE export_files SET rows_done = $2 WHERE id = $1", &[&id, &rows_done]).await?)
}

pub(crate) async fn finish(
    client: &impl GenericClient,
    id: i64,
    file_name: &str,
    bytes: i64,
    rows: i64,
    now: Timestamp,
) -> Result<()> {
    let n = client
        .execute(
            "UPDATE export_files SET status = 'done', file_name = $2, bytes = $3, rows_done = $4, finished_at = $5
             WHERE id = $1",
            &[&id, &file_name, &bytes, &rows, &now.as_millisecond()],
        )
        .await?;
    changed(n)
}

pub(crate) async fn fail(client: &impl GenericClient, id: i64, error: &str, now: Timestamp) -> Result<()> {
    let n = client
        .execute(
            "UPDATE export_files SET status = 'failed', error = $2, finished_at = $3 WHERE id = $1",
            &[&id, &error, &now.as_millisecond()],
        )
        .await?;
    changed(n)
}

pub(crate) async fn expire(client: &impl GenericClient, now: Timestamp) -> Result<Vec<String>> {
    let rows = client
        .query(
            "UPDATE export_files SET status = 'expired'
             WHERE status IN ('done', 'failed') AND expires_at <= $1
             RETURNING file_name",
            &[&now.as_millisecond()],
        )
        .await?;
    let names: Vec<Option<String>> = rows.iter().map(|r| r.try_get(0)).collect::<Result<_, _>>()?;
    Ok(names.into_iter().flatten().collect())
}
