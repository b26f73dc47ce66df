//! Documents Hài Lòng produces from data, pure functions from plain structs to bytes: QR codes
//! for service points as SVG (for print and the web) and PNG (for chat apps and office
//! documents), printable posters and lists of codes as PDF, every code in one ZIP, spreadsheets
//! (XLSX) of responses and results, charts of results (SVG for pages, painted on PDF pages) and
//! the campaign report (PDF) that carries them, and slips of verification codes (PDF).

pub mod chart;
mod error;
mod pdf;
pub mod poster;
pub mod qr;
pub mod qr_zip;
pub mod report;
pub mod slips;
mod text;
pub mod xlsx;

pub use error::DocumentError;
