//! GET `/admin/photos/{id}`: a field report's photo, for staff who may read the report. The
//! type was checked from the bytes at upload; the browser is told not to guess another.

use axum::http::header::{CACHE_CONTROL, CONTENT_TYPE, X_CONTENT_TYPE_OPTIONS};
use axum::response::{IntoResponse, Response};

use crate::error::StaffError;
use crate::extract::Path;
use crate::session::StaffRequest;

pub async fn show(who: StaffRequest, Path(id): Path<i64>) -> Response {
    match who.staff.field_photo(id).await {
        Ok(photo) => (
            [
                (CONTENT_TYPE, photo.content_type),
                (CACHE_CONTROL, "private, max-age=3600".into()),
                (X_CONTENT_TYPE_OPTIONS, "nosniff".into()),
            ],
            photo.bytes,
        )
            .into_response(),
        Err(e) => StaffError::from_app(e, who.lang).into_response(),
    }
}
