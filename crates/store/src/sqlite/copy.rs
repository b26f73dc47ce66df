//! Reading every table out, and writing copied rows in, for `copy.rs`.

use deadpool_sqlite::rusqlite::types::Value as Sql;
use deadpool_sqlite::rusqlite::{Connection, Transaction, params_from_iter};
use tokio::sync::mpsc;

use crate::tables::{CHUNK_ROWS, Chunk, Kind, TABLES, Value};
use crate::{Result, StoreError};

/// Streams every table, parents first, in chunks. Runs on a blocking thread.
pub(crate) fn read_all(conn: &Connection, sink: &mpsc::Sender<Chunk>) -> Result<()> {
    for (index, table) in TABLES.iter().enumerate() {
        let mut stmt = conn.prepare(&format!("SELECT {} FROM {}", table.column_list(), table.name))?;
        let mut rows = stmt.query([])?;
        let mut chunk = Vec::with_capacity(CHUNK_ROWS);
        while let Some(row) = rows.next()? {
            let mut values = Vec::with_capacity(table.columns.len());
            for (i, (_, kind)) in table.columns.iter().enumerate() {
                values.push(match kind {
                    Kind::Int => row.get::<_, Option<i64>>(i)?.map_or(Value::Null, Value::Int),
                    Kind::Bool => row.get::<_, Option<i64>>(i)?.map_or(Value::Null, |v| Value::Bool(v != 0)),
                    Kind::Text => row.get::<_, Option<String>>(i)?.map_or(Value::Null, Value::Text),
                    Kind::Bytes => row.get::<_, Option<Vec<u8>>>(i)?.map_or(Value::Null, Value::Bytes),
                });
            }
            chunk.push(values);
            if chunk.len() == CHUNK_ROWS {
                send(sink, Chunk { table: index, rows: std::mem::take(&mut chunk) })?;
            }
        }
        if !chunk.is_empty() {
            send(sink, Chunk { table: index, rows: chunk })?;
        }
    }
    Ok(())
}

fn send(sink: &mpsc::Sender<Chunk>, chunk: Chunk) -> Result<()> {
    sink.blocking_send(chunk).map_err(|_| StoreError::Io("the copy's writer stopped".into()))
}

/// Inserts every chunk it receives, in the writer's transaction, with foreign keys checked at
/// commit (a unit may name a parent copied later).
pub(crate) fn write_all(tx: &Transaction<'_>, mut chunks: mpsc::Receiver<Chunk>) -> Result<()> {
    tx.execute_batch("PRAGMA defer_foreign_keys = ON")?;
    while let Some(chunk) = chunks.blocking_recv() {
        let table = &TABLES[chunk.table];
        let placeholders = vec!["?"; table.columns.len()].join(", ");
        let sql = format!("INSERT INTO {} ({}) VALUES ({placeholders})", table.name, table.column_list());
        let mut stmt = tx.prepare_cached(&sql)?;
        for row in chunk.rows {
            stmt.execute(params_from_iter(row.into_iter().map(|v| match v {
                Value::Null => Sql::Null,
                Value::Int(i) => Sql::Integer(i),
                Value::Bool(b) => Sql::Integer(i64::from(b)),
                Value::Text(t) => Sql::Text(t),
                Value::Bytes(b) => Sql::Blob(b),
            })))?;
        }
    }
    Ok(())
}
