//! One poster page, designed on A4 in points and scaled for smaller paper: who the desk is at
//! the top, what to do and the code in the middle, the promise of anonymity at the bottom.

use super::{Paper, Point, PosterSpec};
use crate::pdf::{Align, Canvas, FONTS, Ink, MM, Paragraph, Pdf, Rect, push_rounded_rect};

const SCAN: &str = "Quét mã QR để đánh giá mức độ hài lòng của Ông/Bà";
const QUICK: &str = "Chỉ mất khoảng 1 phút. Không cần đăng nhập.";
const ANONYMOUS: &str = "Phiếu khảo sát ẩn danh: không thu thập tên, số điện thoại hay địa chỉ IP của Ông/Bà.";

const WIDTH: f32 = Paper::A4.size().0;
const HEIGHT: f32 = Paper::A4.size().1;
/// Wide margins: office printers cannot print near the edge, and tape goes there.
const MARGIN: f32 = 20.0 * MM;
const CONTENT: f32 = WIDTH - 2.0 * MARGIN;
const TOP: f32 = 16.0 * MM;
const BOTTOM: f32 = HEIGHT - 13.0 * MM;

/// Up to 106 mm on A4 and 75 mm on A5: a phone reads it from an arm's length or more.
const QR_LARGEST: f32 = 300.0;
const QR_SMALLEST: f32 = 150.0;
/// How far the corner marks reach outside the code.
const MARKS: f32 = 9.0;

pub(super) fn draw_all(pdf: &mut Pdf, points: &[Point], paper: Paper) {
    let (width, height) = paper.size();
    let scale = width / WIDTH;
    for point in points {
        pdf.page(width, height, |canvas| canvas.scaled(scale, |canvas| draw(canvas, point)));
    }
}

fn draw(canvas: &mut Canvas<'_, '_>, point: &Point) {
    let below_header = header(canvas, &point.spec);
    let above_footer = footer(canvas, &point.spec);
    call_to_scan(canvas, point, below_header, above_footer);
}

/// Campaign, a short bar, the unit's name and where it sits. Returns where it ends.
fn header(canvas: &mut Canvas<'_, '_>, spec: &PosterSpec) -> f32 {
    let campaign = Paragraph::fitted(&FONTS.regular, &spec.campaign_name, CONTENT, 2, 13.0..=10.0).balanced();
    let name = Paragraph::fitted(&FONTS.bold, &spec.unit_name, CONTENT, 3, 36.0..=16.0).balanced().with_leading(1.22);
    let parent = Paragraph::fitted(&FONTS.regular, &spec.parent_path, CONTENT, 2, 16.0..=12.0).balanced();

    let mut y = canvas.paragraph(&campaign, MARGIN, TOP, CONTENT, Align::Center, Ink::DARK);
    y += 10.0;
    canvas.rect(Rect { x: (WIDTH - 44.0) / 2.0, y, width: 44.0, height: 3.0 }, Ink::BLACK);
    y += 3.0 + 14.0;
    y = canvas.paragraph(&name, MARGIN, y, CONTENT, Align::Center, Ink::BLACK);
    y += 6.0;
    canvas.paragraph(&parent, MARGIN, y, CONTENT, Align::Center, Ink::DARK)
}

/// The promise of anonymity in a frame with a padlock, and the unit code below it. Returns
/// where the frame starts.
fn footer(canvas: &mut Canvas<'_, '_>, spec: &PosterSpec) -> f32 {
    let code = Paragraph::wrapped(&FONTS.regular, &format!("Mã đơn vị: {}", spec.unit_code), 10.0, CONTENT);
    let code_top = BOTTOM - code.height();
    canvas.paragraph(&code, MARGIN, code_top, CONTENT, Align::Center, Ink::DARK);

    let (padding, lock) = (14.0, 16.0);
    let text_width = CONTENT - 3.0 * padding - lock;
    let promise = Paragraph::fitted(&FONTS.regular, ANONYMOUS, text_width, 2, 12.5..=10.0);
    let frame_height = promise.height().max(lock * 1.25) + 2.0 * padding;
    let frame = Rect { x: MARGIN, y: code_top - 10.0 - frame_height, width: CONTENT, height: frame_height };
    canvas.stroke_path(Ink::MID, 1.0, |path| push_rounded_rect(path, frame, 8.0));
    padlock(canvas, frame.x + padding, frame.y + (frame.height - lock * 1.25) / 2.0, lock);
    let text_top = frame.y + (frame.height - promise.height()) / 2.0;
    canvas.paragraph(&promise, frame.x + 2.0 * padding + lock, text_top, text_width, Align::Left, Ink::BLACK);
    frame.y
}

/// The instruction, the code with corner marks, its address and the reassurance, centred
/// between `top` and `bottom`; the code takes what room the text leaves.
fn call_to_scan(canvas: &mut Canvas<'_, '_>, point: &Point, top: f32, bottom: f32) {
    let scan = Paragraph::fitted(&FONTS.bold, SCAN, CONTENT, 2, 23.0..=16.0).balanced().with_leading(1.22);
    let url = Paragraph::fitted(&FONTS.mono, &point.spec.url, CONTENT, 1, 13.0..=8.0);
    let quick = Paragraph::fitted(&FONTS.regular, QUICK, CONTENT, 2, 15.0..=12.0);
    // Around the block, then after the instruction, the code (its marks stand out by MARKS)
    // and the address.
    let (around, after_scan, after_code, after_url) = (18.0, 16.0 + MARKS, 8.0 + MARKS, 8.0);
    let text = scan.height() + after_scan + after_code + url.height() + after_url + quick.height();
    let room = bottom - top - 2.0 * around;
    let side = (room - text).clamp(QR_SMALLEST, QR_LARGEST);

    let mut y = top + around + ((room - text - side) / 2.0).max(0.0);
    y = canvas.paragraph(&scan, MARGIN, y, CONTENT, Align::Center, Ink::BLACK) + after_scan;
    let x = (WIDTH - side) / 2.0;
    corner_marks(canvas, Rect { x, y, width: side, height: side });
    canvas.qr(&point.qr, x, y, side);
    y = canvas.paragraph(&url, MARGIN, y + side + after_code, CONTENT, Align::Center, Ink::DARK) + after_url;
    canvas.paragraph(&quick, MARGIN, y, CONTENT, Align::Center, Ink::DARK);
}

/// Viewfinder corners just outside the code's quiet zone: they say "point the camera here"
/// without touching the white the scanner needs.
fn corner_marks(canvas: &mut Canvas<'_, '_>, code: Rect) {
    let (arm, width) = (code.width * 0.14, 4.0);
    let out = MARKS - width / 2.0;
    let (left, top, right, bottom) = (code.x - out, code.y - out, code.right() + out, code.bottom() + out);
    canvas.stroke_path(Ink::BLACK, width, |path| {
        for (x, y, dx, dy) in
            [(left, top, 1.0, 1.0), (right, top, -1.0, 1.0), (left, bottom, 1.0, -1.0), (right, bottom, -1.0, -1.0)]
        {
            path.move_to(x + dx * arm, y);
            path.line_to(x, y);
            path.line_to(x, y + dy * arm);
        }
    });
}

/// A closed padlock `size` wide from (`x`, `y`), 1.25 × `size` tall.
fn padlock(canvas: &mut Canvas<'_, '_>, x: f32, y: f32, size: f32) {
    let body = Rect { x, y: y + size * 0.55, width: size, height: size * 0.7 };
    let (inset, shackle) = (size * 0.22, size * 0.13);
    canvas.stroke_path(Ink::BLACK, shackle, |path| {
        let (left, right) = (x + inset, x + size - inset);
        let (top, reach) = (y + shackle / 2.0, body.y);
        let round = (right - left) / 2.0;
        path.move_to(left, reach);
        path.line_to(left, top + round);
        path.cubic_to(left, top + round * 0.45, left + round * 0.45, top, left + round, top);
        path.cubic_to(right - round * 0.45, top, right, top + round * 0.45, right, top + round);
        path.line_to(right, reach);
    });
    canvas.fill_path(Ink::BLACK, |path| push_rounded_rect(path, body, size * 0.12));
    let keyhole =
        Rect { x: x + size * 0.44, y: body.y + body.height * 0.3, width: size * 0.12, height: body.height * 0.4 };
    canvas.fill_path(Ink::WHITE, |path| push_rounded_rect(path, keyhole, size * 0.06));
}
