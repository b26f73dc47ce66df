//! Reading every table out, and writing copied rows in, for `copy.rs`.

use deadpool_postgres::GenericClient;
use futures_util::{TryStreamExt, pin_mut};
use tokio::sync::mpsc;
use tokio_postgres::types::ToSql;

use super::Db;
use crate::tables::{CHUNK_ROWS, Chunk, Kind, TABLES, Value};
use crate::{Result, StoreError};

/// Streams every table, parents first, in chunks.
pub(crate) async fn read_all(client: &impl GenericClient, sink: &mpsc::Sender<Chunk>) -> Result<()> {
    for (index, table) in TABLES.iter().enumerate() {
        let sql = format!("SELECT {} FROM {}", table.column_list(), table.name);
        let stream = client.query_raw(&sql, std::iter::empty::<i64>()).await?;
        pin_mut!(stream);
        let mut chunk = Vec::with_capacity(CHUNK_ROWS);
        while let Some(row) = stream.try_next().await? {
            let mut values = Vec::with_capacity(table.columns.len());
            for (i, (_, kind)) in table.columns.iter().enumerate() {
                values.push(match kind {
                    Kind::Int => row.try_get::<_, Option<i64>>(i)?.map_or(Value::Null, Value::Int),
                    Kind::Bool => row.try_get::<_, Option<bool>>(i)?.map_or(Value::Null, Value::Bool),
                    Kind::Text => row.try_get::<_, Option<String>>(i)?.map_or(Value::Null, Value::Text),
                    Kind::Bytes => row.try_get::<_, Option<Vec<u8>>>(i)?.map_or(Value::Null, Value::Bytes),
                });
            }
            chunk.push(values);
            if chunk.len() == CHUNK_ROWS {
                send(sink, Chunk { table: index, rows: std::mem::take(&mut chunk) }).await?;
            }
        }
        if !chunk.is_empty() {
            send(sink, Chunk { table: index, rows: chunk }).await?;
        }
    }
    Ok(())
}

async fn send(sink: &mpsc::Sender<Chunk>, chunk: Chunk) -> Result<()> {
    sink.send(chunk).await.map_err(|_| StoreError::Io("the copy's writer stopped".into()))
}

/// Inserts every chunk it receives in one transaction, foreign keys checked at commit, then
/// moves each identity sequence past the copied ids and analyses the copied tables.
pub(crate) async fn write_all(db: &Db, mut chunks: mpsc::Receiver<Chunk>) -> Result<()> {
    let mut client = db.client().await?;
    let tx = client.transaction().await?;
    tx.batch_execute("SET CONSTRAINTS ALL DEFERRED").await?;
    while let Some(chunk) = chunks.recv().await {
        let table = &TABLES[chunk.table];
        let width = table.columns.len();
        let mut params: Vec<Box<dyn ToSql + Sync + Send>> = Vec::with_capacity(chunk.rows.len() * width);
        let mut tuples = Vec::with_capacity(chunk.rows.len());
        for (r, row) in chunk.rows.into_iter().enumerate() {
            let marks: Vec<String> = (1..=width).map(|c| format!("${}", r * width + c)).collect();
            tuples.push(format!("({})", marks.join(", ")));
            for (value, (_, kind)) in row.into_iter().zip(table.columns) {
                params.push(match (value, kind) {
                    (Value::Null, Kind::Int) => Box::new(None::<i64>),
                    (Value::Null, Kind::Bool) => Box::new(None::<bool>),
                    (Value::Null, Kind::Text) => Box::new(None::<String>),
                    (Value::Null, Kind::Bytes) => Box::new(None::<Vec<u8>>),
                    (Value::Int(i), _) => Box::new(i),
                    (Value::Bool(b), _) => Box::new(b),
                    (Value::Text(t), _) => Box::new(t),
                    (Value::Bytes(b), _) => Box::new(b),
                });
            }
        }
        let sql = format!("INSERT INTO {} ({}) VALUES {}", table.name, table.column_list(), tuples.join(", "));
        let refs: Vec<&(dyn ToSql + Sync)> = params.iter().map(|p| p.as_ref() as &(dyn ToSql + Sync)).collect();
        tx.execute(&sql, &refs).await?;
    }
    for table in TABLES {
        if let Some(column) = table.identity {
            let sql = format!(
                "SELECT setval(pg_get_serial_sequence('{0}', '{1}'), GREATEST((SELECT MAX({1}) FROM {0}), 1))",
                table.name, column
            );
            tx.execute(&sql, &[]).await?;
        }
    }
    tx.commit().await?;
    drop(client);
    // A copy is a bulk load: without statistics the planner would treat it as empty. The rows
    // are committed by now, so a failure here is a warning (autovacuum will come), not a failed
    // copy that could not be run again.
    if let Err(e) = db.vacuum_analyze().await {
        tracing::warn!(error = %e, "the copy is complete, but its tables could not be vacuumed: run VACUUM ANALYZE");
    }
    Ok(())
}
