//! Responses per day over a campaign's days, as columns on a scale with round steps. The
//! tallies are kept per point and item, not per day, so a day's % satisfied cannot be read
//! back from them: the trend shows how the answers came in, which is what a supervisor checks
//! day by day (a silent desk, a sudden burst).

use super::geometry::{Anchor, Chart, Shape, Weight};
use super::palette::{COLUMN, GRID, INK, MUTED};

const WIDTH: f32 = 420.0;
const PAD: f32 = 6.0;
const SMALL_TEXT: f32 = 11.0;
const PLOT_HEIGHT: f32 = 150.0;
/// Left of the plot: room for the scale's numbers.
const SCALE: f32 = 40.0;
/// Above this many days the columns get too narrow for a number each.
const LABELLED_DAYS: usize = 16;
/// Day labels along the axis at most.
const DAY_LABELS: usize = 8;

#[derive(Debug, Clone, PartialEq)]
pub struct Day {
    /// "10/7".
    pub label: String,
    pub count: u64,
    /// The count as the reader writes numbers: "1.234".
    pub value: String,
}

/// Columns of `days` (in order), the scale rising in round steps to at least the largest day;
/// `format` writes the scale's numbers.
pub fn daily_trend(days: &[Day], title: &str, summary: &str, format: impl Fn(u64) -> String) -> Chart {
    let most = days.iter().map(|d| d.count).max().unwrap_or(0);
    let step = round_step(most);
    let top_value = step * most.div_ceil(step).max(1);
    let plot_x = PAD + SCALE;
    let plot_width = WIDTH - plot_x - PAD;
    let top = PAD + SMALL_TEXT + 4.0;
    let bottom = top + PLOT_HEIGHT;
    let y_of = |value: u64| bottom - PLOT_HEIGHT * value as f32 / top_value as f32;
    let mut shapes = Vec::new();
    let mut value = 0;
    while value <= top_value {
        let y = y_of(value);
        shapes.push(Shape::Line { x1: plot_x, y1: y, x2: plot_x + plot_width, y2: y, colour: GRID, width: 1.0 });
        shapes.push(Shape::Text {
            x: plot_x - 5.0,
            y: y + SMALL_TEXT * 0.35,
            text: format(value),
            size: SMALL_TEXT,
            anchor: Anchor::End,
            weight: Weight::Regular,
            colour: MUTED,
        });
        value += step;
    }
    let slot = if days.is_empty() { plot_width } else { plot_width / days.len() as f32 };
    let column = (slot * 0.7).min(48.0);
    let label_every = days.len().div_ceil(DAY_LABELS).max(1);
    for (index, day) in days.iter().enumerate() {
        let centre = plot_x + slot * (index as f32 + 0.5);
        let y = y_of(day.count);
        shapes.push(Shape::Rect {
            x: centre - column / 2.0,
            y,
            width: column,
            height: bottom - y,
            fill: COLUMN,
            tip: Some(format!("{}: {}", day.label, day.value)),
        });
        if days.len() <= LABELLED_DAYS {
            shapes.push(Shape::Text {
                x: centre,
                y: y - 3.0,
                text: day.value.clone(),
                size: SMALL_TEXT,
                anchor: Anchor::Middle,
                weight: Weight::Bold,
                colour: INK,
            });
        }
        if index % label_every == 0 {
            shapes.push(Shape::Text {
                x: centre,
                y: bottom + SMALL_TEXT + 3.0,
                text: day.label.clone(),
                size: SMALL_TEXT,
                anchor: Anchor::Middle,
                weight: Weight::Regular,
                colour: MUTED,
            });
        }
    }
    shapes.push(Shape::Line { x1: plot_x, y1: bottom, x2: plot_x + plot_width, y2: bottom, colour: INK, width: 1.0 });
    Chart {
        width: WIDTH,
        height: bottom + SMALL_TEXT + 3.0 + PAD,
        title: title.to_owned(),
        summary: summary.to_owned(),
        shapes,
    }
}

/// A step of 1, 2 or 5 times a power of ten giving four or five steps up to `most`.
fn round_step(most: u64) -> u64 {
    let rough = (most / 4).max(1);
    let mut power = 1;
    while power * 10 <= rough {
        power *= 10;
    }
    [1, 2, 5, 10].into_iter().map(|m| m * power).find(|step| *step >= rough).unwrap_or(10 * power)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn days(counts: &[u64]) -> Vec<Day> {
        counts
            .iter()
            .enumerate()
            .map(|(i, c)| Day { label: format!("{}/7", 10 + i), count: *c, value: c.to_string() })
            .collect()
    }

    #[test]
    fn steps_are_round_and_the_scale_reaches_the_largest_day() {
        assert_eq!(round_step(0), 1);
        assert_eq!(round_step(7), 1);
        assert_eq!(round_step(40), 10);
        assert_eq!(round_step(1_234), 500);
        assert_eq!(round_step(3_000), 1_000);
    }

    #[test]
    fn column_heights_are_proportional_to_the_counts() {
        let chart = daily_trend(&days(&[100, 50, 0]), "T", "S", |v| v.to_string());
        let columns: Vec<(f32, f32, f32, f32)> =
            chart.rects().filter(|r| r.4 == COLUMN).map(|(x, y, w, h, _)| (x, y, w, h)).collect();
        assert_eq!(columns.len(), 3);
        assert!((columns[0].3 - 2.0 * columns[1].3).abs() < 1e-3, "{columns:?}");
        assert_eq!(columns[2].3, 0.0);
        assert!(columns[0].0 < columns[1].0 && columns[1].0 < columns[2].0, "days left to right");
        let bottoms: Vec<f32> = columns.iter().map(|c| c.1 + c.3).collect();
        assert!(bottoms.windows(2).all(|b| (b[0] - b[1]).abs() < 1e-3), "on one baseline");
        assert!(chart.texts().any(|t| t == "100") && chart.texts().any(|t| t == "10/7"));
    }

    #[test]
    fn a_long_campaign_labels_some_days_and_no_columns() {
        let chart = daily_trend(&days(&[3; 60]), "T", "S", |v| v.to_string());
        let day_labels = chart.texts().filter(|t| t.ends_with("/7")).count();
        assert!(day_labels <= DAY_LABELS, "{day_labels}");
        assert!(chart.rects().all(|r| r.0 >= PAD + SCALE - 1e-3 && r.0 + r.2 <= WIDTH - PAD + 1e-3), "inside the plot");
        let empty = daily_trend(&[], "T", "S", |v| v.to_string());
        assert_eq!(empty.rects().count(), 0);
    }
}
