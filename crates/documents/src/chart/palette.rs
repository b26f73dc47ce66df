//! The charts' colours. One blue ramp, each step clearly lighter or darker than the next, so a
//! chart still reads on a black-and-white printer; where parts sit side by side they also carry
//! their own labels, and uncertain figures are hatched, never told apart by hue alone.

use super::geometry::Colour;

/// Text, whiskers and axes: the staff pages' ink.
pub const INK: Colour = Colour(0x1b, 0x1f, 0x24);
/// Secondary text, still above 7:1 on white.
pub const MUTED: Colour = Colour(0x4a, 0x55, 0x63);
/// Grid lines.
pub const GRID: Colour = Colour(0xd5, 0xdb, 0xe3);
/// The track a share's bar runs in (0 to 100%).
pub const TRACK: Colour = Colour(0xee, 0xf2, 0xf7);
/// A share's bar: mid-light, so the black interval whisker over it stands out in colour and
/// in grey.
pub const BAR: Colour = Colour(0x6f, 0x9f, 0xd8);
/// Columns of counts (the daily trend).
pub const COLUMN: Colour = Colour(0x0b, 0x4f, 0x9c);
/// A small sample's bar: pale, and hatched in [`HATCH`].
pub const SMALL: Colour = Colour(0xe4, 0xe7, 0xeb);
pub const HATCH: Colour = Colour(0x6b, 0x75, 0x80);
pub const WHITE: Colour = Colour(0xff, 0xff, 0xff);

/// Five steps from light to dark (ColorBrewer "Blues"); their greys are about 30 apart.
const RAMP: [Colour; 5] = [
    Colour(0xde, 0xeb, 0xf7),
    Colour(0x9e, 0xca, 0xe1),
    Colour(0x4d, 0x94, 0xc9),
    Colour(0x21, 0x66, 0xac),
    Colour(0x08, 0x30, 0x6b),
];

/// A colour per level of a scale with `count` levels, lowest level lightest: the steps are
/// spread over the ramp so a 3-level or yes/no scale is as distinct as a 5-level one.
pub fn levels(count: usize) -> Vec<Colour> {
    match count {
        0 => Vec::new(),
        1 => vec![RAMP[3]],
        _ => (0..count).map(|i| RAMP[(i * (RAMP.len() - 1) + (count - 1) / 2) / (count - 1)]).collect(),
    }
}

/// Ink that reads on `fill`: white on the dark steps, dark ink on the light ones.
pub fn text_on(fill: Colour) -> Colour {
    if fill.lightness() < 0.25 { WHITE } else { INK }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_scale_gets_distinct_greys_lightest_first() {
        for count in 1..=7 {
            let colours = levels(count);
            assert_eq!(colours.len(), count);
            for pair in colours.windows(2) {
                let (a, b) = (i32::from(pair[0].grey()), i32::from(pair[1].grey()));
                if count <= 5 {
                    assert!(a - b >= 25, "{count} levels: greys {a} and {b} are too close");
                } else {
                    assert!(a >= b, "{count} levels never get lighter");
                }
            }
        }
        assert_eq!(levels(2), vec![RAMP[0], RAMP[4]]);
    }

    #[test]
    fn labels_on_every_step_have_contrast() {
        for fill in levels(5) {
            let text = text_on(fill);
            let (hi, lo) = if text.lightness() > fill.lightness() {
                (text.lightness(), fill.lightness())
            } else {
                (fill.lightness(), text.lightness())
            };
            assert!((hi + 0.05) / (lo + 0.05) >= 4.5, "{} on {}", text.hex(), fill.hex());
        }
    }
}
