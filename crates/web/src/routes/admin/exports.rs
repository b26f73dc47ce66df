//! `/admin/exports`: the user's long exports of raw responses (progress, download links), with
//! the form to start one when a large campaign's download was sent here; `/admin/exports/{id}`
//! downloads a finished file, for its requester only, audited. Organisers and admins.

use app::staff::ExportJob;
use axum::body::Body;
use axum::http::StatusCode;
use axum::http::header::{CACHE_CONTROL, CONTENT_DISPOSITION, CONTENT_LENGTH, CONTENT_TYPE};
use axum::response::{IntoResponse, Response};
use bytes::Bytes;
use serde::Deserialize;
use tokio::io::AsyncReadExt;

use crate::error::{StaffError, html};
use crate::extract::{Path, Query};
use crate::i18n;
use crate::pages;
use crate::pages::exports::{ExportsPage, StartForm};
use crate::pages::staff::{PageContext, count};
use crate::session::StaffRequest;

#[derive(Debug, Deserialize)]
pub struct Params {
    /// A campaign too large to download at once: offer to start its export.
    campaign: Option<String>,
    /// Set after an export was started.
    done: Option<String>,
    /// Which responses the offered export holds: `counted` (default) or `all`.
    view: Option<String>,
}

pub async fn page(who: StaffRequest, Query(params): Query<Params>) -> Response {
    let jobs = match who.staff.export_jobs().await {
        Ok(jobs) => jobs,
        Err(e) => return StaffError::from_app(e, who.lang).into_response(),
    };
    let flash = params.done.is_some().then_some(i18n::exports(who.lang).started);
    let ctx = PageContext::staff(&who, "exports", "/admin/exports").with_flash(flash);
    let mut page = ExportsPage::new(who.lang, ctx, &jobs);
    if let Some(code) = params.campaign.as_deref().filter(|c| !c.is_empty()) {
        let view = match crate::view::parse(params.view.as_deref(), who.lang) {
            Ok(view) => view,
            Err(e) => return e.into_response(),
        };
        let size = match who.staff.export_size(code, view).await {
            Ok(size) => size,
            Err(e) => return StaffError::from_app(e, who.lang).into_response(),
        };
        let name = match who.staff.campaign_results(code).await {
            Ok(results) => results.campaign.name,
            Err(e) => return StaffError::from_app(e, who.lang).into_response(),
        };
        page.start = Some(StartForm {
            code: code.to_owned(),
            name,
            responses: count(size),
            view: view.as_str(),
            view_label: view.label(who.lang),
        });
    }
    html(StatusCode::OK, pages::render(&page))
}

pub async fn download(who: StaffRequest, Path(id): Path<i64>) -> Response {
    let (job, path): (ExportJob, _) = match who.staff.download_export(id).await {
        Ok(found) => found,
        Err(e) => return StaffError::from_app(e, who.lang).into_response(),
    };
    let file = match tokio::fs::File::open(&path).await {
        Ok(file) => file,
        Err(e) => {
            tracing::error!(export = id, file = %path.display(), error = %e, "a finished export's file is missing");
            return StaffError::Internal(who.lang).into_response();
        }
    };
    let content_type = match job.record.format.as_str() {
        "xlsx" => super::campaigns::responses_xlsx::XLSX,
        _ => "text/csv; charset=utf-8",
    };
    let length = job.record.bytes.unwrap_or_default().to_string();
    (
        [
            (CONTENT_TYPE, content_type.to_owned()),
            (CONTENT_DISPOSITION, format!("attachment; filename=\"{}\"", job.download_name())),
            (CONTENT_LENGTH, length),
            (CACHE_CONTROL, "no-store".to_owned()),
        ],
        Body::from_stream(pieces(file)),
    )
        .into_response()
}

/// Bytes sent per piece of the file.
const PIECE: usize = 256 * 1024;

/// The file, a piece at a time: memory stays flat whatever its size.
fn pieces(file: tokio::fs::File) -> impl futures_util::Stream<Item = std::io::Result<Bytes>> {
    futures_util::stream::try_unfold(file, |mut file| async move {
        let mut piece = vec![0; PIECE];
        let read = file.read(&mut piece).await?;
        if read == 0 {
            return Ok(None);
        }
        piece.truncate(read);
        Ok(Some((Bytes::from(piece), file)))
    })
}
