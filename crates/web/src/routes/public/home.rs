//! The home page: how citizens give an assessment, and the way in for staff.

use axum::response::Response;

use crate::error::html;
use crate::i18n;
use crate::pages;
use crate::pages::staff::{HomePage, PageContext};
use crate::session::MaybeSignedIn;

pub async fn show(who: MaybeSignedIn) -> Response {
    let page = HomePage { t: i18n::staff(who.lang), ctx: PageContext::new(who.user, "home", "/") };
    html(axum::http::StatusCode::OK, pages::render(&page))
}
