//! GET `/admin/campaigns`: every campaign with its questionnaire, period, status and counts.

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};

use crate::error::{StaffError, html};
use crate::pages;
use crate::pages::staff::{CampaignsPage, PageContext};
use crate::session::SignedIn;
use crate::state::AppState;

pub async fn page(State(state): State<AppState>, who: SignedIn) -> Response {
    match state.app.campaigns().await {
        Ok(campaigns) => {
            let ctx = PageContext::new(Some(who.user), "campaigns", "/admin/campaigns");
            html(StatusCode::OK, pages::render(&CampaignsPage::new(who.lang, ctx, &campaigns)))
        }
        Err(e) => StaffError::from_app(e, who.lang).into_response(),
    }
}
