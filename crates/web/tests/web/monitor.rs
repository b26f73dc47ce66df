//! The live monitor: today's and total responses per point in the reader's scope, points
//! without responses, implausible figures flagged, and a part that refreshes by itself.

use axum::http::StatusCode;
use domain::accounts::Role;
use jiff::SignedDuration;
use testkit::TestApp;

async fn answer(t: &TestApp, point: &str, answers: &str) {
    let (token, form) = t.open_form(point).await;
    let response = t.post_form(&format!("/q/{token}"), format!("_t={form}&{answers}")).await;
    assert_eq!(response.status, StatusCode::SEE_OTHER);
}

const ALL_FIVES: &str = "c1=5&c2=5&c3=5&c4=5&c5=5&chung=5";

#[tokio::test]
async fn the_monitor_shows_today_totals_gaps_and_flags_and_refreshes_its_part() {
    let t = TestApp::with_pks05_campaign().await;
    t.add_staff("quantri", Role::Admin, None).await;
    t.add_staff("lanhdao", Role::Manager, Some("213")).await;
    let admin = t.staff_session("quantri").await;
    let manager = t.staff_session("lanhdao").await;
    answer(&t, "07210", crate::PKS05_ANSWERS).await;
    answer(&t, "07432", crate::PKS05_ANSWERS).await;
    answer(&t, "07213", ALL_FIVES).await;

    let page = t.get_as(&admin, "/admin/campaigns/pks05-2024/monitor").await;
    assert_eq!(page.status, StatusCode::OK);
    let html = page.text();
    assert!(
        html.contains("Theo dõi trực tiếp")
            && html.contains("data-refresh=\"/admin/campaigns/pks05-2024/monitor?part=live\"")
    );
    assert!(html.contains("<div class=\"figure\">200</div>"), "200 of 203 points have no response yet");
    assert!(html.contains("100% hài lòng trên dưới 30 phiếu"), "a perfect score on one response is flagged");
    assert!(html.contains("chưa có số lượt"), "no visitor count yet: the quota cannot be judged");
    assert!(html.contains("<script src=\"/static/monitor."), "the refresh script is a static file");

    // The refreshing part alone; a new answer shows in it at once.
    answer(&t, "07210", crate::PKS05_ANSWERS).await;
    let live = t.get_as(&admin, "/admin/campaigns/pks05-2024/monitor?part=live").await;
    assert_eq!(live.header("cache-control"), Some("no-store"));
    let part = live.text();
    assert!(!part.contains("<html") && part.contains("<table>"));
    assert!(part.contains("<div class=\"figure\">4</div>"), "four responses today");

    // A unit manager sees the points of the district only.
    let district = t.get_as(&manager, "/admin/campaigns/pks05-2024/monitor").await.text();
    assert!(district.contains("Phường Hoàng Văn Thụ") && !district.contains("Xã Tân Dĩnh"));

    // Two days later (a new session: the first has expired), twenty answers in a morning at a
    // point that had one is a burst.
    t.advance(SignedDuration::from_hours(48));
    for _ in 0..20 {
        answer(&t, "07432", crate::PKS05_ANSWERS).await;
    }
    let admin = t.staff_session("quantri").await;
    let later = t.get_as(&admin, "/admin/campaigns/pks05-2024/monitor").await.text();
    assert!(later.contains("tăng đột biến hôm nay"), "a burst is flagged");
}
