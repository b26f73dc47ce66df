//! Who is asking: the signed-in staff user from the session cookie, and the staff language.

use app::accounts::SessionUser;
use axum::extract::FromRequestParts;
use axum::http::HeaderMap;
use axum::http::request::Parts;
use axum::response::{IntoResponse, Redirect, Response};
use domain::text::Lang;

use crate::error::StaffError;
use crate::state::AppState;
use crate::{cookies, links};

/// The language of staff pages: the `hl_lang` cookie, Vietnamese by default.
pub fn staff_lang(headers: &HeaderMap) -> Lang {
    Lang::from_code_or_default(cookies::get(headers, cookies::LANG))
}

/// A signed-in staff user. Extracting it from a request without a live session redirects to
/// the sign-in page, which brings the user back afterwards.
#[derive(Debug, Clone)]
pub struct SignedIn {
    pub user: SessionUser,
    pub lang: Lang,
}

impl FromRequestParts<AppState> for SignedIn {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        let lang = staff_lang(&parts.headers);
        match current_user(parts, state).await {
            Ok(Some(user)) => Ok(SignedIn { user, lang }),
            Ok(None) => {
                let here = parts.uri.path_and_query().map_or("/", |p| p.as_str());
                Err(Redirect::to(&format!("/login?next={}", links::path_value(here))).into_response())
            }
            Err(e) => Err(StaffError::from_app(e, lang).into_response()),
        }
    }
}

/// A signed-in staff user with their permissions and scope: what every `/admin` handler takes.
/// Everything such a handler reads or changes goes through `staff`, which checks the role
/// and the unit scope in one place (`app::staff`).
#[derive(Debug, Clone)]
pub struct StaffRequest {
    pub staff: app::staff::Staff,
    pub lang: Lang,
}

impl StaffRequest {
    /// The session's user, for the page header.
    pub fn user(&self) -> SessionUser {
        self.staff.user().clone()
    }

    /// Refuses a state-changing form whose CSRF value is not this session's.
    pub fn check_csrf(&self, submitted: &str) -> Result<(), StaffError> {
        if csrf_matches(&self.staff.user().csrf_token, submitted) {
            Ok(())
        } else {
            Err(StaffError::ExpiredForm(self.lang))
        }
    }
}

impl FromRequestParts<AppState> for StaffRequest {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        let SignedIn { user, lang } = SignedIn::from_request_parts(parts, state).await?;
        match state.app.staff(user).await {
            Ok(staff) => Ok(StaffRequest { staff, lang }),
            Err(e) => Err(StaffError::from_app(e, lang).into_response()),
        }
    }
}

/// The signed-in user if there is one, for pages anyone may see.
#[derive(Debug, Clone)]
pub struct MaybeSignedIn {
    pub user: Option<SessionUser>,
    pub lang: Lang,
}

impl FromRequestParts<AppState> for MaybeSignedIn {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        let lang = staff_lang(&parts.headers);
        let user = current_user(parts, state).await.map_err(|e| StaffError::from_app(e, lang).into_response())?;
        Ok(MaybeSignedIn { user, lang })
    }
}

async fn current_user(parts: &Parts, state: &AppState) -> Result<Option<SessionUser>, app::AppError> {
    match cookies::get(&parts.headers, cookies::SESSION) {
        Some(cookie) if !cookie.is_empty() => state.app.session(cookie).await,
        _ => Ok(None),
    }
}

/// Whether a submitted CSRF value matches the session's, compared in constant time.
pub fn csrf_matches(expected: &str, submitted: &str) -> bool {
    let (a, b) = (expected.as_bytes(), submitted.as_bytes());
    a.len() == b.len() && !a.is_empty() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// A `next` target we are willing to redirect to: a local path, never another site.
pub fn safe_next(next: &str) -> &str {
    let local =
        next.starts_with('/') && !next.starts_with("//") && !next.starts_with("/\\") && !next.contains(['\r', '\n']);
    if local { next } else { "/admin" }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn redirects_stay_on_this_site() {
        assert_eq!(safe_next("/admin/campaigns/x?lang=en"), "/admin/campaigns/x?lang=en");
        assert_eq!(safe_next("//evil.example/"), "/admin");
        assert_eq!(safe_next("https://evil.example/"), "/admin");
        assert_eq!(safe_next("/\\evil.example"), "/admin");
    }

    #[test]
    fn csrf_comparison() {
        assert!(csrf_matches("abc", "abc"));
        assert!(!csrf_matches("abc", "abd"));
        assert!(!csrf_matches("", ""));
    }
}
