//! Every route, grouped by audience. Folders mirror URLs.

mod admin;

pub use admin::STAFF_PATHS;
mod public;

use axum::Router;
use axum::extract::Path;
use axum::http::header::{CACHE_CONTROL, CONTENT_TYPE};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use domain::text::Lang;

use crate::assets;
use crate::error::PublicError;
use crate::state::AppState;

pub fn router() -> Router<AppState> {
    Router::new()
        .merge(public::router())
        .merge(admin::router())
        .route("/static/{file}", get(static_file))
        .route("/metrics", get(crate::metrics::scrape))
        .fallback(not_found)
}

async fn static_file(Path(file): Path<String>) -> Response {
    match assets::find(&format!("/static/{file}")) {
        Some(asset) => {
            ([(CONTENT_TYPE, asset.content_type), (CACHE_CONTROL, "public, max-age=31536000, immutable")], asset.body)
                .into_response()
        }
        None => PublicError::NotFound(Lang::Vi).into_response(),
    }
}

async fn not_found() -> Response {
    PublicError::NotFound(Lang::Vi).into_response()
}
