//! Review of flagged responses: the groups of the queue, and decisions applied to a whole group
//! at once (set-based: a group of 100,000 is a few statements, not 100,000 round trips).

use deadpool_sqlite::rusqlite::{Connection, Transaction, params};
use domain::review::{ReviewAction, ReviewState};

use super::rows;
use crate::{AnswerSpread, DecisionCount, DecisionOutcome, GroupDecision, Result, ReviewGroupRow, StoreError};

/// The flagged responses of a campaign, grouped by point, reason, local day and state. Each
/// flagged response is read once (`flagged`, materialised): its state, whether its rated
/// answers (`spread.items`) are all one level (`straight`) and which, how many reasons it has;
/// its flags then fall into their groups. Read per flag instead, a response flagged for three
/// reasons had its answers parsed three times (100,000 such responses: a page in 4.6–6.1 s, now 2.3–2.9 s;
/// docs/BENCHMARKS.md).
pub(crate) fn groups(conn: &Connection, campaign: i64, spread: &AnswerSpread) -> Result<Vec<ReviewGroupRow>> {
    let items = serde_json::to_string(&spread.items).map_err(|e| StoreError::Corrupt(e.to_string()))?;
    let mut stmt = conn.prepare_cached(
        "WITH flagged AS MATERIALIZED (
             SELECT r.id, r.day, r.submitted_at, COALESCE(v.decision, 'pending') AS state,
                    (SELECT CASE WHEN count(*) > 0 AND min(j.value) = max(j.value) THEN max(j.value) END
                     FROM json_each(r.answers) j
                     WHERE j.type = 'integer' AND j.key IN (SELECT value FROM json_each(?2))) AS straight,
                    (SELECT count(*) FROM response_flags o WHERE o.response_id = r.id) AS reasons
             FROM responses r
             LEFT JOIN response_reviews v ON v.response_id = r.id
             WHERE r.id IN (SELECT response_id FROM response_flags WHERE campaign_id = ?1))
         SELECT f.point_id, f.reason, r.day, r.state, count(*), min(r.submitted_at), max(r.submitted_at), max(r.id),
                max(f.detail), count(DISTINCT f.detail), count(r.straight), COALESCE(sum(r.straight = ?3), 0),
                sum(r.reasons > 1)
         FROM response_flags f JOIN flagged r ON r.id = f.response_id
         WHERE f.campaign_id = ?1
         GROUP BY f.point_id, f.reason, r.day, r.state",
    )?;
    let found = stmt.query_map(params![campaign, items, spread.top], |r| {
        let state: String = r.get(3)?;
        Ok(ReviewGroupRow {
            point_id: r.get(0)?,
            reason: r.get(1)?,
            day: rows::date(r, 2)?.unwrap_or_default(),
            state: ReviewState::parse(&state).unwrap_or(ReviewState::Pending),
            responses: r.get(4)?,
            first_at: rows::timestamp(r, 5)?,
            last_at: rows::timestamp(r, 6)?,
            last_id: r.get(7)?,
            detail: r.get(8)?,
            details: r.get(9)?,
            straight: r.get(10)?,
            all_top: r.get(11)?,
            also_flagged: r.get(12)?,
        })
    })?;
    Ok(found.collect::<Result<_, _>>()?)
}

/// A campaign's decided responses per point and decision (an index-only count).
pub(crate) fn decision_counts(conn: &Connection, campaign: i64) -> Result<Vec<DecisionCount>> {
    let mut stmt = conn.prepare_cached(
        "SELECT point_id, decision, count(*) FROM response_reviews WHERE campaign_id = ?1 GROUP BY 1, 2",
    )?;
    let found = stmt.query_map([campaign], |r| {
        let state: String = r.get(1)?;
        Ok(DecisionCount {
            point_id: r.get(0)?,
            state: ReviewState::parse(&state).unwrap_or(ReviewState::Pending),
            responses: r.get(2)?,
        })
    })?;
    Ok(found.collect::<Result<_, _>>()?)
}

/// The responses of one group (joins; the filter follows in `TARGET_WHERE`).
const TARGET_FROM: &str = "FROM response_flags f JOIN responses r ON r.id = f.response_id
     LEFT JOIN response_reviews v ON v.response_id = f.response_id";
/// `?1` campaign, `?2` point, `?3` reason, `?4` day, `?5` state, `?6` the largest id looked at.
const TARGET_WHERE: &str = "WHERE f.campaign_id = ?1 AND f.point_id = ?2 AND f.reason = ?3 AND r.day = ?4
       AND COALESCE(v.decision, 'pending') = ?5 AND r.id <= ?6";

/// Applies a decision to a group in the writer's transaction: checks the group is as the page
/// showed it, moves the excluded counts, then records (or removes) the decisions.
pub(crate) fn decide(tx: &Transaction<'_>, decision: &GroupDecision) -> Result<DecisionOutcome> {
    let g = &decision.group;
    let day = g.day.to_string();
    let key = params![g.campaign_id, g.point_id, g.reason, day, g.state.as_str(), i64::MAX];
    let (now, last): (i64, i64) = tx
        .prepare_cached(&format!("SELECT count(*), COALESCE(max(r.id), 0) {TARGET_FROM} {TARGET_WHERE}"))?
        .query_row(key, |r| Ok((r.get(0)?, r.get(1)?)))?;
    if now == 0 {
        return Ok(DecisionOutcome::AlreadyDecided);
    }
    if (now, last) != (decision.seen_responses, decision.seen_last_id) {
        return Ok(DecisionOutcome::Changed(now));
    }
    let target = params![g.campaign_id, g.point_id, g.reason, day, g.state.as_str(), last];
    let sign = decision.excluded_sign();
    if sign != 0 {
        tx.prepare_cached(&format!(
            "INSERT INTO excluded_tallies (campaign_id, point_id, item, level, n)
             SELECT r.campaign_id, r.point_id, j.key, j.value, ?7 * count(*)
             {TARGET_FROM} JOIN json_each(r.answers) j {TARGET_WHERE} AND j.type = 'integer'
             GROUP BY r.campaign_id, r.point_id, j.key, j.value
             ON CONFLICT (campaign_id, point_id, item, level) DO UPDATE SET n = n + excluded.n"
        ))?
        .execute(params![g.campaign_id, g.point_id, g.reason, day, g.state.as_str(), last, sign])?;
        tx.prepare_cached(&format!(
            "INSERT INTO excluded_daily (campaign_id, point_id, day, channel, n)
             SELECT r.campaign_id, r.point_id, r.day, r.channel, ?7 * count(*)
             {TARGET_FROM} {TARGET_WHERE}
             GROUP BY r.campaign_id, r.point_id, r.day, r.channel
             ON CONFLICT (campaign_id, point_id, day, channel) DO UPDATE SET n = n + excluded.n"
        ))?
        .execute(params![g.campaign_id, g.point_id, g.reason, day, g.state.as_str(), last, sign])?;
        tx.execute(
            "DELETE FROM excluded_tallies WHERE campaign_id = ?1 AND point_id = ?2 AND n = 0",
            params![g.campaign_id, g.point_id],
        )?;
        tx.execute(
            "DELETE FROM excluded_daily WHERE campaign_id = ?1 AND point_id = ?2 AND n = 0",
            params![g.campaign_id, g.point_id],
        )?;
    }
    let changed = match decision.action {
        ReviewAction::Undo => tx
            .prepare_cached(&format!(
                "DELETE FROM response_reviews WHERE response_id IN (SELECT r.id {TARGET_FROM} {TARGET_WHERE})"
            ))?
            .execute(target)?,
        ReviewAction::Accept | ReviewAction::Exclude => tx
            .prepare_cached(&format!(
                "INSERT INTO response_reviews (response_id, campaign_id, point_id, decision, note, decided_by, decided_at)
                 SELECT r.id, r.campaign_id, r.point_id, ?7, ?8, ?9, ?10 {TARGET_FROM} {TARGET_WHERE}
                 ON CONFLICT (response_id) DO UPDATE SET decision = excluded.decision, note = excluded.note,
                     decided_by = excluded.decided_by, decided_at = excluded.decided_at"
            ))?
            .execute(params![
                g.campaign_id,
                g.point_id,
                g.reason,
                day,
                g.state.as_str(),
                last,
                decision.action.leads_to().as_str(),
                decision.note,
                decision.decided_by,
                decision.at.as_millisecond()
            ])?,
    };
    Ok(DecisionOutcome::Decided(changed as i64))
}
