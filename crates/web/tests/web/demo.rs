//! The demo's data loads and its numbers add up.

use app::demo::DemoOptions;
use app::demo::integrity::{ANSWERS, CODES_PRINTED, CODES_REUSED, CODES_UNKNOWN, CODES_USED, STUFFED_ANSWERS};
use testkit::TestApp;

#[tokio::test]
async fn the_demo_data_adds_up() {
    let t = TestApp::new().await;
    t.set_now("2026-11-20T04:00:00Z".parse().unwrap());
    let demo = t.app.seed_demo(DemoOptions { responses: 3_000, ..DemoOptions::default() }).await.unwrap();
    assert!(demo.created);
    let stored = 3_000 + ANSWERS as i64;
    assert_eq!(demo.responses, stored, "the generated answers and the integrity story's");
    assert_eq!(demo.examples.len(), 3, "a province, a district and a commune example");

    let results = t.app.campaign_results("pks05-demo").await.unwrap();
    assert_eq!(results.points.len(), 203, "1 province, 10 districts and 192 communes of Bắc Giang");
    assert_eq!(results.points.iter().map(|p| p.responses).sum::<i64>(), stored);
    let tallies = t.app.store().tallies(results.campaign.id, domain::results::View::All).await.unwrap();
    assert_eq!(tallies, t.app.store().recount(results.campaign.id).await.unwrap());
    let overall = results.satisfied.percent().unwrap();
    assert!((70.0..92.0).contains(&overall), "believable, not 100%: {overall}");
    let online = results.indices.items.iter().find(|i| i.code == "c5").unwrap();
    assert!(online.satisfied.denominator < stored as u64, "an optional question is sometimes left blank");
    let spread: Vec<f64> =
        results.points.iter().filter(|p| p.responses >= 30).filter_map(|p| p.satisfied.percent()).collect();
    let (lo, hi) = spread.iter().fold((100.0f64, 0.0f64), |(lo, hi), p| (lo.min(*p), hi.max(*p)));
    assert!(hi - lo > 15.0, "points differ: {lo:.1}–{hi:.1}");
    let days = t.app.store().daily_counts(results.campaign.id, domain::results::View::All).await.unwrap();
    let distinct: std::collections::BTreeSet<_> = days.iter().map(|d| d.day).collect();
    assert!(distinct.len() > 10, "answers spread over many days");
    assert!(distinct.iter().all(|d| d.weekday() != jiff::civil::Weekday::Sunday), "desks are closed on Sunday");

    // The field work: most points counted their visitors, about twice their answers, and most
    // filed today's report; the monitor then judges the quota rule for them.
    t.add_staff("admin", domain::accounts::Role::Admin, None).await;
    t.app.generate_field_work("pks05-demo", "admin", 7).await.unwrap();
    let visitors: std::collections::HashMap<i64, i64> =
        t.app.store().visitor_totals(results.campaign.id).await.unwrap().into_iter().collect();
    let answered = results.points.iter().filter(|p| p.responses > 0).count();
    assert!(visitors.len() * 10 >= answered * 8 && visitors.len() < answered, "most desks counted: {}", visitors.len());
    let (answers, counted): (i64, i64) = results
        .points
        .iter()
        .filter_map(|p| visitors.get(&p.point.id).map(|v| (p.responses, *v)))
        .fold((0, 0), |(a, c), (r, v)| (a + r, c + v));
    assert!(
        counted > answers * 3 / 2 && counted < answers * 3,
        "visitors about twice the answers: {answers} / {counted}"
    );
    let reported = t.app.store().reported_points(results.campaign.id, t.app.today()).await.unwrap();
    assert!((120..203).contains(&reported.len()), "most points reported today: {}", reported.len());

    let again = t.app.seed_demo(DemoOptions::default()).await.unwrap();
    assert!(!again.created, "a second run reuses the data");
    assert_eq!(again.responses, stored);
}

/// The demo shows the integrity features with something in them: the stuffed desk waits in
/// the review queue and on the monitor, flagged by the writer and by the detectors; the codes
/// page counts the verified answers and the refused codes; the verified view counts only them.
#[tokio::test]
async fn the_demo_has_a_stuffed_desk_to_review_and_verified_answers() {
    let t = TestApp::new().await;
    t.set_now("2026-11-20T04:00:00Z".parse().unwrap());
    t.app.seed_demo(DemoOptions { responses: 2_000, ..DemoOptions::default() }).await.unwrap();
    t.add_staff("quantri", domain::accounts::Role::Admin, None).await;
    let admin = t.staff_session("quantri").await;

    let queue = t.get_as(&admin, "/admin/campaigns/pks05-demo/review").await.text();
    for group in ["network_burst", "same_pattern", "out_of_hours"] {
        assert!(queue.contains(&format!("<tr data-group=\"07438/{group}/2026-11-19/pending\">")), "{group}: {queue}");
    }
    let live = t.get_as(&admin, "/admin/campaigns/pks05-demo/monitor?part=live").await.text();
    let row = live.split("<tr").find(|r| r.contains("Xã Thái Đào")).expect("the stuffed desk's row");
    let awaiting = row.rsplit("<td class=\"num\">").next().unwrap();
    assert!(awaiting.starts_with(&format!("{STUFFED_ANSWERS}<")), "every stuffed answer awaits review: {row}");

    let codes = t.get_as(&admin, "/admin/campaigns/pks05-demo/codes").await.text();
    let row = codes.split("<tr").find(|r| r.contains("Xã Tân Dĩnh")).expect("the coded desk's row");
    for figure in [CODES_PRINTED, CODES_USED, CODES_USED, CODES_REUSED + CODES_UNKNOWN] {
        assert!(row.contains(&format!(">{figure}<")), "{figure} in {row}");
    }
    let verified: serde_json::Value =
        serde_json::from_slice(&t.get_as(&admin, "/api/v1/campaigns/pks05-demo/results?view=verified").await.body)
            .unwrap();
    assert_eq!(verified["responses"], CODES_USED, "only the answers whose code was claimed");
}
