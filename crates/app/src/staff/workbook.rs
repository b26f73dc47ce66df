//! The responses workbook: sheet "Phiếu trả lời" (the same rows and columns as the CSV, levels
//! as numbers, times as Excel dates in Vietnam's time) and sheet "Mã hóa", the codebook.
//! Written on a blocking thread that pulls pages of rows from the store as it goes, for a
//! direct download and for an export job alike.

use std::fs::File;

use documents::DocumentError;
use documents::xlsx::{Cell, Column, StreamingBook, Table};
use domain::answers::Answer;
use tokio::runtime::Handle;

use super::{CodebookEntry, ResponseExport, ResponseRow};

pub const SHEET: &str = "Phiếu trả lời";
/// The sheet's name in an export of all responses, excluded ones too.
pub const SHEET_ALL: &str = "Phiếu trả lời (tất cả)";
pub const CODEBOOK_SHEET: &str = "Mã hóa";

/// Why a workbook could not be made.
#[derive(Debug, thiserror::Error)]
pub enum WriteError {
    #[error(transparent)]
    App(#[from] crate::AppError),
    #[error(transparent)]
    Document(#[from] DocumentError),
    #[error("the finished workbook could not be read back: {0}")]
    Read(#[from] std::io::Error),
    /// The download was abandoned: nobody is left to send the file to.
    #[error("the download was abandoned")]
    Abandoned,
}

/// Writes every row of `export` and the codebook into a temporary file, read from its start.
/// Runs on a blocking thread: `handle` reads the pages; `go_on` is told the rows read so far
/// between pages and stops the work by returning false (the reader went away).
pub fn write(
    mut export: ResponseExport,
    handle: &Handle,
    mut go_on: impl FnMut(u64) -> bool,
) -> Result<File, WriteError> {
    let columns = export.columns().into_iter().map(|code| Column::new(code, width(code))).collect();
    let sheet = if export.view().leaves_out_excluded() { SHEET } else { SHEET_ALL };
    let mut book = StreamingBook::new(sheet, columns)?;
    while let Some(rows) = handle.block_on(export.next_rows())? {
        if !go_on(export.rows_read()) {
            return Err(WriteError::Abandoned);
        }
        for row in rows {
            book.push(&cells(row))?;
        }
    }
    Ok(book.finish(&[codebook(&export.codebook())])?)
}

fn width(code: &str) -> f64 {
    match code {
        "ma_phieu" | "ngay" | "ma_diem" => 11.0,
        "thoi_diem" => 19.0,
        "kenh" | "ngon_ngu" => 8.0,
        "ten_diem" => 28.0,
        _ => 7.0,
    }
}

fn cells(row: ResponseRow) -> Vec<Cell> {
    let mut cells = vec![
        Cell::Integer(row.id),
        Cell::DateTime(row.submitted_at),
        Cell::Date(row.day),
        Cell::from(row.channel),
        Cell::from(row.lang),
        Cell::Text(row.point_code),
        Cell::Text(row.point_name),
    ];
    cells.extend(row.answers.into_iter().map(|answer| match answer {
        Some(Answer::Level(level)) => Cell::Integer(i64::from(level)),
        Some(Answer::Text(text)) => Cell::Text(text),
        None => Cell::Empty,
    }));
    cells.extend(row.excluded.map(|excluded| Cell::Integer(i64::from(excluded))));
    cells
}

fn codebook(entries: &[CodebookEntry]) -> Table {
    let columns = [
        ("Mã cột", 12.0),
        ("Nội dung", 60.0),
        ("Loại", 24.0),
        ("Nhóm tiêu chí", 24.0),
        ("Thang đo", 18.0),
        ("Các mức", 48.0),
        ("Mức tính là hài lòng", 24.0),
    ];
    Table {
        name: CODEBOOK_SHEET.to_owned(),
        columns: columns.into_iter().map(|(h, w)| Column::new(h, w)).collect(),
        rows: entries
            .iter()
            .map(|e| {
                [e.code.as_str(), &e.text, e.kind, &e.factor, &e.scale, &e.levels, &e.satisfied]
                    .into_iter()
                    .map(|text| if text.is_empty() { Cell::Empty } else { Cell::from(text) })
                    .collect()
            })
            .collect(),
        wrap: true,
    }
}
