//! "Danh sách mã QR": every point on A4 with a small QR code to test and its address, the
//! table header repeated on each page so that a loose page still reads.

use std::ops::Range;

use super::Point;
use crate::pdf::{Align, Canvas, FONTS, Ink, MM, Paragraph, Pdf, Rect};

const WIDTH: f32 = 210.0 * MM;
const HEIGHT: f32 = 297.0 * MM;
const MARGIN: f32 = 15.0 * MM;
const BOTTOM: f32 = HEIGHT - 14.0 * MM;

/// Each cell keeps this much white inside its column.
const PAD: f32 = 5.0;
/// About 19 mm: big enough for a phone at hand's distance, to check a code before posting it.
const QR_SIDE: f32 = 54.0;
const ROW_PAD: f32 = 6.0;

struct Column {
    label: &'static str,
    x: f32,
    width: f32,
}

const NUMBER: Column = Column { label: "STT", x: MARGIN, width: 28.0 };
const UNIT: Column = Column { label: "Đơn vị", x: NUMBER.x + NUMBER.width, width: 196.0 };
const CODE: Column = Column { label: "Mã", x: UNIT.x + UNIT.width, width: 48.0 };
const QR: Column = Column { label: "Mã QR", x: CODE.x + CODE.width, width: QR_SIDE + 2.0 * PAD };
const URL: Column = Column { label: "Đường dẫn", x: QR.x + QR.width, width: WIDTH - MARGIN - (QR.x + QR.width) };
const COLUMNS: [&Column; 5] = [&NUMBER, &UNIT, &CODE, &QR, &URL];

/// A point's cells, laid out, and the height of its row.
struct Row<'p> {
    point: &'p Point,
    number: Paragraph,
    name: Paragraph,
    parent: Paragraph,
    code: Paragraph,
    url: Paragraph,
    height: f32,
}

impl<'p> Row<'p> {
    fn new(index: usize, point: &'p Point) -> Row<'p> {
        let cell = |column: &Column| column.width - 2.0 * PAD;
        let spec = &point.spec;
        let number = Paragraph::wrapped(&FONTS.regular, &(index + 1).to_string(), 10.0, cell(&NUMBER));
        let name = Paragraph::wrapped(&FONTS.bold, &spec.unit_name, 10.5, cell(&UNIT)).with_leading(1.25);
        let parent = Paragraph::wrapped(&FONTS.regular, &spec.parent_path, 8.5, cell(&UNIT));
        let code = Paragraph::wrapped(&FONTS.regular, &spec.unit_code, 10.0, cell(&CODE));
        let url = Paragraph::wrapped(&FONTS.mono, &spec.url, 8.0, cell(&URL));
        let tallest = (name.height() + 2.0 + parent.height()).max(code.height()).max(url.height()).max(QR_SIDE);
        Row { point, number, name, parent, code, url, height: tallest + 2.0 * ROW_PAD }
    }

    fn draw(&self, canvas: &mut Canvas<'_, '_>, top: f32) {
        let y = top + ROW_PAD;
        let cell = |column: &Column| (column.x + PAD, column.width - 2.0 * PAD);
        let (x, width) = cell(&NUMBER);
        canvas.paragraph(&self.number, x, y, width, Align::Left, Ink::BLACK);
        let (x, width) = cell(&UNIT);
        let below_name = canvas.paragraph(&self.name, x, y, width, Align::Left, Ink::BLACK);
        canvas.paragraph(&self.parent, x, below_name + 2.0, width, Align::Left, Ink::DARK);
        let (x, width) = cell(&CODE);
        canvas.paragraph(&self.code, x, y, width, Align::Left, Ink::BLACK);
        canvas.qr(&self.point.qr, QR.x + PAD, y, QR_SIDE);
        let (x, width) = cell(&URL);
        canvas.paragraph(&self.url, x, y, width, Align::Left, Ink::DARK);
        let bottom = top + self.height;
        canvas.rect(Rect { x: MARGIN, y: bottom - 0.25, width: WIDTH - 2.0 * MARGIN, height: 0.5 }, Ink::MID);
    }
}

pub(super) fn draw(pdf: &mut Pdf, title: &str, points: &[Point]) {
    let heading = Paragraph::wrapped(&FONTS.bold, "Danh sách mã QR", 17.0, WIDTH - 2.0 * MARGIN);
    let subtitle = Paragraph::wrapped(
        &FONTS.regular,
        &format!("{title} · {} điểm tiếp nhận", points.len()),
        10.5,
        WIDTH - 2.0 * MARGIN,
    );
    let labels: Vec<Paragraph> =
        COLUMNS.iter().map(|c| Paragraph::wrapped(&FONTS.bold, c.label, 9.0, c.width - 2.0 * PAD)).collect();
    let label_height = labels.iter().map(Paragraph::height).fold(0.0, f32::max) + 2.0 * 4.0;
    let table_top = MARGIN + heading.height() + subtitle.height() + 10.0;
    let rows: Vec<Row<'_>> = points.iter().enumerate().map(|(index, point)| Row::new(index, point)).collect();
    let pages = paginate(&rows, BOTTOM - (table_top + label_height));

    for (index, range) in pages.iter().enumerate() {
        pdf.page(WIDTH, HEIGHT, |canvas| {
            let y = canvas.paragraph(&heading, MARGIN, MARGIN, WIDTH - 2.0 * MARGIN, Align::Left, Ink::BLACK);
            canvas.paragraph(&subtitle, MARGIN, y, WIDTH - 2.0 * MARGIN, Align::Left, Ink::DARK);
            for (column, label) in COLUMNS.iter().zip(&labels) {
                canvas.paragraph(
                    label,
                    column.x + PAD,
                    table_top + 4.0,
                    column.width - 2.0 * PAD,
                    Align::Left,
                    Ink::BLACK,
                );
            }
            let mut y = table_top + label_height;
            canvas.rect(Rect { x: MARGIN, y: y - 1.0, width: WIDTH - 2.0 * MARGIN, height: 1.0 }, Ink::BLACK);
            for row in &rows[range.clone()] {
                row.draw(canvas, y);
                y += row.height;
            }
            page_number(canvas, index + 1, pages.len());
        });
    }
}

/// Rows in page-sized runs; a row never splits, and a page always takes at least one.
fn paginate(rows: &[Row<'_>], room: f32) -> Vec<Range<usize>> {
    let mut pages = Vec::new();
    let (mut start, mut used) = (0, 0.0);
    for (index, row) in rows.iter().enumerate() {
        if used + row.height > room && index > start {
            pages.push(start..index);
            (start, used) = (index, 0.0);
        }
        used += row.height;
    }
    pages.push(start..rows.len());
    pages
}

fn page_number(canvas: &mut Canvas<'_, '_>, page: usize, pages: usize) {
    let text = Paragraph::wrapped(&FONTS.regular, &format!("Trang {page}/{pages}"), 8.5, 100.0);
    let x = WIDTH - MARGIN - text.width();
    canvas.paragraph(&text, x, BOTTOM + 4.0 * MM, text.width(), Align::Left, Ink::DARK);
}
