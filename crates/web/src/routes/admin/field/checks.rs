//! GET `/admin/campaigns/{code}/paper/checks`: slips whose second (check) entry differs from
//! the counted one, or that were never entered.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};

use crate::error::{StaffError, html};
use crate::extract::Path;
use crate::pages::field::{ChecksPage, FieldHead};
use crate::pages::{self};
use crate::session::StaffRequest;

pub async fn page(who: StaffRequest, Path(code): Path<String>) -> Response {
    let (desk, checked, mismatches) = match who.staff.paper_mismatches(&code).await {
        Ok(found) => found,
        Err(e) => return StaffError::from_app(e, who.lang).into_response(),
    };
    let head = FieldHead::new(&who, &desk, &format!("/admin/campaigns/{code}/paper/checks"));
    html(StatusCode::OK, pages::render(&ChecksPage::new(&who, head, checked, mismatches)))
}
