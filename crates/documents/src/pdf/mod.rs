//! A small layer over krilla with what the documents share: the fonts, paragraphs and a canvas
//! in greys. krilla subsets the fonts, so a PDF carries only the glyphs it draws.

mod canvas;
mod fonts;
mod text;

pub use canvas::{Align, Canvas, Ink, Rect, push_rounded_rect};
pub use fonts::FONTS;
pub use text::Paragraph;

use krilla::Document;
use krilla::metadata::Metadata;
use krilla::page::PageSettings;

use crate::error::DocumentError;

/// Points per millimetre.
pub const MM: f32 = 72.0 / 25.4;

pub struct Pdf {
    document: Document,
}

impl Pdf {
    /// An empty document whose metadata says it is `title`, in Vietnamese.
    pub fn new(title: &str) -> Pdf {
        let mut document = Document::new();
        document.set_metadata(
            Metadata::new().title(title.to_owned()).language("vi".to_owned()).creator("Hài Lòng".to_owned()),
        );
        Pdf { document }
    }

    /// Adds a `width` × `height` page (points) and lets `draw` fill it.
    pub fn page(&mut self, width: f32, height: f32, draw: impl FnOnce(&mut Canvas<'_, '_>)) {
        let settings = PageSettings::from_wh(width, height).expect("paper sizes are positive");
        let mut page = self.document.start_page_with(settings);
        let mut surface = page.surface();
        draw(&mut Canvas::new(&mut surface));
        surface.finish();
        page.finish();
    }

    pub fn finish(self) -> Result<Vec<u8>, DocumentError> {
        self.document.finish().map_err(|e| DocumentError::Pdf(e.to_string()))
    }
}
