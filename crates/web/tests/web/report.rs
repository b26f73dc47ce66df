//! The campaign report (PDF) as staff download it: for their scope only, in Vietnamese, with
//! the figures, charts and comments as extractable text, and text from data (a unit's name, a
//! citizen's comment) printed literally, never interpreted. The results page shows the same
//! charts as SVG, escaped.

use axum::http::StatusCode;
use domain::accounts::Role;
use testkit::TestApp;

const HOSTILE_NAME: &str = "Xã <script>alert(1)</script> =cmd()";
const HOSTILE_COMMENT: &str = "=cmd()|' /C calc <script>alert(2)</script> chờ quá lâu";

async fn answer(t: &TestApp, point: &str, overall: u8, text: &str) {
    let (token, form) = t.open_form(point).await;
    let body = format!("_t={form}&c1=4&c2=5&c3=4&c4=2&chung={overall}&y_kien={}", testkit::encode(text));
    assert_eq!(t.post_form(&format!("/q/{token}"), body).await.status, StatusCode::SEE_OTHER);
}

#[tokio::test]
async fn a_manager_downloads_the_report_of_their_district_as_text_that_reads() {
    let t = TestApp::with_pks05_campaign().await;
    t.add_staff("quantri", Role::Admin, None).await;
    let admin = t.staff_session("quantri").await;
    let renamed = t
        .post_as(
            &admin,
            &format!("/admin/units/{}", t.unit_id("07210").await),
            &format!("action=rename&name={}", testkit::encode(HOSTILE_NAME)),
        )
        .await;
    assert_eq!(renamed.status, StatusCode::SEE_OTHER, "{}", renamed.text());
    answer(&t, "07210", 1, HOSTILE_COMMENT).await;
    answer(&t, "07210", 5, "Cán bộ rất tận tình").await;
    answer(&t, "07213", 4, "Bình thường thôi").await;
    answer(&t, "07432", 1, "Ý kiến ở huyện khác 9911").await;
    t.add_staff("lanhdao", Role::Manager, Some("213")).await;
    let manager = t.staff_session("lanhdao").await;

    let page = t.get_as(&manager, "/admin/campaigns/pks05-2024").await;
    assert_eq!(page.status, StatusCode::OK);
    let html = page.text();
    assert!(html.contains("/admin/campaigns/pks05-2024/report.pdf?unit="), "the page links the report of its focus");
    assert_eq!(html.matches("<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\"").count(), 4, "four charts");
    assert!(html.contains(r#"role="img""#) && html.contains("Tỷ lệ hài lòng theo nhóm tiêu chí"));
    assert!(!html.contains("<script>alert"), "a unit's name stays text in the charts");
    assert!(html.contains("Xã &lt;script&gt;alert(1)&lt;/script&gt; =cmd()"));

    let report = t.get_as(&manager, "/admin/campaigns/pks05-2024/report.pdf").await;
    assert_eq!(report.status, StatusCode::OK, "{}", report.text());
    assert_eq!(report.header("content-type"), Some("application/pdf"));
    assert!(report.header("content-disposition").unwrap().contains("pks05-2024-213-bao-cao.pdf"));
    assert!(report.body.starts_with(b"%PDF-"));
    let pages = page_texts(&report.body);
    assert!(pages.len() >= 3, "a cover and the sections: {}", pages.len());
    let all = pages.join("\n");
    for heading in [
        "Báo cáo kết quả khảo sát sự hài lòng",
        "1. Phương pháp",
        "2. Kết quả chung",
        "3. Xếp hạng các đơn vị trực thuộc",
        "4. Nhóm tiêu chí",
        "5. Câu hỏi",
        "6. Số phiếu theo ngày",
        "7. Ý kiến của người dân",
        "8. Tuân thủ định mức phiếu",
        "Tỷ lệ hài lòng của các đơn vị trực thuộc",
        "Thành phố Bắc Giang",
    ] {
        assert!(all.contains(heading), "{heading:?} is missing:\n{all}");
    }
    assert!(all.contains(HOSTILE_NAME), "the unit's name, literally");
    assert!(all.contains("=cmd()|' /C calc <script>alert(2)</script>"), "the comment, literally:\n{all}");
    assert!(!all.contains("9911"), "a comment outside the scope is not quoted");
    assert!(!all.contains("tận tình"), "only negative comments are quoted");
    assert!(all.contains("Tính trên") && all.contains("trừ các phiếu cơ quan tổ chức đã loại"), "it says which");
    let every = t.get_as(&manager, "/admin/campaigns/pks05-2024/report.pdf?view=all").await;
    assert!(every.header("content-disposition").unwrap().contains("pks05-2024-213-bao-cao-tat-ca.pdf"));
    let every = page_texts(&every.body).join("\n");
    assert!(every.contains("tất cả phiếu") && every.contains("kể cả các phiếu cơ quan tổ chức đã loại"), "{every}");

    let outside =
        t.get_as(&manager, &format!("/admin/campaigns/pks05-2024/report.pdf?unit={}", t.unit_id("217").await)).await;
    assert_eq!(outside.status, StatusCode::FORBIDDEN);
    let commune =
        t.get_as(&manager, &format!("/admin/campaigns/pks05-2024/report.pdf?unit={}", t.unit_id("07210").await)).await;
    assert_eq!(commune.status, StatusCode::OK);
    assert!(commune.header("content-disposition").unwrap().contains("pks05-2024-07210-bao-cao.pdf"));

    let query = app::store::AuditQuery {
        username: Some("lanhdao".into()),
        action_prefix: Some("report.".into()),
        from: None,
        until: None,
        before_id: None,
        limit: 10,
    };
    assert_eq!(t.app.store().audit_entries(query).await.unwrap().len(), 3, "each report is audited");
}

/// Each page's text in drawing order, a line break where the baseline moves.
pub(crate) fn page_texts(pdf: &[u8]) -> Vec<String> {
    readback::pages(pdf).into_iter().map(|page| page.text).collect()
}
