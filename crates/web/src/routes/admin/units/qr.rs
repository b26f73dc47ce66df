//! POST `/admin/units/{id}/qr`: replace (`action=rotate`) or withdraw (`action=revoke`) a
//! service point's QR code, then back to the unit's page.

use axum::body::Body;
use axum::extract::State;
use axum::response::{IntoResponse, Redirect, Response};

use crate::error::StaffError;
use crate::extract::Path;
use crate::routes::admin::{field, staff_form};
use crate::session::StaffRequest;
use crate::state::AppState;

pub async fn submit(State(state): State<AppState>, who: StaffRequest, Path(id): Path<i64>, body: Body) -> Response {
    let fields = match staff_form(&state, &who, body).await {
        Ok(fields) => fields,
        Err(e) => return e.into_response(),
    };
    let done = match field(&fields, "action") {
        "rotate" => who.staff.rotate_point_qr(id).await,
        "revoke" => who.staff.revoke_point_qr(id).await,
        _ => return StaffError::Invalid("thao tác không hợp lệ".into(), who.lang).into_response(),
    };
    match done {
        Ok(()) => Redirect::to(&format!("/admin/units/{id}?done=saved#qr")).into_response(),
        Err(e) => StaffError::from_app(e, who.lang).into_response(),
    }
}
