//! Answering the citizen form with the keyboard alone: Tab between questions, Space and the
//! arrow keys to choose, typing a phone number in the optional contact section, Enter to send.
//! No clicks.

use e2e::{Browser, Key, Viewport};
use testkit::TestApp;

use crate::{LEVELS_IN_EXPORT, exported_responses};

#[tokio::test]
async fn the_form_can_be_answered_with_the_keyboard_alone() {
    let t = TestApp::with_pks05_campaign().await;
    let server = t.serve().await;
    let mut browser = Browser::open("keyboard-only-answers", Viewport::Desktop).await;
    browser.goto(&server.url(&format!("/q/{}", t.token_of("07432").await))).await;

    browser.press(Key::Tab).await;
    let language = browser.focused().await;
    assert_eq!(language.text().await.unwrap(), "English", "the first stop is the language switch");

    let levels: Vec<u32> = LEVELS_IN_EXPORT.split(',').map(|level| level.parse().unwrap()).collect();
    for (question, level) in ["c1", "c2", "c3", "c4", "c5", "chung"].into_iter().zip(levels) {
        // Tab enters the question's group on its first choice; Space chooses it; each arrow
        // moves to the next choice and chooses that one.
        browser.press(Key::Tab).await;
        browser.press(Key::Space).await;
        for _ in 1..level {
            browser.press(Key::Down).await;
        }
        let choice = browser.focused().await;
        assert_eq!(choice.attr("name").await.unwrap().as_deref(), Some(question), "focus is on question {question}");
        assert_eq!(choice.attr("value").await.unwrap(), Some(level.to_string()));
        assert!(choice.is_selected().await.unwrap(), "level {level} of {question} is chosen");
        if question == "c1" {
            browser.screenshot("first-question-by-keyboard").await;
        }
    }
    browser.press(Key::Tab).await;
    assert_eq!(browser.focused().await.attr("id").await.unwrap().as_deref(), Some("f-y_kien"), "then the comment");
    browser.type_text("Cán bộ nhiệt tình").await;
    // The optional contact section: name, phone, email, each one Tab further.
    for field in ["f-lien-he-ten", "f-lien-he-sdt", "f-lien-he-email"] {
        browser.press(Key::Tab).await;
        assert_eq!(browser.focused().await.attr("id").await.unwrap().as_deref(), Some(field), "then {field}");
        if field == "f-lien-he-sdt" {
            browser.type_text("0912 345 678").await;
        }
    }
    browser.press(Key::Tab).await;
    assert_eq!(browser.focused().await.attr("type").await.unwrap().as_deref(), Some("submit"), "then the button");
    browser.screenshot("ready-to-send").await;
    browser.press(Key::Enter).await;

    assert_eq!(browser.text(e2e::Locator::Css("main h1")).await, "Cảm ơn Ông/Bà đã dành thời gian đánh giá!");
    browser.screenshot("thanks").await;
    browser.close().await;

    let responses = exported_responses(&t).await;
    assert_eq!(responses.len(), 1, "{responses:?}");
    let stored = format!(",vi,07432,Xã Tân Dĩnh,{LEVELS_IN_EXPORT},Cán bộ nhiệt tình");
    assert!(responses[0].ends_with(&stored), "the answers as given: {}", responses[0]);
    let campaign = t.app.campaign("pks05-2024").await.unwrap().id;
    let contacts = t.app.store().contacts(campaign).await.unwrap();
    assert_eq!(contacts.len(), 1);
    assert_eq!(contacts[0].contact.phone(), Some("0912345678"), "the phone typed, stored apart");
    assert!(!responses[0].contains("0912"), "and not in the export");
}
