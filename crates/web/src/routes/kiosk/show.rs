//! GET `/kiosk`: what the tablet shows. Without a live device cookie, the enrolment page (saying
//! so when the cookie it had was revoked); with one, the point's form, or a waiting page while
//! no campaign runs there. Rendered per request: tablets are few and must see a new campaign.

use axum::extract::State;
use axum::http::header::{CACHE_CONTROL, SET_COOKIE};
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use domain::text::Lang;
use serde::Deserialize;

use super::{COOKIE_PATH, device_cookie, device_of};
use crate::cookies;
use crate::error::{PublicError, html};
use crate::extract::Query;
use crate::i18n;
use crate::pages;
use crate::pages::kiosk::{EnrolPage, KioskFormPage, KioskIdlePage};
use crate::state::AppState;

/// `?lang=en`: the language toggle, which stays on this page.
#[derive(Debug, Deserialize)]
pub struct KioskQuery {
    lang: Option<String>,
}

pub async fn page(State(state): State<AppState>, Query(query): Query<KioskQuery>, headers: HeaderMap) -> Response {
    let lang = Lang::from_code_or_default(query.lang.as_deref());
    let device = match device_of(&state, &headers).await {
        Ok(device) => device,
        Err(e) => return PublicError::internal(&e).into_response(),
    };
    let Some(device) = device else {
        let had_cookie = cookies::get(&headers, cookies::KIOSK).is_some_and(|c| !c.is_empty());
        let notice = had_cookie.then(|| i18n::kiosk(lang).device_unknown.to_owned());
        let mut response = no_store(html(StatusCode::OK, pages::render(&EnrolPage::new(lang, notice))));
        if had_cookie {
            let secure = state.app.config().cookies_are_secure();
            let cleared = cookies::set_at(COOKIE_PATH, cookies::KIOSK, "", 0, secure, "Strict");
            response.headers_mut().append(SET_COOKIE, cleared.parse().expect("a cookie is a valid header value"));
        }
        return response;
    };
    let rendered = match state.app.kiosk_form(&device).await {
        Ok(Some(form)) => pages::render(&KioskFormPage::new(&device, &form, lang)),
        Ok(None) => pages::render(&KioskIdlePage::new(&device, lang)),
        Err(e) => return PublicError::internal(&e).into_response(),
    };
    let mut response = no_store(html(StatusCode::OK, rendered));
    // Renewed at every load, so a tablet in daily use never reaches the cookie's end.
    let token = cookies::get(&headers, cookies::KIOSK).unwrap_or_default();
    response.headers_mut().append(SET_COOKIE, device_cookie(&state, token).parse().expect("a valid header value"));
    response
}

fn no_store(mut response: Response) -> Response {
    response.headers_mut().insert(CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}
