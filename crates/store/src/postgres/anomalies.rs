//! The anomaly job's watermark, hourly counts and flags.

use deadpool_postgres::GenericClient;
use domain::answers::Answers;
use jiff::Timestamp;
use tokio_postgres::Row;

use super::{Db, rows};
use crate::anomalies::ANOMALY_COLUMNS;
use crate::{
    AnomalyRow, AnomalyStep, AnomalyWatermark, FlagGroup, GroupFlag, HourCount, Result, StoreError, StoredFlag,
};

pub(crate) async fn watermark(client: &impl GenericClient, campaign: i64) -> Result<AnomalyWatermark> {
    let found = client
        .query_opt(
            "SELECT last_response_id, visitors_checked FROM anomaly_watermarks WHERE campaign_id = $1",
            &[&campaign],
        )
        .await?;
    let Some(r) = found else { return Ok(AnomalyWatermark::default()) };
    let checked: Option<i64> = r.try_get(1)?;
    Ok(AnomalyWatermark { last_response_id: r.try_get(0)?, visitors_checked: checked.map(domain::time::from_millis) })
}

fn row(r: &Row) -> Result<AnomalyRow> {
    let id: i64 = r.try_get(0)?;
    let answered: Option<i64> = r.try_get(5)?;
    let json: String = r.try_get(7)?;
    Ok(AnomalyRow {
        id,
        point_id: r.try_get(1)?,
        channel: rows::channel(r, 2)?,
        client_id: r.try_get(3)?,
        submitted_at: rows::timestamp(r, 4)?,
        stored_at: rows::timestamp(r, 8)?,
        answered_at: answered.map(domain::time::from_millis),
        day: rows::date(r, 6)?.unwrap_or_default(),
        answers: Answers::from_json(&json).map_err(|e| StoreError::Corrupt(format!("response {id}: {e}")))?,
    })
}

pub(crate) async fn rows(
    client: &impl GenericClient,
    campaign: i64,
    after: i64,
    limit: i64,
) -> Result<Vec<AnomalyRow>> {
    let sql =
        format!("SELECT {ANOMALY_COLUMNS} FROM responses WHERE campaign_id = $1 AND id > $2 ORDER BY id LIMIT $3");
    let stmt = client.prepare_cached(&sql).await?;
    client.query(&stmt, &[&campaign, &after, &limit]).await?.iter().map(row).collect()
}

pub(crate) async fn context(
    client: &impl GenericClient,
    campaign: i64,
    from: i64,
    through: i64,
    since: Timestamp,
) -> Result<Vec<AnomalyRow>> {
    let sql = format!(
        "SELECT {ANOMALY_COLUMNS} FROM responses
         WHERE id BETWEEN $2 AND $3 AND campaign_id = $1 AND channel <> 'paper'
           AND COALESCE(answered_at, submitted_at) >= $4
         ORDER BY id"
    );
    let stmt = client.prepare_cached(&sql).await?;
    client.query(&stmt, &[&campaign, &from, &through, &since.as_millisecond()]).await?.iter().map(row).collect()
}

pub(crate) async fn hours(
    client: &impl GenericClient,
    campaign: i64,
    points: &[i64],
    since_hour: i64,
) -> Result<Vec<HourCount>> {
    let stmt = client
        .prepare_cached(
            "SELECT point_id, hour, responses, straight_lined, first_id, last_id FROM anomaly_hours
             WHERE campaign_id = $1 AND point_id = ANY($2) AND hour >= $3",
        )
        .await?;
    client
        .query(&stmt, &[&campaign, &points, &since_hour])
        .await?
        .iter()
        .map(|r| {
            Ok(HourCount {
                point_id: r.try_get(0)?,
                hour: r.try_get(1)?,
                responses: r.try_get(2)?,
                straight_lined: r.try_get(3)?,
                first_id: r.try_get(4)?,
                last_id: r.try_get(5)?,
            })
        })
        .collect()
}

pub(crate) async fn first_id_since(client: &impl GenericClient, campaign: i64, hour: i64) -> Result<Option<i64>> {
    let row = client
        .query_one("SELECT min(first_id) FROM anomaly_hours WHERE campaign_id = $1 AND hour >= $2", &[&campaign, &hour])
        .await?;
    Ok(row.try_get(0)?)
}

pub(crate) async fn record_step(db: &Db, step: &AnomalyStep) -> Result<Option<u64>> {
    let mut client = db.client().await?;
    let tx = client.transaction().await?;
    // The watermark first: a concurrent run waits here on the row and, once this one commits,
    // finds it moved and writes nothing.
    let moved = tx
        .execute(
            "INSERT INTO anomaly_watermarks (campaign_id, last_response_id) VALUES ($1, $2)
             ON CONFLICT (campaign_id) DO UPDATE SET last_response_id = excluded.last_response_id
             WHERE anomaly_watermarks.last_response_id = $3",
            &[&step.campaign_id, &step.up_to, &step.after],
        )
        .await?;
    if moved == 0 {
        return Ok(None);
    }
    if !step.hours.is_empty() {
        let column = |f: fn(&HourCount) -> i64| step.hours.iter().map(f).collect::<Vec<i64>>();
        let (points, hours, responses) = (column(|h| h.point_id), column(|h| h.hour), column(|h| h.responses));
        let (straight, first, last) = (column(|h| h.straight_lined), column(|h| h.first_id), column(|h| h.last_id));
        tx.execute(
            "INSERT INTO anomaly_hours (campaign_id, point_id, hour, responses, straight_lined, first_id, last_id)
             SELECT $1, * FROM unnest($2::BIGINT[], $3::BIGINT[], $4::BIGINT[], $5::BIGINT[], $6::BIGINT[], $7::BIGINT[])
             ON CONFLICT (campaign_id, point_id, hour) DO UPDATE SET
                 responses = anomaly_hours.responses + excluded.responses,
                 straight_lined = anomaly_hours.straight_lined + excluded.straight_lined,
                 first_id = LEAST(anomaly_hours.first_id, excluded.first_id),
                 last_id = GREATEST(anomaly_hours.last_id, excluded.last_id)",
            &[&step.campaign_id, &points, &hours, &responses, &straight, &first, &last],
        )
        .await?;
    }
    let mut written = 0;
    if !step.rows.is_empty() {
        let ids: Vec<i64> = step.rows.iter().map(|f| f.response_id).collect();
        let points: Vec<i64> = step.rows.iter().map(|f| f.point_id).collect();
        let reasons: Vec<&str> = step.rows.iter().map(|f| f.flag.reason.as_str()).collect();
        let details: Vec<&str> = step.rows.iter().map(|f| f.flag.detail.as_str()).collect();
        written += tx
            .execute(
                "INSERT INTO response_flags (response_id, campaign_id, point_id, reason, detail)
                 SELECT f.id, $1, f.point, f.reason, f.detail
                 FROM unnest($2::BIGINT[], $3::BIGINT[], $4::TEXT[], $5::TEXT[]) AS f (id, point, reason, detail)
                 ON CONFLICT (response_id, reason) DO NOTHING",
                &[&step.campaign_id, &ids, &points, &reasons, &details],
            )
            .await?;
    }
    written += flag_groups(&tx, step.campaign_id, &step.groups).await?;
    tx.commit().await?;
    Ok(Some(written))
}

pub(crate) async fn record_visitor_check(db: &Db, campaign: i64, groups: &[GroupFlag], at: Timestamp) -> Result<u64> {
    let mut client = db.client().await?;
    let tx = client.transaction().await?;
    let written = flag_groups(&tx, campaign, groups).await?;
    tx.execute(
        "INSERT INTO anomaly_watermarks (campaign_id, last_response_id, visitors_checked) VALUES ($1, 0, $2)
         ON CONFLICT (campaign_id) DO UPDATE SET visitors_checked = excluded.visitors_checked",
        &[&campaign, &at.as_millisecond()],
    )
    .await?;
    tx.commit().await?;
    Ok(written)
}

async fn flag_groups(client: &impl GenericClient, campaign: i64, groups: &[GroupFlag]) -> Result<u64> {
    if groups.is_empty() {
        return Ok(0);
    }
    let hour = client
        .prepare_cached(
            "INSERT INTO response_flags (response_id, campaign_id, point_id, reason, detail)
             SELECT id, campaign_id, point_id, $1, $2 FROM responses
             WHERE id BETWEEN $3 AND $4 AND campaign_id = $5 AND point_id = $6 AND channel <> 'paper'
               AND COALESCE(answered_at, submitted_at) >= $7 AND COALESCE(answered_at, submitted_at) < $8
             ON CONFLICT (response_id, reason) DO NOTHING",
        )
        .await?;
    let day = client
        .prepare_cached(
            "INSERT INTO response_flags (response_id, campaign_id, point_id, reason, detail)
             SELECT id, campaign_id, point_id, $1, $2 FROM responses
             WHERE campaign_id = $3 AND point_id = $4 AND day = $5
             ON CONFLICT (response_id, reason) DO NOTHING",
        )
        .await?;
    let mut written = 0;
    for g in groups {
        let (reason, detail) = (g.flag.reason.as_str(), g.flag.detail.as_str());
        written += match g.group {
            FlagGroup::Hour { point_id, hour: h, first_id, last_id } => {
                let (from, until) = (h * crate::HOUR_MS, (h + 1) * crate::HOUR_MS);
                client
                    .execute(&hour, &[&reason, &detail, &first_id, &last_id, &campaign, &point_id, &from, &until])
                    .await?
            }
            FlagGroup::Day { point_id, day: d } => {
                client.execute(&day, &[&reason, &detail, &campaign, &point_id, &d.to_string()]).await?
            }
        };
    }
    Ok(written)
}

pub(crate) async fn flags(client: &impl GenericClient, campaign: i64) -> Result<Vec<StoredFlag>> {
    let rows = client
        .query(
            "SELECT f.response_id, r.client_id, r.submitted_at, f.reason, f.detail
             FROM response_flags f JOIN responses r ON r.id = f.response_id
             WHERE f.campaign_id = $1 ORDER BY f.response_id, f.reason",
            &[&campaign],
        )
        .await?;
    rows.iter()
        .map(|r| {
            Ok(StoredFlag {
                response_id: r.try_get(0)?,
                client_id: r.try_get(1)?,
                submitted_at: rows::timestamp(r, 2)?,
                reason: r.try_get(3)?,
                detail: r.try_get(4)?,
            })
        })
        .collect()
}
