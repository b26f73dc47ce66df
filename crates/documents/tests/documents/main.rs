//! The documents as a reader meets them: PDFs parsed, their text extracted, their pages
//! rendered and their QR codes scanned with pure-Rust tools (hayro, rqrr); ZIPs unpacked.

mod archive;
mod charts;
mod list;
mod posters;
mod report;

use hailong_documents::poster::PosterSpec;

/// A service point shaped like the real ones, its survey address unique to `n`.
fn point(n: usize, unit_name: &str) -> PosterSpec {
    PosterSpec {
        unit_name: unit_name.to_owned(),
        unit_code: format!("{:05}", 26800 + n),
        parent_path: "Huyện Lục Ngạn, tỉnh Bắc Giang".to_owned(),
        campaign_name: "Khảo sát PKS05 năm 2025".to_owned(),
        url: format!("https://khaosat.bacgiang.gov.vn/q/{}", token(n)),
    }
}

fn points(count: usize) -> Vec<PosterSpec> {
    (0..count).map(|n| point(n, &format!("Bộ phận một cửa xã Tân Dĩnh số {}", n + 1))).collect()
}

/// 24 lowercase base32 characters, as real point tokens are.
fn token(n: usize) -> String {
    const ALPHABET: &[u8] = b"abcdefghijklmnopqrstuvwxyz234567";
    (0..24).map(|k| ALPHABET[(n * 31 + k * k * 7 + k) % 32] as char).collect()
}
