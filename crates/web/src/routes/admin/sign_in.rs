//! `/login`: the staff sign-in form. Its CSRF protection is a double-submit value: a random
//! cookie (SameSite=Strict) that the form must repeat, since there is no session yet. A new
//! session id is issued at every sign-in, so a planted cookie cannot be carried over.

use app::accounts::SignInError;
use axum::body::{Body, to_bytes};
use axum::extract::State;
use axum::http::header::SET_COOKIE;
use axum::http::{Extensions, HeaderMap, StatusCode};
use axum::response::{AppendHeaders, IntoResponse, Redirect, Response};
use domain::signing::random_id;
use serde::Deserialize;

use super::{field, form_fields};
use crate::error::{StaffError, html};
use crate::extract::Query;
use crate::i18n;
use crate::pages;
use crate::pages::staff::{PageContext, SignInPage};
use crate::session::{MaybeSignedIn, csrf_matches, safe_next, staff_lang};
use crate::state::AppState;
use crate::{client, cookies};

#[derive(Debug, Deserialize)]
pub struct NextQuery {
    next: Option<String>,
}

pub async fn form(State(state): State<AppState>, who: MaybeSignedIn, Query(query): Query<NextQuery>) -> Response {
    let next = safe_next(query.next.as_deref().unwrap_or("/admin")).to_owned();
    if who.user.is_some() {
        return Redirect::to(&next).into_response();
    }
    render(&state, who.lang, next, String::new(), None, StatusCode::OK)
}

fn render(
    state: &AppState,
    lang: domain::text::Lang,
    next: String,
    username: String,
    error: Option<&'static str>,
    status: StatusCode,
) -> Response {
    let csrf = random_id();
    let secure = state.app.config().cookies_are_secure();
    let page = SignInPage {
        t: i18n::staff(lang),
        ctx: PageContext::new(None, "sign-in", "/login"),
        csrf: csrf.clone(),
        next,
        username,
        error,
    };
    let mut response = html(status, pages::render(&page));
    let cookie = cookies::set(cookies::SIGN_IN_CSRF, &csrf, 3600, secure, "Strict");
    response.headers_mut().append(SET_COOKIE, cookie.parse().expect("a cookie is a valid header value"));
    response
}

pub async fn submit(State(state): State<AppState>, extensions: Extensions, headers: HeaderMap, body: Body) -> Response {
    let lang = staff_lang(&headers);
    let t = i18n::staff(lang);
    let Ok(body) = to_bytes(body, state.app.config().max_body_bytes).await else {
        return StaffError::Invalid("dữ liệu gửi lên quá lớn".into(), lang).into_response();
    };
    let Some(fields) = form_fields(&body) else {
        return StaffError::Invalid("dữ liệu gửi lên không hợp lệ".into(), lang).into_response();
    };
    let next = safe_next(field(&fields, "next")).to_owned();
    let username = field(&fields, "username").trim().to_owned();
    let expected = cookies::get(&headers, cookies::SIGN_IN_CSRF).unwrap_or_default();
    if !csrf_matches(expected, field(&fields, "_csrf")) {
        return render(&state, lang, next, username, Some(t.expired_form), StatusCode::FORBIDDEN);
    }
    // Behind a trusted reverse proxy, the address it names: otherwise every staff member would
    // share the proxy's and one person's typos would pause everyone.
    let client = client::address(&extensions, &headers, &state.app.config().trusted_proxies);
    match state.app.sign_in(&username, field(&fields, "password"), client).await {
        Ok(signed_in) => {
            let config = state.app.config();
            let secure = config.cookies_are_secure();
            let max_age = i64::from(config.session_hours) * 3600;
            let session = cookies::set(cookies::SESSION, &signed_in.cookie, max_age, secure, "Lax");
            let cleared = cookies::clear(cookies::SIGN_IN_CSRF, secure);
            (AppendHeaders([(SET_COOKIE, session), (SET_COOKIE, cleared)]), Redirect::to(&next)).into_response()
        }
        Err(SignInError::Throttled { until }) => {
            let minutes = ((until - state.app.now()).get_seconds() + 59).div_euclid(60).max(1);
            let message = match lang {
                domain::text::Lang::Vi => format!("{} {minutes} phút.", t.throttled_body),
                domain::text::Lang::En => format!("{} {minutes} min.", t.throttled_body),
            };
            StaffError::Throttled(message, lang).into_response()
        }
        Err(SignInError::Invalid) => {
            render(&state, lang, next, username, Some(t.bad_credentials), StatusCode::UNAUTHORIZED)
        }
        Err(SignInError::Internal(e)) => StaffError::from_app(e, lang).into_response(),
    }
}
