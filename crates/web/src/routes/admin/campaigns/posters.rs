//! The printable QR codes of a campaign over the reader's scope, or under one unit of it:
//! GET `/admin/campaigns/{code}/posters.pdf` (a poster per point, A4 or A5 with
//! `?paper=a5`, then the list "Danh sách mã QR"; `?only=list` for the list alone) and
//! `/admin/campaigns/{code}/qr.zip` (every code as SVG and PNG with a CSV index). `?unit=ID`
//! narrows to a district, a commune or one point. Documents are drawn off the async threads.

use app::staff::PosterSet;
use axum::extract::State;
use axum::http::header::{CACHE_CONTROL, CONTENT_DISPOSITION, CONTENT_TYPE};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use documents::poster::{Paper, PosterSpec, poster_pack_pdf, qr_list_pdf};
use documents::qr_zip::qr_zip;
use serde::Deserialize;

use crate::error::StaffError;
use crate::extract::{Path, Query};
use crate::links::form_url;
use crate::session::StaffRequest;
use crate::state::AppState;

#[derive(Debug, Deserialize)]
pub struct Params {
    unit: Option<i64>,
    paper: Option<String>,
    only: Option<String>,
}

pub async fn pdf(
    State(state): State<AppState>,
    who: StaffRequest,
    headers: HeaderMap,
    Path(code): Path<String>,
    Query(params): Query<Params>,
) -> Response {
    let paper = match params.paper.as_deref() {
        None | Some("a4") => Paper::A4,
        Some("a5") => Paper::A5,
        Some(_) => return StaffError::Invalid("khổ giấy chỉ có a4 hoặc a5".into(), who.lang).into_response(),
    };
    let list_only = params.only.as_deref() == Some("list");
    let (set, specs) = match specs(&state, &who, &headers, &code, params.unit).await {
        Ok(found) => found,
        Err(e) => return e.into_response(),
    };
    let title = title(&set);
    let drawn = tokio::task::spawn_blocking(move || {
        if list_only { qr_list_pdf(&title, &specs) } else { poster_pack_pdf(&title, &specs, paper) }
    })
    .await;
    let name = format!("{}-{}.pdf", if list_only { "danh-sach-ma-qr" } else { "ap-phich-qr" }, file_part(&set));
    deliver(drawn, "application/pdf", &name, &who)
}

pub async fn zip(
    State(state): State<AppState>,
    who: StaffRequest,
    headers: HeaderMap,
    Path(code): Path<String>,
    Query(params): Query<Params>,
) -> Response {
    let (set, specs) = match specs(&state, &who, &headers, &code, params.unit).await {
        Ok(found) => found,
        Err(e) => return e.into_response(),
    };
    let drawn = tokio::task::spawn_blocking(move || qr_zip(&specs)).await;
    deliver(drawn, "application/zip", &format!("ma-qr-{}.zip", file_part(&set)), &who)
}

/// The points to print as the documents crate takes them, each with the address its code opens.
async fn specs(
    state: &AppState,
    who: &StaffRequest,
    headers: &HeaderMap,
    code: &str,
    unit: Option<i64>,
) -> Result<(PosterSet, Vec<PosterSpec>), StaffError> {
    let set = who.staff.poster_set(code, unit).await.map_err(|e| StaffError::from_app(e, who.lang))?;
    if set.points.is_empty() {
        return Err(StaffError::Invalid("không có điểm nào có mã QR để in trong phạm vi này".into(), who.lang));
    }
    let specs = set
        .points
        .iter()
        .map(|p| PosterSpec {
            unit_name: p.point.name.clone(),
            unit_code: p.point.code.to_string(),
            parent_path: p.parent_path.clone(),
            campaign_name: set.campaign.name.clone(),
            url: form_url(state, headers, &p.token),
        })
        .collect();
    Ok((set, specs))
}

fn title(set: &PosterSet) -> String {
    match &set.under {
        Some(unit) => format!("{} — {}", set.campaign.name, unit.name),
        None => set.campaign.name.clone(),
    }
}

/// `pks05-2024` or `pks05-2024-07210`: ASCII, for the download's file name.
fn file_part(set: &PosterSet) -> String {
    match &set.under {
        Some(unit) => format!("{}-{}", set.campaign.code, unit.code),
        None => set.campaign.code.to_string(),
    }
}

pub(crate) fn deliver(
    drawn: Result<Result<Vec<u8>, documents::DocumentError>, tokio::task::JoinError>,
    content_type: &'static str,
    file_name: &str,
    who: &StaffRequest,
) -> Response {
    match drawn {
        Ok(Ok(bytes)) => (
            StatusCode::OK,
            [
                (CONTENT_TYPE, content_type.to_owned()),
                (CONTENT_DISPOSITION, format!("attachment; filename=\"{file_name}\"")),
                (CACHE_CONTROL, "private, no-store".to_owned()),
            ],
            bytes,
        )
            .into_response(),
        Ok(Err(e)) => {
            tracing::error!(error = %e, "a QR document could not be made");
            StaffError::Invalid(format!("không tạo được tài liệu: {e}"), who.lang).into_response()
        }
        Err(e) => {
            tracing::error!(error = %e, "drawing a QR document panicked");
            StaffError::Internal(who.lang).into_response()
        }
    }
}
