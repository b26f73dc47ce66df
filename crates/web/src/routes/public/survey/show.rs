//! GET `/q/{token}`: the form. The page is rendered and compressed once per point, campaign
//! and language; each visitor gets it with their own form token spliced in, and a device
//! cookie if they have none yet (docs/INTEGRITY.md). `?code=` (a QR printed on a receipt or
//! queue ticket) fills in the verification code when the campaign asks for one: that page is
//! the visitor's own, rendered for them and not cached.

use std::collections::BTreeMap;
use std::sync::Arc;

use app::survey::{CodeEntry, Survey};
use axum::extract::State;
use axum::http::header::{ACCEPT_ENCODING, CACHE_CONTROL, CONTENT_ENCODING, CONTENT_TYPE, SET_COOKIE, VARY};
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use domain::answers::Answers;
use domain::contact::ContactEntry;
use domain::signing::random_id;
use domain::text::Lang;

use crate::error::PublicError;
use crate::extract::{Path, Query};
use crate::gzip_hole::HoledPage;
use crate::pages::public::{SurveyPage, TOKEN_HOLE};
use crate::state::AppState;
use crate::{cookies, pages};

/// `?lang=en&code=K7MQ-3XHD`.
#[derive(Debug, serde::Deserialize, Default)]
pub struct FormQuery {
    pub lang: Option<String>,
    pub code: Option<String>,
}

/// Longest `?code=` taken into the form; a longer one is not a code and is left out.
const MAX_PREFILL: usize = 64;

pub async fn form(
    State(state): State<AppState>,
    Path(token): Path<String>,
    Query(query): Query<FormQuery>,
    headers: HeaderMap,
) -> Response {
    let lang = Lang::from_code_or_default(query.lang.as_deref());
    let survey = match state.app.survey(&token).await {
        Ok(survey) => survey,
        Err(e) => return PublicError::from_survey(e, lang).into_response(),
    };
    let lang = if survey.instrument.instrument.speaks(lang) { lang } else { Lang::Vi };
    let days = state.app.config().privacy.contact_retention_days;
    let prefill = query.code.map(|c| c.trim().to_owned()).filter(|c| !c.is_empty() && c.len() <= MAX_PREFILL);
    let key = (survey.token.clone(), survey.campaign.id, survey.instrument.id, lang, survey.verification);
    let page = match (state.pages.get(&key), prefill) {
        (_, Some(code)) if survey.verification => {
            let entry = CodeEntry { typed: code, problem: None };
            match holed(&survey, lang, &entry, days) {
                Some(page) => Arc::new(page),
                None => return PublicError::Internal.into_response(),
            }
        }
        (Some(page), _) => page,
        (None, _) => {
            let Some(page) = holed(&survey, lang, &CodeEntry::default(), days) else {
                return PublicError::Internal.into_response();
            };
            let page = Arc::new(page);
            state.pages.put(key, page.clone());
            page
        }
    };
    let form_token = state.app.issue_form_token(survey.campaign.id);
    let common = [
        (CONTENT_TYPE, "text/html; charset=utf-8"),
        // The page carries a token for this visitor only: no shared cache may keep it.
        (CACHE_CONTROL, "private, no-store"),
        (VARY, "Accept-Encoding"),
    ];
    let mut response = if accepts_gzip(&headers) {
        (StatusCode::OK, common, [(CONTENT_ENCODING, "gzip")], page.gzip(&form_token)).into_response()
    } else {
        (StatusCode::OK, common, page.plain(&form_token)).into_response()
    };
    if cookies::device(&headers).is_none() {
        let secure = state.app.config().cookies_are_secure();
        let cookie = cookies::set_at("/q", cookies::DEVICE, &random_id(), cookies::DEVICE_MAX_AGE_SECS, secure, "Lax");
        if let Ok(value) = HeaderValue::from_str(&cookie) {
            response.headers_mut().append(SET_COOKIE, value);
        }
    }
    response
}

/// The blank form, with `code` in its code field and a blank contact section, compressed around the form token's hole.
fn holed(survey: &Survey, lang: Lang, code: &CodeEntry, days: u32) -> Option<HoledPage> {
    let (kept, errors) = (Answers::default(), BTreeMap::new());
    let page = SurveyPage::new(survey, lang, &kept, &errors, TOKEN_HOLE, None).with_code(code, lang).with_contact(
        &ContactEntry::default(),
        days,
        lang,
    );
    let holed = pages::render(&page).ok().and_then(|html| HoledPage::new(&html, TOKEN_HOLE));
    if holed.is_none() {
        tracing::error!(point = %survey.point.point.code, "the survey page failed to render");
    }
    holed
}

/// Whether the client takes gzip (and did not refuse it with `q=0`).
fn accepts_gzip(headers: &HeaderMap) -> bool {
    headers.get_all(ACCEPT_ENCODING).iter().filter_map(|v| v.to_str().ok()).flat_map(|v| v.split(',')).any(|coding| {
        let mut parts = coding.split(';').map(str::trim);
        let name = parts.next().unwrap_or_default();
        let refused = parts.any(|p| p.strip_prefix("q=").and_then(|q| q.trim().parse::<f32>().ok()) == Some(0.0));
        (name.eq_ignore_ascii_case("gzip") || name == "*") && !refused
    })
}

#[cfg(test)]
mod tests {
    use axum::http::HeaderValue;

    use super::*;

    #[test]
    fn gzip_negotiation() {
        let with = |v: &'static str| {
            let mut h = HeaderMap::new();
            h.insert(ACCEPT_ENCODING, HeaderValue::from_static(v));
            accepts_gzip(&h)
        };
        assert!(with("gzip, deflate, br"));
        assert!(with("br;q=1.0, gzip;q=0.8"));
        assert!(!with("gzip;q=0"));
        assert!(!with("identity"));
        assert!(!accepts_gzip(&HeaderMap::new()));
    }
}
