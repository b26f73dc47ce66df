//! A report as PDF: a cover, then headings, paragraphs, key figures, tables and charts flowing
//! over A4 pages. Tables split between rows and repeat their header on every page they reach;
//! a heading never ends a page; charts are never split. The caller writes the words (the
//! campaign report is Vietnamese); every text is printed literally, as one NFC line per cell.
//!
//! ```
//! use hailong_documents::report::{Block, Report, report_pdf};
//!
//! let report = Report {
//!     title: "Báo cáo kết quả khảo sát".into(),
//!     subtitle: "Khảo sát PKS05 năm 2024".into(),
//!     facts: vec![("Phạm vi".into(), "Tỉnh Bắc Giang".into())],
//!     footer: "Hài Lòng · pks05-2024".into(),
//!     blocks: vec![Block::Heading("1. Phương pháp".into()), Block::Paragraph("…".into())],
//! };
//! assert!(report_pdf(&report)?.starts_with(b"%PDF-"));
//! # Ok::<(), hailong_documents::DocumentError>(())
//! ```

mod flow;

use crate::chart::Chart;
use crate::error::DocumentError;
use crate::pdf::Pdf;

#[derive(Debug, Clone, PartialEq)]
pub struct Report {
    /// The cover's heading: "Báo cáo kết quả khảo sát sự hài lòng".
    pub title: String,
    /// What it reports on: the campaign's name.
    pub subtitle: String,
    /// The cover's table: scope, questionnaire, days, date of the report.
    pub facts: Vec<(String, String)>,
    /// Printed at the foot of every page beside its number.
    pub footer: String,
    pub blocks: Vec<Block>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Block {
    /// A numbered section's title; kept with what follows it.
    Heading(String),
    Subheading(String),
    Paragraph(String),
    /// A small print note under a table or chart.
    Note(String),
    Bullets(Vec<String>),
    /// Key figures side by side: (label, value, what it rests on).
    Figures(Vec<(String, String, String)>),
    Table(Table),
    Chart(Chart),
    /// A citizen's words, with where and when they were written.
    Quote {
        source: String,
        text: String,
    },
}

#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    pub columns: Vec<Column>,
    pub rows: Vec<Vec<String>>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Column {
    pub label: String,
    /// Share of the table's width, relative to the other columns.
    pub weight: f32,
    /// Figures are set flush right, so their digits line up.
    pub numeric: bool,
}

impl Column {
    pub fn text(label: &str, weight: f32) -> Column {
        Column { label: label.to_owned(), weight, numeric: false }
    }

    pub fn number(label: &str, weight: f32) -> Column {
        Column { label: label.to_owned(), weight, numeric: true }
    }
}

/// The report as PDF bytes, its metadata titled by the cover's title and subtitle.
pub fn report_pdf(report: &Report) -> Result<Vec<u8>, DocumentError> {
    let mut pdf = Pdf::new(&format!("{}: {}", report.title, report.subtitle));
    flow::draw(&mut pdf, report);
    pdf.finish()
}
