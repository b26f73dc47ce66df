//! The vendored Noto faces (see `fonts/README.md`), parsed once per process.

use std::sync::LazyLock;

/// A font as both halves of the PDF work need it: rustybuzz shapes and measures, krilla embeds
/// the glyphs actually drawn.
pub struct Typeface {
    pub(super) shaper: rustybuzz::Face<'static>,
    pub(super) embedded: krilla::text::Font,
}

impl Typeface {
    fn load(data: &'static [u8]) -> Typeface {
        let shaper = rustybuzz::Face::from_slice(data, 0).expect("the vendored font parses");
        let embedded = krilla::text::Font::new(data.into(), 0).expect("the vendored font parses");
        Typeface { shaper, embedded }
    }

    /// Ascender and descender (negative) in ems: the box a line of this face needs.
    pub fn vertical_metrics(&self) -> (f32, f32) {
        let per_em = self.shaper.units_per_em() as f32;
        (f32::from(self.shaper.ascender()) / per_em, f32::from(self.shaper.descender()) / per_em)
    }
}

impl std::fmt::Debug for Typeface {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Typeface").field("glyphs", &self.shaper.number_of_glyphs()).finish_non_exhaustive()
    }
}

#[derive(Debug)]
pub struct Fonts {
    pub regular: Typeface,
    pub bold: Typeface,
    /// For web addresses: every character the same width, so none is misread or skipped.
    pub mono: Typeface,
}

pub static FONTS: LazyLock<Fonts> = LazyLock::new(|| Fonts {
    regular: Typeface::load(include_bytes!("../../fonts/NotoSans-Regular.ttf")),
    bold: Typeface::load(include_bytes!("../../fonts/NotoSans-Bold.ttf")),
    mono: Typeface::load(include_bytes!("../../fonts/NotoSansMono-Regular.ttf")),
});
