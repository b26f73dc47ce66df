//! GET `/admin/campaigns/{code}[?unit=ID]`: the figures of a campaign over the user's scope (or
//! one unit inside it), with the ranking of the units one level below; buttons to edit, open,
//! close or archive for those who manage the campaign.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use domain::access::Permission;
use serde::Deserialize;

use crate::error::{StaffError, html};
use crate::extract::{Path, Query};
use crate::i18n;
use crate::pages;
use crate::pages::results::ResultsPage;
use crate::pages::staff::PageContext;
use crate::session::StaffRequest;
use crate::view;

#[derive(Debug, Deserialize)]
pub struct Params {
    /// Set after a change: `status` or `saved`.
    done: Option<String>,
    /// The unit to show (default: the top of the user's scope).
    unit: Option<i64>,
    /// Another campaign to show the change against.
    compare: Option<String>,
    /// `counted` (default) or `all`.
    view: Option<String>,
}

pub async fn page(who: StaffRequest, Path(code): Path<String>, Query(params): Query<Params>) -> Response {
    let view = match view::parse(params.view.as_deref(), who.lang) {
        Ok(view) => view,
        Err(e) => return e.into_response(),
    };
    match who.staff.campaign_results_at(&code, params.unit, view).await {
        Ok(results) => {
            let mut here = format!("/admin/campaigns/{}", results.campaign.code);
            if let Some(unit) = params.unit {
                here.push_str(&format!("?unit={unit}"));
            }
            let here = view::link(&here, view);
            let a = i18n::admin(who.lang);
            let flash = params.done.map(|d| if d == "status" { a.status_changed } else { a.saved });
            let ctx = PageContext::staff(&who, "campaigns", &here).with_flash(flash);
            let mut page = ResultsPage::new(who.lang, ctx, &results);
            page.can_manage = who.staff.may(Permission::ManageCampaigns);
            page.can_export = who.staff.may(Permission::ReadResponses);
            // Only who manages the whole campaign reviews it (a district organiser does not).
            page.can_review = who.staff.require_manageable(&code).await.is_ok();
            if let Ok(all) = who.staff.campaigns().await {
                page.compare_options = all
                    .into_iter()
                    .filter(|c| c.campaign.id != results.campaign.id)
                    .map(|c| (c.campaign.code.to_string(), c.campaign.name))
                    .collect();
            }
            if let Some(other) = params.compare.as_deref().filter(|c| !c.is_empty()) {
                match who.staff.earlier_overall(other, &results).await {
                    Ok(earlier) => page.compare_with(
                        earlier.campaign.code.to_string(),
                        earlier.campaign.name,
                        &earlier.by_unit,
                        earlier.overall,
                    ),
                    Err(e) => return StaffError::from_app(e, who.lang).into_response(),
                }
            }
            html(StatusCode::OK, pages::render(&page))
        }
        Err(e) => StaffError::from_app(e, who.lang).into_response(),
    }
}
