//! Instrument versions. The definition is stored as canonical JSON with its digest, so a
//! version's content can be compared without parsing.

use std::sync::Arc;

use deadpool_sqlite::rusqlite::{Connection, OptionalExtension, Row, Transaction, params};
use domain::instruments::Instrument;
use jiff::Timestamp;

use crate::{InstrumentRecord, InstrumentSync, Result, StoreError};

pub(crate) fn sync(tx: &Transaction<'_>, instrument: &Instrument, now: Timestamp) -> Result<InstrumentSync> {
    let stored: Option<(i64, String)> = tx
        .query_row(
            "SELECT id, digest FROM instruments WHERE code = ?1 AND version = ?2",
            params![instrument.code(), instrument.version()],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?;
    match stored {
        None => {
            tx.execute(
                "INSERT INTO instruments (code, version, definition, digest, created_at) VALUES (?1, ?2, ?3, ?4, ?5)",
                params![
                    instrument.code(),
                    instrument.version(),
                    instrument.to_json(),
                    instrument.digest(),
                    now.as_millisecond()
                ],
            )?;
            Ok(InstrumentSync::Added(tx.last_insert_rowid()))
        }
        Some((id, digest)) if digest == instrument.digest() => Ok(InstrumentSync::Unchanged(id)),
        Some((id, _)) => {
            let answered: bool = tx.query_row(ANSWERED, [id], |r| r.get(0))?;
            if answered {
                return Err(StoreError::Frozen { code: instrument.code().into(), version: instrument.version() });
            }
            tx.execute(
                "UPDATE instruments SET definition = ?2, digest = ?3 WHERE id = ?1",
                params![id, instrument.to_json(), instrument.digest()],
            )?;
            Ok(InstrumentSync::Replaced(id))
        }
    }
}

/// Whether a version has responses, from the daily counts kept with them (responses have no
/// index by instrument, and a national database holds millions).
const ANSWERED: &str = "SELECT EXISTS (SELECT 1 FROM point_totals d JOIN campaigns c ON c.id = d.campaign_id
    WHERE c.instrument_id = ?1) OR EXISTS (SELECT 1 FROM daily_journal d JOIN campaigns c ON c.id = d.campaign_id
    WHERE c.instrument_id = ?1)";

const SELECT: &str = "SELECT i.id, i.definition,
        (SELECT COALESCE(SUM(d.n), 0) FROM point_totals d JOIN campaigns c ON c.id = d.campaign_id
          WHERE c.instrument_id = i.id)
        + (SELECT COALESCE(SUM(d.n), 0) FROM daily_journal d JOIN campaigns c ON c.id = d.campaign_id
          WHERE c.instrument_id = i.id)
    FROM instruments i";

fn record(r: &Row<'_>) -> deadpool_sqlite::rusqlite::Result<(i64, String, i64)> {
    Ok((r.get(0)?, r.get(1)?, r.get(2)?))
}

fn parse((id, json, responses): (i64, String, i64)) -> Result<InstrumentRecord> {
    let instrument = Instrument::from_json(&json)
        .map_err(|errors| StoreError::Corrupt(format!("stored instrument {id} does not validate: {}", errors[0])))?;
    Ok(InstrumentRecord { id, instrument: Arc::new(instrument), responses })
}

pub(crate) fn all(conn: &Connection) -> Result<Vec<InstrumentRecord>> {
    let mut stmt = conn.prepare(&format!("{SELECT} ORDER BY i.code, i.version"))?;
    let found = stmt.query_map([], record)?.collect::<Result<Vec<_>, _>>()?;
    found.into_iter().map(parse).collect()
}

pub(crate) fn by_id(conn: &Connection, id: i64) -> Result<Option<InstrumentRecord>> {
    let found = conn.prepare_cached(&format!("{SELECT} WHERE i.id = ?1"))?.query_row([id], record).optional()?;
    found.map(parse).transpose()
}
