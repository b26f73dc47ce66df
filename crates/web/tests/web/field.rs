//! Field collection through the staff pages: visitor counts typed and imported, daily field
//! reports with photos, paper slips typed, imported and checked by a second clerk — and bad
//! input that changes nothing.

use axum::http::StatusCode;
use domain::accounts::Role;
use testkit::{StaffSession, TestApp};

const CAMPAIGN: &str = "pks05-2024";
/// A 1×1 PNG: the smallest real photo.
const PNG: &[u8] = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01\0\0\0\x01\x08\x06\0\0\0\x1f\x15\xc4\x89\0\0\0\rIDATx\x9cc\xf8\x0f\0\0\x01\x01\0\x05\x18\xd8N\0\0\0\0IEND\xaeB`\x82";

/// A campaign over the province, the clerk of Phường Hoàng Văn Thụ (07210) and an organiser
/// of the whole province.
async fn field_setup() -> (TestApp, StaffSession, StaffSession, i64) {
    let t = TestApp::with_pks05_campaign().await;
    t.add_staff("nhaplieu", Role::Clerk, Some("07210")).await;
    t.add_staff("tochuc", Role::Organiser, Some("24")).await;
    let clerk = t.staff_session("nhaplieu").await;
    let organiser = t.staff_session("tochuc").await;
    let point = point_id(&t, "07210").await;
    (t, clerk, organiser, point)
}

async fn point_id(t: &TestApp, code: &str) -> i64 {
    let code = domain::units::UnitCode::parse(code).unwrap();
    t.app.store().unit_by_code(&code, jiff::civil::date(2024, 7, 10)).await.unwrap().unwrap().id
}

#[tokio::test]
async fn a_clerk_types_visitor_counts_and_the_monitor_judges_the_quota() {
    let (t, clerk, organiser, point) = field_setup().await;
    let page = t.get_as(&clerk, &format!("/admin/campaigns/{CAMPAIGN}/visitors")).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(
        page.text().contains("Phường Hoàng Văn Thụ") && !page.text().contains("Xã Tân Dĩnh"),
        "only the clerk's point"
    );

    let saved = t
        .post_as(&clerk, &format!("/admin/campaigns/{CAMPAIGN}/visitors"), &format!("day=2024-07-10&v-{point}=40"))
        .await;
    assert_eq!(saved.status, StatusCode::OK, "{}", saved.text());
    assert!(saved.text().contains("Đã lưu: 1"));

    // Twenty answers against forty visitors: within the PKS05 rule (50% ± tolerance).
    for _ in 0..20 {
        let (token, form) = t.open_form("07210").await;
        t.post_form(&format!("/q/{token}"), format!("_t={form}&{}", crate::PKS05_ANSWERS)).await;
    }
    let live = t.get_as(&organiser, &format!("/admin/campaigns/{CAMPAIGN}/monitor?part=live&all=1")).await.text();
    let row = live.split("<tr").find(|r| r.contains("Phường Hoàng Văn Thụ")).expect("the point's row");
    assert!(row.contains(">40<"), "visitors shown: {row}");
    assert!(row.contains("quota-within"), "judged against the quota: {row}");
    assert!(row.contains("chưa gửi"), "no field report yet: {row}");

    // A future day, a negative count and another point change nothing.
    let other = point_id(&t, "07432").await;
    for body in [
        format!("day=2024-07-12&v-{point}=10"),
        format!("day=2024-07-10&v-{point}=-3"),
        format!("day=2024-07-10&v-{point}=mười"),
    ] {
        let refused = t.post_as(&clerk, &format!("/admin/campaigns/{CAMPAIGN}/visitors"), &body).await;
        assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    }
    let outside = t
        .post_as(&clerk, &format!("/admin/campaigns/{CAMPAIGN}/visitors"), &format!("day=2024-07-10&v-{other}=10"))
        .await;
    assert_eq!(outside.status, StatusCode::FORBIDDEN);
    let counts = t.app.store().visitor_counts(t.app.campaign(CAMPAIGN).await.unwrap().id).await.unwrap();
    assert_eq!(counts.iter().map(|c| (c.point_id, c.visitors)).collect::<Vec<_>>(), [(point, 40)]);
    assert_eq!(counts[0].entered_by.as_deref(), Some("nhaplieu"), "who entered it is kept");
}

#[tokio::test]
async fn visitor_counts_import_all_or_nothing_with_errors_by_line() {
    let (t, _, organiser, _) = field_setup().await;
    let path = format!("/admin/campaigns/{CAMPAIGN}/visitors/import");
    let bad = "Mã điểm;Ngày;Lượt giao dịch\n07210;10/07/2024;120\n99999;10/07/2024;5\n07432;32/07/2024;5\n07432;10/07/2024;nhiều\n07210;10/07/2024;7\n";
    let refused = t.post_multipart_as(&organiser, &path, &[], &[("file", "luot.csv", bad.as_bytes())]).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    let text = refused.text();
    for line in
        ["<td class=\"num\">3</td>", "<td class=\"num\">4</td>", "<td class=\"num\">5</td>", "<td class=\"num\">6</td>"]
    {
        assert!(text.contains(line), "line reported: {line}\n{text}");
    }
    assert!(text.contains("trùng với dòng 2"));
    let campaign = t.app.campaign(CAMPAIGN).await.unwrap().id;
    assert!(t.app.store().visitor_counts(campaign).await.unwrap().is_empty(), "nothing stored");

    let good = "\u{FEFF}ma_diem,ngay,luot\n07210,10/07/2024,120\n07432,2024-07-10,\"1.050\"\n";
    let stored = t.post_multipart_as(&organiser, &path, &[], &[("file", "luot.csv", good.as_bytes())]).await;
    assert_eq!(stored.status, StatusCode::OK, "{}", stored.text());
    let totals: std::collections::HashMap<i64, i64> =
        t.app.store().visitor_totals(campaign).await.unwrap().into_iter().collect();
    assert_eq!(totals[&point_id(&t, "07432").await], 1050);

    let broken =
        t.post_multipart_as(&organiser, &path, &[], &[("file", "luot.xlsx", b"PK\x03\x04 not a workbook")]).await;
    assert_eq!(broken.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(broken.text().contains("không đọc được tệp Excel"));
}

#[tokio::test]
async fn a_working_group_files_its_daily_report_with_a_photo() {
    let (t, clerk, organiser, point) = field_setup().await;
    let path = format!("/admin/campaigns/{CAMPAIGN}/reports");
    let before = t.get_as(&organiser, &path).await.text();
    assert!(before.contains("Chưa báo cáo (203)") || before.contains("Chưa báo cáo ("), "missing points listed");
    let point_text = point.to_string();
    let fields = [
        ("point", point_text.as_str()),
        ("day", "2024-07-10"),
        ("assisted", "35"),
        ("notes", "Hỗ trợ <b>người cao tuổi</b> quét mã"),
    ];
    let filed = t.post_multipart_as(&clerk, &path, &fields, &[("photos", "quay.png", PNG)]).await;
    assert_eq!(filed.status, StatusCode::OK, "{}", filed.text());
    let page = t.get_as(&organiser, &path).await.text();
    assert!(page.contains("người cao tuổi") && !page.contains("<b>người"), "notes shown, escaped");
    let photo_link =
        page.split("href=\"/admin/photos/").nth(1).and_then(|r| r.split('"').next()).expect("a photo link");
    let photo = t.get_as(&organiser, &format!("/admin/photos/{photo_link}")).await;
    assert_eq!(photo.status, StatusCode::OK);
    assert_eq!(photo.header("content-type"), Some("image/png"));
    assert_eq!(photo.body.as_ref(), PNG);
    let live = t.get_as(&organiser, &format!("/admin/campaigns/{CAMPAIGN}/monitor?part=live&all=1")).await.text();
    let row = live.split("<tr").find(|r| r.contains("Phường Hoàng Văn Thụ")).expect("the point's row");
    assert!(row.contains("đã gửi"), "the monitor sees today's report: {row}");

    // A script posing as a photo, and a report for a point outside the scope, change nothing.
    let fake =
        t.post_multipart_as(&clerk, &path, &fields, &[("photos", "anh.jpg", b"<script>alert(1)</script>")]).await;
    assert_eq!(fake.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(fake.text().contains("không phải ảnh"));
    let other = point_id(&t, "07432").await.to_string();
    let outside =
        t.post_multipart_as(&clerk, &path, &[("point", &other), ("day", "2024-07-10"), ("assisted", "1")], &[]).await;
    assert_eq!(outside.status, StatusCode::FORBIDDEN);
    let reports = t.app.store().field_reports(t.app.campaign(CAMPAIGN).await.unwrap().id, None).await.unwrap();
    assert_eq!(reports.len(), 1);
    assert_eq!(reports[0].photo_ids.len(), 1, "the refused file was not added");
}

/// Opens a batch for the clerk's point on the campaign's first day; returns its entry path.
async fn open_batch(t: &TestApp, clerk: &StaffSession, point: i64) -> String {
    let opened =
        t.post_as(clerk, &format!("/admin/campaigns/{CAMPAIGN}/paper"), &format!("point={point}&day=2024-07-10")).await;
    assert_eq!(opened.status, StatusCode::SEE_OTHER, "{}", opened.text());
    opened.location().unwrap().to_owned()
}

#[tokio::test]
async fn paper_slips_are_typed_once_each_even_after_the_close() {
    let (t, clerk, _, point) = field_setup().await;
    let batch = open_batch(&t, &clerk, point).await;
    let entry = t.get_as(&clerk, &batch).await;
    assert!(entry.text().contains("autofocus"), "the cursor starts on the serial number");

    let slip = "_serial=0001&c1=5&c2=4&c3=&c4=5&c5=3&chung=4&y_kien=";
    let stored = t.post_as(&clerk, &batch, slip).await;
    assert_eq!(stored.status, StatusCode::OK, "{}", stored.text());
    assert!(stored.text().contains("Đã lưu phiếu số 0001"));
    assert_eq!(t.response_count(CAMPAIGN).await, 1);
    let campaign = t.app.campaign(CAMPAIGN).await.unwrap().id;
    let response = t
        .app
        .store()
        .response_by_client_id(&app::store::paper_client_id(campaign, point, "0001"))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(response.channel, domain::campaigns::Channel::Paper);
    assert_eq!(response.answers.level("c3"), None, "a blank on paper is missing, not zero");

    let again = t.post_as(&clerk, &batch, "_serial=0001&c1=1").await;
    assert_eq!(again.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(again.text().contains("đã được nhập trước đó"));
    for bad in ["_serial=&c1=5", "_serial=0002&c1=9", "_serial=0002", "_serial=%3Cb%3E&c1=5"] {
        assert_eq!(t.post_as(&clerk, &batch, bad).await.status, StatusCode::UNPROCESSABLE_ENTITY, "{bad}");
    }
    assert_eq!(t.response_count(CAMPAIGN).await, 1, "refused slips change nothing");

    // Slips arrive after the campaign closed: they are still typed in.
    t.set_now("2024-07-15T03:00:00Z".parse().unwrap());
    t.app.close_campaign(CAMPAIGN).await.unwrap();
    let clerk = t.staff_session("nhaplieu").await;
    let late = t.post_as(&clerk, &batch, "_serial=0002&c1=4&c2=4&c3=4&c4=4&c5=4&chung=4").await;
    assert_eq!(late.status, StatusCode::OK, "{}", late.text());
    assert_eq!(t.response_count(CAMPAIGN).await, 2);
}

#[tokio::test]
async fn paper_imports_check_every_line_before_storing_any() {
    let (t, clerk, _, _) = field_setup().await;
    let template = t.get_as(&clerk, &format!("/admin/campaigns/{CAMPAIGN}/paper/template.csv")).await;
    assert_eq!(template.status, StatusCode::OK);
    assert!(template.text().contains("so_phieu,ma_diem,ngay,c1"), "{}", template.text());

    let path = format!("/admin/campaigns/{CAMPAIGN}/paper/import");
    let bad = "so_phieu,ma_diem,ngay,c1,c2,chung\n0001,07210,10/07/2024,5,4,5\n0001,07210,10/07/2024,5,4,5\n0002,07210,10/07/2024,7,4,5\n0003,07432,10/07/2024,5,4,5\n";
    let refused = t.post_multipart_as(&clerk, &path, &[], &[("file", "phieu.csv", bad.as_bytes())]).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    let text = refused.text();
    assert!(text.contains("trùng với dòng 2"), "{text}");
    assert!(text.contains("không có trong các lựa chọn"), "{text}");
    assert!(text.contains("không thuộc đợt khảo sát trong phạm vi"), "{text}");
    assert_eq!(t.response_count(CAMPAIGN).await, 0, "nothing stored");

    let good =
        "so_phieu,ma_diem,ngay,c1,c2,chung,y_kien\n0001,07210,10/07/2024,5,4,5,Tốt\n0002,07210,11/07/2024,3,,4,\n";
    t.set_now("2024-07-11T03:00:00Z".parse().unwrap());
    let clerk = t.staff_session("nhaplieu").await;
    let stored = t.post_multipart_as(&clerk, &path, &[], &[("file", "phieu.csv", good.as_bytes())]).await;
    assert_eq!(stored.status, StatusCode::OK, "{}", stored.text());
    assert_eq!(t.response_count(CAMPAIGN).await, 2);
    let again = t.post_multipart_as(&clerk, &path, &[], &[("file", "phieu.csv", good.as_bytes())]).await;
    assert_eq!(again.status, StatusCode::UNPROCESSABLE_ENTITY, "a file imported twice is refused, not doubled");
    assert!(again.text().contains("đã được nhập trước đó"));
    assert_eq!(t.response_count(CAMPAIGN).await, 2);
    let batches = t.get_as(&clerk, &format!("/admin/campaigns/{CAMPAIGN}/paper")).await.text();
    assert!(batches.contains("từ tệp"), "imported batches are listed");
}

#[tokio::test]
async fn a_second_clerk_checks_a_sample_and_mismatches_are_listed() {
    let (t, clerk, _, point) = field_setup().await;
    t.add_staff("kiemtra", Role::Clerk, Some("07210")).await;
    let checker = t.staff_session("kiemtra").await;
    let batch = open_batch(&t, &clerk, point).await;
    t.post_as(&clerk, &batch, "_serial=0001&c1=5&c2=4&c3=4&c4=5&c5=3&chung=4").await;
    t.post_as(&clerk, &batch, "_serial=0002&c1=2&c2=2&c3=2&c4=2&c5=2&chung=2").await;

    let check = format!("{batch}?check=1");
    let own = t.post_as(&clerk, &check, "_serial=0001&c1=5").await;
    assert_eq!(own.status, StatusCode::FORBIDDEN, "the first clerk cannot check their own batch");
    for slip in [
        "_serial=0001&c1=5&c2=4&c3=4&c4=5&c5=3&chung=4",
        "_serial=0002&c1=2&c2=3&c3=2&c4=2&c5=2&chung=2",
        "_serial=0009&c1=1",
    ] {
        let checked = t.post_as(&checker, &check, slip).await;
        assert_eq!(checked.status, StatusCode::OK, "{}", checked.text());
    }
    assert_eq!(t.response_count(CAMPAIGN).await, 2, "check entries are never counted");
    let page = t.get_as(&clerk, &format!("/admin/campaigns/{CAMPAIGN}/paper/checks")).await.text();
    assert!(page.contains("<strong>3</strong>"), "three slips checked: {page}");
    let rows: Vec<&str> = page.split("<tr>").skip(2).collect();
    assert_eq!(rows.len(), 2, "{page}");
    assert!(rows[0].contains("0002") && rows[0].contains("c2"));
    assert!(rows[1].contains("0009") && rows[1].contains("chưa được nhập lần đầu"));
}

/// A workbook as an office keeps it: text codes, a real date cell, numbers as floats.
fn visitor_workbook() -> Vec<u8> {
    use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet();
    let date = Format::new().set_num_format("dd/mm/yyyy");
    for (col, title) in ["Mã điểm", "Ngày", "Lượt giao dịch"].into_iter().enumerate() {
        sheet.write_string(0, col as u16, title).unwrap();
    }
    for (row, (code, visitors)) in [("07210", 64.0), ("07432", 150.0)].into_iter().enumerate() {
        let row = row as u32 + 1;
        sheet.write_string(row, 0, code).unwrap();
        sheet.write_datetime_with_format(row, 1, ExcelDateTime::from_ymd(2024, 7, 10).unwrap(), &date).unwrap();
        sheet.write_number(row, 2, visitors).unwrap();
    }
    workbook.save_to_buffer().unwrap()
}

#[tokio::test]
async fn visitor_counts_import_from_an_excel_workbook() {
    let (t, _, organiser, point) = field_setup().await;
    let path = format!("/admin/campaigns/{CAMPAIGN}/visitors/import");
    let stored = t.post_multipart_as(&organiser, &path, &[], &[("file", "luot.xlsx", &visitor_workbook())]).await;
    assert_eq!(stored.status, StatusCode::OK, "{}", stored.text());
    let campaign = t.app.campaign(CAMPAIGN).await.unwrap().id;
    let totals: std::collections::HashMap<i64, i64> =
        t.app.store().visitor_totals(campaign).await.unwrap().into_iter().collect();
    assert_eq!(totals[&point], 64);
    assert_eq!(totals[&point_id(&t, "07432").await], 150);
}
