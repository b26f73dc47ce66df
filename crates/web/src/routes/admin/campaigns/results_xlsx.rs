//! GET `/admin/campaigns/{code}/results.xlsx[?unit=ID]`: the results tables of the reader's
//! scope (or one unit in it) as a workbook, for everyone who reads results, with a sheet per
//! breakdown (channel, day, respondent fields). The figures are the pages' and the API's; the
//! workbook is small and drawn off the async threads.

use axum::http::StatusCode;
use axum::http::header::{CACHE_CONTROL, CONTENT_DISPOSITION, CONTENT_TYPE};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;

use super::responses_xlsx::XLSX;
use crate::error::StaffError;
use crate::extract::{Path, Query};
use crate::session::StaffRequest;
use crate::view;
use crate::workbooks::{self, results};

#[derive(Debug, Deserialize)]
pub struct Params {
    unit: Option<i64>,
    /// `counted` (default) or `all`.
    view: Option<String>,
}

pub async fn xlsx(who: StaffRequest, Path(code): Path<String>, Query(params): Query<Params>) -> Response {
    let view = match view::parse(params.view.as_deref(), who.lang) {
        Ok(view) => view,
        Err(e) => return e.into_response(),
    };
    let breakdowns = match who.staff.breakdowns(&code, params.unit, view).await {
        Ok(breakdowns) => breakdowns,
        Err(e) => return StaffError::from_app(e, who.lang).into_response(),
    };
    let name = results::file_name(&breakdowns.results);
    let written = tokio::task::spawn_blocking(move || {
        let mut tables = results::tables(&breakdowns.results);
        tables.extend(workbooks::breakdowns::tables(&breakdowns));
        documents::xlsx::tables_xlsx(&tables)
    })
    .await;
    match written {
        Ok(Ok(bytes)) => (
            StatusCode::OK,
            [
                (CONTENT_TYPE, XLSX.to_owned()),
                (CONTENT_DISPOSITION, format!("attachment; filename=\"{name}\"")),
                (CACHE_CONTROL, "private, no-store".to_owned()),
            ],
            bytes,
        )
            .into_response(),
        Ok(Err(e)) => {
            tracing::error!(error = %e, "a results workbook could not be written");
            StaffError::Internal(who.lang).into_response()
        }
        Err(e) => {
            tracing::error!(error = %e, "writing a results workbook panicked");
            StaffError::Internal(who.lang).into_response()
        }
    }
}
