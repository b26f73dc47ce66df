//! Every route, grouped by audience. Folders mirror URLs.

mod admin;
mod api;
mod kiosk;

pub use admin::STAFF_PATHS;
mod public;

use axum::Router;
use axum::http::header::{CACHE_CONTROL, CONTENT_TYPE};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use domain::text::Lang;

use crate::assets;
use crate::error::PublicError;
use crate::extract::Path;
use crate::state::AppState;

pub fn router() -> Router<AppState> {
    Router::new()
        .merge(public::router())
        .merge(admin::router())
        .merge(kiosk::router())
        .merge(api::router())
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

#[cfg(test)]
mod tests {
    /// A route added to a router but not to `STAFF_PATHS` would escape the access matrix.
    #[test]
    fn every_staff_route_is_listed() {
        let sources = [include_str!("admin/mod.rs"), include_str!("api/mod.rs")];
        let registered: Vec<&str> = sources
            .iter()
            .flat_map(|source| source.split(".route(").skip(1))
            .filter_map(|rest| rest.trim_start().strip_prefix('"')?.split('"').next())
            .filter(|path| {
                (path.starts_with("/admin") || path.starts_with("/account") || path.starts_with("/api/v"))
                    && *path != "/api/openapi.json"
            })
            .collect();
        assert!(registered.len() >= 10, "the routers' routes were found");
        for path in &registered {
            assert!(super::STAFF_PATHS.contains(path), "{path} is missing from STAFF_PATHS");
        }
        assert_eq!(registered.len(), super::STAFF_PATHS.len(), "STAFF_PATHS lists a route no router has");
    }
}
