//! GET `/admin/campaigns/{code}`: responses and % satisfied per question and per point.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};

use crate::error::{StaffError, html};
use crate::pages;
use crate::pages::staff::{PageContext, ResultsPage};
use crate::session::SignedIn;
use crate::state::AppState;

pub async fn page(State(state): State<AppState>, who: SignedIn, Path(code): Path<String>) -> Response {
    match state.app.campaign_results(&code).await {
        Ok(results) => {
            let here = format!("/admin/campaigns/{}", results.campaign.code);
            let ctx = PageContext::new(Some(who.user), "campaigns", &here);
            html(StatusCode::OK, pages::render(&ResultsPage::new(who.lang, ctx, &results)))
        }
        Err(e) => StaffError::from_app(e, who.lang).into_response(),
    }
}
