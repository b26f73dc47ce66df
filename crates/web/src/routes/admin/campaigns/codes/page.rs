//! GET `/admin/campaigns/{code}/codes`: the setting, codes and verified responses per point,
//! and the batches; also how the other codes actions show their outcome.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};

use crate::error::{StaffError, html};
use crate::extract::Path;
use crate::pages::codes::CodesPage;
use crate::pages::field::ImportProblems;
use crate::pages::{self};
use crate::routes::admin::field::Notice;
use crate::session::StaffRequest;

/// The page with a notice, the problems of a refused file, and the generate form as typed.
pub(super) async fn render(
    who: &StaffRequest,
    code: &str,
    notice: Notice,
    problems: ImportProblems,
    typed: Option<(String, String)>,
) -> Response {
    let desk = match who.staff.codes_desk(code).await {
        Ok(desk) => desk,
        Err(e) => return StaffError::from_app(e, who.lang).into_response(),
    };
    let mut page = CodesPage::new(who, &desk);
    (page.message, page.error, page.problems) = (notice.message, notice.error, problems);
    if let Some((point, count)) = typed {
        (page.chosen_point, page.chosen_count) = (point, count);
    }
    html(notice.status, pages::render(&page))
}

pub async fn show(who: StaffRequest, Path(code): Path<String>) -> Response {
    let quiet = Notice { status: StatusCode::OK, message: None, error: None };
    render(&who, &code, quiet, ImportProblems::default(), None).await
}
