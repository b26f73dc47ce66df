//! A citizen answering the PKS05 form on a phone after scanning the desk's QR code, in
//! Vietnamese or, switching as they would, in English.

use e2e::{Browser, Locator, Viewport};
use testkit::TestApp;

use crate::{ANSWERS_EN, ANSWERS_VI, LEVELS_IN_EXPORT, choose, exported_responses};

#[tokio::test]
async fn a_citizen_answers_on_a_phone_in_vietnamese() {
    let t = TestApp::with_pks05_campaign().await;
    let server = t.serve().await;
    let mut browser = Browser::open("citizen-answers-in-vietnamese", Viewport::Phone).await;

    browser.goto(&server.url(&format!("/q/{}", t.token_of("07432").await))).await;
    assert_eq!(browser.text(Locator::Css("header h1")).await, "Xã Tân Dĩnh", "the desk scanned");
    browser.screenshot("form").await;
    choose(&browser, &ANSWERS_VI).await;
    browser.type_into(Locator::Id("f-y_kien"), "Cán bộ nhiệt tình và chu đáo").await;
    browser.screenshot("answered").await;
    browser.click(Locator::XPath("//button[normalize-space()='Gửi đánh giá']")).await;

    assert_eq!(browser.text(Locator::Css("main h1")).await, "Cảm ơn Ông/Bà đã dành thời gian đánh giá!");
    let thanks = browser.path().await;
    assert!(thanks.ends_with("/cam-on?lang=vi"), "{thanks}");
    browser.screenshot("thanks").await;
    browser.close().await;

    assert_eq!(t.response_count("pks05-2024").await, 1);
    let responses = exported_responses(&t).await;
    assert_eq!(responses.len(), 1, "{responses:?}");
    let stored = format!(",qr,vi,07432,Xã Tân Dĩnh,{LEVELS_IN_EXPORT},Cán bộ nhiệt tình và chu đáo");
    assert!(responses[0].ends_with(&stored), "the answers as given: {}", responses[0]);
}

#[tokio::test]
async fn a_citizen_switches_to_english_and_answers() {
    let t = TestApp::with_pks05_campaign().await;
    let server = t.serve().await;
    let mut browser = Browser::open("citizen-answers-in-english", Viewport::Phone).await;

    browser.goto(&server.url(&format!("/q/{}", t.token_of("07432").await))).await;
    browser.click(Locator::LinkText("English")).await;
    browser.find(Locator::Css("html[lang=en]")).await;
    assert_eq!(
        browser.text(Locator::Css(".survey-title")).await,
        "Citizen satisfaction with the civil servants of the one-stop desk"
    );
    assert_eq!(browser.text(Locator::Css("header h1")).await, "Xã Tân Dĩnh", "unit names stay Vietnamese");
    browser.screenshot("form-in-english").await;
    choose(&browser, &ANSWERS_EN).await;
    browser.type_into(Locator::Id("f-y_kien"), "Quick and friendly").await;
    browser.click(Locator::XPath("//button[normalize-space()='Send my assessment']")).await;

    assert_eq!(browser.text(Locator::Css("main h1")).await, "Thank you for your assessment!");
    browser.screenshot("thanks").await;
    browser.close().await;

    assert_eq!(t.response_count("pks05-2024").await, 1);
    let responses = exported_responses(&t).await;
    assert_eq!(responses.len(), 1, "{responses:?}");
    let stored = format!(",qr,en,07432,Xã Tân Dĩnh,{LEVELS_IN_EXPORT},Quick and friendly");
    assert!(responses[0].ends_with(&stored), "the answers as given, in English: {}", responses[0]);
}
