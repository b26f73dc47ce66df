//! POST `/admin/campaigns/{code}/status`: opens, closes or archives a campaign — explicit,
//! CSRF-checked, scope-checked and audited.

use axum::body::Body;
use axum::extract::State;
use axum::response::{IntoResponse, Redirect, Response};
use domain::campaigns::CampaignStatus;

use super::super::{field, staff_form};
use crate::error::StaffError;
use crate::extract::Path;
use crate::session::StaffRequest;
use crate::state::AppState;

pub async fn submit(
    State(state): State<AppState>,
    who: StaffRequest,
    Path(code): Path<String>,
    body: Body,
) -> Response {
    let fields = match staff_form(&state, &who, body).await {
        Ok(fields) => fields,
        Err(e) => return e.into_response(),
    };
    let Some(status) = CampaignStatus::parse(field(&fields, "status")) else {
        return StaffError::Invalid("trạng thái không hợp lệ".into(), who.lang).into_response();
    };
    match who.staff.set_campaign_status(&code, status).await {
        Ok(campaign) => Redirect::to(&format!("/admin/campaigns/{}?done=status", campaign.code)).into_response(),
        Err(e) => StaffError::from_app(e, who.lang).into_response(),
    }
}
