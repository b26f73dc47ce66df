//! GET `/admin/campaigns/{code}/responses.xlsx`: the rows of `responses.csv` as a workbook with
//! its codebook, for organisers and admins, audited (`responses.export`, `XLSX`). A workbook
//! cannot be sent before it is whole (the ZIP inside needs its directory at the end), so a
//! blocking thread writes it to a temporary file page by page, then sends that file in pieces
//! through a small channel: memory stays flat whatever the number of responses. Over
//! `direct_export_limit` responses the reader is sent to `/admin/exports` instead.

use std::io::Read;

use app::staff::ExportFormat;
use axum::body::Body;
use axum::http::header::{CACHE_CONTROL, CONTENT_DISPOSITION, CONTENT_TYPE};
use axum::response::{IntoResponse, Response};
use bytes::Bytes;
use tokio::sync::mpsc;

use crate::error::StaffError;
use crate::extract::{Path, Query};
use crate::session::StaffRequest;
use crate::view::{self, ViewQuery};
use app::staff::workbook::{self, WriteError};

pub const XLSX: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

/// Bytes sent per piece of the finished file.
const PIECE: usize = 256 * 1024;

pub async fn xlsx(who: StaffRequest, Path(code): Path<String>, Query(params): Query<ViewQuery>) -> Response {
    let view = match view::parse(params.view.as_deref(), who.lang) {
        Ok(view) => view,
        Err(e) => return e.into_response(),
    };
    if let Some(large) = super::too_large_to_send(&who, &code, view).await {
        return large;
    }
    let export = match who.staff.export_responses(&code, ExportFormat::Xlsx, view).await {
        Ok(export) => export,
        Err(e) => return StaffError::from_app(e, who.lang).into_response(),
    };
    let disposition = format!("attachment; filename=\"{}\"", export.file_name(ExportFormat::Xlsx));
    let (sender, receiver) = mpsc::channel::<std::io::Result<Bytes>>(4);
    let handle = tokio::runtime::Handle::current();
    tokio::task::spawn_blocking(move || {
        let failed = match workbook::write(export, &handle, |_| !sender.is_closed()) {
            Ok(file) => send(file, &sender),
            Err(e) => Err(e),
        };
        match failed {
            Ok(()) | Err(WriteError::Abandoned) => {}
            Err(e) => {
                // Headers are gone already: end the body early, so the download fails visibly.
                tracing::error!(error = %e, "an XLSX export failed");
                let _ = sender.blocking_send(Err(std::io::Error::other(e.to_string())));
            }
        }
    });
    let pieces = futures_util::stream::unfold(receiver, |mut receiver| async move {
        receiver.recv().await.map(|piece| (piece, receiver))
    });
    (
        [(CONTENT_TYPE, XLSX.to_owned()), (CONTENT_DISPOSITION, disposition), (CACHE_CONTROL, "no-store".to_owned())],
        Body::from_stream(pieces),
    )
        .into_response()
}

/// Sends the finished file, a piece at a time, until it ends or the reader goes away.
fn send(mut file: std::fs::File, sender: &mpsc::Sender<std::io::Result<Bytes>>) -> Result<(), WriteError> {
    loop {
        let mut piece = vec![0; PIECE];
        let read = file.read(&mut piece)?;
        if read == 0 {
            return Ok(());
        }
        piece.truncate(read);
        if sender.blocking_send(Ok(Bytes::from(piece))).is_err() {
            return Err(WriteError::Abandoned);
        }
    }
}
