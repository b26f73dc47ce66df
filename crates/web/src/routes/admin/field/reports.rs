//! `/admin/campaigns/{code}/reports`: one day's field reports inside the scope and the points
//! that have not reported; clerks file their point's report here (multipart, with photos).

use app::staff::{FieldReportForm, Upload};
use axum::extract::{Request, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use domain::access::Permission;

use super::{DayParam, Notice, read_field_upload};
use crate::error::{StaffError, html};
use crate::extract::{Path, Query};
use crate::pages::field::{FieldHead, ReportsPage};
use crate::pages::{self};
use crate::session::StaffRequest;
use crate::state::AppState;

async fn render(who: &StaffRequest, code: &str, day: Option<jiff::civil::Date>, notice: Notice) -> Response {
    let found = match who.staff.field_reports(code, day).await {
        Ok(found) => found,
        Err(e) => return StaffError::from_app(e, who.lang).into_response(),
    };
    let head = FieldHead::new(who, &found.desk, &format!("/admin/campaigns/{code}/reports"));
    let missing = found.missing.iter().map(|p| format!("{} ({})", p.name, p.code)).collect();
    let mut page = ReportsPage::new(who, head, found.day, &found.reports, missing);
    page.may_file = who.staff.may(Permission::EnterData);
    (page.message, page.error) = (notice.message, notice.error);
    html(notice.status, pages::render(&page))
}

pub async fn page(who: StaffRequest, Path(code): Path<String>, Query(day): Query<DayParam>) -> Response {
    match day.parse(&who) {
        Ok(day) => render(&who, &code, day, Notice { status: StatusCode::OK, message: None, error: None }).await,
        Err(e) => e.into_response(),
    }
}

pub async fn file(
    State(state): State<AppState>,
    who: StaffRequest,
    Path(code): Path<String>,
    request: Request,
) -> Response {
    let form = match read_field_upload(&state, &who, &code, request).await {
        Ok(form) => form,
        Err(e) => return e.into_response(),
    };
    let invalid = |m: &str| StaffError::Invalid(m.to_owned(), who.lang).into_response();
    let Ok(point_id) = form.field("point").parse::<i64>() else { return invalid("chưa chọn điểm") };
    let Ok(day) = form.field("day").parse::<jiff::civil::Date>() else { return invalid("ngày không hợp lệ") };
    let report = FieldReportForm {
        point_id,
        day,
        assisted: form.field("assisted").to_owned(),
        notes: form.field("notes").to_owned(),
        photos: form
            .files
            .iter()
            .filter(|(name, ..)| name == "photos")
            .map(|(_, file_name, bytes)| Upload { file_name: file_name.clone(), bytes: bytes.to_vec() })
            .collect(),
    };
    let filed = who.staff.file_field_report(&code, report).await;
    match Notice::of(filed.map(|()| crate::i18n::field(who.lang).saved.to_owned()), &who) {
        Ok(notice) => render(&who, &code, Some(day), notice).await,
        Err(e) => e.into_response(),
    }
}
