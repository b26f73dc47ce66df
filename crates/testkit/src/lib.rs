//! `TestApp`: the real router and configuration on a fresh database — SQLite in a temporary
//! folder, or a PostgreSQL schema when `HAILONG_TEST_DATABASE_URL` is set — with a clock the
//! test controls. Requests go through the router in-process (no sockets, no sleeps); helpers
//! read what a browser would. `TestApp::serve` puts the same app on a real socket for a browser.

mod served;

use std::net::{IpAddr, SocketAddr};
use std::sync::{Arc, Mutex};

use app::accounts::NewAccount;
use app::campaigns::{CampaignSpec, PointScope, WindowSpec};
use app::{App, Clock, Config};
use axum::Router;
use axum::body::Body;
use axum::extract::ConnectInfo;
use axum::http::{HeaderMap, Method, Request, StatusCode, header};
use bytes::Bytes;
use domain::accounts::Role;
use domain::units::UnitCode;
use domain::units::import::ImportOptions;
use jiff::civil::Date;
use jiff::{SignedDuration, Timestamp};
use store::test_database::TestDatabase;
use tower::ServiceExt;

pub use served::ServedApp;

/// The Bắc Giang 2024 unit list, as the demo uses it.
pub const BAC_GIANG: &[u8] = include_bytes!("../../../data/units/bac-giang-2024.csv");

/// 09:00 on 10 July 2024 in Vietnam: the first morning of the PKS05 2024 campaign.
pub fn campaign_morning() -> Timestamp {
    "2024-07-10T02:00:00Z".parse().expect("a valid instant")
}

#[derive(Debug)]
pub struct TestApp {
    pub app: App,
    router: Router,
    now: Arc<Mutex<Timestamp>>,
    config: Config,
    /// Shared by every instance started on the same database; dropped (and removed) last.
    database: Arc<TestDatabase>,
    /// The data folder (export files), shared by every instance as a mounted folder would be.
    files: Arc<tempfile::TempDir>,
}

impl TestApp {
    /// An empty deployment: migrated database, shipped instruments, no units.
    pub async fn new() -> TestApp {
        TestApp::with_config(|_| {}).await
    }

    pub async fn with_config(adjust: impl FnOnce(&mut Config)) -> TestApp {
        let database = Arc::new(TestDatabase::from_env().await);
        let files = Arc::new(tempfile::tempdir().expect("a temporary data folder"));
        let mut config = Config {
            database_url: database.url().to_config_string(),
            public_url: Some("https://khaosat.example.vn".into()),
            data_dir: Some(files.path().to_path_buf()),
            ..Config::default()
        };
        adjust(&mut config);
        TestApp::start(config, Arc::new(Mutex::new(campaign_morning())), database, files).await
    }

    async fn start(
        config: Config,
        now: Arc<Mutex<Timestamp>>,
        database: Arc<TestDatabase>,
        files: Arc<tempfile::TempDir>,
    ) -> TestApp {
        let clock_now = now.clone();
        let clock = Clock::new(move || *clock_now.lock().expect("clock lock"));
        let app = App::start(config.clone(), clock).await.expect("the app starts");
        let router = web::router(app.clone());
        TestApp { app, router, now, config, database, files }
    }

    /// Another server instance on the same database, with its own caches and writer, as a
    /// second machine behind the load balancer would be. It shares this one's clock.
    pub async fn another_instance(&self) -> TestApp {
        TestApp::start(self.config.clone(), self.now.clone(), self.database.clone(), self.files.clone()).await
    }

    /// `sqlite` or `postgres`.
    pub fn backend(&self) -> &'static str {
        self.database.backend()
    }

    /// Bắc Giang's units and an open PKS05 campaign over every point, 10–12 July 2024.
    pub async fn with_pks05_campaign() -> TestApp {
        let t = TestApp::new().await;
        t.import_bac_giang().await;
        t.create_campaign("pks05-2024", "PKS05", Date::constant(2024, 7, 10), Date::constant(2024, 7, 12)).await;
        t
    }

    pub async fn import_bac_giang(&self) {
        self.app.import_units(BAC_GIANG, ImportOptions::default(), false).await.expect("the Bắc Giang list imports");
    }

    pub async fn create_campaign(&self, code: &str, instrument: &str, first: Date, last: Date) {
        self.app
            .create_campaign(CampaignSpec {
                code: code.into(),
                name: format!("Đợt {code}"),
                instrument: instrument.into(),
                window: WindowSpec::Days { first, last },
                scope: PointScope::Subtrees(vec![UnitCode::parse("24").expect("a code")]),
                exclude: vec![],
                open: true,
                quota: domain::quota::QuotaRule::default(),
            })
            .await
            .expect("the campaign is created");
    }

    pub fn now(&self) -> Timestamp {
        *self.now.lock().expect("clock lock")
    }

    /// Moves the clock; short-lived caches are dropped so the new time shows at once.
    pub fn set_now(&self, at: Timestamp) {
        *self.now.lock().expect("clock lock") = at;
        self.app.forget_cached_lookups();
    }

    pub fn advance(&self, by: SignedDuration) {
        let now = self.now();
        self.set_now(now + by);
    }

    /// The id of the unit with `code` today, as staff URLs (`/admin/units/{id}`) carry it.
    pub async fn unit_id(&self, code: &str) -> i64 {
        self.app
            .store()
            .unit_by_code(&UnitCode::parse(code).expect("a code"), domain::time::local_day(self.now()))
            .await
            .expect("the store answers")
            .unwrap_or_else(|| panic!("no unit {code}"))
            .id
    }

    /// The current QR token of the service point with `code`.
    pub async fn token_of(&self, code: &str) -> String {
        let unit = self.unit_id(code).await;
        let tokens = self.app.store().current_tokens(vec![unit]).await.expect("the store answers");
        tokens.into_iter().next().unwrap_or_else(|| panic!("unit {code} has no QR token")).1
    }

    pub async fn request(&self, request: Request<Body>) -> TestResponse {
        let response = self.router.clone().oneshot(request).await.expect("the router answers");
        let status = response.status();
        let headers = response.headers().clone();
        let body = axum::body::to_bytes(response.into_body(), usize::MAX).await.expect("the body is read");
        TestResponse { status, headers, body }
    }

    pub async fn get(&self, path: &str) -> TestResponse {
        self.get_with(path, &[]).await
    }

    pub async fn get_with(&self, path: &str, headers: &[(&str, &str)]) -> TestResponse {
        let mut request = Request::builder().method(Method::GET).uri(path);
        for (name, value) in headers {
            request = request.header(*name, *value);
        }
        self.request(request.body(Body::empty()).expect("a request")).await
    }

    /// Posts an HTML form body (already URL-encoded).
    pub async fn post_form(&self, path: &str, body: impl Into<Bytes>) -> TestResponse {
        self.post_form_with(path, body, &[]).await
    }

    pub async fn post_form_with(&self, path: &str, body: impl Into<Bytes>, headers: &[(&str, &str)]) -> TestResponse {
        self.request(form_request(path, body.into(), headers)).await
    }

    /// Posts an HTML form body over a connection from `peer`: the address the server sees, a
    /// reverse proxy's when `peer` is one of the configuration's `trusted_proxies`.
    pub async fn post_form_from(
        &self,
        peer: IpAddr,
        path: &str,
        body: impl Into<Bytes>,
        headers: &[(&str, &str)],
    ) -> TestResponse {
        let mut request = form_request(path, body.into(), headers);
        request.extensions_mut().insert(ConnectInfo(SocketAddr::new(peer, 50_000)));
        self.request(request).await
    }

    /// Opens the survey of point `code` and returns its form token, as a phone would.
    pub async fn open_form(&self, code: &str) -> (String, String) {
        let token = self.token_of(code).await;
        let page = self.get(&format!("/q/{token}")).await;
        assert_eq!(page.status, StatusCode::OK, "{}", page.text());
        let form = page.form_token().expect("the form carries a token");
        (token, form)
    }

    pub async fn response_count(&self, campaign: &str) -> i64 {
        let campaign = self.app.campaign(campaign).await.expect("the campaign exists");
        self.app.store().response_count(campaign.id).await.expect("the store answers")
    }

    /// Adds a staff account with [`STAFF_PASSWORD`], seeing the subtree of `unit`.
    pub async fn add_staff(&self, username: &str, role: Role, unit: Option<&str>) {
        self.app
            .add_user(NewAccount {
                username: username.into(),
                display_name: format!("Cán bộ {username}"),
                password: STAFF_PASSWORD.into(),
                role,
                unit: unit.map(|c| UnitCode::parse(c).expect("a unit code")),
            })
            .await
            .expect("the account is added");
    }

    /// Signs in an account added by [`TestApp::add_staff`]: its session cookie and the CSRF
    /// value its forms carry.
    pub async fn staff_session(&self, username: &str) -> StaffSession {
        let cookie = self.sign_in(username, STAFF_PASSWORD).await.expect("the account signs in");
        let page = self.get_with("/account/password", &[("cookie", &cookie)]).await;
        let csrf = page.hidden("_csrf").expect("staff pages carry the session's CSRF value");
        StaffSession { cookie, csrf }
    }

    /// GET as a signed-in user.
    pub async fn get_as(&self, who: &StaffSession, path: &str) -> TestResponse {
        self.get_with(path, &[("cookie", &who.cookie)]).await
    }

    /// POST a form as a signed-in user, with the session's CSRF value added.
    pub async fn post_as(&self, who: &StaffSession, path: &str, fields: &str) -> TestResponse {
        let body =
            if fields.is_empty() { format!("_csrf={}", who.csrf) } else { format!("_csrf={}&{fields}", who.csrf) };
        self.post_form_with(path, body, &[("cookie", &who.cookie)]).await
    }

    /// POST a `multipart/form-data` form as a signed-in user, with the session's CSRF value
    /// added: text `fields` and `(field, file name, contents)` files.
    pub async fn post_multipart_as(
        &self,
        who: &StaffSession,
        path: &str,
        fields: &[(&str, &str)],
        files: &[(&str, &str, &[u8])],
    ) -> TestResponse {
        let boundary = "----hailong-test-boundary";
        let mut body = Vec::new();
        for (name, value) in [("_csrf", who.csrf.as_str())].iter().chain(fields) {
            body.extend(
                format!("--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n").bytes(),
            );
        }
        for (name, file_name, contents) in files {
            body.extend(
                format!(
                    "--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"; filename=\"{file_name}\"\r\n\
                     Content-Type: application/octet-stream\r\n\r\n"
                )
                .bytes(),
            );
            body.extend_from_slice(contents);
            body.extend(b"\r\n");
        }
        body.extend(format!("--{boundary}--\r\n").bytes());
        let request = Request::builder()
            .method(Method::POST)
            .uri(path)
            .header(header::CONTENT_TYPE, format!("multipart/form-data; boundary={boundary}"))
            .header(header::COOKIE, &who.cookie)
            .body(Body::from(body))
            .expect("a valid request");
        self.request(request).await
    }

    /// Signs in through the form, returning the `Cookie` header value of the session.
    pub async fn sign_in(&self, username: &str, password: &str) -> Option<String> {
        let page = self.get("/login").await;
        let csrf_cookie = page.cookie("hl_signin").expect("the sign-in page sets its CSRF cookie");
        let csrf = page.hidden("_csrf").expect("the sign-in form carries a CSRF value");
        let body = format!("_csrf={csrf}&next=%2Fadmin%2Fcampaigns&username={username}&password={}", encode(password));
        let response = self.post_form_with("/login", body, &[("cookie", &format!("hl_signin={csrf_cookie}"))]).await;
        response.cookie("hl_session").filter(|v| !v.is_empty()).map(|v| format!("hl_session={v}"))
    }
}

fn form_request(path: &str, body: Bytes, headers: &[(&str, &str)]) -> Request<Body> {
    let mut request = Request::builder()
        .method(Method::POST)
        .uri(path)
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded");
    for (name, value) in headers {
        request = request.header(*name, *value);
    }
    request.body(Body::from(body)).expect("a request")
}

/// The password of every account made by [`TestApp::add_staff`].
pub const STAFF_PASSWORD: &str = "mây trắng bay về núi";

/// A signed-in staff user in a test.
#[derive(Debug, Clone)]
pub struct StaffSession {
    pub cookie: String,
    pub csrf: String,
}

/// URL-encodes a form value.
pub fn encode(value: &str) -> String {
    value
        .bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => (b as char).to_string(),
            b' ' => "+".into(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

#[derive(Debug)]
pub struct TestResponse {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: Bytes,
}

impl TestResponse {
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }

    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }

    pub fn location(&self) -> Option<&str> {
        self.header("location")
    }

    /// The value of the hidden input `name`.
    pub fn hidden(&self, name: &str) -> Option<String> {
        let text = self.text();
        let marker = format!("name=\"{name}\" value=\"");
        let start = text.find(&marker)? + marker.len();
        let end = text[start..].find('"')? + start;
        Some(text[start..end].to_owned())
    }

    pub fn form_token(&self) -> Option<String> {
        self.hidden("_t")
    }

    /// The value a `Set-Cookie` header gives cookie `name`.
    pub fn cookie(&self, name: &str) -> Option<String> {
        self.headers
            .get_all("set-cookie")
            .iter()
            .filter_map(|v| v.to_str().ok())
            .filter_map(|v| v.split(';').next())
            .filter_map(|pair| pair.split_once('='))
            .find(|(k, _)| *k == name)
            .map(|(_, v)| v.to_owned())
    }
}
