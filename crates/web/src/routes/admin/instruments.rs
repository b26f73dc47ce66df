//! `/admin/instruments`: every questionnaire version; one version with all its items, scales
//! and factors, exported as TOML or JSON; the citizen form as citizens see it; importing a
//! version and drafting the next one.

use app::staff::{InstrumentFormat, InstrumentImported};
use axum::body::Body;
use axum::extract::State;
use axum::http::StatusCode;
use axum::http::header::{CONTENT_DISPOSITION, CONTENT_TYPE};
use axum::response::{IntoResponse, Response};
use domain::access::Permission;
use domain::text::Lang;
use serde::Deserialize;

use super::{field, staff_form};
use crate::error::{StaffError, html};
use crate::extract::{Path, Query};
use crate::i18n;
use crate::pages::admin::{InstrumentImportPage, InstrumentPage, InstrumentRow, InstrumentsPage};
use crate::pages::public::SurveyPage;
use crate::pages::{self, staff::PageContext};
use crate::session::StaffRequest;
use crate::state::AppState;

pub async fn list(who: StaffRequest) -> Response {
    match who.staff.instruments().await {
        Ok(all) => {
            let page = InstrumentsPage {
                t: i18n::staff(who.lang),
                a: i18n::admin(who.lang),
                ctx: PageContext::staff(&who, "instruments", "/admin/instruments"),
                rows: all.iter().map(|r| InstrumentRow::new(r, who.lang)).collect(),
                can_import: who.staff.may(Permission::ManageInstruments),
            };
            html(StatusCode::OK, pages::render(&page))
        }
        Err(e) => StaffError::from_app(e, who.lang).into_response(),
    }
}

#[derive(Debug, Deserialize)]
pub struct Format {
    format: Option<String>,
}

pub async fn show(who: StaffRequest, Path(key): Path<String>, Query(format): Query<Format>) -> Response {
    let record = match who.staff.instrument_version(&key).await {
        Ok(record) => record,
        Err(e) => return StaffError::from_app(e, who.lang).into_response(),
    };
    let instrument = &record.instrument;
    let file = format!("{}-v{}", instrument.code().to_lowercase(), instrument.version());
    match format.format.as_deref() {
        Some("toml") => download(instrument.to_toml(), "application/toml", &format!("{file}.toml")),
        Some("json") => download(instrument.to_json(), "application/json", &format!("{file}.json")),
        _ => {
            let page = InstrumentPage::new(
                i18n::staff(who.lang),
                i18n::admin(who.lang),
                PageContext::staff(&who, "instruments", &format!("/admin/instruments/{key}")),
                &record,
                who.staff.may(Permission::ManageInstruments),
                who.lang,
            );
            html(StatusCode::OK, pages::render(&page))
        }
    }
}

fn download(body: String, content_type: &'static str, file: &str) -> Response {
    let disposition = format!("attachment; filename=\"{file}\"");
    ([(CONTENT_TYPE, content_type.to_owned()), (CONTENT_DISPOSITION, disposition)], body).into_response()
}

#[derive(Debug, Deserialize)]
pub struct PreviewLang {
    lang: Option<String>,
}

/// The citizen form of a version, rendered by the same template citizens get; it posts nowhere.
pub async fn preview(
    State(state): State<AppState>,
    who: StaffRequest,
    Path(key): Path<String>,
    Query(q): Query<PreviewLang>,
) -> Response {
    let lang = Lang::from_code_or_default(q.lang.as_deref());
    match who.staff.instrument_version(&key).await {
        Ok(record) => {
            let point = i18n::admin(who.lang).preview_point;
            let path = format!("/admin/instruments/{key}/preview");
            let days = state.app.config().privacy.contact_retention_days;
            let page = SurveyPage::preview(&record.instrument, point, path, lang).with_contact(
                &domain::contact::ContactEntry::default(),
                days,
                lang,
            );
            html(StatusCode::OK, pages::render(&page))
        }
        Err(e) => StaffError::from_app(e, who.lang).into_response(),
    }
}

#[derive(Debug, Deserialize)]
pub struct From {
    from: Option<String>,
}

pub async fn import_form(who: StaffRequest, Query(from): Query<From>) -> Response {
    let source = match from.from.as_deref() {
        Some(key) => who.staff.draft_next_version(key).await,
        None => who.staff.require(Permission::ManageInstruments).map(|()| String::new()),
    };
    match source {
        Ok(source) => render_import(&who, StatusCode::OK, source, None),
        Err(e) => StaffError::from_app(e, who.lang).into_response(),
    }
}

fn render_import(who: &StaffRequest, status: StatusCode, source: String, error: Option<String>) -> Response {
    let page = InstrumentImportPage {
        t: i18n::staff(who.lang),
        a: i18n::admin(who.lang),
        ctx: PageContext::staff(who, "instruments", "/admin/instruments/import"),
        csrf: who.staff.user().csrf_token.clone(),
        source,
        error,
    };
    html(status, pages::render(&page))
}

pub async fn import(State(state): State<AppState>, who: StaffRequest, body: Body) -> Response {
    let fields = match staff_form(&state, &who, body).await {
        Ok(fields) => fields,
        Err(e) => return e.into_response(),
    };
    let source = field(&fields, "source").to_owned();
    let format = if source.trim_start().starts_with('{') { InstrumentFormat::Json } else { InstrumentFormat::Toml };
    match who.staff.import_instrument(&source, format).await {
        Ok((key, outcome)) => {
            let a = i18n::admin(who.lang);
            let flash = match outcome {
                InstrumentImported::Added => a.instrument_added,
                InstrumentImported::Replaced => a.instrument_replaced,
                InstrumentImported::Unchanged => a.instrument_unchanged,
            };
            let Ok(record) = who.staff.instrument_version(&key.to_string()).await else {
                return StaffError::NotFound(key.to_string(), who.lang).into_response();
            };
            let ctx = PageContext::staff(&who, "instruments", &format!("/admin/instruments/{key}"));
            let page =
                InstrumentPage::new(i18n::staff(who.lang), a, ctx.with_flash(Some(flash)), &record, true, who.lang);
            html(StatusCode::OK, pages::render(&page))
        }
        Err(app::AppError::Invalid(m) | app::AppError::Conflict(m)) => {
            render_import(&who, StatusCode::UNPROCESSABLE_ENTITY, source, Some(m))
        }
        Err(e) => StaffError::from_app(e, who.lang).into_response(),
    }
}
