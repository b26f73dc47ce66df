//! `/admin/campaigns/{code}/paper`: the campaign's paper batches inside the scope; POST opens
//! a new batch (point and day) and goes to its entry screen. `…/paper/import` takes a CSV/XLSX
//! of slips, `…/paper/template.csv` is the file to fill in.

use app::staff::PaperImport;
use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::StatusCode;
use axum::http::header::{CONTENT_DISPOSITION, CONTENT_TYPE};
use axum::response::{IntoResponse, Redirect, Response};

use super::{Notice, read_field_upload};
use crate::error::{StaffError, html};
use crate::extract::Path;
use crate::pages::field::{FieldHead, ImportProblems, PaperPage};
use crate::pages::{self};
use crate::routes::admin::{field, staff_form};
use crate::session::StaffRequest;
use crate::state::AppState;

async fn render(who: &StaffRequest, code: &str, status: StatusCode, adjust: impl FnOnce(&mut PaperPage)) -> Response {
    let (desk, batches) = match who.staff.paper_batches(code).await {
        Ok(found) => found,
        Err(e) => return StaffError::from_app(e, who.lang).into_response(),
    };
    let head = FieldHead::new(who, &desk, &format!("/admin/campaigns/{code}/paper"));
    let mut page = PaperPage::new(who, head, &batches);
    adjust(&mut page);
    html(status, pages::render(&page))
}

pub async fn page(who: StaffRequest, Path(code): Path<String>) -> Response {
    render(&who, &code, StatusCode::OK, |_| {}).await
}

pub async fn open_batch(
    State(state): State<AppState>,
    who: StaffRequest,
    Path(code): Path<String>,
    body: Body,
) -> Response {
    let fields = match staff_form(&state, &who, body).await {
        Ok(fields) => fields,
        Err(e) => return e.into_response(),
    };
    let (Ok(point), Ok(day)) =
        (field(&fields, "point").parse::<i64>(), field(&fields, "day").parse::<jiff::civil::Date>())
    else {
        return StaffError::Invalid("chưa chọn điểm hoặc ngày".into(), who.lang).into_response();
    };
    match who.staff.open_paper_batch(&code, point, day).await {
        Ok(id) => Redirect::to(&format!("/admin/paper/{id}")).into_response(),
        Err(e) => refused(&who, &code, e).await,
    }
}

/// The list again with a use case's refusal, or the error's own page.
async fn refused(who: &StaffRequest, code: &str, error: app::AppError) -> Response {
    match Notice::of(Err(error), who) {
        Ok(notice) => render(who, code, notice.status, |p| p.error = notice.error).await,
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
        return StaffError::Invalid("chưa chọn tệp".into(), who.lang).into_response();
    };
    match who.staff.import_paper(&code, file).await {
        Ok(PaperImport::Stored { slips, batches }) => {
            let message = format!("{}: {slips} ({batches})", crate::i18n::field(who.lang).imported);
            render(&who, &code, StatusCode::OK, |p| p.message = Some(message)).await
        }
        Ok(PaperImport::Refused { file, lines }) => {
            let problems = ImportProblems { file: file.map(|e| e.to_string()), lines };
            render(&who, &code, StatusCode::UNPROCESSABLE_ENTITY, |p| p.problems = problems).await
        }
        Err(e) => refused(&who, &code, e).await,
    }
}

pub async fn template(who: StaffRequest, Path(code): Path<String>) -> Response {
    match who.staff.paper_template(&code).await {
        Ok(csv) => (
            [
                (CONTENT_TYPE, "text/csv; charset=utf-8".to_owned()),
                (CONTENT_DISPOSITION, format!("attachment; filename=\"phieu-giay-{code}.csv\"")),
            ],
            csv,
        )
            .into_response(),
        Err(e) => StaffError::from_app(e, who.lang).into_response(),
    }
}
