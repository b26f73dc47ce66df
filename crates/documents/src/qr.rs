//! QR codes. The `qrcode` crate encodes; this module draws the modules as SVG or PNG with the
//! quiet zone scanners need (four modules of white around the code).

use qrcode::{Color, EcLevel, QrCode};

/// Modules of white around the code, as the standard asks.
const QUIET_ZONE: usize = 4;

#[derive(Debug, thiserror::Error)]
#[error("the text is too long for a QR code")]
pub struct TooLong;

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

    pub fn is_dark(&self, x: usize, y: usize) -> bool {
        x < self.width && y < self.width && self.dark[y * self.width + x]
    }

    /// A scalable SVG, one module per user unit, with its quiet zone.
    pub fn to_svg(&self) -> String {
        let size = self.width + 2 * QUIET_ZONE;
        let mut path = String::with_capacity(self.width * self.width * 4);
        for y in 0..self.width {
            let mut x = 0;
            while x < self.width {
                if !self.is_dark(x, y) {
                    x += 1;
                    continue;
                }
                // One rectangle per horizontal run keeps the file small.
                let start = x;
                while x < self.width && self.is_dark(x, y) {
                    x += 1;
                }
                path.push_str(&format!("M{} {}h{}v1h-{}z", start + QUIET_ZONE, y + QUIET_ZONE, x - start, x - start));
            }
        }
        format!(
            "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {size} {size}\" shape-rendering=\"crispEdges\">\
             <rect width=\"{size}\" height=\"{size}\" fill=\"#fff\"/><path fill=\"#000\" d=\"{path}\"/></svg>"
        )
    }

    /// A black-and-white PNG, `module_px` pixels per module.
    pub fn to_png(&self, module_px: u32) -> Vec<u8> {
        let module_px = module_px.clamp(1, 64) as usize;
        let side = (self.width + 2 * QUIET_ZONE) * module_px;
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
}
