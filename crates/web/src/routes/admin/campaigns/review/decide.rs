//! POST `/admin/campaigns/{code}/review`: accept, exclude or undo one group of flagged
//! responses — CSRF-checked, for those who manage the campaign, audited; a reason is required
//! to exclude or undo. Back to the queue, which says how it went: decided (how many), decided
//! already, or changed since the page was read (then nothing changed) — at the filter and page
//! the form was sent from.

use app::staff::{ReviewForm, ReviewOutcome};
use axum::body::Body;
use axum::extract::State;
use axum::response::{IntoResponse, Redirect, Response};
use domain::integrity::FlagReason;
use domain::review::{ReviewAction, ReviewState};

use super::super::super::{field, staff_form};
use crate::error::StaffError;
use crate::extract::Path;
use crate::pages::review::Position;
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
    let form = match read(&fields) {
        Ok(form) => form,
        Err(message) => return StaffError::Invalid(message, who.lang).into_response(),
    };
    // Back where the form was sent from: the position is read and written anew, never echoed.
    let list = match Position::parse(field(&fields, "list")) {
        Some(position) => format!("{}&", position.query()),
        None => String::new(),
    };
    let back = format!("/admin/campaigns/{code}/review?{list}");
    match who.staff.decide_review(&code, form).await {
        Ok(ReviewOutcome::Decided(n)) => Redirect::to(&format!("{back}done=decided&n={n}")).into_response(),
        Ok(ReviewOutcome::AlreadyDecided) => Redirect::to(&format!("{back}done=already")).into_response(),
        Ok(ReviewOutcome::Changed(n)) => Redirect::to(&format!("{back}done=changed&n={n}")).into_response(),
        Err(e) => StaffError::from_app(e, who.lang).into_response(),
    }
}

/// The group and the decision the form names; a form that names no real group is refused.
fn read(fields: &[(String, String)]) -> Result<ReviewForm, String> {
    let unknown = || "nhóm phiếu không hợp lệ: hãy mở lại trang xem xét".to_owned();
    let number = |name: &str| field(fields, name).trim().parse::<i64>().map_err(|_| unknown());
    Ok(ReviewForm {
        point: number("point")?,
        reason: FlagReason::parse(field(fields, "reason")).ok_or_else(unknown)?,
        day: field(fields, "day").trim().parse().map_err(|_| unknown())?,
        state: ReviewState::parse(field(fields, "state")).ok_or_else(unknown)?,
        responses: number("responses")?,
        last_id: number("last")?,
        action: ReviewAction::parse(field(fields, "action"))
            .ok_or_else(|| "hãy chọn chấp nhận, loại hoặc hủy quyết định".to_owned())?,
        note: field(fields, "note").to_owned(),
    })
}
