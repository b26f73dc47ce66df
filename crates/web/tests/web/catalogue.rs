//! The catalogue of hostile and malformed input: one table of requests across the citizen,
//! kiosk and staff endpoints, each with the status and the words its answer must carry — and
//! afterwards, proof that none of them stored or changed anything.

use axum::body::Body;
use axum::http::{Method, Request, StatusCode};
use domain::accounts::Role;
use testkit::{TestApp, TestResponse};

use crate::PKS05_ANSWERS;

/// One entry: what was sent, what came back, what it had to be.
struct Checked {
    name: &'static str,
    response: TestResponse,
    status: StatusCode,
    says: &'static str,
}

fn raw(method: Method, path: &str, content_type: &str, body: impl Into<Body>, cookie: Option<&str>) -> Request<Body> {
    let mut request = Request::builder().method(method).uri(path).header("content-type", content_type);
    if let Some(cookie) = cookie {
        request = request.header("cookie", cookie);
    }
    request.body(body.into()).unwrap()
}

#[tokio::test]
async fn hostile_input_gets_a_clear_answer_and_changes_nothing() {
    let t = TestApp::with_pks05_campaign().await;
    t.add_staff("tochuc", Role::Organiser, Some("24")).await;
    t.add_staff("lanhdao", Role::Manager, Some("217")).await;
    t.add_staff("nhaplieu", Role::Clerk, Some("07210")).await;
    let organiser = t.staff_session("tochuc").await;
    let manager = t.staff_session("lanhdao").await;
    let clerk = t.staff_session("nhaplieu").await;
    let point = t.unit_id("07210").await;
    let (token, form) = t.open_form("07210").await;
    let q = format!("/q/{token}");
    let closed_token = t.token_of("07432").await;
    t.create_campaign("mc11-cu", "MC-11", jiff::civil::date(2024, 7, 1), jiff::civil::date(2024, 7, 5)).await;
    // A batch to type slips into, opened before the snapshot of what is stored.
    let batch = t.post_as(&clerk, "/admin/campaigns/pks05-2024/paper", &format!("point={point}&day=2024-07-10")).await;
    let batch = batch.location().expect("a batch is opened").to_owned();
    let staff_cookie = organiser.cookie.clone();

    let mut checked = Vec::new();
    let mut check = |name, response, status, says| checked.push(Checked { name, response, status, says });

    // --- the citizen form -------------------------------------------------------------------
    let huge = format!("_t={form}&{PKS05_ANSWERS}&y_kien={}", "a".repeat(70 * 1024));
    check("oversized body", t.post_form(&q, huge).await, StatusCode::PAYLOAD_TOO_LARGE, "");
    let json = raw(Method::POST, &q, "application/json", format!("{{\"_t\":\"{form}\"}}"), None);
    check("JSON instead of a form", t.request(json).await, StatusCode::UNSUPPORTED_MEDIA_TYPE, "");
    let mut bytes = format!("_t={form}&{PKS05_ANSWERS}&y_kien=").into_bytes();
    bytes.extend_from_slice(b"%FF%FE");
    check("invalid UTF-8", t.post_form(&q, bytes).await, StatusCode::BAD_REQUEST, "UTF-8");
    check(
        "unknown question",
        t.post_form(&q, format!("_t={form}&{PKS05_ANSWERS}&c99=5")).await,
        StatusCode::BAD_REQUEST,
        "c99",
    );
    check(
        "level off the scale",
        t.post_form(&q, format!("_t={form}&c1=6&c2=4&c3=4&c4=5&chung=5")).await,
        StatusCode::BAD_REQUEST,
        "không có trong các lựa chọn",
    );
    check(
        "negative level",
        t.post_form(&q, format!("_t={form}&c1=-1&c2=4&c3=4&c4=5&chung=5")).await,
        StatusCode::BAD_REQUEST,
        "không có trong các lựa chọn",
    );
    check(
        "question answered twice",
        t.post_form(&q, format!("_t={form}&c1=5&{PKS05_ANSWERS}")).await,
        StatusCode::BAD_REQUEST,
        "hai lần",
    );
    let many: String = (0..300).map(|i| format!("&_x{i}=1")).collect();
    check("too many fields", t.post_form(&q, format!("_t={form}{many}")).await, StatusCode::BAD_REQUEST, "quá nhiều");
    check(
        "markup as a level",
        t.post_form(&q, format!("_t={form}&c1=%3Cscript%3E&c2=4&c3=4&c4=5&chung=5")).await,
        StatusCode::BAD_REQUEST,
        "&#60;script&#62;",
    );
    check(
        "no form token",
        t.post_form(&q, PKS05_ANSWERS.to_owned()).await,
        StatusCode::BAD_REQUEST,
        "Trang phiếu đã cũ",
    );
    check(
        "forged form token",
        t.post_form(&q, format!("_t=v1.AAAA.BBBB&{PKS05_ANSWERS}")).await,
        StatusCode::BAD_REQUEST,
        "Trang phiếu đã cũ",
    );
    check("unknown QR token", t.get("/q/zzzzzzzzzzzzzzzzzzzzzzzz").await, StatusCode::NOT_FOUND, "");
    let last = if token.ends_with('a') { 'b' } else { 'a' };
    let forged = format!("{}{last}", &token[..token.len() - 1]);
    check("forged QR token", t.get(&format!("/q/{forged}")).await, StatusCode::NOT_FOUND, "");
    check(
        "answer to an unknown QR token",
        t.post_form("/q/zzzzzzzzzzzzzzzzzzzzzzzz", PKS05_ANSWERS).await,
        StatusCode::NOT_FOUND,
        "",
    );
    check("QR image of an unknown token", t.get("/q/zzzzzzzzzzzzzzzzzzzzzzzz/qr.svg").await, StatusCode::NOT_FOUND, "");
    check("path trick in static", t.get("/static/..%2f..%2fCargo.toml").await, StatusCode::NOT_FOUND, "");
    check("dot segments in static", t.get("/static/../../etc/passwd").await, StatusCode::NOT_FOUND, "");
    check("unknown page", t.get("/wp-admin/install.php").await, StatusCode::NOT_FOUND, "");

    // --- counter kiosks -----------------------------------------------------------------------
    check(
        "kiosk answer without a device",
        t.post_form_with("/kiosk/answers", PKS05_ANSWERS, &[("x-kiosk", "1")]).await,
        StatusCode::UNAUTHORIZED,
        "",
    );
    check(
        "kiosk answer with a forged device",
        t.post_form_with("/kiosk/answers", PKS05_ANSWERS, &[("x-kiosk", "1"), ("cookie", "hl_kiosk=forged")]).await,
        StatusCode::UNAUTHORIZED,
        "",
    );
    check(
        "kiosk answer from another site",
        t.post_form_with("/kiosk/answers", PKS05_ANSWERS, &[("cookie", "hl_kiosk=forged")]).await,
        StatusCode::FORBIDDEN,
        "",
    );
    check("wrong enrolment code", t.post_form("/kiosk/enrol", "code=ABCD-EFGH").await, StatusCode::UNAUTHORIZED, "");

    // --- staff: forms without this session's CSRF value ---------------------------------------
    check(
        "staff form without CSRF",
        t.post_form_with("/admin/campaigns/pks05-2024/status", "status=closed", &[("cookie", &staff_cookie)]).await,
        StatusCode::FORBIDDEN,
        "",
    );
    check(
        "staff form with a wrong CSRF",
        t.post_form_with("/admin/campaigns/pks05-2024/status", "_csrf=x&status=closed", &[("cookie", &staff_cookie)])
            .await,
        StatusCode::FORBIDDEN,
        "",
    );
    check("staff page without a session", t.get("/admin/campaigns/pks05-2024").await, StatusCode::SEE_OTHER, "");
    check(
        "staff form with a forged session",
        t.post_form_with("/admin/units/1", "_csrf=x&action=rename&name=X", &[("cookie", "hl_session=forged")]).await,
        StatusCode::SEE_OTHER,
        "",
    );

    // --- staff: wrong roles and scopes ----------------------------------------------------------
    check(
        "clerk closing a campaign",
        t.post_as(&clerk, "/admin/campaigns/pks05-2024/status", "status=closed").await,
        StatusCode::FORBIDDEN,
        "Không có quyền",
    );
    check(
        "manager exporting responses",
        t.get_as(&manager, "/admin/campaigns/pks05-2024/responses.csv").await,
        StatusCode::FORBIDDEN,
        "Không có quyền",
    );
    check(
        "manager printing another district",
        t.get_as(&manager, &format!("/admin/campaigns/pks05-2024/posters.pdf?unit={point}")).await,
        StatusCode::FORBIDDEN,
        "ngoài phạm vi",
    );
    check(
        "clerk renaming a unit",
        t.post_as(&clerk, &format!("/admin/units/{point}"), "action=rename&name=X").await,
        StatusCode::FORBIDDEN,
        "Không có quyền",
    );
    check(
        "clerk typing counts elsewhere",
        t.post_as(
            &clerk,
            "/admin/campaigns/pks05-2024/visitors",
            &format!("day=2024-07-10&v-{}=5", t.unit_id("07432").await),
        )
        .await,
        StatusCode::FORBIDDEN,
        "",
    );

    // --- staff: unknown things and malformed values ---------------------------------------------
    check("unknown campaign", t.get_as(&organiser, "/admin/campaigns/khong-co").await, StatusCode::NOT_FOUND, "");
    // Outside every scope but the admin's: refused without saying whether it exists.
    check("unknown unit", t.get_as(&organiser, "/admin/units/99999999").await, StatusCode::FORBIDDEN, "ngoài phạm vi");
    check(
        "API of an unknown campaign",
        t.get_as(&organiser, "/api/v1/campaigns/khong-co/results").await,
        StatusCode::NOT_FOUND,
        "\"error\"",
    );
    check(
        "paper size that does not exist",
        t.get_as(&organiser, "/admin/campaigns/pks05-2024/posters.pdf?paper=a3").await,
        StatusCode::BAD_REQUEST,
        "a4 hoặc a5",
    );
    check(
        "campaign ending before it starts",
        t.post_as(
            &organiser,
            "/admin/campaigns/new",
            "code=sai&name=Sai&instrument=PKS05&first=2024-08-10&last=2024-08-01&under=24",
        )
        .await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "",
    );
    check(
        "visitors: not a day",
        t.post_as(&clerk, "/admin/campaigns/pks05-2024/visitors", &format!("day=mai&v-{point}=5")).await,
        StatusCode::BAD_REQUEST,
        "",
    );
    check(
        "visitors: a negative count",
        t.post_as(&clerk, "/admin/campaigns/pks05-2024/visitors", &format!("day=2024-07-10&v-{point}=-5")).await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "",
    );
    check(
        "visitors: a day to come",
        t.post_as(&clerk, "/admin/campaigns/pks05-2024/visitors", &format!("day=2024-07-12&v-{point}=5")).await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "chưa tới",
    );
    check(
        "visitors: binary garbage as CSV",
        t.post_multipart_as(
            &clerk,
            "/admin/campaigns/pks05-2024/visitors/import",
            &[],
            &[("file", "a.csv", b"\x00\xff\xfe\x00garbage")],
        )
        .await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "UTF-8",
    );
    check(
        "visitors: a broken workbook",
        t.post_multipart_as(
            &clerk,
            "/admin/campaigns/pks05-2024/visitors/import",
            &[],
            &[("file", "a.xlsx", b"PK\x03\x04broken")],
        )
        .await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "Excel",
    );
    check(
        "visitors: a form instead of a file",
        t.post_as(&clerk, "/admin/campaigns/pks05-2024/visitors/import", "file=x").await,
        StatusCode::BAD_REQUEST,
        "multipart",
    );
    check(
        "paper: a column that is no question",
        t.post_multipart_as(
            &clerk,
            "/admin/campaigns/pks05-2024/paper/import",
            &[],
            &[("file", "p.csv", b"so_phieu,ma_diem,ngay,q42\n1,07210,10/07/2024,5\n")],
        )
        .await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "q42",
    );
    check(
        "paper: a level off the scale",
        t.post_as(&clerk, &batch, "_serial=0001&c1=9").await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "không có trong các lựa chọn",
    );
    check(
        "paper: markup as a serial",
        t.post_as(&clerk, &batch, "_serial=%3Cb%3E1&c1=5").await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "số phiếu",
    );
    check(
        "paper: an empty slip",
        t.post_as(&clerk, &batch, "_serial=0002").await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "phiếu trống",
    );
    check(
        "report: a script posing as a photo",
        t.post_multipart_as(
            &clerk,
            "/admin/campaigns/pks05-2024/reports",
            &[("point", &point.to_string()), ("day", "2024-07-10"), ("assisted", "3")],
            &[("photos", "a.jpg", b"<script>alert(1)</script>")],
        )
        .await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "không phải ảnh",
    );
    let big_photo = [b"\xff\xd8\xff".as_slice(), &vec![0u8; 3 * 1024 * 1024 + 1]].concat();
    check(
        "report: a photo over 3 MB",
        t.post_multipart_as(
            &clerk,
            "/admin/campaigns/pks05-2024/reports",
            &[("point", &point.to_string()), ("day", "2024-07-10"), ("assisted", "3")],
            &[("photos", "a.jpg", &big_photo)],
        )
        .await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "3 MB",
    );
    check(
        "report: a negative count of people",
        t.post_multipart_as(
            &clerk,
            "/admin/campaigns/pks05-2024/reports",
            &[("point", &point.to_string()), ("day", "2024-07-10"), ("assisted", "-1")],
            &[],
        )
        .await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "",
    );

    // --- a closed campaign takes nothing --------------------------------------------------------
    t.set_now("2024-07-20T03:00:00Z".parse().unwrap());
    let closed = t.post_form(&format!("/q/{closed_token}"), format!("_t={form}&{PKS05_ANSWERS}")).await;
    check("answer after the campaign ended", closed, StatusCode::GONE, "");

    let mut failures = Vec::new();
    for c in &checked {
        let text = c.response.text();
        if c.response.status != c.status || !text.contains(c.says) {
            failures.push(format!(
                "{}: got {} (wanted {}, saying {:?})\n{}",
                c.name,
                c.response.status,
                c.status,
                c.says,
                text.chars().take(300).collect::<String>()
            ));
        }
        if c.response.status.is_client_error() && c.response.status != StatusCode::PAYLOAD_TOO_LARGE {
            assert!(!text.trim().is_empty(), "{}: a refusal says why", c.name);
        }
    }
    assert!(checked.len() >= 40, "the catalogue has {} entries", checked.len());
    assert!(
        failures.is_empty(),
        "{} of {} entries went wrong:\n{}",
        failures.len(),
        checked.len(),
        failures.join("\n\n")
    );

    // Nothing was stored or changed by any of them.
    let store = t.app.store();
    let campaign = t.app.campaign("pks05-2024").await.unwrap();
    assert_eq!(campaign.status, domain::campaigns::CampaignStatus::Open, "no status changed");
    assert_eq!(t.response_count("pks05-2024").await, 0, "no response stored");
    assert!(store.visitor_counts(campaign.id).await.unwrap().is_empty(), "no visitor count stored");
    assert!(store.field_reports(campaign.id, None).await.unwrap().is_empty(), "no field report stored");
    assert!(store.paper_serials(campaign.id, point).await.unwrap().is_empty(), "no slip stored");
    assert_eq!(t.app.campaigns().await.unwrap().len(), 2, "no campaign created");
    assert_eq!(store.unit(point).await.unwrap().unwrap().name, "Phường Hoàng Văn Thụ", "no unit renamed");
}
