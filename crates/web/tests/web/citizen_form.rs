//! GET /q/{token}: the form a citizen sees after scanning a QR code.

use std::io::Read;

use axum::http::StatusCode;
use testkit::TestApp;

#[tokio::test]
async fn the_form_shows_the_point_and_every_question_in_vietnamese() {
    let t = TestApp::with_pks05_campaign().await;
    let token = t.token_of("07432").await;
    let page = t.get(&format!("/q/{token}")).await;
    assert_eq!(page.status, StatusCode::OK);
    let html = page.text();
    assert!(html.contains("<html lang=\"vi\">"));
    assert!(html.contains("<h1>Xã Tân Dĩnh</h1>"), "the point's name is the title");
    assert!(html.contains("Huyện Lạng Giang · Tỉnh Bắc Giang"), "and where it is");
    for question in [
        "Thái độ của công chức",
        "Tinh thần trách nhiệm",
        "Kỹ năng lắng nghe",
        "Nắm vững quy định",
        "dịch vụ công trực tuyến",
        "Nhìn chung",
    ] {
        assert!(html.contains(question), "{question}");
    }
    assert_eq!(html.matches("<fieldset").count(), 6, "one fieldset per closed question");
    assert_eq!(html.matches("type=\"radio\" name=\"c1\"").count(), 5, "five levels");
    assert!(html.contains("Rất không hài lòng") && html.contains("Rất hài lòng"));
    assert!(html.contains("<textarea id=\"f-y_kien\" name=\"y_kien\" rows=\"4\" maxlength=\"1000\""));
    assert!(html.contains("ẩn danh"), "the promise of anonymity");
    assert!(!html.contains("<script"), "no JavaScript needed");
    assert!(page.form_token().is_some_and(|t| t.len() > 40));
    assert_eq!(page.header("cache-control"), Some("private, no-store"));
}

#[tokio::test]
async fn english_is_one_switch_away() {
    let t = TestApp::with_pks05_campaign().await;
    let token = t.token_of("07432").await;
    let vi = t.get(&format!("/q/{token}")).await.text();
    assert!(vi.contains(&format!("href=\"/q/{token}?lang=en\"")));
    let en = t.get(&format!("/q/{token}?lang=en")).await.text();
    assert!(en.contains("<html lang=\"en\">"));
    assert!(en.contains("Very dissatisfied") && en.contains("Send my assessment"));
    assert!(en.contains("name=\"_lang\" value=\"en\""));
    assert!(en.contains("Xã Tân Dĩnh"), "unit names stay Vietnamese");
}

#[tokio::test]
async fn each_visitor_gets_a_fresh_token_in_a_small_compressed_page() {
    let t = TestApp::with_pks05_campaign().await;
    let token = t.token_of("24").await;
    let first = t.get_with(&format!("/q/{token}"), &[("accept-encoding", "gzip, br")]).await;
    let second = t.get_with(&format!("/q/{token}"), &[("accept-encoding", "gzip")]).await;
    assert_eq!(first.header("content-encoding"), Some("gzip"));
    assert_eq!(first.header("vary"), Some("Accept-Encoding"));
    assert!(first.body.len() < 15 * 1024, "{} bytes over the wire", first.body.len());
    let unzip = |bytes: &[u8]| {
        let mut html = String::new();
        flate2::read::GzDecoder::new(bytes).read_to_string(&mut html).expect("valid gzip");
        html
    };
    let (a, b) = (unzip(&first.body), unzip(&second.body));
    let token_of = |html: &str| {
        let start = html.find("name=\"_t\" value=\"").unwrap() + 17;
        html[start..start + html[start..].find('"').unwrap()].to_owned()
    };
    assert_ne!(token_of(&a), token_of(&b), "a token per visitor");
    assert_eq!(a.replace(&token_of(&a), ""), b.replace(&token_of(&b), ""), "the same page otherwise");
    let plain = t.get(&format!("/q/{token}")).await;
    assert_eq!(plain.header("content-encoding"), None);
    assert!(plain.text().contains("Tỉnh Bắc Giang"));
}

#[tokio::test]
async fn unknown_and_revoked_tokens_and_idle_points_get_clear_pages() {
    let t = TestApp::with_pks05_campaign().await;
    let unknown = t.get("/q/aaaaaaaaaaaaaaaaaaaaaaaa").await;
    assert_eq!(unknown.status, StatusCode::NOT_FOUND);
    assert!(unknown.text().contains("Không tìm thấy phiếu khảo sát"));
    let garbage = t.get("/q/%3Cscript%3Ealert(1)%3C%2Fscript%3E").await;
    assert_eq!(garbage.status, StatusCode::NOT_FOUND);
    assert!(!garbage.text().contains("<script>"));

    let old = t.token_of("07432").await;
    let new = t.app.rotate_point_token("07432").await.unwrap();
    assert_ne!(old, new);
    let revoked = t.get(&format!("/q/{old}")).await;
    assert_eq!(revoked.status, StatusCode::GONE);
    assert!(revoked.text().contains("Mã QR này không còn sử dụng"));
    assert_eq!(t.get(&format!("/q/{new}")).await.status, StatusCode::OK);

    // After the campaign the point has no survey to show.
    t.set_now("2024-07-20T02:00:00Z".parse().unwrap());
    let page = t.get(&format!("/q/{new}")).await;
    assert_eq!(page.status, StatusCode::NOT_FOUND);
    assert!(page.text().contains("Hiện không có đợt khảo sát nào đang diễn ra tại Xã Tân Dĩnh"), "{}", page.text());
}
