//! The XLSX downloads as a reader opens them (calamine): the responses workbook (organisers
//! only, scoped, audited, formula-safe, with its codebook) and the results workbook (every
//! reader, scoped, its figures the JSON API's).

use std::io::Cursor;

use axum::http::StatusCode;
use calamine::{Data, Reader, Xlsx};
use domain::accounts::Role;
use serde_json::Value;
use testkit::{TestApp, TestResponse};

const XLSX: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

pub(crate) fn open(response: &TestResponse) -> Xlsx<Cursor<Vec<u8>>> {
    assert_eq!(response.status, StatusCode::OK, "{}", response.text());
    assert_eq!(response.header("content-type"), Some(XLSX));
    Xlsx::new(Cursor::new(response.body.to_vec())).expect("a workbook calamine opens")
}

pub(crate) fn sheet(book: &mut Xlsx<Cursor<Vec<u8>>>, name: &str) -> Vec<Vec<Data>> {
    let range = book.worksheet_range(name).unwrap_or_else(|e| panic!("sheet {name}: {e}"));
    range.rows().map(<[Data]>::to_vec).collect()
}

pub(crate) fn text(cell: &Data) -> String {
    match cell {
        Data::String(s) => s.clone(),
        Data::Empty => String::new(),
        other => panic!("expected text, found {other:?}"),
    }
}

pub(crate) fn number(cell: &Data) -> f64 {
    match cell {
        Data::Float(f) => *f,
        Data::Int(i) => *i as f64,
        other => panic!("expected a number, found {other:?}"),
    }
}

/// The column named `header` in `rows[0]`.
pub(crate) fn column(rows: &[Vec<Data>], header: &str) -> usize {
    rows[0].iter().position(|c| text(c) == header).unwrap_or_else(|| panic!("no column {header}"))
}

async fn answer(t: &TestApp, point: &str, comment: &str) {
    let (token, form) = t.open_form(point).await;
    let body = format!("_t={form}&c1=5&c2=4&c3=4&c4=5&chung=5&y_kien={}", testkit::encode(comment));
    assert_eq!(t.post_form(&format!("/q/{token}"), body).await.status, StatusCode::SEE_OTHER);
}

#[tokio::test]
async fn organisers_download_the_responses_as_a_workbook_with_its_codebook() {
    let t = TestApp::with_pks05_campaign().await;
    let formulas = ["=HYPERLINK(\"http://x\",\"bấm\")", "+1", "-2", "@SUM(A1)"];
    for comment in formulas {
        answer(&t, "07210", comment).await;
    }
    answer(&t, "07432", "Ngoài").await;
    t.add_staff("tochuc", Role::Organiser, Some("213")).await;
    t.add_staff("quantri", Role::Admin, None).await;
    let organiser = t.staff_session("tochuc").await;

    let response = t.get_as(&organiser, "/admin/campaigns/pks05-2024/responses.xlsx").await;
    assert!(response.header("content-disposition").unwrap().contains("pks05-2024-phieu-tra-loi.xlsx"));
    let mut book = open(&response);
    assert_eq!(book.sheet_names(), ["Phiếu trả lời", "Mã hóa"]);
    let rows = sheet(&mut book, "Phiếu trả lời");
    let csv = t.get_as(&organiser, "/admin/campaigns/pks05-2024/responses.csv").await.text();
    let csv_header = csv.trim_start_matches('\u{feff}').lines().next().unwrap().to_owned();
    let header: Vec<String> = rows[0].iter().map(text).collect();
    assert_eq!(header.join(","), csv_header, "the same columns as the CSV");
    assert_eq!(rows.len(), 1 + formulas.len(), "the header and the four responses inside Thành phố Bắc Giang");

    let comments: Vec<String> = rows[1..].iter().map(|r| text(&r[column(&rows, "y_kien")])).collect();
    for (comment, formula) in comments.iter().zip(formulas) {
        assert_eq!(*comment, format!("'{formula}"), "a formula-looking comment is neutralised");
    }
    let first = &rows[1];
    assert_eq!(number(&first[column(&rows, "c1")]), 5.0, "levels are numbers");
    assert_eq!(first[column(&rows, "c5")], Data::Empty, "a blank answer stays blank");
    assert_eq!(text(&first[column(&rows, "ten_diem")]), "Phường Hoàng Văn Thụ");
    assert_eq!(text(&first[column(&rows, "kenh")]), "qr");
    // Times are Excel dates in Vietnam's time: 09:00 on 10 July 2024 is serial 45483.375.
    let Data::DateTime(at) = &first[column(&rows, "thoi_diem")] else { panic!("{:?}", first[1]) };
    assert!((at.as_f64() - 45483.375).abs() < 1e-6, "{}", at.as_f64());
    let Data::DateTime(day) = &first[column(&rows, "ngay")] else { panic!("{:?}", first[2]) };
    assert_eq!(day.as_f64(), 45483.0);

    let codebook = sheet(&mut book, "Mã hóa");
    assert_eq!(codebook.len(), 1 + header.len(), "one line per column");
    let codes: Vec<String> = codebook[1..].iter().map(|r| text(&r[0])).collect();
    assert_eq!(codes, header);
    let c1 = codebook.iter().find(|r| text(&r[0]) == "c1").unwrap();
    let line = c1.iter().map(text).collect::<Vec<_>>().join(" | ");
    assert!(line.contains("1 = Rất không hài lòng; 2 = Không hài lòng"), "{line}");
    assert!(line.contains("4, 5 (Hài lòng, Rất hài lòng)"), "{line}");
    let kenh = codebook.iter().find(|r| text(&r[0]) == "kenh").unwrap();
    assert!(text(&kenh[5]).contains("paper = Phiếu giấy"));

    let admin = t.staff_session("quantri").await;
    let audit = t.get_as(&admin, "/admin/audit?action=responses.").await.text();
    assert!(audit.contains("responses.export") && audit.contains("XLSX") && audit.contains("tochuc"), "{audit}");
}

#[tokio::test]
async fn a_unit_manager_gets_the_results_tables_of_their_district_and_no_responses() {
    let t = TestApp::with_pks05_campaign().await;
    answer(&t, "07210", "Tốt").await;
    answer(&t, "07210", "Được").await;
    answer(&t, "07432", "Ngoài").await;
    t.add_staff("lanhdao", Role::Manager, Some("213")).await;
    let manager = t.staff_session("lanhdao").await;
    let refused = t.get_as(&manager, "/admin/campaigns/pks05-2024/responses.xlsx").await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);

    let response = t.get_as(&manager, "/admin/campaigns/pks05-2024/results.xlsx").await;
    let mut book = open(&response);
    assert_eq!(
        book.sheet_names(),
        ["Tổng hợp", "Xếp hạng", "Câu hỏi", "Nhóm tiêu chí", "Theo kênh", "Theo ngày"],
        "PKS05 asks no respondent fields: breakdowns by channel and day only"
    );
    let api = t.get_as(&manager, "/api/v1/campaigns/pks05-2024/results").await;
    let json: Value = serde_json::from_slice(&api.body).unwrap();
    assert_eq!(json["responses"], 2, "only Thành phố Bắc Giang's answers");

    let summary = sheet(&mut book, "Tổng hợp");
    let overall = &summary[1];
    assert_eq!(number(&overall[column(&summary, "Số phiếu")]), 2.0);
    same_figure(&summary, overall, &json["indices"]["overall"]);

    let ranking = sheet(&mut book, "Xếp hạng");
    let below = json["units_below"].as_array().unwrap();
    assert_eq!(ranking.len(), 1 + below.len());
    for unit in below {
        let row = ranking[1..].iter().find(|r| text(&r[column(&ranking, "Mã đơn vị")]) == unit["code"]).unwrap();
        assert_eq!(number(&row[column(&ranking, "Số phiếu")]), unit["responses"].as_f64().unwrap());
        same_figure(&ranking, row, &unit["overall"]);
        assert!(text(&row[column(&ranking, "Ghi chú")]).starts_with("chưa đủ dữ liệu"), "fewer than 30 answers");
    }
    assert!(!ranking.iter().any(|r| r.iter().any(|c| matches!(c, Data::String(s) if s.contains("Lạng Giang")))));

    let questions = sheet(&mut book, "Câu hỏi");
    let items = json["indices"]["items"].as_array().unwrap();
    assert_eq!(questions.len(), 1 + items.len());
    for (row, item) in questions[1..].iter().zip(items) {
        assert_eq!(text(&row[0]), item["code"]);
        same_figure(&questions, row, &item["satisfied"]);
        let level5 = column(&questions, "Mức 5 — Rất hài lòng");
        assert_eq!(number(&row[level5]), item["distribution"]["5"].as_f64().unwrap_or(0.0));
    }
    let c1 = &questions[1];
    assert_eq!(text(&c1[1]), "Thái độ của công chức khi tiếp đón Ông/Bà: lịch sự, tôn trọng, thân thiện");
    assert_eq!(text(&c1[2]), "Thái độ");

    let factors = sheet(&mut book, "Nhóm tiêu chí");
    let by_factor = json["indices"]["factors"].as_array().unwrap();
    assert_eq!(factors.len(), 1 + by_factor.len());
    for (row, factor) in factors[1..].iter().zip(by_factor) {
        assert_eq!(text(&row[0]), factor["code"]);
        same_figure(&factors, row, &factor["pooled"]);
    }
}

#[tokio::test]
async fn the_results_workbook_of_one_unit_matches_the_api_for_that_unit() {
    let t = TestApp::with_pks05_campaign().await;
    answer(&t, "07210", "Tốt").await;
    answer(&t, "07432", "Ngoài").await;
    t.add_staff("quantri", Role::Admin, None).await;
    let admin = t.staff_session("quantri").await;
    let unit = t.unit_id("217").await;
    let response = t.get_as(&admin, &format!("/admin/campaigns/pks05-2024/results.xlsx?unit={unit}")).await;
    assert!(response.header("content-disposition").unwrap().contains("pks05-2024-217-ket-qua.xlsx"));
    let mut book = open(&response);
    let api = t.get_as(&admin, &format!("/api/v1/campaigns/pks05-2024/results?unit={unit}")).await;
    let json: Value = serde_json::from_slice(&api.body).unwrap();
    let summary = sheet(&mut book, "Tổng hợp");
    assert_eq!(number(&summary[1][column(&summary, "Số phiếu")]), 1.0);
    assert_eq!(text(&summary[1][column(&summary, "Đơn vị")]), json["unit"]["name"]);
    same_figure(&summary, &summary[1], &json["indices"]["overall"]);
}

/// The figure's cells in `row` equal the API's figure.
fn same_figure(rows: &[Vec<Data>], row: &[Data], figure: &Value) {
    let at = |header: &str| &row[column(rows, header)];
    assert_eq!(text(at("Công thức")), figure["formula"]);
    assert_eq!(number(at("Tử số")), figure["numerator"].as_f64().unwrap());
    assert_eq!(number(at("Mẫu số")), figure["denominator"].as_f64().unwrap());
    assert_eq!(number(at("n")), figure["n"].as_f64().unwrap());
    match figure["percent"].as_f64() {
        Some(percent) => assert!((number(at("Tỷ lệ hài lòng (%)")) - percent).abs() < 1e-9),
        None => assert_eq!(text(at("Tỷ lệ hài lòng (%)")), "chưa đủ dữ liệu"),
    }
    if let Some(interval) = figure["interval"].as_array() {
        assert!((number(at("KTC 95% cận dưới (%)")) - interval[0].as_f64().unwrap()).abs() < 1e-9);
        assert!((number(at("KTC 95% cận trên (%)")) - interval[1].as_f64().unwrap()).abs() < 1e-9);
    }
}
