//! Horizontal bars of shares (% satisfied) on a 0–100% axis, each with its Wilson 95% interval
//! as a whisker: the ranking of units and the profile of factors. Figures resting on too few
//! answers are drawn apart, below the others, hatched and labelled instead of ranked.

use super::geometry::{Anchor, Chart, Shape, Weight, hatch, shorten, text_width};
use super::palette::{BAR, GRID, HATCH, INK, MUTED, SMALL, TRACK};

/// Chart units across; pages scale the drawing to their column, the PDF to its own.
pub const WIDTH: f32 = 420.0;
const PAD: f32 = 6.0;
const LABEL: f32 = 12.0;
const SMALL_TEXT: f32 = 11.0;
const BAR_HEIGHT: f32 = 12.0;
/// The whisker's end caps stand out above and below the bar.
const CAP: f32 = 8.0;
const ROW: f32 = LABEL * 1.35 + BAR_HEIGHT + 12.0;

/// One bar as drawn: the texts come formatted ("86,4%", "n = 212") in the reader's language.
#[derive(Debug, Clone, PartialEq)]
pub struct Bar {
    pub label: String,
    /// "86,4% · n = 212", right of the label.
    pub value: String,
    pub percent: Option<f64>,
    /// Wilson 95% interval in percent, where the figure has one.
    pub interval: Option<(f64, f64)>,
    /// Too few answers to rank: drawn apart and hatched.
    pub small: bool,
}

/// The words a bar chart needs besides its bars.
#[derive(Debug, Clone, PartialEq)]
pub struct BarText {
    pub title: String,
    pub summary: String,
    /// The heading over the small samples: "Chưa đủ dữ liệu (dưới 30 phiếu)".
    pub small_heading: String,
}

/// Lays out `bars`: those with enough answers in the order given, then the small samples under
/// their heading. An empty chart has only its axis.
pub fn bar_chart(bars: &[Bar], text: &BarText) -> Chart {
    let plot_x = PAD;
    let plot_width = WIDTH - 2.0 * PAD;
    let x_of = |percent: f64| plot_x + plot_width * (percent.clamp(0.0, 100.0) as f32) / 100.0;
    let mut shapes = Vec::new();
    let top = PAD;
    let (enough, small): (Vec<&Bar>, Vec<&Bar>) = bars.iter().partition(|b| !b.small);
    let rows = enough.len() + small.len();
    let heading = if small.is_empty() { 0.0 } else { LABEL * 1.35 + 10.0 };
    let plot_height = rows as f32 * ROW + heading;
    // Grid lines first, under the bars, with their labels below the plot.
    let axis_y = top + plot_height;
    for tick in [0.0, 25.0, 50.0, 75.0, 100.0] {
        let x = x_of(tick);
        shapes.push(Shape::Line { x1: x, y1: top, x2: x, y2: axis_y, colour: GRID, width: 1.0 });
        let anchor = match tick as u32 {
            0 => Anchor::Start,
            100 => Anchor::End,
            _ => Anchor::Middle,
        };
        shapes.push(Shape::Text {
            x,
            y: axis_y + SMALL_TEXT + 3.0,
            text: format!("{}%", tick as u32),
            size: SMALL_TEXT,
            anchor,
            weight: Weight::Regular,
            colour: MUTED,
        });
    }
    let mut y = top;
    for bar in &enough {
        row(&mut shapes, bar, y, plot_x, plot_width, &x_of);
        y += ROW;
    }
    if !small.is_empty() {
        y += 4.0;
        shapes.push(Shape::Line { x1: plot_x, y1: y, x2: plot_x + plot_width, y2: y, colour: MUTED, width: 0.8 });
        shapes.push(Shape::Text {
            x: plot_x,
            y: y + LABEL * 1.1 + 2.0,
            text: shorten(&text.small_heading, LABEL, Weight::Bold, plot_width),
            size: LABEL,
            anchor: Anchor::Start,
            weight: Weight::Bold,
            colour: INK,
        });
        y += heading - 4.0;
        for bar in &small {
            row(&mut shapes, bar, y, plot_x, plot_width, &x_of);
            y += ROW;
        }
    }
    Chart {
        width: WIDTH,
        height: axis_y + SMALL_TEXT + 3.0 + PAD,
        title: text.title.clone(),
        summary: text.summary.clone(),
        shapes,
    }
}

/// One bar's label line, track, bar and whisker from `y`.
fn row(shapes: &mut Vec<Shape>, bar: &Bar, y: f32, x: f32, width: f32, x_of: &impl Fn(f64) -> f32) {
    let baseline = y + LABEL * 1.05;
    let value_width = text_width(&bar.value, SMALL_TEXT, Weight::Regular);
    shapes.push(Shape::Text {
        x,
        y: baseline,
        text: shorten(&bar.label, LABEL, Weight::Regular, width - value_width - 10.0),
        size: LABEL,
        anchor: Anchor::Start,
        weight: Weight::Regular,
        colour: INK,
    });
    shapes.push(Shape::Text {
        x: x + width,
        y: baseline,
        text: bar.value.clone(),
        size: SMALL_TEXT,
        anchor: Anchor::End,
        weight: if bar.small { Weight::Regular } else { Weight::Bold },
        colour: if bar.small { MUTED } else { INK },
    });
    let bar_y = y + LABEL * 1.35 + 2.0;
    let tip = Some(format!("{}: {}", bar.label, bar.value));
    shapes.push(Shape::Rect { x, y: bar_y, width, height: BAR_HEIGHT, fill: TRACK, tip: tip.clone() });
    if let Some(percent) = bar.percent {
        let end = x_of(percent);
        let fill = if bar.small { SMALL } else { BAR };
        shapes.push(Shape::Rect { x, y: bar_y, width: end - x, height: BAR_HEIGHT, fill, tip });
        if bar.small {
            shapes.extend(hatch(x, bar_y, end - x, BAR_HEIGHT, 5.0, HATCH));
        }
    }
    if let Some((lo, hi)) = bar.interval {
        let (x1, x2, mid) = (x_of(lo), x_of(hi), bar_y + BAR_HEIGHT / 2.0);
        let colour = if bar.small { MUTED } else { INK };
        shapes.push(Shape::Line { x1, y1: mid, x2, y2: mid, colour, width: 1.6 });
        for cap in [x1, x2] {
            shapes.push(Shape::Line { x1: cap, y1: mid - CAP, x2: cap, y2: mid + CAP, colour, width: 1.6 });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::chart::palette;

    fn bar(label: &str, percent: Option<f64>, interval: Option<(f64, f64)>, small: bool) -> Bar {
        Bar { label: label.into(), value: "v".into(), percent, interval, small }
    }

    fn text() -> BarText {
        BarText { title: "T".into(), summary: "S".into(), small_heading: "Chưa đủ dữ liệu".into() }
    }

    fn filled(chart: &Chart, fill: crate::chart::Colour) -> Vec<(f32, f32, f32, f32)> {
        chart.rects().filter(|r| r.4 == fill).map(|(x, y, w, h, _)| (x, y, w, h)).collect()
    }

    #[test]
    fn bar_lengths_are_proportional_to_the_share() {
        let chart = bar_chart(&[bar("A", Some(100.0), None, false), bar("B", Some(25.0), None, false)], &text());
        let bars = filled(&chart, palette::BAR);
        assert_eq!(bars.len(), 2);
        assert!((bars[0].2 - (WIDTH - 2.0 * PAD)).abs() < 1e-3, "100% fills the track");
        assert!((bars[1].2 - bars[0].2 / 4.0).abs() < 1e-3, "25% is a quarter");
        assert!(bars[1].1 > bars[0].1, "in the order given, top to bottom");
    }

    #[test]
    fn whiskers_span_the_interval_with_caps() {
        let chart = bar_chart(&[bar("A", Some(80.0), Some((49.0, 94.0)), false)], &text());
        let x_of = |p: f32| PAD + (WIDTH - 2.0 * PAD) * p / 100.0;
        let lines: Vec<(f32, f32, f32, f32)> = chart
            .shapes
            .iter()
            .filter_map(|s| match s {
                Shape::Line { x1, y1, x2, y2, colour, .. } if *colour == palette::INK => Some((*x1, *y1, *x2, *y2)),
                _ => None,
            })
            .collect();
        assert_eq!(lines.len(), 3, "a whisker and two caps");
        assert!((lines[0].0 - x_of(49.0)).abs() < 1e-3 && (lines[0].2 - x_of(94.0)).abs() < 1e-3);
        assert!(lines[1..].iter().all(|l| l.0 == l.2 && l.3 - l.1 == 2.0 * CAP));
    }

    #[test]
    fn small_samples_go_below_hatched_under_their_heading() {
        let chart = bar_chart(
            &[bar("nhỏ", Some(100.0), Some((57.0, 100.0)), true), bar("lớn", Some(70.0), None, false)],
            &text(),
        );
        let texts: Vec<&str> = chart.texts().collect();
        let at = |t: &str| texts.iter().position(|x| *x == t).unwrap();
        assert!(at("lớn") < at("Chưa đủ dữ liệu") && at("Chưa đủ dữ liệu") < at("nhỏ"), "{texts:?}");
        let small = filled(&chart, palette::SMALL);
        let big = filled(&chart, palette::BAR);
        assert!(small[0].1 > big[0].1);
        let hatching =
            chart.shapes.iter().filter(|s| matches!(s, Shape::Line { colour, .. } if *colour == palette::HATCH));
        assert!(hatching.count() > 10);
    }

    #[test]
    fn no_data_draws_no_bar_and_the_chart_grows_with_its_rows() {
        let one = bar_chart(&[bar("A", None, None, true)], &text());
        assert!(filled(&one, palette::SMALL).is_empty() && filled(&one, palette::BAR).is_empty());
        assert_eq!(filled(&one, palette::TRACK).len(), 1);
        let many = bar_chart(&vec![bar("A", Some(50.0), None, false); 10], &text());
        assert!(many.height > one.height + 8.0 * ROW);
        let empty = bar_chart(&[], &text());
        assert!(empty.height > 0.0 && empty.texts().any(|t| t == "100%"));
    }
}
