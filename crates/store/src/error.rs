//! The store's one error type. Callers match on `NotFound` and `Conflict`; everything else is
//! an internal failure to be logged once and shown as a generic message.

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("not found")]
    NotFound,
    /// A uniqueness rule refused the write (e.g. a campaign code already in use).
    #[error("conflict: {0}")]
    Conflict(String),
    /// An instrument version that has responses may not change.
    #[error("instrument {code}@{version} already has responses and cannot change")]
    Frozen { code: String, version: u32 },
    #[error("the database URL is not supported: {0}")]
    BadUrl(String),
    #[error("migration failed: {0}")]
    Migration(String),
    /// The writer has stopped (the server is shutting down).
    #[error("the database is closed")]
    Closed,
    #[error("stored data is inconsistent: {0}")]
    Corrupt(String),
    #[error("database connection pool: {0}")]
    Pool(String),
    #[error("{0}")]
    Unsupported(String),
    #[error("input/output: {0}")]
    Io(String),
    #[error(transparent)]
    Sqlite(#[from] rusqlite::Error),
    #[error(transparent)]
    Postgres(#[from] tokio_postgres::Error),
}

impl StoreError {
    /// Whether the failure is a uniqueness conflict the user can fix by choosing another value.
    pub fn is_conflict(&self) -> bool {
        matches!(self, StoreError::Conflict(_))
    }
}
