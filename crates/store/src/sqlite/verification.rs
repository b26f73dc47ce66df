//! Verification codes (SQLite): the campaign setting, batches of codes, the counts the codes
//! page shows, verified tallies, and claiming a code inside the ingest transaction.

use deadpool_sqlite::rusqlite::{Connection, OptionalExtension, Row, Transaction, params};
use domain::integrity::FlagReason;
use domain::verification::VerificationCode;
use jiff::Timestamp;
use jiff::civil::Date;

use super::rows;
use super::units::is_unique_violation;
use crate::{
    CodeBatchKind, CodeBatchPart, DailyCount, IssuedCode, NewCodeBatch, NewResponse, PointCodeCounts, Result,
    StoreError, TallyRow,
};

pub(crate) fn enabled(conn: &Connection, campaign: i64) -> Result<bool> {
    let mut stmt = conn.prepare_cached("SELECT enabled FROM campaign_verification WHERE campaign_id = ?1")?;
    Ok(stmt.query_row([campaign], |r| r.get(0)).optional()?.unwrap_or(false))
}

pub(crate) fn set_enabled(tx: &Transaction<'_>, campaign: i64, enabled: bool, now: Timestamp) -> Result<()> {
    tx.execute(
        "INSERT INTO campaign_verification (campaign_id, enabled, updated_at) VALUES (?1, ?2, ?3)
         ON CONFLICT (campaign_id) DO UPDATE SET enabled = excluded.enabled, updated_at = excluded.updated_at",
        params![campaign, enabled, now.as_millisecond()],
    )?;
    Ok(())
}

pub(crate) fn create_batch(tx: &Transaction<'_>, batch: &NewCodeBatch, now: Timestamp) -> Result<i64> {
    tx.execute(
        "INSERT INTO verification_batches (campaign_id, kind, label, created_by, created_at) VALUES (?1, ?2, ?3, ?4, ?5)",
        params![batch.campaign_id, batch.kind.as_str(), batch.label, batch.created_by, now.as_millisecond()],
    )?;
    let id = tx.last_insert_rowid();
    let mut insert = tx.prepare_cached(
        "INSERT INTO verification_codes (campaign_id, point_id, batch_id, code) VALUES (?1, ?2, ?3, ?4)",
    )?;
    for (point, code) in &batch.codes {
        insert.execute(params![batch.campaign_id, point, id, code.as_str()]).map_err(|e| {
            if is_unique_violation(&e) {
                StoreError::Conflict(format!("code {code} is already in the campaign"))
            } else {
                e.into()
            }
        })?;
    }
    Ok(id)
}

pub(crate) fn existing(conn: &Connection, campaign: i64, codes: &[String]) -> Result<Vec<String>> {
    let codes = serde_json::to_string(codes).map_err(|e| StoreError::Corrupt(e.to_string()))?;
    let mut stmt = conn.prepare_cached(
        "SELECT code FROM verification_codes WHERE campaign_id = ?1 AND code IN (SELECT value FROM json_each(?2))",
    )?;
    let rows = stmt.query_map(params![campaign, codes], |r| r.get(0))?;
    Ok(rows.collect::<Result<_, _>>()?)
}

fn batch_part(r: &Row<'_>) -> deadpool_sqlite::rusqlite::Result<CodeBatchPart> {
    let kind: String = r.get(1)?;
    Ok(CodeBatchPart {
        batch_id: r.get(0)?,
        kind: CodeBatchKind::parse(&kind).unwrap_or(CodeBatchKind::Imported),
        label: r.get(2)?,
        created_by: r.get(3)?,
        created_at: rows::timestamp(r, 4)?,
        point_id: r.get(5)?,
        codes: r.get(6)?,
        used: r.get(7)?,
    })
}

pub(crate) fn batches(conn: &Connection, campaign: i64) -> Result<Vec<CodeBatchPart>> {
    let mut stmt = conn.prepare_cached(
        "SELECT b.id, b.kind, b.label, u.username, b.created_at, c.point_id, count(*), count(c.used_by)
         FROM verification_batches b
         JOIN verification_codes c ON c.batch_id = b.id
         LEFT JOIN users u ON u.id = b.created_by
         WHERE b.campaign_id = ?1
         GROUP BY b.id, b.kind, b.label, u.username, b.created_at, c.point_id
         ORDER BY b.id DESC, c.point_id",
    )?;
    let rows = stmt.query_map([campaign], batch_part)?;
    Ok(rows.collect::<Result<_, _>>()?)
}

pub(crate) fn batch_codes(conn: &Connection, campaign: i64, batch: i64) -> Result<Vec<IssuedCode>> {
    let mut stmt = conn.prepare_cached(
        "SELECT point_id, code, used_at FROM verification_codes WHERE campaign_id = ?1 AND batch_id = ?2
         ORDER BY point_id, id",
    )?;
    let rows = stmt.query_map(params![campaign, batch], |r| {
        let used_at: Option<i64> = r.get(2)?;
        Ok(IssuedCode {
            point_id: r.get(0)?,
            code: VerificationCode::from_stored(r.get(1)?),
            used_at: used_at.map(domain::time::from_millis),
        })
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// The page's counts per point, from each table's `(campaign, point)` index.
pub(crate) fn counts(conn: &Connection, campaign: i64) -> Result<Vec<PointCodeCounts>> {
    let mut stmt = conn.prepare_cached(
        "SELECT point_id, SUM(issued), SUM(used), SUM(verified), SUM(refused) FROM (
             SELECT point_id, count(*) AS issued, count(used_by) AS used, 0 AS verified, 0 AS refused
             FROM verification_codes WHERE campaign_id = ?1 GROUP BY point_id
             UNION ALL
             SELECT point_id, 0, 0, count(*), 0 FROM response_verifications WHERE campaign_id = ?1 GROUP BY point_id
             UNION ALL
             SELECT point_id, 0, 0, 0, count(DISTINCT response_id) FROM response_flags
             WHERE campaign_id = ?1 AND reason IN (?2, ?3) GROUP BY point_id)
         GROUP BY point_id ORDER BY point_id",
    )?;
    let rows =
        stmt.query_map(params![campaign, FlagReason::CodeReused.as_str(), FlagReason::CodeUnknown.as_str()], |r| {
            Ok(PointCodeCounts {
                point_id: r.get(0)?,
                issued: r.get(1)?,
                used: r.get(2)?,
                verified: r.get(3)?,
                refused_codes: r.get(4)?,
            })
        })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

pub(crate) fn tallies(conn: &Connection, campaign: i64) -> Result<Vec<TallyRow>> {
    let mut stmt = conn.prepare_cached(
        "SELECT point_id, item, level, n FROM verified_tallies WHERE campaign_id = ?1 ORDER BY point_id, item, level",
    )?;
    let rows = stmt.query_map([campaign], super::tallies::tally_row)?;
    Ok(rows.collect::<Result<_, _>>()?)
}

pub(crate) fn daily(conn: &Connection, campaign: i64) -> Result<Vec<DailyCount>> {
    let mut stmt = conn.prepare_cached(
        "SELECT point_id, day, channel, n FROM verified_daily WHERE campaign_id = ?1 ORDER BY point_id, day, channel",
    )?;
    let rows = stmt.query_map([campaign], super::tallies::daily_row)?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// Verified responses per day over `points` (`None`: every point of the campaign).
pub(crate) fn daily_totals(conn: &Connection, campaign: i64, points: Option<&[i64]>) -> Result<Vec<(Date, i64)>> {
    let mut stmt = conn.prepare_cached(
        "SELECT day, SUM(n) FROM verified_daily
         WHERE campaign_id = ?1 AND (?2 IS NULL OR point_id IN (SELECT value FROM json_each(?2)))
         GROUP BY day ORDER BY day",
    )?;
    let ids = points.map(super::tallies::point_ids).transpose()?;
    let rows = stmt.query_map(params![campaign, ids], super::tallies::day_total)?;
    Ok(rows.collect::<Result<_, _>>()?)
}

pub(crate) fn is_verified(conn: &Connection, response: i64) -> Result<bool> {
    let mut stmt =
        conn.prepare_cached("SELECT EXISTS (SELECT 1 FROM response_verifications WHERE response_id = ?1)")?;
    Ok(stmt.query_row([response], |r| r.get(0))?)
}

/// Claims the code a just-stored response carries, inside the ingest transaction: a valid,
/// unused code of its campaign and point makes it verified (and counted in the verified
/// tallies); any other code flags it. The writer is the only one that writes, so the check and
/// the claim cannot be split by another submission.
pub(crate) fn claim(tx: &Transaction<'_>, id: i64, response: &NewResponse, code: &VerificationCode) -> Result<()> {
    let at = response.submitted_at.as_millisecond();
    let claimed: Option<i64> = tx
        .prepare_cached(
            "UPDATE verification_codes SET used_by = ?4, used_at = ?5
             WHERE campaign_id = ?1 AND point_id = ?2 AND code = ?3 AND used_by IS NULL RETURNING id",
        )?
        .query_row(params![response.campaign_id, response.point_id, code.as_str(), id, at], |r| r.get(0))
        .optional()?;
    let Some(code_id) = claimed else {
        let found = tx
            .prepare_cached(
                "SELECT c.point_id, u.code, c.used_by FROM verification_codes c JOIN units u ON u.id = c.point_id
                 WHERE c.campaign_id = ?1 AND c.code = ?2",
            )?
            .query_row(params![response.campaign_id, code.as_str()], |r| {
                Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?, r.get::<_, Option<i64>>(2)?))
            })
            .optional()?;
        let (reason, detail) = crate::verification::flag_for(response.point_id, code, found);
        tx.prepare_cached(
            "INSERT INTO response_flags (response_id, campaign_id, point_id, reason, detail) VALUES (?1, ?2, ?3, ?4, ?5)
             ON CONFLICT (response_id, reason) DO NOTHING",
        )?
        .execute(params![id, response.campaign_id, response.point_id, reason.as_str(), detail])?;
        return Ok(());
    };
    tx.prepare_cached(
        "INSERT INTO response_verifications (response_id, code_id, campaign_id, point_id) VALUES (?1, ?2, ?3, ?4)",
    )?
    .execute(params![id, code_id, response.campaign_id, response.point_id])?;
    let mut tally = tx.prepare_cached(
        "INSERT INTO verified_tallies (campaign_id, point_id, item, level, n) VALUES (?1, ?2, ?3, ?4, 1)
         ON CONFLICT (campaign_id, point_id, item, level) DO UPDATE SET n = n + 1",
    )?;
    for delta in &response.deltas {
        tally.execute(params![response.campaign_id, response.point_id, delta.item, delta.level])?;
    }
    tx.prepare_cached(
        "INSERT INTO verified_daily (campaign_id, point_id, day, channel, n) VALUES (?1, ?2, ?3, ?4, 1)
         ON CONFLICT (campaign_id, point_id, day, channel) DO UPDATE SET n = n + 1",
    )?
    .execute(params![
        response.campaign_id,
        response.point_id,
        domain::time::local_day(response.submitted_at).to_string(),
        response.channel.as_str()
    ])?;
    Ok(())
}
