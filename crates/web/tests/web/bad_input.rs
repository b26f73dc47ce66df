//! Bad input on the citizen path gets a clear page and stores nothing.

use axum::body::Body;
use axum::http::{Request, StatusCode};
use testkit::TestApp;

use crate::PKS05_ANSWERS;

async fn assert_nothing_stored(t: &TestApp) {
    assert_eq!(t.response_count("pks05-2024").await, 0);
}

#[tokio::test]
async fn unknown_questions_and_levels_are_refused() {
    let t = TestApp::with_pks05_campaign().await;
    let (token, form) = t.open_form("07432").await;
    let cases = [
        (format!("_t={form}&{PKS05_ANSWERS}&c99=5"), "Phiếu không có câu hỏi \"c99\"."),
        (
            format!("_t={form}&c1=6&c2=4&c3=4&c4=5&chung=5"),
            "Câu trả lời \"6\" không có trong các lựa chọn của câu hỏi \"c1\".",
        ),
        (format!("_t={form}&c1=-1&c2=4&c3=4&c4=5&chung=5"), "không có trong các lựa chọn"),
        (format!("_t={form}&c1=5&c1=1&c2=4&c3=4&c4=5&chung=5"), "Câu hỏi \"c1\" được trả lời hai lần."),
        (format!("_t={form}&c1=%3Cscript%3E&c2=4&c3=4&c4=5&chung=5"), "Câu trả lời \"<script>\""),
    ];
    for (body, message) in cases {
        let response = t.post_form(&format!("/q/{token}"), body.clone()).await;
        assert_eq!(response.status, StatusCode::BAD_REQUEST, "{body}");
        let html = response.text();
        assert!(html.contains("Phiếu gửi lên không hợp lệ"), "{body}: {html}");
        assert!(html.contains("<h1>Xã Tân Dĩnh</h1>"), "the page says where: {html}");
        assert!(html.contains(&crate::escaped(message)), "{body}: {html}");
        assert!(!html.contains("<script>"), "echoed input is escaped");
    }
    assert_nothing_stored(&t).await;
}

#[tokio::test]
async fn invalid_utf8_is_refused_not_mangled() {
    let t = TestApp::with_pks05_campaign().await;
    let (token, form) = t.open_form("07432").await;
    let response = t.post_form(&format!("/q/{token}"), format!("_t={form}&{PKS05_ANSWERS}&y_kien=%C3%28")).await;
    assert_eq!(response.status, StatusCode::BAD_REQUEST);
    assert!(response.text().contains("không phải văn bản UTF-8"));
    let raw: Vec<u8> = [format!("_t={form}&c1=5&y_kien=").as_bytes(), &[0xff, 0xfe], b"&c2=4"].concat();
    let response = t.post_form(&format!("/q/{token}"), raw).await;
    assert_eq!(response.status, StatusCode::BAD_REQUEST);
    assert_nothing_stored(&t).await;
}

#[tokio::test]
async fn oversized_bodies_are_refused() {
    let t = TestApp::with_pks05_campaign().await;
    let (token, form) = t.open_form("07432").await;
    let huge = format!("_t={form}&{PKS05_ANSWERS}&y_kien={}", "a".repeat(70 * 1024));
    let response = t.post_form(&format!("/q/{token}"), huge).await;
    assert_eq!(response.status, StatusCode::PAYLOAD_TOO_LARGE);
    assert!(response.text().contains("Dữ liệu gửi lên quá lớn"));
    assert_nothing_stored(&t).await;
}

#[tokio::test]
async fn a_comment_over_its_limit_comes_back_to_be_shortened() {
    let t = TestApp::with_pks05_campaign().await;
    let (token, form) = t.open_form("07432").await;
    // 1,001 letters "ệ": 3,003 bytes, 1,001 characters.
    let long = format!("_t={form}&c1=5&c2=4&c3=4&c4=5&chung=5&y_kien={}", "%E1%BB%87".repeat(1001));
    let response = t.post_form(&format!("/q/{token}"), long).await;
    assert_eq!(response.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(response.text().contains("Ý kiến dài quá 1000 ký tự"));
    assert_nothing_stored(&t).await;
}

#[tokio::test]
async fn wrong_content_types_are_refused() {
    let t = TestApp::with_pks05_campaign().await;
    let (token, form) = t.open_form("07432").await;
    for content_type in ["application/json", "multipart/form-data; boundary=x", "text/plain"] {
        let request = Request::post(format!("/q/{token}"))
            .header("content-type", content_type)
            .body(Body::from(format!("_t={form}&{PKS05_ANSWERS}")))
            .unwrap();
        let response = t.request(request).await;
        assert_eq!(response.status, StatusCode::UNSUPPORTED_MEDIA_TYPE, "{content_type}");
        assert!(response.text().contains("không đúng định dạng"));
    }
    let request = Request::post(format!("/q/{token}")).body(Body::from(format!("_t={form}&{PKS05_ANSWERS}"))).unwrap();
    assert_eq!(t.request(request).await.status, StatusCode::UNSUPPORTED_MEDIA_TYPE);
    assert_nothing_stored(&t).await;
}

#[tokio::test]
async fn answers_to_an_unknown_or_revoked_token_are_refused() {
    let t = TestApp::with_pks05_campaign().await;
    let (token, form) = t.open_form("07432").await;
    let unknown = t.post_form("/q/aaaaaaaaaaaaaaaaaaaaaaaa", format!("_t={form}&{PKS05_ANSWERS}")).await;
    assert_eq!(unknown.status, StatusCode::NOT_FOUND);
    t.app.rotate_point_token("07432").await.unwrap();
    let revoked = t.post_form(&format!("/q/{token}"), format!("_t={form}&{PKS05_ANSWERS}")).await;
    assert_eq!(revoked.status, StatusCode::GONE);
    assert_nothing_stored(&t).await;
}

#[tokio::test]
async fn a_form_of_a_campaign_elsewhere_is_offered_again() {
    let t = TestApp::with_pks05_campaign().await;
    t.app
        .create_campaign(app::campaigns::CampaignSpec {
            code: "mc11-pilot".into(),
            name: "Thí điểm MC-11".into(),
            instrument: "MC-11".into(),
            window: app::campaigns::WindowSpec::AlwaysOn,
            scope: app::campaigns::PointScope::Points(vec![domain::units::UnitCode::parse("07210").unwrap()]),
            exclude: vec![],
            open: true,
            quota: domain::quota::QuotaRule::default(),
        })
        .await
        .unwrap();
    let elsewhere = t.app.campaign("mc11-pilot").await.unwrap();
    let token = t.token_of("07432").await;
    let foreign = t.app.issue_form_token(elsewhere.id);
    let response = t.post_form(&format!("/q/{token}"), format!("_t={foreign}&{PKS05_ANSWERS}")).await;
    assert_eq!(response.status, StatusCode::BAD_REQUEST);
    assert!(response.text().contains("Trang phiếu đã cũ"));
    assert_nothing_stored(&t).await;
}

#[tokio::test]
async fn a_review_decision_on_an_unknown_group_or_without_a_reason_changes_nothing() {
    let t = TestApp::with_pks05_campaign().await;
    // Sent without the form page's device cookie: stored, flagged `no_device`.
    let (token, form) = t.open_form("07432").await;
    t.advance(jiff::SignedDuration::from_secs(60));
    assert_eq!(
        t.post_form(&format!("/q/{token}"), format!("_t={form}&{PKS05_ANSWERS}")).await.status,
        StatusCode::SEE_OTHER
    );
    t.add_staff("tochuc", domain::accounts::Role::Organiser, Some("24")).await;
    let organiser = t.staff_session("tochuc").await;
    let queue = "/admin/campaigns/pks05-2024/review";
    let page = t.get_as(&organiser, queue).await.text();
    let group = crate::review::group_fields(&page, "07432/no_device/2024-07-10/pending").expect("a pending group");
    let cases = [
        (format!("{group}&action=exclude"), "hãy ghi lý do"),
        (format!("{group}&action=undo&note=x"), "không thể"),
        (format!("{group}&action=delete&note=x"), "hãy chọn chấp nhận, loại hoặc hủy quyết định"),
        (group.replace("reason=no_device", "reason=whatever") + "&action=accept", "nhóm phiếu không hợp lệ"),
        (group.replace("day=2024-07-10", "day=10%2F07%2F2024") + "&action=accept", "nhóm phiếu không hợp lệ"),
        (
            "point=999999&reason=no_device&day=2024-07-10&state=pending&responses=1&last=1&action=accept".to_owned(),
            "không thuộc đợt khảo sát",
        ),
        (format!("{group}&action=exclude&note={}", "x".repeat(501)), "dài quá 500 ký tự"),
    ];
    for (body, message) in cases {
        let response = t.post_as(&organiser, queue, &body).await;
        assert_eq!(response.status, StatusCode::BAD_REQUEST, "{body}");
        assert!(response.text().contains(message), "{body}: {}", response.text());
    }
    // A day with no such group: nothing to decide, and the page says so.
    let elsewhere = group.replace("day=2024-07-10", "day=2024-07-11") + "&action=accept";
    let response = t.post_as(&organiser, queue, &elsewhere).await;
    assert_eq!(response.location(), Some("/admin/campaigns/pks05-2024/review?done=already"));
    let campaign = t.app.campaign("pks05-2024").await.unwrap().id;
    let store = t.app.store();
    let (counted, all) = (domain::results::View::Counted, domain::results::View::All);
    assert_eq!(store.tallies(campaign, counted).await.unwrap(), store.tallies(campaign, all).await.unwrap());
    let page = t.get_as(&organiser, queue).await.text();
    assert_eq!(crate::review::group_fields(&page, "07432/no_device/2024-07-10/pending"), Some(group), "still pending");
}

#[tokio::test]
async fn codes_that_cannot_be_codes_come_back_and_store_nothing() {
    let t = TestApp::with_pks05_campaign().await;
    let campaign = t.app.campaign("pks05-2024").await.unwrap().id;
    t.app.store().set_campaign_verification(campaign, true, t.now()).await.unwrap();
    let token = t.token_of("07432").await;
    let cases = [
        ("AB", "mã quá ngắn (ít nhất 4 ký tự)"),
        ("%3Cb%3E1234%3C%2Fb%3E", "mã chỉ gồm chữ cái không dấu, chữ số, dấu chấm hoặc &#39;/&#39;"),
        ("M%C3%83-H%E1%BB%92-S%C6%A0", "mã chỉ gồm chữ cái không dấu"),
        ("A1B2C3D4E5F6G7H8I9J0K1L2M3N4O5P6Q7R8S9T0U", "mã dài quá 40 ký tự"),
    ];
    for (code, message) in cases {
        let form = t.get(&format!("/q/{token}")).await.form_token().unwrap();
        let response = t.post_form(&format!("/q/{token}"), format!("_t={form}&{PKS05_ANSWERS}&_code={code}")).await;
        assert_eq!(response.status, StatusCode::UNPROCESSABLE_ENTITY, "{code}");
        let html = response.text();
        assert!(html.contains(message), "{code}: {html}");
        assert!(!html.contains("<b>"), "echoed input is escaped");
    }
    // A QR link carrying markup or a huge value fills in nothing unsafe.
    let page = t.get(&format!("/q/{token}?code=%22%3E%3Cscript%3Ealert(1)%3C%2Fscript%3E")).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(!page.text().contains("<script>alert") && page.text().contains("&#34;&#62;&#60;script&#62;"));
    let page = t.get(&format!("/q/{token}?code={}", "A".repeat(65))).await;
    assert!(page.text().contains("name=\"_code\" value=\"\""), "an overlong code is left out");
    assert_nothing_stored(&t).await;
}

#[tokio::test]
async fn contact_details_too_long_are_sent_back_and_markup_in_them_is_escaped() {
    let t = TestApp::with_pks05_campaign().await;
    let (token, _) = t.open_form("07210").await;
    let long_email = format!("{}@example.vn", "a".repeat(250));
    let cases = [
        (format!("_contact_name={}&_contact_phone=0912345678", "%E1%BB%87".repeat(101)), "họ tên dài quá 100 ký tự"),
        (format!("_contact_email={long_email}"), "email dài quá 254 ký tự"),
        (format!("_contact_phone={}", "0".repeat(500)), "số điện thoại không đúng"),
    ];
    for (fields, message) in cases {
        let form = t.get(&format!("/q/{token}")).await.form_token().unwrap();
        let response = t.post_form(&format!("/q/{token}"), format!("_t={form}&{PKS05_ANSWERS}&{fields}")).await;
        assert_eq!(response.status, StatusCode::UNPROCESSABLE_ENTITY, "{message}");
        assert!(response.text().contains(message), "{message}");
    }
    assert_nothing_stored(&t).await;

    // Markup in a name is kept as typed, and shown as text on the comments page.
    let form = t.get(&format!("/q/{token}")).await.form_token().unwrap();
    let name = testkit::encode("<script>alert('lien-he')</script>");
    let body = format!("_t={form}&{PKS05_ANSWERS}&_contact_name={name}&_contact_email=an%40example.vn");
    assert_eq!(t.post_form(&format!("/q/{token}"), body).await.status, StatusCode::SEE_OTHER);
    t.add_staff("tochuc", domain::accounts::Role::Organiser, Some("24")).await;
    let organiser = t.staff_session("tochuc").await;
    let html = t.get_as(&organiser, "/admin/campaigns/pks05-2024/comments").await.text();
    assert!(html.contains(&crate::escaped("<script>alert('lien-he')</script> · an@example.vn")), "{html}");
    assert!(!html.contains("<script>alert"), "markup in a contact is escaped");
}
