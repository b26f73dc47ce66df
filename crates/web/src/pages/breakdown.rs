//! The breakdown page: a campaign's results over the reader's scope (or one unit in it) by
//! channel, day, field of procedure or a respondent field, one row per value, small samples
//! marked "chưa đủ dữ liệu".

use app::breakdowns::{BreakdownRow, Breakdowns, Dimension};
use askama::Template;
use domain::index::Proportion;
use domain::instruments::{FIELD_OF_PROCEDURE, Instrument};
use domain::text::Lang;

use crate::i18n::{self, Admin, BreakdownWords, Staff};
use crate::pages::staff::{MIN_N, PageContext, count, decimal};
use crate::view::{self, ViewSwitch};

/// A link to one dimension of the page.
#[derive(Debug)]
pub struct DimensionLink {
    pub param: String,
    pub label: String,
    pub current: bool,
}

/// A share as shown, or "chưa đủ dữ liệu" on a small sample.
#[derive(Debug)]
pub struct ShareCell {
    pub percent: String,
    pub interval: String,
    pub basis: String,
    pub width: String,
}

impl ShareCell {
    fn new(p: Proportion, enough: bool, t: &Staff) -> Self {
        let shown = p.percent().filter(|_| enough);
        ShareCell {
            percent: shown.map_or_else(|| t.no_data.to_owned(), |v| format!("{}%", decimal(v, 1))),
            interval: p
                .wilson95()
                .filter(|_| enough)
                .map(|(lo, hi)| format!("{}–{}%", decimal(lo, 1), decimal(hi, 1)))
                .unwrap_or_default(),
            basis: format!("{}/{}", count(p.numerator as i64), count(p.denominator as i64)),
            width: shown.map_or_else(|| "0".into(), |v| format!("{v:.1}")),
        }
    }
}

#[derive(Debug)]
pub struct ValueRow {
    pub label: String,
    pub code: String,
    pub responses: String,
    pub share: String,
    pub enough: bool,
    pub pooled: ShareCell,
    pub factors: Vec<ShareCell>,
}

#[derive(Template, Debug)]
#[template(path = "staff/breakdown.html")]
pub struct BreakdownPage {
    pub t: &'static Staff,
    pub a: &'static Admin,
    pub b: &'static BreakdownWords,
    pub ctx: PageContext,
    pub code: String,
    pub name: String,
    /// (unit id, name) from the top of the scope to the focus's parent; then the focus.
    pub trail: Vec<(i64, String)>,
    pub focus: Option<String>,
    /// `&unit=ID` (and `&view=…`) for links that keep the unit in focus and the view.
    pub unit_query: String,
    /// `?unit=ID` (and the view) of the results page to go back to.
    pub back_query: String,
    /// `?by=` of this page.
    pub param: String,
    pub responses: String,
    pub dimension: String,
    pub links: Vec<DimensionLink>,
    /// Factor names, the columns after the pooled share.
    pub factor_names: Vec<String>,
    pub rows: Vec<ValueRow>,
    pub view_switch: ViewSwitch,
}

/// How a page and the workbook name a dimension: the field of procedure by its role.
pub fn dimension_label(dimension: &Dimension, breakdowns: &Breakdowns, lang: Lang) -> String {
    label_of(dimension, breakdowns.instrument(), lang)
}

fn label_of(dimension: &Dimension, instrument: &Instrument, lang: Lang) -> String {
    match dimension {
        Dimension::Question(code) if code == FIELD_OF_PROCEDURE => i18n::breakdown(lang).by_field.to_owned(),
        other => other.label(instrument, lang),
    }
}

/// The dimensions of an instrument as (`?by=` value, label), for links to the page.
pub fn links(instrument: &Instrument, lang: Lang) -> Vec<(String, String)> {
    Dimension::all(instrument).iter().map(|d| (d.param().to_owned(), label_of(d, instrument, lang))).collect()
}

impl BreakdownPage {
    pub fn new(lang: Lang, ctx: PageContext, breakdowns: &Breakdowns, dimension: &Dimension) -> Self {
        let t = i18n::staff(lang);
        let b = i18n::breakdown(lang);
        let results = &breakdowns.results;
        let instrument = breakdowns.instrument();
        let rows: Vec<BreakdownRow> = breakdowns.by(dimension);
        let total: u64 = rows.iter().map(|r| r.responses).sum();
        let factor_names = instrument
            .factors()
            .iter()
            .map(|f| match lang {
                Lang::En => f.en.clone().unwrap_or_else(|| f.vi.clone()),
                Lang::Vi => f.vi.clone(),
            })
            .collect();
        BreakdownPage {
            t,
            a: i18n::admin(lang),
            b,
            ctx,
            code: results.campaign.code.to_string(),
            name: results.campaign.name.clone(),
            trail: results.ancestors.iter().map(|u| (u.id, u.name.clone())).collect(),
            focus: results.focus.as_ref().map(|u| u.name.clone()),
            unit_query: results.focus.as_ref().map(|u| format!("&unit={}", u.id)).unwrap_or_default()
                + &view::and_query(results.view),
            back_query: view::link(
                &results.focus.as_ref().map(|u| format!("?unit={}", u.id)).unwrap_or_default(),
                results.view,
            ),
            view_switch: ViewSwitch::new(
                results.view,
                lang,
                &format!(
                    "/admin/campaigns/{}/breakdown?by={}{}",
                    results.campaign.code,
                    dimension.param(),
                    results.focus.as_ref().map(|u| format!("&unit={}", u.id)).unwrap_or_default()
                ),
            ),
            param: dimension.param().to_owned(),
            responses: count(total as i64),
            dimension: dimension_label(dimension, breakdowns, lang),
            links: breakdowns
                .dimensions()
                .iter()
                .map(|d| DimensionLink {
                    param: d.param().to_owned(),
                    label: dimension_label(d, breakdowns, lang),
                    current: d == dimension,
                })
                .collect(),
            factor_names,
            rows: rows
                .iter()
                .map(|row| {
                    let enough = row.responses as i64 >= MIN_N;
                    ValueRow {
                        label: row.value.label(dimension, instrument, lang),
                        code: row.value.code(),
                        responses: count(row.responses as i64),
                        share: if total == 0 {
                            String::new()
                        } else {
                            format!("{}%", decimal(100.0 * row.responses as f64 / total as f64, 1))
                        },
                        enough,
                        pooled: ShareCell::new(row.satisfied, enough, t),
                        factors: row
                            .indices
                            .factors
                            .iter()
                            .map(|f| {
                                ShareCell::new(Proportion::new(f.pooled.numerator, f.pooled.denominator), enough, t)
                            })
                            .collect(),
                    }
                })
                .collect(),
        }
    }
}
