//! Static files, embedded in the binary and served under names that carry a hash of their
//! content, so browsers may keep them forever and still see a new version at once.

use std::sync::OnceLock;

use data_encoding::HEXLOWER;
use sha2::{Digest, Sha256};

#[derive(Debug)]
pub struct Asset {
    /// The URL path, e.g. `/static/staff.3f2a9c1b.css`.
    pub path: String,
    pub body: &'static [u8],
    pub content_type: &'static str,
}

const FILES: &[(&str, &str, &[u8], &str)] = &[
    ("staff", "css", include_bytes!("../static/staff.css"), "text/css; charset=utf-8"),
    ("favicon", "svg", include_bytes!("../static/favicon.svg"), "image/svg+xml"),
    ("monitor", "js", include_bytes!("../static/monitor.js"), "text/javascript; charset=utf-8"),
    ("kiosk", "css", include_bytes!("../static/kiosk.css"), "text/css; charset=utf-8"),
    ("kiosk", "js", include_bytes!("../static/kiosk.js"), "text/javascript; charset=utf-8"),
];

pub fn all() -> &'static [Asset] {
    static ASSETS: OnceLock<Vec<Asset>> = OnceLock::new();
    ASSETS.get_or_init(|| {
        FILES
            .iter()
            .map(|(name, ext, body, content_type)| {
                let hash = HEXLOWER.encode(&Sha256::digest(body)[..4]);
                Asset { path: format!("/static/{name}.{hash}.{ext}"), body, content_type }
            })
            .collect()
    })
}

pub fn find(path: &str) -> Option<&'static Asset> {
    all().iter().find(|a| a.path == path)
}

/// The URL of the asset named `name` (`staff`, `favicon`), or `name.ext` where two assets share
/// a name (`kiosk.css`, `kiosk.js`).
pub fn url(name: &str) -> &'static str {
    let (stem, ext) = name.split_once('.').map_or((name, None), |(stem, ext)| (stem, Some(ext)));
    all()
        .iter()
        .find(|a| {
            a.path.starts_with(&format!("/static/{stem}."))
                && ext.is_none_or(|ext| a.path.ends_with(&format!(".{ext}")))
        })
        .map_or("/static/missing", |a| a.path.as_str())
}
