//! Errors turned into pages, once. Citizens get a short page in their language saying what
//! happened and whether their answers were recorded; staff get the staff error page; the
//! JSON API gets `{"error": message}`. Internal details are logged here and never shown.

use app::AppError;
use app::survey::{SubmitError, SurveyError};
use axum::Json;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use domain::campaigns::Refusal;
use domain::text::Lang;

use crate::i18n;
use crate::pages::public::MessagePage;
use crate::pages::{self, staff::StaffMessage};

/// Something a citizen's request ran into.
#[derive(Debug)]
pub enum PublicError {
    UnknownToken(Lang),
    Revoked { point: String, lang: Lang },
    NoCampaign { point: String, lang: Lang },
    Closed { refusal: Refusal, point: String, lang: Lang },
    Limited { point: String, lang: Lang },
    Malformed { message: String, point: String, lang: Lang, token: String },
    TooLarge(Lang),
    WrongType(Lang),
    NotFound(Lang),
    Internal,
}

impl PublicError {
    pub fn from_survey(error: SurveyError, lang: Lang) -> Self {
        match error {
            SurveyError::UnknownToken => PublicError::UnknownToken(lang),
            SurveyError::Revoked { point } => PublicError::Revoked { point, lang },
            SurveyError::NoCampaign { point } => PublicError::NoCampaign { point, lang },
            SurveyError::Internal(e) => PublicError::internal(&e),
        }
    }

    pub fn from_submit(error: SubmitError, token: &str) -> Self {
        match error {
            SubmitError::Survey(e) => PublicError::from_survey(e, Lang::Vi),
            SubmitError::Malformed { malformed, point, lang } => {
                PublicError::Malformed { message: malformed.message(lang), point, lang, token: token.into() }
            }
            SubmitError::Closed { refusal, point, lang } => PublicError::Closed { refusal, point, lang },
            SubmitError::Limited { point, lang } => PublicError::Limited { point, lang },
            SubmitError::Internal(e) => PublicError::internal(&e),
        }
    }

    pub fn internal(error: &AppError) -> Self {
        tracing::error!(error = %error, "a citizen request failed");
        PublicError::Internal
    }
}

impl IntoResponse for PublicError {
    fn into_response(self) -> Response {
        let (status, page) = match self {
            PublicError::UnknownToken(lang) => {
                let t = i18n::public(lang);
                (StatusCode::NOT_FOUND, MessagePage::new(lang, t.unknown_title, vec![t.unknown_body.into()]))
            }
            PublicError::Revoked { point, lang } => {
                let t = i18n::public(lang);
                let body = format!("{} {point}.", t.revoked_body);
                (StatusCode::GONE, MessagePage::new(lang, t.revoked_title, vec![body]).at_point(&point))
            }
            PublicError::NoCampaign { point, lang } => {
                let t = i18n::public(lang);
                let body = format!("{} {point}.", t.no_campaign_body);
                (StatusCode::NOT_FOUND, MessagePage::new(lang, t.no_campaign_title, vec![body]).at_point(&point))
            }
            PublicError::Closed { refusal, point, lang } => {
                let t = i18n::public(lang);
                let body = if refusal == Refusal::NotStarted { t.not_started_body } else { t.closed_body };
                (StatusCode::GONE, MessagePage::new(lang, t.closed_title, vec![body.into()]).at_point(&point))
            }
            PublicError::Limited { point, lang } => {
                let t = i18n::public(lang);
                let page = MessagePage::new(lang, t.limited_title, vec![t.limited_body.into()]).at_point(&point);
                (StatusCode::TOO_MANY_REQUESTS, page)
            }
            PublicError::Malformed { message, point, lang, token } => {
                let t = i18n::public(lang);
                let page = MessagePage::new(lang, t.malformed_title, vec![message, t.malformed_body.into()])
                    .at_point(&point)
                    .with_action(format!("/q/{}?lang={}", token.to_ascii_lowercase(), lang.code()));
                (StatusCode::BAD_REQUEST, page)
            }
            PublicError::TooLarge(lang) => {
                let t = i18n::public(lang);
                (
                    StatusCode::PAYLOAD_TOO_LARGE,
                    MessagePage::new(lang, t.too_large_title, vec![t.too_large_body.into()]),
                )
            }
            PublicError::WrongType(lang) => {
                let t = i18n::public(lang);
                (
                    StatusCode::UNSUPPORTED_MEDIA_TYPE,
                    MessagePage::new(lang, t.wrong_type_title, vec![t.wrong_type_body.into()]),
                )
            }
            PublicError::NotFound(lang) => {
                let t = i18n::public(lang);
                (StatusCode::NOT_FOUND, MessagePage::new(lang, t.not_found_title, vec![t.not_found_body.into()]))
            }
            PublicError::Internal => {
                let t = i18n::public(Lang::Vi);
                (
                    StatusCode::INTERNAL_SERVER_ERROR,
                    MessagePage::new(Lang::Vi, t.error_title, vec![t.error_body.into()]),
                )
            }
        };
        html(status, pages::render(&page))
    }
}

/// A rendered page, or the plain error page if a template failed.
pub fn html(status: StatusCode, rendered: Result<String, askama::Error>) -> Response {
    match rendered {
        Ok(body) => (status, Html(body)).into_response(),
        Err(e) => {
            tracing::error!(error = %e, "a template failed to render");
            (
                StatusCode::INTERNAL_SERVER_ERROR,
                Html("<!doctype html><title>Lỗi</title><p>Hệ thống đang gặp sự cố.</p>"),
            )
                .into_response()
        }
    }
}

/// Something a staff request ran into.
#[derive(Debug)]
pub enum StaffError {
    NotFound(String, Lang),
    Invalid(String, Lang),
    /// The role or scope does not allow it; the message says what.
    Forbidden(String, Lang),
    /// A form without this session's CSRF value (stale, or sent from another site).
    ExpiredForm(Lang),
    /// Too many failed sign-ins; the message says how long to wait.
    Throttled(String, Lang),
    /// A path naming nothing that could exist, such as `/admin/exports/abc`.
    NoSuchPage(Lang),
    /// A query string whose values are not what the page reads (`?page=abc`).
    BadAddress(Lang),
    Internal(Lang),
}

impl StaffError {
    pub fn from_app(error: AppError, lang: Lang) -> Self {
        match error {
            AppError::NotFound(what) => StaffError::NotFound(what, lang),
            AppError::Invalid(m) | AppError::Conflict(m) => StaffError::Invalid(m, lang),
            AppError::Forbidden(m) => StaffError::Forbidden(m, lang),
            e => {
                tracing::error!(error = %e, "a staff request failed");
                StaffError::Internal(lang)
            }
        }
    }
}

impl IntoResponse for StaffError {
    fn into_response(self) -> Response {
        let (status, lang, title, body) = match self {
            StaffError::NotFound(what, lang) => (
                StatusCode::NOT_FOUND,
                lang,
                i18n::staff(lang).not_found_title.to_owned(),
                format!("Không tìm thấy {what}."),
            ),
            StaffError::Invalid(message, lang) => {
                (StatusCode::BAD_REQUEST, lang, i18n::staff(lang).invalid_title.to_owned(), message)
            }
            StaffError::Forbidden(message, lang) => {
                let t = i18n::staff(lang);
                (StatusCode::FORBIDDEN, lang, t.forbidden_title.to_owned(), format!("{} {message}.", t.forbidden_body))
            }
            StaffError::ExpiredForm(lang) => {
                let t = i18n::staff(lang);
                (StatusCode::FORBIDDEN, lang, t.expired_title.to_owned(), t.expired_body.to_owned())
            }
            StaffError::Throttled(message, lang) => {
                (StatusCode::TOO_MANY_REQUESTS, lang, i18n::staff(lang).throttled_title.to_owned(), message)
            }
            StaffError::NoSuchPage(lang) => (
                StatusCode::NOT_FOUND,
                lang,
                i18n::staff(lang).not_found_title.to_owned(),
                i18n::public(lang).not_found_body.to_owned(),
            ),
            StaffError::BadAddress(lang) => {
                let t = i18n::staff(lang);
                (StatusCode::BAD_REQUEST, lang, t.invalid_title.to_owned(), t.bad_address.to_owned())
            }
            StaffError::Internal(lang) => {
                let t = i18n::staff(lang);
                (StatusCode::INTERNAL_SERVER_ERROR, lang, t.error_title.to_owned(), t.error_body.to_owned())
            }
        };
        html(status, pages::render(&StaffMessage::new(lang, title, body)))
    }
}

/// An error as the API gives it: a status and `{"error": message}`.
pub fn api(e: AppError) -> Response {
    let status = match &e {
        AppError::NotFound(_) => StatusCode::NOT_FOUND,
        AppError::Forbidden(_) => StatusCode::FORBIDDEN,
        AppError::Invalid(_) | AppError::Conflict(_) => StatusCode::BAD_REQUEST,
        _ => StatusCode::INTERNAL_SERVER_ERROR,
    };
    if status == StatusCode::INTERNAL_SERVER_ERROR {
        tracing::error!(error = %e, "an API request failed");
    }
    if e.is_internal() {
        return api_message(status, API_INTERNAL);
    }
    api_message(status, &e.to_string())
}

/// What the API says of a failure of ours; the details stay in the log.
const API_INTERNAL: &str = "lỗi hệ thống";

/// The API's answer to a failure of ours that is no `AppError` (logged by the caller).
pub fn api_internal() -> Response {
    api_message(StatusCode::INTERNAL_SERVER_ERROR, API_INTERNAL)
}

fn api_message(status: StatusCode, message: &str) -> Response {
    (status, Json(serde_json::json!({ "error": message }))).into_response()
}
