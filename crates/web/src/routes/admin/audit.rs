//! GET `/admin/audit` (admins only): the audit log, filtered by user, action and period,
//! newest first, a hundred entries a page.

use app::staff::AuditFilter;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::Deserialize;

use crate::error::{StaffError, html};
use crate::extract::Query;
use crate::pages::admin::{AuditPage, AuditRow};
use crate::pages::{self, staff::PageContext};
use crate::session::StaffRequest;
use crate::{i18n, links};

#[derive(Debug, Deserialize, Default)]
pub struct Filters {
    user: Option<String>,
    action: Option<String>,
    from: Option<String>,
    to: Option<String>,
    before: Option<i64>,
}

pub async fn page(who: StaffRequest, Query(q): Query<Filters>) -> Response {
    let text = |s: &Option<String>| s.as_deref().unwrap_or_default().chars().take(64).collect::<String>();
    let day = |s: &Option<String>| s.as_deref().and_then(|d| d.parse::<jiff::civil::Date>().ok());
    let filter = AuditFilter {
        username: text(&q.user),
        action: text(&q.action),
        from: day(&q.from),
        to: day(&q.to),
        before_id: q.before,
    };
    let found = match who.staff.audit_log(&filter).await {
        Ok(found) => found,
        Err(e) => return StaffError::from_app(e, who.lang).into_response(),
    };
    let units = match who.staff.units_by_id().await {
        Ok(units) => units,
        Err(e) => return StaffError::from_app(e, who.lang).into_response(),
    };
    let a = i18n::admin(who.lang);
    let scope_name = |id: Option<i64>| match id {
        None => a.whole_tree.to_owned(),
        Some(id) => units.iter().find(|u| u.id == id).map_or_else(|| id.to_string(), |u| u.name.clone()),
    };
    let date = |d: Option<jiff::civil::Date>| d.map(|d| d.to_string()).unwrap_or_default();
    let older = found.next_before.map(|before| {
        format!(
            "user={}&action={}&from={}&to={}&before={before}",
            links::query_value(&filter.username),
            links::query_value(&filter.action),
            date(filter.from),
            date(filter.to)
        )
    });
    let page = AuditPage {
        t: i18n::staff(who.lang),
        a,
        ctx: PageContext::staff(&who, "audit", "/admin/audit"),
        rows: found.entries.iter().map(|e| AuditRow::new(e, scope_name(e.scope_unit_id))).collect(),
        username: filter.username.clone(),
        action: filter.action.clone(),
        from: date(filter.from),
        to: date(filter.to),
        older,
    };
    html(StatusCode::OK, pages::render(&page))
}
