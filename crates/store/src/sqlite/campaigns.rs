//! Campaigns and the points they cover.

use deadpool_sqlite::rusqlite::{Connection, OptionalExtension, Transaction, params};
use domain::campaigns::{Campaign, CampaignCode, CampaignStatus, Window};
use domain::quota::QuotaRule;
use domain::units::Unit;
use jiff::Timestamp;

use super::rows::{self, CAMPAIGN_COLUMNS, UNIT_COLUMNS};
use super::units::is_unique_violation;
use crate::{CampaignAtPoint, CampaignEdit, CampaignSummary, NewCampaign, Result, StoreError};

fn millis(window: &Window) -> (Option<i64>, Option<i64>) {
    (window.opens_at.map(|t| t.as_millisecond()), window.closes_at.map(|t| t.as_millisecond()))
}

pub(crate) fn create(tx: &Transaction<'_>, new: &NewCampaign, now: Timestamp) -> Result<Campaign> {
    let (opens, closes) = millis(&new.window);
    tx.execute(
        "INSERT INTO campaigns (code, name, instrument_id, opens_at, closes_at, status, created_at, updated_at,
             quota_tolerance_pct, quota_min_forms, quota_busy_visitors, quota_busy_min_forms)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?7, ?8, ?9, ?10, ?11)",
        params![
            new.code.as_str(),
            new.name,
            new.instrument_id,
            opens,
            closes,
            new.status.as_str(),
            now.as_millisecond(),
            new.quota.tolerance_pct,
            new.quota.min_forms,
            new.quota.busy_visitors,
            new.quota.busy_min_forms
        ],
    )
    .map_err(|e| {
        if is_unique_violation(&e) {
            StoreError::Conflict(format!("campaign code {} is taken", new.code))
        } else {
            e.into()
        }
    })?;
    let id = tx.last_insert_rowid();
    let mut insert =
        tx.prepare_cached("INSERT OR IGNORE INTO campaign_points (campaign_id, unit_id) VALUES (?1, ?2)")?;
    for point in &new.points {
        insert.execute(params![id, point])?;
    }
    Ok(Campaign {
        id,
        code: new.code.clone(),
        name: new.name.clone(),
        instrument_id: new.instrument_id,
        window: new.window,
        status: new.status,
    })
}

pub(crate) fn set_status(tx: &Transaction<'_>, id: i64, status: CampaignStatus, now: Timestamp) -> Result<()> {
    let changed = tx.execute(
        "UPDATE campaigns SET status = ?2, updated_at = ?3 WHERE id = ?1",
        params![id, status.as_str(), now.as_millisecond()],
    )?;
    if changed == 0 { Err(StoreError::NotFound) } else { Ok(()) }
}

/// Changes a campaign's name, window and quota rule.
pub(crate) fn update(tx: &Transaction<'_>, id: i64, edit: &CampaignEdit, now: Timestamp) -> Result<()> {
    let (opens, closes) = millis(&edit.window);
    let q = &edit.quota;
    let changed = tx.execute(
        "UPDATE campaigns SET name = ?2, opens_at = ?3, closes_at = ?4, quota_tolerance_pct = ?5,
             quota_min_forms = ?6, quota_busy_visitors = ?7, quota_busy_min_forms = ?8, updated_at = ?9
         WHERE id = ?1",
        params![
            id,
            edit.name,
            opens,
            closes,
            q.tolerance_pct,
            q.min_forms,
            q.busy_visitors,
            q.busy_min_forms,
            now.as_millisecond()
        ],
    )?;
    if changed == 0 { Err(StoreError::NotFound) } else { Ok(()) }
}

pub(crate) fn quota(conn: &Connection, id: i64) -> Result<QuotaRule> {
    let mut stmt = conn.prepare_cached(
        "SELECT quota_tolerance_pct, quota_min_forms, quota_busy_visitors, quota_busy_min_forms
         FROM campaigns WHERE id = ?1",
    )?;
    let rule = stmt
        .query_row([id], |r| {
            Ok(QuotaRule {
                tolerance_pct: r.get(0)?,
                min_forms: r.get(1)?,
                busy_visitors: r.get(2)?,
                busy_min_forms: r.get(3)?,
            })
        })
        .optional()?;
    rule.ok_or(StoreError::NotFound)
}

pub(crate) fn by_id(conn: &Connection, id: i64) -> Result<Option<Campaign>> {
    let sql = format!("SELECT {CAMPAIGN_COLUMNS} FROM campaigns c WHERE c.id = ?1");
    Ok(conn.prepare_cached(&sql)?.query_row([id], rows::campaign).optional()?)
}

pub(crate) fn by_code(conn: &Connection, code: &CampaignCode) -> Result<Option<Campaign>> {
    let sql = format!("SELECT {CAMPAIGN_COLUMNS} FROM campaigns c WHERE c.code = ?1");
    Ok(conn.prepare_cached(&sql)?.query_row([code.as_str()], rows::campaign).optional()?)
}

pub(crate) fn all(conn: &Connection) -> Result<Vec<CampaignSummary>> {
    let sql = format!(
        "SELECT {CAMPAIGN_COLUMNS}, i.code, i.version,
                (SELECT COUNT(*) FROM campaign_points p WHERE p.campaign_id = c.id),
                (SELECT COALESCE(SUM(t.n), 0) FROM point_totals t WHERE t.campaign_id = c.id)
                  + (SELECT COALESCE(SUM(j.n), 0) FROM daily_journal j WHERE j.campaign_id = c.id)
         FROM campaigns c JOIN instruments i ON i.id = c.instrument_id
         ORDER BY c.created_at DESC, c.id DESC"
    );
    let mut stmt = conn.prepare(&sql)?;
    let found = stmt.query_map([], |r| {
        Ok(CampaignSummary {
            campaign: rows::campaign(r)?,
            instrument_code: r.get(7)?,
            instrument_version: r.get(8)?,
            points: r.get(9)?,
            responses: r.get(10)?,
        })
    })?;
    Ok(found.collect::<Result<_, _>>()?)
}

pub(crate) fn live_at(conn: &Connection, points: &[i64]) -> Result<Vec<CampaignAtPoint>> {
    let sql = format!(
        "SELECT {CAMPAIGN_COLUMNS}, p.unit_id FROM campaign_points p JOIN campaigns c ON c.id = p.campaign_id
         WHERE p.unit_id = ?1 AND c.status IN ('draft', 'open')"
    );
    let mut stmt = conn.prepare_cached(&sql)?;
    let mut found = Vec::new();
    for &point in points {
        let rows =
            stmt.query_map([point], |r| Ok(CampaignAtPoint { campaign: rows::campaign(r)?, point_id: r.get(7)? }))?;
        for row in rows {
            found.push(row?);
        }
    }
    Ok(found)
}

pub(crate) fn active_at(conn: &Connection, point: i64, now: Timestamp) -> Result<Option<Campaign>> {
    // A campaign with a window wins over the point's always-on campaign while it runs.
    let sql = format!(
        "SELECT {CAMPAIGN_COLUMNS} FROM campaign_points p JOIN campaigns c ON c.id = p.campaign_id
         WHERE p.unit_id = ?1 AND c.status = 'open'
           AND (c.opens_at IS NULL OR c.opens_at <= ?2) AND (c.closes_at IS NULL OR ?2 < c.closes_at)
         ORDER BY (c.opens_at IS NULL AND c.closes_at IS NULL), c.opens_at DESC, c.id DESC
         LIMIT 1"
    );
    Ok(conn.prepare_cached(&sql)?.query_row(params![point, now.as_millisecond()], rows::campaign).optional()?)
}

pub(crate) fn points(conn: &Connection, campaign: i64) -> Result<Vec<Unit>> {
    let sql = format!(
        "SELECT {UNIT_COLUMNS} FROM campaign_points p JOIN units u ON u.id = p.unit_id
         WHERE p.campaign_id = ?1 ORDER BY u.code"
    );
    let mut stmt = conn.prepare(&sql)?;
    let units = stmt.query_map([campaign], rows::unit)?;
    Ok(units.collect::<Result<_, _>>()?)
}

pub(crate) fn has_point(conn: &Connection, campaign: i64, point: i64) -> Result<bool> {
    Ok(conn
        .prepare_cached("SELECT EXISTS (SELECT 1 FROM campaign_points WHERE campaign_id = ?1 AND unit_id = ?2)")?
        .query_row(params![campaign, point], |r| r.get(0))?)
}
