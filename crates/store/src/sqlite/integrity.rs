//! Integrity: the marks submission limits count, and the flags of responses.

use deadpool_sqlite::rusqlite::{Connection, Transaction, params};
use jiff::Timestamp;

use crate::limits::{Judged, Wanted};
use crate::{FlagCount, NewResponse, PointFlagCount, Result};

/// Writes a just-stored response's marks and flags, and flags the start of any burst it
/// crossed. Runs inside the ingest transaction.
pub(crate) fn record(tx: &Transaction<'_>, id: i64, response: &NewResponse, judged: &Judged<'_>) -> Result<()> {
    let at = response.submitted_at;
    let mut mark = tx.prepare_cached("INSERT INTO submission_marks (key, at, response_id) VALUES (?1, ?2, ?3)")?;
    for key in &judged.keys {
        mark.execute(params![key, at.as_millisecond(), id])?;
    }
    let mut flag = tx.prepare_cached(
        "INSERT INTO response_flags (response_id, campaign_id, point_id, reason, detail) VALUES (?1, ?2, ?3, ?4, ?5)
         ON CONFLICT (response_id, reason) DO NOTHING",
    )?;
    for f in &judged.flags {
        flag.execute(params![id, response.campaign_id, response.point_id, f.reason.as_str(), f.detail])?;
    }
    let mut burst = tx.prepare_cached(
        "INSERT INTO response_flags (response_id, campaign_id, point_id, reason, detail)
         SELECT r.id, r.campaign_id, r.point_id, ?3, ?4
         FROM submission_marks m JOIN responses r ON r.id = m.response_id
         WHERE m.key = ?1 AND m.at >= ?2
         ON CONFLICT (response_id, reason) DO NOTHING",
    )?;
    for b in &judged.bursts {
        burst.execute(params![b.key, b.since.as_millisecond(), b.flag.reason.as_str(), b.flag.detail])?;
    }
    Ok(())
}

/// How many responses counted under each key since its time, each count stopping at its cap
/// (a limit needs to know no more), so a count reads at most `cap` index entries.
///
/// The cap is written into the statement, not bound: SQLite plans a bound LIMIT by its value
/// and re-prepares the statement whenever that value changes, which with a cap per kind of
/// limit meant parsing the query again for nearly every count.
pub(crate) fn counts(conn: &Connection, keys: &[Wanted]) -> Result<Vec<u32>> {
    keys.iter()
        .map(|(key, since, cap)| {
            let mut stmt = conn.prepare_cached(&format!(
                "SELECT count(*) FROM (SELECT 1 FROM submission_marks WHERE key = ?1 AND at >= ?2 LIMIT {cap})"
            ))?;
            Ok(stmt.query_row(params![key, since.as_millisecond()], |r| r.get(0))?)
        })
        .collect()
}

pub(crate) fn purge_marks(tx: &Transaction<'_>, before: Timestamp) -> Result<u64> {
    Ok(tx.execute("DELETE FROM submission_marks WHERE at < ?1", [before.as_millisecond()])? as u64)
}

/// Flagged responses of a campaign by reason, and how many responses carry any flag.
pub(crate) fn flag_counts(conn: &Connection, campaign: i64) -> Result<FlagCount> {
    let flagged: i64 = conn
        .prepare_cached("SELECT count(DISTINCT response_id) FROM response_flags WHERE campaign_id = ?1")?
        .query_row([campaign], |r| r.get(0))?;
    let mut stmt = conn.prepare_cached(
        "SELECT reason, count(*) FROM response_flags WHERE campaign_id = ?1 GROUP BY reason ORDER BY reason",
    )?;
    let by_reason = stmt
        .query_map([campaign], |r| Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?)))?
        .collect::<Result<Vec<_>, _>>()?;
    Ok(FlagCount { flagged, by_reason })
}

/// Flagged and reviewed responses of a campaign per point, from the kept counts.
pub(crate) fn flag_counts_by_point(conn: &Connection, campaign: i64) -> Result<Vec<PointFlagCount>> {
    let mut stmt =
        conn.prepare_cached("SELECT point_id, flagged, reviewed FROM point_flag_counts WHERE campaign_id = ?1")?;
    let rows = stmt.query_map([campaign], |r| {
        Ok(PointFlagCount { point_id: r.get(0)?, flagged: r.get(1)?, reviewed: r.get(2)? })
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}
