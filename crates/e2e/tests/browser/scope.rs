//! A unit manager sees their own district and is refused, in Vietnamese, another one's.

use domain::accounts::Role;
use e2e::{Browser, Locator, Viewport};
use testkit::TestApp;

use crate::sign_in;

#[tokio::test]
async fn a_unit_manager_is_refused_another_districts_unit() {
    let t = TestApp::with_pks05_campaign().await;
    // Thành phố Bắc Giang (213) is theirs; Huyện Lạng Giang (217) is not.
    t.add_staff("lanhdao.tpbg", Role::Manager, Some("213")).await;
    let (own, other) = (t.unit_id("213").await, t.unit_id("217").await);
    let server = t.serve().await;
    let mut browser = Browser::open("manager-outside-scope", Viewport::Desktop).await;
    sign_in(&browser, &server, "lanhdao.tpbg").await;

    browser.goto(&server.url(&format!("/admin/units/{own}"))).await;
    assert!(browser.text(Locator::Css("main h1")).await.contains("Thành phố Bắc Giang"), "their own district opens");
    browser.screenshot("own-district").await;

    browser.goto(&server.url(&format!("/admin/units/{other}"))).await;
    assert_eq!(browser.text(Locator::Css("main h1")).await, "Không có quyền truy cập");
    let explanation = browser.text(Locator::Css("main .card")).await;
    assert!(explanation.contains("đơn vị này nằm ngoài phạm vi tài khoản của bạn"), "{explanation}");
    assert!(!explanation.contains("Lạng Giang"), "the refusal does not show the unit: {explanation}");
    browser.screenshot("refused").await;
    browser.close().await;
}
