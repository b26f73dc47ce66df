//! How the answers spread over a scale's levels, one 100% stacked bar per question, the levels
//! in steps of one blue from light (lowest) to dark (highest), each part wide enough labelled
//! with its share, and a legend naming the levels in order.

use super::geometry::{Anchor, Chart, Colour, Shape, Weight, shorten, text_width};
use super::palette::{INK, MUTED, TRACK, levels as level_colours, text_on};

const WIDTH: f32 = 420.0;
const PAD: f32 = 6.0;
const LABEL: f32 = 12.0;
const SMALL_TEXT: f32 = 11.0;
const BAR_HEIGHT: f32 = 18.0;
const ROW: f32 = LABEL * 1.35 + BAR_HEIGHT + 10.0;
const SWATCH: f32 = 11.0;
/// A part narrower than this carries no share label (the legend and the table still say it).
const LABELLED_PART: f32 = 28.0;

#[derive(Debug, Clone, PartialEq)]
pub struct Stack {
    pub label: String,
    /// Answers per level, in the scale's order (lowest first).
    pub counts: Vec<u64>,
    /// What the bar rests on, as the reader writes numbers: "n = 50.000".
    pub note: String,
}

/// One bar per stack over the levels named by `levels` (lowest first); `percent` writes a share
/// as the reader writes it ("12%").
pub fn level_distribution(
    stacks: &[Stack],
    levels: &[String],
    title: &str,
    summary: &str,
    percent: impl Fn(f64) -> String,
) -> Chart {
    let colours = level_colours(levels.len());
    let mut shapes = Vec::new();
    let plot_width = WIDTH - 2.0 * PAD;
    let mut y = PAD + legend(&mut shapes, levels, &colours, PAD, PAD, plot_width) + 8.0;
    for stack in stacks {
        let total: u64 = stack.counts.iter().sum();
        shapes.push(Shape::Text {
            x: PAD,
            y: y + LABEL * 1.05,
            text: shorten(&stack.label, LABEL, Weight::Regular, plot_width - 50.0),
            size: LABEL,
            anchor: Anchor::Start,
            weight: Weight::Regular,
            colour: INK,
        });
        shapes.push(Shape::Text {
            x: PAD + plot_width,
            y: y + LABEL * 1.05,
            text: stack.note.clone(),
            size: SMALL_TEXT,
            anchor: Anchor::End,
            weight: Weight::Regular,
            colour: MUTED,
        });
        let bar_y = y + LABEL * 1.35 + 2.0;
        shapes.push(Shape::Rect { x: PAD, y: bar_y, width: plot_width, height: BAR_HEIGHT, fill: TRACK, tip: None });
        let mut x = PAD;
        for ((count, colour), name) in stack.counts.iter().zip(&colours).zip(levels) {
            if total == 0 || *count == 0 {
                continue;
            }
            let share = *count as f64 / total as f64;
            let width = plot_width * share as f32;
            let label = percent(100.0 * share);
            shapes.push(Shape::Rect {
                x,
                y: bar_y,
                width,
                height: BAR_HEIGHT,
                fill: *colour,
                tip: Some(format!("{}: {name} {label} ({count})", stack.label)),
            });
            if width >= LABELLED_PART.max(text_width(&label, SMALL_TEXT, Weight::Bold) + 4.0) {
                shapes.push(Shape::Text {
                    x: x + width / 2.0,
                    y: bar_y + BAR_HEIGHT / 2.0 + SMALL_TEXT * 0.35,
                    text: label,
                    size: SMALL_TEXT,
                    anchor: Anchor::Middle,
                    weight: Weight::Bold,
                    colour: text_on(*colour),
                });
            }
            x += width;
        }
        y += ROW;
    }
    Chart { width: WIDTH, height: y + PAD, title: title.to_owned(), summary: summary.to_owned(), shapes }
}

/// Swatches with the levels' names, lowest first, wrapping as words do. Returns its height.
fn legend(shapes: &mut Vec<Shape>, levels: &[String], colours: &[Colour], left: f32, top: f32, width: f32) -> f32 {
    let line = SMALL_TEXT * 1.6;
    let (mut x, mut y) = (left, top);
    for (name, colour) in levels.iter().zip(colours) {
        let name = shorten(name, SMALL_TEXT, Weight::Regular, width - SWATCH - 4.0);
        let item = SWATCH + 4.0 + text_width(&name, SMALL_TEXT, Weight::Regular) + 12.0;
        if x > left && x + item > left + width {
            (x, y) = (left, y + line);
        }
        shapes.push(Shape::Rect { x, y, width: SWATCH, height: SWATCH, fill: *colour, tip: None });
        shapes.push(Shape::Text {
            x: x + SWATCH + 4.0,
            y: y + SWATCH - 1.5,
            text: name,
            size: SMALL_TEXT,
            anchor: Anchor::Start,
            weight: Weight::Regular,
            colour: INK,
        });
        x += item;
    }
    if levels.is_empty() { 0.0 } else { y - top + line }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(n: usize) -> Vec<String> {
        ["Rất không hài lòng", "Không hài lòng", "Bình thường", "Hài lòng", "Rất hài lòng"][..n]
            .iter()
            .map(|s| (*s).to_owned())
            .collect()
    }

    #[test]
    fn parts_add_up_to_the_whole_bar_in_the_levels_order() {
        let stacks = [Stack { label: "Thái độ".into(), counts: vec![1, 1, 2, 4, 12], note: "n = 20".into() }];
        let chart = level_distribution(&stacks, &names(5), "T", "S", |p| format!("{p:.0}%"));
        let colours = level_colours(5);
        let parts: Vec<(f32, f32, Colour)> =
            chart.rects().filter(|r| r.3 == BAR_HEIGHT && r.4 != TRACK).map(|(x, _, w, _, c)| (x, w, c)).collect();
        assert_eq!(parts.len(), 5);
        assert_eq!(parts.iter().map(|p| p.2).collect::<Vec<_>>(), colours);
        let total: f32 = parts.iter().map(|p| p.1).sum();
        assert!((total - (WIDTH - 2.0 * PAD)).abs() < 1e-2, "{total}");
        assert!((parts[4].1 - total * 0.6).abs() < 1e-2, "12 of 20");
        assert!(parts.windows(2).all(|w| (w[0].0 + w[0].1 - w[1].0).abs() < 1e-3), "side by side");
        assert!(chart.texts().any(|t| t == "60%"), "the large part is labelled");
        assert!(!chart.texts().any(|t| t == "5%"), "a sliver is not");
        for name in names(5) {
            assert!(chart.texts().any(|t| t == name), "the legend names {name}");
        }
    }

    #[test]
    fn an_item_nobody_answered_is_an_empty_track() {
        let stacks = [Stack { label: "Q".into(), counts: vec![0, 0, 0], note: "n = 0".into() }];
        let chart = level_distribution(&stacks, &names(3), "T", "S", |p| format!("{p:.0}%"));
        let parts = chart.rects().filter(|r| r.3 == BAR_HEIGHT).count();
        assert_eq!(parts, 1, "the track only");
        assert!(chart.texts().any(|t| t == "n = 0"));
    }
}
