//! Campaigns and the points they cover.

use deadpool_postgres::GenericClient;
use domain::campaigns::{Campaign, CampaignCode, CampaignStatus, Window};
use domain::quota::QuotaRule;
use domain::units::Unit;
use jiff::Timestamp;

use super::rows::{self, CAMPAIGN_COLUMNS, UNIT_COLUMNS};
use super::{Db, is_unique_violation};
use crate::{CampaignAtPoint, CampaignEdit, CampaignSummary, NewCampaign, Result, StoreError};

fn millis(window: &Window) -> (Option<i64>, Option<i64>) {
    (window.opens_at.map(|t| t.as_millisecond()), window.closes_at.map(|t| t.as_millisecond()))
}

pub(crate) async fn create(db: &Db, new: &NewCampaign, now: Timestamp) -> Result<Campaign> {
    let (opens, closes) = millis(&new.window);
    let mut client = db.client().await?;
    let tx = client.transaction().await?;
    let row = tx
        .query_one(
            "INSERT INTO campaigns (code, name, instrument_id, opens_at, closes_at, status, created_at, updated_at,
                 quota_tolerance_pct, quota_min_forms, quota_busy_visitors, quota_busy_min_forms)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $7, $8, $9, $10, $11) RETURNING id",
            &[
                &new.code.as_str(),
                &new.name,
                &new.instrument_id,
                &opens,
                &closes,
                &new.status.as_str(),
                &now.as_millisecond(),
                &i64::from(new.quota.tolerance_pct),
                &i64::from(new.quota.min_forms),
                &i64::from(new.quota.busy_visitors),
                &i64::from(new.quota.busy_min_forms),
            ],
        )
        .await
        .map_err(|e| {
            if is_unique_violation(&e) {
                StoreError::Conflict(format!("campaign code {} is taken", new.code))
            } else {
                e.into()
            }
        })?;
    let id: i64 = row.get(0);
    tx.execute(
        "INSERT INTO campaign_points (campaign_id, unit_id) SELECT $1, p FROM unnest($2::BIGINT[]) AS p ON CONFLICT DO NOTHING",
        &[&id, &new.points],
    )
    .await?;
    tx.commit().await?;
    Ok(Campaign {
        id,
        code: new.code.clone(),
        name: new.name.clone(),
        instrument_id: new.instrument_id,
        window: new.window,
        status: new.status,
    })
}

/// Changes a campaign's name, window and quota rule.
pub(crate) async fn update(client: &impl GenericClient, id: i64, edit: &CampaignEdit, now: Timestamp) -> Result<()> {
    let (opens, closes) = millis(&edit.window);
    let q = &edit.quota;
    let changed = client
        .execute(
            "UPDATE campaigns SET name = $2, opens_at = $3, closes_at = $4, quota_tolerance_pct = $5,
                 quota_min_forms = $6, quota_busy_visitors = $7, quota_busy_min_forms = $8, updated_at = $9
             WHERE id = $1",
            &[
                &id,
                &edit.name,
                &opens,
                &closes,
                &i64::from(q.tolerance_pct),
                &i64::from(q.min_forms),
                &i64::from(q.busy_visitors),
                &i64::from(q.busy_min_forms),
                &now.as_millisecond(),
            ],
        )
        .await?;
    if changed == 0 { Err(StoreError::NotFound) } else { Ok(()) }
}

pub(crate) async fn quota(client: &impl GenericClient, id: i64) -> Result<QuotaRule> {
    let row = client
        .query_opt(
            "SELECT quota_tolerance_pct, quota_min_forms, quota_busy_visitors, quota_busy_min_forms
             FROM campaigns WHERE id = $1",
            &[&id],
        )
        .await?
        .ok_or(StoreError::NotFound)?;
    let field = |i: usize| -> Result<u32> {
        let value: i64 = row.try_get(i)?;
        u32::try_from(value).map_err(|_| StoreError::Corrupt(format!("quota value {value}")))
    };
    Ok(QuotaRule {
        tolerance_pct: field(0)?,
        min_forms: field(1)?,
        busy_visitors: field(2)?,
        busy_min_forms: field(3)?,
    })
}

pub(crate) async fn set_status(
    client: &impl GenericClient,
    id: i64,
    status: CampaignStatus,
    now: Timestamp,
) -> Result<()> {
    let changed = client
        .execute(
            "UPDATE campaigns SET status = $2, updated_at = $3 WHERE id = $1",
            &[&id, &status.as_str(), &now.as_millisecond()],
        )
        .await?;
    if changed == 0 { Err(StoreError::NotFound) } else { Ok(()) }
}

pub(crate) async fn by_id(client: &impl GenericClient, id: i64) -> Result<Option<Campaign>> {
    let stmt = client.prepare_cached(&format!("SELECT {CAMPAIGN_COLUMNS} FROM campaigns c WHERE c.id = $1")).await?;
    client.query_opt(&stmt, &[&id]).await?.as_ref().map(rows::campaign).transpose()
}

pub(crate) async fn by_code(client: &impl GenericClient, code: &CampaignCode) -> Result<Option<Campaign>> {
    let stmt = client.prepare_cached(&format!("SELECT {CAMPAIGN_COLUMNS} FROM campaigns c WHERE c.code = $1")).await?;
    client.query_opt(&stmt, &[&code.as_str()]).await?.as_ref().map(rows::campaign).transpose()
}

pub(crate) async fn all(client: &impl GenericClient) -> Result<Vec<CampaignSummary>> {
    let sql = format!(
        "SELECT {CAMPAIGN_COLUMNS}, i.code, i.version,
                (SELECT COUNT(*) FROM campaign_points p WHERE p.campaign_id = c.id),
                (SELECT COALESCE(SUM(t.n), 0)::BIGINT FROM point_totals t WHERE t.campaign_id = c.id)
                  + (SELECT COALESCE(SUM(j.n), 0)::BIGINT FROM daily_journal j WHERE j.campaign_id = c.id)
         FROM campaigns c JOIN instruments i ON i.id = c.instrument_id
         ORDER BY c.created_at DESC, c.id DESC"
    );
    let found = client.query(&sql, &[]).await?;
    found
        .iter()
        .map(|r| {
            let version: i64 = r.try_get(8)?;
            Ok(CampaignSummary {
                campaign: rows::campaign(r)?,
                instrument_code: r.try_get(7)?,
                instrument_version: u32::try_from(version).unwrap_or_default(),
                points: r.try_get(9)?,
                responses: r.try_get(10)?,
            })
        })
        .collect()
}

pub(crate) async fn live_at(client: &impl GenericClient, points: &[i64]) -> Result<Vec<CampaignAtPoint>> {
    let sql = format!(
        "SELECT {CAMPAIGN_COLUMNS}, p.unit_id FROM campaign_points p JOIN campaigns c ON c.id = p.campaign_id
         WHERE p.unit_id = ANY($1) AND c.status IN ('draft', 'open')
         ORDER BY p.unit_id, c.id"
    );
    let found = client.query(&sql, &[&points]).await?;
    found.iter().map(|r| Ok(CampaignAtPoint { campaign: rows::campaign(r)?, point_id: r.try_get(7)? })).collect()
}

pub(crate) async fn active_at(client: &impl GenericClient, point: i64, now: Timestamp) -> Result<Option<Campaign>> {
    // A campaign with a window wins over the point's always-on campaign while it runs.
    let sql = format!(
        "SELECT {CAMPAIGN_COLUMNS} FROM campaign_points p JOIN campaigns c ON c.id = p.campaign_id
         WHERE p.unit_id = $1 AND c.status = 'open'
           AND (c.opens_at IS NULL OR c.opens_at <= $2) AND (c.closes_at IS NULL OR $2 < c.closes_at)
         ORDER BY (c.opens_at IS NULL AND c.closes_at IS NULL), c.opens_at DESC NULLS LAST, c.id DESC
         LIMIT 1"
    );
    let stmt = client.prepare_cached(&sql).await?;
    client.query_opt(&stmt, &[&point, &now.as_millisecond()]).await?.as_ref().map(rows::campaign).transpose()
}

pub(crate) async fn points(client: &impl GenericClient, campaign: i64) -> Result<Vec<Unit>> {
    let sql = format!(
        "SELECT {UNIT_COLUMNS} FROM campaign_points p JOIN units u ON u.id = p.unit_id
         WHERE p.campaign_id = $1 ORDER BY u.code"
    );
    client.query(&sql, &[&campaign]).await?.iter().map(rows::unit).collect()
}

pub(crate) async fn has_point(client: &impl GenericClient, campaign: i64, point: i64) -> Result<bool> {
    let stmt = client
        .prepare_cached("SELECT EXISTS (SELECT 1 FROM campaign_points WHERE campaign_id = $1 AND unit_id = $2)")
        .await?;
    Ok(client.query_one(&stmt, &[&campaign, &point]).await?.get(0))
}
