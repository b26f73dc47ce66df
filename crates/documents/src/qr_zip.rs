//! A ZIP of every point's QR code, as SVG for print shops and PNG for chat apps and office
//! documents, named `{code}-{name}` in ASCII (`26881-xa-tan-dinh.svg`) so that any system
//! unpacks it, with `danh-sach.csv` mapping the files back to code, name and address.

use std::collections::HashSet;
use std::io::{Cursor, Write};

use zip::CompressionMethod;
use zip::write::{SimpleFileOptions, ZipWriter};

use crate::error::DocumentError;
use crate::poster::{PosterSpec, survey_code};
use crate::text::{one_line, slug};

/// About 600 pixels wide for a typical address: sharp in a document, small in a message.
const PNG_MODULE_PX: u32 = 16;

/// The CSV inside the archive: `ma_don_vi,ten_don_vi,url`, one row per point.
pub const LIST_NAME: &str = "danh-sach.csv";

/// Enough of a name to recognise the file; whole names of 100 characters make unwieldy paths.
const NAME_IN_FILE: usize = 48;

/// `{stem}.svg` and `{stem}.png` for each point in order, then the list. Made whole or not at
/// all: an address that is missing or too long, or two points with one file name, is an error.
pub fn qr_zip(points: &[PosterSpec]) -> Result<Vec<u8>, DocumentError> {
    if points.is_empty() {
        return Err(DocumentError::NoPoints);
    }
    let mut zip = ZipWriter::new(Cursor::new(Vec::new()));
    let options = SimpleFileOptions::default().compression_method(CompressionMethod::Deflated);
    let mut stems = HashSet::new();
    // A byte-order mark, so that spreadsheet programs read the Vietnamese as UTF-8.
    let mut list = String::from("\u{feff}ma_don_vi,ten_don_vi,url\r\n");
    for point in points {
        let url = point.url.trim();
        let qr = survey_code(&point.unit_code, url)?;
        let stem = file_stem(&point.unit_code, &point.unit_name);
        if !stems.insert(stem.clone()) {
            return Err(DocumentError::DuplicateFileName(stem));
        }
        zip.start_file(format!("{stem}.svg"), options)?;
        zip.write_all(qr.to_svg().as_bytes()).map_err(zip::result::ZipError::Io)?;
        zip.start_file(format!("{stem}.png"), options)?;
        zip.write_all(&qr.to_png(PNG_MODULE_PX)).map_err(zip::result::ZipError::Io)?;
        let name = one_line(&point.unit_name);
        let row = [csv_field(&one_line(&point.unit_code)), csv_field(&name), csv_field(url)].join(",");
        list.push_str(&row);
        list.push_str("\r\n");
    }
    zip.start_file(LIST_NAME, options)?;
    zip.write_all(list.as_bytes()).map_err(zip::result::ZipError::Io)?;
    Ok(zip.finish()?.into_inner())
}

/// `{code}-{slug of the name}`, or either alone when the other is empty. Unit codes are
/// letters, digits, `-`, `_` and `.`, but documents take plain text: anything else in one
/// becomes a dash, so no entry can name a folder or reach outside the one it is unpacked to.
pub fn file_stem(unit_code: &str, unit_name: &str) -> String {
    let code: String = unit_code
        .trim()
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.') { c } else { '-' })
        .collect();
    let name = shortened(slug(unit_name), NAME_IN_FILE);
    let stem = [code, name].into_iter().filter(|part| !part.is_empty()).collect::<Vec<_>>().join("-");
    if stem.is_empty() { "ma-qr".to_owned() } else { stem }
}

/// The slug cut after its last whole word within `limit` characters (or at `limit` within a
/// first word that long).
fn shortened(slug: String, limit: usize) -> String {
    if slug.len() <= limit {
        return slug;
    }
    let cut = match slug[..=limit].rfind('-') {
        Some(dash) if dash > 0 => dash,
        _ => limit,
    };
    slug[..cut].to_owned()
}

/// A quoted CSV field that a spreadsheet shows as text and never runs as a formula.
fn csv_field(value: &str) -> String {
    let guarded = match value.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => format!("'{value}"),
        _ => value.to_owned(),
    };
    format!("\"{}\"", guarded.replace('"', "\"\""))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_stems_are_code_then_ascii_name() {
        assert_eq!(file_stem("26881", "Xã Tân Định"), "26881-xa-tan-dinh");
        assert_eq!(file_stem("../x", "<script>"), "..-x-script");
        assert_eq!(file_stem("07210", "中文"), "07210");
        assert_eq!(file_stem("", ""), "ma-qr");
        let long = "Trung tâm Phục vụ hành chính công tỉnh Bắc Giang - Chi nhánh huyện Lục Ngạn";
        assert_eq!(file_stem("07213", long), "07213-trung-tam-phuc-vu-hanh-chinh-cong-tinh-bac-giang");
        assert_eq!(file_stem("1", &"a".repeat(60)), format!("1-{}", "a".repeat(48)));
    }

    #[test]
    fn csv_fields_are_quoted_and_formula_safe() {
        assert_eq!(csv_field("Xã \"Tân\", Dĩnh"), "\"Xã \"\"Tân\"\", Dĩnh\"");
        assert_eq!(csv_field("=HYPERLINK(1)"), "\"'=HYPERLINK(1)\"");
    }
}
