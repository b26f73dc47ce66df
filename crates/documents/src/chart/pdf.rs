//! A chart painted on a PDF page: the same shapes as the SVG, in points, scaled to the column
//! it is given. Text is shaped with the documents' Noto Sans, so it is real, searchable text.

use super::geometry::{Anchor, Chart, Colour, Shape, Weight};
use crate::pdf::{Align, Canvas, FONTS, Ink, Paragraph, Rect};

/// Paints `chart` with its top-left corner at (`x`, `y`), `width` points wide. Returns its
/// height on the page.
pub fn paint(canvas: &mut Canvas<'_, '_>, chart: &Chart, x: f32, y: f32, width: f32) -> f32 {
    let factor = width / chart.width;
    canvas.placed(x, y, factor, |canvas| {
        for shape in &chart.shapes {
            match shape {
                Shape::Rect { x, y, width, height, fill, .. } => {
                    canvas.fill_rgb(Rect { x: *x, y: *y, width: *width, height: *height }, rgb(*fill));
                }
                Shape::Line { x1, y1, x2, y2, colour, width } => {
                    canvas.line_rgb((*x1, *y1), (*x2, *y2), rgb(*colour), *width);
                }
                Shape::Text { x, y, text, size, anchor, weight, colour } => {
                    let face = match weight {
                        Weight::Regular => &FONTS.regular,
                        Weight::Bold => &FONTS.bold,
                    };
                    let line = Paragraph::wrapped(face, text, *size, f32::MAX);
                    let run = line.width();
                    let left = match anchor {
                        Anchor::Start => *x,
                        Anchor::Middle => *x - run / 2.0,
                        Anchor::End => *x - run,
                    };
                    let top = *y - line.baseline_offset();
                    canvas.paragraph(&line, left, top, run, Align::Left, Ink(colour.grey()));
                }
            }
        }
    });
    chart.height * factor
}

fn rgb(colour: Colour) -> (u8, u8, u8) {
    (colour.0, colour.1, colour.2)
}
