//! GET `/admin/campaigns/{code}/review[?state=pending|accepted|excluded|all][&reason=R][&page=N]`:
//! the campaign's flagged responses in groups (point, reason, day), pending first, the largest
//! groups first, 100 to a page, each with the forms to decide on it; `done=` says how the last
//! decision went.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use domain::integrity::FlagReason;
use domain::review::ReviewState;
use serde::Deserialize;

use app::staff::ReviewFilter;

use crate::error::{StaffError, html};
use crate::extract::{Path, Query};
use crate::i18n;
use crate::pages;
use crate::pages::review::{Position, ReviewPage};
use crate::pages::staff::PageContext;
use crate::session::StaffRequest;

#[derive(Debug, Deserialize)]
pub struct Params {
    /// `pending` (default), `accepted`, `excluded` or `all`.
    state: Option<String>,
    /// A flag reason (`point_burst`, …); empty for every reason.
    reason: Option<String>,
    /// After a decision: `decided`, `already` or `changed`, with `n` responses.
    done: Option<String>,
    n: Option<i64>,
    /// Which page of groups, from 0.
    page: Option<usize>,
}

pub async fn page(who: StaffRequest, Path(code): Path<String>, Query(params): Query<Params>) -> Response {
    let invalid = |what: &str, raw: &str| StaffError::Invalid(format!("{what} \"{raw}\" không có"), who.lang);
    let state = match params.state.as_deref().unwrap_or_default() {
        "" => Some(ReviewState::Pending),
        "all" => None,
        raw => match ReviewState::parse(raw) {
            Some(state) => Some(state),
            None => return invalid("trạng thái", raw).into_response(),
        },
    };
    let reason = match params.reason.as_deref().unwrap_or_default() {
        "" => None,
        raw => match FlagReason::parse(raw) {
            Some(reason) => Some(reason),
            None => return invalid("lý do gắn cờ", raw).into_response(),
        },
    };
    let queue = match who.staff.review_queue(&code, ReviewFilter { state, reason }).await {
        Ok(queue) => queue,
        Err(e) => return StaffError::from_app(e, who.lang).into_response(),
    };
    let words = i18n::review(who.lang);
    let n = params.n.unwrap_or_default().to_string();
    let notice = match params.done.as_deref() {
        Some("decided") => Some(words.decided.replace("{n}", &n)),
        Some("already") => Some(words.already.to_owned()),
        Some("changed") => Some(words.changed.replace("{n}", &n)),
        _ => None,
    };
    let here = format!("/admin/campaigns/{}/review", queue.campaign.code);
    let ctx = PageContext::staff(&who, "campaigns", &here);
    let position = Position { filter: ReviewFilter { state, reason }, page: params.page.unwrap_or(0) };
    html(StatusCode::OK, pages::render(&ReviewPage::new(who.lang, ctx, &queue, position, notice)))
}
