//! Slips of verification codes to cut out and hand with a receipt or queue ticket: A4 pages of
//! 3 × 7 slips, each with the point's name, the code in large letters and a QR code of the
//! form's address with the code filled in. Thin rules between slips show where to cut.
//!
//! ```
//! use hailong_documents::slips::{SlipSpec, code_slips_pdf};
//!
//! let slip = SlipSpec {
//!     point_name: "Bộ phận một cửa xã Tân Dĩnh".into(),
//!     code: "K7MQ-3XHD".into(),
//!     url: "https://khaosat.bacgiang.gov.vn/q/abcdefghijklmnopqrstuvwx?code=K7MQ-3XHD".into(),
//! };
//! let pdf = code_slips_pdf("Khảo sát PKS05 năm 2024", &[slip])?;
//! assert!(pdf.starts_with(b"%PDF-"));
//! # Ok::<(), hailong_documents::DocumentError>(())
//! ```

use crate::error::DocumentError;
use crate::pdf::{Align, Canvas, FONTS, Ink, MM, Paragraph, Pdf, Rect};
use crate::poster::survey_code;
use crate::qr::Qr;
use crate::text::one_line;

const WIDTH: f32 = 210.0 * MM;
const HEIGHT: f32 = 297.0 * MM;
const MARGIN: f32 = 10.0 * MM;
const COLUMNS: usize = 3;
const ROWS: usize = 7;
const SLIP_W: f32 = (WIDTH - 2.0 * MARGIN) / COLUMNS as f32;
const SLIP_H: f32 = (HEIGHT - 2.0 * MARGIN) / ROWS as f32;
const PAD: f32 = 3.0 * MM;
/// 25 mm: a phone reads it at hand's distance, and the slip keeps room for its text.
const QR_SIDE: f32 = 25.0 * MM;
const TEXT_X: f32 = PAD + QR_SIDE + 2.0 * MM;
const TEXT_W: f32 = SLIP_W - TEXT_X - PAD;

/// One slip as printed. Text may hold anything; it is printed as one NFC line, literally.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SlipSpec {
    pub point_name: String,
    /// The code as it should be read: `K7MQ-3XHD`, or a dossier number.
    pub code: String,
    /// The form's address with the code, which the QR code opens.
    pub url: String,
}

/// The slips in the order given, 21 to an A4 page.
pub fn code_slips_pdf(title: &str, slips: &[SlipSpec]) -> Result<Vec<u8>, DocumentError> {
    if slips.is_empty() {
        return Err(DocumentError::NoPoints);
    }
    let slips: Vec<(SlipSpec, Qr)> = slips
        .iter()
        .map(|s| {
            let spec =
                SlipSpec { point_name: one_line(&s.point_name), code: one_line(&s.code), url: s.url.trim().into() };
            let qr = survey_code(&spec.code, &spec.url)?;
            Ok((spec, qr))
        })
        .collect::<Result<_, DocumentError>>()?;
    let mut pdf = Pdf::new(&format!("Phiếu mã đánh giá: {}", one_line(title)));
    for page in slips.chunks(COLUMNS * ROWS) {
        pdf.page(WIDTH, HEIGHT, |canvas| {
            cut_rules(canvas, page.len());
            for (index, (spec, qr)) in page.iter().enumerate() {
                let x = MARGIN + (index % COLUMNS) as f32 * SLIP_W;
                let y = MARGIN + (index / COLUMNS) as f32 * SLIP_H;
                draw_slip(canvas, x, y, spec, qr);
            }
        });
    }
    pdf.finish()
}

fn draw_slip(canvas: &mut Canvas<'_, '_>, x: f32, y: f32, spec: &SlipSpec, qr: &Qr) {
    canvas.qr(qr, x + PAD, y + (SLIP_H - QR_SIDE) / 2.0, QR_SIDE);
    let (left, mut top) = (x + TEXT_X, y + PAD);
    let name = Paragraph::wrapped(&FONTS.bold, &spec.point_name, 7.5, TEXT_W);
    top = canvas.paragraph(&name, left, top, TEXT_W, Align::Left, Ink::BLACK) + 1.5 * MM;
    let label = Paragraph::wrapped(&FONTS.regular, "Mã đánh giá", 7.0, TEXT_W);
    top = canvas.paragraph(&label, left, top, TEXT_W, Align::Left, Ink::DARK);
    let code = Paragraph::fitted(&FONTS.mono, &spec.code, TEXT_W, 1, 12.0..=6.0);
    top = canvas.paragraph(&code, left, top, TEXT_W, Align::Left, Ink::BLACK) + 1.5 * MM;
    let how = Paragraph::wrapped(&FONTS.regular, "Quét mã QR để đánh giá sự hài lòng (ẩn danh)", 6.5, TEXT_W);
    canvas.paragraph(&how, left, top, TEXT_W, Align::Left, Ink::DARK);
}

/// Light rules around every slip on the page, where scissors go.
fn cut_rules(canvas: &mut Canvas<'_, '_>, slips: usize) {
    let rows = slips.div_ceil(COLUMNS);
    for row in 0..=rows {
        let y = MARGIN + row as f32 * SLIP_H;
        canvas.rect(Rect { x: MARGIN, y: y - 0.2, width: WIDTH - 2.0 * MARGIN, height: 0.4 }, Ink::MID);
    }
    for column in 0..=COLUMNS {
        let x = MARGIN + column as f32 * SLIP_W;
        canvas.rect(Rect { x: x - 0.2, y: MARGIN, width: 0.4, height: rows as f32 * SLIP_H }, Ink::MID);
    }
}
