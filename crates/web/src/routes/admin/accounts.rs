//! `/admin/accounts` (admins only): every account; add one (a password is generated and shown
//! once); disable, enable or reset another account's password.

use app::staff::NewAccountForm;
use axum::body::Body;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use domain::accounts::Role;
use domain::units::UnitCode;

use super::{field, staff_form};
use crate::error::{StaffError, html};
use crate::extract::Path;
use crate::i18n;
use crate::pages::admin::{AccountView, AccountsPage};
use crate::pages::{self, staff::PageContext};
use crate::session::StaffRequest;
use crate::state::AppState;

async fn render(who: &StaffRequest, new_password: Option<(String, String)>, flash: bool) -> Response {
    let a = i18n::admin(who.lang);
    let accounts = match who.staff.accounts().await {
        Ok(accounts) => accounts,
        Err(e) => return StaffError::from_app(e, who.lang).into_response(),
    };
    let me = &who.staff.user().username;
    let page = AccountsPage {
        t: i18n::staff(who.lang),
        a,
        ctx: PageContext::staff(who, "accounts", "/admin/accounts").with_flash(flash.then_some(a.saved)),
        csrf: who.staff.user().csrf_token.clone(),
        accounts: accounts.iter().map(|row| AccountView::new(row, me, a, who.lang)).collect(),
        roles: Role::ALL.iter().map(|r| (r.as_str(), r.label(who.lang))).collect(),
        new_password,
    };
    html(StatusCode::OK, pages::render(&page))
}

pub async fn page(who: StaffRequest) -> Response {
    render(&who, None, false).await
}

pub async fn add(State(state): State<AppState>, who: StaffRequest, body: Body) -> Response {
    let fields = match staff_form(&state, &who, body).await {
        Ok(fields) => fields,
        Err(e) => return e.into_response(),
    };
    let invalid = |m: String| StaffError::Invalid(m, who.lang).into_response();
    let Some(role) = Role::parse(field(&fields, "role")) else { return invalid("vai trò không hợp lệ".into()) };
    let unit = match field(&fields, "unit").trim() {
        "" => None,
        code => match UnitCode::parse(code) {
            Ok(code) => Some(code),
            Err(e) => return invalid(e.to_string()),
        },
    };
    let username = field(&fields, "username").trim().to_lowercase();
    let form = NewAccountForm {
        username: username.clone(),
        display_name: field(&fields, "display_name").to_owned(),
        role,
        unit,
    };
    match who.staff.add_account(form).await {
        Ok(password) => render(&who, Some((username, password)), false).await,
        Err(e) => StaffError::from_app(e, who.lang).into_response(),
    }
}

pub async fn change(
    State(state): State<AppState>,
    who: StaffRequest,
    Path(username): Path<String>,
    body: Body,
) -> Response {
    let fields = match staff_form(&state, &who, body).await {
        Ok(fields) => fields,
        Err(e) => return e.into_response(),
    };
    let done = match field(&fields, "action") {
        "disable" => who.staff.set_account_disabled(&username, true).await.map(|()| None),
        "enable" => who.staff.set_account_disabled(&username, false).await.map(|()| None),
        "reset" => who.staff.reset_account_password(&username).await.map(|p| Some((username.clone(), p))),
        _ => return StaffError::Invalid("thao tác không hợp lệ".into(), who.lang).into_response(),
    };
    match done {
        Ok(new_password) => {
            let flash = new_password.is_none();
            render(&who, new_password, flash).await
        }
        Err(e) => StaffError::from_app(e, who.lang).into_response(),
    }
}
