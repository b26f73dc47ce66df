//! Charts as a browser and a PDF reader meet them: SVG that parses as XML, names itself for
//! screen readers and keeps markup in unit names as text; the same chart painted in a PDF
//! with its labels as extractable text.

use hailong_documents::chart::{Bar, BarText, Day, Stack, bar_chart, daily_trend, level_distribution, to_svg};
use hailong_documents::report::{Block, Report, report_pdf};
use quick_xml::events::Event;
use quick_xml::{Reader, XmlVersion};
use readback::pages;

const HOSTILE: &str = "Xã <script>alert(\"x\")</script> & 'Tân' =cmd()";

fn bars() -> Vec<Bar> {
    vec![
        Bar {
            label: HOSTILE.into(),
            value: "86,4% · n = 212".into(),
            percent: Some(86.4),
            interval: Some((81.2, 90.4)),
            small: false,
        },
        Bar {
            label: "Phường Đa Mai".into(),
            value: "chưa đủ dữ liệu · n = 7".into(),
            percent: Some(100.0),
            interval: Some((64.6, 100.0)),
            small: true,
        },
    ]
}

fn text() -> BarText {
    BarText {
        title: "Tỷ lệ hài lòng <b>".into(),
        summary: "2 đơn vị, xếp theo tỷ lệ".into(),
        small_heading: "Chưa đủ dữ liệu (dưới 30 phiếu)".into(),
    }
}

/// Every element name and the concatenated text content, or the parser's complaint.
fn parse(svg: &str) -> Result<(Vec<String>, String), String> {
    let mut reader = Reader::from_str(svg);
    let (mut names, mut text, mut depth) = (Vec::new(), String::new(), 0i32);
    loop {
        match reader.read_event().map_err(|e| e.to_string())? {
            Event::Start(e) => {
                depth += 1;
                names.push(e.name().as_ref().to_owned());
                for attribute in e.attributes() {
                    attribute
                        .map_err(|e| e.to_string())?
                        .normalized_value(XmlVersion::Implicit1_0)
                        .map_err(|e| e.to_string())?;
                }
            }
            Event::Empty(e) => names.push(e.name().as_ref().to_owned()),
            Event::End(_) => depth -= 1,
            Event::Text(t) => text.push_str(&t.xml10_content()),
            Event::GeneralRef(r) => {
                text.push_str(match &*r {
                    "lt" => "<",
                    "gt" => ">",
                    "amp" => "&",
                    "quot" => "\"",
                    "#39" => "'",
                    other => return Err(format!("unexpected entity {other}")),
                });
            }
            Event::Eof => break,
            other => return Err(format!("unexpected {other:?}")),
        }
    }
    if depth != 0 {
        return Err("unbalanced elements".into());
    }
    Ok((names, text))
}

#[test]
fn svg_is_well_formed_accessible_and_keeps_markup_as_text() {
    let svg = to_svg(&bar_chart(&bars(), &text()), "chart");
    let (names, content) = parse(&svg).unwrap_or_else(|e| panic!("{e}\n{svg}"));
    assert_eq!(names[0], "svg");
    assert_eq!(names[1], "title", "the title comes first");
    assert!(!names.iter().any(|n| n == "script" || n == "b"), "no markup from data: {names:?}");
    assert!(content.contains(HOSTILE), "the name is there, as text");
    assert!(svg.contains(r#"role="img""#) && svg.contains("aria-label=\"Tỷ lệ hài lòng &lt;b&gt;. 2 đơn vị"));
    assert!(svg.contains("viewBox=\"0 0 420 "), "scales with its container");
    assert!(!svg.contains("style="), "presentation attributes only: the CSP forbids inline styles");
    assert!(!svg.contains("<script"));
}

#[test]
fn every_chart_kind_makes_well_formed_svg() {
    let days: Vec<Day> = (0..3)
        .map(|i| Day { label: format!("{}/7", 10 + i), count: 40 * (i + 1), value: format!("{}", 40 * (i + 1)) })
        .collect();
    let stacks = vec![Stack { label: HOSTILE.into(), counts: vec![2, 3, 5, 30, 60], note: "n = 100".into() }];
    let levels: Vec<String> =
        ["Rất không hài lòng", "Không hài lòng", "Bình thường", "Hài lòng", "Rất hài lòng"].map(String::from).to_vec();
    let charts = [
        daily_trend(&days, "Số phiếu theo ngày", "3 ngày", |v| v.to_string()),
        level_distribution(&stacks, &levels, "Phân bố <mức>", "1 câu hỏi", |p| format!("{p:.0}%")),
    ];
    for chart in &charts {
        let svg = to_svg(chart, "chart");
        let (_, content) = parse(&svg).unwrap_or_else(|e| panic!("{e}\n{svg}"));
        assert!(!content.is_empty());
    }
}

#[test]
fn a_chart_in_a_pdf_has_its_labels_as_text() {
    let report = Report {
        title: "Báo cáo".into(),
        subtitle: "Thử".into(),
        facts: vec![],
        footer: "chân trang".into(),
        blocks: vec![Block::Chart(bar_chart(&bars(), &text()))],
    };
    let pdf = report_pdf(&report).unwrap();
    let chart_page = &pages(&pdf)[1];
    for expected in ["Tỷ lệ hài lòng <b>", "86,4% · n = 212", "Chưa đủ dữ liệu (dưới 30 phiếu)", "100%"]
    {
        assert!(chart_page.text.contains(expected), "{expected:?} in\n{}", chart_page.text);
    }
}
