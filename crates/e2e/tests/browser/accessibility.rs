//! axe-core on the pages people use most: no serious or critical violation. The citizen's
//! pages on a phone, the staff's on a desktop.

use domain::accounts::Role;
use e2e::{Browser, Locator, Viewport};
use testkit::TestApp;

use crate::{ANSWERS_VI, choose, sign_in};

#[tokio::test]
async fn the_citizen_pages_have_no_serious_accessibility_violations() {
    let t = TestApp::with_pks05_campaign().await;
    let server = t.serve().await;
    let mut browser = Browser::open("accessibility-citizen", Viewport::Phone).await;

    browser.goto(&server.url(&format!("/q/{}", t.token_of("07432").await))).await;
    browser.screenshot("form").await;
    browser.assert_accessible("the PKS05 form in Vietnamese").await;

    choose(&browser, &ANSWERS_VI).await;
    browser.click(Locator::Css("button[type=submit]")).await;
    browser.find(Locator::Css(".message[role=status]")).await;
    browser.screenshot("thanks").await;
    browser.assert_accessible("the thank-you page").await;
    browser.close().await;
}

#[tokio::test]
async fn the_main_staff_pages_have_no_serious_accessibility_violations() {
    let t = TestApp::with_pks05_campaign().await;
    // Answers at two desks, so the results page has figures and a ranking to show.
    for desk in ["07432", "07210"] {
        let (token, form) = t.open_form(desk).await;
        t.post_form(&format!("/q/{token}"), format!("_t={form}&c1=5&c2=4&c3=4&c4=5&c5=3&chung=5")).await;
    }
    t.add_staff("quantri", Role::Admin, None).await;
    let server = t.serve().await;
    let mut browser = Browser::open("accessibility-staff", Viewport::Desktop).await;

    browser.goto(&server.url("/login")).await;
    browser.screenshot("sign-in").await;
    browser.assert_accessible("the sign-in page").await;
    sign_in(&browser, &server, "quantri").await;

    let pages = [
        ("admin-home", "/admin", "the admin home"),
        ("campaigns", "/admin/campaigns", "the campaign list"),
        ("results", "/admin/campaigns/pks05-2024", "the campaign's results"),
        ("units", "/admin/units", "the units browser"),
        ("unit-search", "/admin/units?q=tan+dinh", "a search of the units"),
    ];
    for (step, path, page) in pages {
        browser.goto(&server.url(path)).await;
        browser.find(Locator::Css("main h1")).await;
        browser.screenshot(step).await;
        browser.assert_accessible(page).await;
    }
    browser.close().await;
}

/// The check itself: a page with an unlabelled field and an image without text fails it, so a
/// clean result above means axe looked.
#[tokio::test]
async fn axe_finds_what_a_broken_page_gets_wrong() {
    let browser = Browser::open("accessibility-broken-page", Viewport::Desktop).await;
    browser.goto("data:text/html,<html lang=vi><title>x</title><main><img src=a.png><input></main></html>").await;
    let violations = browser.axe_violations().await;
    let serious: Vec<&str> = violations.iter().filter(|v| v.is_serious()).map(|v| v.id.as_str()).collect();
    assert!(serious.contains(&"image-alt") && serious.contains(&"label"), "{serious:?}");
    browser.close().await;
}
