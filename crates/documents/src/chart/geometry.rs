//! What a chart is once laid out: rectangles, lines and text in a box of its own units, with
//! nothing left to decide. The SVG writer and the PDF painter only translate these shapes, so a
//! chart on a page and in a report is the same drawing.

/// A colour as sRGB. Every colour the charts use is chosen for its lightness too
/// ([`Colour::lightness`]), so a chart printed in grey still tells its parts apart.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Colour(pub u8, pub u8, pub u8);

impl Colour {
    /// `#rrggbb`.
    pub fn hex(self) -> String {
        format!("#{:02x}{:02x}{:02x}", self.0, self.1, self.2)
    }

    /// Relative luminance from 0 (black) to 1 (white), as WCAG computes it: what a grey
    /// printer keeps of the colour.
    pub fn lightness(self) -> f32 {
        let linear = |c: u8| {
            let c = f32::from(c) / 255.0;
            if c <= 0.039_28 { c / 12.92 } else { ((c + 0.055) / 1.055).powf(2.4) }
        };
        0.2126 * linear(self.0) + 0.7152 * linear(self.1) + 0.0722 * linear(self.2)
    }

    /// The grey of the same lightness, 0 black to 255 white.
    pub fn grey(self) -> u8 {
        let l = self.lightness();
        let encoded = if l <= 0.003_130_8 { l * 12.92 } else { 1.055 * l.powf(1.0 / 2.4) - 0.055 };
        (encoded * 255.0).round().clamp(0.0, 255.0) as u8
    }
}

/// Where a line of text sits against its `x`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Anchor {
    Start,
    Middle,
    End,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Weight {
    Regular,
    Bold,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Shape {
    /// A filled rectangle; `tip` is what a pointer resting on it shows (the full name and figure).
    Rect {
        x: f32,
        y: f32,
        width: f32,
        height: f32,
        fill: Colour,
        tip: Option<String>,
    },
    Line {
        x1: f32,
        y1: f32,
        x2: f32,
        y2: f32,
        colour: Colour,
        width: f32,
    },
    /// One line of text; `y` is its baseline.
    Text {
        x: f32,
        y: f32,
        text: String,
        size: f32,
        anchor: Anchor,
        weight: Weight,
        colour: Colour,
    },
}

/// A laid-out chart: `width` × `height` units, y growing downwards. `title` names it for screen
/// readers and the PDF; `summary` says in a sentence what it shows.
#[derive(Debug, Clone, PartialEq)]
pub struct Chart {
    pub width: f32,
    pub height: f32,
    pub title: String,
    pub summary: String,
    pub shapes: Vec<Shape>,
}

impl Chart {
    /// Every text the chart draws, in order (for tests and for checking what a reader sees).
    pub fn texts(&self) -> impl Iterator<Item = &str> {
        self.shapes.iter().filter_map(|s| if let Shape::Text { text, .. } = s { Some(text.as_str()) } else { None })
    }

    /// Every rectangle, in drawing order.
    pub fn rects(&self) -> impl Iterator<Item = (f32, f32, f32, f32, Colour)> + '_ {
        self.shapes.iter().filter_map(|s| match s {
            Shape::Rect { x, y, width, height, fill, .. } => Some((*x, *y, *width, *height, *fill)),
            _ => None,
        })
    }
}

/// Roughly how wide `text` runs at `size`: Noto Sans averages a little over half an em per
/// character in Vietnamese. Layout uses it to decide what fits; it errs wide.
pub fn text_width(text: &str, size: f32, weight: Weight) -> f32 {
    let per_char = match weight {
        Weight::Regular => 0.56,
        Weight::Bold => 0.61,
    };
    text.chars().count() as f32 * size * per_char
}

/// `text` cut at a word (or, failing that, a character) with "…" so that it fits in `width`.
pub fn shorten(text: &str, size: f32, weight: Weight, width: f32) -> String {
    if text_width(text, size, weight) <= width {
        return text.to_owned();
    }
    let room = ((width / (size * 0.61)).floor() as usize).saturating_sub(1).max(1);
    let cut: String = text.chars().take(room).collect();
    let at_word = match cut.rfind(' ') {
        Some(space) if space > cut.len() / 2 => &cut[..space],
        _ => cut.as_str(),
    };
    format!("{}…", at_word.trim_end_matches([' ', ',', '-', '–']))
}

/// Diagonal hatching inside a rectangle, as lines: the mark of a figure too uncertain to rank,
/// which survives grey print and photocopying where a paler colour would not.
pub fn hatch(x: f32, y: f32, width: f32, height: f32, gap: f32, colour: Colour) -> Vec<Shape> {
    let mut lines = Vec::new();
    if width <= 0.0 || height <= 0.0 {
        return lines;
    }
    // Lines rising to the right: x - (y_bottom - y) = c, for c from left - height to right.
    let mut c = x - height + gap / 2.0;
    while c < x + width {
        let (mut x1, mut y1) = (c, y + height);
        if x1 < x {
            y1 -= x - x1;
            x1 = x;
        }
        let (mut x2, mut y2) = (c + height, y);
        if x2 > x + width {
            y2 += x2 - (x + width);
            x2 = x + width;
        }
        if x2 > x1 {
            lines.push(Shape::Line { x1, y1, x2, y2, colour, width: 1.2 });
        }
        c += gap;
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lightness_orders_greys_and_white_is_white() {
        assert_eq!(Colour(255, 255, 255).grey(), 255);
        assert_eq!(Colour(0, 0, 0).grey(), 0);
        assert_eq!(Colour(119, 119, 119).grey(), 119);
        assert!(Colour(8, 81, 156).lightness() < Colour(107, 174, 214).lightness());
    }

    #[test]
    fn long_text_is_shortened_at_a_word_and_fits() {
        let name = "Bộ phận tiếp nhận và trả kết quả xã Tân Dĩnh, huyện Lạng Giang";
        let short = shorten(name, 12.0, Weight::Regular, 200.0);
        assert!(short.ends_with('…') && text_width(&short, 12.0, Weight::Regular) <= 200.0, "{short}");
        assert!(name.starts_with(short.trim_end_matches('…')));
        assert_eq!(shorten("Xã Tân Dĩnh", 12.0, Weight::Regular, 200.0), "Xã Tân Dĩnh");
    }

    #[test]
    fn hatching_stays_inside_its_rectangle() {
        let lines = hatch(10.0, 20.0, 50.0, 12.0, 5.0, Colour(0, 0, 0));
        assert!(lines.len() >= 10, "{}", lines.len());
        for line in lines {
            let Shape::Line { x1, y1, x2, y2, .. } = line else { panic!("only lines") };
            for (x, y) in [(x1, y1), (x2, y2)] {
                assert!(
                    (10.0 - 1e-3..=60.0 + 1e-3).contains(&x) && (20.0 - 1e-3..=32.0 + 1e-3).contains(&y),
                    "{x},{y}"
                );
            }
            assert!(((x2 - x1) - (y1 - y2)).abs() < 1e-3, "45 degrees");
        }
        assert!(hatch(0.0, 0.0, 0.0, 10.0, 5.0, Colour(0, 0, 0)).is_empty());
    }
}
