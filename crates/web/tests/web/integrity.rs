//! Anonymous but counted once: a stuffer sending 1,000 responses in five ways gets at least
//! 99% flagged or refused, a realistic honest morning (a busy desk on one shared Wi-Fi, phones
//! on mobile data, normal fill times, many all-"very satisfied" answers) under 1% flagged, and
//! the limits hold across two instances on one database. The clock is the test's; addresses
//! come from the connection, as the server sees them.

use std::net::{IpAddr, Ipv4Addr, SocketAddr};

use axum::body::Body;
use axum::extract::ConnectInfo;
use axum::http::{Method, Request, StatusCode};
use domain::accounts::Role;
use jiff::{SignedDuration, Timestamp};
use testkit::{TestApp, TestResponse};

use crate::PKS05_ANSWERS;

/// A phone: the device cookie it keeps (if it keeps cookies) and the address it comes from.
pub(crate) struct Phone {
    cookie: Option<String>,
    keeps_cookies: bool,
    address: IpAddr,
}

impl Phone {
    pub(crate) fn new(address: IpAddr) -> Phone {
        Phone { cookie: None, keeps_cookies: true, address }
    }

    fn without_cookies(address: IpAddr) -> Phone {
        Phone { cookie: None, keeps_cookies: false, address }
    }

    fn request(&self, method: Method, path: &str, body: Option<String>) -> Request<Body> {
        let mut builder = Request::builder().method(method).uri(path);
        if let Some(cookie) = self.cookie.as_ref().filter(|_| self.keeps_cookies) {
            builder = builder.header("cookie", format!("hl_device={cookie}"));
        }
        let body = match body {
            Some(body) => {
                builder = builder.header("content-type", "application/x-www-form-urlencoded");
                Body::from(body)
            }
            None => Body::empty(),
        };
        let mut request = builder.body(body).expect("a request");
        request.extensions_mut().insert(ConnectInfo(SocketAddr::new(self.address, 50_000)));
        request
    }

    /// Opens the form, keeping the device cookie the page sets; returns the form token.
    pub(crate) async fn open(&mut self, t: &TestApp, token: &str) -> String {
        let page = t.request(self.request(Method::GET, &format!("/q/{token}"), None)).await;
        assert_eq!(page.status, StatusCode::OK, "{}", page.text());
        if self.keeps_cookies && self.cookie.is_none() {
            self.cookie = page.cookie("hl_device");
        }
        page.form_token().expect("the form carries a token")
    }

    pub(crate) async fn send(&self, t: &TestApp, token: &str, form: &str, answers: &str) -> TestResponse {
        t.request(self.request(Method::POST, &format!("/q/{token}"), Some(format!("_t={form}&{answers}")))).await
    }
}

/// A small deterministic generator (xorshift), so a failure replays exactly.
struct Dice(u64);

impl Dice {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }

    /// Seconds until the next arrival when one arrives every `mean` seconds on average.
    fn exponential(&mut self, mean: f64) -> i64 {
        let u = (self.below(1_000_000) as f64 + 0.5) / 1_000_000.0;
        (-mean * u.ln()).round() as i64
    }
}

pub(crate) fn address(a: u8, b: u8, c: u8, d: u8) -> IpAddr {
    IpAddr::V4(Ipv4Addr::new(a, b, c, d))
}

/// Answers a citizen might give: many all "very satisfied", some all "satisfied", the rest
/// mixed, sometimes with a comment.
fn honest_answers(dice: &mut Dice) -> String {
    let items = ["c1", "c2", "c3", "c4", "c5", "chung"];
    let pick = dice.below(100);
    let levels: Vec<u64> = match pick {
        0..45 => vec![5; 6],
        45..60 => vec![4; 6],
        _ => items.iter().map(|_| [2, 3, 4, 4, 5, 5][dice.below(6) as usize]).collect(),
    };
    let mut body: Vec<String> = items.iter().zip(levels).map(|(i, l)| format!("{i}={l}")).collect();
    if dice.below(4) == 0 {
        body.push("y_kien=C%C3%A1n+b%E1%BB%99+nhi%E1%BB%87t+t%C3%ACnh".into());
    }
    body.join("&")
}

/// What became of a stuffer's or a crowd's submissions.
#[derive(Debug, Default)]
struct Outcome {
    sent: usize,
    refused: usize,
    stored: i64,
    flagged: i64,
}

impl Outcome {
    fn caught_share(&self) -> f64 {
        (self.refused as f64 + self.flagged as f64) / self.sent as f64
    }
}

async fn outcome(t: &TestApp, sent: usize, refused: usize) -> Outcome {
    let campaign = t.app.campaign("pks05-2024").await.unwrap();
    let flags = t.app.store().flag_counts(campaign.id).await.unwrap();
    let stored = t.response_count("pks05-2024").await;
    assert_eq!(stored as usize + refused, sent, "every submission is stored or refused");
    eprintln!(
        "{sent} sent: {refused} refused, {stored} stored, {} flagged; by reason {:?}",
        flags.flagged, flags.by_reason
    );
    Outcome { sent, refused, stored, flagged: flags.flagged }
}

/// 08:00 on the first campaign morning.
pub(crate) fn eight_oclock() -> Timestamp {
    "2024-07-10T01:00:00Z".parse().unwrap()
}

/// Sends `n` stuffed responses at one point: the i-th form is opened `every` after the one
/// before and sent `fill` after it was opened (a script runs many forms at once). `phone_for`
/// gives a new phone for a response, or none to keep the last one.
async fn stuff(
    n: usize,
    every: SignedDuration,
    fill: SignedDuration,
    phone_for: impl Fn(usize) -> Option<Phone>,
    answers_for: impl Fn(usize) -> String,
) -> Outcome {
    let t = TestApp::with_pks05_campaign().await;
    let token = t.token_of("07432").await;
    let mut refused = 0;
    let mut phone = phone_for(0).expect("a first phone");
    for i in 0..n {
        if let Some(next) = phone_for(i).filter(|_| i > 0) {
            phone = next;
        }
        let opened = eight_oclock() + every * i as i32;
        t.set_now(opened);
        let form = phone.open(&t, &token).await;
        t.set_now(opened + fill);
        let response = phone.send(&t, &token, &form, &answers_for(i)).await;
        match response.status {
            StatusCode::SEE_OTHER => {}
            StatusCode::TOO_MANY_REQUESTS => refused += 1,
            other => panic!("unexpected {other}: {}", response.text()),
        }
    }
    outcome(&t, n, refused).await
}

const STUFFED: usize = 200;

pub(crate) fn varied(i: usize) -> String {
    let l = |k: usize| 3 + (i + k) % 3;
    format!("c1={}&c2={}&c3={}&c4={}&c5={}&chung={}", l(0), l(1), l(2), l(3), l(4), l(5))
}

pub(crate) fn straight_lined(_: usize) -> String {
    "c1=5&c2=5&c3=5&c4=5&c5=5&chung=5".into()
}

fn spread(i: usize) -> IpAddr {
    address(100, 64 + (i / 65_536) as u8, (i / 256 % 256) as u8, (i % 256) as u8)
}

#[tokio::test]
async fn a_stuffer_keeping_one_cookie_is_flagged_then_refused() {
    let (every, fill) = (SignedDuration::from_secs(45), SignedDuration::from_secs(40));
    let one_phone = |i: usize| (i == 0).then(|| Phone::new(address(203, 0, 113, 7)));
    let result = stuff(STUFFED, every, fill, one_phone, varied).await;
    assert!(result.caught_share() >= 0.99, "{result:?}");
    assert!(result.refused > 0, "beyond the device's hard limit nothing is stored: {result:?}");
}

#[tokio::test]
async fn a_stuffer_without_cookies_is_flagged_even_from_many_addresses() {
    let fill = SignedDuration::from_secs(40);
    let every = SignedDuration::from_secs(90);
    let result = stuff(STUFFED, every, fill, |i| Some(Phone::without_cookies(spread(i))), varied).await;
    assert!(result.caught_share() >= 0.99, "{result:?}");
}

#[tokio::test]
async fn a_stuffer_with_fresh_cookies_from_one_address_is_flagged_as_a_burst() {
    // Fresh cookies each time, realistic fill times, varied answers, ten forms at once.
    let fill = SignedDuration::from_secs(30);
    let every = SignedDuration::from_secs(3);
    let result = stuff(STUFFED, every, fill, |_| Some(Phone::new(address(203, 0, 113, 8))), varied).await;
    assert!(result.caught_share() >= 0.99, "{result:?}");
}

#[tokio::test]
async fn a_straight_lining_stuffer_from_many_addresses_is_flagged_as_a_burst() {
    let fill = SignedDuration::from_secs(20);
    let every = SignedDuration::from_secs(5);
    let result = stuff(STUFFED, every, fill, |i| Some(Phone::new(spread(i))), straight_lined).await;
    assert!(result.caught_share() >= 0.99, "{result:?}");
}

#[tokio::test]
async fn a_stuffer_answering_too_fast_is_flagged_even_when_slow_overall() {
    let fill = SignedDuration::from_secs(2);
    let every = SignedDuration::from_secs(120);
    let result = stuff(STUFFED, every, fill, |i| Some(Phone::new(spread(i))), varied).await;
    assert!(result.caught_share() >= 0.99, "{result:?}");
}

/// One citizen of the honest crowd: when they open the form, how long they take, from where.
struct Citizen {
    opens_at: Timestamp,
    fill: SignedDuration,
    address: IpAddr,
    answers: String,
}

#[tokio::test]
async fn an_honest_morning_at_a_busy_desk_is_almost_never_flagged() {
    let t = TestApp::with_pks05_campaign().await;
    let token = t.token_of("07432").await;
    let mut dice = Dice(0x5eed_1234_abcd_0042);
    let wifi = address(203, 0, 113, 50);
    let morning_ends = eight_oclock() + SignedDuration::from_hours(4);
    let mut citizens = Vec::new();
    // The desk's public Wi-Fi: about one citizen a minute all morning.
    let mut at = eight_oclock();
    while at < morning_ends {
        at += SignedDuration::from_secs(dice.exponential(60.0));
        let fill = SignedDuration::from_secs(30 + dice.below(151) as i64);
        citizens.push(Citizen { opens_at: at, fill, address: wifi, answers: honest_answers(&mut dice) });
    }
    // Phones on mobile data: each its own address (carrier NAT may share some).
    let mut at = eight_oclock();
    while at < morning_ends {
        at += SignedDuration::from_secs(dice.exponential(120.0));
        let fill = SignedDuration::from_secs(30 + dice.below(151) as i64);
        let carrier = address(100, 72, dice.below(4) as u8, dice.below(40) as u8);
        citizens.push(Citizen { opens_at: at, fill, address: carrier, answers: honest_answers(&mut dice) });
    }
    // Every step in time order: forms are opened and sent interleaved, as at a real desk.
    let mut phones: Vec<(Phone, Option<String>)> = citizens.iter().map(|c| (Phone::new(c.address), None)).collect();
    let mut events: Vec<(Timestamp, usize, bool)> = citizens
        .iter()
        .enumerate()
        .flat_map(|(i, c)| [(c.opens_at, i, false), (c.opens_at + c.fill, i, true)])
        .collect();
    events.sort();
    let mut refused = 0;
    for (at, i, sending) in events {
        t.set_now(at);
        let (phone, form) = &mut phones[i];
        if !sending {
            *form = Some(phone.open(&t, &token).await);
            continue;
        }
        let response = phone.send(&t, &token, form.as_deref().unwrap(), &citizens[i].answers).await;
        match response.status {
            StatusCode::SEE_OTHER => {}
            StatusCode::TOO_MANY_REQUESTS => refused += 1,
            other => panic!("unexpected {other}: {}", response.text()),
        }
    }
    let result = outcome(&t, citizens.len(), refused).await;
    assert!(citizens.len() > 300, "a busy morning: {}", citizens.len());
    assert_eq!(result.refused, 0, "no honest citizen is turned away");
    assert!((result.flagged as f64) < 0.01 * result.stored as f64, "{result:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn limits_hold_across_two_instances_on_one_database() {
    let a = TestApp::with_pks05_campaign().await;
    let b = a.another_instance().await;
    let token = a.token_of("07432").await;
    a.set_now(eight_oclock());
    let mut phone = Phone::new(address(203, 0, 113, 9));
    let mut statuses = Vec::new();
    for i in 0..8 {
        // The load balancer sends the form and the answers to alternating instances.
        let (opener, sender) = if i % 2 == 0 { (&a, &b) } else { (&b, &a) };
        let form = phone.open(opener, &token).await;
        a.advance(SignedDuration::from_secs(60));
        statuses.push(phone.send(sender, &token, &form, PKS05_ANSWERS).await.status);
    }
    // One device at one point: five stored (the repeats flagged), then refused.
    let stored = statuses.iter().filter(|s| **s == StatusCode::SEE_OTHER).count();
    assert_eq!(stored, 5, "{statuses:?} on {}", a.backend());
    assert!(statuses[5..].iter().all(|s| *s == StatusCode::TOO_MANY_REQUESTS), "{statuses:?}");
    let campaign = b.app.campaign("pks05-2024").await.unwrap();
    let flags = b.app.store().flag_counts(campaign.id).await.unwrap();
    assert_eq!(flags.flagged, 5, "the first is flagged with its repeats: {flags:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_limit_holds_when_forty_answers_from_one_device_race_across_two_instances() {
    let a = TestApp::with_pks05_campaign().await;
    let b = a.another_instance().await;
    let token = a.token_of("07432").await;
    a.set_now(eight_oclock());
    let mut phone = Phone::new(address(203, 0, 113, 10));
    let mut forms = Vec::new();
    for _ in 0..40 {
        forms.push(phone.open(&a, &token).await);
    }
    a.advance(SignedDuration::from_secs(60));
    // All at once, half to each instance: the limit is judged where the answers are stored,
    // so no two of them can both take the last free place.
    let sent = forms.iter().enumerate().map(|(i, form)| {
        let instance = if i % 2 == 0 { &a } else { &b };
        phone.send(instance, &token, form, PKS05_ANSWERS)
    });
    let statuses: Vec<StatusCode> = futures_util::future::join_all(sent).await.into_iter().map(|r| r.status).collect();
    let stored = statuses.iter().filter(|s| **s == StatusCode::SEE_OTHER).count();
    let refused = statuses.iter().filter(|s| **s == StatusCode::TOO_MANY_REQUESTS).count();
    assert_eq!((stored, refused), (5, 35), "{statuses:?} on {}", a.backend());
    assert_eq!(outcome(&a, 40, refused).await.stored, 5);
}

#[tokio::test]
async fn the_form_sets_a_device_cookie_and_hides_a_honeypot_that_flags_when_filled() {
    let t = TestApp::with_pks05_campaign().await;
    let token = t.token_of("07432").await;
    let page = t.get(&format!("/q/{token}")).await;
    let set_cookie = page
        .headers
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|v| v.starts_with("hl_device="))
        .expect("the form sets a device cookie")
        .to_owned();
    assert!(set_cookie.contains("HttpOnly") && set_cookie.contains("SameSite=Lax"), "{set_cookie}");
    assert!(set_cookie.contains("Path=/q"), "{set_cookie}");
    let html = page.text();
    assert!(html.contains(r#"<div class="hp" aria-hidden="true">"#), "the honeypot is hidden from screen readers");
    assert!(html.contains(r#"name="_website" value="" tabindex="-1" autocomplete="off""#));
    assert!(!html.contains("placeholder"));
    assert!(html.contains("một mã ngẫu nhiên (cookie) chỉ dùng để mỗi lượt đánh giá được tính một lần"));

    let mut phone = Phone::new(address(203, 0, 113, 11));
    let form = phone.open(&t, &token).await;
    t.advance(SignedDuration::from_secs(60));
    let sent = phone.send(&t, &token, &form, &format!("_website=http%3A%2F%2Fspam.example&{PKS05_ANSWERS}")).await;
    assert_eq!(sent.status, StatusCode::SEE_OTHER, "a filled honeypot is stored, flagged, never shown");
    let campaign = t.app.campaign("pks05-2024").await.unwrap();
    let flags = t.app.store().flag_counts(campaign.id).await.unwrap();
    assert_eq!(flags.by_reason, vec![("honeypot".to_owned(), 1)]);

    // The live monitor counts the flagged answer at its point.
    t.add_staff("quantri", Role::Admin, None).await;
    let admin = t.staff_session("quantri").await;
    let live = t.get_as(&admin, "/admin/campaigns/pks05-2024/monitor?part=live").await.text();
    assert!(live.contains("Phiếu gắn cờ chờ xem xét"), "{live}");
    let row = live.split("<tr").find(|r| r.contains("Xã Tân Dĩnh")).expect("the point's row");
    assert!(row.contains("<td class=\"num\">1</td></tr>"), "{row}");
}

#[tokio::test]
async fn beyond_a_hard_limit_the_citizen_is_told_kindly_and_nothing_is_stored() {
    let t = TestApp::with_config(|c| c.integrity.device.refuse_after = Some(1)).await;
    t.import_bac_giang().await;
    let (first, last) = (jiff::civil::Date::constant(2024, 7, 10), jiff::civil::Date::constant(2024, 7, 12));
    t.create_campaign("pks05-2024", "PKS05", first, last).await;
    let token = t.token_of("07432").await;
    let mut phone = Phone::new(address(203, 0, 113, 12));
    let mut stored_form = None;
    for expected in [StatusCode::SEE_OTHER, StatusCode::TOO_MANY_REQUESTS] {
        let form = phone.open(&t, &token).await;
        t.advance(SignedDuration::from_secs(60));
        let sent = phone.send(&t, &token, &form, &format!("_lang=en&{PKS05_ANSWERS}")).await;
        assert_eq!(sent.status, expected);
        if expected == StatusCode::TOO_MANY_REQUESTS {
            assert!(sent.text().contains("Your answers were not recorded"), "{}", sent.text());
        }
        stored_form.get_or_insert(form);
    }
    // A retry of the answer that was stored is still thanked, not refused.
    let retry = phone.send(&t, &token, stored_form.as_deref().unwrap(), PKS05_ANSWERS).await;
    assert_eq!(retry.status, StatusCode::SEE_OTHER);
    let form = phone.open(&t, &token).await;
    let sent = phone.send(&t, &token, &form, PKS05_ANSWERS).await;
    assert!(sent.text().contains("Phiếu chưa được ghi nhận"));
    assert_eq!(t.response_count("pks05-2024").await, 1);
}
