//! GET `/admin/campaigns/{code}/monitor`: the live monitor of a campaign over the reader's
//! scope. `?part=live` returns only the part that refreshes (what the page's script fetches);
//! `?all=1` lists every point even in a large campaign.

use axum::http::StatusCode;
use axum::http::header::CACHE_CONTROL;
use axum::response::{IntoResponse, Response};
use domain::access::Permission;
use serde::Deserialize;

use crate::assets;
use crate::error::{StaffError, html};
use crate::extract::{Path, Query};
use crate::i18n;
use crate::pages;
use crate::pages::monitor::{LIST_ALL_UP_TO, MonitorLive, MonitorPage};
use crate::pages::staff::{PageContext, count};
use crate::session::StaffRequest;

#[derive(Debug, Deserialize)]
pub struct Params {
    part: Option<String>,
    all: Option<String>,
    /// Set by the anomaly checks' redirect: responses read, and newly flagged.
    checked: Option<i64>,
    flagged: Option<i64>,
}

pub async fn page(who: StaffRequest, Path(code): Path<String>, Query(params): Query<Params>) -> Response {
    let monitor = match who.staff.monitor(&code).await {
        Ok(monitor) => monitor,
        Err(e) => return StaffError::from_app(e, who.lang).into_response(),
    };
    let all = params.all.is_some();
    let mut live = MonitorLive::new(&monitor, who.lang, all);
    let code = monitor.campaign.code.to_string();
    // Only who manages the whole campaign reviews it (a district organiser does not).
    let reviews = who.staff.may(Permission::ManageCampaigns) && who.staff.require_manageable(&code).await.is_ok();
    live.review_url = reviews.then(|| format!("/admin/campaigns/{code}/review"));
    let query = if all { "?all=1" } else { "" };
    if params.part.as_deref() == Some("live") {
        let mut response = html(StatusCode::OK, pages::render(&live));
        response.headers_mut().insert(CACHE_CONTROL, "no-store".parse().expect("a valid header"));
        return response;
    }
    let here = format!("/admin/campaigns/{code}/monitor{query}");
    let live_url = format!("/admin/campaigns/{code}/monitor?part=live{}", if all { "&all=1" } else { "" });
    let page = MonitorPage {
        t: i18n::staff(who.lang),
        m: i18n::monitor(who.lang),
        ctx: PageContext::staff(&who, "campaigns", &here),
        name: monitor.campaign.name.clone(),
        status: monitor.campaign.status.label(who.lang),
        status_code: monitor.campaign.status.as_str(),
        rule: monitor.rule.describe(who.lang),
        limited: !all && monitor.points.len() > LIST_ALL_UP_TO,
        script: assets::url("monitor"),
        here,
        live_url,
        code,
        live,
        can_check: who.staff.may(Permission::ManageCampaigns),
        checked: params.checked.map(|read| (count(read), count(params.flagged.unwrap_or(0)))),
    };
    html(StatusCode::OK, pages::render(&page))
}
