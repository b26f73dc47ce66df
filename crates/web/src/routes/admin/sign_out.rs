//! POST `/logout`: ends the session (CSRF-checked, so another site cannot sign staff out).

use axum::body::{Body, to_bytes};
use axum::extract::State;
use axum::http::HeaderMap;
use axum::http::header::SET_COOKIE;
use axum::response::{AppendHeaders, IntoResponse, Redirect, Response};

use super::{field, form_fields};
use crate::cookies;
use crate::error::StaffError;
use crate::session::{SignedIn, csrf_matches};
use crate::state::AppState;

pub async fn submit(State(state): State<AppState>, who: SignedIn, headers: HeaderMap, body: Body) -> Response {
    let body = to_bytes(body, state.app.config().max_body_bytes).await.unwrap_or_default();
    let fields = form_fields(&body).unwrap_or_default();
    if !csrf_matches(&who.user.csrf_token, field(&fields, "_csrf")) {
        return StaffError::ExpiredForm(who.lang).into_response();
    }
    if let Some(cookie) = cookies::get(&headers, cookies::SESSION)
        && let Err(e) = state.app.sign_out(cookie).await
    {
        return StaffError::from_app(e, who.lang).into_response();
    }
    let cleared = cookies::clear(cookies::SESSION, state.app.config().cookies_are_secure());
    (AppendHeaders([(SET_COOKIE, cleared)]), Redirect::to("/login")).into_response()
}
