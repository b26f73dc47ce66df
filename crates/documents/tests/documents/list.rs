//! The list of QR codes: a row per point, in order, over as many pages as it takes, each page
//! with the table header and its number.

use hailong_documents::poster::qr_list_pdf;
use readback::{pages, scan_page};

use crate::points;

#[test]
fn sixty_points_paginate_with_the_header_on_every_page_and_every_point_once() {
    let points = points(60);
    let pdf = qr_list_pdf("Huyện Lục Ngạn (đợt 1) \\ <b>", &points).unwrap();
    let pages = pages(&pdf);
    assert!(pages.len() >= 4, "60 rows need several pages, got {}", pages.len());
    let total = pages.len();
    for (index, page) in pages.iter().enumerate() {
        let text = &page.text;
        for header in ["Danh sách mã QR", "Huyện Lục Ngạn (đợt 1) \\ <b> · 60 điểm tiếp nhận", "STT", "Đơn vị", "Mã QR"]
        {
            assert!(text.contains(header), "page {} lacks {header:?}:\n{text}", index + 1);
        }
        assert!(text.contains(&format!("Trang {}/{total}", index + 1)), "{text}");
    }
    let all: String = pages.iter().map(|page| page.flat()).collect::<Vec<_>>().join(" ");
    let mut last = 0;
    for point in &points {
        assert_eq!(all.matches(&point.unit_code).count(), 1, "{} is listed once", point.unit_code);
        let at = all.find(&point.unit_code).unwrap();
        assert!(at > last, "{} is in order", point.unit_code);
        last = at;
        assert!(all.contains(&point.unit_name), "{}", point.unit_name);
    }
}

#[test]
fn the_small_codes_in_the_list_scan_to_their_rows_addresses() {
    let points = points(12);
    let pdf = qr_list_pdf("Huyện Lục Ngạn", &points).unwrap();
    let found = scan_page(&pdf, 0, 4.0);
    let first_page = pages(&pdf)[0].text.clone();
    let mut expected: Vec<String> =
        points.iter().filter(|point| first_page.contains(&point.unit_code)).map(|point| point.url.clone()).collect();
    expected.sort();
    assert!(expected.len() > 5, "the first page holds several rows");
    assert_eq!(found, expected);
}
