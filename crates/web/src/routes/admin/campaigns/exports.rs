//! POST `/admin/campaigns/{code}/exports`: starts writing the campaign's raw responses inside
//! the reader's scope to a file in the background (`format=csv|xlsx`), CSRF-checked, for
//! organisers and admins, audited; then back to the exports page, which follows its progress.

use app::staff::ExportFormat;
use axum::body::Body;
use axum::extract::State;
use axum::response::{IntoResponse, Redirect, Response};

use super::super::{field, staff_form};
use crate::error::StaffError;
use crate::extract::Path;
use crate::session::StaffRequest;
use crate::state::AppState;

pub async fn start(State(state): State<AppState>, who: StaffRequest, Path(code): Path<String>, body: Body) -> Response {
    let fields = match staff_form(&state, &who, body).await {
        Ok(fields) => fields,
        Err(e) => return e.into_response(),
    };
    let Some(format) = ExportFormat::parse(field(&fields, "format")) else {
        return StaffError::Invalid("định dạng tệp phải là csv hoặc xlsx".into(), who.lang).into_response();
    };
    let view = match crate::view::parse(Some(field(&fields, "view")), who.lang) {
        Ok(view) => view,
        Err(e) => return e.into_response(),
    };
    match who.staff.start_export(&code, format, view).await {
        Ok(_) => Redirect::to("/admin/exports?done=started").into_response(),
        Err(e) => StaffError::from_app(e, who.lang).into_response(),
    }
}
