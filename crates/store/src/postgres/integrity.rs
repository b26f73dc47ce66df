//! Integrity: the marks submission limits count, and the flags of responses.

use deadpool_postgres::GenericClient;
use jiff::Timestamp;

use crate::limits::{Judged, Wanted};
use crate::{FlagCount, NewResponse, PointFlagCount, Result};

/// Writes the marks and flags of just-stored responses (with their ids and verdicts), and
/// flags the start of any burst one crossed. Runs inside the ingest transaction.
pub(crate) async fn record(client: &impl GenericClient, stored: &[(i64, &NewResponse, Judged<'_>)]) -> Result<()> {
    let (mut keys, mut ats, mut ids) = (Vec::new(), Vec::new(), Vec::new());
    let (mut flag_ids, mut campaigns, mut points) = (Vec::new(), Vec::new(), Vec::new());
    let (mut reasons, mut details) = (Vec::new(), Vec::new());
    for (id, r, judged) in stored {
        for key in &judged.keys {
            keys.push(*key);
            ats.push(r.submitted_at.as_millisecond());
            ids.push(*id);
        }
        for f in &judged.flags {
            flag_ids.push(*id);
            campaigns.push(r.campaign_id);
            points.push(r.point_id);
            reasons.push(f.reason.as_str());
            details.push(f.detail.as_str());
        }
    }
    if !keys.is_empty() {
        let stmt = client
            .prepare_cached(
                "INSERT INTO submission_marks (key, at, response_id)
                 SELECT * FROM unnest($1::TEXT[], $2::BIGINT[], $3::BIGINT[])",
            )
            .await?;
        client.execute(&stmt, &[&keys, &ats, &ids]).await?;
    }
    if !flag_ids.is_empty() {
        let stmt = client
            .prepare_cached(
                "INSERT INTO response_flags (response_id, campaign_id, point_id, reason, detail)
                 SELECT * FROM unnest($1::BIGINT[], $2::BIGINT[], $3::BIGINT[], $4::TEXT[], $5::TEXT[])
                 ON CONFLICT (response_id, reason) DO NOTHING",
            )
            .await?;
        client.execute(&stmt, &[&flag_ids, &campaigns, &points, &reasons, &details]).await?;
    }
    for (_, _, judged) in stored {
        for b in &judged.bursts {
            let stmt = client
                .prepare_cached(
                    "INSERT INTO response_flags (response_id, campaign_id, point_id, reason, detail)
                     SELECT r.id, r.campaign_id, r.point_id, $3, $4
                     FROM submission_marks m JOIN responses r ON r.id = m.response_id
                     WHERE m.key = $1 AND m.at >= $2
                     ON CONFLICT (response_id, reason) DO NOTHING",
                )
                .await?;
            client
                .execute(&stmt, &[&b.key, &b.since.as_millisecond(), &b.flag.reason.as_str(), &b.flag.detail])
                .await?;
        }
    }
    Ok(())
}

/// Takes the transaction-scoped advisory locks of `points` (where responses count limits), in
/// one order (so two writers cannot deadlock): the writers of several instances then judge one
/// point's limits one at a time, and a limit holds exactly across instances.
pub(crate) async fn lock_points(client: &impl GenericClient, mut points: Vec<i64>) -> Result<()> {
    points.sort_unstable();
    points.dedup();
    let stmt = client
        .prepare_cached(
            "SELECT count(pg_advisory_xact_lock($1::INT4, p::INT4))
             FROM (SELECT p FROM unnest($2::BIGINT[]) AS p ORDER BY p) AS sorted",
        )
        .await?;
    client.query_one(&stmt, &[&LIMITS_LOCK, &points]).await?;
    Ok(())
}

/// The first key of the advisory locks on points' limits (the second is the point).
const LIMITS_LOCK: i32 = 0x4c_494d; // "LIM"

/// How many responses counted under each key since its time, each count stopping at its cap
/// (a limit needs to know no more), so a count reads at most `cap` index entries. One query
/// for the whole batch.
pub(crate) async fn counts(client: &impl GenericClient, keys: &[Wanted]) -> Result<Vec<u32>> {
    if keys.is_empty() {
        return Ok(Vec::new());
    }
    let stmt = client
        .prepare_cached(
            "SELECT (SELECT count(*) FROM (SELECT 1 FROM submission_marks m
                                           WHERE m.key = k.key AND m.at >= k.since LIMIT k.cap) AS recent)
             FROM unnest($1::TEXT[], $2::BIGINT[], $3::BIGINT[]) WITH ORDINALITY AS k(key, since, cap, i)
             ORDER BY k.i",
        )
        .await?;
    let names: Vec<&str> = keys.iter().map(|(key, ..)| key.as_str()).collect();
    let sinces: Vec<i64> = keys.iter().map(|(_, since, _)| since.as_millisecond()).collect();
    let caps: Vec<i64> = keys.iter().map(|(.., cap)| i64::from(*cap)).collect();
    let rows = client.query(&stmt, &[&names, &sinces, &caps]).await?;
    rows.iter().map(|row| Ok(u32::try_from(row.try_get::<_, i64>(0)?).unwrap_or(u32::MAX))).collect()
}

pub(crate) async fn purge_marks(client: &impl GenericClient, before: Timestamp) -> Result<u64> {
    Ok(client.execute("DELETE FROM submission_marks WHERE at < $1", &[&before.as_millisecond()]).await?)
}

/// Flagged responses of a campaign by reason, and how many responses carry any flag.
pub(crate) async fn flag_counts(client: &impl GenericClient, campaign: i64) -> Result<FlagCount> {
    let flagged: i64 = client
        .query_one("SELECT count(DISTINCT response_id) FROM response_flags WHERE campaign_id = $1", &[&campaign])
        .await?
        .try_get(0)?;
    let rows = client
        .query(
            "SELECT reason, count(*) FROM response_flags WHERE campaign_id = $1 GROUP BY reason ORDER BY reason",
            &[&campaign],
        )
        .await?;
    let by_reason = rows.iter().map(|r| Ok((r.try_get(0)?, r.try_get(1)?))).collect::<Result<_>>()?;
    Ok(FlagCount { flagged, by_reason })
}

/// Flagged and reviewed responses of a campaign per point, from the kept counts.
pub(crate) async fn flag_counts_by_point(client: &impl GenericClient, campaign: i64) -> Result<Vec<PointFlagCount>> {
    let rows = client
        .query("SELECT point_id, flagged, reviewed FROM point_flag_counts WHERE campaign_id = $1", &[&campaign])
        .await?;
    rows.iter()
        .map(|r| Ok(PointFlagCount { point_id: r.try_get(0)?, flagged: r.try_get(1)?, reviewed: r.try_get(2)? }))
        .collect()
}
