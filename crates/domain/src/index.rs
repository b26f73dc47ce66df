//! Satisfaction figures computed from tallies: a proportion always carries its numerator and
//! denominator, and an empty denominator is "no data", never 0%.

use std::collections::BTreeMap;

use crate::instruments::{Instrument, ItemKind};

/// `numerator` of `denominator` answers, e.g. 183 satisfied of 200 valid answers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Proportion {
    pub numerator: u64,
    pub denominator: u64,
}

impl Proportion {
    pub fn new(numerator: u64, denominator: u64) -> Self {
        debug_assert!(numerator <= denominator);
        Proportion { numerator, denominator }
    }

    /// The share in percent, or `None` when there is no answer at all.
    pub fn percent(&self) -> Option<f64> {
        (self.denominator > 0).then(|| 100.0 * self.numerator as f64 / self.denominator as f64)
    }

    /// The Wilson score interval at 95%, in percent: honest for small n and near 0% or 100%.
    pub fn wilson95(&self) -> Option<(f64, f64)> {
        if self.denominator == 0 {
            return None;
        }
        let z = 1.959_963_984_540_054_f64;
        let n = self.denominator as f64;
        let p = self.numerator as f64 / n;
        let z2n = z * z / n;
        let centre = (p + z2n / 2.0) / (1.0 + z2n);
        let half = z * (p * (1.0 - p) / n + z2n / (4.0 * n)).sqrt() / (1.0 + z2n);
        Some((100.0 * (centre - half).max(0.0), 100.0 * (centre + half).min(1.0)))
    }
}

impl std::ops::Add for Proportion {
    type Output = Proportion;

    /// Pools two proportions: numerators and denominators add up.
    fn add(self, other: Proportion) -> Proportion {
        Proportion::new(self.numerator + other.numerator, self.denominator + other.denominator)
    }
}

/// Counts per level of one item.
pub type LevelCounts = BTreeMap<u8, u64>;

/// Satisfied answers over valid answers to one rating item.
pub fn item_satisfaction(instrument: &Instrument, item: &str, counts: &LevelCounts) -> Option<Proportion> {
    let item = instrument.item(item)?;
    let scale = instrument.scale_of(item)?;
    let valid: u64 = counts.iter().filter(|(l, _)| scale.has_level(**l)).map(|(_, n)| n).sum();
    let satisfied: u64 = counts.iter().filter(|(l, _)| scale.is_satisfied(**l)).map(|(_, n)| n).sum();
    Some(Proportion::new(satisfied, valid))
}

/// Formula `pooled-items`: satisfied answers over valid answers, pooled over every rating item
/// of the instrument. Each answered rating item of each response counts once.
pub fn pooled_satisfaction(instrument: &Instrument, counts: &BTreeMap<String, LevelCounts>) -> Proportion {
    instrument
        .items()
        .filter(|i| i.kind == ItemKind::Rating)
        .filter_map(|i| counts.get(&i.code).and_then(|c| item_satisfaction(instrument, &i.code, c)))
        .fold(Proportion::default(), |a, b| a + b)
}

/// The mean level over valid answers, or `None` without answers.
pub fn mean_level(counts: &LevelCounts) -> Option<f64> {
    let n: u64 = counts.values().sum();
    (n > 0).then(|| counts.iter().map(|(l, c)| f64::from(*l) * *c as f64).sum::<f64>() / n as f64)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn empty_is_no_data_not_zero() {
        assert_eq!(Proportion::default().percent(), None);
        assert_eq!(Proportion::default().wilson95(), None);
        assert_eq!(mean_level(&LevelCounts::new()), None);
    }

    #[test]
    fn wilson_matches_hand_computation() {
        // 8 of 10: p = 0.8, Wilson 95% ≈ [49.0%, 94.3%].
        let (lo, hi) = Proportion::new(8, 10).wilson95().unwrap();
        assert!((lo - 49.02).abs() < 0.05, "{lo}");
        assert!((hi - 94.33).abs() < 0.05, "{hi}");
        // All satisfied on a small n is far from certain.
        let (lo, hi) = Proportion::new(5, 5).wilson95().unwrap();
        assert!(lo < 60.0 && (hi - 100.0).abs() < 1e-9);
        assert_eq!(Proportion::new(3, 4).percent(), Some(75.0));
    }

    #[test]
    fn mean_level_weights_by_count() {
        let counts: LevelCounts = [(5, 3), (1, 1)].into_iter().collect();
        assert_eq!(mean_level(&counts), Some(4.0));
    }
}
