//! Verification codes (PostgreSQL): the campaign setting, batches of codes, the counts the
//! codes page shows, verified tallies, and claiming codes inside the ingest transaction.

use deadpool_postgres::{GenericClient, Transaction};
use domain::integrity::FlagReason;
use domain::verification::VerificationCode;
use jiff::Timestamp;
use jiff::civil::Date;

use super::{Db, is_unique_violation, rows};
use crate::{
    CodeBatchKind, CodeBatchPart, DailyCount, IssuedCode, NewCodeBatch, NewResponse, PointCodeCounts, Result,
    StoreError, TallyRow,
};

pub(crate) async fn enabled(client: &impl GenericClient, campaign: i64) -> Result<bool> {
    let row =
        client.query_opt("SELECT enabled FROM campaign_verification WHERE campaign_id = $1", &[&campaign]).await?;
    Ok(row.map(|r| r.try_get(0)).transpose()?.unwrap_or(false))
}

pub(crate) async fn set_enabled(
    client: &impl GenericClient,
    campaign: i64,
    enabled: bool,
    now: Timestamp,
) -> Result<()> {
    client
        .execute(
            "INSERT INTO campaign_verification (campaign_id, enabled, updated_at) VALUES ($1, $2, $3)
             ON CONFLICT (campaign_id) DO UPDATE SET enabled = excluded.enabled, updated_at = excluded.updated_at",
            &[&campaign, &enabled, &now.as_millisecond()],
        )
        .await?;
    Ok(())
}

pub(crate) async fn create_batch(db: &Db, batch: &NewCodeBatch, now: Timestamp) -> Result<i64> {
    let mut client = db.client().await?;
    let tx = client.transaction().await?;
    let id: i64 = tx
        .query_one(
            "INSERT INTO verification_batches (campaign_id, kind, label, created_by, created_at)
             VALUES ($1, $2, $3, $4, $5) RETURNING id",
            &[&batch.campaign_id, &batch.kind.as_str(), &batch.label, &batch.created_by, &now.as_millisecond()],
        )
        .await?
        .try_get(0)?;
    let points: Vec<i64> = batch.codes.iter().map(|(point, _)| *point).collect();
    let codes: Vec<&str> = batch.codes.iter().map(|(_, code)| code.as_str()).collect();
    tx.execute(
        "INSERT INTO verification_codes (campaign_id, point_id, batch_id, code)
         SELECT $1, point, $2, code FROM unnest($3::BIGINT[], $4::TEXT[]) WITH ORDINALITY AS c (point, code, n)
         ORDER BY n",
        &[&batch.campaign_id, &id, &points, &codes],
    )
    .await
    .map_err(|e| {
        if is_unique_violation(&e) {
            StoreError::Conflict("a code is already in the campaign".into())
        } else {
            e.into()
        }
    })?;
    tx.commit().await?;
    Ok(id)
}

pub(crate) async fn existing(client: &impl GenericClient, campaign: i64, codes: &[String]) -> Result<Vec<String>> {
    let found = client
        .query("SELECT code FROM verification_codes WHERE campaign_id = $1 AND code = ANY($2)", &[&campaign, &codes])
        .await?;
    Ok(found.iter().map(|r| r.try_get(0)).collect::<Result<_, _>>()?)
}

pub(crate) async fn batches(client: &impl GenericClient, campaign: i64) -> Result<Vec<CodeBatchPart>> {
    let found = client
        .query(
            "SELECT b.id, b.kind, b.label, u.username, b.created_at, c.point_id, count(*), count(c.used_by)
             FROM verification_batches b
             JOIN verification_codes c ON c.batch_id = b.id
             LEFT JOIN users u ON u.id = b.created_by
             WHERE b.campaign_id = $1
             GROUP BY b.id, b.kind, b.label, u.username, b.created_at, c.point_id
             ORDER BY b.id DESC, c.point_id",
            &[&campaign],
        )
        .await?;
    found
        .iter()
        .map(|r| {
            let kind: String = r.try_get(1)?;
            Ok(CodeBatchPart {
                batch_id: r.try_get(0)?,
                kind: CodeBatchKind::parse(&kind).unwrap_or(CodeBatchKind::Imported),
                label: r.try_get(2)?,
                created_by: r.try_get(3)?,
                created_at: rows::timestamp(r, 4)?,
                point_id: r.try_get(5)?,
                codes: r.try_get(6)?,
                used: r.try_get(7)?,
            })
        })
        .collect()
}

pub(crate) async fn batch_codes(client: &impl GenericClient, campaign: i64, batch: i64) -> Result<Vec<IssuedCode>> {
    let found = client
        .query(
            "SELECT point_id, code, used_at FROM verification_codes WHERE campaign_id = $1 AND batch_id = $2
             ORDER BY point_id, id",
            &[&campaign, &batch],
        )
        .await?;
    found
        .iter()
        .map(|r| {
            let used_at: Option<i64> = r.try_get(2)?;
            Ok(IssuedCode {
                point_id: r.try_get(0)?,
                code: VerificationCode::from_stored(r.try_get(1)?),
                used_at: used_at.map(domain::time::from_millis),
            })
        })
        .collect()
}

/// The page's counts per point, from each table's `(campaign, point)` index.
pub(crate) async fn counts(client: &impl GenericClient, campaign: i64) -> Result<Vec<PointCodeCounts>> {
    let found = client
        .query(
            "SELECT point_id, SUM(issued)::BIGINT, SUM(used)::BIGINT, SUM(verified)::BIGINT, SUM(refused)::BIGINT FROM (
                 SELECT point_id, count(*) AS issued, count(used_by) AS used, 0 AS verified, 0 AS refused
                 FROM verification_codes WHERE campaign_id = $1 GROUP BY point_id
                 UNION ALL
                 SELECT point_id, 0, 0, count(*), 0 FROM response_verifications WHERE campaign_id = $1
                 GROUP BY point_id
                 UNION ALL
                 SELECT point_id, 0, 0, 0, count(DISTINCT response_id) FROM response_flags
                 WHERE campaign_id = $1 AND reason IN ($2, $3) GROUP BY point_id) AS counts
             GROUP BY point_id ORDER BY point_id",
            &[&campaign, &FlagReason::CodeReused.as_str(), &FlagReason::CodeUnknown.as_str()],
        )
        .await?;
    found
        .iter()
        .map(|r| {
            Ok(PointCodeCounts {
                point_id: r.try_get(0)?,
                issued: r.try_get(1)?,
                used: r.try_get(2)?,
                verified: r.try_get(3)?,
                refused_codes: r.try_get(4)?,
            })
        })
        .collect()
}

pub(crate) async fn tallies(client: &impl GenericClient, campaign: i64) -> Result<Vec<TallyRow>> {
    let found = client
        .query(
            "SELECT point_id, item, level, n FROM verified_tallies WHERE campaign_id = $1
             ORDER BY point_id, item, level",
            &[&campaign],
        )
        .await?;
    found.iter().map(super::tallies::tally_row).collect()
}

pub(crate) async fn daily(client: &impl GenericClient, campaign: i64) -> Result<Vec<DailyCount>> {
    let found = client
        .query(
            "SELECT point_id, day, channel, n FROM verified_daily WHERE campaign_id = $1 ORDER BY point_id, day, channel",
            &[&campaign],
        )
        .await?;
    found.iter().map(super::tallies::daily_row).collect()
}

/// Verified responses per day over `points` (`None`: every point of the campaign).
pub(crate) async fn daily_totals(
    client: &impl GenericClient,
    campaign: i64,
    points: Option<&[i64]>,
) -> Result<Vec<(Date, i64)>> {
    let found = client
        .query(
            "SELECT day, SUM(n)::BIGINT FROM verified_daily
             WHERE campaign_id = $1 AND ($2::BIGINT[] IS NULL OR point_id = ANY($2))
             GROUP BY day ORDER BY day",
            &[&campaign, &points],
        )
        .await?;
    found.iter().map(super::tallies::day_total).collect()
}

pub(crate) async fn is_verified(client: &impl GenericClient, response: i64) -> Result<bool> {
    let row = client
        .query_one("SELECT EXISTS (SELECT 1 FROM response_verifications WHERE response_id = $1)", &[&response])
        .await?;
    Ok(row.try_get(0)?)
}

/// Claims the codes of just-stored responses (`(response id, response)`), inside the ingest
/// transaction. A valid, unused code of the response's campaign and point makes it verified;
/// any other code flags it. The claim is one `UPDATE … WHERE used_by IS NULL`: an instance
/// claiming the same code meanwhile holds the row until it commits, after which this one finds
/// it used. Codes are claimed in code order, so two instances never wait on each other in a
/// circle; copies of one code in this batch keep their order, and the first wins.
pub(crate) async fn claim_all(tx: &Transaction<'_>, claims: &mut [(i64, &NewResponse)]) -> Result<()> {
    claims.sort_by(|(_, a), (_, b)| a.verification.cmp(&b.verification));
    let claim = tx
        .prepare_cached(
            "UPDATE verification_codes SET used_by = $4, used_at = $5
             WHERE campaign_id = $1 AND point_id = $2 AND code = $3 AND used_by IS NULL RETURNING id",
        )
        .await?;
    let mut verified = Vec::new();
    for (id, response) in claims.iter() {
        let Some(code) = &response.verification else { continue };
        let at = response.submitted_at.as_millisecond();
        let row = tx.query_opt(&claim, &[&response.campaign_id, &response.point_id, &code.as_str(), id, &at]).await?;
        match row {
            Some(row) => verified.push((*id, row.try_get::<_, i64>(0)?, *response)),
            None => flag(tx, *id, response, code).await?,
        }
    }
    count_verified(tx, &verified).await
}

async fn flag(tx: &Transaction<'_>, id: i64, response: &NewResponse, code: &VerificationCode) -> Result<()> {
    let found = tx
        .query_opt(
            "SELECT c.point_id, u.code, c.used_by FROM verification_codes c JOIN units u ON u.id = c.point_id
             WHERE c.campaign_id = $1 AND c.code = $2",
            &[&response.campaign_id, &code.as_str()],
        )
        .await?
        .map(|r| Ok::<_, StoreError>((r.try_get(0)?, r.try_get(1)?, r.try_get(2)?)))
        .transpose()?;
    let (reason, detail) = crate::verification::flag_for(response.point_id, code, found);
    tx.execute(
        "INSERT INTO response_flags (response_id, campaign_id, point_id, reason, detail) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (response_id, reason) DO NOTHING",
        &[&id, &response.campaign_id, &response.point_id, &reason.as_str(), &detail],
    )
    .await?;
    Ok(())
}

/// Links verified responses to their codes and adds them to the verified tallies and daily
/// counts: summed first and upserted in key order (instances then lock rows in one order).
async fn count_verified(tx: &Transaction<'_>, verified: &[(i64, i64, &NewResponse)]) -> Result<()> {
    if verified.is_empty() {
        return Ok(());
    }
    let mut tallies: std::collections::BTreeMap<(i64, i64, &str, i64), i64> = Default::default();
    let mut daily: std::collections::BTreeMap<(i64, i64, String, &str), i64> = Default::default();
    let link = tx
        .prepare_cached(
            "INSERT INTO response_verifications (response_id, code_id, campaign_id, point_id) VALUES ($1, $2, $3, $4)",
        )
        .await?;
    for (id, code_id, r) in verified {
        tx.execute(&link, &[id, code_id, &r.campaign_id, &r.point_id]).await?;
        for delta in &r.deltas {
            *tallies.entry((r.campaign_id, r.point_id, delta.item.as_str(), i64::from(delta.level))).or_default() += 1;
        }
        let day = domain::time::local_day(r.submitted_at).to_string();
        *daily.entry((r.campaign_id, r.point_id, day, r.channel.as_str())).or_default() += 1;
    }
    let tally = tx
        .prepare_cached(
            "INSERT INTO verified_tallies (campaign_id, point_id, item, level, n) VALUES ($1, $2, $3, $4, $5)
             ON CONFLICT (campaign_id, point_id, item, level) DO UPDATE SET n = verified_tallies.n + excluded.n",
        )
        .await?;
    for ((campaign, point, item, level), n) in &tallies {
        tx.execute(&tally, &[campaign, point, item, level, n]).await?;
    }
    let day_count = tx
        .prepare_cached(
            "INSERT INTO verified_daily (campaign_id, point_id, day, channel, n) VALUES ($1, $2, $3, $4, $5)
             ON CONFLICT (campaign_id, point_id, day, channel) DO UPDATE SET n = verified_daily.n + excluded.n",
        )
        .await?;
    for ((campaign, point, day, channel), n) in &daily {
        tx.execute(&day_count, &[campaign, point, day, channel, n]).await?;
    }
    Ok(())
}
