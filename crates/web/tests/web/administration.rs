//! Administration through HTTP: throttled sign-in, session fixation, password changes,
//! accounts, campaign status changes, unit edits and imports — each audited.

use axum::body::Body;
use axum::http::{Request, StatusCode};
use domain::accounts::Role;
use jiff::SignedDuration;
use testkit::{STAFF_PASSWORD, StaffSession, TestApp};

async fn admin() -> (TestApp, StaffSession) {
    let t = TestApp::with_pks05_campaign().await;
    t.add_staff("quantri", Role::Admin, None).await;
    let session = t.staff_session("quantri").await;
    (t, session)
}

#[tokio::test]
async fn repeated_failures_pause_sign_in_and_say_for_how_long() {
    let t = TestApp::with_pks05_campaign().await;
    t.add_staff("tochuc", Role::Organiser, Some("213")).await;
    for _ in 0..app_throttle_limit() {
        assert!(t.sign_in("tochuc", "không phải mật khẩu").await.is_none());
    }
    // Even the right password is refused while paused, and the page says so.
    let page = t.get("/login").await;
    let csrf = page.hidden("_csrf").unwrap();
    let body = format!("_csrf={csrf}&username=tochuc&password={}", testkit::encode(STAFF_PASSWORD));
    let cookie = format!("hl_signin={}", page.cookie("hl_signin").unwrap());
    let paused = t.post_form_with("/login", body, &[("cookie", &cookie)]).await;
    assert_eq!(paused.status, StatusCode::TOO_MANY_REQUESTS);
    assert!(paused.text().contains("thử lại sau 15 phút"), "{}", paused.text());
    assert!(paused.cookie("hl_session").is_none());

    t.advance(SignedDuration::from_mins(16));
    assert!(t.sign_in("tochuc", STAFF_PASSWORD).await.is_some(), "the pause ends");
}

fn app_throttle_limit() -> usize {
    5
}

/// A sign-in through the form over a connection from `peer`, naming `forwarded` in
/// `X-Forwarded-For` as a reverse proxy does: 303 signed in, 401 refused, 429 paused.
async fn sign_in_from(t: &TestApp, peer: &str, forwarded: &str, username: &str, password: &str) -> StatusCode {
    let page = t.get("/login").await;
    let csrf = page.hidden("_csrf").unwrap();
    let body = format!("_csrf={csrf}&username={username}&password={}", testkit::encode(password));
    let cookie = format!("hl_signin={}", page.cookie("hl_signin").unwrap());
    let headers = [("cookie", cookie.as_str()), ("x-forwarded-for", forwarded)];
    t.post_form_from(peer.parse().unwrap(), "/login", body, &headers).await.status
}

#[tokio::test]
async fn behind_the_proxy_failures_pause_only_the_address_they_came_from() {
    let t = TestApp::with_pks05_campaign().await;
    t.add_staff("tochuc", Role::Organiser, Some("213")).await;
    // Twenty failures from one office, over five accounts so that none reaches its own limit;
    // the proxy on this machine (127.0.0.1, trusted by default) names the office's address.
    for username in ["an", "binh", "chi", "dung", "giang"] {
        for _ in 0..4 {
            let status = sign_in_from(&t, "127.0.0.1", "198.51.100.7", username, "sai").await;
            assert_eq!(status, StatusCode::UNAUTHORIZED);
        }
    }
    let office = sign_in_from(&t, "127.0.0.1", "198.51.100.7", "tochuc", STAFF_PASSWORD).await;
    assert_eq!(office, StatusCode::TOO_MANY_REQUESTS, "the office's address is paused");
    let elsewhere = sign_in_from(&t, "127.0.0.1", "198.51.100.8", "tochuc", STAFF_PASSWORD).await;
    assert_eq!(elsewhere, StatusCode::SEE_OTHER, "another address behind the same proxy is not");

    // A client that is not a trusted proxy cannot pick its address by naming another each time.
    for (n, username) in ["hoa", "khanh", "lan", "minh", "nam"].iter().cycle().take(20).enumerate() {
        let status = sign_in_from(&t, "203.0.113.5", &format!("192.0.2.{n}"), username, "sai").await;
        assert_eq!(status, StatusCode::UNAUTHORIZED);
    }
    let direct = sign_in_from(&t, "203.0.113.5", "192.0.2.99", "tochuc", STAFF_PASSWORD).await;
    assert_eq!(direct, StatusCode::TOO_MANY_REQUESTS, "counted under its own address");
}

#[tokio::test]
async fn a_planted_session_cookie_is_never_adopted() {
    let t = TestApp::with_pks05_campaign().await;
    t.add_staff("tochuc", Role::Organiser, Some("213")).await;
    let planted = "hl_session=attacker-chose-this";
    assert_eq!(t.get_with("/admin", &[("cookie", planted)]).await.status, StatusCode::SEE_OTHER);
    let real = t.sign_in("tochuc", STAFF_PASSWORD).await.unwrap();
    assert_ne!(real, planted);
    assert_eq!(t.get_with("/admin", &[("cookie", planted)]).await.status, StatusCode::SEE_OTHER);
}

#[tokio::test]
async fn changing_ones_password_checks_the_old_one_and_ends_other_sessions() {
    let t = TestApp::with_pks05_campaign().await;
    t.add_staff("lanhdao", Role::Manager, Some("213")).await;
    let here = t.staff_session("lanhdao").await;
    let elsewhere = t.staff_session("lanhdao").await;
    let new = "sông Thương nước chảy đôi dòng";
    let change = |current: &str, new: &str, repeat: &str| {
        format!("current={}&new={}&repeat={}", testkit::encode(current), testkit::encode(new), testkit::encode(repeat))
    };

    let wrong = t.post_as(&here, "/account/password", &change("sai rồi", new, new)).await;
    assert_eq!(wrong.status, StatusCode::BAD_REQUEST);
    assert!(wrong.text().contains("mật khẩu hiện tại không đúng"));
    let short = t.post_as(&here, "/account/password", &change(STAFF_PASSWORD, "ngắn", "ngắn")).await;
    assert!(short.text().contains("ít nhất 10 ký tự"));
    let forged =
        t.post_form_with("/account/password", change(STAFF_PASSWORD, new, new), &[("cookie", &here.cookie)]).await;
    assert_eq!(forged.status, StatusCode::FORBIDDEN, "no CSRF value, no change");

    let done = t.post_as(&here, "/account/password", &change(STAFF_PASSWORD, new, new)).await;
    assert_eq!(done.status, StatusCode::OK);
    assert!(done.text().contains("Đã đổi mật khẩu"));
    assert_eq!(t.get_as(&here, "/admin").await.status, StatusCode::OK, "this session goes on");
    assert_eq!(t.get_as(&elsewhere, "/admin").await.status, StatusCode::SEE_OTHER, "the other one ended");
    assert!(t.sign_in("lanhdao", STAFF_PASSWORD).await.is_none());
    assert!(t.sign_in("lanhdao", new).await.is_some());
}

#[tokio::test]
async fn admins_add_disable_and_reset_accounts_and_it_is_all_audited() {
    let (t, admin) = admin().await;
    let added = t
        .post_as(
            &admin,
            "/admin/accounts",
            "username=TuyetMai&display_name=Nguy%E1%BB%85n+Tuy%E1%BA%BFt+Mai&role=organiser&unit=213",
        )
        .await;
    assert_eq!(added.status, StatusCode::OK);
    let html = added.text();
    assert!(html.contains("Nguyễn Tuyết Mai") && html.contains("Thành phố Bắc Giang (213)"));
    let start = html.find("class=\"secret\">").expect("the password is shown once") + "class=\"secret\">".len();
    let password = html[start..start + 23].to_owned();
    let mai = t.sign_in("tuyetmai", &password).await.expect("the new account signs in");

    let refused = t.post_as(&admin, "/admin/accounts", "username=x1y2z3&role=viewer&unit=khong-co").await;
    assert_eq!(refused.status, StatusCode::NOT_FOUND);
    let refused = t.post_as(&admin, "/admin/accounts", "username=quantri&role=viewer&unit=213").await;
    assert!(refused.text().contains("đã có"), "a taken username is refused");

    assert_eq!(t.post_as(&admin, "/admin/accounts/tuyetmai", "action=disable").await.status, StatusCode::OK);
    assert_eq!(t.get_with("/admin", &[("cookie", &mai)]).await.status, StatusCode::SEE_OTHER, "sessions end");
    assert!(t.sign_in("tuyetmai", &password).await.is_none());
    let self_lock = t.post_as(&admin, "/admin/accounts/quantri", "action=disable").await;
    assert_eq!(self_lock.status, StatusCode::BAD_REQUEST);

    let audit = t.get_as(&admin, "/admin/audit").await.text();
    for action in ["account.add", "account.disable"] {
        assert!(audit.contains(action), "{action} is in the audit log");
    }
    let filtered = t.get_as(&admin, "/admin/audit?action=account.dis").await.text();
    assert!(filtered.contains("account.disable") && !filtered.contains("account.add"));
}

#[tokio::test]
async fn organisers_close_their_campaigns_explicitly_and_audited() {
    let (t, admin) = admin().await;
    t.add_staff("tochuc", Role::Organiser, Some("24")).await;
    let organiser = t.staff_session("tochuc").await;
    let page = t.get_as(&organiser, "/admin/campaigns/pks05-2024").await.text();
    assert!(page.contains("Đóng đợt khảo sát"));

    let cookie = [("cookie", organiser.cookie.as_str())];
    let forged = t.post_form_with("/admin/campaigns/pks05-2024/status", "status=closed", &cookie).await;
    assert_eq!(forged.status, StatusCode::FORBIDDEN);
    assert_eq!(t.app.campaign("pks05-2024").await.unwrap().status.as_str(), "open", "nothing changed");

    let closed = t.post_as(&organiser, "/admin/campaigns/pks05-2024/status", "status=closed").await;
    assert_eq!(closed.status, StatusCode::SEE_OTHER);
    assert_eq!(t.app.campaign("pks05-2024").await.unwrap().status.as_str(), "closed");
    let page = t.get_as(&organiser, closed.location().unwrap()).await.text();
    assert!(page.contains("Đã đổi trạng thái"));
    let bad = t.post_as(&organiser, "/admin/campaigns/pks05-2024/status", "status=draft").await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST);

    let audit = t.get_as(&admin, "/admin/audit?user=tochuc").await.text();
    assert!(audit.contains("campaign.status") && audit.contains("open → closed"));
    assert!(audit.contains("Tỉnh Bắc Giang"), "the scope the change was made from");
}

#[tokio::test]
async fn units_are_searched_without_tones_and_edited_through_the_checked_plan() {
    let (t, admin) = admin().await;
    let found = t.get_as(&admin, "/admin/units?q=tan+dinh").await.text();
    assert!(found.contains("Xã Tân Dĩnh"));
    let id: String = found
        .split("href=\"/admin/units/")
        .skip(1)
        .map(|rest| rest.chars().take_while(char::is_ascii_digit).collect::<String>())
        .find(|id| !id.is_empty())
        .expect("a link to the unit");
    let path = format!("/admin/units/{id}");

    let renamed = t.post_as(&admin, &path, "action=rename&name=X%C3%A3+T%C3%A2n+D%C4%A9nh+m%E1%BB%9Bi").await;
    assert_eq!(renamed.status, StatusCode::SEE_OTHER);
    assert!(t.get_as(&admin, renamed.location().unwrap()).await.text().contains("Xã Tân Dĩnh mới"));

    let added = t
        .post_as(&admin, &path, "action=add&code=07432-mc2&name=Qu%E1%BA%A7y+2&kind=service_point&service_point=yes")
        .await;
    assert_eq!(added.status, StatusCode::SEE_OTHER, "{}", added.text());
    assert!(t.get_as(&admin, &path).await.text().contains("Quầy 2"));
    let taken = t.post_as(&admin, &path, "action=add&code=07432-mc2&name=Tr%C3%B9ng&kind=service_point").await;
    assert_eq!(taken.status, StatusCode::BAD_REQUEST);
    let wrong_parent = t.post_as(&admin, &path, "action=move&parent=khong-co").await;
    assert_eq!(wrong_parent.status, StatusCode::BAD_REQUEST);
    assert!(wrong_parent.text().contains("khong-co"));

    // Ending the new desk: it stays in the tree, marked ended, and takes no campaign after.
    let desk: String = t
        .get_as(&admin, "/admin/units?q=07432-mc2")
        .await
        .text()
        .split("href=\"/admin/units/")
        .skip(1)
        .map(|rest| rest.chars().take_while(char::is_ascii_digit).collect::<String>())
        .find(|id| !id.is_empty())
        .expect("the desk is found");
    let ended = t.post_as(&admin, &format!("/admin/units/{desk}"), "action=end&last_day=2024-07-31").await;
    assert_eq!(ended.status, StatusCode::SEE_OTHER, "{}", ended.text());
    assert!(t.get_as(&admin, &format!("/admin/units/{desk}")).await.text().contains("đã kết thúc"));
    let reopened = t.post_as(&admin, &format!("/admin/units/{desk}"), "action=end&last_day=2024-08-31").await;
    assert_eq!(reopened.status, StatusCode::BAD_REQUEST, "an ended unit is not silently extended");

    let audit = t.get_as(&admin, "/admin/audit?action=unit.").await.text();
    assert!(audit.contains("unit.rename") && audit.contains("unit.add") && audit.contains("unit.end"));
}

fn multipart(csrf: &str, mode: &str, csv: &str) -> (String, String) {
    let boundary = "----hailong-test-boundary";
    let body = format!(
        "--{boundary}\r\nContent-Disposition: form-data; name=\"_csrf\"\r\n\r\n{csrf}\r\n\
         --{boundary}\r\nContent-Disposition: form-data; name=\"mode\"\r\n\r\n{mode}\r\n\
         --{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"don-vi.csv\"\r\nContent-Type: text/csv\r\n\r\n{csv}\r\n\
         --{boundary}--\r\n"
    );
    (format!("multipart/form-data; boundary={boundary}"), body)
}

async fn upload(t: &TestApp, who: &StaffSession, mode: &str, csv: &str) -> testkit::TestResponse {
    let (content_type, body) = multipart(&who.csrf, mode, csv);
    let request = Request::post("/admin/units/import")
        .header("content-type", content_type)
        .header("cookie", &who.cookie)
        .body(Body::from(body))
        .unwrap();
    t.request(request).await
}

#[tokio::test]
async fn a_unit_file_is_previewed_then_imported_and_errors_are_listed_by_line() {
    let (t, admin) = admin().await;
    let csv = "code,name,level,parent_code\n07210-mc2,Quầy 2 Phường Hoàng Văn Thụ,service_point,07210\n";
    let preview = upload(&t, &admin, "preview", csv).await;
    assert_eq!(preview.status, StatusCode::OK);
    assert!(preview.text().contains("thêm mới 1"));
    assert!(!t.get_as(&admin, "/admin/units?q=07210-mc2").await.text().contains("Quầy 2"), "a preview writes nothing");

    let done = upload(&t, &admin, "import", csv).await;
    assert!(done.text().contains("Đã nhập"));
    assert!(t.get_as(&admin, "/admin/units?q=07210-mc2").await.text().contains("Quầy 2"));

    let broken =
        upload(&t, &admin, "import", "code,name,level,parent_code\nx1,,commune,213\nx2,Xã Hai,village,213\n").await;
    assert_eq!(broken.status, StatusCode::UNPROCESSABLE_ENTITY);
    let html = broken.text();
    assert!(html.contains("dòng 2") && html.contains("dòng 3"), "{html}");
    // The code in its cell: a bare "x2" also turns up in random tokens (CSRF) now and then.
    assert!(!t.get_as(&admin, "/admin/units?q=Xã+Hai").await.text().contains("<td>x2</td>"));

    let (_, forged) = multipart("wrong", "import", csv);
    let request = Request::post("/admin/units/import")
        .header("content-type", "multipart/form-data; boundary=----hailong-test-boundary")
        .header("cookie", &admin.cookie)
        .body(Body::from(forged))
        .unwrap();
    assert_eq!(t.request(request).await.status, StatusCode::FORBIDDEN);

    t.add_staff("tochuc", Role::Organiser, Some("213")).await;
    let organiser = t.staff_session("tochuc").await;
    let outside = "code,name,level,parent_code\n07432-mc3,Quầy 3,service_point,07432\n";
    let refused = upload(&t, &organiser, "import", outside).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(refused.text().contains("nằm ngoài phạm vi"));
}

#[tokio::test]
async fn results_from_before_a_merge_appear_under_the_merged_unit_and_the_old_units_keep_theirs() {
    let (t, admin) = admin().await;
    for code in ["07210", "07213"] {
        let (token, form) = t.open_form(code).await;
        t.post_form(&format!("/q/{token}"), format!("_t={form}&{}", crate::PKS05_ANSWERS)).await;
    }
    let unit_id = |html: String, code: &str| -> String {
        let marker = format!("<tr><td>{code}</td><td><a href=\"/admin/units/");
        let start = html.find(&marker).expect("the unit is listed") + marker.len();
        html[start..].chars().take_while(char::is_ascii_digit).collect()
    };
    let old = unit_id(t.get_as(&admin, "/admin/units?q=07210").await.text(), "07210");
    let csv = "code,name,level,parent_code,valid_from\n25001,Phường Bắc Giang,commune,24,2025-07-01\n";
    assert!(upload(&t, &admin, "import", csv).await.text().contains("Đã nhập"));
    let new = unit_id(t.get_as(&admin, "/admin/units?q=25001").await.text(), "25001");

    let merged = t
        .post_as(&admin, &format!("/admin/units/{new}"), "action=merge&codes=07210%2C+07213&effective=2025-07-01")
        .await;
    assert_eq!(merged.status, StatusCode::SEE_OTHER, "{}", merged.text());
    let again =
        t.post_as(&admin, &format!("/admin/units/{new}"), "action=merge&codes=07210&effective=2025-07-01").await;
    assert_eq!(again.status, StatusCode::BAD_REQUEST, "a link is recorded once");

    let after = t.get_as(&admin, &format!("/admin/units/{new}")).await.text();
    assert!(after.contains("Đợt pks05-2024"), "the earlier campaign shows under the merged unit");
    assert!(after.contains("gồm cả đơn vị trước sáp nhập"));
    assert!(after.contains("<td class=\"num\">2</td>"), "both former communes' responses count");
    let before = t.get_as(&admin, &format!("/admin/units/{old}")).await.text();
    assert!(before.contains("<td class=\"num\">1</td>"), "the old unit keeps its own figures");
    assert!(before.contains("Phường Bắc Giang (25001)"), "and names what it became");
    let audit = t.get_as(&admin, "/admin/audit?action=unit.merge").await.text();
    assert!(audit.contains("07210, 07213 → 25001"));
}

#[tokio::test]
async fn questionnaires_are_read_exported_previewed_and_versioned() {
    let (t, admin) = admin().await;
    let list = t.get_as(&admin, "/admin/instruments").await.text();
    assert!(list.contains("PKS05") && list.contains("SIPAS-MC") && list.contains("MC-11"));
    let sipas = t.get_as(&admin, "/admin/instruments/SIPAS-MC@1").await.text();
    assert!(sipas.contains("tính là hài lòng"), "the scale says which levels count as satisfied");
    let toml = t.get_as(&admin, "/admin/instruments/PKS05@1?format=toml").await;
    assert_eq!(toml.header("content-type"), Some("application/toml"));
    assert!(toml.text().contains("code = \"PKS05\""));
    let json = t.get_as(&admin, "/admin/instruments/PKS05@1?format=json").await;
    assert!(json.text().starts_with('{'));

    let preview = t.get_as(&admin, "/admin/instruments/PKS05@1/preview").await.text();
    let citizen = t.get(&format!("/q/{}", t.token_of("07210").await)).await.text();
    let first_question =
        |html: &str| html.split("<fieldset").nth(1).map(|f| f.split("</fieldset>").next().unwrap_or("").to_owned());
    assert_eq!(first_question(&preview), first_question(&citizen), "the preview is the citizen form");
    assert!(preview.contains("action=\"#\""), "a preview posts nowhere");

    // PKS05@1 has answers once a citizen has answered: it is frozen, a new version is offered.
    let (token, form) = t.open_form("07210").await;
    t.post_form(&format!("/q/{token}"), format!("_t={form}&{}", crate::PKS05_ANSWERS)).await;
    t.app.store().fold_counts().await.unwrap();
    let draft = t.get_as(&admin, "/admin/instruments/import?from=PKS05@1").await.text();
    assert!(draft.contains("version = 2"), "the draft is the next version");
    let edited = toml.text().replace("Phiếu khảo sát", "Phiếu khảo sát (sửa)");
    let refused = t.post_as(&admin, "/admin/instruments/import", &format!("source={}", testkit::encode(&edited))).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(refused.text().contains("hãy tạo phiên bản mới PKS05@2"), "{}", refused.text());

    let next = edited.replace("version = 1", "version = 2");
    let added = t.post_as(&admin, "/admin/instruments/import", &format!("source={}", testkit::encode(&next))).await;
    assert_eq!(added.status, StatusCode::OK);
    assert!(added.text().contains("Đã thêm phiên bản mới"));
    assert!(t.get_as(&admin, "/admin/instruments").await.text().contains("PKS05@2"));
    let broken = t.post_as(&admin, "/admin/instruments/import", "source=code+%3D+%22X%22").await;
    assert_eq!(broken.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(t.get_as(&admin, "/admin/audit?action=instrument.").await.text().contains("PKS05@2"));
}

#[tokio::test]
async fn organisers_create_and_edit_campaigns_in_their_subtree_from_the_browser() {
    let t = TestApp::with_pks05_campaign().await;
    t.add_staff("tochuc", Role::Organiser, Some("213")).await;
    let organiser = t.staff_session("tochuc").await;
    let form = t.get_as(&organiser, "/admin/campaigns/new").await.text();
    assert!(form.contains("value=\"213\""), "the subtree defaults to the organiser's unit");
    assert!(form.contains("value=\"50\""), "the PKS05 quota rule is the default");

    let fields = "code=tp-2025&name=Kh%E1%BA%A3o+s%C3%A1t+TP+2025&instrument=SIPAS-MC%401&first=2025-03-01&last=2025-03-03\
                  &under=213&exclude=07213&tolerance_pct=40&min_forms=10&busy_visitors=150&busy_min_forms=25&open=1";
    let created = t.post_as(&organiser, "/admin/campaigns/new", fields).await;
    assert_eq!(created.status, StatusCode::SEE_OTHER, "{}", created.text());
    assert_eq!(created.location(), Some("/admin/campaigns/tp-2025"));
    let campaign = t.app.campaign("tp-2025").await.unwrap();
    assert_eq!(campaign.status.as_str(), "open");
    let points = t.app.store().campaign_points(campaign.id).await.unwrap();
    assert!(points.iter().all(|p| p.code.as_str() != "07213"), "the excluded point is left out");
    assert_eq!(t.app.campaign_quota(&campaign).await.unwrap().busy_min_forms, 25);

    let outside = fields.replace("tp-2025", "lg-2025").replace("under=213", "under=217");
    let refused = t.post_as(&organiser, "/admin/campaigns/new", &outside).await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
    let clash = fields.replace("tp-2025", "tp-2025b");
    let clashing = t.post_as(&organiser, "/admin/campaigns/new", &clash).await;
    assert_eq!(clashing.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(clashing.text().contains("trùng thời gian"));
    assert!(clashing.text().contains("value=\"tp-2025b\""), "what was typed stays");
    let bad_day = t.post_as(&organiser, "/admin/campaigns/new", &fields.replace("2025-03-01", "01/03/2025")).await;
    assert!(bad_day.text().contains("ngày bắt đầu không hợp lệ"));

    let edited = t
        .post_as(
            &organiser,
            "/admin/campaigns/tp-2025/edit",
            "name=Kh%E1%BA%A3o+s%C3%A1t+TP+2025+(s%E1%BB%ADa)&first=2025-03-01&last=2025-03-05\
             &tolerance_pct=50&min_forms=10&busy_visitors=100&busy_min_forms=20",
        )
        .await;
    assert_eq!(edited.status, StatusCode::SEE_OTHER, "{}", edited.text());
    assert!(t.get_as(&organiser, "/admin/campaigns/tp-2025").await.text().contains("Khảo sát TP 2025 (sửa)"));
    assert_eq!(t.app.campaign_quota(&t.app.campaign("tp-2025").await.unwrap()).await.unwrap().busy_min_forms, 20);
    let province_wide = t.post_as(&organiser, "/admin/campaigns/pks05-2024/edit", "name=x").await;
    assert_eq!(province_wide.status, StatusCode::FORBIDDEN, "a campaign reaching beyond the subtree");
    t.add_staff("quantri", Role::Admin, None).await;
    let admin = t.staff_session("quantri").await;
    let audit = t.get_as(&admin, "/admin/audit?action=campaign.").await.text();
    assert!(audit.contains("campaign.create") && audit.contains("campaign.edit"));
}

#[tokio::test]
async fn every_role_lands_on_a_page_it_may_see_after_signing_in() {
    let t = TestApp::with_pks05_campaign().await;
    t.add_staff("nhaplieu", Role::Clerk, Some("07432")).await;
    let page = t.get("/login").await;
    let csrf = page.hidden("_csrf").unwrap();
    let body = format!("_csrf={csrf}&username=nhaplieu&password={}", testkit::encode(STAFF_PASSWORD));
    let cookie = format!("hl_signin={}", page.cookie("hl_signin").unwrap());
    let signed_in = t.post_form_with("/login", body, &[("cookie", &cookie)]).await;
    assert_eq!(signed_in.location(), Some("/admin"));
    let session = format!("hl_session={}", signed_in.cookie("hl_session").unwrap());
    let home = t.get_with("/admin", &[("cookie", &session)]).await;
    assert_eq!(home.status, StatusCode::OK);
    let html = home.text();
    assert!(html.contains("Cán bộ nhập liệu") && html.contains("Xã Tân Dĩnh (07432)") && html.contains("nhập liệu"));
    assert!(!html.contains("href=\"/admin/campaigns\""), "no link to what the clerk may not open");
}
