//! The address a request came from: the peer, or, when the peer is a trusted reverse proxy,
//! the last address its `X-Forwarded-For` names (the one the proxy itself saw; earlier entries
//! are whatever the client claimed). Used for limits only, never stored or logged.

use std::net::{IpAddr, SocketAddr};

use axum::extract::ConnectInfo;
use axum::http::{Extensions, HeaderMap};

pub fn address(extensions: &Extensions, headers: &HeaderMap, trusted_proxies: &[IpAddr]) -> Option<IpAddr> {
    let peer = extensions.get::<ConnectInfo<SocketAddr>>().map(|c| c.0.ip())?;
    if !trusted_proxies.contains(&peer) {
        return Some(peer);
    }
    // Only the last entry: the proxy wrote it. If it is not an address, earlier ones are not
    // to be trusted either.
    let last = headers.get_all("x-forwarded-for").iter().next_back().and_then(|v| v.to_str().ok());
    let forwarded = last.and_then(|v| v.rsplit(',').next()).and_then(|a| a.trim().parse::<IpAddr>().ok());
    Some(forwarded.unwrap_or(peer))
}

#[cfg(test)]
mod tests {
    use axum::http::HeaderValue;

    use super::*;

    fn from(peer: &str, forwarded: Option<&'static str>) -> Option<IpAddr> {
        let mut extensions = Extensions::new();
        extensions.insert(ConnectInfo(SocketAddr::new(peer.parse().unwrap(), 40000)));
        let mut headers = HeaderMap::new();
        if let Some(f) = forwarded {
            headers.insert("x-forwarded-for", HeaderValue::from_static(f));
        }
        address(&extensions, &headers, &["127.0.0.1".parse().unwrap()])
    }

    #[test]
    fn only_a_trusted_proxy_names_the_client() {
        assert_eq!(from("203.0.113.9", Some("198.51.100.1")), Some("203.0.113.9".parse().unwrap()));
        assert_eq!(from("127.0.0.1", Some("10.9.9.9, 198.51.100.1")), Some("198.51.100.1".parse().unwrap()));
        assert_eq!(from("127.0.0.1", Some("not an address")), Some("127.0.0.1".parse().unwrap()));
        assert_eq!(from("127.0.0.1", Some("198.51.100.1, junk")), Some("127.0.0.1".parse().unwrap()));
        assert_eq!(from("127.0.0.1", None), Some("127.0.0.1".parse().unwrap()));
        assert_eq!(address(&Extensions::new(), &HeaderMap::new(), &[]), None);
    }
}
