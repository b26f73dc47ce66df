//! POST `/kiosk/heartbeat`: the tablet is alive, with `queued` answers waiting on it. The reply
//! names the campaign running at its point now, so a tablet showing another one reloads.

use axum::body::{Body, to_bytes};
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use serde_json::json;

use super::{KioskCall, refusal, reply};
use crate::routes::admin::{field, form_fields};
use crate::state::AppState;

pub async fn beat(State(state): State<AppState>, KioskCall(device): KioskCall, body: Body) -> Response {
    let Ok(body) = to_bytes(body, state.app.config().max_body_bytes).await else {
        return refusal(StatusCode::PAYLOAD_TOO_LARGE, "dữ liệu gửi lên quá lớn");
    };
    let fields = form_fields(&body).unwrap_or_default();
    let queued = field(&fields, "queued").trim().parse::<i64>().unwrap_or(0);
    match state.app.kiosk_heartbeat(&device, queued).await {
        Ok(campaign) => reply(StatusCode::OK, json!({ "campaign": campaign })),
        Err(e) => {
            tracing::error!(error = %e, kiosk = device.kiosk.id, "a kiosk heartbeat failed");
            refusal(StatusCode::INTERNAL_SERVER_ERROR, "hệ thống đang gặp sự cố")
        }
    }
}
