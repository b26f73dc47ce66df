//! The PostgreSQL backend, for deployments where several `hailong serve` instances share one
//! database. Same module and function names as `sqlite/`; SQL differs only where the dialects
//! do. Ingest batches concurrent submissions into one multi-row transaction (`writer.rs`).

pub(crate) mod accounts;
pub(crate) mod anomalies;
pub(crate) mod audit;
pub(crate) mod campaigns;
pub(crate) mod comments;
pub(crate) mod contacts;
pub(crate) mod copy;
pub(crate) mod exports;
pub(crate) mod field;
pub(crate) mod instruments;
pub(crate) mod integrity;
pub(crate) mod jobs;
pub(crate) mod kiosks;
pub(crate) mod lineage;
pub(crate) mod migrate;
pub(crate) mod paper;
pub(crate) mod recognition;
pub(crate) mod responses;
pub(crate) mod review;
mod rows;
pub(crate) mod settings;
pub(crate) mod sign_in_failures;
pub(crate) mod tallies;
pub(crate) mod tokens;
pub(crate) mod units;
pub(crate) mod verification;
mod writer;

use std::str::FromStr;

use deadpool_postgres::{Manager, ManagerConfig, Object, Pool, RecyclingMethod};
use tokio_postgres::NoTls;
use tokio_postgres::error::SqlState;

use crate::{IngestOutcome, NewResponse, Result, StoreError, StoreOptions};

#[derive(Debug)]
pub(crate) struct Db {
    pool: Pool,
    writer: writer::Writer,
}

impl Db {
    pub(crate) async fn open(url: &str, options: &StoreOptions) -> Result<Db> {
        let config = tokio_postgres::Config::from_str(url).map_err(|e| StoreError::BadUrl(e.to_string()))?;
        let manager = Manager::from_config(config, NoTls, ManagerConfig { recycling_method: RecyclingMethod::Fast });
        // One connection more than the readers for the ingest writer.
        let pool = Pool::builder(manager)
            .max_size(options.read_connections.max(2) + 1)
            .build()
            .map_err(|e| StoreError::Pool(e.to_string()))?;
        {
            let mut client = pool.get().await.map_err(|e| StoreError::Pool(e.to_string()))?;
            if options.migrate {
                migrate::run(&mut client).await?;
            } else {
                migrate::check_current(&client).await?;
            }
        }
        let writer = writer::Writer::start(pool.clone());
        Ok(Db { pool, writer })
    }

    /// A connection from the pool.
    pub(crate) async fn client(&self) -> Result<Object> {
        self.pool.get().await.map_err(|e| StoreError::Pool(e.to_string()))
    }

    /// Gathers the planner's statistics for every table of the schema in use that holds rows.
    /// Autovacuum does it too, but only some time after a bulk load, and until then PostgreSQL
    /// knows none of the columns' values: an export of a million answers sorted every
    /// remaining row for each page it read (docs/BENCHMARKS.md, "Export"). An empty table is
    /// left alone: analysed, it looks free to scan, and plans cached meanwhile (the writer's
    /// foreign-key checks on `responses`) scanned it whole long after it had grown; never
    /// analysed, it is assumed to hold ten pages.
    pub(crate) async fn vacuum_analyze(&self) -> Result<()> {
        let client = self.client().await?;
        let mut tables = Vec::new();
        let names = client
            .query(
                "SELECT format('%I.%I', schemaname, tablename) FROM pg_tables WHERE schemaname = current_schema()",
                &[],
            )
            .await?;
        for name in names {
            let table: String = name.get(0);
            let holds_rows: bool =
                client.query_one(&format!("SELECT EXISTS (SELECT 1 FROM {table})"), &[]).await?.get(0);
            if holds_rows {
                tables.push(table);
            }
        }
        // A bare VACUUM would take every table of the database, not only this schema's.
        if !tables.is_empty() {
            client.batch_execute(&format!("VACUUM (ANALYZE) {}", tables.join(", "))).await?;
        }
        Ok(())
    }

    pub(crate) fn pool(&self) -> &Pool {
        &self.pool
    }

    pub(crate) async fn close(&self) {
        self.writer.close().await;
        self.pool.close();
    }

    pub(crate) fn stats(&self) -> crate::StoreStats {
        let status = self.pool.status();
        crate::StoreStats {
            connections: status.size as u64,
            idle_connections: status.available as u64,
            ..self.writer.stats()
        }
    }

    pub(crate) async fn ingest(&self, response: NewResponse) -> Result<IngestOutcome> {
        self.writer.ingest(response).await
    }

    pub(crate) async fn ingest_many(&self, responses: Vec<NewResponse>) -> Result<Vec<IngestOutcome>> {
        self.writer.ingest_many(responses).await
    }
}

pub(crate) fn is_unique_violation(e: &tokio_postgres::Error) -> bool {
    e.code() == Some(&SqlState::UNIQUE_VIOLATION)
}
