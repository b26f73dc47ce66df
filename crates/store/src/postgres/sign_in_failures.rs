//! Failed sign-ins by key (an account or a hashed client), for throttling across instances.

use deadpool_postgres::GenericClient;
use jiff::Timestamp;

use super::rows;
use crate::Result;

pub(crate) async fn record(client: &impl GenericClient, keys: &[String], at: Timestamp) -> Result<()> {
    client
        .execute(
            "INSERT INTO sign_in_failures (key, at) SELECT k, $2 FROM unnest($1::TEXT[]) AS k",
            &[&keys, &at.as_millisecond()],
        )
        .await?;
    Ok(())
}

pub(crate) async fn since(client: &impl GenericClient, key: &str, since: Timestamp) -> Result<Vec<Timestamp>> {
    let rows = client
        .query(
            "SELECT at FROM sign_in_failures WHERE key = $1 AND at >= $2 ORDER BY at",
            &[&key, &since.as_millisecond()],
        )
        .await?;
    rows.iter().map(|r| rows::timestamp(r, 0)).collect()
}

pub(crate) async fn clear(client: &impl GenericClient, key: &str) -> Result<()> {
    client.execute("DELETE FROM sign_in_failures WHERE key = $1", &[&key]).await?;
    Ok(())
}

pub(crate) async fn purge(client: &impl GenericClient, before: Timestamp) -> Result<u64> {
    Ok(client.execute("DELETE FROM sign_in_failures WHERE at < $1", &[&before.as_millisecond()]).await?)
}
