//! GET `/q/{token}/cam-on`: the thank-you page, shown after the answers were committed.

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use domain::text::Lang;

use super::LangQuery;
use crate::error::{PublicError, html};
use crate::extract::{Path, Query};
use crate::pages::public::{CSS, ThanksPage};
use crate::state::AppState;
use crate::{i18n, pages};

pub async fn page(
    State(state): State<AppState>,
    Path(token): Path<String>,
    Query(query): Query<LangQuery>,
) -> Response {
    let lang = Lang::from_code_or_default(query.lang.as_deref());
    let point = match state.app.point_of_token(&token).await {
        Ok(point) => point,
        Err(e) => return PublicError::from_survey(e, lang).into_response(),
    };
    let place = point.ancestors.iter().map(|u| u.name.as_str()).collect::<Vec<_>>().join(" · ");
    let page =
        ThanksPage { t: i18n::public(lang), css: CSS, point_name: &point.point.name, place, other_lang_href: None };
    html(StatusCode::OK, pages::render(&page))
}
