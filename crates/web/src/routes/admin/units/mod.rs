//! `/admin/units`: browse and search the tree, one unit's page and its edits, CSV import.

pub mod browse;
pub mod detail;
pub mod import;
pub mod qr;
