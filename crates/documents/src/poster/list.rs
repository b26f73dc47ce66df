//! "Danh sách mã QR": every point on A4 with a small QR code to test and its address, the
//! table header repeated on each page so that a loose page still reads.

use std::ops::Range;

use super::{Paper, Point};
use crate::pdf::{Align, Canvas, FONTS, Ink, MM, Paragraph, Pdf, Rect};

/// A4 whatever the posters' paper: a table needs the width.
const WIDTH: f32 = Paper::A4.size().0;
const HEIGHT: f32 = Paper::A4.size().1;
const MARGIN: f32 = 15.0 * MM;
const BODY: f32 = WIDTH - 2.0 * MARGIN;
const BOTTOM: f32 = HEIGHT - 14.0 * MM;

/// Each cell keeps this much white inside its column.
const PAD: f32 = 5.0;
/// About 19 mm: big enough for a phone at hand's distance, to check a code before posting it.
const QR_SIDE: f32 = 54.0;
const ROW_PAD: f32 = 6.0;
/// Between a unit's name and where it sits.
const NAME_GAP: f32 = 2.0;

struct Column {
    label: &'static str,
    x: f32,
    width: f32,
}

impl Column {
    /// Where a cell's text starts, and how wide it may run.
    fn inner(&self) -> (f32, f32) {
        (self.x + PAD, self.width - 2.0 * PAD)
    }
}

const NUMBER: Column = Column { label: "STT", x: MARGIN, width: 28.0 };
const UNIT: Column = Column { label: "Đơn vị", x: NUMBER.x + NUMBER.width, width: 196.0 };
const CODE: Column = Column { label: "Mã", x: UNIT.x + UNIT.width, width: 48.0 };
const QR: Column = Column { label: "Mã QR", x: CODE.x + CODE.width, width: QR_SIDE + 2.0 * PAD };
const URL: Column = Column { label: "Đường dẫn", x: QR.x + QR.width, width: WIDTH - MARGIN - (QR.x + QR.width) };
const COLUMNS: [&Column; 5] = [&NUMBER, &UNIT, &CODE, &QR, &URL];

pub(super) fn draw(pdf: &mut Pdf, title: &str, points: &[Point]) {
    let header = PageHeader::new(title, points.len());
    let rows: Vec<Row<'_>> = points.iter().enumerate().map(|(index, point)| Row::new(index, point)).collect();
    let pages = paginate(&rows, BOTTOM - header.height);
    for (index, range) in pages.iter().enumerate() {
        pdf.page(WIDTH, HEIGHT, |canvas| {
            let mut y = header.draw(canvas);
            for row in &rows[range.clone()] {
                row.draw(canvas, y);
                y += row.height;
            }
            let number = Paragraph::wrapped(&FONTS.regular, &format!("Trang {}/{}", index + 1, pages.len()), 8.5, BODY);
            canvas.paragraph(&number, MARGIN, BOTTOM + 4.0 * MM, BODY, Align::Right, Ink::DARK);
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

/// What every page repeats: the heading, and the column labels over a rule.
struct PageHeader {
    heading: Paragraph,
    subtitle: Paragraph,
    labels: Vec<Paragraph>,
    labels_top: f32,
    /// From the top of the page to the first row.
    height: f32,
}

impl PageHeader {
    fn new(title: &str, count: usize) -> PageHeader {
        let heading = Paragraph::wrapped(&FONTS.bold, "Danh sách mã QR", 17.0, BODY);
        let subtitle = Paragraph::wrapped(&FONTS.regular, &format!("{title} · {count} điểm tiếp nhận"), 10.5, BODY);
        let labels: Vec<Paragraph> =
            COLUMNS.iter().map(|column| Paragraph::wrapped(&FONTS.bold, column.label, 9.0, column.inner().1)).collect();
        let labels_top = MARGIN + heading.height() + subtitle.height() + 10.0;
        let height = labels_top + labels.iter().map(Paragraph::height).fold(0.0, f32::max) + 8.0;
        PageHeader { heading, subtitle, labels, labels_top, height }
    }

    /// Returns where the rows start.
    fn draw(&self, canvas: &mut Canvas<'_, '_>) -> f32 {
        let y = canvas.paragraph(&self.heading, MARGIN, MARGIN, BODY, Align::Left, Ink::BLACK);
        canvas.paragraph(&self.subtitle, MARGIN, y, BODY, Align::Left, Ink::DARK);
        for (column, label) in COLUMNS.iter().zip(&self.labels) {
            let (x, width) = column.inner();
            canvas.paragraph(label, x, self.labels_top + 4.0, width, Align::Left, Ink::BLACK);
        }
        canvas.rect(Rect { x: MARGIN, y: self.height - 1.0, width: BODY, height: 1.0 }, Ink::BLACK);
        self.height
    }
}

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
        let width = |column: &Column| column.inner().1;
        let spec = &point.spec;
        let number = Paragraph::wrapped(&FONTS.regular, &(index + 1).to_string(), 10.0, width(&NUMBER));
        let name = Paragraph::wrapped(&FONTS.bold, &spec.unit_name, 10.5, width(&UNIT)).with_leading(1.25);
        let parent = Paragraph::wrapped(&FONTS.regular, &spec.parent_path, 8.5, width(&UNIT));
        let code = Paragraph::wrapped(&FONTS.regular, &spec.unit_code, 10.0, width(&CODE));
        let url = Paragraph::wrapped(&FONTS.mono, &spec.url, 8.0, width(&URL));
        let unit = name.height() + NAME_GAP + parent.height();
        let tallest = unit.max(code.height()).max(url.height()).max(QR_SIDE);
        Row { point, number, name, parent, code, url, height: tallest + 2.0 * ROW_PAD }
    }

    fn draw(&self, canvas: &mut Canvas<'_, '_>, top: f32) {
        let y = top + ROW_PAD;
        let (x, width) = NUMBER.inner();
        canvas.paragraph(&self.number, x, y, width, Align::Left, Ink::BLACK);
        let (x, width) = UNIT.inner();
        let below_name = canvas.paragraph(&self.name, x, y, width, Align::Left, Ink::BLACK);
        canvas.paragraph(&self.parent, x, below_name + NAME_GAP, width, Align::Left, Ink::DARK);
        let (x, width) = CODE.inner();
        canvas.paragraph(&self.code, x, y, width, Align::Left, Ink::BLACK);
        canvas.qr(&self.point.qr, QR.inner().0, y, QR_SIDE);
        let (x, width) = URL.inner();
        canvas.paragraph(&self.url, x, y, width, Align::Left, Ink::DARK);
        canvas.rect(Rect { x: MARGIN, y: top + self.height - 0.25, width: BODY, height: 0.5 }, Ink::MID);
    }
}
