//! Small workbooks built whole in memory: one sheet per table (results tables, a codebook).

use rust_xlsxwriter::{Workbook, Worksheet, XlsxError};

use super::{Cell, Column, Formats, header, write_row};
use crate::DocumentError;

/// A sheet: its name (at most 31 characters, no `[]:*?/\`), columns and rows.
#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    pub name: String,
    pub columns: Vec<Column>,
    pub rows: Vec<Vec<Cell>>,
    /// Wrap long text in its column (question wording) instead of letting it run on.
    pub wrap: bool,
}

/// The tables as one workbook, in order.
pub fn tables_xlsx(tables: &[Table]) -> Result<Vec<u8>, DocumentError> {
    let mut workbook = Workbook::new();
    let formats = Formats::new();
    for table in tables {
        write_table(workbook.add_worksheet(), table, &formats)?;
    }
    Ok(workbook.save_to_buffer()?)
}

/// Writes `table` into an empty sheet.
pub(super) fn write_table(sheet: &mut Worksheet, table: &Table, formats: &Formats) -> Result<(), XlsxError> {
    sheet.set_name(&table.name)?;
    header(sheet, &table.columns, formats)?;
    for (row, cells) in (1u32..).zip(&table.rows) {
        write_row(sheet, row, cells, formats, table.wrap)?;
    }
    Ok(())
}
