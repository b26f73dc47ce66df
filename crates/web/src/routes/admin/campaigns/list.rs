//! GET `/admin/campaigns`: the campaigns reaching into the user's scope, with their
//! questionnaire, period, status and counts.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use domain::access::Permission;

use crate::error::{StaffError, html};
use crate::pages;
use crate::pages::staff::{CampaignsPage, PageContext};
use crate::session::StaffRequest;

pub async fn page(who: StaffRequest) -> Response {
    match who.staff.campaigns().await {
        Ok(campaigns) => {
            let ctx = PageContext::staff(&who, "campaigns", "/admin/campaigns");
            let mut page = CampaignsPage::new(who.lang, ctx, &campaigns);
            page.can_manage = who.staff.may(Permission::ManageCampaigns);
            html(StatusCode::OK, pages::render(&page))
        }
        Err(e) => StaffError::from_app(e, who.lang).into_response(),
    }
}
