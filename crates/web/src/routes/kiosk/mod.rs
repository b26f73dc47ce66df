//! The counter tablet: `/kiosk` shows the enrolment page or the point's form full screen,
//! `/kiosk/enrol` trades an enrolment code for the device cookie, and the tablet's script
//! posts queued answers to `/kiosk/answers` and its heartbeat to `/kiosk/heartbeat`.

mod answers;
mod enrol;
mod heartbeat;
mod show;

use app::kiosk::Device;
use axum::Json;
use axum::Router;
use axum::extract::FromRequestParts;
use axum::http::header::CACHE_CONTROL;
use axum::http::request::Parts;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use serde_json::json;

use crate::cookies;
use crate::state::AppState;

/// Where the device cookie is sent: the tablet's pages and calls, nothing else.
const COOKIE_PATH: &str = "/kiosk";
/// The device cookie lasts as long as browsers allow (400 days); every form page renews it.
const COOKIE_MAX_AGE: i64 = 400 * 24 * 3600;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/kiosk", get(show::page))
        .route("/kiosk/enrol", post(enrol::submit))
        .route("/kiosk/answers", post(answers::submit))
        .route("/kiosk/heartbeat", post(heartbeat::beat))
}

/// The `Set-Cookie` value carrying a device token.
fn device_cookie(state: &AppState, token: &str) -> String {
    let secure = state.app.config().cookies_are_secure();
    cookies::set_at(COOKIE_PATH, cookies::KIOSK, token, COOKIE_MAX_AGE, secure, "Strict")
}

/// The tablet behind a request, by its device cookie: `None` without one, or with one that no
/// enrolled kiosk holds (revoked, or never ours).
async fn device_of(state: &AppState, headers: &HeaderMap) -> Result<Option<Device>, app::AppError> {
    match cookies::get(headers, cookies::KIOSK).filter(|c| !c.is_empty()) {
        Some(token) => state.app.kiosk_device(token).await,
        None => Ok(None),
    }
}

/// A JSON answer to the tablet's script, never cached.
fn reply(status: StatusCode, body: serde_json::Value) -> Response {
    (status, [(CACHE_CONTROL, "no-store")], Json(body)).into_response()
}

fn refusal(status: StatusCode, message: &str) -> Response {
    reply(status, json!({ "error": message }))
}

/// The enrolled tablet calling `/kiosk/answers` or `/kiosk/heartbeat` from its own page: the
/// `X-Kiosk: 1` header (which a form on another site cannot add) and a live device cookie.
/// A revoked tablet gets 401, and its page says so.
pub struct KioskCall(pub Device);

impl FromRequestParts<AppState> for KioskCall {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        if parts.headers.get("x-kiosk").is_none_or(|v| v != "1") {
            return Err(refusal(StatusCode::FORBIDDEN, "yêu cầu phải được gửi từ trang khảo sát tại quầy"));
        }
        match device_of(state, &parts.headers).await {
            Ok(Some(device)) => Ok(KioskCall(device)),
            Ok(None) => Err(refusal(StatusCode::UNAUTHORIZED, "thiết bị đã bị thu hồi hoặc chưa được kích hoạt")),
            Err(e) => {
                tracing::error!(error = %e, "a kiosk request failed");
                Err(refusal(StatusCode::INTERNAL_SERVER_ERROR, "hệ thống đang gặp sự cố"))
            }
        }
    }
}
