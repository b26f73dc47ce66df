//! Errors of the use cases, in words a user can act on (Vietnamese first). Internal failures
//! carry the store error for the log and show a generic message.

use store::StoreError;

#[derive(Debug, thiserror::Error)]
pub enum AppError {
    /// The input breaks a rule; the message says which, in Vietnamese.
    #[error("{0}")]
    Invalid(String),
    #[error("không tìm thấy {0}")]
    NotFound(String),
    /// The input conflicts with what is stored (a code in use, overlapping campaigns).
    #[error("{0}")]
    Conflict(String),
    /// The user's role or scope does not allow it; the message says what is missing.
    #[error("{0}")]
    Forbidden(String),
    #[error("cấu hình không hợp lệ: {0}")]
    Config(String),
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl AppError {
    pub fn invalid(message: impl Into<String>) -> Self {
        AppError::Invalid(message.into())
    }

    /// Whether the failure is ours rather than the user's.
    pub fn is_internal(&self) -> bool {
        matches!(self, AppError::Store(e) if !e.is_conflict())
    }
}
