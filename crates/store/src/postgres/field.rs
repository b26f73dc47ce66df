//! Visitor counts and daily field reports with their photos.

use deadpool_postgres::GenericClient;
use jiff::Timestamp;
use jiff::civil::Date;

use super::{Db, rows};
use crate::{FieldReportRecord, NewFieldReport, PhotoRecord, Result, VisitorCount, VisitorCountRecord};

pub(crate) async fn set_visitor_counts(
    db: &Db,
    campaign: i64,
    counts: &[VisitorCount],
    entered_by: i64,
    now: Timestamp,
) -> Result<()> {
    let mut client = db.client().await?;
    let tx = client.transaction().await?;
    let upsert = tx
        .prepare_cached(
            "INSERT INTO visitor_counts (campaign_id, point_id, day, visitors, entered_by, entered_at)
             VALUES ($1, $2, $3, $4, $5, $6)
             ON CONFLICT (campaign_id, point_id, day)
             DO UPDATE SET visitors = excluded.visitors, entered_by = excluded.entered_by, entered_at = excluded.entered_at",
        )
        .await?;
    for c in counts {
        tx.execute(
            &upsert,
            &[&campaign, &c.point_id, &c.day.to_string(), &c.visitors, &entered_by, &now.as_millisecond()],
        )
        .await?;
    }
    tx.commit().await?;
    Ok(())
}

pub(crate) async fn visitor_totals(client: &impl GenericClient, campaign: i64) -> Result<Vec<(i64, i64)>> {
    let rows = client
        .query(
            "SELECT point_id, SUM(visitors)::BIGINT FROM visitor_counts WHERE campaign_id = $1 GROUP BY point_id",
            &[&campaign],
        )
        .await?;
    rows.iter().map(|r| Ok((r.try_get(0)?, r.try_get(1)?))).collect()
}

pub(crate) async fn visitor_counts(client: &impl GenericClient, campaign: i64) -> Result<Vec<VisitorCountRecord>> {
    let rows = client
        .query(
            "SELECT v.point_id, v.day, v.visitors, u.username, v.entered_at
             FROM visitor_counts v LEFT JOIN users u ON u.id = v.entered_by
             WHERE v.campaign_id = $1 ORDER BY v.day, v.point_id",
            &[&campaign],
        )
        .await?;
    rows.iter()
        .map(|r| {
            Ok(VisitorCountRecord {
                point_id: r.try_get(0)?,
                day: rows::date(r, 1)?.unwrap_or_default(),
                visitors: r.try_get(2)?,
                entered_by: r.try_get(3)?,
                entered_at: rows::timestamp(r, 4)?,
            })
        })
        .collect()
}

pub(crate) async fn file_report(db: &Db, report: &NewFieldReport, now: Timestamp) -> Result<i64> {
    let mut client = db.client().await?;
    let tx = client.transaction().await?;
    let id: i64 = tx
        .query_one(
            "INSERT INTO field_reports (campaign_id, point_id, day, assisted, notes, filed_by, filed_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7)
             ON CONFLICT (campaign_id, point_id, day) DO UPDATE SET assisted = excluded.assisted,
                 notes = excluded.notes, filed_by = excluded.filed_by, filed_at = excluded.filed_at
             RETURNING id",
            &[
                &report.campaign_id,
                &report.point_id,
                &report.day.to_string(),
                &report.assisted,
                &report.notes,
                &report.filed_by,
                &now.as_millisecond(),
            ],
        )
        .await?
        .try_get(0)?;
    for photo in &report.photos {
        tx.execute(
            "INSERT INTO field_photos (report_id, content_type, bytes, added_at) VALUES ($1, $2, $3, $4)",
            &[&id, &photo.content_type, &photo.bytes, &now.as_millisecond()],
        )
        .await?;
    }
    tx.commit().await?;
    Ok(id)
}

pub(crate) async fn reports(
    client: &impl GenericClient,
    campaign: i64,
    day: Option<Date>,
) -> Result<Vec<FieldReportRecord>> {
    let rows = client
        .query(
            "SELECT r.id, r.point_id, r.day, r.assisted, r.notes, u.username, r.filed_at,
                    ARRAY(SELECT p.id FROM field_photos p WHERE p.report_id = r.id ORDER BY p.id)
             FROM field_reports r LEFT JOIN users u ON u.id = r.filed_by
             WHERE r.campaign_id = $1 AND ($2::TEXT IS NULL OR r.day = $2)
             ORDER BY r.day DESC, r.point_id",
            &[&campaign, &rows::date_text(day)],
        )
        .await?;
    rows.iter()
        .map(|r| {
            Ok(FieldReportRecord {
                id: r.try_get(0)?,
                point_id: r.try_get(1)?,
                day: rows::date(r, 2)?.unwrap_or_default(),
                assisted: r.try_get(3)?,
                notes: r.try_get(4)?,
                filed_by: r.try_get(5)?,
                filed_at: rows::timestamp(r, 6)?,
                photo_ids: r.try_get(7)?,
            })
        })
        .collect()
}

pub(crate) async fn reported_points(client: &impl GenericClient, campaign: i64, day: Date) -> Result<Vec<i64>> {
    let rows = client
        .query("SELECT point_id FROM field_reports WHERE campaign_id = $1 AND day = $2", &[&campaign, &day.to_string()])
        .await?;
    rows.iter().map(|r| Ok(r.try_get(0)?)).collect()
}

pub(crate) async fn photo(client: &impl GenericClient, id: i64) -> Result<Option<PhotoRecord>> {
    let row = client
        .query_opt(
            "SELECT r.campaign_id, r.point_id, p.content_type, p.bytes
             FROM field_photos p JOIN field_reports r ON r.id = p.report_id WHERE p.id = $1",
            &[&id],
        )
        .await?;
    row.map(|r| {
        Ok(PhotoRecord {
            campaign_id: r.try_get(0)?,
            point_id: r.try_get(1)?,
            content_type: r.try_get(2)?,
            bytes: r.try_get(3)?,
        })
    })
    .transpose()
}
