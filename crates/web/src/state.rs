//! What every handler gets: the application and the web layer's own caches.

use std::sync::Arc;
use std::time::Duration;

use app::App;
use app::cache::Ttl;
use domain::text::Lang;

use crate::gzip_hole::HoledPage;
use crate::metrics::Metrics;

/// Cached form pages, keyed by QR token, campaign, instrument, language and whether the form
/// asks for a verification code. A page depends on nothing else, so a minute is safe; a new
/// campaign, instrument or setting makes a new key.
pub type PageKey = (String, i64, i64, Lang, bool);

/// Cloned for every request (by each layer and extractor that needs it), so it is one `Arc`.
#[derive(Clone, Debug)]
pub struct AppState(Arc<Shared>);

#[derive(Debug)]
pub struct Shared {
    pub app: App,
    pub pages: Ttl<PageKey, HoledPage>,
    pub metrics: Metrics,
}

impl AppState {
    pub fn new(app: App) -> Self {
        let metrics = Metrics::new(app.store().clone());
        AppState(Arc::new(Shared { app, pages: Ttl::new(Duration::from_secs(60)), metrics }))
    }
}

impl std::ops::Deref for AppState {
    type Target = Shared;

    fn deref(&self) -> &Shared {
        &self.0
    }
}
