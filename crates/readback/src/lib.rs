//! Reading documents back as a person or a phone would: the text of each page with where its
//! glyphs landed, and the QR codes a camera finds on a rendered page. Shared by the documents'
//! tests and the web tests, which check the same PDFs from two sides.

use hayro::hayro_interpret::font::{Glyph, GlyphRun};
use hayro::hayro_interpret::hayro_cmap::BfString;
use hayro::hayro_interpret::hayro_syntax::Pdf;
use hayro::hayro_interpret::kurbo::{Affine, BezPath, Point, Rect, Shape};
use hayro::hayro_interpret::util::TransformExt;
use hayro::hayro_interpret::{
    BlendMode, ClipPath, Context, Device, DrawMode, DrawProps, Image, ImageDrawProps, InterpreterCache,
    InterpreterSettings, SoftMask, interpret_page,
};
use hayro::vello_cpu::color::palette::css::WHITE;
use hayro::{PixmapSettings, RenderCache, RenderSettings};

/// A page's text, one line per baseline in drawing order, and the box of every glyph in
/// points from the page's top-left corner.
#[derive(Debug)]
pub struct PageText {
    pub width: f64,
    pub height: f64,
    pub text: String,
    pub glyph_boxes: Vec<Rect>,
}

impl PageText {
    /// The text with its lines joined by spaces, for sentences that wrap.
    pub fn flat(&self) -> String {
        self.text.replace('\n', " ")
    }
}

pub fn page_count(pdf: &[u8]) -> usize {
    Pdf::new(pdf.to_vec()).expect("a PDF hayro reads").pages().len()
}

pub fn pages(pdf: &[u8]) -> Vec<PageText> {
    let pdf = Pdf::new(pdf.to_vec()).expect("a PDF hayro reads");
    let cache = InterpreterCache::new();
    pdf.pages()
        .iter()
        .map(|page| {
            let (width, height) = page.render_dimensions();
            let bounds = Rect::new(0.0, 0.0, width.into(), height.into());
            let transform = page.initial_transform(true).to_kurbo();
            let mut context = Context::new(transform, bounds, &cache, page.xref(), InterpreterSettings::default());
            let mut reader = TextReader::default();
            interpret_page(page, &mut context, &mut reader);
            PageText { width: width.into(), height: height.into(), text: reader.text, glyph_boxes: reader.boxes }
        })
        .collect()
}

/// Every QR code readable on page `index` rendered at `scale` × 72 dpi.
pub fn scan_page(pdf: &[u8], index: usize, scale: f32) -> Vec<String> {
    let pdf = Pdf::new(pdf.to_vec()).expect("a PDF hayro reads");
    let page = &pdf.pages()[index];
    let pixmap = hayro::render(
        page,
        &RenderCache::new(),
        &InterpreterSettings::default(),
        &RenderSettings::default(),
        &PixmapSettings { x_scale: scale, y_scale: scale, bg_color: WHITE },
    );
    let width = usize::from(pixmap.width());
    let pixels = pixmap.data();
    scan_grey(width, usize::from(pixmap.height()), |x, y| pixels[y * width + x].r)
}

pub fn scan_grey(width: usize, height: usize, grey: impl Fn(usize, usize) -> u8) -> Vec<String> {
    let mut image = rqrr::PreparedImage::prepare_from_greyscale(width, height, grey);
    let mut found: Vec<String> =
        image.detect_grids().iter().filter_map(|grid| grid.decode().ok()).map(|(_, text)| text).collect();
    found.sort();
    found
}

#[derive(Default)]
struct TextReader {
    text: String,
    boxes: Vec<Rect>,
    baseline: Option<f64>,
}

impl<'a> Device<'a> for TextReader {
    fn draw_glyph_run(&mut self, run: &GlyphRun<'_, 'a>, props: DrawProps<'a>, _: &DrawMode) {
        for glyph in run.glyphs() {
            let placed: Affine = props.transform * glyph.transform();
            let origin = placed * Point::ZERO;
            if self.baseline.is_some_and(|y| (y - origin.y).abs() > 0.5) {
                self.text.push('\n');
            }
            self.baseline = Some(origin.y);
            match glyph.as_unicode() {
                Some(BfString::Char(c)) => self.text.push(c),
                Some(BfString::String(s)) => self.text.push_str(&s),
                None => self.text.push('\u{fffd}'),
            }
            if let Glyph::Outline(outline) = &**glyph {
                let path: BezPath = placed * outline.outline();
                if !path.elements().is_empty() {
                    self.boxes.push(path.bounding_box());
                }
            }
        }
    }

    fn draw_path(&mut self, _: &BezPath, _: DrawProps<'a>, _: &DrawMode) {}
    fn push_clip_path(&mut self, _: &ClipPath) {}
    fn push_transparency_group(&mut self, _: f32, _: Option<SoftMask<'a>>, _: BlendMode) {}
    fn draw_image(&mut self, _: Image<'a, '_>, _: ImageDrawProps<'a>) {}
    fn pop_clip(&mut self) {}
    fn pop_transparency_group(&mut self) {}
}
