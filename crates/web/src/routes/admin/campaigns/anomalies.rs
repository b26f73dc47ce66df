//! POST `/admin/campaigns/{code}/anomalies`: "Chạy kiểm tra bất thường ngay" on the live
//! monitor — runs the anomaly detectors over the campaign's new responses now, CSRF-checked,
//! for organisers and admins, audited; then back to the monitor, which says what was found.

use axum::body::Body;
use axum::extract::State;
use axum::response::{IntoResponse, Redirect, Response};

use super::super::staff_form;
use crate::error::StaffError;
use crate::extract::Path;
use crate::session::StaffRequest;
use crate::state::AppState;

pub async fn run(State(state): State<AppState>, who: StaffRequest, Path(code): Path<String>, body: Body) -> Response {
    if let Err(e) = staff_form(&state, &who, body).await {
        return e.into_response();
    }
    match who.staff.run_anomaly_checks(&code).await {
        Ok(found) => Redirect::to(&format!(
            "/admin/campaigns/{code}/monitor?checked={}&flagged={}",
            found.examined, found.newly_flagged
        ))
        .into_response(),
        Err(e) => StaffError::from_app(e, who.lang).into_response(),
    }
}
