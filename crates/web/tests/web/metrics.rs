//! `/metrics`: Prometheus text, behind a bearer token.

use axum::http::StatusCode;
use testkit::TestApp;

use crate::PKS05_ANSWERS;

const TOKEN: &str = "prometheus-scrape-token-0123";

#[tokio::test]
async fn metrics_need_the_token_and_count_requests_and_answers() {
    let t = TestApp::with_config(|c| c.metrics_token = Some(TOKEN.into())).await;
    t.import_bac_giang().await;
    t.create_campaign(
        "pks05-2024",
        "PKS05",
        jiff::civil::Date::constant(2024, 7, 10),
        jiff::civil::Date::constant(2024, 7, 12),
    )
    .await;
    let (token, form) = t.open_form("07432").await;
    t.post_form(&format!("/q/{token}"), format!("_t={form}&{PKS05_ANSWERS}")).await;
    t.post_form(&format!("/q/{token}"), format!("_t={form}&{PKS05_ANSWERS}")).await;

    assert_eq!(t.get("/metrics").await.status, StatusCode::UNAUTHORIZED);
    assert_eq!(
        t.get_with("/metrics", &[("authorization", "Bearer wrong-token-but-long")]).await.status,
        StatusCode::UNAUTHORIZED
    );
    let scrape = t.get_with("/metrics", &[("authorization", &format!("Bearer {TOKEN}"))]).await;
    assert_eq!(scrape.status, StatusCode::OK);
    let text = scrape.text();
    assert!(text.contains("hailong_responses_total{outcome=\"stored\"} 1"), "{text}");
    assert!(text.contains("hailong_responses_total{outcome=\"duplicate\"} 1"), "{text}");
    assert!(text.contains("hailong_http_requests_total{route=\"/q/{token}\",status=\"3xx\"} 2"), "{text}");
    assert!(!text.contains(&token), "QR tokens never appear in labels");
    assert!(text.contains("hailong_ingest_commits_total"));
}

#[tokio::test]
async fn without_a_token_there_are_no_metrics() {
    let t = TestApp::new().await;
    assert_eq!(t.get("/metrics").await.status, StatusCode::NOT_FOUND);
}
