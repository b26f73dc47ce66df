//! Path segments and query strings read into types, refused in the reader's language instead
//! of axum's English text: `/admin/exports/abc` is a page that does not exist, `?page=abc` an
//! address to go back from. Every handler takes these rather than axum's own extractors.

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::response::{IntoResponse, Response};
use domain::text::Lang;
use serde::de::DeserializeOwned;

use crate::error::{PublicError, StaffError};
use crate::session::staff_lang;

/// The path's parameters, like `axum::extract::Path`.
#[derive(Debug)]
pub struct Path<T>(pub T);

/// The query string, like `axum::extract::Query`.
#[derive(Debug)]
pub struct Query<T>(pub T);

impl<T, S> FromRequestParts<S> for Path<T>
where
    T: DeserializeOwned + Send,
    S: Send + Sync,
{
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        match axum::extract::Path::<T>::from_request_parts(parts, state).await {
            Ok(axum::extract::Path(value)) => Ok(Path(value)),
            Err(rejection) => {
                tracing::debug!(%rejection, "a path that names nothing");
                Err(refusal(parts, Unreadable::Path))
            }
        }
    }
}

impl<T, S> FromRequestParts<S> for Query<T>
where
    T: DeserializeOwned,
    S: Send + Sync,
{
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        match axum::extract::Query::<T>::from_request_parts(parts, state).await {
            Ok(axum::extract::Query(value)) => Ok(Query(value)),
            Err(rejection) => {
                tracing::debug!(%rejection, "a query string that does not read");
                Err(refusal(parts, Unreadable::Query))
            }
        }
    }
}

#[derive(Debug, Clone, Copy)]
enum Unreadable {
    Path,
    Query,
}

/// The refusal as the audience of the address expects it: JSON for the API, the staff page
/// in the staff language under `/admin` and `/account`, the citizens' page elsewhere.
fn refusal(parts: &Parts, what: Unreadable) -> Response {
    let path = parts.uri.path();
    if path.starts_with("/api/") {
        let message = match what {
            Unreadable::Path => app::AppError::NotFound("địa chỉ này".into()),
            Unreadable::Query => app::AppError::Invalid("tham số trong địa chỉ không hợp lệ".into()),
        };
        return crate::error::api(message);
    }
    if path.starts_with("/admin") || path.starts_with("/account") {
        let lang = staff_lang(&parts.headers);
        return match what {
            Unreadable::Path => StaffError::NoSuchPage(lang),
            Unreadable::Query => StaffError::BadAddress(lang),
        }
        .into_response();
    }
    PublicError::NotFound(Lang::Vi).into_response()
}
