//! Staff pages: sign-in and sign-out, the language switch, campaigns and their results.

mod campaigns;
mod lang;
mod sign_in;
mod sign_out;

use axum::Router;
use axum::response::Redirect;
use axum::routing::{get, post};

use crate::state::AppState;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/login", get(sign_in::form).post(sign_in::submit))
        .route("/logout", post(sign_out::submit))
        .route("/lang", get(lang::switch))
        .route("/admin", get(|| async { Redirect::to("/admin/campaigns") }))
        .route("/admin/campaigns", get(campaigns::list::page))
        .route("/admin/campaigns/{code}", get(campaigns::results::page))
}

/// Reads a staff form body (UTF-8, URL-encoded) into its fields.
pub(crate) fn form_fields(body: &[u8]) -> Option<Vec<(String, String)>> {
    domain::answers::parse_urlencoded(body).ok()
}

pub(crate) fn field<'a>(fields: &'a [(String, String)], name: &str) -> &'a str {
    fields.iter().find(|(k, _)| k == name).map_or("", |(_, v)| v.as_str())
}
