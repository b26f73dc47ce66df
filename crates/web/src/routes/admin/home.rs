//! GET `/admin`: the workspace — the user's role, scope and what they may do.

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use domain::access::Permission;

use crate::error::{StaffError, html};
use crate::i18n;
use crate::pages::admin::HomePage;
use crate::pages::{self, staff::PageContext};
use crate::session::StaffRequest;
use crate::state::AppState;

pub async fn page(State(_): State<AppState>, who: StaffRequest) -> Response {
    let a = i18n::admin(who.lang);
    let scope = match who.staff.scope().root() {
        None => Ok(a.whole_tree.to_owned()),
        Some(root) => who.staff.unit_detail(root).await.map(|d| format!("{} ({})", d.unit.name, d.unit.code)),
    };
    let scope = match scope {
        Ok(scope) => scope,
        Err(e) => return StaffError::from_app(e, who.lang).into_response(),
    };
    let field_campaigns = if who.staff.may(Permission::EnterData) {
        match who.staff.field_campaigns().await {
            Ok(found) => found.into_iter().map(|c| (c.code.to_string(), c.name)).collect(),
            Err(e) => return StaffError::from_app(e, who.lang).into_response(),
        }
    } else {
        Vec::new()
    };
    let page = HomePage {
        field_campaigns,
        f: i18n::field(who.lang),
        t: i18n::staff(who.lang),
        a,
        role: who.staff.user().role.label(who.lang),
        scope,
        permissions: HomePage::permissions(|p| who.staff.may(p), who.lang),
        ctx: PageContext::staff(&who, "home", "/admin"),
    };
    html(StatusCode::OK, pages::render(&page))
}
