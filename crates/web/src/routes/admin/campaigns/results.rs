//! GET `/admin/campaigns/{code}`: responses and % satisfied per question and per point, over
//! the points inside the user's scope; status buttons for those who manage the campaign.

use axum::extract::{Path, Query};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use domain::access::Permission;
use serde::Deserialize;

use crate::error::{StaffError, html};
use crate::i18n;
use crate::pages;
use crate::pages::staff::{PageContext, ResultsPage};
use crate::session::StaffRequest;

#[derive(Debug, Deserialize)]
pub struct Done {
    done: Option<String>,
}

pub async fn page(who: StaffRequest, Path(code): Path<String>, Query(done): Query<Done>) -> Response {
    match who.staff.campaign_results(&code).await {
        Ok(results) => {
            let here = format!("/admin/campaigns/{}", results.campaign.code);
            let a = i18n::admin(who.lang);
            let flash = done.done.map(|d| if d == "status" { a.status_changed } else { a.saved });
            let ctx = PageContext::staff(&who, "campaigns", &here).with_flash(flash);
            let mut page = ResultsPage::new(who.lang, ctx, &results);
            page.can_manage = who.staff.may(Permission::ManageCampaigns);
            html(StatusCode::OK, pages::render(&page))
        }
        Err(e) => StaffError::from_app(e, who.lang).into_response(),
    }
}
