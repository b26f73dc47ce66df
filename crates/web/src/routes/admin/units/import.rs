//! `/admin/units/import`: upload a unit CSV; "preview" checks it and shows what would change,
//! "import" writes it in one transaction. Any error is listed by line and nothing is written.

use app::units::ImportError;
use axum::extract::{FromRequest, Multipart, Request, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use domain::access::Permission;

use crate::error::{StaffError, html};
use crate::i18n;
use crate::pages::admin::ImportPage;
use crate::pages::{self, staff::PageContext};
use crate::session::StaffRequest;
use crate::state::AppState;

fn render(who: &StaffRequest, status: StatusCode, page: impl FnOnce(&mut ImportPage)) -> Response {
    let mut import = ImportPage {
        t: i18n::staff(who.lang),
        a: i18n::admin(who.lang),
        ctx: PageContext::staff(who, "units", "/admin/units/import"),
        csrf: who.staff.user().csrf_token.clone(),
        errors: Vec::new(),
        plan: None,
        written: false,
    };
    page(&mut import);
    html(status, pages::render(&import))
}

pub async fn form(who: StaffRequest) -> Response {
    match who.staff.require(Permission::ManageUnits) {
        Ok(()) => render(&who, StatusCode::OK, |_| {}),
        Err(e) => StaffError::from_app(e, who.lang).into_response(),
    }
}

pub async fn submit(State(state): State<AppState>, who: StaffRequest, request: Request) -> Response {
    let invalid = |m: &str| StaffError::Invalid(m.to_owned(), who.lang).into_response();
    let Ok(mut multipart) = Multipart::from_request(request, &state).await else {
        return invalid("cần gửi tệp dạng multipart/form-data");
    };
    let (mut csrf, mut mode, mut file) = (String::new(), String::new(), None);
    loop {
        match multipart.next_field().await {
            Ok(Some(part)) => {
                let name = part.name().unwrap_or_default().to_owned();
                let Ok(bytes) = part.bytes().await else { return invalid("không đọc được tệp gửi lên") };
                match name.as_str() {
                    "_csrf" => csrf = String::from_utf8_lossy(&bytes).into_owned(),
                    "mode" => mode = String::from_utf8_lossy(&bytes).into_owned(),
                    "file" => file = Some(bytes),
                    _ => {}
                }
            }
            Ok(None) => break,
            Err(_) => return invalid("tệp gửi lên quá lớn hoặc bị hỏng"),
        }
    }
    if let Err(e) = who.check_csrf(&csrf) {
        return e.into_response();
    }
    let Some(file) = file else { return invalid("chưa chọn tệp CSV") };
    let dry_run = mode != "import";
    match who.staff.import_units(&file, dry_run).await {
        Ok(done) => render(&who, StatusCode::OK, |p| {
            p.plan = Some((done.plan.inserted(), done.plan.updated(), done.plan.unchanged()));
            p.written = done.written.is_some();
        }),
        Err(ImportError::App(e)) => StaffError::from_app(e, who.lang).into_response(),
        Err(rejected) => render(&who, StatusCode::UNPROCESSABLE_ENTITY, |p| {
            p.errors = rejected.report(who.lang).lines().map(str::to_owned).collect();
        }),
    }
}
