//! Recognition of "chính quyền thân thiện": the campaign's scoring rule turns each point's index
//! into criterion-5 points under the quota rule, the page lists the points and the exemplary
//! working groups, and organisers change the rule on the campaign form.

use axum::http::StatusCode;
use domain::accounts::Role;
use domain::recognition::{Band, Method, ScoringRule};
use testkit::{StaffSession, TestApp};

const CAMPAIGN: &str = "pks05-2024";

async fn answers(t: &TestApp, point: &str, how_many: usize) {
    for _ in 0..how_many {
        let (token, form) = t.open_form(point).await;
        let response = t.post_form(&format!("/q/{token}"), format!("_t={form}&{}", crate::PKS05_ANSWERS)).await;
        assert_eq!(response.status, StatusCode::SEE_OTHER);
    }
}

async fn report(t: &TestApp, who: &StaffSession, point: &str) {
    let id = t.unit_id(point).await.to_string();
    let fields = [("point", id.as_str()), ("day", "2024-07-10"), ("assisted", "12")];
    let filed = t.post_multipart_as(who, &format!("/admin/campaigns/{CAMPAIGN}/reports"), &fields, &[]).await;
    assert_eq!(filed.status, StatusCode::OK, "{}", filed.text());
}

/// The row of a point in the table with `id`.
fn row<'a>(html: &'a str, table: &str, point: &str) -> &'a str {
    let table = html.split(&format!("<table id=\"{table}\">")).nth(1).expect("the table");
    let table = table.split("</table>").next().expect("its end");
    let start = table.find(&format!("<tr data-point=\"{point}\">")).unwrap_or_else(|| panic!("{point} in {table}"));
    let rest = &table[start..];
    &rest[..rest.find("</tr>").expect("the row's end")]
}

#[tokio::test]
async fn points_are_scored_under_the_quota_rule_and_exemplary_groups_are_proposed() {
    let t = TestApp::with_pks05_campaign().await;
    t.add_staff("quantri", Role::Admin, None).await;
    t.add_staff("lanhdao", Role::Manager, Some("213")).await;
    let admin = t.staff_session("quantri").await;
    // Hoàng Văn Thụ: 20 answers (the minimum) for 30 visitors, within the rule.
    // Trần Phú: 3 answers for 4 visitors, within the rule but too few to score.
    // Tân Dĩnh: 25 answers for 5 visitors, far over the rule.
    answers(&t, "07210", 20).await;
    answers(&t, "07213", 3).await;
    answers(&t, "07432", 25).await;
    let (a, b, c) = (t.unit_id("07210").await, t.unit_id("07213").await, t.unit_id("07432").await);
    let counts = format!("day=2024-07-10&v-{a}=30&v-{b}=4&v-{c}=5");
    let saved = t.post_as(&admin, &format!("/admin/campaigns/{CAMPAIGN}/visitors"), &counts).await;
    assert!(saved.status.is_success() || saved.status.is_redirection(), "{}", saved.text());
    report(&t, &admin, "07210").await;
    report(&t, &admin, "07213").await;
    report(&t, &admin, "07432").await;

    let results = t.get_as(&admin, &format!("/admin/campaigns/{CAMPAIGN}")).await.text();
    assert!(results.contains(&format!("href=\"/admin/campaigns/{CAMPAIGN}/recognition\"")), "linked from results");

    let page = t.get_as(&admin, &format!("/admin/campaigns/{CAMPAIGN}/recognition")).await;
    assert_eq!(page.status, StatusCode::OK);
    let html = page.text();
    assert!(html.contains("Công nhận chính quyền thân thiện") && html.contains("Tổ công tác tiêu biểu"));
    assert!(html.contains("đủ 20 điểm khi chỉ số hài lòng từ 90% trở lên"), "the default rule is stated");

    let meets = row(&html, "units", "07210");
    assert!(meets.contains("100,0%") && meets.contains("<code>overall-question</code>"), "{meets}");
    assert!(meets.contains("<td class=\"num\">20</td><td><strong>đạt</strong>"), "20 points: {meets}");
    assert!(meets.contains("đạt mục tiêu 90%: đủ điểm"), "{meets}");
    let few = row(&html, "units", "07213");
    assert!(few.contains("chưa đủ dữ liệu: 3 phiếu, cần ít nhất 20") && few.contains(">—</td><td>chưa đạt"), "{few}");
    let over = row(&html, "units", "07432");
    assert!(over.contains(">0</td><td>chưa đạt") && over.contains("0 điểm: số phiếu vượt quá quy định"), "{over}");
    let units = html.split("<table id=\"units\">").nth(1).unwrap();
    let at = |code: &str| units.find(&format!("data-point=\"{code}\"")).unwrap();
    assert!(at("07210") < at("07432") && at("07432") < at("07213"), "by points, unscored last");
    assert!(html.contains("<div class=\"figure\">1</div>"), "one point meets the standard");

    // Both groups within the rule reported on the only day so far; Trần Phú's 3 forms for 4
    // visitors are closer to its visitors (25%) than Hoàng Văn Thụ's 20 for 30 (33,3%).
    // Tân Dĩnh broke the rule and is not proposed.
    let first = row(&html, "exemplary", "07213");
    assert!(first.starts_with("<tr data-point=\"07213\"><td class=\"num\">1</td>"), "{first}");
    assert!(first.contains("1/1 ngày (100%)") && first.contains("25,0%"), "{first}");
    let second = row(&html, "exemplary", "07210");
    assert!(second.contains("\"num\">2</td>") && second.contains("33,3%"), "{second}");
    assert!(!html.split("<table id=\"exemplary\">").nth(1).unwrap().contains("07432"));
    assert!(html.contains("số phiếu sát với số lượt người dân đến giao dịch hơn"), "the tie-break is explained");

    // A district manager sees the points of the district only, and no edit link.
    let manager = t.staff_session("lanhdao").await;
    let district = t.get_as(&manager, &format!("/admin/campaigns/{CAMPAIGN}/recognition")).await.text();
    assert!(district.contains("data-point=\"07210\"") && !district.contains("data-point=\"07432\""));
    assert!(!district.contains("Sửa cách chấm điểm"));
}

const EDIT: &str = "name=%C4%90%E1%BB%A3t+m%E1%BB%9Bi&first=2024-07-10&last=2024-07-12&tolerance_pct=50&min_forms=10&busy_visitors=100&busy_min_forms=20";

#[tokio::test]
async fn organisers_set_the_scoring_rule_and_bad_rules_change_nothing() {
    let t = TestApp::with_pks05_campaign().await;
    t.add_staff("tochuc", Role::Organiser, Some("24")).await;
    let organiser = t.staff_session("tochuc").await;
    let path = format!("/admin/campaigns/{CAMPAIGN}/edit");
    let form = t.get_as(&organiser, &path).await.text();
    assert!(form.contains("Chấm điểm tiêu chí 5 (chính quyền thân thiện)"));
    assert!(form.contains("name=\"score_target\" value=\"90\"") && form.contains("value=\"linear\" checked"));

    let bands = format!(
        "{EDIT}&score_max=20&score_method=bands&score_bands={}&score_min_n=10&score_quota=1",
        testkit::encode("70=10; 90=20; 80=15")
    );
    let saved = t.post_as(&organiser, &path, &bands).await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.text());
    let campaign = t.app.campaign(CAMPAIGN).await.unwrap();
    let band = |min_pct, points| Band { min_pct, points };
    let expected = ScoringRule {
        method: Method::Bands(vec![band(70.0, 10.0), band(80.0, 15.0), band(90.0, 20.0)]),
        min_n: 10,
        ..ScoringRule::default()
    };
    assert_eq!(t.app.store().campaign_scoring(campaign.id).await.unwrap(), expected);
    let shown = t.get_as(&organiser, &path).await.text();
    assert!(shown.contains("value=\"90=20; 80=15; 70=10\"") && shown.contains("value=\"bands\" checked"));
    let page = t.get_as(&organiser, &format!("/admin/campaigns/{CAMPAIGN}/recognition")).await.text();
    assert!(page.contains("theo bậc (ngưỡng=điểm): 90=20; 80=15; 70=10") && page.contains("cần ít nhất 10 phiếu"));

    let refusals = [
        (
            "score_max=20&score_method=bands&score_bands=90%3D20%3B+90%3D15&score_min_n=20",
            "ngưỡng 90% xuất hiện hai lần",
        ),
        ("score_max=20&score_method=bands&score_bands=90%3D20%3B+80%3D25&score_min_n=20", "bậc từ 80% cho 25 điểm"),
        (
            "score_max=20&score_method=linear&score_target=120&score_min_n=20",
            "chỉ số mục tiêu phải lớn hơn 0% và không quá 100% (120%)",
        ),
        ("score_max=abc&score_method=linear&score_target=90&score_min_n=20", "điểm tối đa \"abc\" không phải là số"),
        ("score_max=20&score_method=linear&score_target=90&score_min_n=0", "số phiếu tối thiểu phải từ 1 đến 10000"),
        ("score_max=20&score_method=bands&score_bands=90%3A20&score_min_n=20", "không hiểu bậc \"90:20\""),
    ];
    for (scoring, message) in refusals {
        let refused = t.post_as(&organiser, &path, &format!("{EDIT}&{scoring}")).await;
        assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY, "{scoring}");
        let html = refused.text();
        assert!(html.contains(&crate::escaped(message)), "{message} in {html}");
        assert!(html.contains("Đợt mới"), "what was typed stays");
    }
    assert_eq!(t.app.store().campaign_scoring(campaign.id).await.unwrap(), expected, "the rule is unchanged");
    assert_eq!(t.app.campaign(CAMPAIGN).await.unwrap().name, campaign.name, "and so is the campaign");

    // A form without the scoring fields leaves the rule alone; the change was audited once.
    let plain = t.post_as(&organiser, &path, EDIT).await;
    assert_eq!(plain.status, StatusCode::SEE_OTHER);
    assert_eq!(t.app.store().campaign_scoring(campaign.id).await.unwrap(), expected);
    t.add_staff("quantri", Role::Admin, None).await;
    let admin = t.staff_session("quantri").await;
    let audit = t.get_as(&admin, "/admin/audit?action=campaign.scoring").await.text();
    assert_eq!(audit.matches("theo bậc (ngưỡng=điểm)").count(), 1, "{audit}");
}
