//! Reading the tallies and daily counts that ingest keeps up to date, and folding the count
//! journals into them. A read adds the journal to the folded counts in one statement: one
//! snapshot, so a fold running meanwhile can neither hide a count nor show it twice.

use deadpool_sqlite::rusqlite::{Connection, Transaction, params};
use jiff::civil::Date;

use super::rows;
use crate::{DailyCount, Result, TallyRow};

pub(super) fn tally_row(r: &deadpool_sqlite::rusqlite::Row<'_>) -> deadpool_sqlite::rusqlite::Result<TallyRow> {
    Ok(TallyRow { point_id: r.get(0)?, item: r.get(1)?, level: r.get(2)?, n: r.get(3)? })
}

/// A campaign's tallies; with `leave_out_excluded`, minus what excluded responses added.
pub(crate) fn for_campaign(conn: &Connection, campaign: i64, leave_out_excluded: bool) -> Result<Vec<TallyRow>> {
    let mut stmt = conn.prepare_cached(
        "SELECT point_id, item, level, SUM(n) FROM (
             SELECT point_id, item, level, n FROM tallies WHERE campaign_id = ?1
             UNION ALL
             SELECT point_id, item, level, n FROM tally_journal WHERE campaign_id = ?1
             UNION ALL
             SELECT point_id, item, level, -n FROM excluded_tallies WHERE campaign_id = ?1 AND ?2)
         GROUP BY point_id, item, level HAVING SUM(n) <> 0 ORDER BY point_id, item, level",
    )?;
    let rows = stmt.query_map(params![campaign, leave_out_excluded], tally_row)?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// The tallies of some points only (a JSON array of ids, read with `json_each`).
pub(crate) fn for_points(conn: &Connection, campaign: i64, points: &[i64]) -> Result<Vec<TallyRow>> {
    let ids = point_ids(points)?;
    let mut stmt = conn.prepare_cached(
        "SELECT point_id, item, level, SUM(n) FROM (
             SELECT point_id, item, level, n FROM tallies
             WHERE campaign_id = ?1 AND point_id IN (SELECT value FROM json_each(?2))
             UNION ALL
             SELECT point_id, item, level, n FROM tally_journal
             WHERE campaign_id = ?1 AND point_id IN (SELECT value FROM json_each(?2)))
         GROUP BY point_id, item, level ORDER BY point_id, item, level",
    )?;
    let rows = stmt.query_map(params![campaign, ids], tally_row)?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// Responses per point, day and channel; with `leave_out_excluded`, excluded ones left out.
pub(crate) fn daily_counts(conn: &Connection, campaign: i64, leave_out_excluded: bool) -> Result<Vec<DailyCount>> {
    let mut stmt = conn.prepare_cached(
        "SELECT point_id, day, channel, SUM(n) FROM (
             SELECT point_id, day, channel, n FROM daily_counts WHERE campaign_id = ?1
             UNION ALL
             SELECT point_id, day, channel, n FROM daily_journal WHERE campaign_id = ?1
             UNION ALL
             SELECT point_id, day, channel, -n FROM excluded_daily WHERE campaign_id = ?1 AND ?2)
         GROUP BY point_id, day, channel HAVING SUM(n) <> 0 ORDER BY point_id, day, channel",
    )?;
    let rows = stmt.query_map(params![campaign, leave_out_excluded], daily_row)?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// Responses per day over `points` (`None`: every point of the campaign), summed in the
/// database: the country's points have hundreds of thousands of day-and-channel rows, the page
/// wants one number a day. With `leave_out_excluded`, excluded ones left out.
pub(crate) fn daily_totals(
    conn: &Connection,
    campaign: i64,
    leave_out_excluded: bool,
    points: Option<&[i64]>,
) -> Result<Vec<(Date, i64)>> {
    let Some(points) = points else {
        let mut stmt = conn.prepare_cached(
            "SELECT day, SUM(n) FROM (
                 SELECT day, n FROM day_totals WHERE campaign_id = ?1
                 UNION ALL
                 SELECT day, n FROM daily_journal WHERE campaign_id = ?1
                 UNION ALL
                 SELECT day, -n FROM excluded_daily WHERE campaign_id = ?1 AND ?2)
             GROUP BY day HAVING SUM(n) <> 0 ORDER BY day",
        )?;
        let rows = stmt.query_map(params![campaign, leave_out_excluded], day_total)?;
        return Ok(rows.collect::<Result<_, _>>()?);
    };
    let mut stmt = conn.prepare_cached(
        "SELECT day, SUM(n) FROM (
             SELECT day, n FROM daily_counts
             WHERE campaign_id = ?1 AND point_id IN (SELECT value FROM json_each(?3))
             UNION ALL
             SELECT day, n FROM daily_journal
             WHERE campaign_id = ?1 AND point_id IN (SELECT value FROM json_each(?3))
             UNION ALL
             SELECT day, -n FROM excluded_daily
             WHERE campaign_id = ?1 AND ?2 AND point_id IN (SELECT value FROM json_each(?3)))
         GROUP BY day HAVING SUM(n) <> 0 ORDER BY day",
    )?;
    let rows = stmt.query_map(params![campaign, leave_out_excluded, point_ids(points)?], day_total)?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// Point ids as the JSON array `json_each` reads.
pub(super) fn point_ids(points: &[i64]) -> Result<String> {
    serde_json::to_string(points).map_err(|e| crate::StoreError::Corrupt(e.to_string()))
}

/// A day's total read as `day, n`.
pub(super) fn day_total(r: &deadpool_sqlite::rusqlite::Row<'_>) -> deadpool_sqlite::rusqlite::Result<(Date, i64)> {
    Ok((rows::date(r, 0)?.unwrap_or_default(), r.get(1)?))
}

/// A daily count read as `point_id, day, channel, n`.
pub(super) fn daily_row(r: &deadpool_sqlite::rusqlite::Row<'_>) -> deadpool_sqlite::rusqlite::Result<DailyCount> {
    Ok(DailyCount {
        point_id: r.get(0)?,
        day: rows::date(r, 1)?.unwrap_or_default(),
        channel: rows::channel(r, 2)?,
        n: r.get(3)?,
    })
}

/// Adds every journalled count to the folded counts and empties the journals, in the writer's
/// transaction (no answer can commit in between).
pub(crate) fn fold(tx: &Transaction<'_>) -> Result<()> {
    tx.execute_batch(
        "INSERT INTO tallies (campaign_id, point_id, item, level, n)
             SELECT campaign_id, point_id, item, level, SUM(n) FROM tally_journal WHERE true
             GROUP BY campaign_id, point_id, item, level
         ON CONFLICT (campaign_id, point_id, item, level) DO UPDATE SET n = n + excluded.n;
         DELETE FROM tally_journal;
         INSERT INTO daily_counts (campaign_id, point_id, day, channel, n)
             SELECT campaign_id, point_id, day, channel, SUM(n) FROM daily_journal WHERE true
             GROUP BY campaign_id, point_id, day, channel
         ON CONFLICT (campaign_id, point_id, day, channel) DO UPDATE SET n = n + excluded.n;
         INSERT INTO point_totals (campaign_id, point_id, n)
             SELECT campaign_id, point_id, SUM(n) FROM daily_journal WHERE true
             GROUP BY campaign_id, point_id
         ON CONFLICT (campaign_id, point_id) DO UPDATE SET n = n + excluded.n;
         INSERT INTO day_totals (campaign_id, day, n)
             SELECT campaign_id, day, SUM(n) FROM daily_journal WHERE true
             GROUP BY campaign_id, day
         ON CONFLICT (campaign_id, day) DO UPDATE SET n = n + excluded.n;
         DELETE FROM daily_journal;",
    )?;
    Ok(())
}

/// Responses per point of a campaign; with `leave_out_excluded`, excluded ones left out.
pub(crate) fn point_totals(conn: &Connection, campaign: i64, leave_out_excluded: bool) -> Result<Vec<(i64, i64)>> {
    let mut stmt = conn.prepare_cached(
        "SELECT point_id, SUM(n) FROM (
             SELECT point_id, n FROM point_totals WHERE campaign_id = ?1
             UNION ALL
             SELECT point_id, n FROM daily_journal WHERE campaign_id = ?1
             UNION ALL
             SELECT point_id, -n FROM excluded_daily WHERE campaign_id = ?1 AND ?2)
         GROUP BY point_id HAVING SUM(n) <> 0 ORDER BY point_id",
    )?;
    let rows = stmt.query_map(params![campaign, leave_out_excluded], |r| Ok((r.get(0)?, r.get(1)?)))?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// Responses per point on one day (folded counts and the journal).
pub(crate) fn counts_on_day(conn: &Connection, campaign: i64, day: Date) -> Result<Vec<(i64, i64)>> {
    let mut stmt = conn.prepare_cached(
        "SELECT point_id, SUM(n) FROM (
             SELECT point_id, n FROM daily_counts WHERE campaign_id = ?1 AND day = ?2
             UNION ALL
             SELECT point_id, n FROM daily_journal WHERE campaign_id = ?1 AND day = ?2)
         GROUP BY point_id",
    )?;
    let rows = stmt.query_map(params![campaign, day.to_string()], |r| Ok((r.get(0)?, r.get(1)?)))?;
    Ok(rows.collect::<Result<_, _>>()?)
}
