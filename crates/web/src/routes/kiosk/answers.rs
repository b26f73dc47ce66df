//! POST `/kiosk/answers`: one answer the tablet queued, with its own id. Checked as the citizen
//! form is, stored with channel `kiosk`, and acknowledged in JSON only after the commit: the
//! tablet removes an answer from its queue on `stored` or `already_stored` (a resend), or on
//! a refusal that sending again cannot change (4xx other than 401 and 429).

use app::kiosk::{KioskAnswerError, KioskStored};
use axum::body::{Body, to_bytes};
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use domain::campaigns::Refusal;
use domain::text::Lang;
use serde_json::json;

use super::{KioskCall, refusal, reply};
use crate::i18n;
use crate::state::AppState;

pub async fn submit(State(state): State<AppState>, KioskCall(device): KioskCall, body: Body) -> Response {
    let Ok(body) = to_bytes(body, state.app.config().max_body_bytes).await else {
        return refusal(StatusCode::PAYLOAD_TOO_LARGE, "dữ liệu gửi lên quá lớn");
    };
    match state.app.kiosk_answer(&device, &body).await {
        Ok(KioskStored::Stored) => reply(StatusCode::OK, json!({ "status": "stored" })),
        Ok(KioskStored::AlreadyStored) => reply(StatusCode::OK, json!({ "status": "already_stored" })),
        Err(KioskAnswerError::BadRequest(message)) => refusal(StatusCode::BAD_REQUEST, &message),
        Err(KioskAnswerError::Invalid(message)) => refusal(StatusCode::UNPROCESSABLE_ENTITY, &message),
        Err(KioskAnswerError::Closed { refusal: why, lang }) => {
            let t = i18n::public(lang);
            let message = if why == Refusal::NotStarted { t.not_started_body } else { t.closed_body };
            refusal(StatusCode::CONFLICT, message)
        }
        Err(KioskAnswerError::Internal(e)) => {
            tracing::error!(error = %e, kiosk = device.kiosk.id, "a kiosk answer failed");
            refusal(StatusCode::INTERNAL_SERVER_ERROR, i18n::public(Lang::Vi).error_body)
        }
    }
}
