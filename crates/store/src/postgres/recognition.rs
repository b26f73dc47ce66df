//! A campaign's recognition scoring rule, kept as JSON text (PostgreSQL).

use deadpool_postgres::GenericClient;
use jiff::Timestamp;

use crate::Result;

pub(crate) async fn scoring(client: &impl GenericClient, campaign: i64) -> Result<Option<String>> {
    let row = client.query_opt("SELECT rule FROM campaign_scoring WHERE campaign_id = $1", &[&campaign]).await?;
    Ok(row.map(|r| r.try_get(0)).transpose()?)
}

pub(crate) async fn set_scoring(client: &impl GenericClient, campaign: i64, rule: &str, now: Timestamp) -> Result<()> {
    client
        .execute(
            "INSERT INTO campaign_scoring (campaign_id, rule, updated_at) VALUES ($1, $2, $3)
             ON CONFLICT (campaign_id) DO UPDATE SET rule = excluded.rule, updated_at = excluded.updated_at",
            &[&campaign, &rule, &now.as_millisecond()],
        )
        .await?;
    Ok(())
}
