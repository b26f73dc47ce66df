//! Contacts citizens left for a reply: written with their responses, read per campaign, purged
//! by age.

use deadpool_postgres::{GenericClient, Transaction};
use jiff::Timestamp;

use super::rows;
use crate::contacts::StoredContact;
use crate::{NewResponse, Result};

/// Stores the contacts of just-stored responses (`(response id, response)`, each with a
/// contact) in one statement, inside the ingest transaction.
pub(crate) async fn record_all(tx: &Transaction<'_>, stored: &[(i64, &NewResponse)]) -> Result<()> {
    let with: Vec<(i64, &NewResponse, &domain::contact::Contact)> =
        stored.iter().filter_map(|(id, r)| r.contact.as_ref().map(|c| (*id, *r, c))).collect();
    if with.is_empty() {
        return Ok(());
    }
    let ids: Vec<i64> = with.iter().map(|(id, _, _)| *id).collect();
    let campaigns: Vec<i64> = with.iter().map(|(_, r, _)| r.campaign_id).collect();
    let points: Vec<i64> = with.iter().map(|(_, r, _)| r.point_id).collect();
    let names: Vec<Option<&str>> = with.iter().map(|(_, _, c)| c.name()).collect();
    let phones: Vec<Option<&str>> = with.iter().map(|(_, _, c)| c.phone()).collect();
    let emails: Vec<Option<&str>> = with.iter().map(|(_, _, c)| c.email()).collect();
    let at: Vec<i64> = with.iter().map(|(_, r, _)| r.submitted_at.as_millisecond()).collect();
    let stmt = tx
        .prepare_cached(
            "INSERT INTO contacts (response_id, campaign_id, point_id, name, phone, email, created_at)
             SELECT * FROM unnest($1::BIGINT[], $2::BIGINT[], $3::BIGINT[], $4::TEXT[], $5::TEXT[], $6::TEXT[],
                                  $7::BIGINT[])",
        )
        .await?;
    tx.execute(&stmt, &[&ids, &campaigns, &points, &names, &phones, &emails, &at]).await?;
    Ok(())
}

pub(crate) async fn of_campaign(client: &impl GenericClient, campaign: i64) -> Result<Vec<StoredContact>> {
    let rows = client
        .query(
            "SELECT response_id, point_id, name, phone, email, created_at FROM contacts WHERE campaign_id = $1
             ORDER BY response_id",
            &[&campaign],
        )
        .await?;
    rows.iter()
        .map(|r| {
            Ok(StoredContact {
                response_id: r.try_get(0)?,
                point_id: r.try_get(1)?,
                contact: domain::contact::Contact::from_stored(r.try_get(2)?, r.try_get(3)?, r.try_get(4)?),
                created_at: rows::timestamp(r, 5)?,
            })
        })
        .collect()
}

pub(crate) async fn purge(client: &impl GenericClient, before: Timestamp) -> Result<u64> {
    Ok(client.execute("DELETE FROM contacts WHERE created_at < $1", &[&before.as_millisecond()]).await?)
}
