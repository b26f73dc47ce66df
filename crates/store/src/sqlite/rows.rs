//! Reading typed values out of rows: text columns parsed into domain types, with a clear
//! error when the database holds something the program never writes.

use deadpool_sqlite::rusqlite::types::Type;
use deadpool_sqlite::rusqlite::{Error, Row};
use domain::accounts::Role;
use domain::campaigns::{Campaign, CampaignCode, CampaignStatus, Channel, Window};
use domain::text::Lang;
use domain::units::{Unit, UnitCode, UnitKind, Validity};
use jiff::civil::Date;

fn bad(idx: usize, what: &str, value: &str) -> Error {
    Error::FromSqlConversionFailure(idx, Type::Text, format!("not a {what}: {value:?}").into())
}

pub(super) fn parsed<T>(
    row: &Row<'_>,
    idx: usize,
    what: &str,
    parse: impl FnOnce(&str) -> Option<T>,
) -> Result<T, Error> {
    let text: String = row.get(idx)?;
    parse(&text).ok_or_else(|| bad(idx, what, &text))
}

pub(super) fn date(row: &Row<'_>, idx: usize) -> Result<Option<Date>, Error> {
    let text: Option<String> = row.get(idx)?;
    text.map(|t| t.parse::<Date>().map_err(|_| bad(idx, "date", &t))).transpose()
}

pub(super) fn timestamp(row: &Row<'_>, idx: usize) -> Result<jiff::Timestamp, Error> {
    Ok(domain::time::from_millis(row.get(idx)?))
}

pub(super) fn status(row: &Row<'_>, idx: usize) -> Result<CampaignStatus, Error> {
    parsed(row, idx, "campaign status", CampaignStatus::parse)
}

pub(super) fn channel(row: &Row<'_>, idx: usize) -> Result<Channel, Error> {
    parsed(row, idx, "channel", Channel::parse)
}

pub(super) fn lang(row: &Row<'_>, idx: usize) -> Result<Lang, Error> {
    parsed(row, idx, "language", |s| Some(Lang::from_code_or_default(Some(s))))
}

pub(super) fn role(row: &Row<'_>, idx: usize) -> Result<Role, Error> {
    parsed(row, idx, "role", Role::parse)
}

pub(super) fn window(row: &Row<'_>, opens: usize, closes: usize) -> Result<Window, Error> {
    let opens_at: Option<i64> = row.get(opens)?;
    let closes_at: Option<i64> = row.get(closes)?;
    Ok(Window {
        opens_at: opens_at.map(domain::time::from_millis),
        closes_at: closes_at.map(domain::time::from_millis),
    })
}

/// Columns, in order, that [`unit`] reads.
pub(super) const UNIT_COLUMNS: &str =
    "u.id, u.code, u.name, u.kind, u.parent_id, u.valid_from, u.valid_to, u.service_point";

pub(super) fn unit(row: &Row<'_>) -> Result<Unit, Error> {
    Ok(Unit {
        id: row.get(0)?,
        code: parsed(row, 1, "unit code", |s| UnitCode::parse(s).ok())?,
        name: row.get(2)?,
        kind: parsed(row, 3, "unit kind", UnitKind::parse)?,
        parent_id: row.get(4)?,
        validity: Validity { from: date(row, 5)?, to: date(row, 6)? },
        service_point: row.get(7)?,
    })
}

/// Columns, in order, that [`campaign`] reads.
pub(super) const CAMPAIGN_COLUMNS: &str = "c.id, c.code, c.name, c.instrument_id, c.opens_at, c.closes_at, c.status";

pub(super) fn campaign(row: &Row<'_>) -> Result<Campaign, Error> {
    Ok(Campaign {
        id: row.get(0)?,
        code: parsed(row, 1, "campaign code", |s| CampaignCode::parse(s).ok())?,
        name: row.get(2)?,
        instrument_id: row.get(3)?,
        window: window(row, 4, 5)?,
        status: status(row, 6)?,
    })
}

pub(super) fn date_text(day: Option<Date>) -> Option<String> {
    day.map(|d| d.to_string())
}
