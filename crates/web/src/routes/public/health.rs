//! `/healthz`: 200 when the database answers, 503 when it does not. For load balancers.

use axum::extract::State;
use axum::http::StatusCode;

use crate::state::AppState;

pub async fn check(State(state): State<AppState>) -> (StatusCode, &'static str) {
    match state.app.store().ping().await {
        Ok(()) => (StatusCode::OK, "ok\n"),
        Err(e) => {
            tracing::error!(error = %e, "health check: the database does not answer");
            (StatusCode::SERVICE_UNAVAILABLE, "database unavailable\n")
        }
    }
}
