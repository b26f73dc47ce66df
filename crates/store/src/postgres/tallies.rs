//! Reading the tallies and daily counts that ingest keeps up to date, and folding the count
//! journals into them. A read adds the journal to the folded counts in one statement: one
//! snapshot, so a fold running meanwhile can neither hide a count nor show it twice.

use deadpool_postgres::{GenericClient, Pool};
use jiff::civil::Date;

use super::rows;
use crate::{DailyCount, Result, StoreError, TallyRow};

pub(super) fn tally_row(r: &tokio_postgres::Row) -> Result<TallyRow> {
    Ok(TallyRow { point_id: r.try_get(0)?, item: r.try_get(1)?, level: rows::level(r, 2)?, n: r.try_get(3)? })
}

/// A campaign's tallies; with `leave_out_excluded`, minus what excluded responses added.
pub(crate) async fn for_campaign(
    client: &impl GenericClient,
    campaign: i64,
    leave_out_excluded: bool,
) -> Result<Vec<TallyRow>> {
    let found = client
        .query(
            "SELECT point_id, item, level, SUM(n)::BIGINT FROM (
                 SELECT point_id, item, level, n FROM tallies WHERE campaign_id = $1
                 UNION ALL
                 SELECT point_id, item, level, n FROM tally_journal WHERE campaign_id = $1
                 UNION ALL
                 SELECT point_id, item, level, -n FROM excluded_tallies WHERE campaign_id = $1 AND $2) AS counts
             GROUP BY point_id, item, level HAVING SUM(n) <> 0 ORDER BY point_id, item, level",
            &[&campaign, &leave_out_excluded],
        )
        .await?;
    found.iter().map(tally_row).collect()
}

/// The tallies of some points only.
pub(crate) async fn for_points(client: &impl GenericClient, campaign: i64, points: &[i64]) -> Result<Vec<TallyRow>> {
    let found = client
        .query(
            "SELECT point_id, item, level, SUM(n)::BIGINT FROM (
                 SELECT point_id, item, level, n FROM tallies WHERE campaign_id = $1 AND point_id = ANY($2)
                 UNION ALL
                 SELECT point_id, item, level, n FROM tally_journal WHERE campaign_id = $1 AND point_id = ANY($2))
                 AS counts
             GROUP BY point_id, item, level ORDER BY point_id, item, level",
            &[&campaign, &points],
        )
        .await?;
    found.iter().map(tally_row).collect()
}

/// Responses per point, day and channel; with `leave_out_excluded`, excluded ones left out.
pub(crate) async fn daily_counts(
    client: &impl GenericClient,
    campaign: i64,
    leave_out_excluded: bool,
) -> Result<Vec<DailyCount>> {
    let found = client
        .query(
            "SELECT point_id, day, channel, SUM(n)::BIGINT FROM (
                 SELECT point_id, day, channel, n FROM daily_counts WHERE campaign_id = $1
                 UNION ALL
                 SELECT point_id, day, channel, n FROM daily_journal WHERE campaign_id = $1
                 UNION ALL
                 SELECT point_id, day, channel, -n FROM excluded_daily WHERE campaign_id = $1 AND $2) AS counts
             GROUP BY point_id, day, channel HAVING SUM(n) <> 0 ORDER BY point_id, day, channel",
            &[&campaign, &leave_out_excluded],
        )
        .await?;
    found.iter().map(daily_row).collect()
}

/// Responses per day over `points` (`None`: every point of the campaign), summed in the
/// database: the country's points have hundreds of thousands of day-and-channel rows, the page
/// wants one number a day. With `leave_out_excluded`, excluded ones left out.
pub(crate) async fn daily_totals(
    client: &impl GenericClient,
    campaign: i64,
    leave_out_excluded: bool,
    points: Option<&[i64]>,
) -> Result<Vec<(Date, i64)>> {
    let found = match points {
        None => {
            client
                .query(
                    "SELECT day, SUM(n)::BIGINT FROM (
                         SELECT day, n FROM day_totals WHERE campaign_id = $1
                         UNION ALL
                         SELECT day, n FROM daily_journal WHERE campaign_id = $1
                         UNION ALL
                         SELECT day, -n FROM excluded_daily WHERE campaign_id = $1 AND $2) AS counts
                     GROUP BY day HAVING SUM(n) <> 0 ORDER BY day",
                    &[&campaign, &leave_out_excluded],
                )
                .await?
        }
        Some(points) => {
            client
                .query(
                    "SELECT day, SUM(n)::BIGINT FROM (
                         SELECT point_id, day, n FROM daily_counts WHERE campaign_id = $1
                         UNION ALL
                         SELECT point_id, day, n FROM daily_journal WHERE campaign_id = $1
                         UNION ALL
                         SELECT point_id, day, -n FROM excluded_daily WHERE campaign_id = $1 AND $2) AS counts
                     WHERE point_id = ANY($3)
                     GROUP BY day HAVING SUM(n) <> 0 ORDER BY day",
                    &[&campaign, &leave_out_excluded, &points],
                )
                .await?
        }
    };
    found.iter().map(day_total).collect()
}

/// A day's total read as `day, n`.
pub(super) fn day_total(r: &tokio_postgres::Row) -> Result<(Date, i64)> {
    Ok((rows::date(r, 0)?.unwrap_or_default(), r.try_get(1)?))
}

/// A daily count read as `point_id, day, channel, n`.
pub(super) fn daily_row(r: &tokio_postgres::Row) -> Result<DailyCount> {
    Ok(DailyCount {
        point_id: r.try_get(0)?,
        day: rows::date(r, 1)?.unwrap_or_default(),
        channel: rows::channel(r, 2)?,
        n: r.try_get(3)?,
    })
}

/// Adds every journalled count to the folded counts and deletes what it moved, in one
/// transaction, if no other instance is folding (rows committed meanwhile wait for the next
/// fold: the delete removes only what this transaction sees). Returns whether it folded.
pub(crate) async fn fold(pool: &Pool) -> Result<bool> {
    let mut client = pool.get().await.map_err(|e| StoreError::Pool(e.to_string()))?;
    let tx = client.transaction().await?;
    let ours: bool = tx
        .query_one("SELECT pg_try_advisory_xact_lock(hashtext('hailong-fold:' || current_schema()))", &[])
        .await?
        .get(0);
    if !ours {
        return Ok(false);
    }
    tx.batch_execute(
        "WITH moved AS (DELETE FROM tally_journal RETURNING campaign_id, point_id, item, level, n)
         INSERT INTO tallies (campaign_id, point_id, item, level, n)
             SELECT campaign_id, point_id, item, level, SUM(n) FROM moved
             GROUP BY campaign_id, point_id, item, level
             ORDER BY campaign_id, point_id, item, level
         ON CONFLICT (campaign_id, point_id, item, level) DO UPDATE SET n = tallies.n + EXCLUDED.n;
         WITH moved AS (DELETE FROM daily_journal RETURNING campaign_id, point_id, day, channel, n),
         days AS (
             INSERT INTO daily_counts (campaign_id, point_id, day, channel, n)
                 SELECT campaign_id, point_id, day, channel, SUM(n) FROM moved
                 GROUP BY campaign_id, point_id, day, channel
                 ORDER BY campaign_id, point_id, day, channel
             ON CONFLICT (campaign_id, point_id, day, channel) DO UPDATE SET n = daily_counts.n + EXCLUDED.n),
         points AS (
             INSERT INTO point_totals (campaign_id, point_id, n)
                 SELECT campaign_id, point_id, SUM(n) FROM moved
                 GROUP BY campaign_id, point_id
                 ORDER BY campaign_id, point_id
             ON CONFLICT (campaign_id, point_id) DO UPDATE SET n = point_totals.n + EXCLUDED.n)
         INSERT INTO day_totals (campaign_id, day, n)
             SELECT campaign_id, day, SUM(n) FROM moved
             GROUP BY campaign_id, day
             ORDER BY campaign_id, day
         ON CONFLICT (campaign_id, day) DO UPDATE SET n = day_totals.n + EXCLUDED.n;",
    )
    .await?;
    tx.commit().await?;
    Ok(true)
}

/// Reclaims the journals' deleted rows (VACUUM runs outside any transaction).
pub(crate) async fn vacuum(pool: &Pool) -> Result<()> {
    let client = pool.get().await.map_err(|e| StoreError::Pool(e.to_string()))?;
    client.batch_execute("VACUUM tally_journal, daily_journal").await?;
    Ok(())
}

/// Responses per point of a campaign; with `leave_out_excluded`, excluded ones left out.
pub(crate) async fn point_totals(
    client: &impl GenericClient,
    campaign: i64,
    leave_out_excluded: bool,
) -> Result<Vec<(i64, i64)>> {
    let found = client
        .query(
            "SELECT point_id, SUM(n)::BIGINT FROM (
                 SELECT point_id, n FROM point_totals WHERE campaign_id = $1
                 UNION ALL
                 SELECT point_id, n FROM daily_journal WHERE campaign_id = $1
                 UNION ALL
                 SELECT point_id, -n FROM excluded_daily WHERE campaign_id = $1 AND $2) AS counts
             GROUP BY point_id HAVING SUM(n) <> 0 ORDER BY point_id",
            &[&campaign, &leave_out_excluded],
        )
        .await?;
    found.iter().map(|r| Ok((r.try_get(0)?, r.try_get(1)?))).collect()
}

/// Responses per point on one day (folded counts and the journal).
pub(crate) async fn counts_on_day(client: &impl GenericClient, campaign: i64, day: Date) -> Result<Vec<(i64, i64)>> {
    let rows = client
        .query(
            "SELECT point_id, SUM(n)::BIGINT FROM (
                 SELECT point_id, n FROM daily_counts WHERE campaign_id = $1 AND day = $2
                 UNION ALL
                 SELECT point_id, n FROM daily_journal WHERE campaign_id = $1 AND day = $2) AS c
             GROUP BY point_id",
            &[&campaign, &day.to_string()],
        )
        .await?;
    rows.iter().map(|r| Ok((r.try_get(0)?, r.try_get(1)?))).collect()
}
