//! The results page of a campaign: the figures of the unit in focus (overall, factors,
//! questions, each with its formula and what it rests on) and the ranking of the units one
//! level below, small samples set apart; charts of the same figures above the tables.

use app::results::{CampaignResults, UnitFigures};
use askama::Template;
use domain::indices::{self, Formula};
use domain::text::Lang;

use crate::charts;
use crate::i18n::{self, Admin, ChartWords, Staff};
use crate::pages::staff::{MIN_N, PageContext, count, decimal, window_text};
use crate::view::{self, ViewSwitch};

/// A figure as shown: "86,4%", its interval, what it rests on, its formula.
#[derive(Debug)]
pub struct Shown {
    pub percent: String,
    pub interval: String,
    /// "183/212", or "5/5 phần có dữ liệu" for a mean of shares.
    pub basis: String,
    pub formula: &'static str,
    pub width: String,
}

impl Shown {
    pub fn new(f: &indices::Figure, t: &Staff, a: &Admin) -> Self {
        let mean_of_parts = matches!(f.formula, Formula::FactorMeanOfItems | Formula::OverallMeanOfFactors);
        Shown {
            percent: f.percent.map_or_else(|| t.no_data.to_owned(), |p| format!("{}%", decimal(p, 1))),
            interval: f.interval.map(|(lo, hi)| format!("{}–{}%", decimal(lo, 1), decimal(hi, 1))).unwrap_or_default(),
            basis: if mean_of_parts {
                format!("{}/{} {}", f.numerator, f.denominator, a.parts_with_data)
            } else {
                format!("{}/{}", count(f.numerator as i64), count(f.denominator as i64))
            },
            formula: f.formula.id(),
            width: f.percent.map_or_else(|| "0".into(), |p| format!("{p:.1}")),
        }
    }
}

#[derive(Debug)]
pub struct ItemRow {
    pub code: String,
    pub label: String,
    pub n: String,
    pub figure: Shown,
    pub mean: String,
    pub distribution: String,
}

#[derive(Debug)]
pub struct FactorRow {
    pub code: String,
    pub name: String,
    pub pooled: Shown,
    pub mean_of_items: Shown,
}

#[derive(Debug)]
pub struct RankRow {
    pub rank: usize,
    pub unit_id: i64,
    pub name: String,
    pub code: String,
    pub own_desk: bool,
    /// Whether there is anything below to drill into.
    pub drill: bool,
    pub responses: String,
    pub figure: Shown,
    /// Against the campaign compared with, in percentage points ("+2,3"), if both have data.
    pub change: String,
    percent: Option<f64>,
}

/// A chart as the page shows it: its title, the SVG (escaped when it was written) and a note.
#[derive(Debug)]
pub struct ChartView {
    pub title: String,
    pub svg: String,
    pub note: Option<&'static str>,
}

impl ChartView {
    fn new(chart: documents::chart::Chart, note: Option<&'static str>) -> Self {
        ChartView { title: chart.title.clone(), svg: documents::chart::to_svg(&chart, "chart"), note }
    }
}

#[derive(Template, Debug)]
#[template(path = "staff/results.html")]
pub struct ResultsPage {
    pub t: &'static Staff,
    pub a: &'static Admin,
    pub c: &'static ChartWords,
    pub ctx: PageContext,
    pub code: String,
    pub name: String,
    pub instrument: String,
    pub window: String,
    pub status: &'static str,
    pub status_code: &'static str,
    /// Whether to show the edit / open / close / archive buttons.
    pub can_manage: bool,
    /// Whether to offer the raw responses (organisers and admins).
    pub can_export: bool,
    /// Whether to link the review queue (who manages campaigns).
    pub can_review: bool,
    /// Which responses the figures count, and the switch to the other view.
    pub view_switch: ViewSwitch,
    /// `view=all` for links that keep a non-default view; empty otherwise.
    pub view_query: String,
    /// `?view=all` or `&view=all` after `focus_query`; empty for the default view.
    pub view_suffix: String,
    pub view_code: &'static str,
    pub review_link: &'static str,
    /// (unit id, name) from the top of the scope to the focus's parent; then the focus.
    pub trail: Vec<(i64, String)>,
    pub focus: Option<String>,
    /// `?unit=ID` of the unit in focus, for its QR posters; empty for the whole scope.
    pub focus_query: String,
    pub responses: String,
    pub points_count: String,
    pub overall: Shown,
    pub factors: Vec<FactorRow>,
    pub items: Vec<ItemRow>,
    pub ranked: Vec<RankRow>,
    pub unranked: Vec<RankRow>,
    /// Ranking, factors, responses per day, levels: whichever have something to show.
    pub charts: Vec<ChartView>,
    /// The focus unit's id, kept by the comparison form.
    pub unit: Option<i64>,
    /// Other campaigns to compare with: (code, name).
    pub compare_options: Vec<(String, String)>,
    /// The campaign compared with, and the overall change against it.
    pub compared: Option<(String, String)>,
    pub overall_change: String,
    overall_percent: Option<f64>,
    /// The breakdown pages: (`?by=` value, label).
    pub breakdown_links: Vec<(String, String)>,
    pub breakdown_words: &'static i18n::BreakdownWords,
}

impl ResultsPage {
    pub fn new(lang: Lang, ctx: PageContext, results: &CampaignResults) -> Self {
        let t = i18n::staff(lang);
        let a = i18n::admin(lang);
        let instrument = &results.instrument.instrument;
        let figures = &results.indices;
        let factors = figures
            .factors
            .iter()
            .map(|f| FactorRow {
                code: f.code.clone(),
                name: instrument.factor(&f.code).map_or_else(
                    || f.code.clone(),
                    |d| match lang {
                        Lang::En => d.en.clone().unwrap_or_else(|| d.vi.clone()),
                        Lang::Vi => d.vi.clone(),
                    },
                ),
                pooled: Shown::new(&f.pooled, t, a),
                mean_of_items: Shown::new(&f.mean_of_items, t, a),
            })
            .collect();
        let items = figures
            .items
            .iter()
            .map(|i| ItemRow {
                label: instrument
                    .item(&i.code)
                    .map_or_else(|| i.code.clone(), |d| instrument.short_label(d, lang).to_owned()),
                code: i.code.clone(),
                n: count(i.satisfied.denominator as i64),
                figure: Shown::new(&i.satisfied, t, a),
                mean: i.mean.map_or_else(|| "—".into(), |m| decimal(m, 2)),
                distribution: i
                    .distribution
                    .iter()
                    .map(|(l, n)| format!("{l}: {}", count(*n as i64)))
                    .collect::<Vec<_>>()
                    .join(" · "),
            })
            .collect();
        let row = |rank: usize, c: &UnitFigures| RankRow {
            rank,
            unit_id: c.unit.id,
            name: c.unit.name.clone(),
            code: c.unit.code.to_string(),
            own_desk: c.own_desk,
            drill: !c.own_desk && c.points > 1,
            responses: count(c.responses),
            figure: Shown::new(&c.indices.overall, t, a),
            change: String::new(),
            percent: c.indices.overall.percent,
        };
        let (enough, few) = ranking(&results.children);
        let trail: Vec<(i64, String)> = results.ancestors.iter().map(|u| (u.id, u.name.clone())).collect();
        let c = i18n::charts(lang);
        let charts = [
            charts::ranking_chart(results, lang).map(|chart| ChartView::new(chart, None)),
            charts::factor_chart(results, lang).map(|chart| ChartView::new(chart, None)),
            charts::daily_chart(results, lang).map(|chart| ChartView::new(chart, Some(c.daily_note))),
            charts::levels_chart(results, lang).map(|chart| ChartView::new(chart, None)),
        ]
        .into_iter()
        .flatten()
        .collect();
        ResultsPage {
            t,
            a,
            c,
            ctx,
            code: results.campaign.code.to_string(),
            name: results.campaign.name.clone(),
            instrument: format!("{} v{} — {}", instrument.code(), instrument.version(), instrument.title(lang)),
            window: window_text(&results.campaign.window, t),
            status: results.campaign.status.label(lang),
            status_code: results.campaign.status.as_str(),
            can_manage: false,
            can_export: false,
            can_review: false,
            view_switch: ViewSwitch::new(
                results.view,
                lang,
                &format!(
                    "/admin/campaigns/{}{}",
                    results.campaign.code,
                    results.focus.as_ref().map(|u| format!("?unit={}", u.id)).unwrap_or_default()
                ),
            ),
            view_query: view::query(results.view),
            view_code: results.view.as_str(),
            review_link: i18n::review(lang).link,
            view_suffix: match results.focus {
                Some(_) => view::and_query(results.view),
                None => view::link("", results.view),
            },
            trail,
            focus: results.focus.as_ref().map(|u| u.name.clone()),
            focus_query: results.focus.as_ref().map(|u| format!("?unit={}", u.id)).unwrap_or_default(),
            responses: count(results.responses),
            points_count: count(results.points.len() as i64),
            overall: Shown::new(&figures.overall, t, a),
            factors,
            items,
            ranked: enough.iter().enumerate().map(|(i, c)| row(i + 1, c)).collect(),
            unranked: few.iter().map(|c| row(0, c)).collect(),
            charts,
            unit: results.focus.as_ref().map(|u| u.id),
            compare_options: Vec::new(),
            compared: None,
            overall_change: String::new(),
            overall_percent: figures.overall.percent,
            breakdown_links: crate::pages::breakdown::links(instrument, lang),
            breakdown_words: i18n::breakdown(lang),
        }
    }

    /// Shows the change of every figure against an earlier campaign's (by unit).
    pub fn compare_with(
        &mut self,
        code: String,
        name: String,
        by_unit: &std::collections::HashMap<i64, Option<f64>>,
        overall: Option<f64>,
    ) {
        for row in self.ranked.iter_mut().chain(self.unranked.iter_mut()) {
            row.change = change(row.percent, by_unit.get(&row.unit_id).copied().flatten());
        }
        self.overall_change = change(self.overall_percent, overall);
        self.compared = Some((code, name));
    }
}

/// The units below, ranked by their overall figure best first, and apart those with fewer than
/// [`MIN_N`] responses or no data (listed, never ranked).
pub fn ranking(children: &[UnitFigures]) -> (Vec<&UnitFigures>, Vec<&UnitFigures>) {
    let (mut enough, few): (Vec<&UnitFigures>, Vec<&UnitFigures>) =
        children.iter().partition(|c| c.responses >= MIN_N && c.indices.overall.percent.is_some());
    enough.sort_by(|x, y| {
        y.indices.overall.percent.partial_cmp(&x.indices.overall.percent).unwrap_or(std::cmp::Ordering::Equal)
    });
    (enough, few)
}

/// "+2,3" / "−1,0" percentage points, or nothing when either side has no data.
fn change(now: Option<f64>, before: Option<f64>) -> String {
    match (now, before) {
        (Some(now), Some(before)) => {
            let delta = now - before;
            let sign = if delta >= 0.05 {
                "+"
            } else if delta <= -0.05 {
                "−"
            } else {
                "±"
            };
            format!("{sign}{}", decimal(delta.abs(), 1))
        }
        _ => String::new(),
    }
}
