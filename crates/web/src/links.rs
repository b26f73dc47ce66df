//! Links: the public address of the deployment, a point's form URL, values put in a query.

use axum::http::HeaderMap;
use axum::http::header::HOST;
use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};

use crate::state::AppState;

/// The configured public address, or the one this request came to.
pub fn base_url(state: &AppState, headers: &HeaderMap) -> String {
    if let Some(base) = state.app.config().public_base() {
        return base.to_owned();
    }
    let host = headers.get(HOST).and_then(|h| h.to_str().ok()).filter(|h| valid_host(h)).unwrap_or("localhost");
    let scheme =
        headers.get("x-forwarded-proto").and_then(|h| h.to_str().ok()).filter(|p| *p == "https").unwrap_or("http");
    format!("{scheme}://{host}")
}

fn valid_host(host: &str) -> bool {
    !host.is_empty()
        && host.len() <= 253
        && host.bytes().all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-' | b':' | b'[' | b']'))
}

/// The address a point's QR code leads to.
pub fn form_url(state: &AppState, headers: &HeaderMap, token: &str) -> String {
    format!("{}/q/{token}", base_url(state, headers))
}

/// What a query value keeps as it is: RFC 3986's unreserved characters.
const QUERY_VALUE: &AsciiSet = &NON_ALPHANUMERIC.remove(b'-').remove(b'_').remove(b'.').remove(b'~');

/// A local path as a query value (`?next=`): its slashes kept, readable in the address bar.
const PATH_VALUE: &AsciiSet = &QUERY_VALUE.remove(b'/');

/// `value` made safe to put after `=` in a link's query.
pub fn query_value(value: &str) -> String {
    utf8_percent_encode(value, QUERY_VALUE).to_string()
}

/// A local path made safe to put after `=` in a link's query.
pub fn path_value(path: &str) -> String {
    utf8_percent_encode(path, PATH_VALUE).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn query_values_are_percent_encoded() {
        assert_eq!(path_value("/a b?x=1"), "/a%20b%3Fx%3D1");
        assert_eq!(query_value("/a b&c=d"), "%2Fa%20b%26c%3Dd");
        assert_eq!(query_value("K7MQ-3XHD_1.2~"), "K7MQ-3XHD_1.2~");
        assert_eq!(query_value("Hài lòng"), "H%C3%A0i%20l%C3%B2ng");
    }
}
