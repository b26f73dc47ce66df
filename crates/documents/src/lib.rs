//! Documents Hài Lòng produces from data: QR codes for service points as SVG (for print and
//! the web) and PNG (for chat apps and office documents).

pub mod qr;
