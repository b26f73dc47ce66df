//! QR tokens of service points.

use deadpool_sqlite::rusqlite::{Connection, OptionalExtension, Transaction, params};
use domain::signing::{SigningKey, mint_point_token};
use jiff::Timestamp;

use super::rows::{self, UNIT_COLUMNS};
use crate::{PointByToken, Result};

/// Gives `unit` a token unless it has an unrevoked one. Returns whether it minted one.
pub(crate) fn ensure(tx: &Transaction<'_>, unit: i64, key: &SigningKey, now: Timestamp) -> Result<bool> {
    let has: bool = tx
        .prepare_cached("SELECT EXISTS (SELECT 1 FROM point_tokens WHERE unit_id = ?1 AND revoked_at IS NULL)")?
        .query_row([unit], |r| r.get(0))?;
    if has {
        return Ok(false);
    }
    tx.prepare_cached("INSERT INTO point_tokens (token, unit_id, created_at) VALUES (?1, ?2, ?3)")?
        .execute(params![mint_point_token(key), unit, now.as_millisecond()])?;
    Ok(true)
}

/// Revokes the point's current token and gives it a new one: posters with the old code then
/// show a clear message instead of the form.
pub(crate) fn rotate(tx: &Transaction<'_>, unit: i64, key: &SigningKey, now: Timestamp) -> Result<String> {
    tx.prepare_cached("UPDATE point_tokens SET revoked_at = ?2 WHERE unit_id = ?1 AND revoked_at IS NULL")?
        .execute(params![unit, now.as_millisecond()])?;
    let token = mint_point_token(key);
    tx.prepare_cached("INSERT INTO point_tokens (token, unit_id, created_at) VALUES (?1, ?2, ?3)")?
        .execute(params![token, unit, now.as_millisecond()])?;
    Ok(token)
}

pub(crate) fn point_by_token(conn: &Connection, token: &str) -> Result<Option<PointByToken>> {
    let sql = format!(
        "SELECT {UNIT_COLUMNS}, t.revoked_at IS NOT NULL
         FROM point_tokens t JOIN units u ON u.id = t.unit_id WHERE t.token = ?1"
    );
    let found =
        conn.prepare_cached(&sql)?.query_row([token], |r| Ok((rows::unit(r)?, r.get::<_, bool>(8)?))).optional()?;
    let Some((point, revoked)) = found else {
        return Ok(None);
    };
    let ancestors = super::units::ancestors(conn, &point)?;
    Ok(Some(PointByToken { point, ancestors, revoked }))
}

pub(crate) fn current(conn: &Connection, units: &[i64]) -> Result<Vec<(i64, String)>> {
    let mut stmt = conn.prepare_cached("SELECT token FROM point_tokens WHERE unit_id = ?1 AND revoked_at IS NULL")?;
    let mut found = Vec::with_capacity(units.len());
    for &unit in units {
        if let Some(token) = stmt.query_row([unit], |r| r.get::<_, String>(0)).optional()? {
            found.push((unit, token));
        }
    }
    Ok(found)
}

pub(crate) fn revoke(tx: &Transaction<'_>, unit: i64, now: Timestamp) -> Result<()> {
    tx.prepare_cached("UPDATE point_tokens SET revoked_at = ?2 WHERE unit_id = ?1 AND revoked_at IS NULL")?
        .execute(params![unit, now.as_millisecond()])?;
    Ok(())
}
