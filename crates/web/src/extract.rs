//! Path segments and query strings read into types, refused in the reader's language instead
//! of axum's English text: `/admin/exports/abc` is a page that does not exist, `?page=abc` an
//! address to go back from. Every handler takes these rather than axum's own extractors.

use app::AppError;
use axum::extract::FromRequestParts;
use axum::extract::path::ErrorKind;
use axum::extract::rejection::PathRejection;
use axum::http::request::Parts;
use axum::response::{IntoResponse, Response};
use domain::text::Lang;
use serde::de::DeserializeOwned;

use crate::error::{self, PublicError, StaffError};
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
            Err(rejection) if is_ours(&rejection) => {
                // A route whose parameters do not fit its handler: a bug, not a bad address.
                tracing::error!(%rejection, path = parts.uri.path(), "a route's parameters do not fit its handler");
                Err(refusal(parts, Unreadable::Route))
            }
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

/// Whether axum refused the path for a reason of ours rather than the address's.
fn is_ours(rejection: &PathRejection) -> bool {
    match rejection {
        PathRejection::FailedToDeserializePathParams(failed) => {
            matches!(failed.kind(), ErrorKind::WrongNumberOfParameters { .. } | ErrorKind::UnsupportedType { .. })
        }
        _ => true,
    }
}

#[derive(Debug, Clone, Copy)]
enum Unreadable {
    /// A path segment that is not what the route takes (`/admin/exports/abc`).
    Path,
    /// A query value that is not what the page reads (`?page=abc`).
    Query,
    /// A route that does not fit its handler.
    Route,
}

/// Paths of staff pages outside `/admin`: sign-in and the language switch.
const STAFF_PREFIXES: [&str; 4] = ["/admin", "/account", "/login", "/lang"];

/// The refusal as the audience of the address expects it: JSON for the API, the staff page
/// in the staff language for staff pages, the citizens' page elsewhere (a citizen has no use
/// for the difference between a bad parameter and a bad path: both are a link that is wrong).
fn refusal(parts: &Parts, what: Unreadable) -> Response {
    let path = parts.uri.path();
    if path.starts_with("/api/") {
        return match what {
            Unreadable::Path => error::api(AppError::NotFound("địa chỉ này".into())),
            Unreadable::Query => error::api(AppError::Invalid("tham số trong địa chỉ không hợp lệ".into())),
            Unreadable::Route => error::api_internal(),
        };
    }
    if STAFF_PREFIXES.iter().any(|prefix| path.starts_with(prefix)) {
        let lang = staff_lang(&parts.headers);
        return match what {
            Unreadable::Path => StaffError::NoSuchPage(lang),
            Unreadable::Query => StaffError::BadAddress(lang),
            Unreadable::Route => StaffError::Internal(lang),
        }
        .into_response();
    }
    match what {
        Unreadable::Route => PublicError::Internal,
        Unreadable::Path | Unreadable::Query => PublicError::NotFound(Lang::Vi),
    }
    .into_response()
}
