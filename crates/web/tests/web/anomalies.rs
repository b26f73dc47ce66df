//! Anomalies found afterwards, through the paths people take: citizens answer by QR at chosen
//! times (each with their own phone, address and a minute to fill the form), a tablet hands in
//! kiosk answers, a clerk enters visitor counts, and the periodic job (or an organiser's button
//! on the live monitor) runs the detectors. Checked: exactly which responses get which flags,
//! that a re-run adds none, that an honest day gets none, and who may press the button.

use std::collections::{BTreeMap, BTreeSet};

use axum::http::StatusCode;
use domain::accounts::Role;
use jiff::{SignedDuration, Timestamp};
use testkit::{StaffSession, TestApp};

use crate::integrity::{Phone, address};

const CAMPAIGN: &str = "pks05-2024";
/// The reasons the anomaly job writes.
const FOUND_AFTERWARDS: [&str; 5] =
    ["hourly_burst", "out_of_hours", "more_than_visitors", "kiosk_rapid", "straight_lined"];

/// An instant given as Vietnam's local time (UTC+7 all year).
fn at(local: &str) -> Timestamp {
    format!("{local}+07:00").parse().expect("a local time")
}

/// `HH:MM:SS` on `DD/MM` in Vietnam, how the expectations below name responses.
fn local(at: Timestamp) -> String {
    domain::time::local(at).strftime("%d/%m %H:%M:%S").to_string()
}

const ALL_FIVE: &str = "c1=5&c2=5&c3=5&c4=5&c5=5&chung=5";
const ALL_FOUR: &str = "c1=4&c2=4&c3=4&c4=4&c5=4&chung=4";

fn mixed(i: usize) -> String {
    let l = |k: usize| 3 + (i + k) % 3;
    format!("c1={}&c2={}&c3={}&c4={}&c5={}&chung={}", l(0), l(1), l(2), l(3), l(4), l(5))
}

/// Sends answers at a point like people do: a phone of its own, the form opened a minute
/// before it is sent at `when`.
struct Desk {
    token: String,
    phones: u32,
}

impl Desk {
    async fn at(t: &TestApp, code: &str) -> Desk {
        Desk { token: t.token_of(code).await, phones: 0 }
    }

    async fn answer(&mut self, t: &TestApp, when: Timestamp, answers: &str) {
        self.phones += 1;
        let n = self.phones;
        let mut phone = Phone::new(address(100, 70, (n / 256) as u8, (n % 256) as u8));
        t.set_now(when - SignedDuration::from_secs(60));
        let form = phone.open(t, &self.token).await;
        t.set_now(when);
        let sent = phone.send(t, &self.token, &form, answers).await;
        assert_eq!(sent.status, StatusCode::SEE_OTHER, "{}", sent.text());
    }

    /// An honest day (`day` as `2024-07-10`): about four an hour while the desk is open, most
    /// giving one level to everything (as citizens at a good desk do), two in the evening from
    /// home.
    async fn honest_day(&mut self, t: &TestApp, day: &str) -> usize {
        let mut times = Vec::new();
        for hour in [7, 8, 9, 10, 11, 13, 14, 15, 16] {
            for minute in [5, 20, 35, 50] {
                let clock = hour * 60 + minute;
                if (450..690).contains(&clock) || (810..1020).contains(&clock) {
                    times.push(format!("{day}T{hour:02}:{minute:02}:00"));
                }
            }
        }
        times.push(format!("{day}T19:30:00"));
        times.push(format!("{day}T20:45:00"));
        for (i, time) in times.iter().enumerate() {
            let answers = match i % 20 {
                0..9 => ALL_FIVE.to_owned(),
                9..12 => ALL_FOUR.to_owned(),
                _ => mixed(i),
            };
            self.answer(t, at(time), &answers).await;
        }
        times.len()
    }
}

/// Runs the periodic jobs due at `when`, as a worker would.
async fn run_jobs_at(t: &TestApp, when: Timestamp) {
    t.set_now(when);
    t.app.schedule_periodic_jobs().await.unwrap();
    t.app.run_due_jobs("worker").await.unwrap();
}

/// The responses (by local time) carrying each reason the job writes, and every other reason.
async fn found(t: &TestApp) -> (BTreeMap<String, BTreeSet<String>>, Vec<String>) {
    let campaign = t.app.campaign(CAMPAIGN).await.unwrap();
    let mut by_reason: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    let mut others = Vec::new();
    for flag in t.app.store().campaign_flags(campaign.id).await.unwrap() {
        if FOUND_AFTERWARDS.contains(&flag.reason.as_str()) {
            by_reason.entry(flag.reason).or_default().insert(local(flag.submitted_at));
        } else {
            others.push(format!("{} {} {}", local(flag.submitted_at), flag.reason, flag.detail));
        }
    }
    (by_reason, others)
}

async fn details(t: &TestApp, reason: &str) -> BTreeSet<String> {
    let campaign = t.app.campaign(CAMPAIGN).await.unwrap();
    let flags = t.app.store().campaign_flags(campaign.id).await.unwrap();
    flags.into_iter().filter(|f| f.reason == reason).map(|f| f.detail).collect()
}

fn times(from: &str, every_secs: i64, n: usize) -> Vec<Timestamp> {
    (0..n).map(|i| at(from) + SignedDuration::from_secs(every_secs * i as i64)).collect()
}

fn named(times: &[Timestamp]) -> BTreeSet<String> {
    times.iter().map(|t| local(*t)).collect()
}

/// Adds an account; sessions are opened when used, as they last only a working day.
async fn staff(t: &TestApp, username: &'static str, role: Role, unit: Option<&str>) -> &'static str {
    t.add_staff(username, role, unit).await;
    username
}

/// Adds a tablet at `point` and enrols it; returns its `Cookie` header value and the campaign
/// id its form carries.
async fn tablet(t: &TestApp, organiser: &StaffSession, point: &str) -> (String, String) {
    let page =
        t.post_as(organiser, "/admin/kiosks", &format!("point={point}&label=Qu%E1%BA%A7y+1&idle_seconds=45")).await;
    let html = page.text();
    let start = html.find("id=\"enrolment-code\">").expect("the code is shown") + "id=\"enrolment-code\">".len();
    let code = html[start..start + 9].to_owned();
    let enrolled = t.post_form("/kiosk/enrol", format!("code={}", testkit::encode(&code))).await;
    let device = format!("hl_kiosk={}", enrolled.cookie("hl_kiosk").expect("the device cookie is set"));
    let campaign =
        t.get_with("/kiosk", &[("cookie", &device)]).await.hidden("_c").expect("the form names its campaign");
    (device, campaign)
}

/// A kiosk answer given at `given` (the tablet's clock) and handed in at `sent`.
async fn kiosk_answer(t: &TestApp, device: &str, campaign: &str, id: usize, given: Timestamp, sent: Timestamp) {
    t.set_now(sent);
    let body = format!(
        "_c={campaign}&_lang=vi&_id=a5a5a5a5-0000-4000-8000-{id:012}&_at={}&{}",
        given.as_millisecond(),
        mixed(id)
    );
    let response = t.post_form_with("/kiosk/answers", body, &[("cookie", device), ("x-kiosk", "1")]).await;
    assert_eq!(response.status, StatusCode::OK, "{}", response.text());
}

#[tokio::test]
async fn honest_days_get_no_anomaly_flags() {
    let t = TestApp::with_pks05_campaign().await;
    let clerk = staff(&t, "nhaplieu", Role::Clerk, Some("213")).await;
    let point = t.unit_id("07210").await;
    let mut desk = Desk::at(&t, "07210").await;
    let first = desk.honest_day(&t, "2024-07-10").await;
    run_jobs_at(&t, at("2024-07-10T12:00:00")).await;
    run_jobs_at(&t, at("2024-07-10T21:00:00")).await;
    let second = desk.honest_day(&t, "2024-07-11").await;
    for (day, visitors) in [("2024-07-10", 60), ("2024-07-11", second + 20)] {
        t.set_now(at(&format!("{day}T17:05:00")));
        let clerk = t.staff_session(clerk).await;
        let saved = t
            .post_as(
                &clerk,
                &format!("/admin/campaigns/{CAMPAIGN}/visitors"),
                &format!("day={day}&v-{point}={visitors}"),
            )
            .await;
        assert_eq!(saved.status, StatusCode::OK, "{}", saved.text());
    }
    run_jobs_at(&t, at("2024-07-11T21:30:00")).await;

    let (by_reason, others) = found(&t).await;
    assert!(by_reason.is_empty() && others.is_empty(), "{by_reason:?} {others:?} ({})", t.backend());
    let campaign = t.app.campaign(CAMPAIGN).await.unwrap();
    let mark = t.app.store().anomaly_watermark(campaign.id).await.unwrap();
    assert_eq!(t.response_count(CAMPAIGN).await, (first + second) as i64);
    assert!(mark.last_response_id > 0 && mark.visitors_checked.is_some(), "every response was read: {mark:?}");
}

#[tokio::test]
async fn each_detector_flags_exactly_what_it_measures_and_a_rerun_adds_nothing() {
    let t = TestApp::with_pks05_campaign().await;
    let organiser = staff(&t, "tochuc", Role::Organiser, Some("24")).await;
    let mut desk = Desk::at(&t, "07210").await;
    let mut other = Desk::at(&t, "07432").await;
    // A first honest day is the desk's history.
    desk.honest_day(&t, "2024-07-10").await;
    run_jobs_at(&t, at("2024-07-10T21:00:00")).await;
    assert!(found(&t).await.0.is_empty(), "an honest day is no anomaly");

    let night = [at("2024-07-10T23:10:00"), at("2024-07-11T05:30:00")];
    for (i, when) in night.iter().enumerate() {
        desk.answer(&t, *when, &mixed(i)).await;
    }
    // Thirty in one morning hour where four is usual.
    let burst = times("2024-07-11T09:00:00", 120, 30);
    for (i, when) in burst.iter().enumerate() {
        desk.answer(&t, *when, &mixed(i)).await;
    }
    // Thirty all "very satisfied" within nine minutes, at a desk where three in four answer so:
    // twenty-five in a row would still be plausible there (one in 40,000).
    let straight = times("2024-07-11T14:00:00", 18, 30);
    for when in &straight {
        desk.answer(&t, *when, ALL_FIVE).await;
    }
    // A tablet tapped through six times, eight seconds apart; then five answers given minutes
    // apart during a network drop and handed in together: no run.
    t.set_now(at("2024-07-11T15:55:00"));
    let (device, kiosk_campaign) = tablet(&t, &t.staff_session(organiser).await, "07210").await;
    let tapped = times("2024-07-11T16:00:00", 8, 6);
    for (i, when) in tapped.iter().enumerate() {
        kiosk_answer(&t, &device, &kiosk_campaign, i, *when, *when).await;
    }
    let queued = times("2024-07-11T16:20:00", 180, 5);
    for (i, given) in queued.iter().enumerate() {
        let sent = at("2024-07-11T16:40:00") + SignedDuration::from_secs(i as i64);
        kiosk_answer(&t, &device, &kiosk_campaign, 10 + i, *given, sent).await;
    }
    // Twelve at another desk whose visitors are counted later.
    let counted = times("2024-07-11T10:00:00", 600, 12);
    for (i, when) in counted.iter().enumerate() {
        other.answer(&t, *when, &mixed(i)).await;
    }
    run_jobs_at(&t, at("2024-07-11T18:00:00")).await;
    assert!(!found(&t).await.0.contains_key("more_than_visitors"), "no visitors counted yet");

    t.set_now(at("2024-07-11T18:10:00"));
    let (desk_id, other_id) = (t.unit_id("07210").await, t.unit_id("07432").await);
    let fields = format!("day=2024-07-11&v-{other_id}=10&v-{desk_id}=200");
    let organiser = t.staff_session(organiser).await;
    let saved = t.post_as(&organiser, &format!("/admin/campaigns/{CAMPAIGN}/visitors"), &fields).await;
    assert_eq!(saved.status, StatusCode::OK, "{}", saved.text());
    run_jobs_at(&t, at("2024-07-11T18:30:00")).await;

    let (by_reason, others) = found(&t).await;
    let expected: BTreeMap<String, BTreeSet<String>> = [
        ("out_of_hours", named(&night)),
        ("hourly_burst", named(&[burst.clone(), straight.clone()].concat())),
        ("straight_lined", named(&straight)),
        ("kiosk_rapid", named(&tapped)),
        ("more_than_visitors", named(&counted)),
    ]
    .into_iter()
    .map(|(r, s)| (r.to_owned(), s))
    .collect();
    assert_eq!(by_reason, expected, "({})", t.backend());
    assert!(others.is_empty(), "no submit-time flags on people's own phones: {others:?}");
    assert_eq!(details(&t, "more_than_visitors").await, BTreeSet::from(["12 phiếu, 10 lượt giao dịch".to_owned()]));
    let bursts = details(&t, "hourly_burst").await;
    assert!(bursts.iter().any(|d| d.starts_with("30 phiếu trong giờ từ 09:00; thường 4")), "{bursts:?}");
    assert_eq!(
        details(&t, "kiosk_rapid").await.into_iter().collect::<Vec<_>>(),
        ["thiết bị 1: 6 phiếu liền nhau, mỗi phiếu cách phiếu trước dưới 15 giây (lâu nhất 8 giây)"]
    );
    assert_eq!(
        details(&t, "out_of_hours").await,
        BTreeSet::from(["lúc 23:10, giờ nghỉ 21:00–06:00".to_owned(), "lúc 05:30, giờ nghỉ 21:00–06:00".to_owned(),])
    );
    let lined = details(&t, "straight_lined").await;
    assert!(
        lined.iter().all(|d| d.contains("phiếu trong 10 phút chọn một mức cho mọi câu; tỉ lệ thường gặp 65%")),
        "{lined:?}"
    );
    assert!(lined.contains("30/30 phiếu trong 10 phút chọn một mức cho mọi câu; tỉ lệ thường gặp 65%"), "{lined:?}");

    // Running again, by the job or at once, finds the same and writes nothing.
    let before = t.app.store().campaign_flags(t.app.campaign(CAMPAIGN).await.unwrap().id).await.unwrap();
    run_jobs_at(&t, at("2024-07-11T18:45:00")).await;
    let again = t.app.detect_anomalies().await.unwrap();
    assert_eq!((again.examined, again.flags), (0, 0));
    let after = t.app.store().campaign_flags(t.app.campaign(CAMPAIGN).await.unwrap().id).await.unwrap();
    assert_eq!(before, after);
}

#[tokio::test]
async fn two_instances_running_at_once_count_each_response_once() {
    let a = TestApp::with_pks05_campaign().await;
    let b = a.another_instance().await;
    let mut desk = Desk::at(&a, "07210").await;
    desk.honest_day(&a, "2024-07-10").await;
    a.set_now(at("2024-07-10T21:00:00"));
    let (ra, rb) = tokio::join!(a.app.detect_anomalies(), b.app.detect_anomalies());
    let (ra, rb) = (ra.unwrap(), rb.unwrap());
    assert_eq!(ra.examined + rb.examined, 32, "each response read once ({})", a.backend());
    let campaign = a.app.campaign(CAMPAIGN).await.unwrap();
    let hours = a.app.store().anomaly_hours(campaign.id, vec![a.unit_id("07210").await], 0).await.unwrap();
    assert_eq!(hours.iter().map(|h| h.responses).sum::<i64>(), 32, "counted once");
}

/// A paper slip is dated noon of its day, long before it is typed in; it still waits the settle
/// time from when it was stored, like any answer. (On PostgreSQL an answer numbered just before
/// it may still be committing on another instance: reading the slip at once would carry the
/// watermark past that answer for good.)
#[tokio::test]
async fn a_paper_slip_just_typed_in_waits_like_any_answer() {
    let t = TestApp::with_pks05_campaign().await;
    t.set_now(at("2024-07-11T09:00:00"));
    let clerk = staff(&t, "nhaplieu", Role::Clerk, Some("07210")).await;
    let clerk = t.staff_session(clerk).await;
    let point = t.unit_id("07210").await;
    let opened = t
        .post_as(&clerk, &format!("/admin/campaigns/{CAMPAIGN}/paper"), &format!("point={point}&day=2024-07-10"))
        .await;
    assert_eq!(opened.status, StatusCode::SEE_OTHER, "{}", opened.text());
    let batch = opened.location().unwrap().to_owned();
    let stored = t.post_as(&clerk, &batch, "_serial=0001&c1=5&c2=4&c3=4&c4=5&c5=3&chung=4").await;
    assert_eq!(stored.status, StatusCode::OK, "{}", stored.text());

    let now = t.app.detect_anomalies().await.unwrap();
    assert_eq!(now.examined, 0, "typed in a moment ago: not read yet ({})", t.backend());
    t.set_now(at("2024-07-11T09:03:00"));
    let later = t.app.detect_anomalies().await.unwrap();
    assert_eq!(later.examined, 1, "read once settled ({})", t.backend());
}

#[tokio::test]
async fn organisers_run_the_checks_from_the_monitor_with_csrf_and_see_their_scope() {
    let t = TestApp::with_pks05_campaign().await;
    let admin = staff(&t, "quantri", Role::Admin, None).await;
    let organiser = staff(&t, "tochuc", Role::Organiser, Some("213")).await;
    let clerk = staff(&t, "nhaplieu", Role::Clerk, Some("213")).await;
    let viewer = staff(&t, "xem", Role::Viewer, Some("213")).await;
    // Two answers at night: one inside the organiser's city, one outside.
    Desk::at(&t, "07210").await.answer(&t, at("2024-07-10T22:15:00"), ALL_FIVE).await;
    Desk::at(&t, "07432").await.answer(&t, at("2024-07-10T22:20:00"), ALL_FIVE).await;
    t.set_now(at("2024-07-10T22:30:00"));
    let (admin, organiser) = (t.staff_session(admin).await, t.staff_session(organiser).await);
    let (clerk, viewer) = (t.staff_session(clerk).await, t.staff_session(viewer).await);
    let monitor = format!("/admin/campaigns/{CAMPAIGN}/monitor");
    let button = "Chạy kiểm tra bất thường ngay";
    assert!(t.get_as(&organiser, &monitor).await.text().contains(button));
    assert!(!t.get_as(&viewer, &monitor).await.text().contains(button), "readers see no button");

    let path = format!("/admin/campaigns/{CAMPAIGN}/anomalies");
    let forged = t.post_form_with(&path, "_csrf=nope", &[("cookie", &organiser.cookie)]).await;
    assert_eq!(forged.status, StatusCode::FORBIDDEN);
    let missing = t.post_form_with(&path, "", &[("cookie", &organiser.cookie)]).await;
    assert_eq!(missing.status, StatusCode::FORBIDDEN);
    assert_eq!(t.post_as(&clerk, &path, "").await.status, StatusCode::FORBIDDEN);
    assert_eq!(t.post_as(&organiser, "/admin/campaigns/khong-co/anomalies", "").await.status, StatusCode::NOT_FOUND);
    assert!(found(&t).await.0.is_empty(), "nothing ran");

    let ran = t.post_as(&organiser, &path, "").await;
    assert_eq!(ran.status, StatusCode::SEE_OTHER, "{}", ran.text());
    let back = ran.location().expect("back to the monitor").to_owned();
    assert_eq!(back, format!("{monitor}?checked=2&flagged=1"));
    let page = t.get_as(&organiser, &back).await.text();
    assert!(
        page.contains(
            "Đã chạy kiểm tra bất thường: 2 phiếu mới được kiểm tra, 1 phiếu trong phạm vi của bạn bị gắn cờ thêm."
        ),
        "{page}"
    );
    assert_eq!(found(&t).await.0["out_of_hours"].len(), 2, "the run reads the whole campaign");
    let audit = t.get_as(&admin, "/admin/audit").await.text();
    assert!(audit.contains("integrity.anomalies") && audit.contains("1 phiếu bị gắn cờ thêm"), "audited");

    // Pressed again: nothing new.
    let again = t.post_as(&organiser, &path, "").await;
    assert_eq!(again.location(), Some(format!("{monitor}?checked=0&flagged=0").as_str()));
    let english = t
        .get_with(&format!("{monitor}?checked=0&flagged=0"), &[("cookie", &admin.cookie), ("accept-language", "en")])
        .await;
    assert_eq!(english.status, StatusCode::OK);
}
