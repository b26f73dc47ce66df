//! `/admin/campaigns/{code}/visitors`: a day's visitor counts of every point inside the scope,
//! typed in a table (POST) or imported from a CSV/XLSX file (POST `…/visitors/import`).

use app::staff::{VisitorEntry, VisitorImport};
use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};

use super::{DayParam, Notice, read_field_upload};
use crate::error::{StaffError, html};
use crate::extract::{Path, Query};
use crate::i18n;
use crate::pages::field::{FieldHead, ImportProblems, VisitorsPage};
use crate::pages::{self};
use crate::routes::admin::{field, staff_form};
use crate::session::StaffRequest;
use crate::state::AppState;

async fn render(
    who: &StaffRequest,
    code: &str,
    day: Option<jiff::civil::Date>,
    notice: Notice,
    problems: ImportProblems,
) -> Response {
    let (desk, counts) = match who.staff.visitor_counts(code).await {
        Ok(found) => found,
        Err(e) => return StaffError::from_app(e, who.lang).into_response(),
    };
    let day = day.unwrap_or(desk.today).min(desk.today);
    let head = FieldHead::new(who, &desk, &format!("/admin/campaigns/{code}/visitors"));
    let mut page = VisitorsPage::new(who, head, day, &counts);
    (page.message, page.error, page.problems) = (notice.message, notice.error, problems);
    html(notice.status, pages::render(&page))
}

fn quiet() -> Notice {
    Notice { status: StatusCode::OK, message: None, error: None }
}

pub async fn page(who: StaffRequest, Path(code): Path<String>, Query(day): Query<DayParam>) -> Response {
    match day.parse(&who) {
        Ok(day) => render(&who, &code, day, quiet(), ImportProblems::default()).await,
        Err(e) => e.into_response(),
    }
}

pub async fn save(State(state): State<AppState>, who: StaffRequest, Path(code): Path<String>, body: Body) -> Response {
    let fields = match staff_form(&state, &who, body).await {
        Ok(fields) => fields,
        Err(e) => return e.into_response(),
    };
    let Ok(day) = field(&fields, "day").parse::<jiff::civil::Date>() else {
        return StaffError::Invalid("thiếu ngày hoặc ngày không hợp lệ".into(), who.lang).into_response();
    };
    let entries: Vec<VisitorEntry> = fields
        .iter()
        .filter_map(|(name, value)| {
            let point_id = name.strip_prefix("v-")?.parse().ok()?;
            Some(VisitorEntry { point_id, day, visitors: value.clone() })
        })
        .collect();
    let saved = who.staff.set_visitor_counts(&code, entries).await;
    match Notice::of(saved.map(|n| format!("{}: {n}", i18n::field(who.lang).saved)), &who) {
        Ok(notice) => render(&who, &code, Some(day), notice, ImportProblems::default()).await,
        Err(e) => e.into_response(),
    }
}

pub async fn import(
    State(state): State<AppState>,
    who: StaffRequest,
    Path(code): Path<String>,
    request: Request,
) -> Response {
    let form = match read_field_upload(&state, &who, &code, request).await {
        Ok(form) => form,
        Err(e) => return e.into_response(),
    };
    let Some(file) = form.file("file") else {
        return render(&who, &code, None, Notice::refused("chưa chọn tệp".into()), ImportProblems::default()).await;
    };
    match who.staff.import_visitor_counts(&code, file).await {
        Ok(VisitorImport::Stored { rows }) => {
            let notice = Notice::done(format!("{}: {rows}", i18n::field(who.lang).imported));
            render(&who, &code, None, notice, ImportProblems::default()).await
        }
        Ok(VisitorImport::Refused { file, lines }) => {
            let problems = ImportProblems { file: file.map(|e| e.to_string()), lines };
            let notice = Notice { status: StatusCode::UNPROCESSABLE_ENTITY, message: None, error: None };
            render(&who, &code, None, notice, problems).await
        }
        Err(e) => StaffError::from_app(e, who.lang).into_response(),
    }
}
