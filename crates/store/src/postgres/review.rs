//! Review of flagged responses: the groups of the queue, and decisions applied to a whole group
//! at once (set-based: a group of 100,000 is one statement, not 100,000 round trips).

use deadpool_postgres::GenericClient;
use domain::review::{ReviewAction, ReviewState};

use super::{Db, rows};
use crate::{AnswerSpread, DecisionCount, DecisionOutcome, GroupDecision, Result, ReviewGroupRow};

/// The flagged responses of a campaign, grouped by point, reason, local day and state. Each
/// flagged response is read once (`flagged`, materialised): its state, whether its rated
/// answers (`spread.items`) are all one level (`straight`) and which, how many reasons it has;
/// its flags then fall into their groups. Read per flag instead, a response flagged for three
/// reasons had its answers parsed three times (100,000 such responses: a page in 12.4–13.7 s, now 4.8–5.6 s;
/// docs/BENCHMARKS.md).
pub(crate) async fn groups(
    client: &impl GenericClient,
    campaign: i64,
    spread: &AnswerSpread,
) -> Result<Vec<ReviewGroupRow>> {
    let top = spread.top.map(i64::from);
    let found = client
        .query(
            "WITH flagged AS MATERIALIZED (
                 SELECT r.id, r.day, r.submitted_at, COALESCE(v.decision, 'pending') AS state,
                        (SELECT CASE WHEN count(*) > 0 AND min(j.value::text::bigint) = max(j.value::text::bigint)
                                     THEN max(j.value::text::bigint) END
                         FROM jsonb_each(r.answers::jsonb) j
                         WHERE jsonb_typeof(j.value) = 'number' AND j.key = ANY($2)) AS straight,
                        (SELECT count(*) FROM response_flags o WHERE o.response_id = r.id) AS reasons
                 FROM responses r
                 LEFT JOIN response_reviews v ON v.response_id = r.id
                 WHERE r.id IN (SELECT response_id FROM response_flags WHERE campaign_id = $1))
             SELECT f.point_id, f.reason, r.day, r.state, count(*), min(r.submitted_at), max(r.submitted_at),
                    max(r.id), max(f.detail), count(DISTINCT f.detail), count(r.straight),
                    count(*) FILTER (WHERE r.straight = $3), count(*) FILTER (WHERE r.reasons > 1)
             FROM response_flags f JOIN flagged r ON r.id = f.response_id
             WHERE f.campaign_id = $1
             GROUP BY f.point_id, f.reason, r.day, r.state",
            &[&campaign, &spread.items, &top],
        )
        .await?;
    found
        .iter()
        .map(|r| {
            let state: String = r.try_get(3)?;
            Ok(ReviewGroupRow {
                point_id: r.try_get(0)?,
                reason: r.try_get(1)?,
                day: rows::date(r, 2)?.unwrap_or_default(),
                state: ReviewState::parse(&state).unwrap_or(ReviewState::Pending),
                responses: r.try_get(4)?,
                first_at: rows::timestamp(r, 5)?,
                last_at: rows::timestamp(r, 6)?,
                last_id: r.try_get(7)?,
                detail: r.try_get(8)?,
                details: r.try_get(9)?,
                straight: r.try_get(10)?,
                all_top: r.try_get(11)?,
                also_flagged: r.try_get(12)?,
            })
        })
        .collect()
}

/// A campaign's decided responses per point and decision (an index-only count).
pub(crate) async fn decision_counts(client: &impl GenericClient, campaign: i64) -> Result<Vec<DecisionCount>> {
    let found = client
        .query(
            "SELECT point_id, decision, count(*) FROM response_reviews WHERE campaign_id = $1 GROUP BY 1, 2",
            &[&campaign],
        )
        .await?;
    found
        .iter()
        .map(|r| {
            let state: String = r.try_get(1)?;
            Ok(DecisionCount {
                point_id: r.try_get(0)?,
                state: ReviewState::parse(&state).unwrap_or(ReviewState::Pending),
                responses: r.try_get(2)?,
            })
        })
        .collect()
}

/// The responses of one group: `$1` campaign, `$2` point, `$3` reason, `$4` day, `$5` state,
/// `$6` the largest id looked at.
const TARGET: &str = "SELECT r.id, r.campaign_id, r.point_id, r.day, r.channel, r.answers
     FROM response_flags f JOIN responses r ON r.id = f.response_id
     LEFT JOIN response_reviews v ON v.response_id = f.response_id
     WHERE f.campaign_id = $1 AND f.point_id = $2 AND f.reason = $3 AND r.day = $4
       AND COALESCE(v.decision, 'pending') = $5 AND r.id <= $6";

/// Applies a decision to a group in one transaction. Deciders take turns (an advisory lock),
/// and the change is one statement, so the excluded counts and the decisions are made from one
/// snapshot of the group even while new answers and flags arrive.
pub(crate) async fn decide(db: &Db, decision: &GroupDecision) -> Result<DecisionOutcome> {
    let g = &decision.group;
    let day = g.day.to_string();
    let mut client = db.client().await?;
    let tx = client.transaction().await?;
    tx.execute("SELECT pg_advisory_xact_lock(hashtext('hailong-review:' || current_schema()))", &[]).await?;
    let seen = tx
        .query_one(
            &format!("SELECT count(*), COALESCE(max(id), 0) FROM ({TARGET}) AS target"),
            &[&g.campaign_id, &g.point_id, &g.reason, &day, &g.state.as_str(), &i64::MAX],
        )
        .await?;
    let (now, last): (i64, i64) = (seen.try_get(0)?, seen.try_get(1)?);
    if now == 0 {
        return Ok(DecisionOutcome::AlreadyDecided);
    }
    if (now, last) != (decision.seen_responses, decision.seen_last_id) {
        return Ok(DecisionOutcome::Changed(now));
    }
    let undo = decision.action == ReviewAction::Undo;
    let changed = tx
        .query_one(
            &format!(
                "WITH target AS ({TARGET}),
                 tallied AS (
                     INSERT INTO excluded_tallies (campaign_id, point_id, item, level, n)
                     SELECT t.campaign_id, t.point_id, j.key, j.value::text::bigint, $7 * count(*)
                     FROM target t CROSS JOIN LATERAL jsonb_each(t.answers::jsonb) j
                     WHERE $7 <> 0 AND jsonb_typeof(j.value) = 'number'
                     GROUP BY t.campaign_id, t.point_id, j.key, j.value::text::bigint
                     ON CONFLICT (campaign_id, point_id, item, level)
                     DO UPDATE SET n = excluded_tallies.n + EXCLUDED.n),
                 counted AS (
                     INSERT INTO excluded_daily (campaign_id, point_id, day, channel, n)
                     SELECT campaign_id, point_id, day, channel, $7 * count(*) FROM target WHERE $7 <> 0
                     GROUP BY campaign_id, point_id, day, channel
                     ON CONFLICT (campaign_id, point_id, day, channel)
                     DO UPDATE SET n = excluded_daily.n + EXCLUDED.n),
                 undone AS (
                     DELETE FROM response_reviews WHERE $8 AND response_id IN (SELECT id FROM target)),
                 decided AS (
                     INSERT INTO response_reviews
                         (response_id, campaign_id, point_id, decision, note, decided_by, decided_at)
                     SELECT id, campaign_id, point_id, $9, $10, $11, $12 FROM target WHERE NOT $8
                     ON CONFLICT (response_id) DO UPDATE SET decision = EXCLUDED.decision, note = EXCLUDED.note,
                         decided_by = EXCLUDED.decided_by, decided_at = EXCLUDED.decided_at)
                 SELECT count(*) FROM target"
            ),
            &[
                &g.campaign_id,
                &g.point_id,
                &g.reason,
                &day,
                &g.state.as_str(),
                &last,
                &decision.excluded_sign(),
                &undo,
                &decision.action.leads_to().as_str(),
                &decision.note,
                &decision.decided_by,
                &decision.at.as_millisecond(),
            ],
        )
        .await?
        .try_get(0)?;
    if decision.excluded_sign() != 0 {
        for table in ["excluded_tallies", "excluded_daily"] {
            tx.execute(
                &format!("DELETE FROM {table} WHERE campaign_id = $1 AND point_id = $2 AND n = 0"),
                &[&g.campaign_id, &g.point_id],
            )
            .await?;
        }
    }
    tx.commit().await?;
    Ok(DecisionOutcome::Decided(changed))
}
