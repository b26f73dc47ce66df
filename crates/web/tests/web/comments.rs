//! Citizens' comments as staff read them: inside their scope only, the least satisfied first,
//! filtered, escaped, and every reading audited.

use axum::http::StatusCode;
use domain::accounts::Role;
use testkit::TestApp;

async fn comment(t: &TestApp, point: &str, overall: u8, text: &str) {
    let (token, form) = t.open_form(point).await;
    let body = format!("_t={form}&c1=4&c2=4&c3=4&c4=4&chung={overall}&y_kien={}", testkit::encode(text));
    assert_eq!(t.post_form(&format!("/q/{token}"), body).await.status, StatusCode::SEE_OTHER);
}

#[tokio::test]
async fn managers_read_their_comments_the_unhappiest_first() {
    let t = TestApp::with_pks05_campaign().await;
    comment(&t, "07210", 5, "Cán bộ rất tận tình").await;
    comment(&t, "07210", 1, "Chờ quá lâu, <script>alert(1)</script>").await;
    comment(&t, "07213", 3, "Tạm được").await;
    comment(&t, "07432", 1, "Ý kiến ở huyện khác 9911").await;
    let (token, form) = t.open_form("07210").await;
    t.post_form(
        &format!("/q/{token}"),
        format!(
            "_t={form}&{}",
            crate::PKS05_ANSWERS.replace("&y_kien=C%C3%A1n+b%E1%BB%99+nhi%E1%BB%87t+t%C3%ACnh", "")
        ),
    )
    .await;
    t.add_staff("lanhdao", Role::Manager, Some("213")).await;
    t.add_staff("nhaplieu", Role::Clerk, Some("07210")).await;
    let manager = t.staff_session("lanhdao").await;

    let page = t.get_as(&manager, "/admin/campaigns/pks05-2024/comments").await;
    assert_eq!(page.status, StatusCode::OK);
    let text = page.text();
    assert!(!text.contains("9911"), "a comment outside the scope is shown");
    assert!(text.contains("<strong>3</strong>"), "three comments inside the scope: {text}");
    let (first, rest) = (text.find("Chờ quá lâu").unwrap(), text.find("Tạm được").unwrap());
    assert!(first < rest && rest < text.find("rất tận tình").unwrap(), "the least satisfied first");
    assert!(!text.contains("<script>alert"), "comments are escaped");
    assert!(text.contains("10/07/2024<br><span class=\"muted small\">Mã QR</span>"), "day and channel in words");

    assert!(text.contains("Mức hài lòng chung tối đa") && text.contains("≤ 2 — Không hài lòng"), "{text}");
    let unhappy = t.get_as(&manager, "/admin/campaigns/pks05-2024/comments?level=2").await.text();
    assert!(unhappy.contains("Chờ quá lâu") && !unhappy.contains("Tạm được") && !unhappy.contains("tận tình"));
    let point = t.unit_id("07213").await;
    let one_point = t.get_as(&manager, &format!("/admin/campaigns/pks05-2024/comments?point={point}")).await.text();
    assert!(one_point.contains("Tạm được") && !one_point.contains("Chờ quá lâu"));
    let outside =
        t.get_as(&manager, &format!("/admin/campaigns/pks05-2024/comments?point={}", t.unit_id("07432").await)).await;
    assert_eq!(outside.status, StatusCode::FORBIDDEN);
    let bad = t.get_as(&manager, "/admin/campaigns/pks05-2024/comments?from=hom-qua").await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST);
    assert!(bad.text().contains("không hợp lệ"));

    let clerk = t.staff_session("nhaplieu").await;
    assert_eq!(t.get_as(&clerk, "/admin/campaigns/pks05-2024/comments").await.status, StatusCode::FORBIDDEN);
    let query = app::store::AuditQuery {
        username: Some("lanhdao".into()),
        action_prefix: Some("comments.".into()),
        from: None,
        until: None,
        before_id: None,
        limit: 10,
    };
    assert_eq!(t.app.store().audit_entries(query).await.unwrap().len(), 3, "each reading is audited");
}

#[tokio::test]
async fn pages_of_comments_follow_one_order_to_the_last() {
    let t = TestApp::with_pks05_campaign().await;
    // 130 comments a minute apart over four desks, levels turning 1 to 5: in page order the
    // unhappiest first, then the newest.
    let desks = ["07210", "07213", "07216", "07222"];
    for n in 0..130u8 {
        comment(&t, desks[usize::from(n) % 4], n % 5 + 1, &format!("góp ý số {n:03}")).await;
        t.advance(jiff::SignedDuration::from_mins(1));
    }
    let mut expected: Vec<u8> = (0..130).collect();
    expected.sort_by_key(|n| (n % 5, std::cmp::Reverse(*n)));
    t.add_staff("tochuc", Role::Organiser, Some("213")).await;
    let organiser = t.staff_session("tochuc").await;

    let mut read = Vec::new();
    for page in 0..2 {
        let text = t.get_as(&organiser, &format!("/admin/campaigns/pks05-2024/comments?page={page}")).await.text();
        assert!(text.contains("<strong>130</strong>"), "{text}");
        let mut shown: Vec<(usize, u8)> =
            (0..130u8).filter_map(|n| text.find(&format!("góp ý số {n:03}")).map(|at| (at, n))).collect();
        shown.sort();
        read.extend(shown.into_iter().map(|(_, n)| n));
        assert_eq!(read.len(), [100, 130][page], "page {page}");
    }
    assert_eq!(read, expected);

    let past_the_end = t.get_as(&organiser, &format!("/admin/campaigns/pks05-2024/comments?page={}", usize::MAX)).await;
    assert_eq!(past_the_end.status, StatusCode::OK);
    assert!(!past_the_end.text().contains("góp ý số"));
}

#[tokio::test]
async fn comments_are_filtered_by_day_and_counted_as_filtered() {
    let t = TestApp::with_pks05_campaign().await;
    comment(&t, "07210", 2, "ngày đầu, chưa hài lòng").await;
    comment(&t, "07213", 4, "ngày đầu, hài lòng").await;
    t.advance(jiff::SignedDuration::from_hours(24));
    comment(&t, "07210", 1, "ngày hai, rất không hài lòng").await;
    t.add_staff("tochuc", Role::Organiser, Some("24")).await;
    let organiser = t.staff_session("tochuc").await;
    let read =
        async |query: &str| t.get_as(&organiser, &format!("/admin/campaigns/pks05-2024/comments{query}")).await.text();

    let second = read("?from=2024-07-11").await;
    assert!(second.contains("<strong>1</strong>") && second.contains("ngày hai") && !second.contains("ngày đầu"));
    let first = read("?to=2024-07-10").await;
    assert!(first.contains("<strong>2</strong>") && !first.contains("ngày hai"), "{first}");
    let unhappy_first_day = read("?from=2024-07-10&to=2024-07-10&level=3").await;
    assert!(unhappy_first_day.contains("<strong>1</strong>") && unhappy_first_day.contains("chưa hài lòng"));
    assert!(!unhappy_first_day.contains("ngày đầu, hài lòng"));
    let none = read("?from=2024-07-12").await;
    assert!(!none.contains("ngày đầu") && !none.contains("ngày hai"), "{none}");
}

/// MC-11 has no overall question: a comment ranks by its response's lowest rating, and the
/// filter and column say so instead of naming an overall level that is not there.
#[tokio::test]
async fn without_an_overall_question_comments_rank_by_the_lowest_rating() {
    let t = TestApp::new().await;
    t.import_bac_giang().await;
    let (first, last) = (jiff::civil::date(2024, 7, 1), jiff::civil::date(2024, 7, 31));
    t.create_campaign("mc11", "MC-11", first, last).await;
    for (lowest, text) in [(4, "hài lòng cả"), (2, "một câu không hài lòng"), (3, "một câu bình thường")]
    {
        let (token, form) = t.open_form("07210").await;
        let ratings = (1..=11).map(|c| format!("c{c}={}", if c == 7 { lowest } else { 5 })).collect::<Vec<_>>();
        let body = format!("_t={form}&linh_vuc=1&{}&y_kien={}", ratings.join("&"), testkit::encode(text));
        assert_eq!(t.post_form(&format!("/q/{token}"), body).await.status, StatusCode::SEE_OTHER);
    }
    t.add_staff("tochuc", Role::Organiser, Some("24")).await;
    let organiser = t.staff_session("tochuc").await;

    let page = t.get_as(&organiser, "/admin/campaigns/mc11/comments").await.text();
    assert!(
        page.contains("Mức đánh giá thấp nhất của phiếu (tối đa)") && page.contains(">Mức đánh giá thấp nhất</th>"),
        "{page}"
    );
    assert!(!page.contains("Mức hài lòng chung") && !page.contains("Mức chung"), "there is no overall question");
    let order = ["một câu không hài lòng", "một câu bình thường", "hài lòng cả"].map(|c| page.find(c).unwrap());
    assert!(order.is_sorted(), "the lowest rating first: {order:?}");
    let unhappy = t.get_as(&organiser, "/admin/campaigns/mc11/comments?level=3").await.text();
    assert!(unhappy.contains("<strong>2</strong>") && !unhappy.contains("hài lòng cả"), "{unhappy}");
    assert!(unhappy.contains("<option value=\"3\" selected>≤ 3 — Bình thường</option>"), "the filter stays");
}
