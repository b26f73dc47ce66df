//! `/admin/units/{id}`: one unit, where it sits and what is below it; POST applies one edit
//! (rename, move, end, add a unit below) through the checked import plan.

use app::staff::UnitEdit;
use app::units::ImportError;
use axum::body::Body;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use domain::access::Permission;
use domain::units::{LineageKind, UnitCode, UnitKind};
use serde::Deserialize;

use super::super::{field, staff_form};
use crate::error::{StaffError, html};
use crate::extract::{Path, Query};
use crate::i18n;
use crate::links::form_url;
use crate::pages::admin::{LineageRow, QrView, UnitPage, UnitResultRow};
use crate::pages::{self, staff::PageContext};
use crate::session::StaffRequest;
use crate::state::AppState;

#[derive(Debug, Deserialize)]
pub struct Done {
    done: Option<String>,
}

pub async fn page(
    State(state): State<AppState>,
    who: StaffRequest,
    headers: HeaderMap,
    Path(id): Path<i64>,
    Query(done): Query<Done>,
) -> Response {
    let t = i18n::staff(who.lang);
    let found = async {
        let detail = who.staff.unit_detail(id).await?;
        let lineage = who.staff.lineage_of(id).await?;
        let results = match who.staff.may(Permission::ReadResults) {
            true => Some(who.staff.unit_results(id).await?),
            false => None,
        };
        let qr = match detail.unit.service_point {
            true => Some(who.staff.point_qr(id).await?),
            false => None,
        };
        Ok::<_, app::AppError>((detail, lineage, results, qr))
    };
    match found.await {
        Ok((detail, lineage, results, qr)) => {
            let flash = done.done.is_some().then_some(i18n::admin(who.lang).saved);
            let ctx = PageContext::staff(&who, "units", &format!("/admin/units/{id}")).with_flash(flash);
            let mut page = UnitPage::new(t, i18n::admin(who.lang), ctx, &detail, who.lang);
            page.can_edit = who.staff.may(Permission::ManageUnits);
            page.lineage = lineage.iter().map(|l| LineageRow::new(l, who.lang)).collect();
            page.results = results.map(|rows| rows.iter().map(|r| UnitResultRow::new(r, t)).collect());
            page.qr = qr.map(|qr| QrView {
                url: qr.token.as_deref().map(|token| form_url(&state, &headers, token)),
                token: qr.token,
                may_manage: who.staff.may(Permission::ManageCampaigns),
            });
            html(StatusCode::OK, pages::render(&page))
        }
        Err(e) => StaffError::from_app(e, who.lang).into_response(),
    }
}

pub async fn submit(State(state): State<AppState>, who: StaffRequest, Path(id): Path<i64>, body: Body) -> Response {
    let fields = match staff_form(&state, &who, body).await {
        Ok(fields) => fields,
        Err(e) => return e.into_response(),
    };
    let invalid = |m: String| StaffError::Invalid(m, who.lang).into_response();
    if let kind @ ("merge" | "split") = field(&fields, "action") {
        return record_lineage(&who, id, kind, &fields).await;
    }
    let edit = match field(&fields, "action") {
        "rename" => UnitEdit::Rename { name: field(&fields, "name").to_owned() },
        "move" => match UnitCode::parse(field(&fields, "parent")) {
            Ok(parent) => UnitEdit::Move { parent },
            Err(e) => return invalid(e.to_string()),
        },
        "end" => match field(&fields, "last_day").parse() {
            Ok(last_day) => UnitEdit::End { last_day },
            Err(_) => return invalid("ngày kết thúc không hợp lệ (YYYY-MM-DD)".into()),
        },
        "add" => {
            let Some(kind) = UnitKind::parse(field(&fields, "kind")) else {
                return invalid("loại đơn vị không hợp lệ".into());
            };
            UnitEdit::AddChild {
                code: field(&fields, "code").to_owned(),
                name: field(&fields, "name").to_owned(),
                kind,
                service_point: field(&fields, "service_point") != "no",
            }
        }
        _ => return invalid("thao tác không hợp lệ".into()),
    };
    match who.staff.edit_unit(id, edit).await {
        Ok(unit) => Redirect::to(&format!("/admin/units/{}?done=saved", unit.id)).into_response(),
        Err(ImportError::App(e)) => StaffError::from_app(e, who.lang).into_response(),
        Err(rejected) => invalid(rejected.report(who.lang)),
    }
}

/// A merge into this unit (the codes are its predecessors) or a split of it (the codes are
/// its successors).
async fn record_lineage(who: &StaffRequest, id: i64, kind: &str, fields: &[(String, String)]) -> Response {
    let invalid = |m: String| StaffError::Invalid(m, who.lang).into_response();
    let Ok(effective) = field(fields, "effective").parse::<jiff::civil::Date>() else {
        return invalid("ngày hiệu lực không hợp lệ (YYYY-MM-DD)".into());
    };
    let mut codes = Vec::new();
    for raw in field(fields, "codes").split([',', ';', ' ', '\n']).filter(|c| !c.trim().is_empty()) {
        match UnitCode::parse(raw) {
            Ok(code) => codes.push(code),
            Err(e) => return invalid(format!("{raw}: {e}")),
        }
    }
    let this = match who.staff.unit_detail(id).await {
        Ok(detail) => vec![detail.unit.code],
        Err(e) => return StaffError::from_app(e, who.lang).into_response(),
    };
    let recorded = match kind {
        "merge" => who.staff.record_lineage(LineageKind::Merge, effective, &codes, &this).await,
        _ => who.staff.record_lineage(LineageKind::Split, effective, &this, &codes).await,
    };
    match recorded {
        Ok(()) => Redirect::to(&format!("/admin/units/{id}?done=saved")).into_response(),
        Err(e) => StaffError::from_app(e, who.lang).into_response(),
    }
}
