//! POST `/admin/campaigns/{code}/codes/import`: dossier codes from a CSV or XLSX file, all or
//! nothing; a broken file lists its problems by line and stores nothing.

use app::staff::CodeImport;
use axum::extract::{Request, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};

use super::page::render;
use crate::error::StaffError;
use crate::extract::Path;
use crate::i18n;
use crate::pages::field::ImportProblems;
use crate::routes::admin::field::{Notice, read_upload};
use crate::session::StaffRequest;
use crate::state::AppState;

pub async fn submit(
    State(state): State<AppState>,
    who: StaffRequest,
    Path(code): Path<String>,
    request: Request,
) -> Response {
    // The door first: nobody's upload is read before their role and scope are.
    if let Err(e) = who.staff.codes_desk(&code).await {
        return StaffError::from_app(e, who.lang).into_response();
    }
    let form = match read_upload(&state, &who, request).await {
        Ok(form) => form,
        Err(e) => return e.into_response(),
    };
    let Some((_, file_name, bytes)) = form.files.iter().find(|(name, ..)| name == "file") else {
        return render(&who, &code, Notice::refused("chưa chọn tệp".into()), ImportProblems::default(), None).await;
    };
    match who.staff.import_codes(&code, file_name, bytes).await {
        Ok(CodeImport::Stored { batch, codes }) => {
            let notice = Notice::done(format!("{} {batch}: {codes}", i18n::codes(who.lang).imported));
            render(&who, &code, notice, ImportProblems::default(), None).await
        }
        Ok(CodeImport::Refused { file, lines }) => {
            let problems = ImportProblems { file: file.map(|e| e.to_string()), lines };
            let notice = Notice { status: StatusCode::UNPROCESSABLE_ENTITY, message: None, error: None };
            render(&who, &code, notice, problems, None).await
        }
        Err(e @ (app::AppError::Invalid(_) | app::AppError::Conflict(_))) => {
            render(&who, &code, Notice::refused(e.to_string()), ImportProblems::default(), None).await
        }
        Err(e) => StaffError::from_app(e, who.lang).into_response(),
    }
}
