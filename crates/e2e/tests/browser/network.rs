//! The server going away and coming back on the same address, as a desk's network drop looks
//! to a phone: what later tests of working offline stand on.

use e2e::{Browser, Locator, Viewport};
use testkit::TestApp;

#[tokio::test]
async fn a_stopped_server_comes_back_on_the_same_address() {
    let t = TestApp::with_pks05_campaign().await;
    let server = t.serve().await;
    let mut browser = Browser::open("server-stops-and-returns", Viewport::Phone).await;
    let form = server.url(&format!("/q/{}", t.token_of("07432").await));
    browser.goto(&form).await;
    assert_eq!(browser.text(Locator::Css("header h1")).await, "Xã Tân Dĩnh");

    // Stopping waits for the browser's open connections to close.
    let addr = server.stop().await;
    let refused = browser.client().goto(&form).await.expect_err("nothing answers while it is stopped");
    assert!(refused.to_string().contains("ERR_CONNECTION_REFUSED"), "{refused}");
    browser.screenshot("offline").await;

    let server = t.serve_on(addr).await;
    assert_eq!(server.addr(), addr);
    browser.goto(&form).await;
    assert_eq!(browser.text(Locator::Css("header h1")).await, "Xã Tân Dĩnh", "the form is back");
    browser.screenshot("back").await;
    browser.close().await;
}
