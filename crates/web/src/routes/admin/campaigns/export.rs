//! GET `/admin/campaigns/{code}/responses.csv`: every response at points inside the reader's
//! scope, for organisers and admins, audited. The body streams a page of rows at a time. Over
//! `direct_export_limit` responses the reader is sent to `/admin/exports` to make the file in
//! the background.

use app::staff::{ExportFormat, ResponseExport};
use axum::body::Body;
use axum::http::header::{CACHE_CONTROL, CONTENT_DISPOSITION, CONTENT_TYPE};
use axum::response::{IntoResponse, Response};
use bytes::Bytes;

use crate::error::StaffError;
use crate::extract::{Path, Query};
use crate::session::StaffRequest;
use crate::view::{self, ViewQuery};

pub async fn csv(who: StaffRequest, Path(code): Path<String>, Query(params): Query<ViewQuery>) -> Response {
    let view = match view::parse(params.view.as_deref(), who.lang) {
        Ok(view) => view,
        Err(e) => return e.into_response(),
    };
    if let Some(large) = super::too_large_to_send(&who, &code, view).await {
        return large;
    }
    let export = match who.staff.export_responses(&code, ExportFormat::Csv, view).await {
        Ok(export) => export,
        Err(e) => return StaffError::from_app(e, who.lang).into_response(),
    };
    let disposition = format!("attachment; filename=\"{}\"", export.file_name(ExportFormat::Csv));
    let chunks = futures_util::stream::unfold(Some(export), |state| async move {
        let mut export: ResponseExport = state?;
        match export.next_chunk().await {
            Ok(Some(bytes)) => Some((Ok(Bytes::from(bytes)), Some(export))),
            Ok(None) => None,
            Err(e) => {
                // Headers are gone already: end the body early, so the download fails visibly.
                tracing::error!(error = %e, "an export failed midway");
                Some((Err(std::io::Error::other(e.to_string())), None))
            }
        }
    });
    (
        [
            (CONTENT_TYPE, "text/csv; charset=utf-8".to_owned()),
            (CONTENT_DISPOSITION, disposition),
            (CACHE_CONTROL, "no-store".to_owned()),
        ],
        Body::from_stream(chunks),
    )
        .into_response()
}
