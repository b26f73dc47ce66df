//! QR codes. The `qrcode` crate encodes; this module draws the modules as SVG or PNG with the
//! quiet zone scanners need (four modules of white around the code).

use qrcode::{Color, EcLevel, QrCode};

/// Modules of white around the code, as the standard asks.
pub const QUIET_ZONE: usize = 4;

#[derive(Debug, thiserror::Error)]
#[error("the text is too long for a QR code")]
pub struct TooLong;

/// A horizontal run of dark modules: `len` modules from (`x`, `y`), quiet zone included.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Run {
    pub x: usize,
    pub y: usize,
    pub len: usize,
}

/// An encoded QR code: a square of dark and light modules.
#[derive(Debug, Clone)]
pub struct Qr {
    width: usize,
    dark: Vec<bool>,
}

impl Qr {
    /// Encodes `text` with medium error correction (survives ~15% damage: a scuffed poster).
    pub fn encode(text: &str) -> Result<Qr, TooLong> {
        let code = QrCode::with_error_correction_level(text.as_bytes(), EcLevel::M).map_err(|_| TooLong)?;
        Ok(Qr { width: code.width(), dark: code.to_colors().into_iter().map(|c| c == Color::Dark).collect() })
    }

    /// Modules per side, without the quiet zone.
    pub fn width(&self) -> usize {
        self.width
    }

    /// Modules per side with the quiet zone: the size of the square to print.
    pub fn width_with_quiet_zone(&self) -> usize {
        self.width + 2 * QUIET_ZONE
    }

    pub fn is_dark(&self, x: usize, y: usize) -> bool {
        x < self.width && y < self.width && self.dark[y * self.width + x]
    }

    /// The dark modules as horizontal runs, in modules from the outer corner of the quiet zone.
    /// Drawing one rectangle per run rather than per module keeps vector files small.
    pub fn dark_runs(&self) -> impl Iterator<Item = Run> + '_ {
        (0..self.width).flat_map(move |y| {
            let mut x = 0;
            std::iter::from_fn(move || {
                while x < self.width && !self.is_dark(x, y) {
                    x += 1;
                }
                let start = x;
                while x < self.width && self.is_dark(x, y) {
                    x += 1;
                }
                (x > start).then(|| Run { x: start + QUIET_ZONE, y: y + QUIET_ZONE, len: x - start })
            })
        })
    }

    /// A scalable SVG, one module per user unit, with its quiet zone.
    pub fn to_svg(&self) -> String {
        let size = self.width_with_quiet_zone();
        let mut path = String::with_capacity(self.width * self.width * 4);
        for Run { x, y, len } in self.dark_runs() {
            path.push_str(&format!("M{x} {y}h{len}v1h-{len}z"));
        }
        format!(
            "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {size} {size}\" shape-rendering=\"crispEdges\">\
             <rect width=\"{size}\" height=\"{size}\" fill=\"#fff\"/><path fill=\"#000\" d=\"{path}\"/></svg>"
        )
    }

    /// A black-and-white PNG, `module_px` pixels per module.
    pub fn to_png(&self, module_px: u32) -> Vec<u8> {
        let module_px = module_px.clamp(1, 64) as usize;
        let side = self.width_with_quiet_zone() * module_px;
        let mut pixels = vec![255u8; side * side];
        for y in 0..self.width {
            for x in 0..self.width {
                if self.is_dark(x, y) {
                    for dy in 0..module_px {
                        let row = ((y + QUIET_ZONE) * module_px + dy) * side;
                        let start = row + (x + QUIET_ZONE) * module_px;
                        pixels[start..start + module_px].fill(0);
                    }
                }
            }
        }
        let mut out = Vec::new();
        let side = u32::try_from(side).expect("a QR code image fits in u32");
        let mut encoder = png::Encoder::new(&mut out, side, side);
        encoder.set_color(png::ColorType::Grayscale);
        encoder.set_depth(png::BitDepth::Eight);
        let mut writer = encoder.write_header().expect("writing to memory cannot fail");
        writer.write_image_data(&pixels).expect("the image has the declared size");
        writer.finish().expect("writing to memory cannot fail");
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_survey_url_fits_a_small_code() {
        let qr = Qr::encode("https://khaosat.bacgiang.gov.vn/q/abcdefghijklmnopqrstuvwx").unwrap();
        assert!(qr.width() <= 41, "version 6 or smaller, got {}", qr.width());
        let svg = qr.to_svg();
        assert!(svg.starts_with("<svg") && svg.ends_with("</svg>"));
        let png = qr.to_png(8);
        assert_eq!(&png[1..4], b"PNG");
    }

    #[test]
    fn dark_runs_cover_exactly_the_dark_modules_inside_the_quiet_zone() {
        let qr = Qr::encode("https://khaosat.bacgiang.gov.vn/q/abcdefghijklmnopqrstuvwx").unwrap();
        let mut covered = vec![false; qr.width() * qr.width()];
        for Run { x, y, len } in qr.dark_runs() {
            assert!(x >= QUIET_ZONE && y >= QUIET_ZONE && x + len <= QUIET_ZONE + qr.width() && len > 0);
            for module in x..x + len {
                covered[(y - QUIET_ZONE) * qr.width() + module - QUIET_ZONE] = true;
            }
        }
        let dark: Vec<bool> =
            (0..qr.width()).flat_map(|y| (0..qr.width()).map(move |x| (x, y))).map(|(x, y)| qr.is_dark(x, y)).collect();
        assert_eq!(covered, dark);
    }
}
