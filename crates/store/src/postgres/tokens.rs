//! QR tokens of service points.

use deadpool_postgres::GenericClient;
use domain::signing::{SigningKey, mint_point_token};
use jiff::Timestamp;

use super::Db;
use super::rows::{self, UNIT_COLUMNS};
use crate::{PointByToken, Result};

/// Gives `unit` a token unless it has an unrevoked one. Returns whether it minted one.
pub(crate) async fn ensure(tx: &impl GenericClient, unit: i64, key: &SigningKey, now: Timestamp) -> Result<bool> {
    let has: bool = tx
        .query_one("SELECT EXISTS (SELECT 1 FROM point_tokens WHERE unit_id = $1 AND revoked_at IS NULL)", &[&unit])
        .await?
        .get(0);
    if has {
        return Ok(false);
    }
    tx.execute(
        "INSERT INTO point_tokens (token, unit_id, created_at) VALUES ($1, $2, $3)",
        &[&mint_point_token(key), &unit, &now.as_millisecond()],
    )
    .await?;
    Ok(true)
}

/// Revokes the point's current token and gives it a new one: posters with the old code then
/// show a clear message instead of the form.
pub(crate) async fn rotate(db: &Db, unit: i64, key: &SigningKey, now: Timestamp) -> Result<String> {
    let mut client = db.client().await?;
    let tx = client.transaction().await?;
    tx.execute(
        "UPDATE point_tokens SET revoked_at = $2 WHERE unit_id = $1 AND revoked_at IS NULL",
        &[&unit, &now.as_millisecond()],
    )
    .await?;
    let token = mint_point_token(key);
    tx.execute(
        "INSERT INTO point_tokens (token, unit_id, created_at) VALUES ($1, $2, $3)",
        &[&token, &unit, &now.as_millisecond()],
    )
    .await?;
    tx.commit().await?;
    Ok(token)
}

pub(crate) async fn point_by_token(client: &impl GenericClient, token: &str) -> Result<Option<PointByToken>> {
    let sql = format!(
        "SELECT {UNIT_COLUMNS}, t.revoked_at IS NOT NULL
         FROM point_tokens t JOIN units u ON u.id = t.unit_id WHERE t.token = $1"
    );
    let stmt = client.prepare_cached(&sql).await?;
    let Some(row) = client.query_opt(&stmt, &[&token]).await? else { return Ok(None) };
    let point = rows::unit(&row)?;
    let revoked: bool = row.try_get(8)?;
    let ancestors = super::units::ancestors(client, &point).await?;
    Ok(Some(PointByToken { point, ancestors, revoked }))
}

pub(crate) async fn current(client: &impl GenericClient, units: &[i64]) -> Result<Vec<(i64, String)>> {
    let found = client
        .query(
            "SELECT unit_id, token FROM point_tokens WHERE unit_id = ANY($1) AND revoked_at IS NULL ORDER BY unit_id",
            &[&units],
        )
        .await?;
    Ok(found.iter().map(|r| (r.get(0), r.get(1))).collect())
}

pub(crate) async fn revoke(client: &impl GenericClient, unit: i64, now: Timestamp) -> Result<()> {
    client
        .execute(
            "UPDATE point_tokens SET revoked_at = $2 WHERE unit_id = $1 AND revoked_at IS NULL",
            &[&unit, &now.as_millisecond()],
        )
        .await?;
    Ok(())
}
