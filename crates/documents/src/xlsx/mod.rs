//! Spreadsheets (XLSX): cells typed as a reader needs them (numbers as numbers, times as Excel
//! dates), every text cell written as a string and neutralised, a frozen header row and set
//! column widths. [`tables_xlsx`] builds a small workbook in memory; [`StreamingBook`] writes
//! one large sheet row by row through temporary files, so its memory does not grow with it.

mod stream;
mod tables;

use jiff::civil::{Date, DateTime};
use rust_xlsxwriter::{ExcelDateTime, Format, FormatBorder, Worksheet, XlsxError};

use crate::DocumentError;

pub use stream::StreamingBook;
pub use tables::{Table, tables_xlsx};

/// One cell's value.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Empty,
    /// Text. Written with `write_string`, which Excel never evaluates, and neutralised too
    /// (`domain::text::spreadsheet_safe`), so a copy saved as CSV cannot run a formula either.
    Text(String),
    Integer(i64),
    /// A number shown with this many decimals (the value keeps its precision).
    Number(f64, u8),
    /// A civil time, already in Vietnam's zone: Excel dates have no zone.
    DateTime(DateTime),
    Date(Date),
}

impl From<&str> for Cell {
    fn from(text: &str) -> Cell {
        Cell::Text(text.to_owned())
    }
}

impl From<String> for Cell {
    fn from(text: String) -> Cell {
        Cell::Text(text)
    }
}

/// A column: its header and its width in characters.
#[derive(Debug, Clone, PartialEq)]
pub struct Column {
    pub header: String,
    pub width: f64,
}

impl Column {
    pub fn new(header: impl Into<String>, width: f64) -> Column {
        Column { header: header.into(), width }
    }
}

/// The formats cells are written with, made once per workbook.
#[derive(Debug)]
struct Formats {
    header: Format,
    wrap: Format,
    date: Format,
    date_time: Format,
    decimals: [Format; 4],
}

impl Formats {
    fn new() -> Formats {
        Formats {
            header: Format::new().set_bold().set_text_wrap().set_border_bottom(FormatBorder::Thin),
            wrap: Format::new().set_text_wrap(),
            date: Format::new().set_num_format("dd/mm/yyyy"),
            date_time: Format::new().set_num_format("dd/mm/yyyy hh:mm:ss"),
            decimals: [
                Format::new().set_num_format("0"),
                Format::new().set_num_format("0.0"),
                Format::new().set_num_format("0.00"),
                Format::new().set_num_format("0.000"),
            ],
        }
    }
}

/// Sets the widths, writes the header in row 0 and freezes it.
fn header(sheet: &mut Worksheet, columns: &[Column], formats: &Formats) -> Result<(), XlsxError> {
    for (col, column) in (0u16..).zip(columns) {
        sheet.set_column_width(col, column.width)?;
        sheet.write_string_with_format(0, col, domain::text::spreadsheet_safe(&column.header), &formats.header)?;
    }
    sheet.set_freeze_panes(1, 0)?;
    Ok(())
}

fn write_row(sheet: &mut Worksheet, row: u32, cells: &[Cell], formats: &Formats, wrap: bool) -> Result<(), XlsxError> {
    for (col, cell) in (0u16..).zip(cells) {
        match cell {
            Cell::Empty => {}
            Cell::Text(text) => {
                let safe = domain::text::spreadsheet_safe(text);
                if wrap {
                    sheet.write_string_with_format(row, col, safe, &formats.wrap)?;
                } else {
                    sheet.write_string(row, col, safe)?;
                }
            }
            Cell::Integer(n) => {
                // Exact up to 2^53, far beyond any count or id here.
                sheet.write_number(row, col, *n as f64)?;
            }
            Cell::Number(value, decimals) => {
                let format = &formats.decimals[usize::from(*decimals).min(3)];
                sheet.write_number_with_format(row, col, *value, format)?;
            }
            Cell::DateTime(at) => {
                let excel = ExcelDateTime::from_ymd(year(at.year())?, at.month() as u8, at.day() as u8)?.and_hms(
                    at.hour() as u16,
                    at.minute() as u8,
                    at.second() as u8,
                )?;
                sheet.write_datetime_with_format(row, col, excel, &formats.date_time)?;
            }
            Cell::Date(day) => {
                let excel = ExcelDateTime::from_ymd(year(day.year())?, day.month() as u8, day.day() as u8)?;
                sheet.write_datetime_with_format(row, col, excel, &formats.date)?;
            }
        }
    }
    Ok(())
}

fn year(year: i16) -> Result<u16, XlsxError> {
    u16::try_from(year).map_err(|_| XlsxError::DateTimeRangeError(format!("year {year}")))
}

impl From<XlsxError> for DocumentError {
    fn from(e: XlsxError) -> DocumentError {
        DocumentError::Xlsx(e.to_string())
    }
}
