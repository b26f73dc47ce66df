//! `/admin/campaigns`: the list, one campaign's results, its status changes, its exports, its
//! report and its verification codes.

pub mod anomalies;
pub mod breakdown;
pub mod codes;
pub mod comments;
pub mod export;
pub mod exports;
pub mod form;
pub mod list;
pub mod monitor;
pub mod posters;
pub mod recognition;
pub mod report;
pub mod responses_xlsx;
pub mod results;
pub mod results_xlsx;
pub mod review;
pub mod scoring;
pub mod status;

use axum::response::{IntoResponse, Redirect, Response};

use crate::error::StaffError;
use crate::session::StaffRequest;
use domain::results::View;

/// A direct download of raw responses over `direct_export_limit` in the reader's scope is sent
/// to the exports page instead, to be written in the background; a refusal is answered here.
async fn too_large_to_send(who: &StaffRequest, code: &str, view: View) -> Option<Response> {
    match who.staff.export_size(code, view).await {
        Ok(size) if who.staff.exports_directly(size) => None,
        Ok(_) => {
            Some(Redirect::to(&crate::view::link(&format!("/admin/exports?campaign={code}"), view)).into_response())
        }
        Err(e) => Some(StaffError::from_app(e, who.lang).into_response()),
    }
}
