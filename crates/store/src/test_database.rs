//! Databases for tests (feature `test-support`): a fresh SQLite file in a temporary folder, or
//! a fresh schema in the PostgreSQL database named by `HAILONG_TEST_DATABASE_URL`. Either is
//! removed when the value is dropped.

use std::str::FromStr;

use domain::signing::random_bytes;

use crate::{DatabaseUrl, Store, StoreOptions};

/// The environment variable naming the PostgreSQL database tests may create schemas in.
pub const ENV: &str = "HAILONG_TEST_DATABASE_URL";

#[derive(Debug)]
pub struct TestDatabase {
    url: DatabaseUrl,
    cleanup: Cleanup,
}

#[derive(Debug)]
enum Cleanup {
    Folder(#[allow(dead_code)] tempfile::TempDir),
    Schema { server: String, schema: String },
}

impl TestDatabase {
    /// PostgreSQL if `HAILONG_TEST_DATABASE_URL` is set, SQLite otherwise.
    pub async fn from_env() -> TestDatabase {
        match std::env::var(ENV) {
            Ok(url) if !url.trim().is_empty() => TestDatabase::postgres(&url).await,
            _ => TestDatabase::sqlite(),
        }
    }

    /// Every backend this run can test: SQLite always, PostgreSQL when configured.
    pub async fn every_backend() -> Vec<TestDatabase> {
        let mut all = vec![TestDatabase::sqlite()];
        if let Ok(url) = std::env::var(ENV)
            && !url.trim().is_empty()
        {
            all.push(TestDatabase::postgres(&url).await);
        }
        all
    }

    pub fn sqlite() -> TestDatabase {
        let dir = tempfile::tempdir().expect("a temporary folder");
        let url = DatabaseUrl::sqlite(dir.path().join("test.sqlite3"));
        TestDatabase { url, cleanup: Cleanup::Folder(dir) }
    }

    /// A new schema in the database at `server`; connections to it see only that schema.
    pub async fn postgres(server: &str) -> TestDatabase {
        let schema = format!("hl_test_{}", data_encoding::HEXLOWER.encode(&random_bytes::<6>()));
        let (client, connection) = tokio_postgres::connect(server, tokio_postgres::NoTls)
            .await
            .unwrap_or_else(|e| panic!("{ENV} is set but PostgreSQL does not answer at {server}: {e}"));
        tokio::spawn(connection);
        client.batch_execute(&format!("CREATE SCHEMA {schema}")).await.expect("the test schema is created");
        let separator = if server.contains('?') { '&' } else { '?' };
        let url = format!("{server}{separator}options=-c%20search_path%3D{schema}");
        TestDatabase { url: DatabaseUrl::Postgres(url), cleanup: Cleanup::Schema { server: server.to_owned(), schema } }
    }

    pub fn url(&self) -> &DatabaseUrl {
        &self.url
    }

    pub fn backend(&self) -> &'static str {
        match self.url {
            DatabaseUrl::Sqlite(_) => "sqlite",
            DatabaseUrl::Postgres(_) => "postgres",
        }
    }

    /// How many rows PostgreSQL's planner believes `table` holds (`pg_class.reltuples`, −1 until
    /// the table is first analysed); `None` on SQLite, which keeps no such figure.
    pub async fn planner_rows(&self, table: &str) -> Option<f32> {
        let (client, schema) = self.schema_client().await?;
        let row = client
            .query_one(
                "SELECT c.reltuples FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                 WHERE n.nspname = $1 AND c.relname = $2",
                &[&schema, &table],
            )
            .await
            .expect("the table is in the test schema");
        Some(row.get(0))
    }

    /// A connection to the PostgreSQL server of this database, with its schema's name.
    async fn schema_client(&self) -> Option<(tokio_postgres::Client, &str)> {
        let Cleanup::Schema { server, schema } = &self.cleanup else { return None };
        let (client, connection) =
            tokio_postgres::connect(server, tokio_postgres::NoTls).await.expect("PostgreSQL answers");
        tokio::spawn(connection);
        Some((client, schema))
    }

    /// Runs `sql` (one statement or several) on the database directly, beside the store: for a
    /// test that must put rows in a state the store itself never leaves them in.
    pub async fn execute_raw(&self, sql: &str) {
        match &self.url {
            DatabaseUrl::Sqlite(path) => {
                let conn = rusqlite::Connection::open(path).expect("the test database opens");
                conn.busy_timeout(std::time::Duration::from_secs(5)).expect("a busy timeout");
                conn.execute_batch(sql).unwrap_or_else(|e| panic!("{sql}: {e}"));
            }
            DatabaseUrl::Postgres(url) => {
                let (client, connection) =
                    tokio_postgres::connect(url, tokio_postgres::NoTls).await.expect("PostgreSQL answers");
                tokio::spawn(connection);
                client.batch_execute(sql).await.unwrap_or_else(|e| panic!("{sql}: {e}"));
            }
        }
    }

    pub async fn open(&self) -> Store {
        Store::open(&self.url, &StoreOptions::default()).await.expect("the test database opens")
    }
}

impl Drop for TestDatabase {
    fn drop(&mut self) {
        let Cleanup::Schema { server, schema } = &self.cleanup else { return };
        let (server, schema) = (server.clone(), schema.clone());
        // Drop runs inside or outside a runtime; a thread with its own runtime works in both.
        let dropped = std::thread::spawn(move || {
            let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().ok()?;
            runtime.block_on(async {
                let config = tokio_postgres::Config::from_str(&server).ok()?;
                let (client, connection) = config.connect(tokio_postgres::NoTls).await.ok()?;
                tokio::spawn(connection);
                client.batch_execute(&format!("DROP SCHEMA IF EXISTS {schema} CASCADE")).await.ok()
            })
        })
        .join();
        if !matches!(dropped, Ok(Some(()))) {
            eprintln!("warning: could not drop the test schema");
        }
    }
}
