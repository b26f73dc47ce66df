//! Contact details a citizen chooses to leave for a reply: stored apart from the answers, in no
//! export, shown beside the comments only to those who follow up (audited), refused with the
//! answers kept when they cannot be used, and deleted by the hourly job after the retention
//! period while the response stays.

use axum::http::StatusCode;
use domain::accounts::Role;
use domain::results::View;
use jiff::SignedDuration;
use jiff::civil::Date;
use testkit::TestApp;

use crate::PKS05_ANSWERS;

/// PKS05's rated answers without the comment.
const RATINGS_ONLY: &str = "c1=2&c2=2&c3=3&c4=2&c5=3&chung=1";

async fn send(t: &TestApp, point: &str, fields: &str) -> testkit::TestResponse {
    let (token, form) = t.open_form(point).await;
    t.post_form(&format!("/q/{token}"), format!("_t={form}&{fields}")).await
}

fn contact(name: &str, phone: &str, email: &str) -> String {
    format!(
        "_contact_name={}&_contact_phone={}&_contact_email={}",
        testkit::encode(name),
        testkit::encode(phone),
        testkit::encode(email)
    )
}

async fn campaign_id(t: &TestApp) -> i64 {
    t.app.campaign("pks05-2024").await.unwrap().id
}

async fn audited(t: &TestApp, username: &str, prefix: &str) -> usize {
    let query = app::store::AuditQuery {
        username: Some(username.into()),
        action_prefix: Some(prefix.into()),
        from: None,
        until: None,
        before_id: None,
        limit: 100,
    };
    t.app.store().audit_entries(query).await.unwrap().len()
}

#[tokio::test]
async fn a_contact_is_stored_apart_and_shown_only_to_those_who_follow_up() {
    let t = TestApp::with_pks05_campaign().await;
    let with_comment = format!("{PKS05_ANSWERS}&{}", contact("Nguyễn Văn An", "+84 912.345-678", "an@example.vn"));
    assert_eq!(send(&t, "07210", &with_comment).await.status, StatusCode::SEE_OTHER);
    let without_comment = format!("{RATINGS_ONLY}&{}", contact("", "", "binh.tran@example.vn"));
    assert_eq!(send(&t, "07213", &without_comment).await.status, StatusCode::SEE_OTHER);
    assert_eq!(send(&t, "07210", &format!("{RATINGS_ONLY}&y_kien=Kh%C3%B4ng+li%C3%AAn+h%E1%BB%87")).await.status, 303);

    // Stored apart: normalised in `contacts`, nowhere in the answers.
    let campaign = campaign_id(&t).await;
    let contacts = t.app.store().contacts(campaign).await.unwrap();
    assert_eq!(contacts.len(), 2);
    assert_eq!(contacts[0].contact.phone(), Some("0912345678"));
    assert_eq!(contacts[0].contact.name(), Some("Nguyễn Văn An"));
    assert_eq!(contacts[1].contact.email(), Some("binh.tran@example.vn"));
    assert_eq!(contacts[1].contact.phone(), None);
    for response in t.app.store().responses_page(campaign, 0, 10, View::All).await.unwrap() {
        let json = response.answers.to_json();
        assert!(!json.contains("0912345678") && !json.contains("Nguyễn Văn An") && !json.contains("example.vn"));
        assert!(!json.contains("_contact"), "{json}");
    }

    // In no export.
    t.add_staff("tochuc", Role::Organiser, Some("24")).await;
    let organiser = t.staff_session("tochuc").await;
    let csv = t.get_as(&organiser, "/admin/campaigns/pks05-2024/responses.csv").await;
    assert_eq!(csv.status, StatusCode::OK);
    let csv = csv.text();
    assert!(csv.contains("Cán bộ nhiệt tình"), "the export has the comment: {csv}");
    for private in ["0912345678", "912.345", "Nguyễn Văn An", "example.vn"] {
        assert!(!csv.contains(private), "{private} in the CSV export");
    }

    // A unit manager, who answers follow-ups in the district, sees them beside the comments.
    t.add_staff("truongphong", Role::Manager, Some("213")).await;
    let manager = t.staff_session("truongphong").await;
    let page = t.get_as(&manager, "/admin/campaigns/pks05-2024/comments").await;
    assert_eq!(page.status, StatusCode::OK);
    let html = page.text();
    assert!(html.contains("Liên hệ:</strong> Nguyễn Văn An · 0912345678 · an@example.vn"), "{html}");
    assert!(
        html.contains("binh.tran@example.vn") && html.contains("chỉ để lại liên hệ"),
        "a contact without a comment"
    );
    assert!(html.contains("<strong>3</strong>"), "two comments and one contact alone: {html}");
    assert_eq!(audited(&t, "truongphong", "contacts.").await, 1, "the reading of contacts is audited");
    let only = t.get_as(&manager, "/admin/campaigns/pks05-2024/comments?contact=1").await.text();
    assert!(
        only.contains("<strong>2</strong>") && !only.contains("Không liên hệ"),
        "only those with a contact: {only}"
    );
    assert!(only.contains("name=\"contact\" value=\"1\" checked"));
    assert_eq!(audited(&t, "truongphong", "contacts.").await, 2);

    // A viewer reads the comments but no contact, and cannot list by contact.
    t.add_staff("lanhdao", Role::Viewer, Some("213")).await;
    let viewer = t.staff_session("lanhdao").await;
    let html = t.get_as(&viewer, "/admin/campaigns/pks05-2024/comments").await.text();
    assert!(html.contains("Cán bộ nhiệt tình"), "{html}");
    assert!(!html.contains("0912345678") && !html.contains("example.vn") && !html.contains("Liên hệ:"), "{html}");
    assert!(!html.contains("name=\"contact\""), "no contact filter for a viewer");
    let filtered = t.get_as(&viewer, "/admin/campaigns/pks05-2024/comments?contact=1").await.text();
    assert!(!filtered.contains("example.vn"));
    assert_eq!(audited(&t, "lanhdao", "contacts.").await, 0);
    assert_eq!(audited(&t, "lanhdao", "comments.").await, 2);

    // A manager of another district sees neither the comments nor the contacts of this one.
    t.add_staff("huyenkhac", Role::Manager, Some("217")).await;
    let other = t.staff_session("huyenkhac").await;
    let html = t.get_as(&other, "/admin/campaigns/pks05-2024/comments").await.text();
    assert!(!html.contains("example.vn") && !html.contains("0912345678"), "{html}");
}

#[tokio::test]
async fn a_contact_that_cannot_be_used_sends_the_form_back_and_stores_nothing() {
    let t = TestApp::with_pks05_campaign().await;
    let cases = [
        (contact("", "12345", ""), "lien-he-sdt", "Số điện thoại: số điện thoại không đúng"),
        (contact("", "+1 555 0100", ""), "lien-he-sdt", "bắt đầu bằng 0 hoặc +84"),
        (contact("", "", "an@example"), "lien-he-email", "Email: email không đúng dạng"),
        (contact("", "", "an@@example.vn"), "lien-he-email", "email không đúng dạng"),
        (contact("Trần Thị Bình", "", ""), "lien-he-sdt", "để lại số điện thoại hoặc email"),
        (contact("An\u{7}", "0912345678", ""), "lien-he-ten", "Họ và tên (không bắt buộc): có ký tự điều khiển"),
    ];
    for (fields, anchor, message) in cases {
        let page = send(&t, "07210", &format!("{PKS05_ANSWERS}&{fields}")).await;
        assert_eq!(page.status, StatusCode::UNPROCESSABLE_ENTITY, "{fields}");
        let html = page.text();
        assert!(html.contains(message), "{fields}: {html}");
        assert!(html.contains(&format!("href=\"#q-{anchor}\"")), "the summary links the field: {fields}");
        assert!(html.contains(&format!("id=\"e-{anchor}\"")), "the message is beside the field: {fields}");
        assert!(html.contains("name=\"c1\" value=\"5\" checked"), "the answers are kept");
        assert!(html.contains("Cán bộ nhiệt tình"), "the comment is kept");
    }
    // What was typed comes back, to be corrected rather than typed again.
    let html = send(&t, "07210", &format!("{PKS05_ANSWERS}&{}", contact("Bình", "09123", "b@x.vn"))).await.text();
    assert!(html.contains("value=\"Bình\"") && html.contains("value=\"09123\"") && html.contains("value=\"b@x.vn\""));
    assert_eq!(t.response_count("pks05-2024").await, 0, "nothing stored");
    assert!(t.app.store().contacts(campaign_id(&t).await).await.unwrap().is_empty());

    // In English the messages are English.
    let token = t.token_of("07210").await;
    let form = t.get(&format!("/q/{token}?lang=en")).await.form_token().unwrap();
    let body = format!("_t={form}&_lang=en&{PKS05_ANSWERS}&{}", contact("Bình", "", ""));
    let html = t.post_form(&format!("/q/{token}"), body).await.text();
    assert!(html.contains("Phone number: please leave a phone number or an email"), "{html}");
}

#[tokio::test]
async fn contacts_are_deleted_after_the_retention_period_and_the_responses_stay() {
    let t = TestApp::with_config(|c| c.privacy.contact_retention_days = 30).await;
    t.import_bac_giang().await;
    t.create_campaign("pks05-2024", "PKS05", Date::constant(2024, 7, 10), Date::constant(2024, 7, 12)).await;
    let (token, _) = t.open_form("07210").await;
    let form = t.get(&format!("/q/{token}")).await.text();
    assert!(form.contains("được xóa sau 30 ngày"), "the form tells the configured period: {form}");
    let fields = format!("{PKS05_ANSWERS}&{}", contact("", "0912 345 678", ""));
    assert_eq!(send(&t, "07210", &fields).await.status, StatusCode::SEE_OTHER);
    let campaign = campaign_id(&t).await;

    let run_hourly_jobs = async |t: &TestApp| {
        t.app.schedule_periodic_jobs().await.unwrap();
        t.app.run_due_jobs("worker").await.unwrap();
    };
    t.advance(SignedDuration::from_hours(29 * 24));
    run_hourly_jobs(&t).await;
    assert_eq!(t.app.store().contacts(campaign).await.unwrap().len(), 1, "kept within the period");

    t.advance(SignedDuration::from_hours(24 + 1));
    run_hourly_jobs(&t).await;
    assert!(t.app.store().contacts(campaign).await.unwrap().is_empty(), "deleted after 30 days");
    assert_eq!(t.response_count("pks05-2024").await, 1, "the response stays");
    let tallies = t.app.store().tallies(campaign, View::All).await.unwrap();
    assert_eq!(tallies, t.app.store().recount(campaign).await.unwrap(), "and is still counted");
}

#[tokio::test]
async fn the_form_says_what_is_stored_and_for_how_long() {
    let t = TestApp::with_pks05_campaign().await;
    let token = t.token_of("07210").await;
    let vi = t.get(&format!("/q/{token}")).await.text();
    for words in [
        "Để lại liên hệ nếu Ông/Bà muốn được phản hồi (không bắt buộc)",
        "<label class=\"q-label\" for=\"f-lien-he-sdt\">Số điện thoại</label>",
        "autocomplete=\"email\"",
        "tách khỏi các câu trả lời, chỉ dùng để phản hồi về ý kiến này và được xóa sau 90 ngày",
        "<h2 id=\"rieng-tu\">Quyền riêng tư</h2>",
        "Hệ thống không lưu địa chỉ mạng",
        "chỉ được lưu khi Ông/Bà tự để lại ở mục liên hệ",
    ] {
        assert!(vi.contains(words), "{words}: {vi}");
    }
    let en = t.get(&format!("/q/{token}?lang=en")).await.text();
    for words in [
        "Leave a contact if you want a reply (optional)",
        "kept apart from your answers, used only to reply about this feedback, and deleted after 90 days",
        "<h2 id=\"rieng-tu\">Privacy</h2>",
        "We do not store your network address",
        "stored only if you leave it in the contact section",
    ] {
        assert!(en.contains(words), "{words}: {en}");
    }
}
