//! A chart as an SVG element to put in a page: scalable (a `viewBox`, no fixed size), named for
//! screen readers (`role="img"`, `aria-label` and a `<title>`), every text escaped. It uses
//! presentation attributes only, never `style`, so the pages' Content-Security-Policy holds.

use std::fmt::Write;

use super::geometry::{Anchor, Chart, Shape, Weight};
use crate::text::one_line;

/// The fonts the pages use, Noto Sans (the PDF's) first.
const FONTS: &str = "'Noto Sans','Segoe UI',Roboto,Arial,sans-serif";

/// `<svg …>…</svg>` for `chart`, with `class` on the root for the page's stylesheet.
pub fn to_svg(chart: &Chart, class: &str) -> String {
    let mut out = String::with_capacity(256 + chart.shapes.len() * 96);
    let label = escape(&label(chart));
    let _ = write!(
        out,
        r#"<svg xmlns="http://www.w3.org/2000/svg" class="{}" viewBox="0 0 {} {}" role="img" aria-label="{label}" font-family="{FONTS}"><title>{label}</title>"#,
        escape(class),
        num(chart.width),
        num(chart.height),
    );
    for shape in &chart.shapes {
        match shape {
            Shape::Rect { x, y, width, height, fill, tip } => {
                let _ = write!(
                    out,
                    r#"<rect x="{}" y="{}" width="{}" height="{}" fill="{}""#,
                    num(*x),
                    num(*y),
                    num(width.max(0.0)),
                    num(height.max(0.0)),
                    fill.hex()
                );
                match tip {
                    Some(tip) => {
                        let _ = write!(out, "><title>{}</title></rect>", escape(&one_line(tip)));
                    }
                    None => out.push_str("/>"),
                }
            }
            Shape::Line { x1, y1, x2, y2, colour, width } => {
                let _ = write!(
                    out,
                    r#"<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="{}" stroke-width="{}" stroke-linecap="round"/>"#,
                    num(*x1),
                    num(*y1),
                    num(*x2),
                    num(*y2),
                    colour.hex(),
                    num(*width)
                );
            }
            Shape::Text { x, y, text, size, anchor, weight, colour } => {
                let anchor = match anchor {
                    Anchor::Start => "start",
                    Anchor::Middle => "middle",
                    Anchor::End => "end",
                };
                let bold = if *weight == Weight::Bold { r#" font-weight="700""# } else { "" };
                let _ = write!(
                    out,
                    r#"<text x="{}" y="{}" font-size="{}" text-anchor="{anchor}" fill="{}"{bold}>{}</text>"#,
                    num(*x),
                    num(*y),
                    num(*size),
                    colour.hex(),
                    escape(&one_line(text))
                );
            }
        }
    }
    out.push_str("</svg>");
    out
}

/// The title and the one-sentence summary, as a screen reader announces the image.
fn label(chart: &Chart) -> String {
    let title = one_line(&chart.title);
    let summary = one_line(&chart.summary);
    if summary.is_empty() { title } else { format!("{title}. {summary}") }
}

/// Coordinates with at most two decimals: the file stays small and diffs read.
fn num(value: f32) -> String {
    let rounded = (value * 100.0).round() / 100.0;
    if rounded == rounded.trunc() { format!("{}", rounded as i64) } else { format!("{rounded}") }
}

/// Text and attribute values as XML character data: markup in a unit's name stays text.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_short() {
        assert_eq!(num(12.0), "12");
        assert_eq!(num(12.345), "12.35");
        assert_eq!(num(-0.5), "-0.5");
    }

    #[test]
    fn markup_and_quotes_are_escaped() {
        assert_eq!(
            escape(r#"<script>"a" & 'b'</script>"#),
            "&lt;script&gt;&quot;a&quot; &amp; &#39;b&#39;&lt;/script&gt;"
        );
    }
}
