//! Pages anyone may open: the home page, health, and the citizen survey under `/q/{token}`.

mod health;
mod home;
mod survey;

use axum::Router;
use axum::routing::get;

use crate::state::AppState;

pub fn router() -> Router<AppState> {
    Router::new().route("/", get(home::show)).route("/healthz", get(health::check)).merge(survey::router())
}
