//! Moving a whole database between backends (`hailong db copy`): every table streams from the
//! source in chunks into one transaction on the target, which must be empty; then each table
//! is counted on both sides.

use tokio::sync::mpsc;

use crate::tables::{Chunk, TABLES};
use crate::{Backend, Result, Store, StoreError, postgres, sqlite};

/// Rows of one table on the source and on the target after a copy.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TableCount {
    pub table: &'static str,
    pub source: i64,
    pub target: i64,
}

pub(crate) async fn run(source: &Store, target: &Store) -> Result<Vec<TableCount>> {
    let before = counts(target).await?;
    if let Some((table, n)) = before.iter().find(|(_, n)| *n > 0) {
        return Err(StoreError::Conflict(format!(
            "the target database is not empty ({table} has {n} rows); copy into a new, migrated database"
        )));
    }
    // A bounded queue: the reader waits while the writer is behind, so memory stays small.
    let (sender, receiver) = mpsc::channel::<Chunk>(4);
    let read = async {
        let result = match &*source.backend {
            Backend::Sqlite(db) => {
                let sender = sender.clone();
                db.read(move |c| sqlite::copy::read_all(c, &sender)).await
            }
            Backend::Postgres(db) => postgres::copy::read_all(&db.client().await?, &sender).await,
        };
        drop(sender);
        result
    };
    let write = async {
        match &*target.backend {
            Backend::Sqlite(db) => db.write(move |tx| sqlite::copy::write_all(tx, receiver)).await,
            Backend::Postgres(db) => postgres::copy::write_all(db, receiver).await,
        }
    };
    let (read, write) = tokio::join!(read, write);
    read?;
    write?;

    let source_counts = counts(source).await?;
    let target_counts = counts(target).await?;
    let report: Vec<TableCount> = source_counts
        .into_iter()
        .zip(target_counts)
        .map(|((table, source), (_, target))| TableCount { table, source, target })
        .collect();
    if let Some(bad) = report.iter().find(|c| c.source != c.target) {
        return Err(StoreError::Corrupt(format!(
            "after the copy {} has {} rows on the source and {} on the target",
            bad.table, bad.source, bad.target
        )));
    }
    Ok(report)
}

/// Rows per table.
pub(crate) async fn counts(store: &Store) -> Result<Vec<(&'static str, i64)>> {
    let mut out = Vec::with_capacity(TABLES.len());
    for table in TABLES {
        let sql = format!("SELECT COUNT(*) FROM {}", table.name);
        let n = match &*store.backend {
            Backend::Sqlite(db) => db.read(move |c| Ok(c.query_row(&sql, [], |r| r.get(0))?)).await?,
            Backend::Postgres(db) => db.client().await?.query_one(&sql, &[]).await?.get(0),
        };
        out.push((table.name, n));
    }
    Ok(out)
}
