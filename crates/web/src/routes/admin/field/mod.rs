//! Field pages of a campaign: visitor counts, daily field reports and their photos, paper
//! batches with the slip entry screen, paper imports and the double-entry comparison.

pub mod batch;
pub mod checks;
pub mod paper;
pub mod photo;
pub mod reports;
pub mod visitors;

use axum::extract::{FromRequest, Multipart, Request};
use bytes::Bytes;
use serde::Deserialize;

use crate::error::StaffError;
use crate::session::StaffRequest;
use crate::state::AppState;

/// Largest upload: four photos of 3 MB with the form around them, or a spreadsheet.
pub const UPLOAD_LIMIT: usize = 14 * 1024 * 1024;

/// `?day=YYYY-MM-DD` of the field pages.
#[derive(Debug, Deserialize)]
pub struct DayParam {
    pub day: Option<String>,
}

impl DayParam {
    /// The chosen day, or `None` for today; a day that is not a date is refused.
    pub fn parse(&self, who: &StaffRequest) -> Result<Option<jiff::civil::Date>, StaffError> {
        match self.day.as_deref().filter(|d| !d.is_empty()) {
            None => Ok(None),
            Some(d) => d
                .parse()
                .map(Some)
                .map_err(|_| StaffError::Invalid(format!("\"{d}\" không phải là ngày (YYYY-MM-DD)"), who.lang)),
        }
    }
}

/// A multipart form: its text fields and its files, read whole after the CSRF check passes.
#[derive(Debug, Default)]
pub struct Uploaded {
    pub fields: Vec<(String, String)>,
    /// (field name, file name, contents) of every non-empty file.
    pub files: Vec<(String, String, Bytes)>,
}

impl Uploaded {
    pub fn field(&self, name: &str) -> &str {
        super::field(&self.fields, name)
    }

    pub fn file(&self, name: &str) -> Option<&Bytes> {
        self.files.iter().find(|(n, ..)| n == name).map(|(.., bytes)| bytes)
    }
}

/// Reads a `multipart/form-data` staff form and checks its CSRF value. Anything else —
/// another content type, a body over the route's limit, a broken part — changes nothing.
pub async fn read_upload(state: &AppState, who: &StaffRequest, request: Request) -> Result<Uploaded, StaffError> {
    let invalid = |m: &str| StaffError::Invalid(m.to_owned(), who.lang);
    let mut multipart = Multipart::from_request(request, state)
        .await
        .map_err(|_| invalid("cần gửi biểu mẫu dạng multipart/form-data"))?;
    let mut form = Uploaded::default();
    loop {
        match multipart.next_field().await {
            Ok(Some(part)) => {
                let name = part.name().unwrap_or_default().to_owned();
                let file_name = part.file_name().map(str::to_owned);
                let bytes = part.bytes().await.map_err(|_| invalid("tệp gửi lên quá lớn hoặc bị hỏng"))?;
                match file_name {
                    Some(file_name) if !bytes.is_empty() => form.files.push((name, file_name, bytes)),
                    Some(_) => {}
                    None => form.fields.push((
                        name,
                        String::from_utf8(bytes.to_vec()).map_err(|_| invalid("dữ liệu gửi lên không phải UTF-8"))?,
                    )),
                }
            }
            Ok(None) => break,
            Err(_) => return Err(invalid("tệp gửi lên quá lớn hoặc bị hỏng")),
        }
    }
    who.check_csrf(form.field("_csrf"))?;
    Ok(form)
}

/// What a page says after a change: a confirmation, or the refusal (bad input, a conflict)
/// beside the form it came from.
#[derive(Debug)]
pub struct Notice {
    pub status: axum::http::StatusCode,
    pub message: Option<String>,
    pub error: Option<String>,
}

impl Notice {
    pub fn done(message: String) -> Notice {
        Notice { status: axum::http::StatusCode::OK, message: Some(message), error: None }
    }

    pub fn refused(error: String) -> Notice {
        Notice { status: axum::http::StatusCode::UNPROCESSABLE_ENTITY, message: None, error: Some(error) }
    }

    /// The notice of a change's result; other errors (forbidden, not found, internal) become
    /// their own response.
    pub fn of(result: app::Result<String>, who: &StaffRequest) -> Result<Notice, StaffError> {
        match result {
            Ok(message) => Ok(Notice::done(message)),
            Err(app::AppError::Invalid(m) | app::AppError::Conflict(m)) => Ok(Notice::refused(m)),
            Err(e) => Err(StaffError::from_app(e, who.lang)),
        }
    }
}

/// Checks the door for the campaign's field data, then reads the upload: nobody's upload is
/// read before their role and scope are.
pub async fn read_field_upload(
    state: &AppState,
    who: &StaffRequest,
    code: &str,
    request: Request,
) -> Result<Uploaded, StaffError> {
    who.staff.field_desk(code).await.map_err(|e| StaffError::from_app(e, who.lang))?;
    read_upload(state, who, request).await
}
