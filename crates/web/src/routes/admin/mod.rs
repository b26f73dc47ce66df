//! Staff pages: sign-in and sign-out, the language switch, the workspace, campaigns and their
//! results, units, accounts, one's own password, the audit log and counter kiosks.
//!
//! Every `/admin` handler takes a [`StaffRequest`](crate::session::StaffRequest) and reaches
//! data only through its `staff`, which checks role and scope. [`STAFF_PATHS`] lists every
//! staff route; the access-matrix test requests each one as every role.

mod account;
mod accounts;
mod audit;
mod campaigns;
mod exports;
mod field;
mod home;
mod instruments;
mod kiosks;
mod lang;
mod sign_in;
mod sign_out;
mod units;

use axum::Router;
use axum::body::{Body, to_bytes};
use axum::extract::DefaultBodyLimit;
use axum::routing::{get, post};

use crate::error::StaffError;
use crate::session::StaffRequest;
use crate::state::AppState;

/// Every staff route behind sign-in: the pages registered below and the JSON API
/// (`routes/api`). A test in `routes/mod.rs` keeps this list equal to the routers.
pub const STAFF_PATHS: &[&str] = &[
    "/admin",
    "/admin/campaigns",
    "/admin/campaigns/new",
    "/admin/campaigns/{code}",
    "/admin/campaigns/{code}/edit",
    "/admin/campaigns/{code}/breakdown",
    "/admin/campaigns/{code}/monitor",
    "/admin/campaigns/{code}/anomalies",
    "/admin/campaigns/{code}/comments",
    "/admin/campaigns/{code}/posters.pdf",
    "/admin/campaigns/{code}/qr.zip",
    "/admin/campaigns/{code}/recognition",
    "/admin/campaigns/{code}/review",
    "/admin/campaigns/{code}/report.pdf",
    "/admin/campaigns/{code}/responses.csv",
    "/admin/campaigns/{code}/responses.xlsx",
    "/admin/campaigns/{code}/exports",
    "/admin/campaigns/{code}/results.xlsx",
    "/admin/campaigns/{code}/status",
    "/admin/campaigns/{code}/codes",
    "/admin/campaigns/{code}/codes/generate",
    "/admin/campaigns/{code}/codes/import",
    "/admin/campaigns/{code}/codes/{batch}/codes.csv",
    "/admin/campaigns/{code}/codes/{batch}/slips.pdf",
    "/admin/campaigns/{code}/visitors",
    "/admin/campaigns/{code}/visitors/import",
    "/admin/campaigns/{code}/reports",
    "/admin/campaigns/{code}/paper",
    "/admin/campaigns/{code}/paper/import",
    "/admin/campaigns/{code}/paper/template.csv",
    "/admin/campaigns/{code}/paper/checks",
    "/admin/paper/{id}",
    "/admin/photos/{id}",
    "/admin/units",
    "/admin/units/import",
    "/admin/units/{id}",
    "/admin/units/{id}/qr",
    "/admin/accounts",
    "/admin/accounts/{username}",
    "/admin/instruments",
    "/admin/instruments/import",
    "/admin/instruments/{key}",
    "/admin/instruments/{key}/preview",
    "/admin/audit",
    "/admin/exports",
    "/admin/exports/{id}",
    "/admin/kiosks",
    "/admin/kiosks/{id}/revoke",
    "/account/password",
    "/api/v1/campaigns/{code}/results",
    "/api/v1/campaigns/{code}/breakdown",
];

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/login", get(sign_in::form).post(sign_in::submit))
        .route("/logout", post(sign_out::submit))
        .route("/lang", get(lang::switch))
        .route("/admin", get(home::page))
        .route("/admin/campaigns", get(campaigns::list::page))
        .route("/admin/campaigns/new", get(campaigns::form::new_form).post(campaigns::form::create))
        .route("/admin/campaigns/{code}", get(campaigns::results::page))
        .route("/admin/campaigns/{code}/edit", get(campaigns::form::edit_form).post(campaigns::form::update))
        .route("/admin/campaigns/{code}/monitor", get(campaigns::monitor::page))
        .route("/admin/campaigns/{code}/anomalies", post(campaigns::anomalies::run))
        .route("/admin/campaigns/{code}/breakdown", get(campaigns::breakdown::page))
        .route("/admin/campaigns/{code}/comments", get(campaigns::comments::page))
        .route("/admin/campaigns/{code}/posters.pdf", get(campaigns::posters::pdf))
        .route("/admin/campaigns/{code}/qr.zip", get(campaigns::posters::zip))
        .route("/admin/campaigns/{code}/recognition", get(campaigns::recognition::page))
        .route(
            "/admin/campaigns/{code}/review",
            get(campaigns::review::queue::page).post(campaigns::review::decide::submit),
        )
        .route("/admin/campaigns/{code}/report.pdf", get(campaigns::report::pdf))
        .route("/admin/campaigns/{code}/responses.csv", get(campaigns::export::csv))
        .route("/admin/campaigns/{code}/responses.xlsx", get(campaigns::responses_xlsx::xlsx))
        .route("/admin/campaigns/{code}/exports", post(campaigns::exports::start))
        .route("/admin/campaigns/{code}/results.xlsx", get(campaigns::results_xlsx::xlsx))
        .route("/admin/campaigns/{code}/status", post(campaigns::status::submit))
        .route("/admin/campaigns/{code}/codes", get(campaigns::codes::page::show))
        .route("/admin/campaigns/{code}/codes/generate", post(campaigns::codes::generate::submit))
        .route(
            "/admin/campaigns/{code}/codes/import",
            post(campaigns::codes::import::submit).layer(DefaultBodyLimit::max(field::UPLOAD_LIMIT)),
        )
        .route("/admin/campaigns/{code}/codes/{batch}/codes.csv", get(campaigns::codes::download::csv))
        .route("/admin/campaigns/{code}/codes/{batch}/slips.pdf", get(campaigns::codes::download::pdf))
        .route("/admin/campaigns/{code}/visitors", get(field::visitors::page).post(field::visitors::save))
        .route(
            "/admin/campaigns/{code}/visitors/import",
            post(field::visitors::import).layer(DefaultBodyLimit::max(field::UPLOAD_LIMIT)),
        )
        .route(
            "/admin/campaigns/{code}/reports",
            get(field::reports::page).post(field::reports::file).layer(DefaultBodyLimit::max(field::UPLOAD_LIMIT)),
        )
        .route("/admin/campaigns/{code}/paper", get(field::paper::page).post(field::paper::open_batch))
        .route(
            "/admin/campaigns/{code}/paper/import",
            post(field::paper::import).layer(DefaultBodyLimit::max(field::UPLOAD_LIMIT)),
        )
        .route("/admin/campaigns/{code}/paper/template.csv", get(field::paper::template))
        .route("/admin/campaigns/{code}/paper/checks", get(field::checks::page))
        .route("/admin/paper/{id}", get(field::batch::page).post(field::batch::submit))
        .route("/admin/photos/{id}", get(field::photo::show))
        .route("/admin/units", get(units::browse::page))
        .route("/admin/units/import", get(units::import::form).post(units::import::submit))
        .route("/admin/units/{id}", get(units::detail::page).post(units::detail::submit))
        .route("/admin/units/{id}/qr", post(units::qr::submit))
        .route("/admin/accounts", get(accounts::page).post(accounts::add))
        .route("/admin/accounts/{username}", post(accounts::change))
        .route("/admin/instruments", get(instruments::list))
        .route("/admin/instruments/import", get(instruments::import_form).post(instruments::import))
        .route("/admin/instruments/{key}", get(instruments::show))
        .route("/admin/instruments/{key}/preview", get(instruments::preview))
        .route("/admin/audit", get(audit::page))
        .route("/admin/exports", get(exports::page))
        .route("/admin/exports/{id}", get(exports::download))
        .route("/admin/kiosks", get(kiosks::page).post(kiosks::add))
        .route("/admin/kiosks/{id}/revoke", post(kiosks::revoke))
        .route("/account/password", get(account::form).post(account::submit))
}

/// Reads a staff form body (UTF-8, URL-encoded) into its fields.
pub(crate) fn form_fields(body: &[u8]) -> Option<Vec<(String, String)>> {
    domain::answers::parse_urlencoded(body).ok()
}

pub(crate) fn field<'a>(fields: &'a [(String, String)], name: &str) -> &'a str {
    fields.iter().find(|(k, _)| k == name).map_or("", |(_, v)| v.as_str())
}

/// Reads a state-changing staff form: size-limited, URL-encoded UTF-8, and carrying this
/// session's CSRF value. Anything else changes nothing.
pub(crate) async fn staff_form(
    state: &AppState,
    who: &StaffRequest,
    body: Body,
) -> Result<Vec<(String, String)>, StaffError> {
    let invalid = |m: &str| StaffError::Invalid(m.to_owned(), who.lang);
    let body =
        to_bytes(body, state.app.config().max_body_bytes).await.map_err(|_| invalid("dữ liệu gửi lên quá lớn"))?;
    let fields = form_fields(&body).ok_or_else(|| invalid("dữ liệu gửi lên không hợp lệ"))?;
    who.check_csrf(field(&fields, "_csrf"))?;
    Ok(fields)
}
