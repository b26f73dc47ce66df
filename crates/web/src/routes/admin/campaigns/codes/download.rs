//! GET `/admin/campaigns/{code}/codes/{batch}/codes.csv` (point, code, the form's link with the
//! code) and `…/slips.pdf` (slips to print: point, code, a QR code of the link). Both audited.

use axum::extract::State;
use axum::http::HeaderMap;
use axum::http::header::{CACHE_CONTROL, CONTENT_DISPOSITION, CONTENT_TYPE};
use axum::response::{IntoResponse, Response};
use documents::slips::{SlipSpec, code_slips_pdf};

use crate::error::StaffError;
use crate::extract::Path;
use crate::links::base_url;
use crate::routes::admin::campaigns::posters::deliver;
use crate::session::StaffRequest;
use crate::state::AppState;

pub async fn csv(
    State(state): State<AppState>,
    who: StaffRequest,
    headers: HeaderMap,
    Path((code, batch)): Path<(String, i64)>,
) -> Response {
    let sheet = match who.staff.code_sheet(&code, batch, "CSV").await {
        Ok(sheet) => sheet,
        Err(e) => return StaffError::from_app(e, who.lang).into_response(),
    };
    match sheet.to_csv(&base_url(&state, &headers)) {
        Ok(bytes) => (
            [
                (CONTENT_TYPE, "text/csv; charset=utf-8".to_owned()),
                (CONTENT_DISPOSITION, format!("attachment; filename=\"{}.csv\"", sheet.file_stem())),
                (CACHE_CONTROL, "private, no-store".to_owned()),
            ],
            bytes,
        )
            .into_response(),
        Err(e) => StaffError::from_app(e, who.lang).into_response(),
    }
}

pub async fn pdf(
    State(state): State<AppState>,
    who: StaffRequest,
    headers: HeaderMap,
    Path((code, batch)): Path<(String, i64)>,
) -> Response {
    let sheet = match who.staff.code_sheet(&code, batch, "PDF").await {
        Ok(sheet) => sheet,
        Err(e) => return StaffError::from_app(e, who.lang).into_response(),
    };
    let base = base_url(&state, &headers);
    let mut slips = Vec::with_capacity(sheet.rows.len());
    for row in &sheet.rows {
        let Some(url) = row.link(&base) else {
            let message = format!("{} không còn mã QR nên chưa in được phiếu; hãy cấp mã QR mới", row.point.name);
            return StaffError::Invalid(message, who.lang).into_response();
        };
        slips.push(SlipSpec { point_name: row.point.name.clone(), code: row.code.code.display(), url });
    }
    let title = sheet.campaign.name.clone();
    let drawn = tokio::task::spawn_blocking(move || code_slips_pdf(&title, &slips)).await;
    deliver(drawn, "application/pdf", &format!("{}.pdf", sheet.file_stem()), &who)
}
