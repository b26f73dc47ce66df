//! GET `/q/{token}/qr.svg` and `/q/{token}/qr.png`: the QR code of a service point, encoding
//! the survey's full address.

use axum::extract::State;
use axum::http::HeaderMap;
use axum::http::header::{CACHE_CONTROL, CONTENT_TYPE};
use axum::response::{IntoResponse, Response};
use documents::qr::Qr;
use domain::text::Lang;

use crate::error::PublicError;
use crate::extract::Path;
use crate::links::form_url;
use crate::state::AppState;

pub async fn svg(state: State<AppState>, token: Path<String>, headers: HeaderMap) -> Response {
    code(state, token, headers, |qr| ("image/svg+xml", qr.to_svg().into_bytes())).await
}

pub async fn png(state: State<AppState>, token: Path<String>, headers: HeaderMap) -> Response {
    code(state, token, headers, |qr| ("image/png", qr.to_png(10))).await
}

async fn code(
    State(state): State<AppState>,
    Path(token): Path<String>,
    headers: HeaderMap,
    draw: impl FnOnce(&Qr) -> (&'static str, Vec<u8>),
) -> Response {
    if let Err(e) = state.app.point_of_token(&token).await {
        return PublicError::from_survey(e, Lang::Vi).into_response();
    }
    let url = form_url(&state, &headers, &token.to_ascii_lowercase());
    match Qr::encode(&url) {
        Ok(qr) => {
            let (content_type, body) = draw(&qr);
            ([(CONTENT_TYPE, content_type), (CACHE_CONTROL, "public, max-age=300")], body).into_response()
        }
        Err(_) => PublicError::Internal.into_response(),
    }
}
