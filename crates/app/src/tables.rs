//! Tables staff upload (visitor counts, paper results): CSV in UTF-8 or the first sheet of an
//! XLSX workbook, read as rows of text cells, each with the line number the user sees in their
//! spreadsheet program, so every problem can be reported by line.

use std::io::Cursor;

use calamine::{Data, Reader, Xlsx};
use domain::text::fold_for_search;
use unicode_normalization::UnicodeNormalization;

/// More rows than any province's paper slips of one batch file; a bigger file is a mistake.
pub const MAX_ROWS: usize = 100_000;

#[derive(Debug, Clone)]
pub struct Table {
    /// Header cells folded for matching: lower case, without tone marks ("Mã điểm" → "ma diem").
    pub header: Vec<String>,
    /// Data rows with their line number (the header is line 1). Blank rows are skipped.
    pub rows: Vec<(usize, Vec<String>)>,
}

impl Table {
    /// The column whose header matches one of `names` (already folded).
    pub fn column(&self, names: &[&str]) -> Option<usize> {
        self.header.iter().position(|h| names.iter().any(|n| h == n))
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TableError {
    #[error("tệp trống, không có dòng tiêu đề")]
    Empty,
    #[error("dòng {line}: không phải văn bản UTF-8 (hãy lưu tệp CSV với mã hóa UTF-8)")]
    NotUtf8 { line: usize },
    #[error("dòng {line}: {message}")]
    Csv { line: usize, message: String },
    #[error("không đọc được tệp Excel: {0}")]
    Workbook(String),
    #[error("tệp có hơn {MAX_ROWS} dòng; hãy chia nhỏ tệp")]
    TooManyRows,
}

/// Reads `bytes` as XLSX when it is a ZIP archive (as every .xlsx is), else as CSV.
pub fn read_table(bytes: &[u8]) -> Result<Table, TableError> {
    let rows = if bytes.starts_with(b"PK\x03\x04") { read_xlsx(bytes)? } else { read_csv(bytes)? };
    let mut rows = rows.into_iter().filter(|(_, cells)| cells.iter().any(|c| !c.is_empty()));
    let (_, header) = rows.next().ok_or(TableError::Empty)?;
    let header = header.iter().map(|h| fold_header(h)).collect();
    let rows: Vec<_> = rows.collect();
    if rows.len() > MAX_ROWS {
        return Err(TableError::TooManyRows);
    }
    Ok(Table { header, rows })
}

fn read_csv(bytes: &[u8]) -> Result<Vec<(usize, Vec<String>)>, TableError> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    // Spreadsheet programs set to Vietnamese save CSV with semicolons.
    let first_line = bytes.split(|&b| b == b'\n').next().unwrap_or_default();
    let delimiter =
        if first_line.iter().filter(|&&b| b == b';').count() > first_line.iter().filter(|&&b| b == b',').count() {
            b';'
        } else {
            b','
        };
    let mut reader =
        csv::ReaderBuilder::new().has_headers(false).flexible(true).delimiter(delimiter).from_reader(bytes);
    let mut rows = Vec::new();
    // The line a spreadsheet shows, counted from the bytes: the reader skips blank lines, and
    // a record's position is where the blank lines before it begin.
    let (mut counted_to, mut line) = (0usize, 1usize);
    let mut line_at = |byte: u64| {
        let mut byte = usize::try_from(byte).unwrap_or(usize::MAX).min(bytes.len());
        while matches!(bytes.get(byte), Some(b'\r' | b'\n')) {
            byte += 1;
        }
        // A line ends at LF, CRLF, or a lone CR (old spreadsheet programs on the Mac).
        let start = counted_to.min(byte);
        line += (start..byte)
            .filter(|&i| bytes[i] == b'\n' || (bytes[i] == b'\r' && bytes.get(i + 1) != Some(&b'\n')))
            .count();
        counted_to = byte;
        line
    };
    for record in reader.byte_records() {
        let record = record.map_err(|e| TableError::Csv {
            line: e.position().map_or(0, |p| usize::try_from(p.line()).unwrap_or(usize::MAX)),
            message: "dòng CSV không đọc được".into(),
        })?;
        let line = record.position().map_or(rows.len() + 1, |p| line_at(p.byte()));
        let mut cells = Vec::with_capacity(record.len());
        for field in record.iter() {
            let text = std::str::from_utf8(field).map_err(|_| TableError::NotUtf8 { line })?;
            cells.push(text.trim().nfc().collect());
        }
        rows.push((line, cells));
        if rows.len() > MAX_ROWS + 1 {
            return Err(TableError::TooManyRows);
        }
    }
    Ok(rows)
}

fn read_xlsx(bytes: &[u8]) -> Result<Vec<(usize, Vec<String>)>, TableError> {
    let mut workbook = Xlsx::new(Cursor::new(bytes)).map_err(|e| TableError::Workbook(e.to_string()))?;
    let range = workbook
        .worksheet_range_at(0)
        .ok_or_else(|| TableError::Workbook("tệp không có trang tính nào".into()))?
        .map_err(|e| TableError::Workbook(e.to_string()))?;
    if range.height() > MAX_ROWS + 1 {
        return Err(TableError::TooManyRows);
    }
    let first_row = range.start().map_or(0, |(row, _)| row as usize);
    Ok(range.rows().enumerate().map(|(i, row)| (first_row + i + 1, row.iter().map(cell_text).collect())).collect())
}

fn cell_text(cell: &Data) -> String {
    match cell {
        Data::Empty => String::new(),
        Data::String(s) => s.trim().nfc().collect(),
        Data::Int(i) => i.to_string(),
        // Spreadsheets keep whole numbers as floats; a serial like 1234 must not read "1234.0".
        Data::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{f:.0}"),
        Data::Float(f) => f.to_string(),
        Data::Bool(b) => u8::from(*b).to_string(),
        Data::DateTime(d) => {
            let (y, m, day, ..) = d.to_ymd_hms_milli();
            format!("{y:04}-{m:02}-{day:02}")
        }
        Data::DateTimeIso(s) | Data::DurationIso(s) => s.chars().take(10).collect(),
        Data::Error(e) => format!("#{e:?}"),
    }
}

/// A header cell as columns are matched: lower case, without tone marks, `_` and `-` read
/// as spaces ("Mã_điểm" → "ma diem").
pub fn fold_header(cell: &str) -> String {
    fold_for_search(cell).replace(['_', '-'], " ")
}

/// A day as spreadsheets write it: `2024-07-10`, `10/07/2024` or `10-07-2024` (day first, as
/// in Vietnam).
pub fn parse_day(text: &str) -> Option<jiff::civil::Date> {
    let text = text.trim();
    if let Ok(day) = text.parse::<jiff::civil::Date>() {
        return Some(day);
    }
    let mut parts = text.split(['/', '-', '.']);
    let (d, m, y) = (parts.next()?, parts.next()?, parts.next()?);
    if parts.next().is_some() {
        return None;
    }
    jiff::civil::Date::new(y.parse().ok()?, m.parse().ok()?, d.parse().ok()?).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_with_bom_and_semicolons_keeps_line_numbers() {
        let table = read_table("\u{FEFF}Mã điểm;Ngày;Lượt\n\n26881;10/07/2024;120\n".as_bytes()).unwrap();
        assert_eq!(table.header, ["ma diem", "ngay", "luot"]);
        assert_eq!(table.rows, [(3, vec!["26881".to_owned(), "10/07/2024".to_owned(), "120".to_owned()])]);
        assert_eq!(table.column(&["ngay"]), Some(1));
    }

    #[test]
    fn a_lone_carriage_return_ends_a_line() {
        // Found by the `uploaded_table` fuzz target: two records on "one" LF-line.
        let table = read_table(b"so\r_phieu,y_kien\n0001,07210\n").unwrap();
        assert_eq!(table.rows.iter().map(|(line, _)| *line).collect::<Vec<_>>(), [2, 3]);
    }

    #[test]
    fn invalid_utf8_is_reported_by_line() {
        assert_eq!(read_table(b"a,b\n1,\xff\n").unwrap_err(), TableError::NotUtf8 { line: 2 });
    }

    #[test]
    fn a_broken_workbook_is_an_error_not_a_panic() {
        assert!(matches!(read_table(b"PK\x03\x04garbage").unwrap_err(), TableError::Workbook(_)));
    }

    #[test]
    fn days_read_day_first() {
        assert_eq!(parse_day("10/07/2024"), Some(jiff::civil::date(2024, 7, 10)));
        assert_eq!(parse_day("2024-07-10"), Some(jiff::civil::date(2024, 7, 10)));
        assert_eq!(parse_day("31/02/2024"), None);
        assert_eq!(parse_day("hôm qua"), None);
    }
}
