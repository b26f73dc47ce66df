//! GET `/lang?to=en&next=/admin/…`: switches the staff pages' language and goes back.

use axum::extract::State;
use axum::http::header::SET_COOKIE;
use axum::response::{AppendHeaders, IntoResponse, Redirect, Response};
use domain::text::Lang;
use serde::Deserialize;

use crate::cookies;
use crate::extract::Query;
use crate::session::safe_next;
use crate::state::AppState;

#[derive(Debug, Deserialize)]
pub struct Switch {
    to: Option<String>,
    next: Option<String>,
}

pub async fn switch(State(state): State<AppState>, Query(query): Query<Switch>) -> Response {
    let lang = Lang::from_code_or_default(query.to.as_deref());
    let cookie =
        cookies::set(cookies::LANG, lang.code(), 365 * 24 * 3600, state.app.config().cookies_are_secure(), "Lax");
    let next = safe_next(query.next.as_deref().unwrap_or("/"));
    (AppendHeaders([(SET_COOKIE, cookie)]), Redirect::to(next)).into_response()
}
