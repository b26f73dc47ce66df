//! The report layout: a cover, sections flowing over A4 pages, long tables repeating their
//! header on every page, headings kept with what follows, text printed literally.

use hailong_documents::report::{Block, Column, Report, Table, report_pdf};
use readback::{page_count, pages};

fn report(rows: usize) -> Report {
    let table = Table {
        columns: vec![Column::number("Hạng", 1.0), Column::text("Đơn vị", 5.0), Column::number("Tỷ lệ hài lòng", 2.0)],
        rows: (0..rows).map(|i| vec![format!("{}", i + 1), format!("Xã số {:03}", i + 1), "86,4%".into()]).collect(),
    };
    Report {
        title: "Báo cáo kết quả khảo sát sự hài lòng".into(),
        subtitle: "Khảo sát PKS05 năm 2024".into(),
        facts: vec![("Phạm vi".into(), "Tỉnh Bắc Giang".into()), ("Mẫu phiếu".into(), "PKS05 v1".into())],
        footer: "Hài Lòng · pks05-2024".into(),
        blocks: vec![
            Block::Heading("1. Phương pháp".into()),
            Block::Paragraph("Tỷ lệ hài lòng là số câu trả lời ở mức Hài lòng hoặc Rất hài lòng.".into()),
            Block::Figures(vec![("Số phiếu".into(), "1.234".into(), "220 điểm".into())]),
            Block::Heading("2. Xếp hạng".into()),
            Block::Table(table),
            Block::Heading("3. Ý kiến".into()),
            Block::Quote {
                source: "Xã <b>Tân</b>, 10/07/2024".into(),
                text: "<script>alert(1)</script> =cmd()".into(),
            },
        ],
    }
}

#[test]
fn a_long_table_repeats_its_header_on_every_page_it_reaches() {
    let pdf = pdf(&report(120));
    let pages = pages(&pdf);
    assert!(pages.len() >= 4, "cover, and 120 rows over several pages: {}", pages.len());
    assert!(pages[0].text.contains("Báo cáo kết quả khảo sát sự hài lòng") && pages[0].text.contains("Tỉnh Bắc Giang"));
    let with_rows: Vec<_> = pages.iter().filter(|p| p.text.contains("Xã số")).collect();
    assert!(with_rows.len() >= 2);
    for page in &with_rows {
        assert!(page.text.contains("Hạng") && page.text.contains("Đơn vị"), "header repeated:\n{}", page.text);
    }
    let all: String = pages.iter().map(|p| p.flat()).collect::<Vec<_>>().join(" ");
    for i in 1..=120 {
        assert_eq!(all.matches(&format!("Xã số {i:03}")).count(), 1, "row {i} once");
    }
    let total = pages.len();
    assert!(pages.iter().enumerate().all(|(i, p)| p.text.contains(&format!("Trang {}/{total}", i + 1))));
    for page in &pages {
        assert!(page.glyph_boxes.iter().all(|b| b.y1 <= page.height - 30.0 || b.y0 > page.height - 60.0), "inside");
    }
}

#[test]
fn markup_and_formulas_are_printed_as_they_are() {
    let pdf = pdf(&report(3));
    let all: String = pages(&pdf).iter().map(|p| p.flat()).collect::<Vec<_>>().join(" ");
    assert!(all.contains("<script>alert(1)</script> =cmd()"), "{all}");
    assert!(all.contains("Xã <b>Tân</b>, 10/07/2024"));
    assert_eq!(page_count(&pdf), 2, "a short report: the cover and one page");
}

#[test]
fn a_heading_never_ends_a_page() {
    // Enough paragraphs to bring the next heading near the foot of the page.
    let mut blocks = Vec::new();
    for i in 0..60 {
        blocks.push(Block::Heading(format!("Mục {i}")));
        blocks.push(Block::Paragraph("Một đoạn văn ngắn về phương pháp tính.".into()));
    }
    let r = Report { blocks, ..report(0) };
    for page in pages(&pdf(&r)).iter().skip(1) {
        let last_line = page.text.lines().rfind(|l| !l.contains("Trang ") && !l.contains("Hài Lòng")).unwrap();
        assert!(!last_line.starts_with("Mục"), "a page ends with a heading:\n{}", page.text);
    }
}

fn pdf(report: &Report) -> Vec<u8> {
    report_pdf(report).expect("the report is drawn")
}
