//! The citizen's survey: `/q/{token}` shows the form and takes the answers,
//! `/q/{token}/cam-on` thanks, `/q/{token}/qr.svg|png` is the point's QR code.

mod qr;
mod show;
mod submit;
mod thanks;

use axum::Router;
use axum::routing::get;
use serde::Deserialize;

use crate::state::AppState;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/q/{token}", get(show::form).post(submit::answers))
        .route("/q/{token}/cam-on", get(thanks::page))
        .route("/q/{token}/qr.svg", get(qr::svg))
        .route("/q/{token}/qr.png", get(qr::png))
}

/// `?lang=en`.
#[derive(Debug, Deserialize, Default)]
pub struct LangQuery {
    pub lang: Option<String>,
}
