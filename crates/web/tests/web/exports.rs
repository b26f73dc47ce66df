//! Raw responses as CSV: organisers only, scoped, audited, formula-safe, every row once.

use axum::http::StatusCode;
use domain::accounts::Role;
use testkit::TestApp;

#[tokio::test]
async fn organisers_download_the_responses_of_their_subtree_safely_and_it_is_audited() {
    let t = TestApp::with_pks05_campaign().await;
    for (point, comment) in [("07210", "=HYPERLINK(\"http://x\",\"bấm\")"), ("07210", "Tốt"), ("07432", "Ngoài")] {
        let (token, form) = t.open_form(point).await;
        let body = format!("_t={form}&c1=5&c2=4&c3=4&c4=5&chung=5&y_kien={}", testkit::encode(comment));
        assert_eq!(t.post_form(&format!("/q/{token}"), body).await.status, StatusCode::SEE_OTHER);
    }
    t.add_staff("tochuc", Role::Organiser, Some("213")).await;
    t.add_staff("quantri", Role::Admin, None).await;
    let organiser = t.staff_session("tochuc").await;
    let csv = t.get_as(&organiser, "/admin/campaigns/pks05-2024/responses.csv").await;
    assert_eq!(csv.status, StatusCode::OK);
    assert_eq!(csv.header("content-type"), Some("text/csv; charset=utf-8"));
    assert!(csv.header("content-disposition").unwrap().contains("pks05-2024-phieu-tra-loi.csv"));
    let text = csv.text();
    let text = text.strip_prefix('\u{feff}').expect("a byte-order mark for spreadsheet programs");
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines[0], "ma_phieu,thoi_diem,ngay,kenh,ngon_ngu,ma_diem,ten_diem,c1,c2,c3,c4,c5,chung,y_kien");
    assert_eq!(lines.len(), 3, "two responses inside Thành phố Bắc Giang, none from elsewhere");
    assert!(text.contains("\"'=HYPERLINK(\"\"http://x\"\",\"\"bấm\"\")\""), "a formula is neutralised: {text}");
    assert!(lines[2].contains(",2024-07-10,qr,vi,07210,Phường Hoàng Văn Thụ,5,4,4,5,,5,Tốt"), "{}", lines[2]);
    assert!(!text.contains("Ngoài"));

    let admin = t.staff_session("quantri").await;
    let audit = t.get_as(&admin, "/admin/audit?action=responses.").await.text();
    assert!(audit.contains("responses.export") && audit.contains("tochuc"));
}
