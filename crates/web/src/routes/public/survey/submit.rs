//! POST `/q/{token}`: the citizen's answers. Stored and counted, then a redirect to the
//! thank-you page; or the form again with the answers kept; or a clear page saying why
//! nothing was stored.

use std::collections::BTreeMap;

use app::integrity::Visitor;
use app::survey::{RetryReason, Submitted};
use axum::body::{Body, to_bytes};
use axum::extract::State;
use axum::http::header::{CACHE_CONTROL, CONTENT_TYPE};
use axum::http::{Extensions, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use domain::campaigns::Channel;
use domain::text::Lang;

use crate::error::{PublicError, html};
use crate::extract::Path;
use crate::pages;
use crate::pages::public::SurveyPage;
use crate::state::AppState;
use crate::{client, cookies, i18n};

pub async fn answers(
    State(state): State<AppState>,
    Path(token): Path<String>,
    extensions: Extensions,
    headers: HeaderMap,
    body: Body,
) -> Response {
    if !is_form(&headers) {
        return PublicError::WrongType(Lang::Vi).into_response();
    }
    let Ok(body) = to_bytes(body, state.app.config().max_body_bytes).await else {
        return PublicError::TooLarge(Lang::Vi).into_response();
    };
    let visitor = Visitor {
        device: cookies::device(&headers).map(str::to_owned),
        address: client::address(&extensions, &headers, &state.app.config().trusted_proxies),
    };
    match state.app.submit(&token, &body, Channel::Qr, &visitor).await {
        Ok(Submitted::Thanked { lang }) => {
            Redirect::to(&format!("/q/{}/cam-on?lang={}", token.to_ascii_lowercase(), lang.code())).into_response()
        }
        Ok(Submitted::Retry { survey, kept, errors, form_token, lang, reason, code, contact }) => {
            let t = i18n::public(lang);
            let (status, notice) = match reason {
                RetryReason::Incomplete => (StatusCode::UNPROCESSABLE_ENTITY, None),
                RetryReason::InvalidToken => (StatusCode::BAD_REQUEST, Some(t.retry_invalid_token)),
                RetryReason::Expired => (StatusCode::BAD_REQUEST, Some(t.retry_expired)),
            };
            let errors: BTreeMap<_, _> = errors;
            let days = state.app.config().privacy.contact_retention_days;
            let page = SurveyPage::new(&survey, lang, &kept, &errors, &form_token, notice)
                .with_code(&code, lang)
                .with_contact(&contact, days, lang);
            let mut response = html(status, pages::render(&page));
            response.headers_mut().insert(CACHE_CONTROL, "private, no-store".parse().expect("a valid header value"));
            response
        }
        Err(e) => PublicError::from_submit(e, &token).into_response(),
    }
}

/// Whether the body is an HTML form submission.
fn is_form(headers: &HeaderMap) -> bool {
    headers
        .get(CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(';').next())
        .is_some_and(|mime| mime.trim().eq_ignore_ascii_case("application/x-www-form-urlencoded"))
}
