//! Paper batches, the slips entered in them, and double-entry checks.

use deadpool_postgres::GenericClient;
use jiff::Timestamp;
use tokio_postgres::Row;

use super::rows;
use crate::{NewPaperBatch, PaperBatchRecord, PaperCheckPair, PaperSlip, PaperSource, Result};

pub(crate) async fn create_batch(client: &impl GenericClient, batch: &NewPaperBatch, now: Timestamp) -> Result<i64> {
    Ok(client
        .query_one(
            "INSERT INTO paper_batches (campaign_id, point_id, day, clerk_id, source, created_at)
             VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
            &[
                &batch.campaign_id,
                &batch.point_id,
                &batch.day.to_string(),
                &batch.clerk_id,
                &batch.source.as_str(),
                &now.as_millisecond(),
            ],
        )
        .await?
        .try_get(0)?)
}

const BATCH_COLUMNS: &str = "b.id, b.campaign_id, b.point_id, b.day, b.clerk_id, u.username, b.source, b.created_at,
    (SELECT COUNT(*) FROM paper_slips s WHERE s.batch_id = b.id)";

fn batch_row(r: &Row) -> Result<PaperBatchRecord> {
    Ok(PaperBatchRecord {
        id: r.try_get(0)?,
        campaign_id: r.try_get(1)?,
        point_id: r.try_get(2)?,
        day: rows::date(r, 3)?.unwrap_or_default(),
        clerk_id: r.try_get(4)?,
        clerk: r.try_get(5)?,
        source: rows::parsed(r, 6, "paper source", PaperSource::parse)?,
        created_at: rows::timestamp(r, 7)?,
        slips: r.try_get(8)?,
    })
}

pub(crate) async fn batch(client: &impl GenericClient, id: i64) -> Result<Option<PaperBatchRecord>> {
    let sql = format!("SELECT {BATCH_COLUMNS} FROM paper_batches b JOIN users u ON u.id = b.clerk_id WHERE b.id = $1");
    client.query_opt(&sql, &[&id]).await?.as_ref().map(batch_row).transpose()
}

pub(crate) async fn batches(client: &impl GenericClient, campaign: i64) -> Result<Vec<PaperBatchRecord>> {
    let sql = format!(
        "SELECT {BATCH_COLUMNS} FROM paper_batches b JOIN users u ON u.id = b.clerk_id
         WHERE b.campaign_id = $1 ORDER BY b.id DESC"
    );
    client.query(&sql, &[&campaign]).await?.iter().map(batch_row).collect()
}

pub(crate) async fn serials(client: &impl GenericClient, campaign: i64, point: i64) -> Result<Vec<String>> {
    let rows = client
        .query("SELECT serial FROM paper_slips WHERE campaign_id = $1 AND point_id = $2", &[&campaign, &point])
        .await?;
    rows.iter().map(|r| Ok(r.try_get(0)?)).collect()
}

/// Records the slip of a response just inserted, in the writer's transaction.
pub(crate) async fn record_slip(
    tx: &impl GenericClient,
    client_id: &str,
    campaign: i64,
    point: i64,
    slip: &PaperSlip,
) -> Result<()> {
    tx.execute(
        "INSERT INTO paper_slips (client_id, campaign_id, point_id, serial, batch_id, entered_by, entered_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
        &[
            &client_id,
            &campaign,
            &point,
            &slip.serial,
            &slip.batch_id,
            &slip.entered_by,
            &slip.entered_at.as_millisecond(),
        ],
    )
    .await?;
    Ok(())
}

pub(crate) async fn record_check(
    client: &impl GenericClient,
    campaign: i64,
    point: i64,
    serial: &str,
    answers: &str,
    entered_by: i64,
    now: Timestamp,
) -> Result<()> {
    client
        .execute(
            "INSERT INTO paper_checks (campaign_id, point_id, serial, answers, entered_by, entered_at)
             VALUES ($1, $2, $3, $4, $5, $6)
             ON CONFLICT (campaign_id, point_id, serial) DO UPDATE SET answers = excluded.answers,
                 entered_by = excluded.entered_by, entered_at = excluded.entered_at",
            &[&campaign, &point, &serial, &answers, &entered_by, &now.as_millisecond()],
        )
        .await?;
    Ok(())
}

pub(crate) async fn check_pairs(client: &impl GenericClient, campaign: i64) -> Result<Vec<PaperCheckPair>> {
    let rows = client
        .query(
            "SELECT c.point_id, c.serial, cu.username, c.answers, r.answers, su.username
             FROM paper_checks c
             JOIN users cu ON cu.id = c.entered_by
             LEFT JOIN paper_slips s ON s.campaign_id = c.campaign_id AND s.point_id = c.point_id AND s.serial = c.serial
             LEFT JOIN responses r ON r.client_id = s.client_id
             LEFT JOIN users su ON su.id = s.entered_by
             WHERE c.campaign_id = $1 ORDER BY c.point_id, c.serial",
            &[&campaign],
        )
        .await?;
    rows.iter()
        .map(|r| {
            Ok(PaperCheckPair {
                point_id: r.try_get(0)?,
                serial: r.try_get(1)?,
                checked_by: r.try_get(2)?,
                check: r.try_get(3)?,
                entry: r.try_get(4)?,
                entered_by: r.try_get(5)?,
            })
        })
        .collect()
}
