//! `/account/password`: every signed-in user changes their own password, after giving the
//! current one. Their other sessions end; this one goes on.

use axum::body::Body;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};

use super::{field, staff_form};
use crate::error::{StaffError, html};
use crate::i18n;
use crate::pages::admin::PasswordPage;
use crate::pages::{self, staff::PageContext};
use crate::session::StaffRequest;
use crate::state::AppState;

fn render(who: &StaffRequest, status: StatusCode, error: Option<String>, done: bool) -> Response {
    let a = i18n::admin(who.lang);
    let page = PasswordPage {
        t: i18n::staff(who.lang),
        a,
        ctx: PageContext::staff(who, "account", "/account/password").with_flash(done.then_some(a.password_changed)),
        csrf: who.staff.user().csrf_token.clone(),
        error,
    };
    html(status, pages::render(&page))
}

pub async fn form(who: StaffRequest) -> Response {
    render(&who, StatusCode::OK, None, false)
}

pub async fn submit(State(state): State<AppState>, who: StaffRequest, body: Body) -> Response {
    let fields = match staff_form(&state, &who, body).await {
        Ok(fields) => fields,
        Err(e) => return e.into_response(),
    };
    let changed =
        who.staff.change_own_password(field(&fields, "current"), field(&fields, "new"), field(&fields, "repeat")).await;
    match changed {
        Ok(()) => render(&who, StatusCode::OK, None, true),
        Err(app::AppError::Invalid(message)) => render(&who, StatusCode::BAD_REQUEST, Some(message), false),
        Err(e) => StaffError::from_app(e, who.lang).into_response(),
    }
}
