//! Paragraphs: text shaped once at one em, then wrapped, sized and balanced by arithmetic, since
//! advances scale with the size and nothing is hinted in print.

use std::ops::{Range, RangeInclusive};

use krilla::text::{GlyphId, KrillaGlyph};
use rustybuzz::{Direction, UnicodeBuffer};

use super::fonts::Typeface;

/// Line height in ems unless a paragraph says otherwise: room for Vietnamese capitals that
/// carry two marks (Ễ, Ậ) under a line with descenders.
const LEADING: f32 = 1.3;

/// Steps in which `fitted` shrinks text.
const SIZE_STEP: f32 = 0.5;

#[derive(Debug, Clone)]
pub struct Paragraph {
    face: &'static Typeface,
    text: String,
    /// Advances and offsets in ems.
    glyphs: Vec<KrillaGlyph>,
    /// Glyph ranges, one per line, without the spaces at the breaks.
    lines: Vec<Range<usize>>,
    size: f32,
    leading: f32,
}

/// One line ready to draw: its glyphs index `text`, which the PDF keeps for copying and search.
#[derive(Debug)]
pub struct Line<'p> {
    pub face: &'static Typeface,
    pub text: &'p str,
    pub glyphs: &'p [KrillaGlyph],
    pub size: f32,
    pub width: f32,
}

impl Paragraph {
    /// `text` at `size`, wrapped to `width`.
    pub fn wrapped(face: &'static Typeface, text: &str, size: f32, width: f32) -> Paragraph {
        let mut paragraph =
            Paragraph { face, text: text.to_owned(), glyphs: shape(face, text), lines: vec![], size, leading: LEADING };
        paragraph.lines = paragraph.wrap(width / size);
        paragraph
    }

    /// The largest size from `sizes.start()` down to `sizes.end()` at which `text` fits in
    /// `max_lines` lines of `width`; at the smallest size it takes the lines it needs, since
    /// a name cut short would be worse than a crowded poster.
    pub fn fitted(
        face: &'static Typeface,
        text: &str,
        width: f32,
        max_lines: usize,
        sizes: RangeInclusive<f32>,
    ) -> Paragraph {
        let (largest, smallest) = sizes.into_inner();
        let mut paragraph = Paragraph::wrapped(face, text, largest, width);
        while paragraph.lines.len() > max_lines && paragraph.size > smallest {
            paragraph.size = (paragraph.size - SIZE_STEP).max(smallest);
            paragraph.lines = paragraph.wrap(width / paragraph.size);
        }
        paragraph
    }

    /// The same number of lines, as even as they can be: a centred heading then reads as a
    /// block instead of a long line and a lonely last word.
    pub fn balanced(mut self) -> Paragraph {
        let count = self.lines.len();
        if count < 2 {
            return self;
        }
        let (mut fits, mut too_narrow) = (self.width() / self.size, 0.0);
        for _ in 0..16 {
            let middle = (fits + too_narrow) / 2.0;
            if self.wrap(middle).len() == count {
                fits = middle;
            } else {
                too_narrow = middle;
            }
        }
        self.lines = self.wrap(fits);
        self
    }

    /// Line height as a multiple of the size.
    pub fn with_leading(mut self, leading: f32) -> Paragraph {
        self.leading = leading;
        self
    }

    pub fn line_height(&self) -> f32 {
        self.size * self.leading
    }

    pub fn height(&self) -> f32 {
        self.lines.len() as f32 * self.line_height()
    }

    /// The widest line.
    pub fn width(&self) -> f32 {
        self.lines.iter().map(|line| self.em_width(line.clone()) * self.size).fold(0.0, f32::max)
    }

    /// From the top of a line's box to its baseline: the face's own ascender, with the extra
    /// leading split above and below as CSS does.
    pub fn baseline_offset(&self) -> f32 {
        let (ascender, descender) = self.face.vertical_metrics();
        (self.leading - (ascender - descender)) / 2.0 * self.size + ascender * self.size
    }

    pub fn lines(&self) -> impl Iterator<Item = Line<'_>> {
        self.lines.iter().map(|range| Line {
            face: self.face,
            text: &self.text,
            glyphs: &self.glyphs[range.clone()],
            size: self.size,
            width: self.em_width(range.clone()) * self.size,
        })
    }

    fn em_width(&self, glyphs: Range<usize>) -> f32 {
        self.glyphs[glyphs].iter().map(|g| g.x_advance).sum()
    }

    fn glyph_text(&self, index: usize) -> &str {
        &self.text[self.glyphs[index].text_range.clone()]
    }

    fn is_space(&self, index: usize) -> bool {
        self.glyph_text(index).chars().all(char::is_whitespace)
    }

    /// Where a word with no space in it, such as a web address, may still break.
    fn breaks_after(&self, index: usize) -> bool {
        self.glyph_text(index).ends_with(['/', '-', '.', '_', '?', '&'])
    }

    /// Whether a line may start at this glyph without splitting a cluster.
    fn starts_cluster(&self, index: usize) -> bool {
        index == 0 || self.glyphs[index].text_range != self.glyphs[index - 1].text_range
    }

    /// Greedy line breaking at `width` ems: after the last space that fits, else after the last
    /// slash, dash or dot, else between any two clusters.
    fn wrap(&self, width: f32) -> Vec<Range<usize>> {
        let count = self.glyphs.len();
        let mut lines = Vec::new();
        let mut start = 0;
        loop {
            while start < count && self.is_space(start) {
                start += 1;
            }
            if start == count {
                return lines;
            }
            let (mut used, mut end) = (0.0, start);
            let (mut last_space, mut last_soft) = (None, None);
            while end < count {
                if self.is_space(end) {
                    last_space = Some(end);
                }
                used += self.glyphs[end].x_advance;
                if used > width && end > start {
                    break;
                }
                if self.breaks_after(end) {
                    last_soft = Some(end + 1);
                }
                end += 1;
            }
            let (line_end, next) = if end == count {
                (count, count)
            } else if let Some(space) = last_space.filter(|&space| space > start) {
                (space, space + 1)
            } else if let Some(soft) = last_soft {
                (soft, soft)
            } else {
                let mut cut = end;
                while cut > start + 1 && !self.starts_cluster(cut) {
                    cut -= 1;
                }
                (cut, cut)
            };
            let mut trimmed = line_end;
            while trimmed > start && self.is_space(trimmed - 1) {
                trimmed -= 1;
            }
            lines.push(start..trimmed);
            start = next;
        }
    }
}

/// Shapes left to right (Vietnamese and web addresses) at one em.
fn shape(face: &Typeface, text: &str) -> Vec<KrillaGlyph> {
    let mut buffer = UnicodeBuffer::new();
    buffer.push_str(text);
    buffer.set_direction(Direction::LeftToRight);
    buffer.guess_segment_properties();
    let shaped = rustybuzz::shape(&face.shaper, &[], buffer);
    let per_em = face.shaper.units_per_em() as f32;
    let infos = shaped.glyph_infos();
    infos
        .iter()
        .zip(shaped.glyph_positions())
        .enumerate()
        .map(|(index, (info, position))| {
            let start = info.cluster as usize;
            // A cluster's text runs to where the next cluster starts.
            let end = infos[index..]
                .iter()
                .map(|next| next.cluster as usize)
                .find(|&cluster| cluster != start)
                .unwrap_or(text.len());
            KrillaGlyph::new(
                GlyphId::new(info.glyph_id),
                position.x_advance as f32 / per_em,
                position.x_offset as f32 / per_em,
                position.y_offset as f32 / per_em,
                position.y_advance as f32 / per_em,
                start..end,
                None,
            )
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pdf::fonts::FONTS;

    fn line_texts(paragraph: &Paragraph) -> Vec<String> {
        paragraph
            .lines()
            .map(|line| {
                let first = line.glyphs.first().map_or(0, |g| g.text_range.start);
                let last = line.glyphs.last().map_or(0, |g| g.text_range.end);
                line.text[first..last].to_owned()
            })
            .collect()
    }

    #[test]
    fn words_wrap_at_spaces_and_every_line_fits() {
        let text = "Bộ phận Tiếp nhận và Trả kết quả giải quyết thủ tục hành chính xã Tân Dĩnh";
        let paragraph = Paragraph::wrapped(&FONTS.regular, text, 20.0, 300.0);
        let lines = line_texts(&paragraph);
        assert!(lines.len() >= 3, "{lines:?}");
        assert_eq!(lines.join(" "), text);
        assert!(paragraph.lines().all(|line| line.width <= 300.0));
    }

    #[test]
    fn a_long_word_breaks_after_a_slash_then_anywhere() {
        let url = "https://khaosat.bacgiang.gov.vn/q/abcdefghijklmnopqrstuvwx";
        let lines = line_texts(&Paragraph::wrapped(&FONTS.mono, url, 10.0, 200.0));
        assert_eq!(lines.concat(), url);
        assert!(lines[0].ends_with('/'), "{lines:?}");
        let lines = line_texts(&Paragraph::wrapped(&FONTS.mono, &"x".repeat(80), 10.0, 100.0));
        assert!(lines.len() > 1 && lines.iter().all(|line| !line.is_empty()), "{lines:?}");
    }

    #[test]
    fn fitting_shrinks_until_the_lines_fit_and_stops_at_the_smallest_size() {
        let name = "Trung tâm Phục vụ hành chính công tỉnh Bắc Giang - Chi nhánh huyện Lục Ngạn";
        let size = |paragraph: &Paragraph| paragraph.lines().next().unwrap().size;
        let fitted = Paragraph::fitted(&FONTS.bold, name, 480.0, 2, 34.0..=18.0);
        assert!(size(&fitted) < 34.0 && size(&fitted) >= 18.0 && fitted.lines().count() <= 2);
        let crowded = Paragraph::fitted(&FONTS.bold, &name.repeat(4), 480.0, 2, 34.0..=18.0);
        assert_eq!(size(&crowded), 18.0);
        assert!(crowded.lines().count() > 2, "nothing is cut");
    }

    #[test]
    fn balancing_keeps_the_line_count_and_evens_the_lines() {
        let text = "Quét mã QR để đánh giá mức độ hài lòng của Ông/Bà";
        let greedy = Paragraph::wrapped(&FONTS.bold, text, 22.0, 480.0);
        let balanced = greedy.clone().balanced();
        assert_eq!(greedy.lines().count(), 2);
        assert_eq!(balanced.lines().count(), 2);
        let widths: Vec<f32> = balanced.lines().map(|line| line.width).collect();
        assert!(widths[1] > greedy.lines().nth(1).unwrap().width, "the last line got longer");
        assert!((widths[0] - widths[1]).abs() < 120.0, "{widths:?}");
    }
}
