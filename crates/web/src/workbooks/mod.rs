//! What the XLSX downloads hold, as the `documents` crate takes it: the results tables and
//! their breakdowns (the responses workbook is `app::staff::workbook`: export jobs write it
//! too). The workbooks are in Vietnamese, as the province's reports are, whatever the
//! language of the page they were downloaded from.

pub mod breakdowns;
pub mod results;
