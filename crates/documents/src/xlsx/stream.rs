//! A workbook with one large sheet written row by row in constant-memory mode: each row goes
//! to a temporary file as soon as the next one starts, strings are written inline (no shared
//! string table grows in memory), and the finished workbook is assembled into an unnamed
//! temporary file that the caller streams and the system removes when it is closed.

use std::fs::File;
use std::io::{Seek, SeekFrom};

use rust_xlsxwriter::Workbook;

use super::tables::{Table, write_table};
use super::{Cell, Column, Formats, header, write_row};
use crate::DocumentError;

/// Excel's last row is 1,048,576; the header takes one.
const ROWS_PER_SHEET: u32 = 1_048_575;

pub struct StreamingBook {
    workbook: Workbook,
    formats: Formats,
    name: String,
    columns: Vec<Column>,
    /// Which sheet of rows is being written (0 for the first), and its next row.
    sheet: usize,
    next_row: u32,
}

impl std::fmt::Debug for StreamingBook {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("StreamingBook")
            .field("name", &self.name)
            .field("sheet", &self.sheet)
            .field("next_row", &self.next_row)
            .finish()
    }
}

impl StreamingBook {
    /// A workbook whose first sheet, `name`, has these columns.
    pub fn new(name: &str, columns: Vec<Column>) -> Result<StreamingBook, DocumentError> {
        let mut book = StreamingBook {
            workbook: Workbook::new(),
            formats: Formats::new(),
            name: name.to_owned(),
            columns,
            sheet: 0,
            next_row: 1,
        };
        book.start_sheet()?;
        Ok(book)
    }

    /// Adds a row below the last one. Past Excel's last row the rows go on in a new sheet
    /// (`name 2`, `name 3`, …) under the same header.
    pub fn push(&mut self, cells: &[Cell]) -> Result<(), DocumentError> {
        if self.next_row > ROWS_PER_SHEET {
            self.sheet += 1;
            self.next_row = 1;
            self.start_sheet()?;
        }
        let sheet = self.workbook.worksheet_from_index(self.sheet)?;
        write_row(sheet, self.next_row, cells, &self.formats, false)?;
        self.next_row += 1;
        Ok(())
    }

    /// Adds `tables` as sheets after the rows, assembles the workbook and returns it as an
    /// unnamed temporary file, read from its start.
    pub fn finish(mut self, tables: &[Table]) -> Result<File, DocumentError> {
        for table in tables {
            write_table(self.workbook.add_worksheet(), table, &self.formats)?;
        }
        let mut file = tempfile::tempfile().map_err(|e| DocumentError::Xlsx(e.to_string()))?;
        self.workbook.save_to_writer(&mut file)?;
        file.seek(SeekFrom::Start(0)).map_err(|e| DocumentError::Xlsx(e.to_string()))?;
        Ok(file)
    }

    fn start_sheet(&mut self) -> Result<(), DocumentError> {
        let name = if self.sheet == 0 { self.name.clone() } else { format!("{} {}", self.name, self.sheet + 1) };
        // Fails when the temporary folder cannot hold the sheet's rows.
        let sheet = self.workbook.add_worksheet_with_constant_memory()?;
        sheet.set_name(name)?;
        header(sheet, &self.columns, &self.formats)?;
        Ok(())
    }
}
