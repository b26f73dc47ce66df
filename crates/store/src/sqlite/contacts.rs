//! Contacts citizens left for a reply: written with their response, read per campaign, purged
//! by age.

use deadpool_sqlite::rusqlite::{Connection, Transaction, params};
use domain::contact::Contact;
use jiff::Timestamp;

use super::rows;
use crate::contacts::StoredContact;
use crate::{NewResponse, Result};

/// Stores the contact of the just-stored response `id`. Runs inside the ingest transaction.
pub(crate) fn record(tx: &Transaction<'_>, id: i64, response: &NewResponse, contact: &Contact) -> Result<()> {
    let mut insert = tx.prepare_cached(
        "INSERT INTO contacts (response_id, campaign_id, point_id, name, phone, email, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    )?;
    insert.execute(params![
        id,
        response.campaign_id,
        response.point_id,
        contact.name(),
        contact.phone(),
        contact.email(),
        response.submitted_at.as_millisecond(),
    ])?;
    Ok(())
}

pub(crate) fn of_campaign(conn: &Connection, campaign: i64) -> Result<Vec<StoredContact>> {
    let mut stmt = conn.prepare_cached(
        "SELECT response_id, point_id, name, phone, email, created_at FROM contacts WHERE campaign_id = ?1
         ORDER BY response_id",
    )?;
    let found = stmt.query_map([campaign], |r| {
        Ok(StoredContact {
            response_id: r.get(0)?,
            point_id: r.get(1)?,
            contact: Contact::from_stored(r.get(2)?, r.get(3)?, r.get(4)?),
            created_at: rows::timestamp(r, 5)?,
        })
    })?;
    Ok(found.collect::<Result<Vec<_>, _>>()?)
}

pub(crate) fn purge(tx: &Transaction<'_>, before: Timestamp) -> Result<u64> {
    Ok(tx.execute("DELETE FROM contacts WHERE created_at < ?1", [before.as_millisecond()])? as u64)
}
