//! Long exports as background jobs: a campaign over the direct-download limit is sent to the
//! exports page, an organiser starts the file, a worker writes it, the page shows progress and
//! then a download link; the file has the right headers and rows, only its requester may fetch
//! it, it is audited, and it is deleted when it expires. Small campaigns still download at once.

use axum::http::StatusCode;
use calamine::{Reader, Xlsx};
use domain::accounts::Role;
use jiff::civil::Date;
use testkit::{StaffSession, TestApp};

/// Bắc Giang with the PKS05 campaign, exports of more than two responses run as jobs, three
/// answers in Thành phố Bắc Giang (213) and one in Huyện Lạng Giang (217).
async fn setup() -> TestApp {
    let t = TestApp::with_config(|c| c.direct_export_limit = 2).await;
    t.import_bac_giang().await;
    t.create_campaign("pks05-2024", "PKS05", Date::constant(2024, 7, 10), Date::constant(2024, 7, 12)).await;
    for code in ["07210", "07210", "07213", "07432"] {
        let (token, form) = t.open_form(code).await;
        let body = format!("_t={form}&{}", crate::PKS05_ANSWERS);
        assert_eq!(t.post_form(&format!("/q/{token}"), body).await.status, StatusCode::SEE_OTHER);
    }
    t
}

/// The id of the newest export on the user's exports page.
async fn newest_export(t: &TestApp, who: &StaffSession) -> i64 {
    let page = t.get_as(who, "/admin/exports").await.text();
    let at = page.find("data-export=\"").expect("an export is listed") + "data-export=\"".len();
    page[at..].chars().take_while(char::is_ascii_digit).collect::<String>().parse().unwrap()
}

#[tokio::test]
async fn a_large_export_runs_as_a_job_with_progress_and_a_download_for_its_requester_only() {
    let t = setup().await;
    t.add_staff("tochuc", Role::Organiser, Some("213")).await;
    let organiser = t.staff_session("tochuc").await;

    // Three responses in the organiser's scope: over the limit, so the download is sent here.
    let sent = t.get_as(&organiser, "/admin/campaigns/pks05-2024/responses.xlsx").await;
    assert_eq!(sent.status, StatusCode::SEE_OTHER);
    assert_eq!(sent.location(), Some("/admin/exports?campaign=pks05-2024"));
    let offer = t.get_as(&organiser, "/admin/exports?campaign=pks05-2024").await.text();
    assert!(offer.contains("Số phiếu trong phạm vi: <strong>3</strong>"), "{offer}");
    assert!(offer.contains("action=\"/admin/campaigns/pks05-2024/exports\""));
    let no_csrf =
        t.post_form_with("/admin/campaigns/pks05-2024/exports", "format=xlsx", &[("cookie", &organiser.cookie)]).await;
    assert_eq!(no_csrf.status, StatusCode::FORBIDDEN, "a form without its CSRF value changes nothing");

    let started = t.post_as(&organiser, "/admin/campaigns/pks05-2024/exports", "format=xlsx").await;
    assert_eq!(started.status, StatusCode::SEE_OTHER);
    assert_eq!(started.location(), Some("/admin/exports?done=started"));
    let waiting = t.get_as(&organiser, "/admin/exports?done=started").await.text();
    assert!(waiting.contains("Đã bắt đầu tạo tệp."));
    assert!(waiting.contains("Đang chờ") && waiting.contains("<progress max=\"100\" value=\"0\">"));
    assert!(waiting.contains("<meta http-equiv=\"refresh\" content=\"3\">"), "the page reloads by itself");
    assert!(waiting.contains("0 / 3"), "progress counts the rows of the scope");
    let id = newest_export(&t, &organiser).await;
    let early = t.get_as(&organiser, &format!("/admin/exports/{id}")).await;
    assert_eq!(early.status, StatusCode::BAD_REQUEST, "not done yet");
    assert!(early.text().contains("tệp xuất chưa xong"));

    assert_eq!(t.app.run_due_jobs("worker").await.unwrap(), 1);
    let done = t.get_as(&organiser, "/admin/exports").await.text();
    assert!(done.contains("Đã xong") && done.contains("3 / 3"), "{done}");
    assert!(!done.contains("http-equiv=\"refresh\""), "nothing left to wait for");
    assert!(done.contains(&format!("href=\"/admin/exports/{id}\"")));

    let file = t.get_as(&organiser, &format!("/admin/exports/{id}")).await;
    assert_eq!(file.status, StatusCode::OK);
    assert_eq!(file.header("content-type"), Some("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"));
    assert_eq!(file.header("content-disposition"), Some("attachment; filename=\"pks05-2024-phieu-tra-loi.xlsx\""));
    assert_eq!(file.header("content-length"), Some(file.body.len().to_string().as_str()));
    let mut book = Xlsx::new(std::io::Cursor::new(file.body.to_vec())).unwrap();
    assert_eq!(book.sheet_names(), ["Phiếu trả lời", "Mã hóa"]);
    let rows = book.worksheet_range("Phiếu trả lời").unwrap();
    assert_eq!(rows.height(), 1 + 3, "a header and the scope's three responses");

    // The same as CSV.
    t.post_as(&organiser, "/admin/campaigns/pks05-2024/exports", "format=csv").await;
    assert_eq!(t.app.run_due_jobs("worker").await.unwrap(), 1);
    let csv_id = newest_export(&t, &organiser).await;
    let csv = t.get_as(&organiser, &format!("/admin/exports/{csv_id}")).await;
    assert_eq!(csv.header("content-type"), Some("text/csv; charset=utf-8"));
    let text = csv.text();
    assert!(text.starts_with("\u{feff}ma_phieu,thoi_diem,ngay,kenh,ngon_ngu,ma_diem,ten_diem,"));
    assert_eq!(text.lines().count(), 1 + 3);

    // Another district's organiser and a clerk are refused; the file is its requester's.
    t.add_staff("tochuc.lg", Role::Organiser, Some("217")).await;
    let other = t.staff_session("tochuc.lg").await;
    assert_eq!(t.get_as(&other, &format!("/admin/exports/{id}")).await.status, StatusCode::FORBIDDEN);
    assert!(!t.get_as(&other, "/admin/exports").await.text().contains(&format!("data-export=\"{id}\"")));
    t.add_staff("nhaplieu", Role::Clerk, Some("213")).await;
    let clerk = t.staff_session("nhaplieu").await;
    assert_eq!(t.get_as(&clerk, &format!("/admin/exports/{id}")).await.status, StatusCode::FORBIDDEN);
    assert_eq!(t.get_as(&clerk, "/admin/exports").await.status, StatusCode::FORBIDDEN);
    let refused = t.post_as(&clerk, "/admin/campaigns/pks05-2024/exports", "format=csv").await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);

    // One response in the other organiser's scope: under the limit, it downloads at once.
    let direct = t.get_as(&other, "/admin/campaigns/pks05-2024/responses.csv").await;
    assert_eq!(direct.status, StatusCode::OK);
    assert_eq!(direct.text().lines().count(), 1 + 1);

    t.add_staff("quantri", Role::Admin, None).await;
    let admin = t.staff_session("quantri").await;
    let audit = t.get_as(&admin, "/admin/audit?action=responses.").await.text();
    assert!(audit.contains(&format!("XLSX (tệp chạy nền số {id})")), "starting is audited");
    assert!(audit.contains(&format!("tải tệp chạy nền số {id} (XLSX)")), "downloading is audited");
}

#[tokio::test]
async fn export_files_are_deleted_when_they_expire() {
    let t = setup().await;
    t.add_staff("tochuc", Role::Organiser, Some("213")).await;
    let organiser = t.staff_session("tochuc").await;
    t.post_as(&organiser, "/admin/campaigns/pks05-2024/exports", "format=csv").await;
    assert_eq!(t.app.run_due_jobs("worker").await.unwrap(), 1);
    let id = newest_export(&t, &organiser).await;
    let folder = t.app.exports_folder();
    assert_eq!(std::fs::read_dir(&folder).unwrap().count(), 1, "one file written");

    t.advance(jiff::SignedDuration::from_hours(25));
    let organiser = t.staff_session("tochuc").await;
    t.app.schedule_periodic_jobs().await.unwrap();
    assert_eq!(t.app.run_due_jobs("worker").await.unwrap(), 2, "the purge and the anomaly checks");
    assert_eq!(std::fs::read_dir(&folder).unwrap().count(), 0, "the expired file is deleted");
    let gone = t.get_as(&organiser, &format!("/admin/exports/{id}")).await;
    assert_eq!(gone.status, StatusCode::NOT_FOUND);
    assert!(gone.text().contains("đã hết hạn"));
    assert!(t.get_as(&organiser, "/admin/exports").await.text().contains("Đã hết hạn, đã xóa"));
}
