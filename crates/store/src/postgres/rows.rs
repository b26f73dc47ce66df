//! Reading typed values out of rows, as `sqlite/rows.rs` does.

use domain::accounts::Role;
use domain::campaigns::{Campaign, CampaignCode, CampaignStatus, Channel, Window};
use domain::text::Lang;
use domain::units::{Unit, UnitCode, UnitKind, Validity};
use jiff::civil::Date;
use tokio_postgres::Row;

use crate::{Result, StoreError};

fn bad(what: &str, value: &str) -> StoreError {
    StoreError::Corrupt(format!("not a {what}: {value:?}"))
}

pub(super) fn parsed<T>(row: &Row, idx: usize, what: &str, parse: impl FnOnce(&str) -> Option<T>) -> Result<T> {
    let text: String = row.try_get(idx)?;
    parse(&text).ok_or_else(|| bad(what, &text))
}

pub(super) fn date(row: &Row, idx: usize) -> Result<Option<Date>> {
    let text: Option<String> = row.try_get(idx)?;
    text.map(|t| t.parse::<Date>().map_err(|_| bad("date", &t))).transpose()
}

pub(super) fn timestamp(row: &Row, idx: usize) -> Result<jiff::Timestamp> {
    Ok(domain::time::from_millis(row.try_get(idx)?))
}

pub(super) fn status(row: &Row, idx: usize) -> Result<CampaignStatus> {
    parsed(row, idx, "campaign status", CampaignStatus::parse)
}

pub(super) fn channel(row: &Row, idx: usize) -> Result<Channel> {
    parsed(row, idx, "channel", Channel::parse)
}

pub(super) fn lang(row: &Row, idx: usize) -> Result<Lang> {
    parsed(row, idx, "language", |s| Some(Lang::from_code_or_default(Some(s))))
}

pub(super) fn role(row: &Row, idx: usize) -> Result<Role> {
    parsed(row, idx, "role", Role::parse)
}

pub(super) fn level(row: &Row, idx: usize) -> Result<u8> {
    let value: i64 = row.try_get(idx)?;
    u8::try_from(value).map_err(|_| bad("level", &value.to_string()))
}

pub(super) fn window(row: &Row, opens: usize, closes: usize) -> Result<Window> {
    let opens_at: Option<i64> = row.try_get(opens)?;
    let closes_at: Option<i64> = row.try_get(closes)?;
    Ok(Window {
        opens_at: opens_at.map(domain::time::from_millis),
        closes_at: closes_at.map(domain::time::from_millis),
    })
}

/// Columns, in order, that [`unit`] reads.
pub(super) const UNIT_COLUMNS: &str =
    "u.id, u.code, u.name, u.kind, u.parent_id, u.valid_from, u.valid_to, u.service_point";

pub(super) fn unit(row: &Row) -> Result<Unit> {
    Ok(Unit {
        id: row.try_get(0)?,
        code: parsed(row, 1, "unit code", |s| UnitCode::parse(s).ok())?,
        name: row.try_get(2)?,
        kind: parsed(row, 3, "unit kind", UnitKind::parse)?,
        parent_id: row.try_get(4)?,
        validity: Validity { from: date(row, 5)?, to: date(row, 6)? },
        service_point: row.try_get(7)?,
    })
}

/// Columns, in order, that [`campaign`] reads.
pub(super) const CAMPAIGN_COLUMNS: &str = "c.id, c.code, c.name, c.instrument_id, c.opens_at, c.closes_at, c.status";

pub(super) fn campaign(row: &Row) -> Result<Campaign> {
    Ok(Campaign {
        id: row.try_get(0)?,
        code: parsed(row, 1, "campaign code", |s| CampaignCode::parse(s).ok())?,
        name: row.try_get(2)?,
        instrument_id: row.try_get(3)?,
        window: window(row, 4, 5)?,
        status: status(row, 6)?,
    })
}

pub(super) fn date_text(day: Option<Date>) -> Option<String> {
    day.map(|d| d.to_string())
}
