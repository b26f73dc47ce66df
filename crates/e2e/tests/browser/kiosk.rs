//! A counter tablet in kiosk mode: enrolled with its one-time code, answered by touch alone,
//! starting again after each answer and when left idle, and answered twice while the server
//! is down: the answers wait on the tablet and reach the server once each when it is back.
//! axe-core on the enrolment page and on the kiosk form, blank and with answers waiting.

use std::fmt::Debug;
use std::time::{Duration, Instant};

use domain::accounts::Role;
use e2e::{Browser, Locator, Viewport};
use serde_json::{Value, json};
use testkit::TestApp;

use crate::{ANSWERS_VI, choose, exported_responses};

/// Phường Hoàng Văn Thụ, a point of the PKS05 campaign, where the tablet stands.
const POINT: &str = "07210";

/// A second and a third citizen's answers, unlike the first ([`ANSWERS_VI`]) and each other so
/// that the export shows which arrived and how many times: levels 4, 3, 4, 4, 2, 4 …
const SECOND: [(&str, &str); 6] = [
    ("c1", "Hài lòng"),
    ("c2", "Bình thường"),
    ("c3", "Hài lòng"),
    ("c4", "Hài lòng"),
    ("c5", "Không hài lòng"),
    ("chung", "Hài lòng"),
];

/// … and 1, 2, 3, 2, 1, 2.
const THIRD: [(&str, &str); 6] = [
    ("c1", "Rất không hài lòng"),
    ("c2", "Không hài lòng"),
    ("c3", "Bình thường"),
    ("c4", "Không hài lòng"),
    ("c5", "Rất không hài lòng"),
    ("chung", "Không hài lòng"),
];

/// The three answers as the export writes their levels (c1 to c5, overall).
const LEVELS: [&str; 3] = ["5,4,4,5,3,5", "4,3,4,4,2,4", "1,2,3,2,1,2"];

/// Longer than any step takes on a busy 2-core machine; the tests poll, so they only wait
/// this long when something is wrong.
const PATIENCE: Duration = Duration::from_secs(15);

#[tokio::test]
async fn a_kiosk_answered_by_touch_starts_again_and_keeps_answers_through_an_outage() {
    let t = TestApp::with_pks05_campaign().await;
    let code = add_kiosk(&t).await;
    let server = t.serve().await;
    let mut browser = Browser::open("kiosk-touch-idle-offline", Viewport::Tablet).await;

    // Enrolment, as at the counter: the code typed on the tablet's on-screen keyboard.
    browser.goto(&server.url("/kiosk")).await;
    browser.find(Locator::Id("kiosk-enrol")).await;
    browser.screenshot("enrolment").await;
    browser.assert_accessible("the kiosk enrolment page").await;
    browser.type_into(Locator::Id("code"), &code).await;
    browser.click(Locator::XPath("//button[normalize-space()='Kích hoạt']")).await;
    browser.find(Locator::Id("kiosk-form")).await;
    assert_eq!(browser.text(Locator::Css("header h1")).await, "Phường Hoàng Văn Thụ", "the tablet's point");
    assert_eq!(setting(&browser, "idle-seconds").await, "30", "the idle time set on the staff page");
    // The tablet's timings are read from these attributes each time they are used, so the
    // real script runs on shorter ones: a thank-you screen long enough to see, and a first
    // retry after a failed send short enough that the backoff stays within seconds here.
    set_setting(&browser, "thanks-ms", "1500").await;
    set_setting(&browser, "retry-ms", "250").await;
    listen_for_input(&browser).await;
    browser.screenshot("form").await;
    browser.assert_accessible("the kiosk form").await;

    // A first citizen answers by touch (on this screen chromedriver's clicks are taps, which
    // the page's own record of its input confirms at the end); thanked, then the form is
    // blank for the next one.
    choose(&browser, &ANSWERS_VI).await;
    assert_eq!(checked(&browser).await, 6, "each tap chose its answer");
    browser.screenshot("answered").await;
    send_and_start_again(&mut browser, true).await;
    until("the first answer reaches the server", 1, async || t.response_count("pks05-2024").await).await;
    assert_eq!(status(&browser).await, "", "nothing waits on the tablet");

    // A second one starts answering and walks away: the form clears itself.
    let idle = setting(&browser, "idle-seconds").await;
    set_setting(&browser, "idle-seconds", "3").await;
    choose(&browser, &SECOND[..2]).await;
    assert_eq!(checked(&browser).await, 2, "two answers chosen");
    browser.screenshot("half-answered").await;
    until("the idle form is cleared", 0, async || checked(&browser).await).await;
    browser.screenshot("cleared-when-idle").await;
    // Back to the tablet's own idle time, so a slow step below is not taken for walking away.
    set_setting(&browser, "idle-seconds", &idle).await;
    assert_eq!(t.response_count("pks05-2024").await, 1, "a half-filled form is not sent");

    // The network drops (the server stops): two citizens answer all the same.
    let addr = server.stop().await;
    choose(&browser, &SECOND).await;
    send_and_start_again(&mut browser, false).await;
    choose(&browser, &THIRD).await;
    send_and_start_again(&mut browser, false).await;
    let waiting = "Đã lưu trên máy 2 phiếu chờ gửi".to_owned();
    until("the tablet says two answers wait", waiting, async || status(&browser).await).await;
    assert_eq!(queued_on_tablet(&browser).await, 2, "both answers wait in the tablet's queue");
    browser.screenshot("two-answers-waiting").await;
    browser.assert_accessible("the kiosk form with answers waiting").await;
    assert_eq!(t.response_count("pks05-2024").await, 1, "nothing reached the stopped server");

    // The network is back. A stopped server does not make the browser fire `online`: the
    // sender's own retry delivers the queue.
    let _server = t.serve_on(addr).await;
    until("the tablet's queue empties", 0, async || queued_on_tablet(&browser).await).await;
    until("the status line clears", String::new(), async || status(&browser).await).await;
    browser.screenshot("delivered").await;
    assert_eq!(input_heard(&browser).await, ["touch"], "every answer was given by touch, no key pressed");
    browser.close().await;

    // Once the queue is empty nothing more can arrive: exactly the two, each once.
    assert_eq!(t.response_count("pks05-2024").await, 3, "1 + 2 answers, none lost, none twice");
    let responses = exported_responses(&t).await;
    assert_eq!(responses.len(), 3, "{responses:?}");
    for levels in LEVELS {
        let stored = format!(",kiosk,vi,{POINT},Phường Hoàng Văn Thụ,{levels},");
        let times = responses.iter().filter(|line| line.ends_with(&stored)).count();
        assert_eq!(times, 1, "the answer {levels} is stored once, from the kiosk: {responses:#?}");
    }
}

/// Adds a tablet at [`POINT`] as Thành phố Bắc Giang's organiser does on `/admin/kiosks` (over
/// HTTP, in-process: the browser is the tablet) and returns the enrolment code shown once.
async fn add_kiosk(t: &TestApp) -> String {
    t.add_staff("tochuc", Role::Organiser, Some("213")).await;
    let organiser = t.staff_session("tochuc").await;
    let fields = format!("point={POINT}&label=Qu%E1%BA%A7y+1&idle_seconds=30");
    let page = t.post_as(&organiser, "/admin/kiosks", &fields).await.text();
    let marker = "id=\"enrolment-code\">";
    let start = page.find(marker).unwrap_or_else(|| panic!("no enrolment code on the page: {page}")) + marker.len();
    page[start..].split('<').next().expect("the code's text").to_owned()
}

/// Taps the send button; sees the thank-you screen (saving it when `screenshot`), then the
/// form again with nothing chosen.
async fn send_and_start_again(browser: &mut Browser, screenshot: bool) {
    let send = Locator::XPath("//button[normalize-space()='Gửi đánh giá']");
    // While answers wait, the status line is fixed over the bottom of the screen, where the
    // button sits once the last question is answered; a person swipes it up into the clear.
    // The browser's own scrolling to an element (as on focus) stands in for the swipe: it
    // leaves the button clear of the line only because the stylesheet reserves the line's
    // height (`scroll-padding-bottom`). WebDriver's click does not scroll what it sees.
    let button = browser.find(send).await;
    run(browser, "arguments[0].scrollIntoView({ block: 'nearest' });", vec![json!(button)]).await;
    browser.click(send).await;
    until("the thank-you screen shows", true, async || displayed(browser, "kiosk-thanks").await).await;
    let thanks = browser.text(Locator::Css("#kiosk-thanks h2")).await;
    assert_eq!(thanks, "Cảm ơn Ông/Bà đã dành thời gian đánh giá!");
    if screenshot {
        browser.screenshot("thanks").await;
    }
    until("the form comes back", true, async || displayed(browser, "kiosk-form").await).await;
    assert_eq!(checked(browser).await, 0, "the form is blank for the next citizen");
}

/// Waits until `look` sees `want`, looking again every 100 ms; after [`PATIENCE`] fails
/// naming `what` and what it saw last.
async fn until<T: PartialEq + Debug>(what: &str, want: T, mut look: impl AsyncFnMut() -> T) {
    let deadline = Instant::now() + PATIENCE;
    loop {
        let seen = look().await;
        if seen == want {
            return;
        }
        assert!(Instant::now() < deadline, "{what}: still {seen:?} after {PATIENCE:?}, not {want:?}");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

async fn displayed(browser: &Browser, id: &str) -> bool {
    let element = browser.find(Locator::Id(id)).await;
    element.is_displayed().await.unwrap_or_else(|e| panic!("cannot tell whether #{id} shows: {e}"))
}

/// How many choices of the form are chosen now.
async fn checked(browser: &Browser) -> usize {
    let chosen = browser.client().find_all(Locator::Css("#kiosk-form input:checked")).await;
    chosen.expect("the chosen answers").len()
}

/// The line at the bottom of the screen ("" while it is hidden).
async fn status(browser: &Browser) -> String {
    browser.text(Locator::Id("kiosk-status")).await
}

/// The answers in the tablet's queue, as its script keeps them in `localStorage`.
async fn queued_on_tablet(browser: &Browser) -> usize {
    let script = "return JSON.parse(localStorage.getItem('hailong.kiosk.queue') || '[]').length;";
    let length = run(browser, script, vec![]).await;
    length.as_u64().and_then(|n| usize::try_from(n).ok()).unwrap_or_else(|| panic!("a queue length: {length}"))
}

/// Notes on the page which kinds of input it receives from now on: `pointerType` of each
/// pointer pressed ("touch", "mouse", "pen") and "keyboard" for a key. It lasts while the page
/// does, which is the whole test since the form never reloads.
async fn listen_for_input(browser: &Browser) {
    let script = "
        window.e2eHeard = new Set();
        window.addEventListener('pointerdown', e => window.e2eHeard.add(e.pointerType), true);
        window.addEventListener('keydown', () => window.e2eHeard.add('keyboard'), true);";
    run(browser, script, vec![]).await;
}

/// The kinds of input the page received since [`listen_for_input`], sorted.
async fn input_heard(browser: &Browser) -> Vec<String> {
    let heard = run(browser, "return Array.from(window.e2eHeard).sort();", vec![]).await;
    serde_json::from_value(heard.clone()).unwrap_or_else(|e| panic!("a list of input kinds, not {heard}: {e}"))
}

/// One of the tablet's timings, from the data attribute `#kiosk` carries it in.
async fn setting(browser: &Browser, name: &str) -> String {
    let script = "return document.getElementById('kiosk').getAttribute('data-' + arguments[0]);";
    let value = run(browser, script, vec![json!(name)]).await;
    value.as_str().unwrap_or_else(|| panic!("no setting {name}: {value}")).to_owned()
}

async fn set_setting(browser: &Browser, name: &str, value: &str) {
    let script = "document.getElementById('kiosk').setAttribute('data-' + arguments[0], arguments[1]);";
    run(browser, script, vec![json!(name), json!(value)]).await;
}

async fn run(browser: &Browser, script: &str, args: Vec<Value>) -> Value {
    browser.client().execute(script, args).await.unwrap_or_else(|e| panic!("the script {script:?} failed: {e}"))
}
