//! Many citizens at once: every thanked answer is stored exactly once and counted.

use std::sync::Arc;

use axum::http::StatusCode;
use testkit::TestApp;

use crate::PKS05_ANSWERS;

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn two_hundred_concurrent_submissions_are_each_stored_once() {
    let t = Arc::new(TestApp::with_pks05_campaign().await);
    let points = ["24", "213", "07210", "07432", "219"];
    let mut forms = Vec::new();
    for i in 0..200 {
        forms.push(t.open_form(points[i % points.len()]).await);
    }
    let mut tasks = Vec::new();
    for (i, (token, form)) in forms.into_iter().enumerate() {
        let t = t.clone();
        tasks.push(tokio::spawn(async move {
            let level = i % 5 + 1;
            let body = format!("_t={form}&c1={level}&c2={level}&c3={level}&c4={level}&chung={level}");
            // Every fourth citizen taps twice.
            let times = if i % 4 == 0 { 2 } else { 1 };
            let mut statuses = Vec::new();
            for _ in 0..times {
                statuses.push(t.post_form(&format!("/q/{token}"), body.clone()).await.status);
            }
            statuses
        }));
    }
    for task in tasks {
        for status in task.await.unwrap() {
            assert_eq!(status, StatusCode::SEE_OTHER);
        }
    }
    assert_eq!(t.response_count("pks05-2024").await, 200);
    let campaign = t.app.campaign("pks05-2024").await.unwrap();
    let tallies = t.app.store().tallies(campaign.id, domain::results::View::All).await.unwrap();
    assert_eq!(tallies, t.app.store().recount(campaign.id).await.unwrap(), "tallies equal a recount");
    let counted: i64 = tallies.iter().filter(|r| r.item == "c1").map(|r| r.n).sum();
    assert_eq!(counted, 200);
    let _ = PKS05_ANSWERS;
}
