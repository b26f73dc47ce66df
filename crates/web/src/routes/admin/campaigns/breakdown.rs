//! GET `/admin/campaigns/{code}/breakdown?by=channel|day|field|<question code>[&unit=ID]`: the
//! campaign's results over the reader's scope (or one unit in it) broken down by channel, day,
//! field of procedure or a respondent field, for everyone who reads results.

use app::breakdowns::Dimension;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::Deserialize;

use crate::error::{StaffError, html};
use crate::extract::{Path, Query};
use crate::pages;
use crate::pages::breakdown::BreakdownPage;
use crate::pages::staff::PageContext;
use crate::session::StaffRequest;
use crate::view;

#[derive(Debug, Deserialize)]
pub struct Params {
    /// `channel` (default), `day`, `field` or a respondent field's code.
    by: Option<String>,
    unit: Option<i64>,
    /// `counted` (default) or `all`.
    view: Option<String>,
}

pub async fn page(who: StaffRequest, Path(code): Path<String>, Query(params): Query<Params>) -> Response {
    let view = match view::parse(params.view.as_deref(), who.lang) {
        Ok(view) => view,
        Err(e) => return e.into_response(),
    };
    let breakdowns = match who.staff.breakdowns(&code, params.unit, view).await {
        Ok(breakdowns) => breakdowns,
        Err(e) => return StaffError::from_app(e, who.lang).into_response(),
    };
    let dimension = match Dimension::parse(params.by.as_deref().unwrap_or_default(), breakdowns.instrument()) {
        Ok(dimension) => dimension,
        Err(e) => return StaffError::from_app(e, who.lang).into_response(),
    };
    let mut here = format!("/admin/campaigns/{}/breakdown?by={}", breakdowns.results.campaign.code, dimension.param());
    if let Some(unit) = params.unit {
        here.push_str(&format!("&unit={unit}"));
    }
    let ctx = PageContext::staff(&who, "campaigns", &view::link(&here, view));
    html(StatusCode::OK, pages::render(&BreakdownPage::new(who.lang, ctx, &breakdowns, &dimension)))
}
