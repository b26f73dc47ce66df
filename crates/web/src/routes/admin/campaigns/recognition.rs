//! GET `/admin/campaigns/{code}/recognition`: each service point in the reader's scope scored
//! for criterion 5 of "chính quyền thân thiện" by the campaign's rule, and the exemplary
//! working groups.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use domain::access::Permission;

use crate::error::{StaffError, html};
use crate::extract::{Path, Query};
use crate::pages;
use crate::pages::recognition::RecognitionPage;
use crate::pages::staff::PageContext;
use crate::session::StaffRequest;
use crate::view::{self, ViewQuery};

pub async fn page(who: StaffRequest, Path(code): Path<String>, Query(params): Query<ViewQuery>) -> Response {
    let view = match view::parse(params.view.as_deref(), who.lang) {
        Ok(view) => view,
        Err(e) => return e.into_response(),
    };
    match who.staff.recognition(&code, view).await {
        Ok(recognition) => {
            let here = format!("/admin/campaigns/{}/recognition", recognition.campaign.code);
            let ctx = PageContext::staff(&who, "campaigns", &view::link(&here, view));
            let mut page = RecognitionPage::new(who.lang, ctx, &recognition);
            page.can_manage = who.staff.may(Permission::ManageCampaigns);
            html(StatusCode::OK, pages::render(&page))
        }
        Err(e) => StaffError::from_app(e, who.lang).into_response(),
    }
}
