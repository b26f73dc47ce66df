//! Several `hailong serve` instances on one database: nothing that must be shared lives in
//! one process. Run with `HAILONG_TEST_DATABASE_URL` this is the PostgreSQL deployment.

use std::sync::Arc;

use app::accounts::NewAccount;
use axum::http::StatusCode;
use domain::accounts::Role;
use testkit::TestApp;

use crate::PKS05_ANSWERS;

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_form_from_one_instance_is_answered_on_the_other() {
    let a = TestApp::with_pks05_campaign().await;
    let b = a.another_instance().await;
    let (token, form) = a.open_form("07432").await;
    let response = b.post_form(&format!("/q/{token}"), format!("_t={form}&{PKS05_ANSWERS}")).await;
    assert_eq!(response.status, StatusCode::SEE_OTHER, "{}", a.backend());
    // A retry that the load balancer sends to the first instance counts once.
    let retry = a.post_form(&format!("/q/{token}"), format!("_t={form}&{PKS05_ANSWERS}")).await;
    assert_eq!(retry.status, StatusCode::SEE_OTHER);
    assert_eq!(a.response_count("pks05-2024").await, 1);
    assert_eq!(b.response_count("pks05-2024").await, 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn totals_stay_exact_under_load_on_both_instances() {
    let a = Arc::new(TestApp::with_pks05_campaign().await);
    let b = Arc::new(a.another_instance().await);
    let points = ["24", "213", "07210", "07432", "219", "07213"];
    let mut forms = Vec::new();
    for i in 0..300 {
        let opener = if i % 2 == 0 { &a } else { &b };
        forms.push(opener.open_form(points[i % points.len()]).await);
    }
    let mut tasks = Vec::new();
    for (i, (token, form)) in forms.into_iter().enumerate() {
        // Each answer goes to the other instance than its form; every third is sent twice.
        let (first, second) = if i % 2 == 0 { (b.clone(), a.clone()) } else { (a.clone(), b.clone()) };
        tasks.push(tokio::spawn(async move {
            let body = format!("_t={form}&{PKS05_ANSWERS}");
            let mut statuses = vec![first.post_form(&format!("/q/{token}"), body.clone()).await.status];
            if i % 3 == 0 {
                statuses.push(second.post_form(&format!("/q/{token}"), body).await.status);
            }
            statuses
        }));
    }
    for task in tasks {
        assert!(task.await.unwrap().iter().all(|s| *s == StatusCode::SEE_OTHER));
    }
    assert_eq!(a.response_count("pks05-2024").await, 300, "{}", a.backend());
    let campaign = a.app.campaign("pks05-2024").await.unwrap();
    let tallies = a.app.store().tallies(campaign.id, domain::results::View::All).await.unwrap();
    assert_eq!(tallies, b.app.store().recount(campaign.id).await.unwrap(), "tallies equal a recount");
    assert_eq!(tallies.iter().filter(|t| t.item == "c1").map(|t| t.n).sum::<i64>(), 300);
    let results = b.app.campaign_results("pks05-2024").await.unwrap();
    assert_eq!(results.responses, 300);
}

#[tokio::test]
async fn a_session_started_on_one_instance_works_on_the_other() {
    let a = TestApp::with_pks05_campaign().await;
    let b = a.another_instance().await;
    let password = "một mật khẩu đủ dài";
    a.app
        .add_user(NewAccount {
            username: "tochuc".into(),
            display_name: "Tổ chức".into(),
            password: password.into(),
            role: Role::Admin,
            unit: None,
        })
        .await
        .unwrap();
    let cookie = a.sign_in("tochuc", password).await.unwrap();
    let page = b.get_with("/admin/campaigns", &[("cookie", &cookie)]).await;
    assert_eq!(page.status, StatusCode::OK);
    let csrf = page.hidden("_csrf").unwrap();
    assert_eq!(
        b.post_form_with("/logout", format!("_csrf={csrf}"), &[("cookie", &cookie)]).await.status,
        StatusCode::SEE_OTHER
    );
    assert_eq!(
        a.get_with("/admin/campaigns", &[("cookie", &cookie)]).await.status,
        StatusCode::SEE_OTHER,
        "signed out everywhere"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_periodic_job_runs_once_whichever_instance_claims_it() {
    let a = TestApp::with_pks05_campaign().await;
    let b = a.another_instance().await;
    // Both instances wake up in the same hour and both try to schedule and run the job.
    let (sa, sb) = tokio::join!(a.app.schedule_periodic_jobs(), b.app.schedule_periodic_jobs());
    sa.unwrap();
    sb.unwrap();
    let (ra, rb) = tokio::join!(a.app.run_due_jobs("instance-a"), b.app.run_due_jobs("instance-b"));
    assert_eq!(ra.unwrap() + rb.unwrap(), 2, "two periodic jobs, each run once ({})", a.backend());
    let mut jobs = a.app.store().recent_jobs(10).await.unwrap();
    jobs.sort_by(|x, y| x.kind.cmp(&y.kind));
    assert_eq!(jobs.iter().map(|j| j.kind.as_str()).collect::<Vec<_>>(), ["detect_anomalies", "purge_sessions"]);
    assert!(jobs.iter().all(|j| j.status == app::store::JobStatus::Done && j.attempts == 1));
    assert!(jobs[1].result.as_deref().unwrap_or_default().contains("expired sessions,"));
    assert!(jobs[0].result.as_deref().unwrap_or_default().contains("flags written"));
    // The next hour brings the next of each.
    a.advance(jiff::SignedDuration::from_hours(1));
    b.app.schedule_periodic_jobs().await.unwrap();
    assert_eq!(a.app.run_due_jobs("instance-a").await.unwrap(), 2);
}
