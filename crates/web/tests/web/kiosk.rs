//! Counter kiosks through the paths people take: an organiser adds a tablet on `/admin/kiosks`
//! and reads its one-time code; the tablet trades the code for its device cookie at `/kiosk`,
//! shows the point's form, hands in queued answers (each counted once, channel `kiosk`) and
//! beats; the staff page shows it online, offline, revoked. Scoped organisers see and touch
//! only the tablets of their subtree.

use axum::http::StatusCode;
use domain::accounts::Role;
use jiff::SignedDuration;
use testkit::{StaffSession, TestApp, TestResponse};

/// A unit test's answer id, as `crypto.randomUUID()` makes them.
const ID: &str = "3f2a9c1b-7d4e-4f5a-9b6c-1d2e3f4a5b6c";

/// Thành phố Bắc Giang's organiser (Phường Hoàng Văn Thụ, 07210, is inside; Xã Tân Dĩnh,
/// 07432, in Huyện Lạng Giang, is not).
async fn organiser(t: &TestApp) -> StaffSession {
    t.add_staff("tochuc", Role::Organiser, Some("213")).await;
    t.staff_session("tochuc").await
}

/// Adds a kiosk at `point` from the staff page; returns the enrolment code it shows once.
async fn add_kiosk(t: &TestApp, who: &StaffSession, point: &str) -> String {
    let page = t.post_as(who, "/admin/kiosks", &format!("point={point}&label=Qu%E1%BA%A7y+1&idle_seconds=45")).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.text());
    let html = page.text();
    let start = html.find("id=\"enrolment-code\">").expect("the code is shown") + "id=\"enrolment-code\">".len();
    html[start..start + 9].to_owned()
}

async fn enrol(t: &TestApp, code: &str) -> TestResponse {
    t.post_form("/kiosk/enrol", format!("code={}", testkit::encode(code))).await
}

/// Enrols a tablet with `code`; returns its `Cookie` header value.
async fn enrolled(t: &TestApp, code: &str) -> String {
    let response = enrol(t, code).await;
    assert_eq!(response.status, StatusCode::SEE_OTHER, "{}", response.text());
    assert_eq!(response.location(), Some("/kiosk"));
    format!("hl_kiosk={}", response.cookie("hl_kiosk").expect("the device cookie is set"))
}

/// The PKS05 campaign, Thành phố Bắc Giang's organiser and a tablet enrolled at Phường Hoàng
/// Văn Thụ (its `Cookie` header value).
async fn with_tablet() -> (TestApp, StaffSession, String) {
    let t = TestApp::with_pks05_campaign().await;
    let who = organiser(&t).await;
    let device = enrolled(&t, &add_kiosk(&t, &who, "07210").await).await;
    (t, who, device)
}

async fn kiosk_page(t: &TestApp, device: &str) -> TestResponse {
    t.get_with("/kiosk", &[("cookie", device)]).await
}

/// What the tablet's script posts: the form's fields, the answer's id and when it was given.
async fn send(t: &TestApp, device: &str, fields: &str) -> TestResponse {
    t.post_form_with("/kiosk/answers", fields.to_owned(), &[("cookie", device), ("x-kiosk", "1")]).await
}

async fn heartbeat(t: &TestApp, device: &str, headers: &[(&str, &str)]) -> TestResponse {
    let mut all = vec![("cookie", device)];
    all.extend_from_slice(headers);
    t.post_form_with("/kiosk/heartbeat", "queued=3", &all).await
}

async fn answer_body(t: &TestApp, device: &str, id: &str) -> String {
    let campaign = kiosk_page(t, device).await.hidden("_c").expect("the form names its campaign");
    let at = t.now().as_millisecond();
    format!("_c={campaign}&_lang=vi&_id={id}&_at={at}&{}", crate::PKS05_ANSWERS)
}

#[tokio::test]
async fn a_tablet_enrols_once_with_its_code_and_shows_the_form_full_screen() {
    let t = TestApp::with_pks05_campaign().await;
    let who = organiser(&t).await;
    let code = add_kiosk(&t, &who, "07210").await;
    assert_eq!(code.len(), 9, "two groups of four: {code}");
    assert!(!code.contains(['0', 'O', '1', 'I']), "{code}");
    let staff_page = t.get_as(&who, "/admin/kiosks").await.text();
    assert!(staff_page.contains("chờ kích hoạt đến"), "{staff_page}");
    assert!(!staff_page.contains(&code), "the code is shown once, right after it is made");

    let blank = t.get("/kiosk").await;
    assert_eq!(blank.status, StatusCode::OK);
    assert!(blank.text().contains("Mã kích hoạt") && blank.text().contains("action=\"/kiosk/enrol\""));

    // Typed loosely: lower case, without the dash.
    let response = enrol(&t, &code.replace('-', " ").to_lowercase()).await;
    assert_eq!(response.status, StatusCode::SEE_OTHER, "{}", response.text());
    let set_cookie = response.header("set-cookie").unwrap();
    for part in ["Path=/kiosk", "HttpOnly", "SameSite=Strict", "Secure", "Max-Age=34560000"] {
        assert!(set_cookie.contains(part), "{part} in {set_cookie}");
    }
    let token = response.cookie("hl_kiosk").unwrap();
    assert_eq!(token.len(), 43, "256 random bits");
    let device = format!("hl_kiosk={token}");

    let page = kiosk_page(&t, &device).await;
    assert_eq!(page.status, StatusCode::OK);
    assert_eq!(page.header("cache-control"), Some("no-store"));
    let html = page.text();
    for part in [
        "id=\"kiosk-form\"",
        "id=\"kiosk-thanks\"",
        "id=\"kiosk-status\"",
        "<h1>Phường Hoàng Văn Thụ</h1>",
        "data-idle-seconds=\"45\"",
        "data-thanks-ms=",
        "data-retry-ms=",
        "<script src=\"/static/kiosk.",
        "name=\"c1\" value=\"5\"",
        "Gửi đánh giá",
    ] {
        assert!(html.contains(part), "{part} is on the kiosk page");
    }
    assert_eq!(html.matches("<a ").count(), 1, "the language toggle is the only link");
    assert!(html.contains("href=\"/kiosk?lang=en\""));
    assert!(!html.contains("<script>"), "no inline script");
    let script = html.split("<script src=\"").nth(1).unwrap().split('"').next().unwrap();
    let script = t.get(script).await;
    assert_eq!(script.status, StatusCode::OK);
    assert!(script.text().contains("/kiosk/answers"));
    assert!(kiosk_page(&t, &device).await.header("set-cookie").unwrap().contains(&token), "the cookie is renewed");
    let english = t.get_with("/kiosk?lang=en", &[("cookie", &device)]).await.text();
    assert!(english.contains("Send my assessment") && english.contains("href=\"/kiosk?lang=vi\""));

    // The code works once.
    let again = enrol(&t, &code).await;
    assert_eq!(again.status, StatusCode::UNAUTHORIZED);
    assert!(again.text().contains("Mã kích hoạt không đúng, đã được dùng hoặc đã hết hạn"));
    assert!(again.cookie("hl_kiosk").is_none());
    assert!(t.get_as(&who, "/admin/kiosks").await.text().contains("đang hoạt động"));
}

#[tokio::test]
async fn an_enrolment_code_expires_after_a_day_and_wrong_codes_pause_enrolment() {
    let t = TestApp::with_pks05_campaign().await;
    let who = organiser(&t).await;
    let code = add_kiosk(&t, &who, "07210").await;
    t.advance(SignedDuration::from_hours(24) + SignedDuration::from_secs(1));
    let late = enrol(&t, &code).await;
    assert_eq!(late.status, StatusCode::UNAUTHORIZED);
    assert!(late.text().contains("đã hết hạn"));
    let who = t.staff_session("tochuc").await;
    assert!(t.get_as(&who, "/admin/kiosks").await.text().contains("mã kích hoạt đã hết hạn"));

    // Guessing: after ten wrong codes even a right one waits.
    let code = add_kiosk(&t, &who, "07210").await;
    for _ in 0..9 {
        assert_eq!(enrol(&t, "AAAA-AAAA").await.status, StatusCode::UNAUTHORIZED);
    }
    let paused = enrol(&t, &code).await;
    assert_eq!(paused.status, StatusCode::TOO_MANY_REQUESTS);
    assert!(paused.text().contains("Nhập sai mã quá nhiều lần. Xin thử lại sau"), "{}", paused.text());
    t.advance(SignedDuration::from_mins(16));
    enrolled(&t, &code).await;
}

#[tokio::test]
async fn behind_the_proxy_wrong_codes_pause_only_the_address_they_came_from() {
    let t = TestApp::with_pks05_campaign().await;
    let who = organiser(&t).await;
    let code = add_kiosk(&t, &who, "07210").await;
    let from = |forwarded: &'static str, code: String| {
        let t = &t;
        async move {
            let body = format!("code={}", testkit::encode(&code));
            t.post_form_from([127, 0, 0, 1].into(), "/kiosk/enrol", body, &[("x-forwarded-for", forwarded)]).await
        }
    };
    for _ in 0..10 {
        assert_eq!(from("198.51.100.7", "AAAA-AAAA".into()).await.status, StatusCode::UNAUTHORIZED);
    }
    assert_eq!(from("198.51.100.7", code.clone()).await.status, StatusCode::TOO_MANY_REQUESTS);
    let other_desk = from("198.51.100.8", code).await;
    assert_eq!(other_desk.status, StatusCode::SEE_OTHER, "{}", other_desk.text());
    assert!(other_desk.cookie("hl_kiosk").is_some());
}

#[tokio::test]
async fn answers_are_stored_once_with_channel_kiosk() {
    let (t, _, device) = with_tablet().await;
    let body = answer_body(&t, &device, ID).await;

    let first = send(&t, &device, &body).await;
    assert_eq!(first.status, StatusCode::OK, "{}", first.text());
    assert_eq!(first.text(), r#"{"status":"stored"}"#);
    // The reply was lost in a network drop: the tablet sends the same answer again.
    let again = send(&t, &device, &body).await;
    assert_eq!(again.text(), r#"{"status":"already_stored"}"#);
    assert_eq!(t.response_count("pks05-2024").await, 1, "counted once");
    let second = send(&t, &device, &answer_body(&t, &device, "another-answer-1").await).await;
    assert_eq!(second.text(), r#"{"status":"stored"}"#);
    assert_eq!(t.response_count("pks05-2024").await, 2);

    t.add_staff("quantri", Role::Admin, None).await;
    let admin = t.staff_session("quantri").await;
    let csv = t.get_as(&admin, "/admin/campaigns/pks05-2024/responses.csv").await.text();
    assert_eq!(csv.lines().filter(|l| l.contains(",kiosk,")).count(), 2, "{csv}");
}

#[tokio::test]
async fn the_tablet_alone_may_send_answers() {
    let (t, who, device) = with_tablet().await;
    let body = answer_body(&t, &device, ID).await;

    // A form on another site cannot add the header.
    let without = t.post_form_with("/kiosk/answers", body.clone(), &[("cookie", &device)]).await;
    assert_eq!(without.status, StatusCode::FORBIDDEN);
    assert!(without.text().contains("trang khảo sát tại quầy"));
    let no_cookie = t.post_form_with("/kiosk/answers", body.clone(), &[("x-kiosk", "1")]).await;
    assert_eq!(no_cookie.status, StatusCode::UNAUTHORIZED);
    let forged = send(&t, "hl_kiosk=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", &body).await;
    assert_eq!(forged.status, StatusCode::UNAUTHORIZED);
    assert_eq!(t.response_count("pks05-2024").await, 0);

    // Revoked: refused, and the tablet's page is back to enrolment, saying why.
    let row = t.get_as(&who, "/admin/kiosks").await.text();
    let id = row.split("action=\"/admin/kiosks/").nth(1).unwrap().split('/').next().unwrap().to_owned();
    let revoked = t.post_as(&who, &format!("/admin/kiosks/{id}/revoke"), "").await;
    assert_eq!(revoked.status, StatusCode::OK);
    assert!(revoked.text().contains("Đã thu hồi thiết bị.") && revoked.text().contains("đã thu hồi"));
    let refused = send(&t, &device, &body).await;
    assert_eq!(refused.status, StatusCode::UNAUTHORIZED);
    assert!(refused.text().contains("thu hồi"));
    let beat = heartbeat(&t, &device, &[("x-kiosk", "1")]).await;
    assert_eq!(beat.status, StatusCode::UNAUTHORIZED);
    let page = kiosk_page(&t, &device).await;
    assert!(page.text().contains("Thiết bị này đã bị thu hồi"), "{}", page.text());
    assert!(page.header("set-cookie").unwrap().contains("Max-Age=0"), "the dead cookie is cleared");
    assert_eq!(t.response_count("pks05-2024").await, 0);
}

#[tokio::test]
async fn answers_are_checked_like_the_citizen_form() {
    let (t, _, device) = with_tablet().await;
    let body = answer_body(&t, &device, ID).await;

    let missing = send(&t, &device, &body.replace("c1=5&", "")).await;
    assert_eq!(missing.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(missing.text().contains("Xin Ông/Bà chọn một câu trả lời"), "{}", missing.text());
    let unknown = send(&t, &device, &format!("{body}&c9=5")).await;
    assert_eq!(unknown.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(unknown.text().contains("Phiếu không có câu hỏi"));
    for bad_id in ["short", "has:colon-inside", ""] {
        let response = send(&t, &device, &body.replace(ID, bad_id)).await;
        assert_eq!(response.status, StatusCode::BAD_REQUEST, "{bad_id}");
    }
    let foreign = send(&t, &device, &body.replace("_c=", "_c=9")).await;
    assert_eq!(foreign.status, StatusCode::BAD_REQUEST);
    assert!(foreign.text().contains("không thuộc đợt khảo sát nào tại điểm này"));
    assert_eq!(t.response_count("pks05-2024").await, 0);
}

#[tokio::test]
async fn answers_queued_before_the_close_count_as_the_online_form_would() {
    let (t, _, device) = with_tablet().await;
    let campaign = kiosk_page(&t, &device).await.hidden("_c").unwrap();
    // 23:50 on the last day; the network is down until 00:10.
    let answered: jiff::Timestamp = "2024-07-12T16:50:00Z".parse().unwrap();
    let body = |id: &str| format!("_c={campaign}&_id={id}&_at={}&{}", answered.as_millisecond(), crate::PKS05_ANSWERS);
    t.set_now("2024-07-12T17:10:00Z".parse().unwrap());
    assert_eq!(send(&t, &device, &body("queued-before-close")).await.status, StatusCode::OK);
    // Past the grace the online form has, the campaign refuses.
    t.set_now("2024-07-12T17:40:00Z".parse().unwrap());
    let late = send(&t, &device, &body("queued-too-long")).await;
    assert_eq!(late.status, StatusCode::CONFLICT);
    assert!(late.text().contains("Đợt khảo sát tại điểm này đã kết thúc"));
    assert_eq!(t.response_count("pks05-2024").await, 1);
    // Now no campaign runs: the tablet waits, and its heartbeat says so.
    let waiting = kiosk_page(&t, &device).await.text();
    assert!(waiting.contains("Chưa có đợt khảo sát đang mở tại điểm này") && waiting.contains("data-campaign=\"\""));
    assert!(!waiting.contains("id=\"kiosk-form\""));
    assert_eq!(heartbeat(&t, &device, &[("x-kiosk", "1")]).await.text(), r#"{"campaign":null}"#);
}

#[tokio::test]
async fn the_heartbeat_shows_the_tablet_online_then_offline() {
    let (t, who, device) = with_tablet().await;
    t.advance(SignedDuration::from_mins(10));
    assert!(t.get_as(&who, "/admin/kiosks").await.text().contains("mất kết nối từ 10/07/2024 09:00"));

    let beat = heartbeat(&t, &device, &[("x-kiosk", "1")]).await;
    assert_eq!(beat.status, StatusCode::OK);
    let campaign = kiosk_page(&t, &device).await.hidden("_c").unwrap();
    assert_eq!(beat.text(), format!(r#"{{"campaign":{campaign}}}"#), "the campaign the tablet should show");
    let page = t.get_as(&who, "/admin/kiosks").await.text();
    assert!(page.contains("đang hoạt động"), "{page}");
    assert!(page.contains("<td class=\"num\">3</td>"), "answers waiting on the tablet");
    let without = heartbeat(&t, &device, &[]).await;
    assert_eq!(without.status, StatusCode::FORBIDDEN);

    t.advance(SignedDuration::from_mins(5));
    let page = t.get_as(&who, "/admin/kiosks").await.text();
    assert!(page.contains("mất kết nối từ 10/07/2024 09:10"), "{page}");
    let english = t.get_with("/lang?to=en&next=/admin/kiosks", &[("cookie", &who.cookie)]).await;
    let lang = english.cookie("hl_lang").expect("the language switch sets its cookie");
    let cookies = format!("{}; hl_lang={lang}", who.cookie);
    let page = t.get_with("/admin/kiosks", &[("cookie", &cookies)]).await.text();
    assert!(page.contains("offline since 10/07/2024 09:10"), "{page}");
}

#[tokio::test]
async fn an_organiser_of_another_district_neither_sees_nor_revokes_the_tablet() {
    let (t, who, device) = with_tablet().await;
    let page = t.get_as(&who, "/admin/kiosks").await.text();
    let id = page.split("action=\"/admin/kiosks/").nth(1).unwrap().split('/').next().unwrap().to_owned();

    t.add_staff("tochuc.langgiang", Role::Organiser, Some("217")).await;
    let other = t.staff_session("tochuc.langgiang").await;
    let theirs = t.get_as(&other, "/admin/kiosks").await.text();
    assert!(!theirs.contains("Phường Hoàng Văn Thụ") && theirs.contains("Chưa có thiết bị nào"));
    assert!(!theirs.contains("value=\"07210\""), "points outside the scope are not offered");
    assert!(theirs.contains("value=\"07432\""));
    let refused = t.post_as(&other, &format!("/admin/kiosks/{id}/revoke"), "").await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
    assert!(refused.text().contains("ngoài phạm vi"));
    let body = answer_body(&t, &device, ID).await;
    assert_eq!(send(&t, &device, &body).await.status, StatusCode::OK, "the tablet still works");

    // A viewer and a clerk of the district manage no kiosks.
    t.add_staff("nhaplieu", Role::Clerk, Some("213")).await;
    let clerk = t.staff_session("nhaplieu").await;
    assert_eq!(t.get_as(&clerk, "/admin/kiosks").await.status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn bad_input_on_the_add_form_changes_nothing() {
    let t = TestApp::with_pks05_campaign().await;
    let who = organiser(&t).await;
    let cases = [
        (
            "point=99999&label=Qu%E1%BA%A7y&idle_seconds=30",
            StatusCode::BAD_REQUEST,
            "không có điểm tiếp nhận nào mang mã \"99999\"",
        ),
        ("point=&label=Qu%E1%BA%A7y&idle_seconds=30", StatusCode::BAD_REQUEST, "xin chọn điểm tiếp nhận"),
        (
            "point=07432&label=Qu%E1%BA%A7y&idle_seconds=30",
            StatusCode::FORBIDDEN,
            "nằm ngoài phạm vi tài khoản của bạn",
        ),
        ("point=07210&label=+++&idle_seconds=30", StatusCode::BAD_REQUEST, "xin đặt tên cho thiết bị"),
        ("point=07210&label=Qu%E1%BA%A7y&idle_seconds=5", StatusCode::BAD_REQUEST, "từ 10 đến 600"),
        ("point=07210&label=Qu%E1%BA%A7y&idle_seconds=601", StatusCode::BAD_REQUEST, "từ 10 đến 600"),
        ("point=07210&label=Qu%E1%BA%A7y&idle_seconds=m%E1%BB%99t", StatusCode::BAD_REQUEST, "không phải \"một\""),
    ];
    for (fields, status, message) in cases {
        let response = t.post_as(&who, "/admin/kiosks", fields).await;
        assert_eq!(response.status, status, "{fields}");
        assert!(response.text().contains(&crate::escaped(message)), "{fields}: {}", response.text());
    }
    let long = format!("point=07210&label={}&idle_seconds=30", "a".repeat(101));
    assert_eq!(t.post_as(&who, "/admin/kiosks", &long).await.status, StatusCode::BAD_REQUEST);
    let stale = "_csrf=stale&point=07210&label=Qu%E1%BA%A7y";
    let stale = t.post_form_with("/admin/kiosks", stale, &[("cookie", &who.cookie)]).await;
    assert_eq!(stale.status, StatusCode::FORBIDDEN);
    let page = t.get_as(&who, "/admin/kiosks").await.text();
    assert!(page.contains("Chưa có thiết bị nào"), "nothing was added");

    // The default idle time is 30 seconds.
    let created = t.post_as(&who, "/admin/kiosks", "point=07210&label=Qu%E1%BA%A7y+2&idle_seconds=").await;
    assert_eq!(created.status, StatusCode::OK);
    assert!(created.text().contains("<td class=\"num\">30 giây</td>"));
    t.add_staff("quantri", Role::Admin, None).await;
    let admin = t.staff_session("quantri").await;
    let audit = t.get_as(&admin, "/admin/audit").await.text();
    assert!(audit.contains("kiosk.create") && audit.contains("Quầy 2"), "the change is audited");
}
