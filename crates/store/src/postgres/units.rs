//! The unit registry.

use std::collections::HashMap;

use deadpool_postgres::GenericClient;
use domain::signing::SigningKey;
use domain::units::import::{ExistingUnit, ImportPlan, PlannedChange, UnitRecord};
use domain::units::{Unit, UnitCode};
use jiff::Timestamp;
use jiff::civil::Date;

use super::rows::{self, UNIT_COLUMNS, date_text};
use super::{Db, is_unique_violation};
use crate::{ImportSummary, Result, StoreError};

pub(crate) async fn existing(client: &impl GenericClient) -> Result<Vec<ExistingUnit>> {
    let sql =
        format!("SELECT {UNIT_COLUMNS}, p.code FROM units u LEFT JOIN units p ON p.id = u.parent_id ORDER BY u.id");
    let found = client.query(&sql, &[]).await?;
    found
        .iter()
        .map(|r| {
            let unit = rows::unit(r)?;
            let parent_code: Option<String> = r.try_get(8)?;
            Ok(ExistingUnit {
                id: unit.id,
                code: unit.code,
                name: unit.name,
                kind: unit.kind,
                parent_code: parent_code.and_then(|c| UnitCode::parse(&c).ok()),
                validity: unit.validity,
                service_point: unit.service_point,
            })
        })
        .collect()
}

pub(crate) async fn apply_import(
    db: &Db,
    plan: &ImportPlan,
    key: &SigningKey,
    now: Timestamp,
) -> Result<ImportSummary> {
    let mut client = db.client().await?;
    let tx = client.transaction().await?;
    let now_ms = now.as_millisecond();
    let mut summary = ImportSummary::default();
    let mut ids: HashMap<&UnitCode, i64> = HashMap::new();
    for change in &plan.changes {
        let record = change.record();
        let parent_id = match &record.parent_code {
            None => None,
            Some(code) => match ids.get(code) {
                Some(id) => Some(*id),
                None => Some(parent_in_registry(&tx, code, record).await?),
            },
        };
        let from = date_text(record.validity.from);
        let to = date_text(record.validity.to);
        let id = match change {
            PlannedChange::Insert(record) => {
                let inserted = tx
                    .query_one(
                        "INSERT INTO units (code, name, kind, parent_id, valid_from, valid_to, service_point, created_at, updated_at)
                         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8) RETURNING id",
                        &[&record.code.as_str(), &record.name, &record.kind.as_str(), &parent_id, &from, &to, &record.service_point, &now_ms],
                    )
                    .await
                    .map_err(|e| {
                        if is_unique_violation(&e) {
                            StoreError::Conflict(format!("unit {} was added by someone else meanwhile", record.code))
                        } else {
                            e.into()
                        }
                    })?;
                summary.inserted += 1;
                inserted.get(0)
            }
            PlannedChange::Update { id, record } => {
                tx.execute(
                    "UPDATE units SET name = $2, kind = $3, parent_id = $4, valid_from = $5, valid_to = $6,
                            service_point = $7, updated_at = $8
                     WHERE id = $1",
                    &[id, &record.name, &record.kind.as_str(), &parent_id, &from, &to, &record.service_point, &now_ms],
                )
                .await?;
                summary.updated += 1;
                *id
            }
            PlannedChange::Unchanged { id, .. } => {
                summary.unchanged += 1;
                *id
            }
        };
        if record.service_point && super::tokens::ensure(&tx, id, key, now).await? {
            summary.tokens_created += 1;
        }
        ids.insert(&record.code, id);
    }
    tx.commit().await?;
    Ok(summary)
}

async fn parent_in_registry(tx: &impl GenericClient, code: &UnitCode, child: &UnitRecord) -> Result<i64> {
    let found = match child.validity.from {
        Some(day) => {
            tx.query_opt(
                "SELECT id FROM units WHERE code = $1
                   AND (valid_from IS NULL OR valid_from <= $2) AND (valid_to IS NULL OR $2 <= valid_to)
                 ORDER BY id LIMIT 1",
                &[&code.as_str(), &day.to_string()],
            )
            .await?
        }
        None => tx.query_opt("SELECT id FROM units WHERE code = $1 ORDER BY id LIMIT 1", &[&code.as_str()]).await?,
    };
    found
        .map(|r| r.get(0))
        .ok_or_else(|| StoreError::Conflict(format!("parent unit {code} disappeared during the import")))
}

pub(crate) async fn all(client: &impl GenericClient) -> Result<Vec<Unit>> {
    let found = client.query(&format!("SELECT {UNIT_COLUMNS} FROM units u ORDER BY u.id"), &[]).await?;
    found.iter().map(rows::unit).collect()
}

pub(crate) async fn by_id(client: &impl GenericClient, id: i64) -> Result<Option<Unit>> {
    let sql = format!("SELECT {UNIT_COLUMNS} FROM units u WHERE u.id = $1");
    let stmt = client.prepare_cached(&sql).await?;
    client.query_opt(&stmt, &[&id]).await?.as_ref().map(rows::unit).transpose()
}

pub(crate) async fn by_code(client: &impl GenericClient, code: &UnitCode, day: Date) -> Result<Option<Unit>> {
    let sql = format!(
        "SELECT {UNIT_COLUMNS} FROM units u WHERE u.code = $1
           AND (u.valid_from IS NULL OR u.valid_from <= $2) AND (u.valid_to IS NULL OR $2 <= u.valid_to)"
    );
    let stmt = client.prepare_cached(&sql).await?;
    client.query_opt(&stmt, &[&code.as_str(), &day.to_string()]).await?.as_ref().map(rows::unit).transpose()
}

pub(crate) async fn service_points_under(client: &impl GenericClient, root: i64, day: Date) -> Result<Vec<Unit>> {
    let sql = format!(
        "WITH RECURSIVE subtree(id) AS (
             SELECT $1::BIGINT UNION ALL SELECT u.id FROM units u JOIN subtree s ON u.parent_id = s.id
         )
         SELECT {UNIT_COLUMNS} FROM units u JOIN subtree s ON u.id = s.id
         WHERE u.service_point
           AND (u.valid_from IS NULL OR u.valid_from <= $2) AND (u.valid_to IS NULL OR $2 <= u.valid_to)
         ORDER BY u.code"
    );
    let found = client.query(&sql, &[&root, &day.to_string()]).await?;
    found.iter().map(rows::unit).collect()
}

/// Ancestors of a unit, nearest first.
pub(crate) async fn ancestors(client: &impl GenericClient, unit: &Unit) -> Result<Vec<Unit>> {
    let mut chain: Vec<Unit> = Vec::new();
    let mut next = unit.parent_id;
    while let Some(id) = next {
        let parent = by_id(client, id).await?.ok_or_else(|| StoreError::Corrupt(format!("unit {id} is missing")))?;
        if chain.len() > 16 || chain.iter().any(|u| u.id == parent.id) {
            return Err(StoreError::Corrupt(format!("the parents of unit {} loop", unit.code)));
        }
        next = parent.parent_id;
        chain.push(parent);
    }
    Ok(chain)
}
