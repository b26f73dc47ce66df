//! GET `/admin/units[?q=…]`: the top of the user's part of the tree, or search results.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use domain::access::Permission;
use serde::Deserialize;

use crate::error::{StaffError, html};
use crate::extract::Query;
use crate::i18n;
use crate::pages::admin::{UnitRow, UnitsPage};
use crate::pages::{self, staff::PageContext};
use crate::session::StaffRequest;

#[derive(Debug, Deserialize)]
pub struct Search {
    q: Option<String>,
}

pub async fn page(who: StaffRequest, Query(search): Query<Search>) -> Response {
    let query = search.q.unwrap_or_default().chars().take(100).collect::<String>();
    let searched = !query.trim().is_empty();
    let units = if searched { who.staff.search_units(&query).await } else { who.staff.top_units().await };
    match units {
        Ok(units) => {
            let page = UnitsPage {
                t: i18n::staff(who.lang),
                a: i18n::admin(who.lang),
                rows: units.iter().map(|u| UnitRow::new(u, who.lang)).collect(),
                can_import: who.staff.may(Permission::ManageUnits),
                ctx: PageContext::staff(&who, "units", "/admin/units"),
                query,
                searched,
            };
            html(StatusCode::OK, pages::render(&page))
        }
        Err(e) => StaffError::from_app(e, who.lang).into_response(),
    }
}
