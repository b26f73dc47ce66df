//! `/admin/kiosks` (organisers and admins): the counter tablets at points inside the scope and
//! how each is doing; add one (its one-time enrolment code is shown on the answer to this
//! request only); revoke one.

use app::staff::NewKioskForm;
use axum::body::Body;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};

use super::{field, staff_form};
use crate::error::{StaffError, html};
use crate::extract::Path;
use crate::i18n;
use crate::pages::kiosk::{CreatedView, KioskRowView, KiosksPage};
use crate::pages::{self, staff::PageContext};
use crate::session::StaffRequest;
use crate::state::AppState;

async fn render(who: &StaffRequest, created: Option<CreatedView>, flash: Option<&'static str>) -> Response {
    let k = i18n::kiosk(who.lang);
    let found = match who.staff.kiosks().await {
        Ok(rows) => who.staff.kiosk_points().await.map(|points| (rows, points)),
        Err(e) => Err(e),
    };
    let (rows, points) = match found {
        Ok(found) => found,
        Err(e) => return StaffError::from_app(e, who.lang).into_response(),
    };
    let page = KiosksPage {
        t: i18n::staff(who.lang),
        k,
        ctx: PageContext::staff(who, "kiosks", "/admin/kiosks").with_flash(flash),
        csrf: who.staff.user().csrf_token.clone(),
        rows: rows.iter().map(|row| KioskRowView::new(row, k)).collect(),
        points: KiosksPage::points(&points),
        created,
    };
    html(StatusCode::OK, pages::render(&page))
}

pub async fn page(who: StaffRequest) -> Response {
    render(&who, None, None).await
}

pub async fn add(State(state): State<AppState>, who: StaffRequest, body: Body) -> Response {
    let fields = match staff_form(&state, &who, body).await {
        Ok(fields) => fields,
        Err(e) => return e.into_response(),
    };
    let form = NewKioskForm {
        point: field(&fields, "point").to_owned(),
        label: field(&fields, "label").to_owned(),
        idle_seconds: field(&fields, "idle_seconds").to_owned(),
    };
    match who.staff.add_kiosk(form).await {
        Ok(created) => render(&who, Some(CreatedView::new(&created, state.app.config().public_base())), None).await,
        Err(e) => StaffError::from_app(e, who.lang).into_response(),
    }
}

pub async fn revoke(State(state): State<AppState>, who: StaffRequest, Path(id): Path<i64>, body: Body) -> Response {
    if let Err(e) = staff_form(&state, &who, body).await {
        return e.into_response();
    }
    match who.staff.revoke_kiosk(id).await {
        Ok(_) => render(&who, None, Some(i18n::kiosk(who.lang).revoked_flash)).await,
        Err(e) => StaffError::from_app(e, who.lang).into_response(),
    }
}
