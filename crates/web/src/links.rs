//! Links: the public address of the deployment, a point's form URL, values put in a query.

use axum::http::HeaderMap;
use axum::http::header::HOST;

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

/// `value` made safe to put after `=` in a link's query: letters, digits and `-` as they are,
/// every other byte percent-encoded.
pub fn query_value(value: &str) -> String {
    value
        .bytes()
        .map(|b| if b.is_ascii_alphanumeric() || b == b'-' { (b as char).to_string() } else { format!("%{b:02X}") })
        .collect()
}
