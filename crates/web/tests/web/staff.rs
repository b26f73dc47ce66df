//! Staff pages: sign-in with CSRF, sessions in the database, the campaign results.

use app::accounts::NewAccount;
use axum::http::StatusCode;
use domain::accounts::Role;
use testkit::TestApp;

const PASSWORD: &str = "mây trắng bay về núi";

async fn with_admin() -> TestApp {
    let t = TestApp::with_pks05_campaign().await;
    t.app
        .add_user(NewAccount {
            username: "tochuc".into(),
            display_name: "Ban Dân vận".into(),
            password: PASSWORD.into(),
            role: Role::Admin,
            unit: None,
        })
        .await
        .unwrap();
    t
}

#[tokio::test]
async fn staff_pages_need_a_session() {
    let t = with_admin().await;
    let response = t.get("/admin/campaigns/pks05-2024").await;
    assert_eq!(response.status, StatusCode::SEE_OTHER);
    assert_eq!(response.location(), Some("/login?next=/admin/campaigns/pks05-2024"));
}

#[tokio::test]
async fn signing_in_shows_campaigns_and_results() {
    let t = with_admin().await;
    let cookie = t.sign_in("tochuc", PASSWORD).await.expect("signed in");
    let list = t.get_with("/admin/campaigns", &[("cookie", &cookie)]).await;
    assert_eq!(list.status, StatusCode::OK);
    assert!(list.text().contains("Đợt pks05-2024"));
    assert!(list.text().contains("Ban Dân vận"));

    let (token, form) = t.open_form("07432").await;
    t.post_form(&format!("/q/{token}"), format!("_t={form}&{}", crate::PKS05_ANSWERS)).await;
    let results = t.get_with("/admin/campaigns/pks05-2024", &[("cookie", &cookie)]).await;
    assert_eq!(results.status, StatusCode::OK);
    let html = results.text();
    assert!(html.contains("100,0%") && html.contains("overall-question"), "PKS05's overall question, named");
    assert!(html.contains("item-satisfied") && html.contains("factor-pooled"), "every formula is named");
    assert!(html.contains("chưa đủ dữ liệu"), "one response is not enough to rank a unit");

    // Drill down: the province, then the district, then the commune's row.
    let mut html = html;
    for unit in ["Tỉnh Bắc Giang", "Huyện Lạng Giang"] {
        let link = drill_link(&html, unit).unwrap_or_else(|| panic!("a link into {unit}"));
        let page = t.get_with(&link, &[("cookie", &cookie)]).await;
        assert_eq!(page.status, StatusCode::OK);
        html = page.text();
        assert!(html.contains(&format!("<strong>{unit}</strong>")), "the trail ends at {unit}");
    }
    assert!(html.contains("Xã Tân Dĩnh"));
    assert_eq!(t.get_with("/admin/campaigns/khong-co", &[("cookie", &cookie)]).await.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn wrong_passwords_and_missing_csrf_do_not_sign_in() {
    let t = with_admin().await;
    assert!(t.sign_in("tochuc", "sai mật khẩu rồi").await.is_none());
    assert!(t.sign_in("khongco", PASSWORD).await.is_none());
    let page = t.get("/login").await;
    let cookie = page.cookie("hl_signin").unwrap();
    let body = format!("_csrf=wrong&username=tochuc&password={}", testkit::encode(PASSWORD));
    let response = t.post_form_with("/login", body, &[("cookie", &format!("hl_signin={cookie}"))]).await;
    assert_eq!(response.status, StatusCode::FORBIDDEN);
    assert!(response.cookie("hl_session").is_none());
}

#[tokio::test]
async fn signing_out_ends_the_session_and_needs_the_csrf_value() {
    let t = with_admin().await;
    let cookie = t.sign_in("tochuc", PASSWORD).await.unwrap();
    let page = t.get_with("/admin/campaigns", &[("cookie", &cookie)]).await;
    let csrf = page.hidden("_csrf").unwrap();
    let forged = t.post_form_with("/logout", "_csrf=forged", &[("cookie", &cookie)]).await;
    assert_eq!(forged.status, StatusCode::FORBIDDEN);
    let out = t.post_form_with("/logout", format!("_csrf={csrf}"), &[("cookie", &cookie)]).await;
    assert_eq!(out.status, StatusCode::SEE_OTHER);
    assert_eq!(t.get_with("/admin/campaigns", &[("cookie", &cookie)]).await.status, StatusCode::SEE_OTHER);
}

#[tokio::test]
async fn every_page_carries_the_security_headers() {
    let t = with_admin().await;
    let token = t.token_of("24").await;
    for path in ["/", "/login".to_owned().as_str(), &format!("/q/{token}"), "/khong-co"] {
        let response = t.get(path).await;
        let csp = response.header("content-security-policy").unwrap_or_default();
        assert!(
            csp.contains("frame-ancestors 'none'")
                && csp.contains("script-src 'self'")
                && !csp.contains("unsafe-inline"),
            "{path}"
        );
        assert_eq!(response.header("x-content-type-options"), Some("nosniff"));
        assert_eq!(response.header("x-frame-options"), Some("DENY"));
        assert_eq!(response.header("referrer-policy"), Some("no-referrer"));
    }
}

/// The `?unit=` link of the ranking row naming `unit`.
fn drill_link(html: &str, unit: &str) -> Option<String> {
    let end = html.find(&format!("\">{unit}</a>"))?;
    let start = html[..end].rfind("href=\"")? + "href=\"".len();
    Some(html[start..end].to_owned())
}
