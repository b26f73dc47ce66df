//! Browser tests: citizens and staff using the real app in headless Chromium, on a phone's, a
//! counter tablet's or a desktop's screen. Screenshots of each step:
//! `target/browser-artifacts/<test>/`.

mod accessibility;
mod citizen_form;
mod keyboard;
mod kiosk;
mod network;
mod scope;

use domain::accounts::Role;
use e2e::{Browser, Locator};
use testkit::{STAFF_PASSWORD, ServedApp, TestApp};

/// A PKS05 answer, question by question, as the Vietnamese form words the choices: levels
/// 5, 4, 4, 5, 3, 5.
pub const ANSWERS_VI: [(&str, &str); 6] = [
    ("c1", "Rất hài lòng"),
    ("c2", "Hài lòng"),
    ("c3", "Hài lòng"),
    ("c4", "Rất hài lòng"),
    ("c5", "Bình thường"),
    ("chung", "Rất hài lòng"),
];

/// The same answer on the English form.
pub const ANSWERS_EN: [(&str, &str); 6] = [
    ("c1", "Very satisfied"),
    ("c2", "Satisfied"),
    ("c3", "Satisfied"),
    ("c4", "Very satisfied"),
    ("c5", "Neutral"),
    ("chung", "Very satisfied"),
];

/// How the stored answer reads in the export: levels c1 to c5 and the overall question.
pub const LEVELS_IN_EXPORT: &str = "5,4,4,5,3,5";

/// Taps each answer's choice by its words, as a person finds it.
pub async fn choose(browser: &Browser, answers: &[(&str, &str)]) {
    for (question, label) in answers {
        let choice = format!("//fieldset[@id='q-{question}']//label[normalize-space()='{label}']");
        browser.click(Locator::XPath(&choice)).await;
    }
}

/// Signs in through the sign-in form as an account made by `TestApp::add_staff`.
pub async fn sign_in(browser: &Browser, server: &ServedApp, username: &str) {
    browser.goto(&server.url("/login")).await;
    browser.type_into(Locator::Id("username"), username).await;
    browser.type_into(Locator::Id("password"), STAFF_PASSWORD).await;
    browser.click(Locator::Css("form[action='/login'] button[type=submit]")).await;
    let signed_in_as = browser.text(Locator::Css(".who strong")).await;
    assert_eq!(signed_in_as, format!("Cán bộ {username}"), "the header names who signed in");
}

/// Every stored response of the campaign `pks05-2024`, one CSV line each, as an admin
/// downloads them (over HTTP, in-process: the browser only answered).
pub async fn exported_responses(t: &TestApp) -> Vec<String> {
    t.add_staff("kiemtra", Role::Admin, None).await;
    let admin = t.staff_session("kiemtra").await;
    let csv = t.get_as(&admin, "/admin/campaigns/pks05-2024/responses.csv").await.text();
    csv.lines().skip(1).map(str::to_owned).collect()
}
