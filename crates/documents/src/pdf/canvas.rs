//! Drawing on a page in points from its top-left corner, in greys: posters are printed on
//! office printers, often in black and white, so nothing may depend on colour. Charts alone
//! paint in colour ([`Canvas::fill_rgb`]), from a palette chosen to read in grey too.

use krilla::color::{luma, rgb};
use krilla::geom::{Path, PathBuilder, Point, Transform};
use krilla::paint::{Fill, LineCap, LineJoin, Stroke};
use krilla::surface::Surface;

use super::text::Paragraph;
use crate::qr::Qr;

/// A grey, 0 black to 255 white.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Ink(pub u8);

impl Ink {
    pub const BLACK: Ink = Ink(0);
    /// Secondary text: still sharp on a worn toner cartridge.
    pub const DARK: Ink = Ink(64);
    /// Rules and frames.
    pub const MID: Ink = Ink(140);
    pub const WHITE: Ink = Ink(255);
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Align {
    Left,
    Center,
    Right,
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Rect {
    pub x: f32,
    pub y: f32,
    pub width: f32,
    pub height: f32,
}

impl Rect {
    pub fn right(&self) -> f32 {
        self.x + self.width
    }

    pub fn bottom(&self) -> f32 {
        self.y + self.height
    }
}

pub struct Canvas<'s, 'p> {
    surface: &'s mut Surface<'p>,
}

impl<'s, 'p> Canvas<'s, 'p> {
    pub(super) fn new(surface: &'s mut Surface<'p>) -> Self {
        Canvas { surface }
    }

    /// Draws with everything scaled by `factor` around the top-left corner: one design serves
    /// every paper size of the same proportions.
    pub fn scaled(&mut self, factor: f32, draw: impl FnOnce(&mut Canvas<'_, 'p>)) {
        self.surface.push_transform(&Transform::from_scale(factor, factor));
        draw(&mut Canvas { surface: self.surface });
        self.surface.pop();
    }

    /// Draws with the origin moved to (`x`, `y`) and everything scaled by `factor`: a chart laid
    /// out in its own units placed in a column of the page.
    pub fn placed(&mut self, x: f32, y: f32, factor: f32, draw: impl FnOnce(&mut Canvas<'_, 'p>)) {
        self.surface.push_transform(&Transform::from_row(factor, 0.0, 0.0, factor, x, y));
        draw(&mut Canvas { surface: self.surface });
        self.surface.pop();
    }

    pub fn rect(&mut self, rect: Rect, ink: Ink) {
        self.fill_path(ink, |path| push_rect(path, rect));
    }

    /// A path filled with `ink`; `build` adds the outlines.
    pub fn fill_path(&mut self, ink: Ink, build: impl FnOnce(&mut PathBuilder)) {
        if let Some(path) = build_path(build) {
            self.surface.set_stroke(None);
            self.surface.set_fill(Some(solid(ink)));
            self.surface.draw_path(&path);
        }
    }

    /// A rectangle filled with an sRGB colour.
    pub fn fill_rgb(&mut self, rect: Rect, (red, green, blue): (u8, u8, u8)) {
        if let Some(path) = build_path(|path| push_rect(path, rect)) {
            self.surface.set_stroke(None);
            self.surface.set_fill(Some(Fill { paint: rgb::Color::new(red, green, blue).into(), ..Fill::default() }));
            self.surface.draw_path(&path);
        }
    }

    /// A straight line in an sRGB colour, `width` wide with round ends.
    pub fn line_rgb(&mut self, from: (f32, f32), to: (f32, f32), (red, green, blue): (u8, u8, u8), width: f32) {
        let paint = rgb::Color::new(red, green, blue).into();
        self.stroke(paint, width, |path| {
            path.move_to(from.0, from.1);
            path.line_to(to.0, to.1);
        });
    }

    /// A path stroked `width` wide with round ends and joins.
    pub fn stroke_path(&mut self, ink: Ink, width: f32, build: impl FnOnce(&mut PathBuilder)) {
        self.stroke(luma::Color::new(ink.0).into(), width, build);
    }

    fn stroke(&mut self, paint: krilla::paint::Paint, width: f32, build: impl FnOnce(&mut PathBuilder)) {
        if let Some(path) = build_path(build) {
            self.surface.set_fill(None);
            self.surface.set_stroke(Some(Stroke {
                paint,
                width,
                line_cap: LineCap::Round,
                line_join: LineJoin::Round,
                ..Stroke::default()
            }));
            self.surface.draw_path(&path);
            self.surface.set_stroke(None);
        }
    }

    /// The paragraph's lines from `top`, placed in the column from `x`, `width` wide. Returns
    /// where the paragraph ends.
    pub fn paragraph(&mut self, paragraph: &Paragraph, x: f32, top: f32, width: f32, align: Align, ink: Ink) -> f32 {
        self.surface.set_stroke(None);
        self.surface.set_fill(Some(solid(ink)));
        let mut baseline = top + paragraph.baseline_offset();
        for line in paragraph.lines() {
            let left = match align {
                Align::Left => x,
                Align::Center => x + (width - line.width) / 2.0,
                Align::Right => x + width - line.width,
            };
            self.surface.draw_glyphs(
                Point::from_xy(left, baseline),
                line.glyphs,
                line.face.embedded.clone(),
                line.text,
                line.size,
                false,
            );
            baseline += paragraph.line_height();
        }
        top + paragraph.height()
    }

    /// `qr` as a `side` × `side` square from (`x`, `y`), quiet zone included and painted white
    /// so that a tinted background can never eat into it.
    pub fn qr(&mut self, qr: &Qr, x: f32, y: f32, side: f32) {
        self.rect(Rect { x, y, width: side, height: side }, Ink::WHITE);
        // Drawn in modules, so the page holds small whole numbers: a third of the bytes.
        let module = side / qr.width_with_quiet_zone() as f32;
        let in_modules = Transform::from_row(module, 0.0, 0.0, module, x, y);
        self.surface.push_transform(&in_modules);
        self.fill_path(Ink::BLACK, |path| {
            for run in qr.dark_runs() {
                push_rect(path, Rect { x: run.x as f32, y: run.y as f32, width: run.len as f32, height: 1.0 });
            }
        });
        self.surface.pop();
    }
}

fn solid(ink: Ink) -> Fill {
    Fill { paint: luma::Color::new(ink.0).into(), ..Fill::default() }
}

fn build_path(build: impl FnOnce(&mut PathBuilder)) -> Option<Path> {
    let mut builder = PathBuilder::new();
    build(&mut builder);
    builder.finish()
}

/// Adds `rect` unless it is empty, which a layout squeezed to nothing may ask for.
fn push_rect(path: &mut PathBuilder, rect: Rect) {
    if let Some(rect) = krilla::geom::Rect::from_xywh(rect.x, rect.y, rect.width, rect.height) {
        path.push_rect(rect);
    }
}

/// Adds `rect` with corners rounded to `radius`.
pub fn push_rounded_rect(path: &mut PathBuilder, rect: Rect, radius: f32) {
    let r = radius.min(rect.width / 2.0).min(rect.height / 2.0).max(0.0);
    // Control points at this fraction of the radius make a quarter circle out of a cubic.
    let k = r * (1.0 - 0.552_284_8);
    let (left, top, right, bottom) = (rect.x, rect.y, rect.right(), rect.bottom());
    path.move_to(left + r, top);
    path.line_to(right - r, top);
    path.cubic_to(right - k, top, right, top + k, right, top + r);
    path.line_to(right, bottom - r);
    path.cubic_to(right, bottom - k, right - k, bottom, right - r, bottom);
    path.line_to(left + r, bottom);
    path.cubic_to(left + k, bottom, left, bottom - k, left, bottom - r);
    path.line_to(left, top + r);
    path.cubic_to(left, top + k, left + k, top, left + r, top);
    path.close();
}
