//! Laying a report out on A4 pages: blocks are measured, placed top to bottom and moved to a
//! new page when they do not fit; only then are the pages drawn, so each can say "Trang i/N".

use super::{Block, Column, Report, Table};
use crate::chart::{Chart, pdf::paint};
use crate::pdf::{Align, Canvas, FONTS, Ink, MM, Paragraph, Pdf, Rect};
use crate::text::one_line;

const WIDTH: f32 = 210.0 * MM;
const HEIGHT: f32 = 297.0 * MM;
const MARGIN: f32 = 18.0 * MM;
const BODY: f32 = WIDTH - 2.0 * MARGIN;
/// Where the body ends; the footer sits below.
const BOTTOM: f32 = HEIGHT - 17.0 * MM;
const TEXT: f32 = 10.0;
const SMALL: f32 = 8.5;
const CELL_PAD: f32 = 4.0;
/// A heading needs this much room below it on its page, or it moves to the next.
const KEEP_WITH_NEXT: f32 = 90.0;
/// Charts are laid out in units of about a point; this keeps their text near the body's size.
const CHART_SCALE: f32 = 0.95;
/// Light fills: table headers and key-figure boxes.
const SHADE: Ink = Ink(236);

/// Something to draw on a page, already placed.
enum Mark<'r> {
    Text { paragraph: Paragraph, x: f32, y: f32, width: f32, align: Align, ink: Ink },
    Fill { rect: Rect, ink: Ink },
    Chart { chart: &'r Chart, x: f32, y: f32, width: f32 },
}

struct Pages<'r> {
    pages: Vec<Vec<Mark<'r>>>,
    y: f32,
}

impl<'r> Pages<'r> {
    fn new() -> Pages<'r> {
        Pages { pages: vec![Vec::new()], y: MARGIN }
    }

    fn break_page(&mut self) {
        self.pages.push(Vec::new());
        self.y = MARGIN;
    }

    fn at_top(&self) -> bool {
        self.y <= MARGIN
    }

    /// Moves to a new page unless `height` fits below (or the page is still empty).
    fn need(&mut self, height: f32) {
        if self.y + height > BOTTOM && !self.at_top() {
            self.break_page();
        }
    }

    fn mark(&mut self, mark: Mark<'r>) {
        self.pages.last_mut().expect("there is always a page").push(mark);
    }

    fn text(&mut self, paragraph: Paragraph, x: f32, width: f32, align: Align, ink: Ink) {
        let height = paragraph.height();
        self.mark(Mark::Text { paragraph, x, y: self.y, width, align, ink });
        self.y += height;
    }
}

pub(super) fn draw(pdf: &mut Pdf, report: &Report) {
    let mut pages = Pages::new();
    cover(&mut pages, report);
    pages.break_page();
    for (index, block) in report.blocks.iter().enumerate() {
        place(&mut pages, block, report.blocks.get(index + 1));
    }
    let count = pages.pages.len();
    let footer = one_line(&report.footer);
    for (index, marks) in pages.pages.iter().enumerate() {
        pdf.page(WIDTH, HEIGHT, |canvas| {
            for mark in marks {
                draw_mark(canvas, mark);
            }
            let foot = Paragraph::wrapped(&FONTS.regular, &footer, SMALL, BODY * 0.75);
            canvas.paragraph(&foot, MARGIN, BOTTOM + 6.0 * MM, BODY, Align::Left, Ink::DARK);
            let number = Paragraph::wrapped(&FONTS.regular, &format!("Trang {}/{count}", index + 1), SMALL, BODY);
            canvas.paragraph(&number, MARGIN, BOTTOM + 6.0 * MM, BODY, Align::Right, Ink::DARK);
        });
    }
}

fn draw_mark(canvas: &mut Canvas<'_, '_>, mark: &Mark<'_>) {
    match mark {
        Mark::Text { paragraph, x, y, width, align, ink } => {
            canvas.paragraph(paragraph, *x, *y, *width, *align, *ink);
        }
        Mark::Fill { rect, ink } => canvas.rect(*rect, *ink),
        Mark::Chart { chart, x, y, width } => {
            paint(canvas, chart, *x, *y, *width);
        }
    }
}

fn cover(pages: &mut Pages<'_>, report: &Report) {
    pages.y = MARGIN + 40.0 * MM;
    pages.mark(Mark::Fill {
        rect: Rect { x: MARGIN, y: pages.y - 8.0 * MM, width: 30.0 * MM, height: 2.0 },
        ink: Ink::BLACK,
    });
    let title = Paragraph::fitted(&FONTS.bold, &one_line(&report.title), BODY, 3, 24.0..=16.0);
    pages.text(title, MARGIN, BODY, Align::Left, Ink::BLACK);
    pages.y += 4.0 * MM;
    let subtitle = Paragraph::wrapped(&FONTS.regular, &one_line(&report.subtitle), 15.0, BODY);
    pages.text(subtitle, MARGIN, BODY, Align::Left, Ink::DARK);
    pages.y += 14.0 * MM;
    let label_width = 45.0 * MM;
    for (label, value) in &report.facts {
        let top = pages.y;
        let label = Paragraph::wrapped(&FONTS.bold, &one_line(label), TEXT, label_width - CELL_PAD);
        let value = Paragraph::wrapped(&FONTS.regular, &one_line(value), TEXT, BODY - label_width);
        let height = label.height().max(value.height());
        pages.mark(Mark::Text {
            paragraph: label,
            x: MARGIN,
            y: top + 5.0,
            width: label_width,
            align: Align::Left,
            ink: Ink::DARK,
        });
        pages.mark(Mark::Text {
            paragraph: value,
            x: MARGIN + label_width,
            y: top + 5.0,
            width: BODY - label_width,
            align: Align::Left,
            ink: Ink::BLACK,
        });
        pages.y = top + height + 10.0;
        pages.mark(Mark::Fill { rect: Rect { x: MARGIN, y: pages.y - 0.5, width: BODY, height: 0.5 }, ink: Ink::MID });
    }
}

fn place<'r>(pages: &mut Pages<'r>, block: &'r Block, next: Option<&Block>) {
    match block {
        Block::Heading(text) => heading(pages, text, 14.0, 16.0, next),
        Block::Subheading(text) => heading(pages, text, 11.0, 10.0, next),
        Block::Paragraph(text) => {
            let paragraph = Paragraph::wrapped(&FONTS.regular, &one_line(text), TEXT, BODY).with_leading(1.4);
            pages.need(paragraph.height());
            pages.text(paragraph, MARGIN, BODY, Align::Left, Ink::BLACK);
            pages.y += 5.0;
        }
        Block::Note(text) => {
            let paragraph = Paragraph::wrapped(&FONTS.regular, &one_line(text), SMALL, BODY);
            pages.need(paragraph.height());
            pages.text(paragraph, MARGIN, BODY, Align::Left, Ink::DARK);
            pages.y += 6.0;
        }
        Block::Bullets(items) => {
            for item in items {
                let paragraph =
                    Paragraph::wrapped(&FONTS.regular, &one_line(item), TEXT, BODY - 12.0).with_leading(1.35);
                pages.need(paragraph.height());
                let bullet = Paragraph::wrapped(&FONTS.regular, "•", TEXT, 12.0).with_leading(1.35);
                pages.mark(Mark::Text {
                    paragraph: bullet,
                    x: MARGIN + 2.0,
                    y: pages.y,
                    width: 10.0,
                    align: Align::Left,
                    ink: Ink::BLACK,
                });
                pages.text(paragraph, MARGIN + 12.0, BODY - 12.0, Align::Left, Ink::BLACK);
                pages.y += 2.0;
            }
            pages.y += 4.0;
        }
        Block::Figures(figures) => key_figures(pages, figures),
        Block::Table(table) => place_table(pages, table),
        Block::Chart(chart) => place_chart(pages, chart),
        Block::Quote { source, text } => {
            let source = Paragraph::wrapped(&FONTS.regular, &one_line(source), SMALL, BODY - 14.0);
            let text = Paragraph::wrapped(&FONTS.regular, &format!("“{}”", one_line(text)), TEXT, BODY - 14.0);
            let height = source.height() + text.height();
            pages.need(height);
            pages.mark(Mark::Fill { rect: Rect { x: MARGIN + 2.0, y: pages.y, width: 2.0, height }, ink: Ink::MID });
            pages.text(text, MARGIN + 14.0, BODY - 14.0, Align::Left, Ink::BLACK);
            pages.text(source, MARGIN + 14.0, BODY - 14.0, Align::Left, Ink::DARK);
            pages.y += 8.0;
        }
    }
}

/// A heading, on a new page unless what follows it can start below it: all of a chart (which
/// never splits), or a few lines of anything else.
fn heading(pages: &mut Pages<'_>, text: &str, size: f32, space_above: f32, next: Option<&Block>) {
    let paragraph = Paragraph::wrapped(&FONTS.bold, &one_line(text), size, BODY);
    let keep = match next {
        Some(Block::Chart(chart)) => {
            let (title, factor) = chart_fit(chart);
            title.height() + 6.0 + chart.height * factor
        }
        _ => KEEP_WITH_NEXT,
    };
    pages.need(paragraph.height() + space_above + keep);
    if !pages.at_top() {
        pages.y += space_above;
    }
    pages.text(paragraph, MARGIN, BODY, Align::Left, Ink::BLACK);
    pages.y += 4.0;
}

/// Boxes side by side, as many as there are figures (up to four a row).
fn key_figures(pages: &mut Pages<'_>, figures: &[(String, String, String)]) {
    const GAP: f32 = 8.0;
    for row in figures.chunks(4) {
        let across = row.len() as f32;
        let width = (BODY - GAP * (across - 1.0)) / across;
        let inner = width - 2.0 * CELL_PAD * 2.0;
        let boxes: Vec<[Paragraph; 3]> = row
            .iter()
            .map(|(label, value, basis)| {
                [
                    Paragraph::wrapped(&FONTS.regular, &one_line(label), SMALL, inner),
                    Paragraph::fitted(&FONTS.bold, &one_line(value), inner, 1, 20.0..=12.0),
                    Paragraph::wrapped(&FONTS.regular, &one_line(basis), SMALL, inner),
                ]
            })
            .collect();
        let height =
            boxes.iter().map(|b| b.iter().map(Paragraph::height).sum::<f32>()).fold(0.0, f32::max) + 4.0 * CELL_PAD;
        pages.need(height);
        let top = pages.y;
        for (index, parts) in boxes.into_iter().enumerate() {
            let x = MARGIN + index as f32 * (width + GAP);
            pages.mark(Mark::Fill { rect: Rect { x, y: top, width, height }, ink: SHADE });
            let mut y = top + 2.0 * CELL_PAD;
            for (part, ink) in parts.into_iter().zip([Ink::DARK, Ink::BLACK, Ink::DARK]) {
                let h = part.height();
                pages.mark(Mark::Text {
                    paragraph: part,
                    x: x + 2.0 * CELL_PAD,
                    y,
                    width: inner,
                    align: Align::Left,
                    ink,
                });
                y += h;
            }
        }
        pages.y = top + height + GAP;
    }
}

/// A chart's title and the scale it is painted at: a chart never splits, so one taller than a
/// page is shrunk to fit it.
fn chart_fit(chart: &Chart) -> (Paragraph, f32) {
    let title = Paragraph::wrapped(&FONTS.bold, &one_line(&chart.title), 10.5, BODY);
    let room = BOTTOM - MARGIN - title.height() - 6.0;
    let factor = CHART_SCALE.min(room / chart.height).min(BODY / chart.width);
    (title, factor)
}

fn place_chart<'r>(pages: &mut Pages<'r>, chart: &'r Chart) {
    let (title, factor) = chart_fit(chart);
    let (width, height) = (chart.width * factor, chart.height * factor);
    pages.need(title.height() + 6.0 + height);
    pages.text(title, MARGIN, BODY, Align::Left, Ink::BLACK);
    pages.y += 6.0;
    pages.mark(Mark::Chart { chart, x: MARGIN, y: pages.y, width });
    pages.y += height + 10.0;
}

/// Rows in order, each page's part under a copy of the header; a row never splits.
fn place_table(pages: &mut Pages<'_>, table: &Table) {
    let total: f32 = table.columns.iter().map(|c| c.weight).sum::<f32>().max(f32::EPSILON);
    let widths: Vec<f32> = table.columns.iter().map(|c| BODY * c.weight / total).collect();
    let header: Vec<Paragraph> = table
        .columns
        .iter()
        .zip(&widths)
        .map(|(c, w)| Paragraph::wrapped(&FONTS.bold, &one_line(&c.label), SMALL, w - 2.0 * CELL_PAD))
        .collect();
    let header_height = header.iter().map(Paragraph::height).fold(0.0, f32::max) + 2.0 * CELL_PAD;
    let rows: Vec<(Vec<Paragraph>, f32)> = table
        .rows
        .iter()
        .map(|row| {
            let cells: Vec<Paragraph> = row
                .iter()
                .zip(&widths)
                .map(|(text, w)| Paragraph::wrapped(&FONTS.regular, &one_line(text), 9.0, w - 2.0 * CELL_PAD))
                .collect();
            let height = cells.iter().map(Paragraph::height).fold(0.0, f32::max) + 2.0 * CELL_PAD;
            (cells, height)
        })
        .collect();
    let first = rows.first().map_or(0.0, |r| r.1);
    pages.need(header_height + first);
    draw_header(pages, &table.columns, &widths, &header, header_height);
    for (cells, height) in rows {
        if pages.y + height > BOTTOM {
            pages.break_page();
            draw_header(pages, &table.columns, &widths, &header, header_height);
        }
        draw_cells(pages, &table.columns, &widths, cells, height);
        pages.mark(Mark::Fill { rect: Rect { x: MARGIN, y: pages.y - 0.25, width: BODY, height: 0.5 }, ink: Ink::MID });
    }
    pages.y += 10.0;
}

fn draw_header(pages: &mut Pages<'_>, columns: &[Column], widths: &[f32], header: &[Paragraph], height: f32) {
    pages.mark(Mark::Fill { rect: Rect { x: MARGIN, y: pages.y, width: BODY, height }, ink: SHADE });
    draw_cells(pages, columns, widths, header.to_vec(), height);
    pages.mark(Mark::Fill { rect: Rect { x: MARGIN, y: pages.y - 0.5, width: BODY, height: 1.0 }, ink: Ink::BLACK });
}

fn draw_cells(pages: &mut Pages<'_>, columns: &[Column], widths: &[f32], cells: Vec<Paragraph>, height: f32) {
    let mut x = MARGIN;
    let top = pages.y + CELL_PAD;
    for ((cell, column), width) in cells.into_iter().zip(columns).zip(widths) {
        let align = if column.numeric { Align::Right } else { Align::Left };
        pages.mark(Mark::Text {
            paragraph: cell,
            x: x + CELL_PAD,
            y: top,
            width: width - 2.0 * CELL_PAD,
            align,
            ink: Ink::BLACK,
        });
        x += width;
    }
    pages.y += height;
}
