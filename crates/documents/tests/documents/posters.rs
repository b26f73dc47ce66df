//! Posters: a page per point that scans to that point's survey, in text a reader can copy.

use hailong_documents::DocumentError;
use hailong_documents::poster::{Paper, poster_pack_pdf, posters_pdf, qr_list_pdf};
use hailong_documents::qr_zip::qr_zip;
use readback::{page_count, pages, scan_page};

use crate::{point, points};

const A4: (f64, f64) = (595.3, 841.9);
const A5: (f64, f64) = (419.5, 595.3);

#[test]
fn a_pack_of_three_points_is_three_a4_posters_then_one_list_page() {
    let pdf = poster_pack_pdf("Huyện Lục Ngạn", &points(3), Paper::A4).unwrap();
    let pages = pages(&pdf);
    assert_eq!(pages.len(), 4);
    for page in &pages {
        assert_eq!((page.width.round(), page.height.round()), (A4.0.round(), A4.1.round()));
    }
    for (n, poster) in pages[..3].iter().enumerate() {
        assert!(poster.flat().contains(&format!("Bộ phận một cửa xã Tân Dĩnh số {}", n + 1)), "{}", poster.text);
    }
    assert!(pages[3].text.contains("Danh sách mã QR"), "{}", pages[3].text);
}

#[test]
fn each_poster_scans_to_its_own_survey_on_a4_and_a5() {
    let points = points(3);
    for paper in [Paper::A4, Paper::A5] {
        let pdf = posters_pdf(&points, paper).unwrap();
        assert_eq!(page_count(&pdf), 3);
        for (index, point) in points.iter().enumerate() {
            assert_eq!(scan_page(&pdf, index, 1.0), [point.url.as_str()], "{paper:?} page {}", index + 1);
        }
    }
}

#[test]
fn a_poster_says_in_copyable_vietnamese_who_it_is_for_and_what_to_do() {
    let pdf = posters_pdf(&points(1), Paper::A4).unwrap();
    let page = &pages(&pdf)[0];
    let (text, flat) = (&page.text, page.flat());
    for expected in [
        "Bộ phận một cửa xã Tân Dĩnh số 1",
        "Huyện Lục Ngạn, tỉnh Bắc Giang",
        "Khảo sát PKS05 năm 2025",
        "Quét mã QR để đánh giá mức độ hài lòng của Ông/Bà",
        "Chỉ mất khoảng 1 phút. Không cần đăng nhập.",
        "Phiếu khảo sát ẩn danh: không thu thập tên, số điện thoại hay địa chỉ IP của Ông/Bà.",
        "Mã đơn vị: 26800",
    ] {
        assert!(flat.contains(expected), "{expected:?} is missing from:\n{text}");
    }
    let url = &points(1)[0].url;
    assert!(text.lines().any(|line| line == url), "the address is printed whole on one line:\n{text}");
}

#[test]
fn names_print_literally_and_in_nfc_whatever_they_hold() {
    let hostile = r#"<script>alert("Ủy ban (nhân dân) \ xã")</script> %PDF) Tj ET"#;
    let decomposed = "Xa\u{0303} Ta\u{0302}n Di\u{0303}nh";
    let pdf = posters_pdf(&[point(1, hostile), point(2, decomposed)], Paper::A4).unwrap();
    let pages = pages(&pdf);
    assert!(pages[0].flat().contains(hostile), "{}", pages[0].text);
    assert!(pages[1].text.contains("Xã Tân Dĩnh"), "{}", pages[1].text);
}

#[test]
fn long_names_shrink_and_wrap_but_never_leave_the_paper() {
    let long = "Trung tâm Phục vụ hành chính công tỉnh Bắc Giang - Chi nhánh huyện Lục Ngạn \
                (Bộ phận Tiếp nhận và Trả kết quả giải quyết thủ tục hành chính liên thông)";
    let unbroken = "Bộphậnmộtcửakhôngcókhoảngtrắngnàotrongtênrấtdàiđểthửcáchngắtdòngkhẩncấp";
    for paper in [Paper::A4, Paper::A5] {
        let (width, height) = if paper == Paper::A4 { A4 } else { A5 };
        let pdf = posters_pdf(&[point(1, long), point(2, unbroken)], paper).unwrap();
        for page in pages(&pdf) {
            assert!(page.glyph_boxes.len() > 200, "the page has its text");
            for glyph in &page.glyph_boxes {
                let inside = glyph.x0 >= 0.0 && glyph.y0 >= 0.0 && glyph.x1 <= width && glyph.y1 <= height;
                assert!(inside, "{paper:?}: a glyph at {glyph:?} is off the paper");
            }
            assert!(page.text.contains("Không cần đăng nhập"), "the rest of the poster is still there");
        }
    }
}

#[test]
fn an_address_too_long_for_a_qr_code_is_an_error_naming_the_point() {
    let mut points = points(2);
    points[1].url = format!("https://khaosat.bacgiang.gov.vn/q/{}", "x".repeat(3000));
    let too_long = |result: Result<Vec<u8>, DocumentError>| match result {
        Err(DocumentError::UrlTooLong { unit_code, .. }) => unit_code,
        other => panic!("expected UrlTooLong, got {:?}", other.map(|bytes| bytes.len())),
    };
    assert_eq!(too_long(posters_pdf(&points, Paper::A4)), "26801");
    assert_eq!(too_long(qr_list_pdf("Lục Ngạn", &points)), "26801");
    assert_eq!(too_long(poster_pack_pdf("Lục Ngạn", &points, Paper::A5)), "26801");
    assert_eq!(too_long(qr_zip(&points)), "26801");
}

#[test]
fn a_point_without_an_address_is_an_error_not_a_code_that_opens_nothing() {
    let mut points = points(2);
    points[0].url = "  ".to_owned();
    for result in [posters_pdf(&points, Paper::A4), qr_zip(&points)] {
        assert!(matches!(result, Err(DocumentError::NoUrl { unit_code }) if unit_code == "26800"));
    }
}

#[test]
fn nothing_to_print_is_an_error() {
    assert!(matches!(posters_pdf(&[], Paper::A4), Err(DocumentError::NoPoints)));
    assert!(matches!(qr_list_pdf("Lục Ngạn", &[]), Err(DocumentError::NoPoints)));
    assert!(matches!(qr_zip(&[]), Err(DocumentError::NoPoints)));
}

#[test]
fn two_hundred_posters_embed_the_fonts_once_and_stay_small() {
    let pdf = poster_pack_pdf("Tỉnh Bắc Giang", &points(200), Paper::A4).unwrap();
    let count = page_count(&pdf);
    assert!(count > 200 && count < 230, "200 posters and a list, got {count} pages");
    assert!(pdf.len() < 1_500_000, "{} bytes", pdf.len());
    let font_files = pdf.windows(b"/FontFile2".len()).filter(|w| w == b"/FontFile2").count();
    assert_eq!(font_files, 3, "regular, bold and mono, each subset once for the whole document");
}
