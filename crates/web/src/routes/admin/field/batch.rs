//! `/admin/paper/{id}`: the keyboard-only entry screen of a paper batch. Each POST stores one
//! slip (or, with `?check=1`, a second clerk's check entry) and shows the screen again, empty,
//! with the cursor on the serial number; a refused slip comes back as typed, with the reason.

use app::staff::SlipOutcome;
use axum::body::Body;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::Deserialize;

use crate::error::{StaffError, html};
use crate::extract::{Path, Query};
use crate::i18n;
use crate::pages::field::BatchPage;
use crate::pages::{self};
use crate::routes::admin::staff_form;
use crate::session::StaffRequest;
use crate::state::AppState;

#[derive(Debug, Deserialize)]
pub struct Mode {
    check: Option<String>,
}

impl Mode {
    fn is_check(&self) -> bool {
        self.check.as_deref().is_some_and(|c| !c.is_empty() && c != "0")
    }
}

async fn render(
    who: &StaffRequest,
    id: i64,
    check: bool,
    kept: &[(String, String)],
    status: StatusCode,
    adjust: impl FnOnce(&mut BatchPage),
) -> Response {
    match who.staff.paper_batch(id).await {
        Ok(desk) => {
            let mut page = BatchPage::new(who, &desk, check, kept);
            adjust(&mut page);
            html(status, pages::render(&page))
        }
        Err(e) => StaffError::from_app(e, who.lang).into_response(),
    }
}

pub async fn page(who: StaffRequest, Path(id): Path<i64>, Query(mode): Query<Mode>) -> Response {
    render(&who, id, mode.is_check(), &[], StatusCode::OK, |_| {}).await
}

pub async fn submit(
    State(state): State<AppState>,
    who: StaffRequest,
    Path(id): Path<i64>,
    Query(mode): Query<Mode>,
    body: Body,
) -> Response {
    let fields = match staff_form(&state, &who, body).await {
        Ok(fields) => fields,
        Err(e) => return e.into_response(),
    };
    let check = mode.is_check();
    let slip: Vec<(String, String)> = fields.into_iter().filter(|(k, _)| k != "_csrf").collect();
    let outcome = if check { who.staff.check_slip(id, slip).await } else { who.staff.enter_slip(id, slip).await };
    let f = i18n::field(who.lang);
    match outcome {
        Ok(SlipOutcome::Stored { serial }) => {
            let message = format!("{} {serial}", if check { f.check_saved } else { f.slip_saved });
            render(&who, id, check, &[], StatusCode::OK, |p| p.message = Some(message)).await
        }
        Ok(SlipOutcome::Refused { message, kept }) => {
            render(&who, id, check, &kept, StatusCode::UNPROCESSABLE_ENTITY, |p| p.error = Some(message)).await
        }
        Err(e) => StaffError::from_app(e, who.lang).into_response(),
    }
}
