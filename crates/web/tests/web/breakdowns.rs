//! Breakdowns by channel, day, field of procedure and respondent fields: every row equals a
//! recount from the raw responses, the rows of each dimension add up to the campaign's results,
//! for random answers at several units — on whichever backend the suite runs; the page, the
//! API and the workbook show the same rows; small samples say "chưa đủ dữ liệu".

use std::collections::{BTreeMap, HashMap};

use app::demo::DemoOptions;
use axum::http::StatusCode;
use domain::accounts::Role;
use domain::answers::Answer;
use domain::units::Unit;
use jiff::civil::Date;
use serde_json::Value;
use testkit::{StaffSession, TestApp};

/// Per value of a dimension: responses, then satisfied and valid answers pooled over every
/// rating question, then the same per factor.
#[derive(Debug, Default, PartialEq)]
struct Expected {
    responses: u64,
    satisfied: u64,
    valid: u64,
    factors: BTreeMap<String, (u64, u64)>,
}

fn under(point: i64, focus: Option<i64>, by_id: &HashMap<i64, Unit>) -> bool {
    let Some(focus) = focus else { return true };
    std::iter::successors(Some(point), |id| by_id.get(id).and_then(|u| u.parent_id)).any(|id| id == focus)
}

/// Counts every stored response of the campaign below `focus` again, by `by`, in the test's
/// own words: `channel`, `day` or a respondent field's code.
async fn recount(t: &TestApp, code: &str, by: &str, focus: Option<i64>) -> BTreeMap<String, Expected> {
    let campaign = t.app.campaign(code).await.unwrap();
    let instrument = t.app.instrument(campaign.instrument_id).await.unwrap().instrument;
    let by_id: HashMap<i64, Unit> = t.app.unit_tree().await.unwrap().iter().map(|u| (u.id, u.clone())).collect();
    let mut expected: BTreeMap<String, Expected> = BTreeMap::new();
    let mut after = 0;
    loop {
        let page = t.app.store().responses_page(campaign.id, after, 1000, domain::results::View::All).await.unwrap();
        let Some(last) = page.last() else { break };
        after = last.id;
        for response in page.iter().filter(|r| under(r.point_id, focus, &by_id)) {
            let value = match by {
                "channel" => response.channel.as_str().to_owned(),
                "day" => response.day.to_string(),
                field => response.answers.level(field).map(|l| l.to_string()).unwrap_or_default(),
            };
            let row = expected.entry(value).or_default();
            row.responses += 1;
            for item in instrument.rating_items() {
                let Some(Answer::Level(level)) = response.answers.0.get(&item.code) else { continue };
                let scale = instrument.scale_of(item).unwrap();
                let satisfied = u64::from(scale.is_satisfied(*level));
                row.satisfied += satisfied;
                row.valid += 1;
                if let Some(factor) = &item.factor {
                    let f = row.factors.entry(factor.clone()).or_default();
                    f.0 += satisfied;
                    f.1 += 1;
                }
            }
        }
    }
    expected
}

/// The API's rows in the same shape.
fn rows_of(json: &Value) -> BTreeMap<String, Expected> {
    json["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|row| {
            let n = |v: &Value| v.as_u64().unwrap();
            let factors = row["factors"]
                .as_array()
                .unwrap()
                .iter()
                .filter(|f| n(&f["pooled"]["denominator"]) > 0)
                .map(|f| {
                    (
                        f["code"].as_str().unwrap().to_owned(),
                        (n(&f["pooled"]["numerator"]), n(&f["pooled"]["denominator"])),
                    )
                })
                .collect();
            let value = row["value"].as_str().unwrap().to_owned();
            let expected = Expected {
                responses: n(&row["responses"]),
                satisfied: n(&row["satisfied"]["numerator"]),
                valid: n(&row["satisfied"]["denominator"]),
                factors,
            };
            (value, expected)
        })
        .collect()
}

async fn api(t: &TestApp, who: &StaffSession, path: &str) -> Value {
    let response = t.get_as(who, path).await;
    assert_eq!(response.status, StatusCode::OK, "{path}: {}", response.text());
    serde_json::from_slice(&response.body).unwrap()
}

#[tokio::test]
async fn every_breakdown_equals_a_recount_from_raw_responses_and_adds_up_to_the_results() {
    for seed in [21, 22, 23] {
        let t = TestApp::new().await;
        t.import_bac_giang().await;
        t.create_campaign("mc11", "MC-11", Date::constant(2024, 1, 1), Date::constant(2024, 12, 31)).await;
        let stored = t.app.generate_answers("mc11", DemoOptions { responses: 250 + seed as usize * 9, days: 8, seed });
        assert!(stored.await.unwrap() > 250);
        t.add_staff("quantri", Role::Admin, None).await;
        let admin = t.staff_session("quantri").await;
        for focus in [None, Some(t.unit_id("24").await), Some(t.unit_id("213").await), Some(t.unit_id("217").await)] {
            let unit = focus.map(|id| format!("&unit={id}")).unwrap_or_default();
            let results =
                api(&t, &admin, &format!("/api/v1/campaigns/mc11/results?{}", &unit.replacen('&', "", 1))).await;
            let dimensions = ["channel", "day", "field", "gioi_tinh", "do_tuoi", "nghe_nghiep"];
            for by in dimensions {
                let json = api(&t, &admin, &format!("/api/v1/campaigns/mc11/breakdown?by={by}{unit}")).await;
                let field = if by == "field" { "linh_vuc" } else { by };
                let expected = recount(&t, "mc11", field, focus).await;
                let got = rows_of(&json);
                assert_eq!(got, expected, "seed {seed}, by {by}, focus {focus:?} on {}", t.backend());
                let total: u64 = got.values().map(|r| r.responses).sum();
                assert_eq!(total, results["responses"].as_u64().unwrap(), "the rows add up to the results");
                assert_eq!(json["responses"], results["responses"]);
                // Pooled over the rows, the answers are the results' answers, question by question.
                let valid: u64 = got.values().map(|r| r.valid).sum();
                let answered: u64 = results["indices"]["items"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|i| i["satisfied"]["denominator"].as_u64().unwrap())
                    .sum();
                assert_eq!(valid, answered, "seed {seed}, by {by}: rows and tallies count the same answers");
            }
            assert_eq!(
                api(&t, &admin, &format!("/api/v1/campaigns/mc11/breakdown?by=field{unit}")).await["dimensions"],
                serde_json::json!(["channel", "day", "gioi_tinh", "do_tuoi", "nghe_nghiep", "field"])
            );
        }
    }
}

#[tokio::test]
async fn the_breakdown_page_shows_small_samples_as_not_enough_data_and_follows_new_responses() {
    let t = TestApp::new().await;
    t.import_bac_giang().await;
    t.create_campaign("mc11", "MC-11", Date::constant(2024, 1, 1), Date::constant(2024, 12, 31)).await;
    t.app.generate_answers("mc11", DemoOptions { responses: 400, days: 5, seed: 7 }).await.unwrap();
    t.add_staff("lanhdao", Role::Manager, Some("213")).await;
    let manager = t.staff_session("lanhdao").await;

    let results = t.get_as(&manager, "/admin/campaigns/mc11").await.text();
    assert!(results.contains("/admin/campaigns/mc11/breakdown?by=field"), "the results page links to the breakdowns");
    assert!(results.contains(">Lĩnh vực thủ tục</a>"));

    let page = t.get_as(&manager, "/admin/campaigns/mc11/breakdown?by=field").await;
    assert_eq!(page.status, StatusCode::OK);
    let html = page.text();
    assert!(html.contains("Phân tổ kết quả: Lĩnh vực thủ tục"));
    assert!(html.contains("Tư pháp") && html.contains("Lao động – Thương binh và Xã hội"));
    let json = api(&t, &manager, "/api/v1/campaigns/mc11/breakdown?by=field").await;
    assert_eq!(json["unit"]["code"], "213", "a manager's breakdown is their district's");
    let total = json["responses"].as_u64().unwrap();
    assert!(total > 0 && total < 400, "only the district's responses: {total}");
    for row in json["rows"].as_array().unwrap() {
        let enough = row["responses"].as_i64().unwrap() >= 30;
        assert_eq!(row["enough_data"], enough);
        let cells = html.split(&format!("data-value=\"{}\"", row["value"].as_str().unwrap())).nth(1).unwrap();
        let cells = cells.split("</tr>").next().unwrap();
        assert_eq!(cells.contains("chưa đủ dữ liệu"), !enough, "{cells}");
    }

    // By day, per day of the campaign; a new response shows at once, the recount is not stale.
    let before = api(&t, &manager, "/api/v1/campaigns/mc11/breakdown?by=day").await;
    let (token, form) = t.open_form("07210").await;
    let body = format!("_t={form}&linh_vuc=1&gioi_tinh=2&{}", mc11_answers());
    assert_eq!(t.post_form(&format!("/q/{token}"), body).await.status, StatusCode::SEE_OTHER);
    let after = api(&t, &manager, "/api/v1/campaigns/mc11/breakdown?by=day").await;
    assert_eq!(after["responses"].as_u64().unwrap(), before["responses"].as_u64().unwrap() + 1);
    let today = after["rows"].as_array().unwrap().iter().find(|r| r["value"] == "2024-07-10").unwrap();
    assert!(today["responses"].as_u64().unwrap() >= 1);

    for (by, status) in [("khong-co", StatusCode::BAD_REQUEST), ("y_kien", StatusCode::BAD_REQUEST)] {
        let refused = t.get_as(&manager, &format!("/admin/campaigns/mc11/breakdown?by={by}")).await;
        assert_eq!(refused.status, status, "{by}");
        assert!(refused.text().contains("không có câu hỏi thông tin"));
    }
    let outside = t.unit_id("217").await;
    let refused = t.get_as(&manager, &format!("/admin/campaigns/mc11/breakdown?unit={outside}")).await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn the_results_workbook_has_a_sheet_per_breakdown_equal_to_the_api() {
    use calamine::{Data, Reader, Xlsx};
    let t = TestApp::new().await;
    t.import_bac_giang().await;
    t.create_campaign("mc11", "MC-11", Date::constant(2024, 1, 1), Date::constant(2024, 12, 31)).await;
    t.app.generate_answers("mc11", DemoOptions { responses: 300, days: 4, seed: 3 }).await.unwrap();
    t.add_staff("quantri", Role::Admin, None).await;
    let admin = t.staff_session("quantri").await;
    let response = t.get_as(&admin, "/admin/campaigns/mc11/results.xlsx").await;
    assert_eq!(response.status, StatusCode::OK);
    let mut book = Xlsx::new(std::io::Cursor::new(response.body.to_vec())).unwrap();
    let names = book.sheet_names();
    for sheet in
        ["Theo kênh", "Theo ngày", "Theo giới tính", "Theo độ tuổi", "Theo nghề nghiệp", "Theo lĩnh vực thủ tục"]
    {
        assert!(names.iter().any(|n| n == sheet), "{sheet} in {names:?}");
    }
    let sheet = book.worksheet_range("Theo lĩnh vực thủ tục").unwrap();
    let rows: Vec<Vec<Data>> = sheet.rows().map(<[Data]>::to_vec).collect();
    let json = api(&t, &admin, "/api/v1/campaigns/mc11/breakdown?by=field").await;
    let api_rows = json["rows"].as_array().unwrap();
    assert_eq!(rows.len(), 1 + api_rows.len());
    let header = |name: &str| rows[0].iter().position(|c| matches!(c, Data::String(s) if s == name)).unwrap();
    let number = |d: &Data| match d {
        Data::Float(f) => *f,
        Data::Int(i) => *i as f64,
        other => panic!("not a number: {other:?}"),
    };
    for (row, api_row) in rows[1..].iter().zip(api_rows) {
        assert_eq!(row[0], Data::String(api_row["label"].as_str().unwrap().to_owned()));
        assert_eq!(number(&row[header("Số phiếu")]), api_row["responses"].as_f64().unwrap());
        assert_eq!(number(&row[header("Tử số")]), api_row["satisfied"]["numerator"].as_f64().unwrap());
        assert_eq!(number(&row[header("Mẫu số")]), api_row["satisfied"]["denominator"].as_f64().unwrap());
    }
}

/// Every rating question of MC-11 answered "Hài lòng" (4).
fn mc11_answers() -> String {
    ["c1", "c2", "c3", "c4", "c5", "c6", "c7", "c8", "c9", "c10", "c11"].map(|c| format!("{c}=4")).join("&")
}
