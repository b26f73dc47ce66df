//! The access matrix: every staff route × every role × a unit (or campaign, or kiosk) inside and
//! outside the user's subtree. Scoped users are placed at Thành phố Bắc Giang (213); "inside" is a
//! commune of theirs (07210), "outside" one of Huyện Lạng Giang (07432).

use app::campaigns::{CampaignSpec, PointScope, WindowSpec};
use axum::http::StatusCode;
use domain::accounts::Role;
use domain::units::UnitCode;
use jiff::civil::Date;
use testkit::{StaffSession, TestApp};

/// How a request went, as the matrix states it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Outcome {
    /// 200, or a 303 back to a staff page after a change.
    Allowed,
    Refused,
}

use Outcome::{Allowed, Refused};

#[derive(Debug, Clone, Copy)]
enum Method {
    Get,
    Post(&'static str),
}

/// One request of the matrix: which route it exercises, and on what.
struct Case {
    route: &'static str,
    method: Method,
    /// `{unit}` and `{campaign}` are filled with an inside or an outside one.
    path: &'static str,
    /// Whether the target is inside a scoped user's subtree, or there is no target.
    target: Target,
    /// Who may: for each role in `Role::ALL` order, when the target is inside the scope.
    allowed: [Outcome; 5],
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Target {
    None,
    Inside,
    Outside,
}

const ALL: [Outcome; 5] = [Allowed; 5];
const ADMIN: [Outcome; 5] = [Allowed, Refused, Refused, Refused, Refused];
const ORGANISERS: [Outcome; 5] = [Allowed, Allowed, Refused, Refused, Refused];
/// Who enters field data: admin, organiser and clerk.
const ENTRY: [Outcome; 5] = [Allowed, Allowed, Refused, Allowed, Refused];
/// Admin, organiser, manager, viewer; not the clerk.
const READERS: [Outcome; 5] = [Allowed, Allowed, Allowed, Refused, Allowed];

fn cases() -> Vec<Case> {
    use Method::{Get, Post};
    use Target::{Inside, None, Outside};
    let both = |route, method, path, allowed| {
        [Case { route, method, path, target: Inside, allowed }, Case { route, method, path, target: Outside, allowed }]
    };
    let mut cases = vec![
        Case { route: "/admin", method: Get, path: "/admin", target: None, allowed: ALL },
        Case { route: "/admin/campaigns", method: Get, path: "/admin/campaigns", target: None, allowed: READERS },
        Case { route: "/admin/units", method: Get, path: "/admin/units?q=xa", target: None, allowed: ALL },
        Case {
            route: "/admin/units/import",
            method: Get,
            path: "/admin/units/import",
            target: None,
            allowed: ORGANISERS,
        },
        Case { route: "/admin/accounts", method: Get, path: "/admin/accounts", target: None, allowed: ADMIN },
        Case {
            route: "/admin/accounts/{username}",
            method: Post("action=enable"),
            path: "/admin/accounts/bi-khoa",
            target: None,
            allowed: ADMIN,
        },
        Case { route: "/admin/audit", method: Get, path: "/admin/audit", target: None, allowed: ADMIN },
        Case { route: "/admin/instruments", method: Get, path: "/admin/instruments", target: None, allowed: ALL },
        Case {
            route: "/admin/instruments/import",
            method: Get,
            path: "/admin/instruments/import?from=PKS05@1",
            target: None,
            allowed: ADMIN,
        },
        Case {
            route: "/admin/instruments/{key}",
            method: Get,
            path: "/admin/instruments/SIPAS-MC@1",
            target: None,
            allowed: ALL,
        },
        Case {
            route: "/admin/instruments/{key}/preview",
            method: Get,
            path: "/admin/instruments/MC-11@1/preview?lang=en",
            target: None,
            allowed: ALL,
        },
        Case { route: "/account/password", method: Get, path: "/account/password", target: None, allowed: ALL },
    ];
    cases.push(Case {
        route: "/admin/campaigns/new",
        method: Get,
        path: "/admin/campaigns/new",
        target: None,
        allowed: ORGANISERS,
    });
    cases.extend(both("/admin/campaigns/{code}", Get, "/admin/campaigns/{campaign}", READERS));
    cases.extend(both("/admin/campaigns/{code}/edit", Get, "/admin/campaigns/{campaign}/edit", ORGANISERS));
    cases.extend(both("/admin/campaigns/{code}/monitor", Get, "/admin/campaigns/{campaign}/monitor", READERS));
    cases.extend(both(
        "/admin/campaigns/{code}/anomalies",
        Post(""),
        "/admin/campaigns/{campaign}/anomalies",
        ORGANISERS,
    ));
    cases.extend(both("/admin/campaigns/{code}/comments", Get, "/admin/campaigns/{campaign}/comments", READERS));
    cases.extend(both("/admin/campaigns/{code}/recognition", Get, "/admin/campaigns/{campaign}/recognition", READERS));
    cases.extend(both("/admin/campaigns/{code}/report.pdf", Get, "/admin/campaigns/{campaign}/report.pdf", READERS));
    cases.extend(both("/admin/campaigns/{code}/review", Get, "/admin/campaigns/{campaign}/review", ORGANISERS));
    // A group the campaign does not have: past the door it is refused as bad input (400).
    cases.extend(both(
        "/admin/campaigns/{code}/review",
        Post("point=999999&reason=point_burst&day=2024-08-05&state=pending&responses=1&last=1&action=accept"),
        "/admin/campaigns/{campaign}/review",
        ORGANISERS,
    ));
    cases.extend(both(
        "/admin/campaigns/{code}/posters.pdf",
        Get,
        "/admin/campaigns/{campaign}/posters.pdf?only=list",
        ALL,
    ));
    cases.extend(both("/admin/campaigns/{code}/qr.zip", Get, "/admin/campaigns/{campaign}/qr.zip", ALL));
    cases.extend(both("/api/v1/campaigns/{code}/results", Get, "/api/v1/campaigns/{campaign}/results", READERS));
    cases.extend(both(
        "/admin/campaigns/{code}/breakdown",
        Get,
        "/admin/campaigns/{campaign}/breakdown?by=day",
        READERS,
    ));
    cases.extend(both(
        "/api/v1/campaigns/{code}/breakdown",
        Get,
        "/api/v1/campaigns/{campaign}/breakdown?by=channel",
        READERS,
    ));
    cases.extend(both(
        "/admin/campaigns/{code}/responses.csv",
        Get,
        "/admin/campaigns/{campaign}/responses.csv",
        ORGANISERS,
    ));
    cases.extend(both(
        "/admin/campaigns/{code}/responses.xlsx",
        Get,
        "/admin/campaigns/{campaign}/responses.xlsx",
        ORGANISERS,
    ));
    cases.extend(both(
        "/admin/campaigns/{code}/exports",
        Post("format=csv"),
        "/admin/campaigns/{campaign}/exports",
        ORGANISERS,
    ));
    cases.push(Case {
        route: "/admin/exports",
        method: Get,
        path: "/admin/exports",
        target: None,
        allowed: ORGANISERS,
    });
    // A finished export file is its requester's (the organiser's) alone, even for an admin.
    cases.extend(both(
        "/admin/exports/{id}",
        Get,
        "/admin/exports/{export}",
        [Refused, Allowed, Refused, Refused, Refused],
    ));
    cases.extend(both(
        "/admin/campaigns/{code}/results.xlsx",
        Get,
        "/admin/campaigns/{campaign}/results.xlsx",
        READERS,
    ));
    cases.extend(both(
        "/admin/campaigns/{code}/status",
        Post("status=closed"),
        "/admin/campaigns/{campaign}/status",
        ORGANISERS,
    ));
    let codes = [
        ("/admin/campaigns/{code}/codes", Get, "/admin/campaigns/{campaign}/codes"),
        ("/admin/campaigns/{code}/codes/generate", Post("count=2"), "/admin/campaigns/{campaign}/codes/generate"),
        ("/admin/campaigns/{code}/codes/import", Post(""), "/admin/campaigns/{campaign}/codes/import"),
        ("/admin/campaigns/{code}/codes/{batch}/codes.csv", Get, "/admin/campaigns/{campaign}/codes/{codes}/codes.csv"),
        ("/admin/campaigns/{code}/codes/{batch}/slips.pdf", Get, "/admin/campaigns/{campaign}/codes/{codes}/slips.pdf"),
    ];
    for (route, method, path) in codes {
        cases.extend(both(route, method, path, ORGANISERS));
    }
    let field = [
        ("/admin/campaigns/{code}/visitors", Get, "/admin/campaigns/{campaign}/visitors", ENTRY),
        ("/admin/campaigns/{code}/visitors/import", Post(""), "/admin/campaigns/{campaign}/visitors/import", ENTRY),
        ("/admin/campaigns/{code}/reports", Get, "/admin/campaigns/{campaign}/reports", ALL),
        ("/admin/campaigns/{code}/paper", Get, "/admin/campaigns/{campaign}/paper", ENTRY),
        ("/admin/campaigns/{code}/paper/import", Post(""), "/admin/campaigns/{campaign}/paper/import", ENTRY),
        ("/admin/campaigns/{code}/paper/template.csv", Get, "/admin/campaigns/{campaign}/paper/template.csv", ENTRY),
        ("/admin/campaigns/{code}/paper/checks", Get, "/admin/campaigns/{campaign}/paper/checks", ENTRY),
        ("/admin/paper/{id}", Get, "/admin/paper/{batch}", ENTRY),
        ("/admin/photos/{id}", Get, "/admin/photos/{photo}", ALL),
    ];
    for (route, method, path, allowed) in field {
        cases.extend(both(route, method, path, allowed));
    }
    cases.push(Case { route: "/admin/kiosks", method: Get, path: "/admin/kiosks", target: None, allowed: ORGANISERS });
    cases.push(Case {
        route: "/admin/kiosks",
        method: Post("point=07210&label=Qu%E1%BA%A7y+1"),
        path: "/admin/kiosks",
        target: Inside,
        allowed: ORGANISERS,
    });
    cases.push(Case {
        route: "/admin/kiosks",
        method: Post("point=07432&label=Qu%E1%BA%A7y+1"),
        path: "/admin/kiosks",
        target: Outside,
        allowed: ORGANISERS,
    });
    cases.extend(both("/admin/kiosks/{id}/revoke", Post(""), "/admin/kiosks/{kiosk}/revoke", ORGANISERS));
    cases.extend(both("/admin/units/{id}", Get, "/admin/units/{unit}", ALL));
    cases.extend(both("/admin/units/{id}/qr", Post("action=rotate"), "/admin/units/{unit}/qr", ORGANISERS));
    cases.extend(both(
        "/admin/units/{id}",
        Post("action=rename&name=T%C3%AAn+m%E1%BB%9Bi"),
        "/admin/units/{unit}",
        ORGANISERS,
    ));
    cases
}

async fn campaign_over(t: &TestApp, code: &str, root: &str, day: i8) {
    t.app
        .create_campaign(CampaignSpec {
            code: code.into(),
            name: format!("Đợt {code}"),
            instrument: "PKS05".into(),
            window: WindowSpec::Days { first: Date::constant(2024, 8, day), last: Date::constant(2024, 8, day) },
            scope: PointScope::Subtrees(vec![UnitCode::parse(root).unwrap()]),
            exclude: vec![],
            open: true,
            quota: domain::quota::QuotaRule::default(),
        })
        .await
        .unwrap();
}

/// A paper batch and a field-report photo at `point` in `campaign`: (batch id, photo id).
async fn field_records(t: &TestApp, campaign: &str, point: i64) -> (i64, i64) {
    use app::store::{NewFieldReport, NewPaperBatch, NewPhoto, PaperSource};
    let store = t.app.store();
    let campaign = t.app.campaign(campaign).await.unwrap().id;
    let clerk = store.user_by_username("quantri").await.unwrap().unwrap().id;
    let day = Date::constant(2024, 7, 10);
    let batch =
        NewPaperBatch { campaign_id: campaign, point_id: point, day, clerk_id: clerk, source: PaperSource::Keyboard };
    let batch = store.create_paper_batch(batch, t.now()).await.unwrap();
    let photo = NewPhoto { content_type: "image/png".into(), bytes: b"\x89PNG\r\n\x1a\n".to_vec() };
    let report = NewFieldReport {
        campaign_id: campaign,
        point_id: point,
        day,
        assisted: 3,
        notes: String::new(),
        filed_by: clerk,
        photos: vec![photo],
    };
    let report = store.file_field_report(report, t.now()).await.unwrap();
    let reports = store.field_reports(campaign, Some(day)).await.unwrap();
    let photo = reports.iter().find(|r| r.id == report).unwrap().photo_ids[0];
    (batch, photo)
}

/// An export of `campaign` requested by the organiser (scoped to 213), as if they had asked
/// for it: the job that writes it is queued.
async fn export_by(t: &TestApp, campaign: &str) -> i64 {
    let store = t.app.store();
    let organiser = store.user_by_username("tochuc").await.unwrap().unwrap();
    let new = app::store::NewExportFile {
        campaign_id: t.app.campaign(campaign).await.unwrap().id,
        user_id: organiser.id,
        scope_unit_id: organiser.unit_id,
        format: "csv".into(),
        rows_total: 0,
        expires_at: t.now() + jiff::SignedDuration::from_hours(24),
        view: domain::results::View::Counted,
    };
    let now = t.now();
    let job = move |id: i64| app::store::NewJob {
        kind: "write_export".into(),
        dedup_key: None,
        payload: format!("{{\"export\":{id}}}"),
        run_at: now,
    };
    store.create_export_file(new, job, now).await.unwrap()
}

/// A batch of two verification codes at `point` in `campaign`, as an organiser would make it.
async fn code_batch(t: &TestApp, campaign: &str, point: i64) -> i64 {
    let batch = app::store::NewCodeBatch {
        campaign_id: t.app.campaign(campaign).await.unwrap().id,
        kind: app::store::CodeBatchKind::Generated,
        label: "2 mã".into(),
        created_by: None,
        codes: (0..2).map(|_| (point, domain::verification::VerificationCode::generate())).collect(),
    };
    t.app.store().create_code_batch(batch, t.now()).await.unwrap()
}

fn username(role: Role) -> &'static str {
    match role {
        Role::Admin => "quantri",
        Role::Organiser => "tochuc",
        Role::Manager => "lanhdao",
        Role::Clerk => "nhaplieu",
        Role::Viewer => "nguoixem",
    }
}

#[tokio::test]
async fn every_route_checks_role_and_scope() {
    let t = TestApp::with_pks05_campaign().await;
    // Campaigns wholly inside and wholly outside Thành phố Bắc Giang.
    campaign_over(&t, "pks05-tp", "213", 5).await;
    campaign_over(&t, "pks05-lg", "217", 6).await;
    let unit_id = |code: &str| {
        let app = t.app.clone();
        let code = UnitCode::parse(code).unwrap();
        async move { app.store().unit_by_code(&code, Date::constant(2024, 7, 1)).await.unwrap().unwrap().id }
    };
    let (inside_unit, outside_unit) = (unit_id("07210").await, unit_id("07432").await);
    let now = t.now();
    let kiosk_at = |point| {
        let app = t.app.clone();
        async move {
            let admin = app.store().user_by_username("quantri").await.unwrap().unwrap();
            let kiosk = app::store::NewKiosk {
                point_id: point,
                label: "Quầy 1".into(),
                idle_seconds: 30,
                enrolment_hash: format!("matrix-{point}"),
                enrolment_expires_at: now + jiff::SignedDuration::from_hours(24),
                created_by: admin.id,
            };
            app.store().create_kiosk(kiosk, now).await.unwrap()
        }
    };

    let mut sessions: Vec<(Role, StaffSession)> = Vec::new();
    for role in Role::ALL {
        t.add_staff(username(role), role, (role != Role::Admin).then_some("213")).await;
        sessions.push((role, t.staff_session(username(role)).await));
    }
    t.add_staff("bi-khoa", Role::Viewer, Some("213")).await;
    let inside_field = field_records(&t, "pks05-tp", inside_unit).await;
    let outside_field = field_records(&t, "pks05-lg", outside_unit).await;
    let (inside_kiosk, outside_kiosk) = (kiosk_at(inside_unit).await, kiosk_at(outside_unit).await);
    let (inside_export, outside_export) = (export_by(&t, "pks05-tp").await, export_by(&t, "pks05-lg").await);
    let (inside_codes, outside_codes) =
        (code_batch(&t, "pks05-tp", inside_unit).await, code_batch(&t, "pks05-lg", outside_unit).await);
    assert_eq!(t.app.run_due_jobs("matrix").await.unwrap(), 2, "both files are written");

    let mut failures = Vec::new();
    for case in cases() {
        for (i, (role, session)) in sessions.iter().enumerate() {
            let (unit, campaign, (batch, photo), kiosk, export, codes) = match case.target {
                Target::Outside => {
                    (outside_unit, "pks05-lg", outside_field, outside_kiosk, outside_export, outside_codes)
                }
                _ => (inside_unit, "pks05-tp", inside_field, inside_kiosk, inside_export, inside_codes),
            };
            let path = case
                .path
                .replace("{unit}", &unit.to_string())
                .replace("{campaign}", campaign)
                .replace("{batch}", &batch.to_string())
                .replace("{photo}", &photo.to_string())
                .replace("{kiosk}", &kiosk.to_string())
                .replace("{export}", &export.to_string())
                .replace("{codes}", &codes.to_string());
            let response = match case.method {
                Method::Get => t.get_as(session, &path).await,
                Method::Post(fields) => t.post_as(session, &path, fields).await,
            };
            let expected = match case.target {
                Target::Outside if *role != Role::Admin => Refused,
                _ => case.allowed[i],
            };
            let got = match response.status {
                StatusCode::OK => Allowed,
                StatusCode::SEE_OTHER if !response.location().unwrap_or_default().starts_with("/login") => Allowed,
                // Past the door, judged on its content (an empty upload).
                StatusCode::BAD_REQUEST | StatusCode::UNPROCESSABLE_ENTITY => Allowed,
                StatusCode::FORBIDDEN => Refused,
                other => panic!("{role:?} {path}: unexpected {other}\n{}", response.text()),
            };
            if got != expected {
                failures.push(format!("{:?} {path} ({:?}): expected {expected:?}, got {got:?}", role, case.target));
            }
            if got == Refused {
                let says_why = if path.starts_with("/api/") { "\"error\":" } else { "Không có quyền" };
                assert!(response.text().contains(says_why), "a refusal says why: {path}");
            }
        }
    }
    assert!(failures.is_empty(), "access matrix broken:\n{}", failures.join("\n"));
}

#[test]
fn the_matrix_covers_every_staff_route() {
    let covered: std::collections::BTreeSet<&str> = cases().iter().map(|c| c.route).collect();
    let routes: std::collections::BTreeSet<&str> = hailong_web::STAFF_PATHS.iter().copied().collect();
    assert_eq!(covered, routes, "every staff route needs rows in the access matrix");
}

#[tokio::test]
async fn a_unit_manager_never_receives_a_raw_response() {
    let t = TestApp::with_pks05_campaign().await;
    let (token, form) = t.open_form("07210").await;
    let secret = "Bình luận riêng của người dân 7431";
    let body = format!("_t={form}&c1=5&c2=4&c3=4&c4=5&c5=3&chung=5&y_kien={}", testkit::encode(secret));
    assert_eq!(t.post_form(&format!("/q/{token}"), body).await.status, StatusCode::SEE_OTHER);
    t.add_staff("lanhdao", Role::Manager, Some("213")).await;
    let manager = t.staff_session("lanhdao").await;
    for path in ["/admin", "/admin/campaigns", "/admin/campaigns/pks05-2024", "/admin/units"] {
        let page = t.get_as(&manager, path).await;
        assert_eq!(page.status, StatusCode::OK, "{path}");
        assert!(!page.text().contains("7431"), "{path} shows a comment to a unit manager");
    }
}

#[tokio::test]
async fn scoped_results_count_only_the_points_inside() {
    let t = TestApp::with_pks05_campaign().await;
    for code in ["07210", "07432"] {
        let (token, form) = t.open_form(code).await;
        t.post_form(&format!("/q/{token}"), format!("_t={form}&{}", crate::PKS05_ANSWERS)).await;
    }
    t.add_staff("lanhdao", Role::Manager, Some("213")).await;
    let manager = t.staff_session("lanhdao").await;
    let page = t.get_as(&manager, "/admin/campaigns/pks05-2024").await.text();
    assert!(page.contains("Phường Hoàng Văn Thụ"));
    assert!(!page.contains("Xã Tân Dĩnh"), "a point outside the scope is listed");
    t.add_staff("quantri", Role::Admin, None).await;
    let admin = t.staff_session("quantri").await;
    let page = t.get_as(&admin, "/admin/campaigns/pks05-2024").await.text();
    assert!(page.contains("Tỉnh Bắc Giang") && page.contains("<div class=\"figure\">2</div>"));
    let manager_page = t.get_as(&manager, "/admin/campaigns/pks05-2024").await.text();
    assert!(manager_page.contains("<div class=\"figure\">1</div>"), "totals count the scope only");
}
