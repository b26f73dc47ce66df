//! Database URLs: `sqlite://path/to/file.sqlite3` (relative), `sqlite:///abs/path`, and
//! `postgres://user:password@host:port/db` (shown with the password hidden).

use std::fmt;
use std::path::PathBuf;

use crate::StoreError;

#[derive(Clone, PartialEq, Eq)]
pub enum DatabaseUrl {
    Sqlite(PathBuf),
    /// Kept whole: tokio-postgres parses it (host, port, user, database, `options`, …).
    Postgres(String),
}

impl DatabaseUrl {
    pub fn parse(raw: &str) -> Result<DatabaseUrl, StoreError> {
        let raw = raw.trim();
        if let Some(path) = raw.strip_prefix("sqlite://").or_else(|| raw.strip_prefix("sqlite:")) {
            let path = path.split('?').next().unwrap_or_default();
            if path.is_empty() || path == ":memory:" {
                return Err(StoreError::BadUrl(
                    "sqlite needs a file path (sqlite://hailong.sqlite3); an in-memory database cannot be shared by the writer and readers".into(),
                ));
            }
            return Ok(DatabaseUrl::Sqlite(PathBuf::from(path)));
        }
        if raw.starts_with("postgres://") || raw.starts_with("postgresql://") {
            return Ok(DatabaseUrl::Postgres(raw.to_owned()));
        }
        Err(StoreError::BadUrl(format!("\"{}\" — use sqlite://FILE or postgres://USER@HOST/DB", redact(raw))))
    }

    pub fn sqlite(path: impl Into<PathBuf>) -> DatabaseUrl {
        DatabaseUrl::Sqlite(path.into())
    }

    /// The URL with its password, for configuration only: never log it (`Display` hides it).
    pub fn to_config_string(&self) -> String {
        match self {
            DatabaseUrl::Sqlite(path) => format!("sqlite://{}", path.display()),
            DatabaseUrl::Postgres(url) => url.clone(),
        }
    }
}

/// A database URL without its password, for logs and messages.
pub fn redact(raw: &str) -> String {
    match (raw.find("://"), raw.rfind('@')) {
        (Some(scheme), Some(at)) if at > scheme => {
            let creds = &raw[scheme + 3..at];
            match creds.split_once(':') {
                Some((user, _)) => format!("{}://{user}:***{}", &raw[..scheme], &raw[at..]),
                None => raw.to_owned(),
            }
        }
        _ => raw.to_owned(),
    }
}

impl fmt::Debug for DatabaseUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self, f)
    }
}

impl fmt::Display for DatabaseUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DatabaseUrl::Sqlite(path) => write!(f, "sqlite://{}", path.display()),
            DatabaseUrl::Postgres(url) => f.write_str(&redact(url)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_sqlite_paths() {
        assert_eq!(DatabaseUrl::parse("sqlite://data/h.sqlite3").unwrap(), DatabaseUrl::sqlite("data/h.sqlite3"));
        assert_eq!(DatabaseUrl::parse("sqlite:///var/lib/h.db").unwrap(), DatabaseUrl::sqlite("/var/lib/h.db"));
        assert!(DatabaseUrl::parse("sqlite::memory:").is_err());
        assert!(matches!(DatabaseUrl::parse("postgres://h@db/x").unwrap(), DatabaseUrl::Postgres(_)));
        assert!(DatabaseUrl::parse("mysql://x").is_err());
    }

    #[test]
    fn passwords_never_reach_messages() {
        let err = DatabaseUrl::parse("mysql://user:secret@db/x").unwrap_err().to_string();
        assert!(!err.contains("secret"), "{err}");
        let url = DatabaseUrl::parse("postgres://hailong:secret@db:5432/hailong").unwrap();
        assert_eq!(url.to_string(), "postgres://hailong:***@db:5432/hailong");
    }
}
