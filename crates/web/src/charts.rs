//! The charts of a campaign's results, built from the same figures as the page's tables, in
//! the reader's language: the ranking of the units below the focus, the factors, responses per
//! day and the spread of answers over the levels. The results page shows them as SVG; the PDF
//! report paints the same charts.

use app::results::{CampaignResults, UnitFigures};
use documents::chart::{Bar, BarText, Chart, Day, Stack, bar_chart, daily_trend, level_distribution};
use domain::indices::Figure;
use domain::text::Lang;

use crate::i18n::{self, ChartWords};
use crate::pages::results::ranking;
use crate::pages::staff::{MIN_N, count, decimal};

/// The ranking of the units below the focus: ranked ones best first, then the small samples.
/// `None` when there is nothing below to compare.
pub fn ranking_chart(results: &CampaignResults, lang: Lang) -> Option<Chart> {
    let bars = ranking_bars(results, lang);
    (!bars.is_empty()).then(|| ranking_part(&bars, lang))
}

/// The ranking's bars, in order, for a report to split over pages.
pub fn ranking_bars(results: &CampaignResults, lang: Lang) -> Vec<Bar> {
    let (enough, few) = ranking(&results.children);
    let a = i18n::admin(lang);
    let bar = |c: &UnitFigures, small: bool| {
        let label = if c.own_desk { format!("{} ({})", c.unit.name, a.own_desk) } else { c.unit.name.clone() };
        figure_bar(label, &c.indices.overall, small, lang)
    };
    enough.iter().map(|c| bar(c, false)).chain(few.iter().map(|c| bar(c, true))).collect()
}

/// A chart of `bars` with the ranking's words, for one page's share of a long ranking.
pub fn ranking_part(bars: &[Bar], lang: Lang) -> Chart {
    let words = i18n::charts(lang);
    bar_chart(bars, &bar_text(words.ranking_title, words.ranking_summary, words))
}

/// The instrument's factors, pooled, in the questionnaire's order.
pub fn factor_chart(results: &CampaignResults, lang: Lang) -> Option<Chart> {
    let instrument = &results.instrument.instrument;
    let bars: Vec<Bar> = results
        .indices
        .factors
        .iter()
        .map(|f| {
            let name = instrument.factor(&f.code).map_or_else(
                || f.code.clone(),
                |d| match lang {
                    Lang::En => d.en.clone().unwrap_or_else(|| d.vi.clone()),
                    Lang::Vi => d.vi.clone(),
                },
            );
            figure_bar(name, &f.pooled, f.pooled.n < MIN_N as u64, lang)
        })
        .collect();
    let words = i18n::charts(lang);
    (!bars.is_empty()).then(|| bar_chart(&bars, &bar_text(words.factors_title, words.factors_summary, words)))
}

/// Responses per day over the focus, from the daily counts.
pub fn daily_chart(results: &CampaignResults, lang: Lang) -> Option<Chart> {
    if results.daily.is_empty() {
        return None;
    }
    let words = i18n::charts(lang);
    let days: Vec<Day> = results
        .daily
        .iter()
        .map(|(day, n)| Day {
            label: format!("{}/{}", day.day(), day.month()),
            count: u64::try_from(*n).unwrap_or_default(),
            value: count(*n),
        })
        .collect();
    Some(daily_trend(&days, words.daily_title, words.daily_summary, |v| count(i64::try_from(v).unwrap_or(i64::MAX))))
}

/// Every rating question's answers over its scale's levels.
pub fn levels_chart(results: &CampaignResults, lang: Lang) -> Option<Chart> {
    let instrument = &results.instrument.instrument;
    let words = i18n::charts(lang);
    // The questions share a scale in every shipped questionnaire; a question on another scale
    // than the first would need its own legend, so the chart keeps to the first one's.
    let first = instrument.rating_items().next()?;
    let scale = instrument.scale_of(first)?;
    let levels: Vec<String> = scale
        .levels
        .iter()
        .map(|l| match lang {
            Lang::En => l.en.clone().unwrap_or_else(|| l.vi.clone()),
            Lang::Vi => l.vi.clone(),
        })
        .collect();
    let stacks: Vec<Stack> = results
        .indices
        .items
        .iter()
        .filter_map(|i| {
            let item = instrument.item(&i.code)?;
            (instrument.scale_of(item)?.code == scale.code).then(|| Stack {
                label: instrument.short_label(item, lang).to_owned(),
                counts: scale.levels.iter().map(|l| i.distribution.get(&l.value).copied().unwrap_or(0)).collect(),
                note: format!("n = {}", count(i.distribution.values().sum::<u64>() as i64)),
            })
        })
        .collect();
    (!stacks.is_empty()).then(|| {
        level_distribution(&stacks, &levels, words.levels_title, words.levels_summary, |p| {
            format!("{}%", decimal(p, 0))
        })
    })
}

/// A figure as a bar: "86,4% · n = 212"; a small sample (or no data) says so in place of a
/// rank, its share rounded and in brackets.
fn figure_bar(label: String, figure: &Figure, small: bool, lang: Lang) -> Bar {
    let t = i18n::staff(lang);
    let small = small || figure.percent.is_none();
    let n = count(figure.n as i64);
    let value = match figure.percent {
        Some(p) if !small => format!("{}% · n = {n}", decimal(p, 1)),
        Some(p) => format!("{} ({}%) · n = {n}", t.no_data, decimal(p, 0)),
        None => format!("{} · n = {n}", t.no_data),
    };
    Bar { label, value, percent: figure.percent, interval: figure.interval, small }
}

fn bar_text(title: &str, summary: &str, words: &ChartWords) -> BarText {
    BarText { title: title.to_owned(), summary: summary.to_owned(), small_heading: words.small_heading.to_owned() }
}
