//! GET /q/{token}/qr.svg and .png: a point's QR code encodes its survey address.

use axum::http::StatusCode;
use testkit::TestApp;

#[tokio::test]
async fn qr_codes_come_as_svg_and_png() {
    let t = TestApp::with_pks05_campaign().await;
    let token = t.token_of("07432").await;
    let svg = t.get(&format!("/q/{token}/qr.svg")).await;
    assert_eq!(svg.status, StatusCode::OK);
    assert_eq!(svg.header("content-type"), Some("image/svg+xml"));
    assert!(svg.text().starts_with("<svg") && svg.text().contains("<path"));
    let png = t.get(&format!("/q/{token}/qr.png")).await;
    assert_eq!(png.header("content-type"), Some("image/png"));
    assert_eq!(&png.body[1..4], b"PNG");
    assert_eq!(t.get("/q/aaaaaaaaaaaaaaaaaaaaaaaa/qr.svg").await.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn the_code_encodes_the_configured_public_address() {
    let t = TestApp::with_pks05_campaign().await;
    let token = t.token_of("07432").await;
    let svg = t.get(&format!("/q/{token}/qr.svg")).await.text();
    let expected = documents::qr::Qr::encode(&format!("https://khaosat.example.vn/q/{token}")).unwrap().to_svg();
    assert_eq!(svg, expected);
}

#[tokio::test]
async fn an_organiser_replaces_or_withdraws_a_point_qr_code_and_old_posters_say_so() {
    let t = TestApp::with_pks05_campaign().await;
    t.add_staff("tochuc", domain::accounts::Role::Organiser, Some("24")).await;
    t.add_staff("nhaplieu", domain::accounts::Role::Clerk, Some("07210")).await;
    let organiser = t.staff_session("tochuc").await;
    let clerk = t.staff_session("nhaplieu").await;
    let point = t.unit_id("07210").await;
    let old = t.token_of("07210").await;
    let page = t.get_as(&organiser, &format!("/admin/units/{point}")).await.text();
    assert!(page.contains(&format!("/q/{old}")), "the unit page shows the point's link");

    let refused = t.post_as(&clerk, &format!("/admin/units/{point}/qr"), "action=rotate").await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN, "a clerk cannot replace the code");
    assert_eq!(t.token_of("07210").await, old);

    let rotated = t.post_as(&organiser, &format!("/admin/units/{point}/qr"), "action=rotate").await;
    assert_eq!(rotated.status, StatusCode::SEE_OTHER);
    let new = t.token_of("07210").await;
    assert_ne!(new, old);
    let old_poster = t.get(&format!("/q/{old}")).await;
    assert_eq!(old_poster.status, StatusCode::GONE, "{}", old_poster.text());
    assert!(old_poster.text().contains("đã được thay"), "{}", old_poster.text());
    assert_eq!(t.get(&format!("/q/{new}")).await.status, StatusCode::OK);

    let revoked = t.post_as(&organiser, &format!("/admin/units/{point}/qr"), "action=revoke").await;
    assert_eq!(revoked.status, StatusCode::SEE_OTHER);
    assert_eq!(t.get(&format!("/q/{new}")).await.status, StatusCode::GONE);
    let page = t.get_as(&organiser, &format!("/admin/units/{point}")).await.text();
    assert!(page.contains("chưa có mã QR"), "the page says the point has no code");
    let query = app::store::AuditQuery {
        username: None,
        action_prefix: Some("qr.".into()),
        from: None,
        until: None,
        before_id: None,
        limit: 10,
    };
    let audit = t.app.store().audit_entries(query).await.unwrap();
    assert!(audit.iter().any(|e| e.action == "qr.rotate") && audit.iter().any(|e| e.action == "qr.revoke"));
}

#[tokio::test]
async fn staff_download_posters_the_list_and_a_zip_of_codes_for_their_scope() {
    let t = TestApp::with_pks05_campaign().await;
    t.add_staff("lanhdao", domain::accounts::Role::Manager, Some("217")).await;
    let manager = t.staff_session("lanhdao").await;
    let district = t.unit_id("217").await;
    let base = "/admin/campaigns/pks05-2024";

    let pack = t.get_as(&manager, &format!("{base}/posters.pdf?unit={district}")).await;
    assert_eq!(pack.status, StatusCode::OK, "{}", pack.text());
    assert_eq!(pack.header("content-type"), Some("application/pdf"));
    assert!(pack.header("content-disposition").unwrap().contains("ap-phich-qr-pks05-2024-217.pdf"));
    assert!(pack.body.starts_with(b"%PDF-"));
    let a5 = t.get_as(&manager, &format!("{base}/posters.pdf?unit={district}&paper=a5")).await;
    assert_eq!(a5.status, StatusCode::OK);
    assert_ne!(a5.body, pack.body, "A5 is drawn, not renamed");
    let list = t.get_as(&manager, &format!("{base}/posters.pdf?unit={district}&only=list")).await;
    assert!(list.body.starts_with(b"%PDF-") && list.body.len() < pack.body.len(), "the list alone is smaller");

    let zip = t.get_as(&manager, &format!("{base}/qr.zip?unit={district}")).await;
    assert_eq!(zip.status, StatusCode::OK);
    assert_eq!(zip.header("content-type"), Some("application/zip"));
    let names = String::from_utf8_lossy(&zip.body);
    let lang_giang_points = t.app.point_links(Some("217")).await.unwrap();
    assert!(lang_giang_points.len() > 10);
    for point in &lang_giang_points {
        assert!(names.contains(&format!("{}-", point.point.code)), "{} has its files", point.point.code);
    }
    assert!(names.contains("danh-sach.csv"));

    // The whole campaign reaches beyond the manager's district: only theirs is printed.
    let whole = t.get_as(&manager, &format!("{base}/qr.zip")).await;
    assert_eq!(whole.body, zip.body, "the scope decides what is printed");
    let outside = t.get_as(&manager, &format!("{base}/posters.pdf?unit={}", t.unit_id("213").await)).await;
    assert_eq!(outside.status, StatusCode::FORBIDDEN);
    let bad = t.get_as(&manager, &format!("{base}/posters.pdf?paper=a3")).await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST);
    assert!(bad.text().contains("a4 hoặc a5"));
}
