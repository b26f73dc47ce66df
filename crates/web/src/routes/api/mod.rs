//! The JSON API: the same results as the pages, for other systems (a provincial dashboard, a
//! spreadsheet refresh). Signed in with the same session and checked through the same staff
//! door, so scope and roles hold exactly as on the pages. Described in `/api/openapi.json`.

mod breakdown;
mod results;

use axum::Router;
use axum::http::header::CONTENT_TYPE;
use axum::response::IntoResponse;
use axum::routing::get;

use crate::state::AppState;

/// The OpenAPI description of every API route.
pub const OPENAPI: &str = include_str!("../../../static/openapi.json");

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/api/openapi.json", get(|| async { ([(CONTENT_TYPE, "application/json")], OPENAPI).into_response() }))
        .route("/api/v1/campaigns/{code}/results", get(results::campaign))
        .route("/api/v1/campaigns/{code}/breakdown", get(breakdown::campaign))
}
