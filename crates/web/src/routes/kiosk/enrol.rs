//! POST `/kiosk/enrol`: the enrolment code typed on the tablet. A valid code becomes the device
//! cookie (HttpOnly, SameSite=Strict, Secure on HTTPS) and the tablet goes to its form; a wrong,
//! used or expired code gets the same message, and wrong codes from one address pause
//! enrolment for a while.

use app::kiosk::EnrolError;
use axum::body::{Body, to_bytes};
use axum::extract::State;
use axum::http::header::SET_COOKIE;
use axum::http::{Extensions, HeaderMap, StatusCode};
use axum::response::{AppendHeaders, IntoResponse, Redirect, Response};
use domain::text::Lang;

use super::device_cookie;
use crate::client;
use crate::error::{PublicError, html};
use crate::i18n;
use crate::pages;
use crate::pages::kiosk::EnrolPage;
use crate::routes::admin::{field, form_fields};
use crate::state::AppState;

pub async fn submit(State(state): State<AppState>, extensions: Extensions, headers: HeaderMap, body: Body) -> Response {
    let Ok(body) = to_bytes(body, state.app.config().max_body_bytes).await else {
        return PublicError::TooLarge(Lang::Vi).into_response();
    };
    let fields = form_fields(&body).unwrap_or_default();
    let lang = Lang::from_code_or_default(Some(field(&fields, "_lang")).filter(|l| !l.is_empty()));
    let k = i18n::kiosk(lang);
    let client = client::address(&extensions, &headers, &state.app.config().trusted_proxies);
    let (status, notice) = match state.app.enrol_kiosk(field(&fields, "code"), client).await {
        Ok(enrolled) => {
            let cookie = device_cookie(&state, &enrolled.device_token);
            return (AppendHeaders([(SET_COOKIE, cookie)]), Redirect::to("/kiosk")).into_response();
        }
        Err(EnrolError::Refused) => (StatusCode::UNAUTHORIZED, k.enrol_refused.to_owned()),
        Err(EnrolError::Throttled { until }) => {
            let minutes = ((until - state.app.now()).get_seconds() + 59).div_euclid(60).max(1);
            (StatusCode::TOO_MANY_REQUESTS, format!("{} {minutes} {}.", k.enrol_throttled, k.minutes))
        }
        Err(EnrolError::Internal(e)) => return PublicError::internal(&e).into_response(),
    };
    html(status, pages::render(&EnrolPage::new(lang, Some(notice))))
}
