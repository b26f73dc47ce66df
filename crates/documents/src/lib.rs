//! Documents Hài Lòng produces from data, pure functions from plain structs to bytes: QR codes
//! for service points as SVG (for print and the web) and PNG (for chat apps and office
//! documents), and printable posters and lists of codes as PDF.

mod error;
mod pdf;
pub mod poster;
pub mod qr;
mod text;

pub use error::DocumentError;
