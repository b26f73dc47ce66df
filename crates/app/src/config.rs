//! Configuration: built-in defaults, then an optional `hailong.toml`, then `HAILONG_*`
//! environment variables (`HAILONG_DATABASE_URL`, `HAILONG_ADDR`, …), then command-line
//! flags. `hailong config print-default` prints the commented example below.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};
use std::path::{Path, PathBuf};

use figment::Figment;
use figment::providers::{Env, Format, Serialized, Toml};
use serde::{Deserialize, Serialize};

use crate::AppError;
use crate::integrity::IntegrityConfig;
use crate::privacy::PrivacyConfig;

/// The commented example, also the source of truth for the documented defaults.
pub const EXAMPLE: &str = include_str!("../hailong.example.toml");

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Config {
    /// `sqlite://FILE` (embedded, the default) or `postgres://USER@HOST/DB`.
    pub database_url: String,
    /// Address the server listens on.
    pub addr: SocketAddr,
    /// The address citizens reach, printed in QR codes (e.g. `https://khaosat.bacgiang.gov.vn`).
    /// Without it, links are built from the request's Host header.
    pub public_url: Option<String>,
    /// A folder of extra instrument files (`*.toml`) loaded besides the shipped ones.
    pub instruments_dir: Option<PathBuf>,
    /// Apply pending migrations on start. Turn off when several instances share a database
    /// and `hailong migrate` runs once per release.
    pub migrate_on_start: bool,
    /// Read connections (SQLite) or pool size (PostgreSQL).
    pub read_connections: usize,
    /// Hours a staff session lasts.
    pub session_hours: u32,
    /// Largest accepted request body, in bytes.
    pub max_body_bytes: usize,
    /// Mark cookies `Secure` (HTTPS only). On unless `public_url` is plain http.
    pub secure_cookies: Option<bool>,
    /// Run background jobs (session clean-up, long exports) in this instance. Every instance
    /// may: each job runs once whichever claims it.
    pub run_jobs: bool,
    /// Folder for files the server writes (exports run as jobs, under `exports/`). Default:
    /// beside the SQLite database, or `hailong-data` in the working folder with PostgreSQL.
    /// With several instances, a folder they all mount.
    pub data_dir: Option<PathBuf>,
    /// Raw-response exports of at most this many responses download at once; larger ones run
    /// as background jobs with a progress page.
    pub direct_export_limit: i64,
    /// Bearer token that Prometheus must send to read `/metrics`; without it `/metrics` is off.
    pub metrics_token: Option<String>,
    /// Log filter, e.g. `info` or `hailong=debug,info`.
    pub log: String,
    /// Reverse proxies whose `X-Forwarded-For` names the citizen's address (its last entry);
    /// requests from anywhere else count under their own address.
    pub trusted_proxies: Vec<IpAddr>,
    /// Limits and flags on citizens' submissions (docs/INTEGRITY.md).
    pub integrity: IntegrityConfig,
    /// How long contact details left for a reply are kept (docs/INTEGRITY.md, "Privacy").
    pub privacy: PrivacyConfig,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            database_url: "sqlite://hailong.sqlite3".into(),
            addr: SocketAddr::from(([127, 0, 0, 1], 8080)),
            public_url: None,
            instruments_dir: None,
            migrate_on_start: true,
            read_connections: 4,
            session_hours: 12,
            max_body_bytes: 64 * 1024,
            secure_cookies: None,
            run_jobs: true,
            data_dir: None,
            direct_export_limit: 100_000,
            metrics_token: None,
            log: "info".into(),
            trusted_proxies: vec![IpAddr::V4(Ipv4Addr::LOCALHOST), IpAddr::V6(Ipv6Addr::LOCALHOST)],
            integrity: IntegrityConfig::default(),
            privacy: PrivacyConfig::default(),
        }
    }
}

impl Config {
    /// Defaults ← `file` (if given, or `hailong.toml` if it exists) ← `HAILONG_*` variables.
    pub fn load(file: Option<&Path>) -> Result<Config, AppError> {
        let mut figment = Figment::from(Serialized::defaults(Config::default()));
        match file {
            Some(path) if !path.exists() => {
                return Err(AppError::Config(format!("không có tệp cấu hình {}", path.display())));
            }
            Some(path) => figment = figment.merge(Toml::file(path)),
            None if Path::new("hailong.toml").exists() => figment = figment.merge(Toml::file("hailong.toml")),
            None => {}
        }
        // Unknown HAILONG_* variables are errors (a typo must not be ignored), except the test
        // suite's own.
        // Nested keys take a double underscore: HAILONG_INTEGRITY__DEVICE__REFUSE_AFTER=10.
        figment = figment.merge(Env::prefixed("HAILONG_").ignore(&["TEST_DATABASE_URL"]).split("__"));
        let config: Config = figment.extract().map_err(|e| AppError::Config(e.to_string()))?;
        config.check()?;
        Ok(config)
    }

    pub fn check(&self) -> Result<(), AppError> {
        if let Some(url) = &self.public_url
            && !(url.starts_with("http://") || url.starts_with("https://"))
        {
            return Err(AppError::Config(format!("public_url \"{url}\" phải bắt đầu bằng http:// hoặc https://")));
        }
        if self.max_body_bytes < 1024 {
            return Err(AppError::Config("max_body_bytes phải từ 1024 trở lên".into()));
        }
        if self.metrics_token.as_deref().is_some_and(|t| t.len() < 16) {
            return Err(AppError::Config("metrics_token cần ít nhất 16 ký tự".into()));
        }
        if self.session_hours == 0 {
            return Err(AppError::Config("session_hours phải lớn hơn 0".into()));
        }
        self.integrity.check().map_err(AppError::Config)?;
        self.privacy.check().map_err(AppError::Config)?;
        Ok(())
    }

    /// Where exports and other written files go (see `data_dir`).
    pub fn data_folder(&self) -> PathBuf {
        if let Some(dir) = &self.data_dir {
            return dir.clone();
        }
        match self.database_url.strip_prefix("sqlite://").map(Path::new).and_then(Path::parent) {
            Some(parent) if !parent.as_os_str().is_empty() => parent.to_path_buf(),
            Some(_) => PathBuf::from("."),
            None => PathBuf::from("hailong-data"),
        }
    }

    /// `public_url` without a trailing slash.
    pub fn public_base(&self) -> Option<&str> {
        self.public_url.as_deref().map(|u| u.trim_end_matches('/'))
    }

    pub fn cookies_are_secure(&self) -> bool {
        self.secure_cookies.unwrap_or_else(|| !self.public_base().is_some_and(|u| u.starts_with("http://")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_example_parses_to_the_defaults() {
        let parsed: Config = toml::from_str(EXAMPLE).unwrap();
        assert_eq!(parsed, Config::default());
    }

    #[test]
    fn contacts_are_kept_for_some_days() {
        let mut config = Config::default();
        assert_eq!(config.privacy.contact_retention_days, 90);
        config.privacy.contact_retention_days = 0;
        assert!(config.check().is_err(), "a retention of 0 days is refused");
    }
}
