//! Verified responses: an organiser turns codes on, generates a batch for a point and downloads
//! it (CSV, printable slips); a citizen answers with the code from the slip's QR and the
//! response is verified; the same code again, an unknown code and a code of another point are
//! stored but flagged; a malformed code sends the form back; a broken import stores nothing;
//! two instances racing one code verify exactly one response.

use std::sync::Arc;

use axum::http::StatusCode;
use domain::accounts::Role;
use testkit::{StaffSession, TestApp};

use crate::PKS05_ANSWERS;

const CODES: &str = "/admin/campaigns/pks05-2024/codes";

/// The campaign edit form's fields, with the verification setting.
fn edit(verification: &str) -> String {
    format!(
        "name=%C4%90%E1%BB%A3t+pks05-2024&first=2024-07-10&last=2024-07-12&tolerance_pct=50&min_forms=10\
         &busy_visitors=100&busy_min_forms=20&verification={verification}"
    )
}

/// A PKS05 campaign with codes turned on by an organiser of the province.
async fn with_codes_on() -> (TestApp, StaffSession) {
    let t = TestApp::with_pks05_campaign().await;
    t.add_staff("tochuc", Role::Organiser, Some("24")).await;
    let organiser = t.staff_session("tochuc").await;
    let saved = t.post_as(&organiser, "/admin/campaigns/pks05-2024/edit", &edit("on")).await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.text());
    (t, organiser)
}

/// Generates `count` codes for point `unit` and returns the batch id and the codes as printed.
async fn generate(t: &TestApp, organiser: &StaffSession, unit: &str, count: usize) -> (i64, Vec<String>) {
    let point = t.unit_id(unit).await;
    let page = t.post_as(organiser, &format!("{CODES}/generate"), &format!("point={point}&count={count}")).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.text());
    assert!(page.text().contains("Đã tạo lô mã"));
    let campaign = t.app.campaign("pks05-2024").await.unwrap().id;
    let batch = t.app.store().code_batches(campaign).await.unwrap()[0].batch_id;
    let codes = t.app.store().batch_codes(campaign, batch).await.unwrap();
    (batch, codes.iter().map(|c| c.code.display()).collect())
}

/// Opens the form (with `?code=` when given) and sends a complete answer with `code` typed.
async fn answer(t: &TestApp, unit: &str, code: &str) -> axum::http::StatusCode {
    let token = t.token_of(unit).await;
    let page = t.get(&format!("/q/{token}")).await;
    let form = page.form_token().unwrap();
    let body = format!("_t={form}&{PKS05_ANSWERS}&_code={}", testkit::encode(code));
    t.post_form(&format!("/q/{token}"), body).await.status
}

/// `(responses, verified, code_reused flags, code_unknown flags)` of the campaign.
async fn tally(t: &TestApp) -> (i64, i64, i64, i64) {
    let campaign = t.app.campaign("pks05-2024").await.unwrap().id;
    let store = t.app.store();
    let verified = store.code_counts(campaign).await.unwrap().iter().map(|c| c.verified).sum();
    let flags = store.flag_counts(campaign).await.unwrap();
    let reason = |r: &str| flags.by_reason.iter().find(|(k, _)| k == r).map_or(0, |(_, n)| *n);
    (store.response_count(campaign).await.unwrap(), verified, reason("code_reused"), reason("code_unknown"))
}

#[tokio::test]
async fn a_code_from_a_slip_verifies_one_response_and_only_one() {
    let t = TestApp::with_pks05_campaign().await;
    t.add_staff("tochuc", Role::Organiser, Some("24")).await;
    let organiser = t.staff_session("tochuc").await;
    let token = t.token_of("07210").await;
    let label = "Mã trên phiếu hẹn / mã hồ sơ (nếu có)";
    // Another point's form: what a QR leads to is cached for a few seconds, per point.
    let elsewhere_form = t.get(&format!("/q/{}", t.token_of("07432").await)).await.text();
    assert!(elsewhere_form.contains("name=\"_t\"") && !elsewhere_form.contains(label), "off by default");

    // Turned on from the campaign's edit form; audited.
    assert!(t.get_as(&organiser, "/admin/campaigns/pks05-2024/edit").await.text().contains("Xác thực bằng mã"));
    let saved = t.post_as(&organiser, "/admin/campaigns/pks05-2024/edit", &edit("on")).await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.text());
    let campaign = t.app.campaign("pks05-2024").await.unwrap().id;
    assert!(t.app.store().campaign_verification(campaign).await.unwrap());
    t.add_staff("quantri", Role::Admin, None).await;
    let admin = t.staff_session("quantri").await;
    assert!(
        t.get_as(&admin, "/admin/audit?action=campaign.verification").await.text().contains("bật xác thực bằng mã")
    );
    let form = t.get(&format!("/q/{token}")).await.text();
    assert!(form.contains(label) && form.contains("name=\"_code\""), "the form asks for a code");

    // A batch of three for the point, downloaded as CSV and as slips.
    let (batch, codes) = generate(&t, &organiser, "07210", 3).await;
    assert_eq!(codes.len(), 3);
    assert!(codes.iter().all(|c| c.len() == 9 && c.chars().nth(4) == Some('-')), "{codes:?}");
    let csv = t.get_as(&organiser, &format!("{CODES}/{batch}/codes.csv")).await;
    assert_eq!(csv.status, StatusCode::OK);
    assert_eq!(csv.header("content-type"), Some("text/csv; charset=utf-8"));
    let csv = csv.text();
    let lines: Vec<&str> = csv.trim_start_matches('\u{feff}').lines().collect();
    assert_eq!(lines[0], "ma_diem,ten_diem,ma_xac_thuc,duong_dan");
    assert_eq!(lines.len(), 4, "{csv}");
    let link = format!("https://khaosat.example.vn/q/{token}?code={}", codes[0]);
    assert!(lines.iter().any(|l| l.starts_with("07210,") && l.ends_with(&format!("{},{link}", codes[0]))), "{csv}");
    let pdf = t.get_as(&organiser, &format!("{CODES}/{batch}/slips.pdf")).await;
    assert_eq!(pdf.status, StatusCode::OK);
    assert_eq!(pdf.header("content-type"), Some("application/pdf"));
    // Lines joined with spaces: a long name wraps on its slip.
    let text = crate::report::page_texts(&pdf.body).join(" ").replace('\n', " ");
    let point_name = t.app.store().unit(t.unit_id("07210").await).await.unwrap().unwrap().name;
    for code in &codes {
        assert!(text.contains(code.as_str()), "the slips print {code}: {text}");
    }
    assert!(text.contains(&point_name) && text.contains("Mã đánh giá"), "{text}");

    // The slip's QR opens the form with the code filled in; sent, the response is verified.
    let page = t.get(&format!("/q/{token}?code={}", codes[0])).await;
    assert!(page.text().contains(&format!("value=\"{}\"", codes[0])), "the code is filled in");
    // Switching to English keeps it.
    let english = format!("/q/{token}?lang=en&code={}", codes[0]);
    assert!(page.text().contains(&english.replace('&', "&#38;")), "the language link carries the code");
    let page_en = t.get(&english).await;
    assert!(
        page_en.text().contains(&format!("value=\"{}\"", codes[0])) && page_en.text().contains("<html lang=\"en\">")
    );
    let body = format!("_t={}&{PKS05_ANSWERS}&_code={}", page.form_token().unwrap(), codes[0]);
    assert_eq!(t.post_form(&format!("/q/{token}"), body).await.status, StatusCode::SEE_OTHER);
    assert_eq!(tally(&t).await, (1, 1, 0, 0));
    let stored = t.app.store().responses_page(campaign, 0, 10, domain::results::View::All).await.unwrap();
    assert!(t.app.store().is_verified(stored[0].id).await.unwrap());
    let verified = t.app.store().verified_tallies(campaign).await.unwrap();
    assert_eq!(
        verified,
        t.app.store().tallies(campaign, domain::results::View::All).await.unwrap(),
        "the one response is the verified one"
    );
    let daily = t.app.store().verified_daily_counts(campaign).await.unwrap();
    assert_eq!(daily.iter().map(|d| d.n).sum::<i64>(), 1);

    // The same code again, typed in lower case with spaces: stored, not verified, flagged.
    let again = codes[0].to_lowercase().replace('-', " ");
    assert_eq!(answer(&t, "07210", &again).await, StatusCode::SEE_OTHER);
    assert_eq!(tally(&t).await, (2, 1, 1, 0));
    let stored = t.app.store().responses_page(campaign, 0, 10, domain::results::View::All).await.unwrap();
    assert!(!t.app.store().is_verified(stored[1].id).await.unwrap());
    // A code nobody issued, and a code of another point: stored, flagged as unknown.
    assert_eq!(answer(&t, "07210", "ZZZZ-ZZZZ").await, StatusCode::SEE_OTHER);
    let (_, elsewhere) = generate(&t, &organiser, "07432", 1).await;
    assert_eq!(answer(&t, "07210", &elsewhere[0]).await, StatusCode::SEE_OTHER);
    assert_eq!(tally(&t).await, (4, 1, 1, 2));
    // Without a code: stored, neither verified nor flagged for a code.
    assert_eq!(answer(&t, "07210", "").await, StatusCode::SEE_OTHER);
    assert_eq!(tally(&t).await, (5, 1, 1, 2));
    // A second code of the batch verifies the next response.
    assert_eq!(answer(&t, "07210", &codes[1]).await, StatusCode::SEE_OTHER);
    assert_eq!(tally(&t).await, (6, 2, 1, 2));
    assert_eq!(t.app.store().verified_daily_counts(campaign).await.unwrap().iter().map(|d| d.n).sum::<i64>(), 2);
    // The answers-per-day chart counts the view it shows, for the campaign and for a part of it.
    let (here, elsewhere) = (Some(t.unit_id("07210").await), Some(t.unit_id("07432").await));
    for (view, answers) in [(domain::results::View::Verified, 2), (domain::results::View::All, 6)] {
        for (focus, expected) in [(None, answers), (here, answers), (elsewhere, 0)] {
            let results = t.app.campaign_results_at("pks05-2024", focus, view).await.unwrap();
            assert_eq!(results.daily.iter().map(|(_, n)| n).sum::<i64>(), expected, "{view:?} at {focus:?}");
        }
    }

    // The verified view counts the two verified responses only, everywhere it is read.
    let store = t.app.store();
    let verified_view = domain::results::View::Verified;
    assert_eq!(store.tallies(campaign, verified_view).await.unwrap(), store.verified_tallies(campaign).await.unwrap());
    assert_eq!(
        store.tallies(campaign, verified_view).await.unwrap(),
        store.recount_view(campaign, verified_view).await.unwrap(),
        "verified tallies equal a recount of the verified responses on {}",
        t.backend()
    );
    let api = t.get_as(&organiser, "/api/v1/campaigns/pks05-2024/results?view=verified").await;
    let json: serde_json::Value = serde_json::from_slice(&api.body).unwrap();
    assert_eq!((json["view"].as_str(), json["responses"].as_i64()), (Some("verified"), Some(2)), "{json}");
    let all = t.get_as(&organiser, "/api/v1/campaigns/pks05-2024/results?view=all").await;
    assert_eq!(serde_json::from_slice::<serde_json::Value>(&all.body).unwrap()["responses"], 6);
    let results = t.get_as(&organiser, "/admin/campaigns/pks05-2024?view=verified").await.text();
    assert!(results.contains("<strong aria-current=\"true\">Phiếu đã xác thực</strong>"), "{results}");
    let csv = t.get_as(&organiser, "/admin/campaigns/pks05-2024/responses.csv?view=verified").await;
    assert_eq!(csv.status, StatusCode::OK);
    assert_eq!(csv.text().lines().count(), 3, "a header and the two verified responses: {}", csv.text());

    // The codes page counts per point.
    let page = t.get_as(&organiser, CODES).await.text();
    assert!(page.contains(&format!("{point_name} (07210)</td><td class=\"num\">3</td><td class=\"num\">2</td><td class=\"num\">2</td><td class=\"num\">3</td>")), "{page}");
    let audit = t.get_as(&admin, "/admin/audit?action=codes.").await.text();
    assert!(audit.contains("codes.generate") && audit.contains("codes.download"), "{audit}");
}

#[tokio::test]
async fn a_malformed_code_sends_the_form_back_with_the_answers_kept() {
    let (t, _) = with_codes_on().await;
    let token = t.token_of("07432").await;
    for typed in ["AB1", "<script>", "mã-số-1", &"A".repeat(41)] {
        let form = t.get(&format!("/q/{token}")).await.form_token().unwrap();
        let body = format!("_t={form}&{PKS05_ANSWERS}&_code={}", testkit::encode(typed));
        let page = t.post_form(&format!("/q/{token}"), body).await;
        assert_eq!(page.status, StatusCode::UNPROCESSABLE_ENTITY, "{typed}");
        let html = page.text();
        assert!(html.contains("Mã này không đúng dạng"), "{typed}: {html}");
        assert!(html.contains("href=\"#q-ma-xac-thuc\""), "the summary links the field");
        assert!(html.contains(&format!("value=\"{}\"", crate::escaped(typed))), "what was typed is kept, escaped");
        assert!(html.contains("name=\"c1\" value=\"5\" checked"), "the answers are kept");
        assert!(!html.contains("<script>"));
    }
    assert_eq!(t.response_count("pks05-2024").await, 0, "nothing stored");
    // In English the message is English.
    let form = t.get(&format!("/q/{token}?lang=en")).await.form_token().unwrap();
    let body = format!("_t={form}&_lang=en&{PKS05_ANSWERS}&_code=AB1");
    let page = t.post_form(&format!("/q/{token}"), body).await.text();
    assert!(page.contains("This code is not in the right form") && page.contains("too short"), "{page}");
}

#[tokio::test]
async fn a_broken_import_stores_nothing_and_lists_every_problem() {
    let (t, organiser) = with_codes_on().await;
    let campaign = t.app.campaign("pks05-2024").await.unwrap().id;
    let long = "9".repeat(41);
    let broken = format!(
        "Mã điểm;Mã hồ sơ\n07210;000.00.31.H10-240710-0001\n99999;H10-0002\n07210;\n07210;{long}\n\
         07432;000.00.31.h10 240710 0001\n07432;H10/0005\n"
    );
    let page = t
        .post_multipart_as(&organiser, &format!("{CODES}/import"), &[], &[("file", "ho-so.csv", broken.as_bytes())])
        .await;
    assert_eq!(page.status, StatusCode::UNPROCESSABLE_ENTITY);
    let html = page.text();
    assert!(html.contains("Tệp có lỗi nên chưa lưu mã nào"), "{html}");
    for (line, problem) in [
        (3, "mã điểm &#34;99999&#34; không thuộc đợt khảo sát"),
        (4, "mã trống"),
        (5, "mã dài quá 40 ký tự"),
        (6, "trùng với dòng 2"),
    ] {
        assert!(html.contains(&format!("<td class=\"num\">{line}</td><td>")), "line {line}: {html}");
        assert!(html.contains(problem), "{problem}: {html}");
    }
    assert!(t.app.store().code_batches(campaign).await.unwrap().is_empty(), "nothing stored");

    // A good file is stored as one batch, and a dossier code then verifies an answer however it
    // is typed.
    let good = "Mã điểm,Mã hồ sơ\n07210,000.00.31.H10-240710-0001\n07432,H10/0005\n";
    let page = t
        .post_multipart_as(&organiser, &format!("{CODES}/import"), &[], &[("file", "ho-so.csv", good.as_bytes())])
        .await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.text());
    assert!(page.text().contains("Đã nhập lô mã"));
    // The same file again: every code is already there.
    let page = t
        .post_multipart_as(&organiser, &format!("{CODES}/import"), &[], &[("file", "ho-so.csv", good.as_bytes())])
        .await;
    assert_eq!(page.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(page.text().contains("đã có trong đợt khảo sát"));
    assert_eq!(t.app.store().code_batches(campaign).await.unwrap().len(), 2, "one batch, two points");
    assert_eq!(answer(&t, "07210", "000.00.31.h10 240710 0001").await, StatusCode::SEE_OTHER);
    assert_eq!(tally(&t).await, (1, 1, 0, 0));
}

#[tokio::test]
async fn codes_pages_check_the_role_and_the_form_value() {
    let (t, organiser) = with_codes_on().await;
    let point = t.unit_id("07210").await;
    for (role, name) in [(Role::Manager, "lanhdao"), (Role::Clerk, "nhaplieu"), (Role::Viewer, "nguoixem")] {
        t.add_staff(name, role, Some("24")).await;
        let who = t.staff_session(name).await;
        assert_eq!(t.get_as(&who, CODES).await.status, StatusCode::FORBIDDEN, "{role:?}");
        let refused = t.post_as(&who, &format!("{CODES}/generate"), &format!("point={point}&count=5")).await;
        assert_eq!(refused.status, StatusCode::FORBIDDEN, "{role:?}");
        assert!(refused.text().contains("Không có quyền"));
    }
    // The organiser's own form without its CSRF value, or with another, changes nothing.
    for csrf in ["", "_csrf=x&"] {
        let body = format!("{csrf}point={point}&count=5");
        let refused = t.post_form_with(&format!("{CODES}/generate"), body, &[("cookie", &organiser.cookie)]).await;
        assert_eq!(refused.status, StatusCode::FORBIDDEN);
        let body = format!(
            "{csrf}name=X&first=2024-07-10&last=2024-07-12&tolerance_pct=50&min_forms=10&busy_visitors=100&busy_min_forms=20&verification=off"
        );
        let refused =
            t.post_form_with("/admin/campaigns/pks05-2024/edit", body, &[("cookie", &organiser.cookie)]).await;
        assert_eq!(refused.status, StatusCode::FORBIDDEN);
    }
    let campaign = t.app.campaign("pks05-2024").await.unwrap().id;
    assert!(t.app.store().code_batches(campaign).await.unwrap().is_empty());
    assert!(t.app.store().campaign_verification(campaign).await.unwrap(), "still on");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn two_instances_racing_one_code_verify_exactly_one_response() {
    let (a, organiser) = with_codes_on().await;
    let (_, codes) = generate(&a, &organiser, "07210", 1).await;
    let a = Arc::new(a);
    let b = Arc::new(a.another_instance().await);
    let token = a.token_of("07210").await;
    let mut forms = Vec::new();
    for i in 0..12 {
        let opener = if i % 2 == 0 { &a } else { &b };
        forms.push(opener.get(&format!("/q/{token}?code={}", codes[0])).await.form_token().unwrap());
    }
    let tasks: Vec<_> = forms
        .into_iter()
        .enumerate()
        .map(|(i, form)| {
            let instance = if i % 2 == 0 { b.clone() } else { a.clone() };
            let (token, code) = (token.clone(), codes[0].clone());
            tokio::spawn(async move {
                instance
                    .post_form(&format!("/q/{token}"), format!("_t={form}&{PKS05_ANSWERS}&_code={code}"))
                    .await
                    .status
            })
        })
        .collect();
    for task in tasks {
        assert_eq!(task.await.unwrap(), StatusCode::SEE_OTHER, "every answer is stored");
    }
    assert_eq!(tally(&a).await, (12, 1, 11, 0), "exactly one verified ({})", a.backend());
    let campaign = a.app.campaign("pks05-2024").await.unwrap().id;
    let verified = a.app.store().verified_tallies(campaign).await.unwrap();
    assert_eq!(verified.iter().filter(|r| r.item == "c1").map(|r| r.n).sum::<i64>(), 1);
}
