//! Addresses that do not read — a word where a number belongs, a parameter given twice — get
//! a page in the reader's language (JSON on the API), never axum's English text.

use axum::http::StatusCode;
use domain::accounts::Role;
use testkit::TestApp;

#[tokio::test]
async fn staff_pages_refuse_unreadable_parameters_in_the_staff_language() {
    let t = TestApp::with_pks05_campaign().await;
    t.add_staff("quantri", Role::Admin, None).await;
    let admin = t.staff_session("quantri").await;

    for path in [
        "/admin/campaigns/pks05-2024/comments?page=abc",
        "/admin/campaigns/pks05-2024?unit=b%E1%BA%AFc",
        "/admin/audit?before=-",
    ] {
        let page = t.get_as(&admin, path).await;
        assert_eq!(page.status, StatusCode::BAD_REQUEST, "{path}");
        let text = page.text();
        assert!(text.contains("Địa chỉ trang có tham số không hợp lệ"), "{path}: {text}");
        assert!(!text.contains("Failed to deserialize"), "{path}: axum's own text");
    }
    for path in ["/admin/exports/abc", "/admin/units/x07210", "/admin/paper/1e3"] {
        let page = t.get_as(&admin, path).await;
        assert_eq!(page.status, StatusCode::NOT_FOUND, "{path}");
        assert!(page.text().contains("Địa chỉ này không có trên hệ thống."), "{path}: {}", page.text());
    }

    // Sign-in is a staff page too, though outside /admin.
    let page = t.get("/login?next=%2Fadmin&next=%2Fadmin%2Faudit").await;
    assert_eq!(page.status, StatusCode::BAD_REQUEST);
    assert!(page.text().contains("Địa chỉ trang có tham số không hợp lệ"), "{}", page.text());

    let english = format!("{}; hl_lang=en", admin.cookie);
    let page = t.get_with("/admin/campaigns/pks05-2024/comments?page=-1", &[("cookie", &english)]).await;
    assert_eq!(page.status, StatusCode::BAD_REQUEST);
    assert!(page.text().contains("This address has a parameter that is not valid"), "{}", page.text());
}

#[tokio::test]
async fn a_signed_out_visitor_is_sent_to_sign_in_before_any_parameter_is_read() {
    let t = TestApp::with_pks05_campaign().await;
    let page = t.get("/admin/campaigns/pks05-2024/comments?page=abc").await;
    assert_eq!(page.status, StatusCode::SEE_OTHER);
    assert!(page.location().is_some_and(|l| l.starts_with("/login?next=")), "{:?}", page.location());
}

#[tokio::test]
async fn the_api_refuses_unreadable_parameters_in_json() {
    let t = TestApp::with_pks05_campaign().await;
    t.add_staff("quantri", Role::Admin, None).await;
    let admin = t.staff_session("quantri").await;
    let response = t.get_as(&admin, "/api/v1/campaigns/pks05-2024/results?unit=abc").await;
    assert_eq!(response.status, StatusCode::BAD_REQUEST);
    assert_eq!(response.header("content-type"), Some("application/json"));
    let body: serde_json::Value = serde_json::from_str(&response.text()).unwrap();
    assert_eq!(body["error"], "tham số trong địa chỉ không hợp lệ");
}

#[tokio::test]
async fn a_citizen_link_with_a_parameter_twice_gets_the_citizens_page() {
    let t = TestApp::with_pks05_campaign().await;
    let token = t.token_of("07210").await;
    let page = t.get(&format!("/q/{token}?lang=vi&lang=en")).await;
    assert_eq!(page.status, StatusCode::NOT_FOUND);
    let text = page.text();
    assert!(text.contains("Không tìm thấy trang"), "{text}");
    assert!(!text.contains("duplicate field"), "{text}");
    // The same link read once is the form.
    assert_eq!(t.get(&format!("/q/{token}?lang=en")).await.status, StatusCode::OK);
}
