//! The web front: citizens' survey pages under `/q/…`, staff pages under `/admin/…`, health
//! under `/healthz`. Handlers are thin: parse the request, call one use case of `app`, render.

mod assets;
mod campaign_report;
mod charts;
mod client;
mod cookies;
mod error;
mod extract;
mod gzip_hole;
mod headers;
pub mod i18n;
mod links;
mod metrics;
mod pages;
mod routes;
mod session;
mod state;
mod view;
mod workbooks;

use std::net::SocketAddr;

use app::App;
use axum::Router;
use axum::extract::DefaultBodyLimit;
use tower_http::trace::TraceLayer;

pub use gzip_hole::HoledPage;
pub use routes::STAFF_PATHS;
pub use state::AppState;

/// The whole application as a router, as the server and the tests use it.
pub fn router(app: App) -> Router {
    let state = AppState::new(app);
    let limit = state.app.config().max_body_bytes;
    routes::router()
        .layer(axum::middleware::from_fn_with_state(state.clone(), metrics::track))
        .layer(axum::middleware::from_fn(headers::security))
        .layer(DefaultBodyLimit::max(limit))
        .layer(TraceLayer::new_for_http())
        .with_state(state)
}

/// Serves `app` on `listener` until `shutdown` resolves and open requests are answered. The
/// caller then stops background work and closes the store (`App::shutdown`).
pub async fn serve(
    app: App,
    listener: tokio::net::TcpListener,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    let service = router(app).into_make_service_with_connect_info::<SocketAddr>();
    axum::serve(listener, service).with_graceful_shutdown(shutdown).await
}
