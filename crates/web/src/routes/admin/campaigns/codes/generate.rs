//! POST `/admin/campaigns/{code}/codes/generate`: a batch of fresh codes for one point.

use axum::body::Body;
use axum::extract::State;
use axum::response::{IntoResponse, Response};

use super::page::render;
use crate::extract::Path;
use crate::i18n;
use crate::pages::field::ImportProblems;
use crate::routes::admin::field::Notice;
use crate::routes::admin::{field, staff_form};
use crate::session::StaffRequest;
use crate::state::AppState;

pub async fn submit(
    State(state): State<AppState>,
    who: StaffRequest,
    Path(code): Path<String>,
    body: Body,
) -> Response {
    let fields = match staff_form(&state, &who, body).await {
        Ok(fields) => fields,
        Err(e) => return e.into_response(),
    };
    let (point, count) = (field(&fields, "point").to_owned(), field(&fields, "count").to_owned());
    let made = who.staff.generate_codes(&code, &point, &count).await;
    let words = i18n::codes(who.lang);
    let made = made.map(|(batch, n)| format!("{} {batch}: {n}", words.generated));
    match Notice::of(made, &who) {
        Ok(notice) => {
            let typed = notice.error.is_some().then_some((point, count));
            render(&who, &code, notice, ImportProblems::default(), typed).await
        }
        Err(e) => e.into_response(),
    }
}
