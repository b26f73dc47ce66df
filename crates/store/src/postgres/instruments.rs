//! Instrument versions, stored as canonical JSON with its digest.

use std::sync::Arc;

use deadpool_postgres::GenericClient;
use domain::instruments::Instrument;
use jiff::Timestamp;
use tokio_postgres::Row;

use super::Db;
use crate::{InstrumentRecord, InstrumentSync, Result, StoreError};

pub(crate) async fn sync(db: &Db, instrument: &Instrument, now: Timestamp) -> Result<InstrumentSync> {
    let mut client = db.client().await?;
    let tx = client.transaction().await?;
    let version = i64::from(instrument.version());
    // Instances starting together may sync at once: lock the version's row, or the table for
    // a version nobody has stored yet.
    tx.execute("LOCK TABLE instruments IN SHARE ROW EXCLUSIVE MODE", &[]).await?;
    let stored = tx
        .query_opt(
            "SELECT id, digest FROM instruments WHERE code = $1 AND version = $2",
            &[&instrument.code(), &version],
        )
        .await?
        .map(|r| (r.get::<_, i64>(0), r.get::<_, String>(1)));
    let outcome = match stored {
        None => {
            let row = tx
                .query_one(
                    "INSERT INTO instruments (code, version, definition, digest, created_at) VALUES ($1, $2, $3, $4, $5) RETURNING id",
                    &[&instrument.code(), &version, &instrument.to_json(), &instrument.digest(), &now.as_millisecond()],
                )
                .await?;
            InstrumentSync::Added(row.get(0))
        }
        Some((id, digest)) if digest == instrument.digest() => InstrumentSync::Unchanged(id),
        Some((id, _)) => {
            let answered: bool = tx.query_one(ANSWERED, &[&id]).await?.get(0);
            if answered {
                return Err(StoreError::Frozen { code: instrument.code().into(), version: instrument.version() });
            }
            tx.execute(
                "UPDATE instruments SET definition = $2, digest = $3 WHERE id = $1",
                &[&id, &instrument.to_json(), &instrument.digest()],
            )
            .await?;
            InstrumentSync::Replaced(id)
        }
    };
    tx.commit().await?;
    Ok(outcome)
}

/// Whether a version has responses, from the daily counts kept with them (responses have no
/// index by instrument, and a national database holds millions).
const ANSWERED: &str = "SELECT EXISTS (SELECT 1 FROM point_totals d JOIN campaigns c ON c.id = d.campaign_id
    WHERE c.instrument_id = $1) OR EXISTS (SELECT 1 FROM daily_journal d JOIN campaigns c ON c.id = d.campaign_id
    WHERE c.instrument_id = $1)";

const SELECT: &str = "SELECT i.id, i.definition,
        (SELECT COALESCE(SUM(d.n), 0)::BIGINT FROM point_totals d JOIN campaigns c ON c.id = d.campaign_id
          WHERE c.instrument_id = i.id)
        + (SELECT COALESCE(SUM(d.n), 0)::BIGINT FROM daily_journal d JOIN campaigns c ON c.id = d.campaign_id
          WHERE c.instrument_id = i.id)
    FROM instruments i";

fn parse(row: &Row) -> Result<InstrumentRecord> {
    let (id, json, responses): (i64, String, i64) = (row.try_get(0)?, row.try_get(1)?, row.try_get(2)?);
    let instrument = Instrument::from_json(&json)
        .map_err(|errors| StoreError::Corrupt(format!("stored instrument {id} does not validate: {}", errors[0])))?;
    Ok(InstrumentRecord { id, instrument: Arc::new(instrument), responses })
}

pub(crate) async fn all(client: &impl GenericClient) -> Result<Vec<InstrumentRecord>> {
    client.query(&format!("{SELECT} ORDER BY i.code, i.version"), &[]).await?.iter().map(parse).collect()
}

pub(crate) async fn by_id(client: &impl GenericClient, id: i64) -> Result<Option<InstrumentRecord>> {
    client.query_opt(&format!("{SELECT} WHERE i.id = $1"), &[&id]).await?.as_ref().map(parse).transpose()
}
