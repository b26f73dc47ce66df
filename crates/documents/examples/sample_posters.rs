//! Writes sample posters, a list and a ZIP to a folder, to look at the design after a change:
//! `cargo run -p hailong-documents --example sample_posters -- /tmp/posters`.

use hailong_documents::poster::{Paper, PosterSpec, poster_pack_pdf, posters_pdf, qr_list_pdf};
use hailong_documents::qr_zip::qr_zip;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let folder = std::path::PathBuf::from(std::env::args().nth(1).unwrap_or_else(|| "posters".into()));
    std::fs::create_dir_all(&folder)?;
    let points = sample_points(200);
    let mut extreme = points[1].clone();
    extreme.unit_name = extreme.unit_name.repeat(4);
    extreme.campaign_name = extreme.campaign_name.repeat(3);
    extreme.parent_path = extreme.parent_path.repeat(4);
    let files = [
        ("poster-1.pdf", posters_pdf(&points[..1], Paper::A4)?),
        ("poster-a4.pdf", posters_pdf(&points[..5], Paper::A4)?),
        ("poster-a5.pdf", posters_pdf(&points[..5], Paper::A5)?),
        ("poster-extreme.pdf", posters_pdf(&[extreme], Paper::A4)?),
        ("danh-sach-60.pdf", qr_list_pdf("Huyện Lục Ngạn, tỉnh Bắc Giang", &points[..60])?),
        ("pack-3.pdf", poster_pack_pdf("Huyện Lục Ngạn", &points[..3], Paper::A4)?),
        ("pack-200.pdf", poster_pack_pdf("Tỉnh Bắc Giang", &points, Paper::A4)?),
        ("ma-qr-200.zip", qr_zip(&points)?),
    ];
    for (name, bytes) in files {
        std::fs::write(folder.join(name), &bytes)?;
        println!("{name:>20} {:>9} bytes", bytes.len());
    }
    Ok(())
}

fn sample_points(count: usize) -> Vec<PosterSpec> {
    let names = [
        "Bộ phận một cửa xã Tân Dĩnh",
        "Trung tâm Phục vụ hành chính công tỉnh Bắc Giang - Chi nhánh huyện Lục Ngạn (Bộ phận Tiếp nhận và Trả kết quả)",
        "<script>alert(\"Ủy ban (nhân dân) \\ xã\")</script>",
        "Phường Hoàng Văn Thụ",
        "Bộ phận Tiếp nhận và Trả kết quả giải quyết thủ tục hành chính UBND thị trấn Chũ",
    ];
    (0..count)
        .map(|i| PosterSpec {
            unit_name: names[i % names.len()].to_owned(),
            unit_code: format!("{:05}", 7210 + i * 3),
            parent_path: "Huyện Lục Ngạn, tỉnh Bắc Giang".to_owned(),
            campaign_name: "Khảo sát PKS05 tại bộ phận một cửa các cấp năm 2025".to_owned(),
            url: format!("https://khaosat.bacgiang.gov.vn/q/{}", token(i)),
        })
        .collect()
}

/// A token shaped like the real ones: 24 lowercase base32 characters.
fn token(seed: usize) -> String {
    let alphabet = b"abcdefghijklmnopqrstuvwxyz234567";
    (0..24).map(|k| alphabet[(seed * 7 + k * 13 + seed * k) % 32] as char).collect()
}
