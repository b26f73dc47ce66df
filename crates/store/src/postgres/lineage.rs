//! Unit lineage: which units became which on an effective date (merges and splits).

use deadpool_postgres::GenericClient;
use domain::units::{LineageKind, LineageLink};
use jiff::Timestamp;

use super::{Db, is_unique_violation, rows};
use crate::{NewLineage, Result, StoreError};

pub(crate) async fn record(db: &Db, new: &NewLineage, now: Timestamp) -> Result<()> {
    let mut client = db.client().await?;
    let tx = client.transaction().await?;
    for &predecessor in &new.predecessors {
        for &successor in &new.successors {
            let inserted = tx
                .execute(
                    "INSERT INTO unit_lineage (kind, effective, predecessor_id, successor_id, created_at)
                     VALUES ($1, $2, $3, $4, $5)",
                    &[&new.kind.as_str(), &new.effective.to_string(), &predecessor, &successor, &now.as_millisecond()],
                )
                .await;
            if let Err(e) = inserted {
                return Err(if is_unique_violation(&e) {
                    StoreError::Conflict("this lineage link is already recorded".into())
                } else {
                    e.into()
                });
            }
        }
    }
    tx.commit().await?;
    Ok(())
}

pub(crate) async fn all(client: &impl GenericClient) -> Result<Vec<LineageLink>> {
    let rows = client
        .query("SELECT kind, effective, predecessor_id, successor_id FROM unit_lineage ORDER BY effective, id", &[])
        .await?;
    rows.iter()
        .map(|r| {
            Ok(LineageLink {
                kind: rows::parsed(r, 0, "lineage kind", LineageKind::parse)?,
                effective: rows::date(r, 1)?.unwrap_or_default(),
                predecessor: r.try_get(2)?,
                successor: r.try_get(3)?,
            })
        })
        .collect()
}
