//! The unit registry.

use std::collections::HashMap;

use deadpool_sqlite::rusqlite::{Connection, OptionalExtension, Transaction, params};
use domain::signing::SigningKey;
use domain::units::import::{ExistingUnit, ImportPlan, PlannedChange, UnitRecord};
use domain::units::{Unit, UnitCode};
use jiff::Timestamp;
use jiff::civil::Date;

use super::rows::{self, UNIT_COLUMNS, date_text};
use crate::{ImportSummary, Result, StoreError};

/// Every unit, as import needs to compare against it.
pub(crate) fn existing(conn: &Connection) -> Result<Vec<ExistingUnit>> {
    let sql =
        format!("SELECT {UNIT_COLUMNS}, p.code FROM units u LEFT JOIN units p ON p.id = u.parent_id ORDER BY u.id");
    let mut stmt = conn.prepare(&sql)?;
    let units = stmt.query_map([], |r| {
        let unit = rows::unit(r)?;
        let parent_code: Option<String> = r.get(8)?;
        Ok(ExistingUnit {
            id: unit.id,
            code: unit.code,
            name: unit.name,
            kind: unit.kind,
            parent_code: parent_code.and_then(|c| UnitCode::parse(&c).ok()),
            validity: unit.validity,
            service_point: unit.service_point,
        })
    })?;
    Ok(units.collect::<Result<_, _>>()?)
}

pub(crate) fn apply_import(
    tx: &Transaction<'_>,
    plan: &ImportPlan,
    key: &SigningKey,
    now: Timestamp,
) -> Result<ImportSummary> {
    let now_ms = now.as_millisecond();
    let mut summary = ImportSummary::default();
    let mut ids: HashMap<&UnitCode, i64> = HashMap::new();
    for change in &plan.changes {
        let record = change.record();
        let parent_id = match &record.parent_code {
            None => None,
            Some(code) => match ids.get(code) {
                Some(id) => Some(*id),
                None => Some(parent_in_registry(tx, code, record)?),
            },
        };
        let id = match change {
            PlannedChange::Insert(record) => {
                tx.execute(
                    "INSERT INTO units (code, name, kind, parent_id, valid_from, valid_to, service_point, created_at, updated_at)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?8)",
                    params![
                        record.code.as_str(),
                        record.name,
                        record.kind.as_str(),
                        parent_id,
                        date_text(record.validity.from),
                        date_text(record.validity.to),
                        record.service_point,
                        now_ms
                    ],
                )
                .map_err(|e| match e {
                    e if is_unique_violation(&e) => {
                        StoreError::Conflict(format!("unit {} was added by someone else meanwhile", record.code))
                    }
                    e => e.into(),
                })?;
                summary.inserted += 1;
                tx.last_insert_rowid()
            }
            PlannedChange::Update { id, record } => {
                tx.execute(
                    "UPDATE units SET name = ?2, kind = ?3, parent_id = ?4, valid_from = ?5, valid_to = ?6,
                            service_point = ?7, updated_at = ?8
                     WHERE id = ?1",
                    params![
                        id,
                        record.name,
                        record.kind.as_str(),
                        parent_id,
                        date_text(record.validity.from),
                        date_text(record.validity.to),
                        record.service_point,
                        now_ms
                    ],
                )?;
                summary.updated += 1;
                *id
            }
            PlannedChange::Unchanged { id, .. } => {
                summary.unchanged += 1;
                *id
            }
        };
        if record.service_point && super::tokens::ensure(tx, id, key, now)? {
            summary.tokens_created += 1;
        }
        ids.insert(&record.code, id);
    }
    Ok(summary)
}

fn parent_in_registry(tx: &Transaction<'_>, code: &UnitCode, child: &UnitRecord) -> Result<i64> {
    let found: Option<i64> = match child.validity.from {
        Some(day) => tx
            .query_row(
                "SELECT id FROM units WHERE code = ?1
                   AND (valid_from IS NULL OR valid_from <= ?2) AND (valid_to IS NULL OR ?2 <= valid_to)
                 ORDER BY id LIMIT 1",
                params![code.as_str(), day.to_string()],
                |r| r.get(0),
            )
            .optional()?,
        None => tx
            .query_row("SELECT id FROM units WHERE code = ?1 ORDER BY id LIMIT 1", [code.as_str()], |r| r.get(0))
            .optional()?,
    };
    found.ok_or_else(|| StoreError::Conflict(format!("parent unit {code} disappeared during the import")))
}

pub(crate) fn is_unique_violation(e: &deadpool_sqlite::rusqlite::Error) -> bool {
    matches!(
        e,
        deadpool_sqlite::rusqlite::Error::SqliteFailure(f, _)
            if f.extended_code == deadpool_sqlite::rusqlite::ffi::SQLITE_CONSTRAINT_UNIQUE
                || f.extended_code == deadpool_sqlite::rusqlite::ffi::SQLITE_CONSTRAINT_PRIMARYKEY
    )
}

pub(crate) fn all(conn: &Connection) -> Result<Vec<Unit>> {
    let mut stmt = conn.prepare(&format!("SELECT {UNIT_COLUMNS} FROM units u ORDER BY u.id"))?;
    let units = stmt.query_map([], rows::unit)?;
    Ok(units.collect::<Result<_, _>>()?)
}

pub(crate) fn by_id(conn: &Connection, id: i64) -> Result<Option<Unit>> {
    let sql = format!("SELECT {UNIT_COLUMNS} FROM units u WHERE u.id = ?1");
    Ok(conn.prepare_cached(&sql)?.query_row([id], rows::unit).optional()?)
}

pub(crate) fn by_code(conn: &Connection, code: &UnitCode, day: Date) -> Result<Option<Unit>> {
    let sql = format!(
        "SELECT {UNIT_COLUMNS} FROM units u WHERE u.code = ?1
           AND (u.valid_from IS NULL OR u.valid_from <= ?2) AND (u.valid_to IS NULL OR ?2 <= u.valid_to)"
    );
    Ok(conn.prepare_cached(&sql)?.query_row(params![code.as_str(), day.to_string()], rows::unit).optional()?)
}

pub(crate) fn service_points_under(conn: &Connection, root: i64, day: Date) -> Result<Vec<Unit>> {
    let sql = format!(
        "WITH RECURSIVE subtree(id) AS (
             SELECT ?1 UNION ALL SELECT u.id FROM units u JOIN subtree s ON u.parent_id = s.id
         )
         SELECT {UNIT_COLUMNS} FROM units u JOIN subtree s ON u.id = s.id
         WHERE u.service_point = 1
           AND (u.valid_from IS NULL OR u.valid_from <= ?2) AND (u.valid_to IS NULL OR ?2 <= u.valid_to)
         ORDER BY u.code"
    );
    let mut stmt = conn.prepare(&sql)?;
    let units = stmt.query_map(params![root, day.to_string()], rows::unit)?;
    Ok(units.collect::<Result<_, _>>()?)
}

/// Ancestors of a unit, nearest first.
pub(crate) fn ancestors(conn: &Connection, unit: &Unit) -> Result<Vec<Unit>> {
    let mut chain = Vec::new();
    let mut next = unit.parent_id;
    while let Some(id) = next {
        let parent = by_id(conn, id)?.ok_or_else(|| StoreError::Corrupt(format!("unit {id} is missing")))?;
        if chain.len() > 16 || chain.iter().any(|u: &Unit| u.id == parent.id) {
            return Err(StoreError::Corrupt(format!("the parents of unit {} loop", unit.code)));
        }
        next = parent.parent_id;
        chain.push(parent);
    }
    Ok(chain)
}
