//! The organisers' review queue and the counted / all views: a stuffed point shows up as
//! pending groups; excluding one changes results, ranking and exports to exactly a recount of
//! the remaining responses (comments and contacts too) while the all-view keeps everything;
//! undo restores; deciding twice, a stale form, a missing reason, a missing CSRF value or the
//! wrong role change nothing.

use axum::http::StatusCode;
use calamine::Reader;
use domain::accounts::Role;
use domain::results::View;
use jiff::SignedDuration;
use serde_json::Value;
use testkit::{StaffSession, TestApp};

use crate::integrity::{Phone, address, eight_oclock, straight_lined, varied};
use crate::workbooks::{self, column, number, open, sheet};

const CAMPAIGN: &str = "pks05-2024";
const QUEUE: &str = "/admin/campaigns/pks05-2024/review";
/// The stuffed point (Xã Tân Dĩnh, in Huyện Lạng Giang) and its first campaign day.
const STUFFED: &str = "07432/network_burst/2024-07-10";

/// `n` straight-lined answers at Xã Tân Dĩnh from one address, a fresh phone each, one every
/// 3 s from `start`: a network burst of the same pattern.
async fn stuff(t: &TestApp, n: usize, start: jiff::Timestamp) {
    stuff_answering(t, n, start, straight_lined).await;
}

/// [`stuff`], the `i`th phone sending `answers(i)`.
async fn stuff_answering(t: &TestApp, n: usize, start: jiff::Timestamp, answers: fn(usize) -> String) {
    let token = t.token_of("07432").await;
    for i in 0..n {
        let mut phone = Phone::new(address(203, 0, 113, 70));
        let opened = start + SignedDuration::from_secs(3 * i as i64);
        t.set_now(opened);
        let form = phone.open(t, &token).await;
        t.set_now(opened + SignedDuration::from_secs(30));
        assert_eq!(phone.send(t, &token, &form, &answers(i)).await.status, StatusCode::SEE_OTHER);
    }
}

/// Honest answers spread over a day at `point`: a phone and an address each, 20 min apart.
async fn honest(t: &TestApp, point: &str, n: usize, start: jiff::Timestamp) {
    honest_answering(t, point, n, start, varied).await;
}

/// [`honest`], the `i`th phone sending `answers(i)`.
async fn honest_answering(t: &TestApp, point: &str, n: usize, start: jiff::Timestamp, answers: fn(usize) -> String) {
    let token = t.token_of(point).await;
    for i in 0..n {
        let mut phone = Phone::new(address(198, 51, 100, 10 + i as u8));
        let opened = start + SignedDuration::from_mins(20 * i as i64);
        t.set_now(opened);
        let form = phone.open(t, &token).await;
        t.set_now(opened + SignedDuration::from_secs(90));
        assert_eq!(phone.send(t, &token, &form, &answers(i)).await.status, StatusCode::SEE_OTHER);
    }
}

/// The decision form's fields of the group `key` (`point code/reason/day/state`) on the queue.
pub(crate) fn group_fields(page: &str, key: &str) -> Option<String> {
    let start = page.find(&format!("<tr data-group=\"{key}\">"))?;
    let row = &page[start..start + page[start..].find("</tr>")?];
    let value = |name: &str| {
        let marker = format!("name=\"{name}\" value=\"");
        let at = row.find(&marker)? + marker.len();
        Some(row[at..at + row[at..].find('"')?].to_owned())
    };
    let fields = ["point", "reason", "day", "state", "responses", "last"]
        .iter()
        .map(|name| Some(format!("{name}={}", value(name)?)))
        .collect::<Option<Vec<_>>>()?;
    Some(fields.join("&"))
}

async fn queue(t: &TestApp, who: &StaffSession, query: &str) -> String {
    let page = t.get_as(who, &format!("{QUEUE}{query}")).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.text());
    page.text()
}

async fn decide(t: &TestApp, who: &StaffSession, fields: &str) -> (StatusCode, String) {
    let response = t.post_as(who, QUEUE, fields).await;
    let status = response.status;
    match response.location() {
        Some(back) => (status, back.to_owned()),
        None => (status, response.text()),
    }
}

async fn api(t: &TestApp, who: &StaffSession, view: &str) -> Value {
    let response = t.get_as(who, &format!("/api/v1/campaigns/{CAMPAIGN}/results{view}")).await;
    assert_eq!(response.status, StatusCode::OK, "{}", response.text());
    serde_json::from_slice(&response.body).unwrap()
}

/// Counted and all tallies, each equal to a recount of the responses it should count.
/// The live monitor's "awaiting review" figure for Xã Tân Dĩnh (the row's last cell).
async fn awaiting_at_tan_dinh(t: &TestApp, who: &StaffSession) -> String {
    let live = t.get_as(who, "/admin/campaigns/pks05-2024/monitor?part=live").await.text();
    let row = live.split("<tr").find(|r| r.contains("Xã Tân Dĩnh")).expect("the point's row");
    let last = row.rsplit("<td class=\"num\">").next().unwrap();
    last[..last.find('<').unwrap()].to_owned()
}

async fn assert_counts_equal_recounts(t: &TestApp) {
    let store = t.app.store();
    let campaign = t.app.campaign(CAMPAIGN).await.unwrap().id;
    for view in View::ALL {
        assert_eq!(
            store.tallies(campaign, view).await.unwrap(),
            store.recount_view(campaign, view).await.unwrap(),
            "{view:?} on {}",
            t.backend()
        );
    }
}

/// The API's overall figure (the PKS05 overall question `chung`, satisfied = 4 or 5) and
/// response count, recounted from the stored responses the view counts.
async fn assert_api_equals_recount(t: &TestApp, json: &Value, view: View, responses: i64) {
    let campaign = t.app.campaign(CAMPAIGN).await.unwrap().id;
    let recount = t.app.store().recount_view(campaign, view).await.unwrap();
    let chung = recount.iter().filter(|r| r.item == "chung");
    let (satisfied, answered) = chung.fold((0, 0), |(s, a), r| (s + if r.level >= 4 { r.n } else { 0 }, a + r.n));
    assert_eq!(json["view"], view.as_str());
    assert_eq!(json["responses"], responses, "{view:?}");
    assert_eq!(json["indices"]["overall"]["numerator"], satisfied, "{view:?}");
    assert_eq!(json["indices"]["overall"]["denominator"], answered, "{view:?}");
    // The answers-per-day chart counts the same responses, day by day.
    let stored = t.app.store().responses_page(campaign, 0, 100_000, view).await.unwrap();
    let mut per_day = std::collections::BTreeMap::new();
    for response in &stored {
        *per_day.entry(response.day).or_insert(0) += 1;
    }
    let results = t.app.campaign_results_at(CAMPAIGN, None, view).await.unwrap();
    assert_eq!(results.daily, per_day.into_iter().collect::<Vec<_>>(), "days, {view:?}");
    assert_eq!(stored.len() as i64, responses, "{view:?}");
}

fn district<'a>(json: &'a Value, code: &str) -> &'a Value {
    json["units_below"].as_array().unwrap().iter().find(|u| u["code"] == code).unwrap()
}

#[tokio::test]
async fn a_stuffed_point_is_reviewed_excluded_counted_apart_and_restored() {
    let t = TestApp::with_pks05_campaign().await;
    stuff(&t, 35, eight_oclock()).await;
    honest(&t, "07432", 6, "2024-07-11T01:00:00Z".parse().unwrap()).await;
    honest(&t, "07210", 4, "2024-07-11T01:00:00Z".parse().unwrap()).await;
    t.add_staff("tochuc", Role::Organiser, Some("24")).await;
    t.add_staff("lanhdao", Role::Manager, Some("24")).await;
    t.add_staff("tochuc.tp", Role::Organiser, Some("213")).await;
    t.add_staff("quantri", Role::Admin, None).await;
    let organiser = t.staff_session("tochuc").await;

    // The stuffed point shows up as pending groups, one per reason, the largest first.
    let page = queue(&t, &organiser, "").await;
    assert!(page.contains("Dồn dập từ một mạng") && page.contains("Cùng một kiểu trả lời lặp lại từ một mạng"));
    assert!(page.contains("loại phiếu ở một nhóm là loại phiếu đó ở mọi nhóm"), "the page says so");
    let burst = group_fields(&page, &format!("{STUFFED}/pending")).expect("the burst is a pending group");
    assert!(burst.contains("responses=35"), "{burst}");
    assert!(page.contains("100% cùng một mức · 100% toàn mức cao nhất"), "the spread of answers");
    assert!(page.contains("35 cũng bị gắn cờ vì lý do khác"));
    assert!(
        page.contains("mỗi phiếu tính một lần — Chờ xem xét: 35 · Đã chấp nhận: 0 · Đã loại: 0"),
        "not 35 per reason"
    );
    assert!(group_fields(&page, "07432/same_pattern/2024-07-10/pending").is_some());
    for path in ["/admin/campaigns/pks05-2024", "/admin/campaigns/pks05-2024/monitor"] {
        assert!(t.get_as(&organiser, path).await.text().contains(QUEUE), "{path} links the queue");
        let district = t.staff_session("tochuc.tp").await;
        assert!(!t.get_as(&district, path).await.text().contains(QUEUE), "{path}: not for a district");
    }
    let before = api(&t, &organiser, "").await;
    assert_api_equals_recount(&t, &before, View::Counted, 45).await;
    assert_eq!(awaiting_at_tan_dinh(&t, &organiser).await, "35", "the monitor counts each response once");

    // Refused, and nothing changes: no reason, no CSRF value, a reader's role, a district.
    let (status, body) = decide(&t, &organiser, &format!("{burst}&action=exclude&note=+")).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(body.contains("hãy ghi lý do"), "{body}");
    let no_csrf =
        t.post_form_with(QUEUE, format!("{burst}&action=exclude&note=x"), &[("cookie", &organiser.cookie)]).await;
    assert_eq!(no_csrf.status, StatusCode::FORBIDDEN);
    for who in ["lanhdao", "tochuc.tp"] {
        let session = t.staff_session(who).await;
        let (status, body) = decide(&t, &session, &format!("{burst}&action=exclude&note=x")).await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{who}: {body}");
        assert_eq!(t.get_as(&session, QUEUE).await.status, StatusCode::FORBIDDEN, "{who}");
    }
    let stale = burst.replace("responses=35", "responses=34");
    let (status, back) = decide(&t, &organiser, &format!("{stale}&action=exclude&note=x")).await;
    assert_eq!(
        (status, back.as_str()),
        (StatusCode::SEE_OTHER, "/admin/campaigns/pks05-2024/review?done=changed&n=35")
    );
    assert!(queue(&t, &organiser, "?done=changed&n=35").await.contains("không có gì thay đổi"));
    assert_eq!(api(&t, &organiser, "").await, before, "nothing changed");

    // Exclude: counted results, ranking and exports leave the 35 out; the all-view keeps them.
    let (status, back) = decide(&t, &organiser, &format!("{burst}&action=exclude&note=M%E1%BB%99t+m%C3%A1y")).await;
    assert_eq!(
        (status, back.as_str()),
        (StatusCode::SEE_OTHER, "/admin/campaigns/pks05-2024/review?done=decided&n=35")
    );
    let again = decide(&t, &organiser, &format!("{burst}&action=exclude&note=x")).await;
    assert_eq!(again.1, "/admin/campaigns/pks05-2024/review?done=already", "deciding twice changes nothing");
    let excluded = queue(&t, &organiser, "?state=excluded").await;
    assert!(excluded.contains("Chờ xem xét: 0 · Đã chấp nhận: 0 · Đã loại: 35"), "each excluded response once");
    assert!(group_fields(&excluded, &format!("{STUFFED}/excluded")).is_some());
    let pattern = group_fields(&excluded, "07432/same_pattern/2024-07-10/excluded").expect("excluded in every group");
    assert!(group_fields(&queue(&t, &organiser, "").await, "07432/same_pattern/2024-07-10/pending").is_none());
    assert_counts_equal_recounts(&t).await;
    assert_eq!(awaiting_at_tan_dinh(&t, &organiser).await, "0", "decided: no longer awaiting review");
    let counted = api(&t, &organiser, "").await;
    assert_api_equals_recount(&t, &counted, View::Counted, 10).await;
    assert_eq!(district(&counted, "217")["responses"], 6, "Huyện Lạng Giang ranks on its honest answers");
    let all = api(&t, &organiser, "?view=all").await;
    assert_api_equals_recount(&t, &all, View::All, 45).await;
    assert_eq!(district(&all, "217")["responses"], 41);
    for (query, view, responses) in [("", "counted", 10), ("&view=all", "all", 45)] {
        let path = format!("/api/v1/campaigns/{CAMPAIGN}/breakdown?by=day{query}");
        let json: Value = serde_json::from_slice(&t.get_as(&organiser, &path).await.body).unwrap();
        assert_eq!((json["view"].as_str(), json["responses"].as_i64()), (Some(view), Some(responses)), "{path}");
        let by_day: i64 = json["rows"].as_array().unwrap().iter().map(|r| r["responses"].as_i64().unwrap()).sum();
        assert_eq!(by_day, responses, "the recounted breakdown leaves out the excluded ones: {path}");
    }
    let recognition = t.get_as(&organiser, "/admin/campaigns/pks05-2024/recognition?view=all").await.text();
    assert!(recognition.contains("kể cả các phiếu đã bị loại"), "the ranking page says which");
    assert_eq!(
        t.get_as(&organiser, "/api/v1/campaigns/pks05-2024/results?view=nope").await.status,
        StatusCode::BAD_REQUEST
    );
    let results_page = t.get_as(&organiser, "/admin/campaigns/pks05-2024").await.text();
    assert!(
        results_page.contains("không gồm các phiếu đã bị loại")
            && results_page.contains("<div class=\"figure\">10</div>")
    );
    let all_page = t.get_as(&organiser, "/admin/campaigns/pks05-2024?view=all").await.text();
    assert!(all_page.contains("kể cả các phiếu đã bị loại") && all_page.contains("<div class=\"figure\">45</div>"));
    assert!(all_page.contains("responses.csv?view=all"), "downloads keep the view");

    let csv = t.get_as(&organiser, "/admin/campaigns/pks05-2024/responses.csv").await;
    let text = csv.text();
    assert_eq!(text.lines().count(), 1 + 10, "counted: the excluded rows are left out");
    assert!(!text.lines().next().unwrap().contains("bi_loai"));
    let csv = t.get_as(&organiser, "/admin/campaigns/pks05-2024/responses.csv?view=all").await;
    assert!(csv.header("content-disposition").unwrap().contains("pks05-2024-phieu-tra-loi-tat-ca.csv"));
    let text = csv.text();
    assert!(text.lines().next().unwrap().ends_with(",y_kien,bi_loai"), "{text}");
    assert_eq!(text.lines().filter(|l| l.ends_with(",1")).count(), 35);
    assert_eq!(text.lines().count(), 1 + 45);
    let report = t.get_as(&organiser, "/admin/campaigns/pks05-2024/report.pdf?view=all").await;
    assert_eq!(report.status, StatusCode::OK);
    assert!(report.header("content-disposition").unwrap().contains("-bao-cao-tat-ca.pdf"));
    let workbook = t.get_as(&organiser, "/admin/campaigns/pks05-2024/results.xlsx?view=all").await;
    assert!(workbook.header("content-disposition").unwrap().contains("-ket-qua-tat-ca.xlsx"));
    let summary = sheet(&mut open(&workbook), "Tổng hợp");
    assert_eq!(workbooks::text(&summary[1][column(&summary, "Tính trên")]), "Tất cả phiếu");
    let responses = t.get_as(&organiser, "/admin/campaigns/pks05-2024/responses.xlsx?view=all").await;
    let mut book = open(&responses);
    assert_eq!(book.sheet_names(), ["Phiếu trả lời (tất cả)", "Mã hóa"]);
    let rows = sheet(&mut book, "Phiếu trả lời (tất cả)");
    let excluded = column(&rows, "bi_loai");
    assert_eq!(rows[1..].iter().filter(|r| number(&r[excluded]) == 1.0).count(), 35);
    let codebook = sheet(&mut book, "Mã hóa");
    assert!(codebook.iter().any(|r| workbooks::text(&r[0]) == "bi_loai"), "the codebook explains the column");
    // A background export of all responses says so, and holds the excluded ones marked.
    let started = t.post_as(&organiser, "/admin/campaigns/pks05-2024/exports", "format=csv&view=all").await;
    assert_eq!(started.status, StatusCode::SEE_OTHER);
    assert_eq!(t.app.run_due_jobs("review").await.unwrap(), 1);
    let user = t.app.store().user_by_username("tochuc").await.unwrap().unwrap();
    let record = t.app.store().export_files_of(user.id, 5).await.unwrap().remove(0);
    assert_eq!((record.view, record.rows_done), (View::All, 45));
    let file = t.get_as(&organiser, &format!("/admin/exports/{}", record.id)).await;
    assert!(file.header("content-disposition").unwrap().contains("-tat-ca.csv"));
    assert_eq!(file.text().lines().filter(|l| l.ends_with(",1")).count(), 35);

    // Undo from the other group: every view counts the 35 again.
    let (_, back) = decide(&t, &organiser, &format!("{pattern}&action=undo&note=Nh%E1%BA%A7m")).await;
    assert_eq!(back, "/admin/campaigns/pks05-2024/review?done=decided&n=35");
    assert_counts_equal_recounts(&t).await;
    assert_api_equals_recount(&t, &api(&t, &organiser, "").await, View::Counted, 45).await;
    assert_eq!(awaiting_at_tan_dinh(&t, &organiser).await, "35", "undone: awaiting review again");

    // Accepted groups leave the pending list; a flag arriving afterwards forms a new group.
    let page = queue(&t, &organiser, "").await;
    let burst = group_fields(&page, &format!("{STUFFED}/pending")).expect("pending again after undo");
    let (_, back) = decide(&t, &organiser, &format!("{burst}&action=accept")).await;
    assert_eq!(back, "/admin/campaigns/pks05-2024/review?done=decided&n=35");
    stuff(&t, 3, eight_oclock() + SignedDuration::from_mins(3)).await;
    let page = queue(&t, &organiser, "?state=all").await;
    assert!(group_fields(&page, &format!("{STUFFED}/accepted")).unwrap().contains("responses=35"));
    assert!(group_fields(&page, &format!("{STUFFED}/pending")).unwrap().contains("responses=3"));
    assert!(page.contains("Chờ xem xét: 3 · Đã chấp nhận: 35 · Đã loại: 0"), "each response once, in its state");
    assert_eq!(awaiting_at_tan_dinh(&t, &organiser).await, "3", "only the new ones await review");
    assert_counts_equal_recounts(&t).await;

    // Every decision is in the audit log: who, what, how many, why.
    let admin = t.staff_session("quantri").await;
    let audit = t.get_as(&admin, "/admin/audit?action=review.").await.text();
    for expected in ["review.exclude", "review.undo", "review.accept", "tochuc", "35 phiếu", "Một máy", "Nhầm"] {
        assert!(audit.contains(expected), "{expected} in the audit log: {audit}");
    }
    assert!(!audit.contains("lanhdao"), "refused decisions are not logged as made");
}

/// The comments page reads the responses themselves (its counts, its first page, the answers
/// that left only a contact): an excluded response's comment and contact leave the counted
/// view and stay in the view of all responses.
#[tokio::test]
async fn comments_and_contacts_of_excluded_responses_are_left_out_of_the_counted_view() {
    let t = TestApp::with_pks05_campaign().await;
    stuff_answering(&t, 30, eight_oclock(), |i| match i % 2 {
        0 => format!("{}&y_kien=Qu%C3%A1+tuy%E1%BB%87t+{i}", straight_lined(i)),
        _ => format!("{}&_contact_email=may{i}%40example.vn", straight_lined(i)),
    })
    .await;
    honest_answering(&t, "07210", 1, "2024-07-11T01:00:00Z".parse().unwrap(), |i| {
        format!("{}&y_kien=Ch%E1%BB%9D+l%C3%A2u&_contact_email=an%40example.vn", varied(i))
    })
    .await;
    t.add_staff("tochuc", Role::Organiser, Some("24")).await;
    let organiser = t.staff_session("tochuc").await;
    let page = queue(&t, &organiser, "").await;
    let burst = group_fields(&page, "07432/same_pattern/2024-07-10/pending").expect("the stuffed ratings");
    assert!(burst.contains("responses=30"), "{burst}");
    let comments = |query: &'static str| {
        let (t, organiser) = (&t, &organiser);
        async move { t.get_as(organiser, &format!("/admin/campaigns/{CAMPAIGN}/comments{query}")).await.text() }
    };
    let before = comments("").await;
    assert!(before.contains("<strong>31</strong>") && before.contains("Quá tuyệt 4"), "{before}");

    let (status, _) = decide(&t, &organiser, &format!("{burst}&action=exclude&note=M%E1%BB%99t+m%C3%A1y")).await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let counted = comments("").await;
    assert!(counted.contains("<strong>1</strong>") && counted.contains("Chờ lâu"), "{counted}");
    assert!(!counted.contains("Quá tuyệt"), "an excluded comment is not counted: {counted}");
    let all = comments("?view=all").await;
    assert!(all.contains("<strong>31</strong>") && all.contains("Quá tuyệt 0") && all.contains("Chờ lâu"), "{all}");
    let contacts = comments("?contact=1").await;
    assert!(contacts.contains("an@example.vn") && !contacts.contains("may1@example.vn"), "{contacts}");
    let all_contacts = comments("?contact=1&view=all").await;
    assert!(all_contacts.contains("may1@example.vn") && all_contacts.contains("may29@example.vn"), "{all_contacts}");
}

/// A stuffed campaign makes thousands of groups (a point, a reason and a day each): the queue
/// shows a hundred to a page, the largest first, and keeps its filter from page to page.
#[tokio::test]
async fn the_queue_shows_a_hundred_groups_to_a_page() {
    let t = TestApp::with_pks05_campaign().await;
    let campaign = t.app.campaign(CAMPAIGN).await.unwrap().id;
    let points = t.app.store().campaign_points(campaign).await.unwrap();
    // An answer sent the moment its form opened at each of 130 points, three at the last one:
    // 130 groups "too fast", the last point's the largest.
    let last = points[129].code.to_string();
    let codes = points.iter().take(130).map(|p| p.code.to_string()).chain([last.clone(), last.clone()]);
    for (i, code) in codes.enumerate() {
        let token = t.token_of(&code).await;
        let mut phone = Phone::new(address(198, 18, (i / 200) as u8, (i % 200) as u8 + 1));
        let form = phone.open(&t, &token).await;
        assert_eq!(phone.send(&t, &token, &form, &varied(i)).await.status, StatusCode::SEE_OTHER);
    }
    t.add_staff("tochuc", Role::Organiser, Some("24")).await;
    let organiser = t.staff_session("tochuc").await;

    let first = queue(&t, &organiser, "?reason=too_fast").await;
    let rows = |page: &str| page.matches("<tr data-group=").count();
    assert_eq!(rows(&first), 100, "a hundred groups to a page");
    assert!(first.contains("Nhóm 1–100 trên tổng số 130 nhóm"), "the page says which");
    let largest = format!("<tr data-group=\"{last}/too_fast/2024-07-10/pending\">");
    assert_eq!(first.find(&largest), first.find("<tr data-group="), "the largest group first");
    assert!(first.contains("href=\"?state=pending&#38;reason=too_fast&#38;page=1\""), "the next page keeps the filter");
    assert!(!first.contains("Trang trước"));
    let second = queue(&t, &organiser, "?state=pending&reason=too_fast&page=1").await;
    assert_eq!(rows(&second), 30);
    assert!(second.contains("Nhóm 101–130 trên tổng số 130 nhóm") && second.contains("page=0"));
    assert!(!second.contains("Trang sau"));
    let past_the_end = queue(&t, &organiser, &format!("?reason=too_fast&page={}", usize::MAX)).await;
    assert_eq!(rows(&past_the_end), 30, "past the end: the last page");

    // A decision on the second page comes back to the second page of the same list; a position
    // that is not one is left out of the way back.
    let key = |at: usize| second[at + 16..].split('"').next().unwrap().to_owned();
    let fields = group_fields(&second, &key(second.find("<tr data-group=\"").unwrap())).unwrap();
    let list = "state%3Dpending%26reason%3Dtoo_fast%26page%3D1";
    let (status, back) = decide(&t, &organiser, &format!("{fields}&list={list}&action=accept")).await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    assert_eq!(back, "/admin/campaigns/pks05-2024/review?state=pending&reason=too_fast&page=1&done=decided&n=1");
    let fields = group_fields(&second, &key(second.rfind("<tr data-group=\"").unwrap())).unwrap();
    let (_, back) = decide(&t, &organiser, &format!("{fields}&list=https%3A%2F%2Fexample.com&action=accept")).await;
    assert_eq!(back, "/admin/campaigns/pks05-2024/review?done=decided&n=1", "not a position: left out");
}
