//! Visitor counts and daily field reports with their photos.

use deadpool_sqlite::rusqlite::{Connection, OptionalExtension, Transaction, params};
use jiff::Timestamp;
use jiff::civil::Date;

use super::rows;
use crate::{FieldReportRecord, NewFieldReport, PhotoRecord, Result, VisitorCount, VisitorCountRecord};

pub(crate) fn set_visitor_counts(
    tx: &Transaction<'_>,
    campaign: i64,
    counts: &[VisitorCount],
    entered_by: i64,
    now: Timestamp,
) -> Result<()> {
    let mut upsert = tx.prepare_cached(
        "INSERT INTO visitor_counts (campaign_id, point_id, day, visitors, entered_by, entered_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)
         ON CONFLICT (campaign_id, point_id, day)
         DO UPDATE SET visitors = excluded.visitors, entered_by = excluded.entered_by, entered_at = excluded.entered_at",
    )?;
    for c in counts {
        upsert.execute(params![
            campaign,
            c.point_id,
            c.day.to_string(),
            c.visitors,
            entered_by,
            now.as_millisecond()
        ])?;
    }
    Ok(())
}

pub(crate) fn visitor_totals(conn: &Connection, campaign: i64) -> Result<Vec<(i64, i64)>> {
    let mut stmt = conn.prepare_cached(
        "SELECT point_id, SUM(visitors) FROM visitor_counts WHERE campaign_id = ?1 GROUP BY point_id",
    )?;
    let rows = stmt.query_map([campaign], |r| Ok((r.get(0)?, r.get(1)?)))?;
    Ok(rows.collect::<Result<_, _>>()?)
}

pub(crate) fn visitor_counts(conn: &Connection, campaign: i64) -> Result<Vec<VisitorCountRecord>> {
    let mut stmt = conn.prepare_cached(
        "SELECT v.point_id, v.day, v.visitors, u.username, v.entered_at
         FROM visitor_counts v LEFT JOIN users u ON u.id = v.entered_by
         WHERE v.campaign_id = ?1 ORDER BY v.day, v.point_id",
    )?;
    let rows = stmt.query_map([campaign], |r| {
        Ok(VisitorCountRecord {
            point_id: r.get(0)?,
            day: rows::date(r, 1)?.unwrap_or_default(),
            visitors: r.get(2)?,
            entered_by: r.get(3)?,
            entered_at: rows::timestamp(r, 4)?,
        })
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

pub(crate) fn file_report(tx: &Transaction<'_>, report: &NewFieldReport, now: Timestamp) -> Result<i64> {
    let id: i64 = tx
        .prepare_cached(
            "INSERT INTO field_reports (campaign_id, point_id, day, assisted, notes, filed_by, filed_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
             ON CONFLICT (campaign_id, point_id, day) DO UPDATE SET assisted = excluded.assisted,
                 notes = excluded.notes, filed_by = excluded.filed_by, filed_at = excluded.filed_at
             RETURNING id",
        )?
        .query_row(
            params![
                report.campaign_id,
                report.point_id,
                report.day.to_string(),
                report.assisted,
                report.notes,
                report.filed_by,
                now.as_millisecond()
            ],
            |r| r.get(0),
        )?;
    let mut add = tx.prepare_cached(
        "INSERT INTO field_photos (report_id, content_type, bytes, added_at) VALUES (?1, ?2, ?3, ?4)",
    )?;
    for photo in &report.photos {
        add.execute(params![id, photo.content_type, photo.bytes, now.as_millisecond()])?;
    }
    Ok(id)
}

pub(crate) fn reports(conn: &Connection, campaign: i64, day: Option<Date>) -> Result<Vec<FieldReportRecord>> {
    let mut stmt = conn.prepare_cached(
        "SELECT r.id, r.point_id, r.day, r.assisted, r.notes, u.username, r.filed_at,
                (SELECT group_concat(p.id) FROM field_photos p WHERE p.report_id = r.id)
         FROM field_reports r LEFT JOIN users u ON u.id = r.filed_by
         WHERE r.campaign_id = ?1 AND (?2 IS NULL OR r.day = ?2)
         ORDER BY r.day DESC, r.point_id",
    )?;
    let rows = stmt.query_map(params![campaign, rows::date_text(day)], |r| {
        let photos: Option<String> = r.get(7)?;
        Ok(FieldReportRecord {
            id: r.get(0)?,
            point_id: r.get(1)?,
            day: rows::date(r, 2)?.unwrap_or_default(),
            assisted: r.get(3)?,
            notes: r.get(4)?,
            filed_by: r.get(5)?,
            filed_at: rows::timestamp(r, 6)?,
            photo_ids: photos.unwrap_or_default().split(',').filter_map(|id| id.parse().ok()).collect(),
        })
    })?;
    let mut found: Vec<FieldReportRecord> = rows.collect::<Result<_, _>>()?;
    for report in &mut found {
        report.photo_ids.sort_unstable();
    }
    Ok(found)
}

pub(crate) fn reported_points(conn: &Connection, campaign: i64, day: Date) -> Result<Vec<i64>> {
    let mut stmt = conn.prepare_cached("SELECT point_id FROM field_reports WHERE campaign_id = ?1 AND day = ?2")?;
    let rows = stmt.query_map(params![campaign, day.to_string()], |r| r.get(0))?;
    Ok(rows.collect::<Result<_, _>>()?)
}

pub(crate) fn photo(conn: &Connection, id: i64) -> Result<Option<PhotoRecord>> {
    let mut stmt = conn.prepare_cached(
        "SELECT r.campaign_id, r.point_id, p.content_type, p.bytes
         FROM field_photos p JOIN field_reports r ON r.id = p.report_id WHERE p.id = ?1",
    )?;
    Ok(stmt
        .query_row([id], |r| {
            Ok(PhotoRecord { campaign_id: r.get(0)?, point_id: r.get(1)?, content_type: r.get(2)?, bytes: r.get(3)? })
        })
        .optional()?)
}
