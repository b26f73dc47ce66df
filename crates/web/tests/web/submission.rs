//! POST /q/{token}: answers are stored once, counted, and thanked only after the commit.

use axum::http::StatusCode;
use jiff::SignedDuration;
use testkit::TestApp;

use crate::PKS05_ANSWERS;

#[tokio::test]
async fn a_complete_answer_is_stored_counted_and_thanked() {
    let t = TestApp::with_pks05_campaign().await;
    let (token, form) = t.open_form("07432").await;
    let response = t.post_form(&format!("/q/{token}"), format!("_t={form}&_lang=vi&{PKS05_ANSWERS}")).await;
    assert_eq!(response.status, StatusCode::SEE_OTHER);
    let thanks = response.location().unwrap().to_owned();
    assert_eq!(thanks, format!("/q/{token}/cam-on?lang=vi"));
    let page = t.get(&thanks).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.text().contains("Cảm ơn Ông/Bà đã dành thời gian đánh giá!"));
    assert!(page.text().contains("Xã Tân Dĩnh"));

    assert_eq!(t.response_count("pks05-2024").await, 1);
    let results = t.app.campaign_results("pks05-2024").await.unwrap();
    let point = results.points.iter().find(|p| p.point.code.as_str() == "07432").unwrap();
    assert_eq!(point.responses, 1);
    // c1 5, c2 4, c3 4, c4 5, c5 3, chung 5: five of six rating answers satisfied.
    assert_eq!((point.satisfied.numerator, point.satisfied.denominator), (5, 6));
    let stored = t.app.store().recount(results.campaign.id).await.unwrap();
    assert_eq!(stored, t.app.store().tallies(results.campaign.id, domain::results::View::All).await.unwrap());
}

#[tokio::test]
async fn a_double_tap_or_retried_post_counts_once() {
    let t = TestApp::with_pks05_campaign().await;
    let (token, form) = t.open_form("07432").await;
    let body = format!("_t={form}&{PKS05_ANSWERS}");
    for _ in 0..3 {
        let response = t.post_form(&format!("/q/{token}"), body.clone()).await;
        assert_eq!(response.status, StatusCode::SEE_OTHER, "every retry is thanked");
    }
    assert_eq!(t.response_count("pks05-2024").await, 1);
    // A second visit gets a new form token and counts again.
    let (_, second) = t.open_form("07432").await;
    t.post_form(&format!("/q/{token}"), format!("_t={second}&{PKS05_ANSWERS}")).await;
    assert_eq!(t.response_count("pks05-2024").await, 2);
}

#[tokio::test]
async fn an_incomplete_form_comes_back_with_the_answers_kept() {
    let t = TestApp::with_pks05_campaign().await;
    let (token, form) = t.open_form("07432").await;
    let response =
        t.post_form(&format!("/q/{token}"), format!("_t={form}&c1=4&c3=2&y_kien=Ch%E1%BB%9D+l%C3%A2u")).await;
    assert_eq!(response.status, StatusCode::UNPROCESSABLE_ENTITY);
    let html = response.text();
    assert!(html.contains("Xin Ông/Bà xem lại các câu hỏi sau:"));
    assert!(html.contains("href=\"#q-c2\""), "the summary links to the question");
    assert!(html.contains("Xin Ông/Bà chọn một câu trả lời cho câu hỏi này."));
    assert!(html.contains("name=\"c1\" value=\"4\" checked"), "given answers stay checked");
    assert!(html.contains("name=\"c3\" value=\"2\" checked"));
    assert!(html.contains(">Chờ lâu</textarea>"), "the comment is kept");
    assert_eq!(response.form_token().as_deref(), Some(form.as_str()), "the same form, the same token");
    assert_eq!(t.response_count("pks05-2024").await, 0);

    let done = t.post_form(&format!("/q/{token}"), format!("_t={form}&{PKS05_ANSWERS}")).await;
    assert_eq!(done.status, StatusCode::SEE_OTHER);
    assert_eq!(t.response_count("pks05-2024").await, 1);
}

#[tokio::test]
async fn english_answers_are_thanked_in_english() {
    let t = TestApp::with_pks05_campaign().await;
    let token = t.token_of("24").await;
    let form = t.get(&format!("/q/{token}?lang=en")).await.form_token().unwrap();
    let response = t.post_form(&format!("/q/{token}"), format!("_t={form}&_lang=en&{PKS05_ANSWERS}")).await;
    let thanks = t.get(response.location().unwrap()).await.text();
    assert!(thanks.contains("Thank you for your assessment!"));
    let incomplete = t.post_form(&format!("/q/{token}"), format!("_t={form}&_lang=en&c1=5")).await.text();
    assert!(incomplete.contains("Please choose an answer to this question."));
}

#[tokio::test]
async fn a_form_without_a_valid_token_is_offered_again_and_nothing_is_stored() {
    let t = TestApp::with_pks05_campaign().await;
    let token = t.token_of("07432").await;
    for body in [PKS05_ANSWERS.to_owned(), format!("_t=forged&{PKS05_ANSWERS}")] {
        let response = t.post_form(&format!("/q/{token}"), body).await;
        assert_eq!(response.status, StatusCode::BAD_REQUEST);
        let html = response.text();
        assert!(html.contains("Trang phiếu đã cũ nên chưa gửi được"), "{html}");
        assert!(html.contains("name=\"c1\" value=\"5\" checked"), "answers kept");
        assert!(response.form_token().is_some_and(|f| f.len() > 40), "a fresh form token");
    }
    assert_eq!(t.response_count("pks05-2024").await, 0);
}

#[tokio::test]
async fn an_old_form_is_offered_again_with_its_answers() {
    let t = TestApp::with_pks05_campaign().await;
    let (token, form) = t.open_form("07432").await;
    t.advance(SignedDuration::from_hours(13));
    let response = t.post_form(&format!("/q/{token}"), format!("_t={form}&{PKS05_ANSWERS}")).await;
    assert_eq!(response.status, StatusCode::BAD_REQUEST);
    assert!(response.text().contains("Phiếu đã mở quá lâu"));
    let fresh = response.form_token().unwrap();
    assert_ne!(fresh, form);
    let done = t.post_form(&format!("/q/{token}"), format!("_t={fresh}&{PKS05_ANSWERS}")).await;
    assert_eq!(done.status, StatusCode::SEE_OTHER);
    assert_eq!(t.response_count("pks05-2024").await, 1);
}

#[tokio::test]
async fn closed_and_ended_campaigns_store_nothing() {
    let t = TestApp::with_pks05_campaign().await;
    let (token, form) = t.open_form("07432").await;
    t.app.close_campaign("pks05-2024").await.unwrap();
    let response = t.post_form(&format!("/q/{token}"), format!("_t={form}&{PKS05_ANSWERS}")).await;
    assert_eq!(response.status, StatusCode::GONE);
    assert!(response.text().contains("Đợt khảo sát đã kết thúc"));
    assert_eq!(t.response_count("pks05-2024").await, 0);

    // A form opened just before the window ends is still accepted for a short while.
    let t = TestApp::with_pks05_campaign().await;
    t.set_now("2024-07-12T16:55:00Z".parse().unwrap());
    let (token, first) = t.open_form("07432").await;
    let (_, second) = t.open_form("07432").await;
    t.set_now("2024-07-12T17:10:00Z".parse().unwrap());
    let late = t.post_form(&format!("/q/{token}"), format!("_t={first}&{PKS05_ANSWERS}")).await;
    assert_eq!(late.status, StatusCode::SEE_OTHER, "{}", late.text());
    t.set_now("2024-07-12T18:00:00Z".parse().unwrap());
    let too_late = t.post_form(&format!("/q/{token}"), format!("_t={second}&{PKS05_ANSWERS}")).await;
    assert_eq!(too_late.status, StatusCode::GONE);
    // A retry of the answer stored in time is still thanked: it was recorded.
    let retry = t.post_form(&format!("/q/{token}"), format!("_t={first}&{PKS05_ANSWERS}")).await;
    assert_eq!(retry.status, StatusCode::SEE_OTHER);
    assert_eq!(t.response_count("pks05-2024").await, 1);
}
