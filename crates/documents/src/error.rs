//! What can stop a document from being made. Each is the caller's data or a bug, never a
//! half-written file: the documents are built in memory and returned whole or not at all.

#[derive(Debug, thiserror::Error)]
pub enum DocumentError {
    #[error("there are no service points to print")]
    NoPoints,
    #[error("service point {unit_code} has no survey address")]
    NoUrl { unit_code: String },
    /// The address holds more than the largest QR code can (about 2,300 characters).
    #[error("the survey address of point {unit_code} is too long for a QR code ({length} bytes)")]
    UrlTooLong { unit_code: String, length: usize },
    /// Two points whose codes and names fold to the same file name.
    #[error("two service points would share the file name {0}")]
    DuplicateFileName(String),
    #[error("the PDF could not be written: {0}")]
    Pdf(String),
    #[error("the ZIP archive could not be written: {0}")]
    Zip(#[from] zip::result::ZipError),
    #[error("the spreadsheet could not be written: {0}")]
    Xlsx(String),
}
