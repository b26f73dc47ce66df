//! Unit lineage: which units became which on an effective date (merges and splits).

use deadpool_sqlite::rusqlite::{Connection, Transaction, params};
use domain::units::{LineageKind, LineageLink};
use jiff::Timestamp;

use super::rows;
use super::units::is_unique_violation;
use crate::{NewLineage, Result, StoreError};

pub(crate) fn record(tx: &Transaction<'_>, new: &NewLineage, now: Timestamp) -> Result<()> {
    let mut insert = tx.prepare_cached(
        "INSERT INTO unit_lineage (kind, effective, predecessor_id, successor_id, created_at) VALUES (?1, ?2, ?3, ?4, ?5)",
    )?;
    for &predecessor in &new.predecessors {
        for &successor in &new.successors {
            let inserted = insert.execute(params![
                new.kind.as_str(),
                new.effective.to_string(),
                predecessor,
                successor,
                now.as_millisecond()
            ]);
            if let Err(e) = inserted {
                return Err(if is_unique_violation(&e) {
                    StoreError::Conflict("this lineage link is already recorded".into())
                } else {
                    e.into()
                });
            }
        }
    }
    Ok(())
}

pub(crate) fn all(conn: &Connection) -> Result<Vec<LineageLink>> {
    let mut stmt = conn.prepare_cached(
        "SELECT kind, effective, predecessor_id, successor_id FROM unit_lineage ORDER BY effective, id",
    )?;
    let links = stmt.query_map([], |r| {
        Ok(LineageLink {
            kind: rows::parsed(r, 0, "lineage kind", LineageKind::parse)?,
            effective: rows::date(r, 1)?.unwrap_or_default(),
            predecessor: r.get(2)?,
            successor: r.get(3)?,
        })
    })?;
    Ok(links.collect::<Result<_, _>>()?)
}
