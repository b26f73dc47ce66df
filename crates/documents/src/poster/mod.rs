//! Posters for service points and the list of their QR codes, as PDF: a poster per point to
//! tape on the desk, and a table for the office that hands them out.
//!
//! ```
//! use hailong_documents::poster::{Paper, PosterSpec, poster_pack_pdf};
//!
//! let point = PosterSpec {
//!     unit_name: "Bộ phận một cửa xã Tân Dĩnh".into(),
//!     unit_code: "07210".into(),
//!     parent_path: "Huyện Lạng Giang, tỉnh Bắc Giang".into(),
//!     campaign_name: "Khảo sát sự hài lòng năm 2025".into(),
//!     url: "https://khaosat.bacgiang.gov.vn/q/abcdefghijklmnopqrstuvwx".into(),
//! };
//! let pdf = poster_pack_pdf("Huyện Lạng Giang", &[point], Paper::A4)?; // a poster, then the list
//! assert!(pdf.starts_with(b"%PDF-"));
//! # Ok::<(), hailong_documents::DocumentError>(())
//! ```

mod list;
mod page;

use crate::error::DocumentError;
use crate::pdf::{MM, Pdf};
use crate::qr::Qr;
use crate::text::one_line;

/// One service point as printed. Text may come in any Unicode form and with stray line breaks:
/// it is printed as one NFC line, literally, whatever characters it holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PosterSpec {
    /// "Bộ phận một cửa xã Tân Dĩnh": the largest text on the poster.
    pub unit_name: String,
    pub unit_code: String,
    /// Where the unit sits, nearest first: "Huyện Lạng Giang, tỉnh Bắc Giang".
    pub parent_path: String,
    pub campaign_name: String,
    /// The survey address the QR code opens, also printed for typing by hand.
    pub url: String,
}

/// Portrait paper. A5 is A4 scaled by 1/√2, so a poster keeps its design on both.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Paper {
    A4,
    A5,
}

impl Paper {
    /// Width and height in points.
    const fn size(self) -> (f32, f32) {
        match self {
            Paper::A4 => (210.0 * MM, 297.0 * MM),
            Paper::A5 => (148.0 * MM, 210.0 * MM),
        }
    }
}

/// One poster per point, one page each, in the order given.
pub fn posters_pdf(points: &[PosterSpec], paper: Paper) -> Result<Vec<u8>, DocumentError> {
    let points = prepare(points)?;
    let mut pdf = Pdf::new(&format!("Áp phích mã QR khảo sát ({} điểm)", points.len()));
    page::draw_all(&mut pdf, &points, paper);
    pdf.finish()
}

/// The table "Danh sách mã QR" of the points under `title` (a district, a campaign), on A4
/// pages that each repeat the table header.
pub fn qr_list_pdf(title: &str, points: &[PosterSpec]) -> Result<Vec<u8>, DocumentError> {
    let points = prepare(points)?;
    let title = one_line(title);
    let mut pdf = Pdf::new(&format!("Danh sách mã QR: {title}"));
    list::draw(&mut pdf, &title, &points);
    pdf.finish()
}

/// What an office prints for a campaign: the posters, then the list to check them against
/// (on A4 whatever `paper` is: the table needs the width).
pub fn poster_pack_pdf(title: &str, points: &[PosterSpec], paper: Paper) -> Result<Vec<u8>, DocumentError> {
    let points = prepare(points)?;
    let title = one_line(title);
    let mut pdf = Pdf::new(&format!("Áp phích và danh sách mã QR: {title}"));
    page::draw_all(&mut pdf, &points, paper);
    list::draw(&mut pdf, &title, &points);
    pdf.finish()
}

/// A point with its text cleaned and its QR code encoded, so that a bad address fails the
/// whole document before any page is drawn.
#[derive(Debug)]
struct Point {
    spec: PosterSpec,
    qr: Qr,
}

fn prepare(points: &[PosterSpec]) -> Result<Vec<Point>, DocumentError> {
    if points.is_empty() {
        return Err(DocumentError::NoPoints);
    }
    points
        .iter()
        .map(|spec| {
            let spec = PosterSpec {
                unit_name: one_line(&spec.unit_name),
                unit_code: one_line(&spec.unit_code),
                parent_path: one_line(&spec.parent_path),
                campaign_name: one_line(&spec.campaign_name),
                url: spec.url.trim().to_owned(),
            };
            let qr = survey_code(&spec.unit_code, &spec.url)?;
            Ok(Point { spec, qr })
        })
        .collect()
}

/// The QR code of a point's survey address, which must be there and fit.
pub(crate) fn survey_code(unit_code: &str, url: &str) -> Result<Qr, DocumentError> {
    if url.is_empty() {
        return Err(DocumentError::NoUrl { unit_code: unit_code.to_owned() });
    }
    Qr::encode(url).map_err(|_| DocumentError::UrlTooLong { unit_code: unit_code.to_owned(), length: url.len() })
}
