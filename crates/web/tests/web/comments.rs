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
    comment(&t, "07213", 3, "Bình thường").await;
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
    let (first, rest) = (text.find("Chờ quá lâu").unwrap(), text.find("Bình thường").unwrap());
    assert!(first < rest && rest < text.find("rất tận tình").unwrap(), "the least satisfied first");
    assert!(!text.contains("<script>alert"), "comments are escaped");

    let unhappy = t.get_as(&manager, "/admin/campaigns/pks05-2024/comments?level=2").await.text();
    assert!(unhappy.contains("Chờ quá lâu") && !unhappy.contains("Bình thường") && !unhappy.contains("tận tình"));
    let point = t.unit_id("07213").await;
    let one_point = t.get_as(&manager, &format!("/admin/campaigns/pks05-2024/comments?point={point}")).await.text();
    assert!(one_point.contains("Bình thường") && !one_point.contains("Chờ quá lâu"));
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
