//! The index engine: every figure a report shows, computed from level counts per item. Each
//! figure names its formula and carries what it was computed from, so a reader can redo it:
//!
//! - `item-satisfied`: answers at a satisfied level over valid answers to one item;
//! - `factor-pooled`: the same, pooled over every rating item of a factor;
//! - `factor-mean-items`: the mean of a factor's item percentages (shown beside the pooled one);
//! - `overall-question`: the instrument's overall question, where it has one (PKS05);
//! - `overall-mean-factors`: SIPAS style, the mean of the factors' pooled percentages.
//!
//! Blank answers are left out of every denominator; an item nobody answered is "no data",
//! never 0%, and a mean skips what has no data.

use std::collections::BTreeMap;

use crate::index::{LevelCounts, Proportion, item_satisfaction, mean_level};
use crate::instruments::{Instrument, ItemKind};

/// How a figure was computed: the id shown beside it and in exports.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Formula {
    ItemSatisfied,
    FactorPooled,
    FactorMeanOfItems,
    OverallQuestion,
    OverallMeanOfFactors,
}

impl Formula {
    pub fn id(self) -> &'static str {
        match self {
            Formula::ItemSatisfied => "item-satisfied",
            Formula::FactorPooled => "factor-pooled",
            Formula::FactorMeanOfItems => "factor-mean-items",
            Formula::OverallQuestion => "overall-question",
            Formula::OverallMeanOfFactors => "overall-mean-factors",
        }
    }
}

/// A percentage with what it stands on. For a share, `numerator`/`denominator` are answers; for
/// a mean of shares, they are the number of parts with data and the parts in all.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Figure {
    pub formula: Formula,
    /// Percent, or `None`: no data.
    pub percent: Option<f64>,
    pub numerator: u64,
    pub denominator: u64,
    /// Answers the figure rests on.
    pub n: u64,
    /// Wilson 95% interval for a share; none for a mean of shares.
    pub interval: Option<(f64, f64)>,
}

impl Figure {
    fn share(formula: Formula, p: Proportion) -> Figure {
        Figure {
            formula,
            percent: p.percent(),
            numerator: p.numerator,
            denominator: p.denominator,
            n: p.denominator,
            interval: p.wilson95(),
        }
    }

    fn mean_of(formula: Formula, parts: &[Option<f64>], n: u64) -> Figure {
        let with_data: Vec<f64> = parts.iter().flatten().copied().collect();
        let percent = (!with_data.is_empty()).then(|| with_data.iter().sum::<f64>() / with_data.len() as f64);
        Figure {
            formula,
            percent,
            numerator: with_data.len() as u64,
            denominator: parts.len() as u64,
            n,
            interval: None,
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct ItemIndex {
    pub code: String,
    pub factor: Option<String>,
    pub satisfied: Figure,
    pub mean: Option<f64>,
    /// Valid answers per level.
    pub distribution: LevelCounts,
}

#[derive(Debug, Clone, PartialEq)]
pub struct FactorIndex {
    pub code: String,
    pub pooled: Figure,
    pub mean_of_items: Figure,
}

/// Every figure of one unit (or point, or campaign) for one instrument.
#[derive(Debug, Clone, PartialEq)]
pub struct Indices {
    pub items: Vec<ItemIndex>,
    pub factors: Vec<FactorIndex>,
    pub overall: Figure,
}

/// Computes the indices from valid-answer counts per item and level.
pub fn compute(instrument: &Instrument, counts: &BTreeMap<String, LevelCounts>) -> Indices {
    let empty = LevelCounts::new();
    let items: Vec<ItemIndex> = instrument
        .items()
        .filter(|i| i.kind == ItemKind::Rating)
        .map(|item| {
            let raw = counts.get(&item.code).unwrap_or(&empty);
            let scale = instrument.scale_of(item);
            let distribution: LevelCounts =
                raw.iter().filter(|(l, _)| scale.is_some_and(|s| s.has_level(**l))).map(|(l, n)| (*l, *n)).collect();
            let share = item_satisfaction(instrument, &item.code, &distribution).unwrap_or_default();
            ItemIndex {
                code: item.code.clone(),
                factor: item.factor.clone(),
                satisfied: Figure::share(Formula::ItemSatisfied, share),
                mean: mean_level(&distribution),
                distribution,
            }
        })
        .collect();
    let factors: Vec<FactorIndex> = instrument
        .factors()
        .iter()
        .map(|factor| {
            let own: Vec<&ItemIndex> = items.iter().filter(|i| i.factor.as_deref() == Some(&factor.code)).collect();
            let pooled = own
                .iter()
                .map(|i| Proportion::new(i.satisfied.numerator, i.satisfied.denominator))
                .fold(Proportion::default(), |a, b| a + b);
            let parts: Vec<Option<f64>> = own.iter().map(|i| i.satisfied.percent).collect();
            FactorIndex {
                code: factor.code.clone(),
                pooled: Figure::share(Formula::FactorPooled, pooled),
                mean_of_items: Figure::mean_of(Formula::FactorMeanOfItems, &parts, pooled.denominator),
            }
        })
        .collect();
    let overall = match instrument.overall_item().and_then(|o| items.iter().find(|i| i.code == o.code)) {
        Some(question) => Figure { formula: Formula::OverallQuestion, ..question.satisfied },
        None => {
            let parts: Vec<Option<f64>> = factors.iter().map(|f| f.pooled.percent).collect();
            let n = factors.iter().map(|f| f.pooled.n).sum();
            Figure::mean_of(Formula::OverallMeanOfFactors, &parts, n)
        }
    };
    Indices { items, factors, overall }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::instruments::Instrument;

    fn instrument(overall: bool) -> Instrument {
        let source = format!(
            r#"
code = "T"
version = 1
languages = ["vi"]
title = {{ vi = "Thử" }}
{}
[[scales]]
code = "hl5"
kind = "ordinal"
satisfied = [4, 5]
levels = [{{ value = 1, vi = "1" }}, {{ value = 2, vi = "2" }}, {{ value = 3, vi = "3" }}, {{ value = 4, vi = "4" }}, {{ value = 5, vi = "5" }}]

[[factors]]
code = "a"
vi = "A"

[[factors]]
code = "b"
vi = "B"

[[sections]]
code = "s"
title = {{ vi = "S" }}
items = [
  {{ code = "a1", kind = "rating", text = {{ vi = "a1" }}, scale = "hl5", factor = "a" }},
  {{ code = "a2", kind = "rating", text = {{ vi = "a2" }}, scale = "hl5", factor = "a" }},
  {{ code = "b1", kind = "rating", text = {{ vi = "b1" }}, scale = "hl5", factor = "b" }},
  {{ code = "chung", kind = "rating", text = {{ vi = "chung" }}, scale = "hl5", factor = "b" }},
]
"#,
            if overall { "overall = \"chung\"" } else { "" }
        );
        Instrument::from_toml(&source).unwrap_or_else(|e| panic!("{e:?}"))
    }

    fn counts(pairs: &[(&str, &[(u8, u64)])]) -> BTreeMap<String, LevelCounts> {
        pairs.iter().map(|(item, levels)| ((*item).to_owned(), levels.iter().copied().collect())).collect()
    }

    #[test]
    fn hand_computed_items_factors_and_overall() {
        // a1: 3 of 4 satisfied; a2: 1 of 2; b1: 0 of 1; chung: 2 of 2.
        let c = counts(&[
            ("a1", &[(5, 2), (4, 1), (2, 1)]),
            ("a2", &[(4, 1), (3, 1)]),
            ("b1", &[(1, 1)]),
            ("chung", &[(5, 2)]),
        ]);
        let sipas = compute(&instrument(false), &c);
        let a = &sipas.factors[0];
        assert_eq!((a.pooled.numerator, a.pooled.denominator), (4, 6));
        assert!((a.pooled.percent.unwrap() - 66.666).abs() < 0.01);
        assert_eq!(a.mean_of_items.percent, Some(62.5), "mean of 75% and 50%");
        let b = &sipas.factors[1];
        assert_eq!((b.pooled.numerator, b.pooled.denominator), (2, 3));
        // SIPAS overall: mean of the factors' pooled shares, 4/6 and 2/3.
        assert_eq!(sipas.overall.formula, Formula::OverallMeanOfFactors);
        assert!((sipas.overall.percent.unwrap() - 66.666).abs() < 0.01);
        assert_eq!((sipas.overall.numerator, sipas.overall.denominator), (2, 2));
        assert_eq!(sipas.items[0].mean, Some(4.0));

        let pks = compute(&instrument(true), &c);
        assert_eq!(pks.overall.formula, Formula::OverallQuestion);
        assert_eq!(pks.overall.percent, Some(100.0));
        assert_eq!(pks.overall.n, 2);
    }

    #[test]
    fn nothing_answered_is_no_data_everywhere() {
        let none = compute(&instrument(false), &BTreeMap::new());
        assert!(none.items.iter().all(|i| i.satisfied.percent.is_none() && i.mean.is_none()));
        assert!(none.factors.iter().all(|f| f.pooled.percent.is_none() && f.mean_of_items.percent.is_none()));
        assert_eq!(none.overall.percent, None);
        assert_eq!(none.overall.numerator, 0);
    }

    #[test]
    fn an_item_without_answers_is_skipped_not_zero() {
        // Only a1 answered (once, satisfied): factor a is 100% from one item; b has no data, so
        // the overall mean rests on factor a alone.
        let one = compute(&instrument(false), &counts(&[("a1", &[(5, 1)])]));
        assert_eq!(one.factors[0].pooled.percent, Some(100.0));
        assert_eq!(one.factors[0].mean_of_items.percent, Some(100.0));
        assert_eq!((one.factors[0].mean_of_items.numerator, one.factors[0].mean_of_items.denominator), (1, 2));
        assert_eq!(one.factors[1].pooled.percent, None);
        assert_eq!(one.overall.percent, Some(100.0));
        assert_eq!((one.overall.numerator, one.overall.denominator), (1, 2));
        let (lo, hi) = one.items[0].satisfied.interval.unwrap();
        assert!(lo < 25.0 && hi == 100.0, "one answer is far from certain");
    }

    #[test]
    fn levels_off_the_scale_are_not_counted() {
        let odd = compute(&instrument(false), &counts(&[("a1", &[(9, 3), (4, 1)])]));
        assert_eq!(odd.items[0].satisfied.denominator, 1);
        assert_eq!(odd.items[0].distribution.len(), 1);
    }
}
