//! GET `/admin/campaigns/{code}/report.pdf[?unit=ID]`: the campaign report in Vietnamese for the
//! reader's scope (or one unit inside it), with the results page's figures and charts, a
//! summary of comments and the quota rule per point. Drawn off the async threads; audited,
//! since it quotes citizens' comments.

use axum::http::StatusCode;
use axum::http::header::{CACHE_CONTROL, CONTENT_DISPOSITION, CONTENT_TYPE};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;

use crate::campaign_report;
use crate::error::StaffError;
use crate::extract::{Path, Query};
use crate::session::StaffRequest;
use crate::view;

#[derive(Debug, Deserialize)]
pub struct Params {
    unit: Option<i64>,
    /// `counted` (default) or `all`.
    view: Option<String>,
}

pub async fn pdf(who: StaffRequest, Path(code): Path<String>, Query(params): Query<Params>) -> Response {
    let view = match view::parse(params.view.as_deref(), who.lang) {
        Ok(view) => view,
        Err(e) => return e.into_response(),
    };
    let data = match who.staff.campaign_report(&code, params.unit, view).await {
        Ok(data) => data,
        Err(e) => return StaffError::from_app(e, who.lang).into_response(),
    };
    let name = campaign_report::file_name(&data);
    let drawn =
        tokio::task::spawn_blocking(move || documents::report::report_pdf(&campaign_report::report(&data))).await;
    match drawn {
        Ok(Ok(bytes)) => (
            StatusCode::OK,
            [
                (CONTENT_TYPE, "application/pdf".to_owned()),
                (CONTENT_DISPOSITION, format!("attachment; filename=\"{name}\"")),
                (CACHE_CONTROL, "private, no-store".to_owned()),
            ],
            bytes,
        )
            .into_response(),
        Ok(Err(e)) => {
            tracing::error!(error = %e, "a campaign report could not be drawn");
            StaffError::Internal(who.lang).into_response()
        }
        Err(e) => {
            tracing::error!(error = %e, "drawing a campaign report panicked");
            StaffError::Internal(who.lang).into_response()
        }
    }
}
