//! Reading and writing the few cookies we use: the staff session, the sign-in form's CSRF
//! value, the staff language, a counter tablet's device token and a citizen's device cookie.

use axum::http::HeaderMap;
use axum::http::header::COOKIE;

pub const SESSION: &str = "hl_session";
pub const SIGN_IN_CSRF: &str = "hl_signin";
pub const LANG: &str = "hl_lang";
/// A kiosk's device token, sent to `/kiosk…` only.
pub const KIOSK: &str = "hl_kiosk";

/// A citizen's device: a random value the form page sets, so one phone's repeated answers at
/// a point can be told apart from many phones on one Wi-Fi. Sent to `/q/…` only; stored only
/// as a keyed hash.
pub const DEVICE: &str = "hl_device";
/// A week: longer than any limit's window, short enough to be forgotten.
pub const DEVICE_MAX_AGE_SECS: i64 = 7 * 24 * 3600;

/// The citizen's device cookie, if the request carries one we could have set (a random
/// URL-safe value of sane length); anything else counts as none.
pub fn device(headers: &HeaderMap) -> Option<&str> {
    get(headers, DEVICE).filter(|v| {
        (16..=64).contains(&v.len()) && v.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
    })
}

/// The value of cookie `name`, if the request carries it.
pub fn get<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers
        .get_all(COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v.trim_matches('"'))
}

/// A `Set-Cookie` value: HttpOnly always, `Secure` when the deployment is on HTTPS.
pub fn set(name: &str, value: &str, max_age_secs: i64, secure: bool, same_site: &str) -> String {
    set_at("/", name, value, max_age_secs, secure, same_site)
}

/// A `Set-Cookie` value sent back only to paths under `path`.
pub fn set_at(path: &str, name: &str, value: &str, max_age_secs: i64, secure: bool, same_site: &str) -> String {
    let secure = if secure { "; Secure" } else { "" };
    format!("{name}={value}; Path={path}; Max-Age={max_age_secs}; HttpOnly; SameSite={same_site}{secure}")
}

/// A `Set-Cookie` value that removes the cookie.
pub fn clear(name: &str, secure: bool) -> String {
    set(name, "", 0, secure, "Lax")
}

#[cfg(test)]
mod tests {
    use axum::http::HeaderValue;

    use super::*;

    #[test]
    fn finds_cookies_among_others() {
        let mut headers = HeaderMap::new();
        headers.insert(COOKIE, HeaderValue::from_static("a=1; hl_session=abc; b=2"));
        assert_eq!(get(&headers, SESSION), Some("abc"));
        assert_eq!(get(&headers, "c"), None);
        assert_eq!(set("x", "y", 60, true, "Strict"), "x=y; Path=/; Max-Age=60; HttpOnly; SameSite=Strict; Secure");
    }
}
