//! Results from the tallies agree with a recount from the raw responses, at every level of the
//! roll-up, for random answers — on whichever backend the suite runs.

use std::collections::{BTreeMap, HashMap};

use app::demo::DemoOptions;
use domain::index::LevelCounts;
use domain::indices;
use domain::units::{Unit, UnitCode};
use jiff::civil::Date;
use testkit::TestApp;

fn under(point: i64, focus: Option<i64>, by_id: &HashMap<i64, Unit>) -> bool {
    let Some(focus) = focus else { return true };
    std::iter::successors(Some(point), |id| by_id.get(id).and_then(|u| u.parent_id)).any(|id| id == focus)
}

#[tokio::test]
async fn the_roll_up_equals_a_recount_from_raw_responses() {
    for seed in [11, 12, 13] {
        let t = TestApp::new().await;
        t.import_bac_giang().await;
        t.create_campaign("ca-nam", "SIPAS-MC", Date::constant(2024, 1, 1), Date::constant(2024, 12, 31)).await;
        let stored =
            t.app.generate_answers("ca-nam", DemoOptions { responses: 300 + seed as usize * 7, days: 10, seed }).await;
        assert!(stored.unwrap() > 300);
        let campaign = t.app.campaign("ca-nam").await.unwrap();
        let instrument = t.app.instrument(campaign.instrument_id).await.unwrap().instrument;
        let recount = t.app.store().recount(campaign.id).await.unwrap();
        let by_id: HashMap<i64, Unit> = t.app.unit_tree().await.unwrap().iter().map(|u| (u.id, u.clone())).collect();
        let expected = |focus: Option<i64>| {
            let mut counts: BTreeMap<String, LevelCounts> = BTreeMap::new();
            for row in recount.iter().filter(|r| under(r.point_id, focus, &by_id)) {
                *counts.entry(row.item.clone()).or_default().entry(row.level).or_default() += row.n as u64;
            }
            indices::compute(&instrument, &counts)
        };
        // Responses per day, summed here from the per-point rows the database keeps.
        let per_point = t.app.store().daily_counts(campaign.id, domain::results::View::Counted).await.unwrap();
        let expected_daily = |focus: Option<i64>| {
            let mut days: BTreeMap<Date, i64> = BTreeMap::new();
            for count in per_point.iter().filter(|c| under(c.point_id, focus, &by_id)) {
                *days.entry(count.day).or_default() += count.n;
            }
            days.into_iter().collect::<Vec<_>>()
        };
        assert!(expected_daily(None).len() > 1, "answers over several days");
        let unit =
            |code: &str| by_id.values().find(|u| u.code == UnitCode::parse(code).unwrap()).map(|u| u.id).unwrap();
        for focus in [None, Some(unit("24")), Some(unit("217")), Some(unit("213")), Some(unit("07432"))] {
            let results = t.app.campaign_results_at("ca-nam", focus, domain::results::View::Counted).await.unwrap();
            assert_eq!(results.indices, expected(focus), "seed {seed}, focus {focus:?} on {}", t.backend());
            assert_eq!(results.daily, expected_daily(focus), "seed {seed}, days under {focus:?} on {}", t.backend());
            let mut children_total = 0;
            for child in &results.children {
                let child_focus = if child.own_desk { None } else { Some(child.unit.id) };
                if let Some(id) = child_focus {
                    assert_eq!(
                        child.indices,
                        expected(Some(id)),
                        "seed {seed}, {} on {}",
                        child.unit.name,
                        t.backend()
                    );
                }
                children_total += child.responses;
            }
            assert_eq!(children_total, results.responses, "the units below add up to the whole");
        }
    }
}

#[tokio::test]
async fn a_campaign_is_compared_with_an_earlier_one_unit_by_unit() {
    use axum::http::StatusCode;
    use domain::accounts::Role;

    let t = TestApp::with_pks05_campaign().await;
    t.create_campaign("pks05-thang-6", "PKS05", Date::constant(2024, 6, 1), Date::constant(2024, 6, 30)).await;
    let earlier = t.app.generate_answers("pks05-thang-6", DemoOptions { responses: 400, days: 30, seed: 5 }).await;
    assert!(earlier.unwrap() > 0);
    for _ in 0..3 {
        let (token, form) = t.open_form("07210").await;
        let body = format!("_t={form}&c1=5&c2=5&c3=5&c4=5&chung=5");
        assert_eq!(t.post_form(&format!("/q/{token}"), body).await.status, StatusCode::SEE_OTHER);
    }
    t.add_staff("quantri", Role::Admin, None).await;
    let admin = t.staff_session("quantri").await;
    let province =
        t.app.campaign_results_at("pks05-2024", None, domain::results::View::Counted).await.unwrap().children[0]
            .unit
            .id;
    let page =
        t.get_as(&admin, &format!("/admin/campaigns/pks05-2024?unit={province}&compare=pks05-thang-6")).await.text();
    assert!(page.contains("So với Đợt pks05-thang-6"), "the overall change names the other campaign");
    assert!(page.contains("Thay đổi (điểm %)"));
    // The charts above the tables name the city too: its row is in a table below them.
    let table = page.rsplit("</figure>").next().expect("the tables below the charts");
    let row = table.split("Thành phố Bắc Giang").nth(1).expect("the city's row");
    assert!(row.split("</tr>").next().unwrap().contains("<td class=\"num\">+"), "100% now against less before");
    let unknown = t.get_as(&admin, "/admin/campaigns/pks05-2024?compare=khong-co").await;
    assert_eq!(unknown.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn the_json_api_gives_the_same_figures_as_the_page_and_describes_itself() {
    use axum::http::StatusCode;
    use domain::accounts::Role;

    let t = TestApp::with_pks05_campaign().await;
    let (token, form) = t.open_form("07210").await;
    t.post_form(&format!("/q/{token}"), format!("_t={form}&{}", crate::PKS05_ANSWERS)).await;
    t.add_staff("lanhdao", Role::Manager, Some("213")).await;
    let manager = t.staff_session("lanhdao").await;
    let api = t.get_as(&manager, "/api/v1/campaigns/pks05-2024/results").await;
    assert_eq!(api.status, StatusCode::OK);
    assert_eq!(api.header("content-type"), Some("application/json"));
    let json: serde_json::Value = serde_json::from_slice(&api.body).unwrap();
    assert_eq!(json["unit"]["code"], "213");
    assert_eq!(json["responses"], 1);
    assert_eq!(json["indices"]["overall"]["formula"], "overall-question");
    assert_eq!(json["indices"]["overall"]["numerator"], 1);
    let c5 = json["indices"]["items"].as_array().unwrap().iter().find(|i| i["code"] == "c5").unwrap();
    assert_eq!(c5["satisfied"]["percent"], 0.0, "one answer at level 3: 0% of 1, not no data");
    let c1 = json["indices"]["items"].as_array().unwrap().iter().find(|i| i["code"] == "c1").unwrap();
    assert_eq!(c1["distribution"]["5"], 1);
    let rows = json["units_below"].as_array().unwrap();
    assert!(rows.iter().any(|r| r["code"] == "07210" && r["responses"] == 1));

    let outside = t.get_as(&manager, "/api/v1/campaigns/khong-co/results").await;
    assert_eq!(outside.status, StatusCode::NOT_FOUND);
    let openapi: serde_json::Value = serde_json::from_slice(&t.get("/api/openapi.json").await.body).unwrap();
    assert!(openapi["paths"]["/api/v1/campaigns/{code}/results"]["get"].is_object());
}

#[tokio::test]
async fn a_merged_commune_is_compared_with_the_sum_of_the_communes_it_replaced() {
    use app::campaigns::{CampaignSpec, PointScope, WindowSpec};
    use axum::http::StatusCode;
    use domain::accounts::Role;
    use domain::units::import::ImportOptions;

    let t = TestApp::with_pks05_campaign().await;
    // Before the reform: one unhappy answer at 07210, one happy at 07213 (overall 50%).
    for (code, overall) in [("07210", 2), ("07213", 5)] {
        let (token, form) = t.open_form(code).await;
        let body = format!("_t={form}&c1=5&c2=5&c3=5&c4=5&chung={overall}");
        assert_eq!(t.post_form(&format!("/q/{token}"), body).await.status, StatusCode::SEE_OTHER);
    }
    let csv = "code,name,level,parent_code,valid_from\n25001,Phường Bắc Giang,commune,24,2025-07-01\n";
    t.app.import_units(csv.as_bytes(), ImportOptions::default(), false).await.unwrap();
    t.set_now("2025-07-10T02:00:00Z".parse().unwrap());
    t.add_staff("quantri", Role::Admin, None).await;
    let admin = t.staff_session("quantri").await;
    let merged = t.unit_id("25001").await;
    let recorded = t
        .post_as(&admin, &format!("/admin/units/{merged}"), "action=merge&codes=07210%2C+07213&effective=2025-07-01")
        .await;
    assert_eq!(recorded.status, StatusCode::SEE_OTHER, "{}", recorded.text());
    t.app
        .create_campaign(CampaignSpec {
            code: "pks05-2025".into(),
            name: "Đợt pks05-2025".into(),
            instrument: "PKS05".into(),
            window: WindowSpec::Days { first: Date::constant(2025, 7, 10), last: Date::constant(2025, 7, 12) },
            scope: PointScope::Points(vec![UnitCode::parse("25001").unwrap()]),
            exclude: vec![],
            open: true,
            quota: domain::quota::QuotaRule::default(),
        })
        .await
        .unwrap();
    let (token, form) = t.open_form("25001").await;
    let body = format!("_t={form}&c1=5&c2=5&c3=5&c4=5&chung=5");
    assert_eq!(t.post_form(&format!("/q/{token}"), body).await.status, StatusCode::SEE_OTHER);

    // The province's ranking: the new ward's row compares 100% now with 50% of its predecessors.
    let province = t.unit_id("24").await;
    let page =
        t.get_as(&admin, &format!("/admin/campaigns/pks05-2025?unit={province}&compare=pks05-2024")).await.text();
    let table = page.rsplit("</figure>").next().expect("the tables below the charts");
    let row = table.split("Phường Bắc Giang").nth(1).expect("the ward's row");
    let row = row.split("</tr>").next().unwrap();
    assert!(row.contains("<td class=\"num\">+50,0</td>"), "against the sum of 07210 and 07213: {row}");

    // The ward itself: the overall change names the earlier campaign and counts both predecessors.
    let page = t.get_as(&admin, &format!("/admin/campaigns/pks05-2025?unit={merged}&compare=pks05-2024")).await.text();
    assert!(page.contains("So với Đợt pks05-2024: <strong>+50,0</strong>"), "{page}");

    // A manager of the new ward reads the comparison too, though the old communes lie outside
    // their scope: aggregates only, as on the unit's page.
    t.add_staff("phuong", Role::Manager, Some("25001")).await;
    let manager = t.staff_session("phuong").await;
    let page = t.get_as(&manager, "/admin/campaigns/pks05-2025?compare=pks05-2024").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.text().contains("<strong>+50,0</strong>"));
    let raw = t.get_as(&manager, "/admin/campaigns/pks05-2024").await;
    assert_eq!(raw.status, StatusCode::FORBIDDEN, "the earlier campaign itself stays outside their scope");
}
