//! The use cases of Hài Lòng. Web handlers, the CLI and background jobs call these and only
//! these: they take typed input, apply the domain rules, talk to the store and return typed
//! results. Nothing here knows about HTTP.

pub mod accounts;
pub mod anomalies;
pub mod breakdowns;
pub mod cache;
pub mod campaigns;
pub mod config;
pub mod demo;
mod error;
pub mod instruments;
pub mod integrity;
pub mod jobs;
pub mod kiosk;
pub mod points;
pub mod privacy;
pub mod results;
pub mod staff;
pub mod survey;
pub mod tables;
mod throttle;
pub mod units;

use std::sync::Arc;

use domain::signing::SigningKey;
use jiff::Timestamp;
use store::{DatabaseUrl, Store, StoreOptions};

pub use config::Config;
pub use error::AppError;
pub use store;

pub type Result<T, E = AppError> = std::result::Result<T, E>;

/// Where "now" comes from: the system clock in production, a fixed or moved one in tests.
#[derive(Clone)]
pub struct Clock(Arc<dyn Fn() -> Timestamp + Send + Sync>);

impl Clock {
    pub fn system() -> Clock {
        Clock(Arc::new(Timestamp::now))
    }

    pub fn new(f: impl Fn() -> Timestamp + Send + Sync + 'static) -> Clock {
        Clock(Arc::new(f))
    }

    pub fn now(&self) -> Timestamp {
        (self.0)()
    }
}

impl std::fmt::Debug for Clock {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Clock({})", self.now())
    }
}

/// The application: the store, the signing key, configuration and caches. Cheap to clone.
#[derive(Clone, Debug)]
pub struct App {
    inner: Arc<Inner>,
}

#[derive(Debug)]
struct Inner {
    store: Store,
    key: SigningKey,
    clock: Clock,
    config: Config,
    caches: cache::Caches,
}

impl App {
    /// Opens the database, applies migrations (if configured) and loads the instruments.
    pub async fn start(config: Config, clock: Clock) -> Result<App> {
        let url = DatabaseUrl::parse(&config.database_url)?;
        let options = StoreOptions { migrate: config.migrate_on_start, read_connections: config.read_connections };
        let store = Store::open(&url, &options).await?;
        let key = store.signing_key().await?;
        let app = App { inner: Arc::new(Inner { store, key, clock, config, caches: cache::Caches::default() }) };
        app.sync_instruments().await?;
        Ok(app)
    }

    pub fn store(&self) -> &Store {
        &self.inner.store
    }

    pub fn config(&self) -> &Config {
        &self.inner.config
    }

    pub fn now(&self) -> Timestamp {
        self.inner.clock.now()
    }

    pub fn today(&self) -> jiff::civil::Date {
        domain::time::local_day(self.now())
    }

    pub(crate) fn key(&self) -> &SigningKey {
        &self.inner.key
    }

    pub(crate) fn caches(&self) -> &cache::Caches {
        &self.inner.caches
    }

    /// Drops the short-lived lookups of QR tokens and campaigns, so that a change made
    /// elsewhere (another instance, a moved test clock) shows at once.
    pub fn forget_cached_lookups(&self) {
        self.inner.caches.clear();
    }

    /// Every unit ever recorded (ended ones too), trusted for a few seconds: staff scopes and
    /// unit pages are built from it on every request.
    pub async fn unit_tree(&self) -> Result<std::sync::Arc<Vec<domain::units::Unit>>> {
        if let Some(units) = self.caches().units.get(&()) {
            return Ok(units);
        }
        let units = std::sync::Arc::new(self.store().units().await?);
        self.caches().units.put((), units.clone());
        Ok(units)
    }

    /// Finishes queued writes and closes the database.
    pub async fn shutdown(&self) {
        self.inner.store.close().await;
    }
}
