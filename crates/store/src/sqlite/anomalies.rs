//! The anomaly job's watermark, hourly counts and flags.

use deadpool_sqlite::rusqlite::{Connection, OptionalExtension, Row, Transaction, params};
use domain::answers::Answers;
use jiff::Timestamp;

use super::rows;
use crate::anomalies::ANOMALY_COLUMNS;
use crate::{
    AnomalyRow, AnomalyStep, AnomalyWatermark, FlagGroup, GroupFlag, HourCount, Result, StoreError, StoredFlag,
};

pub(crate) fn watermark(conn: &Connection, campaign: i64) -> Result<AnomalyWatermark> {
    let found = conn
        .prepare_cached("SELECT last_response_id, visitors_checked FROM anomaly_watermarks WHERE campaign_id = ?1")?
        .query_row([campaign], |r| {
            let checked: Option<i64> = r.get(1)?;
            Ok(AnomalyWatermark {
                last_response_id: r.get(0)?,
                visitors_checked: checked.map(domain::time::from_millis),
            })
        })
        .optional()?;
    Ok(found.unwrap_or_default())
}

fn row(r: &Row<'_>) -> deadpool_sqlite::rusqlite::Result<Result<AnomalyRow>> {
    let id: i64 = r.get(0)?;
    let answered: Option<i64> = r.get(5)?;
    let json: String = r.get(7)?;
    let answers = match Answers::from_json(&json) {
        Ok(answers) => answers,
        Err(e) => return Ok(Err(StoreError::Corrupt(format!("response {id}: {e}")))),
    };
    Ok(Ok(AnomalyRow {
        id,
        point_id: r.get(1)?,
        channel: rows::channel(r, 2)?,
        client_id: r.get(3)?,
        submitted_at: rows::timestamp(r, 4)?,
        stored_at: rows::timestamp(r, 8)?,
        answered_at: answered.map(domain::time::from_millis),
        day: rows::date(r, 6)?.unwrap_or_default(),
        answers,
    }))
}

pub(crate) fn rows(conn: &Connection, campaign: i64, after: i64, limit: i64) -> Result<Vec<AnomalyRow>> {
    let sql =
        format!("SELECT {ANOMALY_COLUMNS} FROM responses WHERE campaign_id = ?1 AND id > ?2 ORDER BY id LIMIT ?3");
    let mut stmt = conn.prepare_cached(&sql)?;
    let found = stmt.query_map(params![campaign, after, limit], row)?;
    found.map(|r| r?).collect()
}

pub(crate) fn context(
    conn: &Connection,
    campaign: i64,
    from: i64,
    through: i64,
    since: Timestamp,
) -> Result<Vec<AnomalyRow>> {
    let sql = format!(
        "SELECT {ANOMALY_COLUMNS} FROM responses
         WHERE id BETWEEN ?2 AND ?3 AND campaign_id = ?1 AND channel <> 'paper'
           AND COALESCE(answered_at, submitted_at) >= ?4
         ORDER BY id"
    );
    let mut stmt = conn.prepare_cached(&sql)?;
    let found = stmt.query_map(params![campaign, from, through, since.as_millisecond()], row)?;
    found.map(|r| r?).collect()
}

/// The points are a JSON array of ids, read with `json_each`.
pub(crate) fn hours(conn: &Connection, campaign: i64, points: &[i64], since_hour: i64) -> Result<Vec<HourCount>> {
    let points = serde_json::to_string(points).map_err(|e| StoreError::Corrupt(e.to_string()))?;
    let mut stmt = conn.prepare_cached(
        "SELECT point_id, hour, responses, straight_lined, first_id, last_id FROM anomaly_hours
         WHERE campaign_id = ?1 AND point_id IN (SELECT value FROM json_each(?2)) AND hour >= ?3",
    )?;
    let found = stmt.query_map(params![campaign, points, since_hour], |r| {
        Ok(HourCount {
            point_id: r.get(0)?,
            hour: r.get(1)?,
            responses: r.get(2)?,
            straight_lined: r.get(3)?,
            first_id: r.get(4)?,
            last_id: r.get(5)?,
        })
    })?;
    Ok(found.collect::<Result<_, _>>()?)
}

pub(crate) fn first_id_since(conn: &Connection, campaign: i64, hour: i64) -> Result<Option<i64>> {
    Ok(conn
        .prepare_cached("SELECT min(first_id) FROM anomaly_hours WHERE campaign_id = ?1 AND hour >= ?2")?
        .query_row([campaign, hour], |r| r.get(0))?)
}

pub(crate) fn record_step(tx: &Transaction<'_>, step: &AnomalyStep) -> Result<Option<u64>> {
    // The watermark first: a run that lost the race writes nothing.
    let moved = tx
        .prepare_cached(
            "INSERT INTO anomaly_watermarks (campaign_id, last_response_id) VALUES (?1, ?2)
             ON CONFLICT (campaign_id) DO UPDATE SET last_response_id = excluded.last_response_id
             WHERE anomaly_watermarks.last_response_id = ?3",
        )?
        .execute(params![step.campaign_id, step.up_to, step.after])?;
    if moved == 0 {
        return Ok(None);
    }
    let mut add = tx.prepare_cached(
        "INSERT INTO anomaly_hours (campaign_id, point_id, hour, responses, straight_lined, first_id, last_id)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
         ON CONFLICT (campaign_id, point_id, hour) DO UPDATE SET
             responses = anomaly_hours.responses + excluded.responses,
             straight_lined = anomaly_hours.straight_lined + excluded.straight_lined,
             first_id = min(anomaly_hours.first_id, excluded.first_id),
             last_id = max(anomaly_hours.last_id, excluded.last_id)",
    )?;
    for h in &step.hours {
        add.execute(params![
            step.campaign_id,
            h.point_id,
            h.hour,
            h.responses,
            h.straight_lined,
            h.first_id,
            h.last_id
        ])?;
    }
    let mut flag = tx.prepare_cached(
        "INSERT INTO response_flags (response_id, campaign_id, point_id, reason, detail) VALUES (?1, ?2, ?3, ?4, ?5)
         ON CONFLICT (response_id, reason) DO NOTHING",
    )?;
    let mut written = 0;
    for f in &step.rows {
        written +=
            flag.execute(params![f.response_id, step.campaign_id, f.point_id, f.flag.reason.as_str(), f.flag.detail])?
                as u64;
    }
    Ok(Some(written + flag_groups(tx, step.campaign_id, &step.groups)?))
}

pub(crate) fn record_visitor_check(
    tx: &Transaction<'_>,
    campaign: i64,
    groups: &[GroupFlag],
    at: Timestamp,
) -> Result<u64> {
    let written = flag_groups(tx, campaign, groups)?;
    tx.prepare_cached(
        "INSERT INTO anomaly_watermarks (campaign_id, last_response_id, visitors_checked) VALUES (?1, 0, ?2)
         ON CONFLICT (campaign_id) DO UPDATE SET visitors_checked = excluded.visitors_checked",
    )?
    .execute(params![campaign, at.as_millisecond()])?;
    Ok(written)
}

fn flag_groups(tx: &Transaction<'_>, campaign: i64, groups: &[GroupFlag]) -> Result<u64> {
    let mut hour = tx.prepare_cached(
        "INSERT INTO response_flags (response_id, campaign_id, point_id, reason, detail)
         SELECT id, campaign_id, point_id, ?1, ?2 FROM responses
         WHERE id BETWEEN ?3 AND ?4 AND campaign_id = ?5 AND point_id = ?6 AND channel <> 'paper'
           AND COALESCE(answered_at, submitted_at) >= ?7 AND COALESCE(answered_at, submitted_at) < ?8
         ON CONFLICT (response_id, reason) DO NOTHING",
    )?;
    let mut day = tx.prepare_cached(
        "INSERT INTO response_flags (response_id, campaign_id, point_id, reason, detail)
         SELECT id, campaign_id, point_id, ?1, ?2 FROM responses
         WHERE campaign_id = ?3 AND point_id = ?4 AND day = ?5
         ON CONFLICT (response_id, reason) DO NOTHING",
    )?;
    let mut written = 0;
    for g in groups {
        let (reason, detail) = (g.flag.reason.as_str(), g.flag.detail.as_str());
        written += match g.group {
            FlagGroup::Hour { point_id, hour: h, first_id, last_id } => {
                let from = h * crate::HOUR_MS;
                hour.execute(params![
                    reason,
                    detail,
                    first_id,
                    last_id,
                    campaign,
                    point_id,
                    from,
                    from + crate::HOUR_MS
                ])?
            }
            FlagGroup::Day { point_id, day: d } => {
                day.execute(params![reason, detail, campaign, point_id, d.to_string()])?
            }
        } as u64;
    }
    Ok(written)
}

pub(crate) fn flags(conn: &Connection, campaign: i64) -> Result<Vec<StoredFlag>> {
    let mut stmt = conn.prepare_cached(
        "SELECT f.response_id, r.client_id, r.submitted_at, f.reason, f.detail
         FROM response_flags f JOIN responses r ON r.id = f.response_id
         WHERE f.campaign_id = ?1 ORDER BY f.response_id, f.reason",
    )?;
    let found = stmt.query_map([campaign], |r| {
        Ok(StoredFlag {
            response_id: r.get(0)?,
            client_id: r.get(1)?,
            submitted_at: rows::timestamp(r, 2)?,
            reason: r.get(3)?,
            detail: r.get(4)?,
        })
    })?;
    Ok(found.collect::<Result<_, _>>()?)
}
