//! The results workbook for the reader's scope (or one unit in it): "Tổng hợp" (the overall
//! figures), "Xếp hạng" (the units one level below, ranked), "Câu hỏi" (per question) and
//! "Nhóm tiêu chí" (per factor). Every figure comes with its numerator, denominator, n, Wilson
//! 95% interval where it has one, and formula id, exactly as the results page and the JSON
//! API give it.

use std::collections::BTreeMap;

use app::results::{CampaignResults, UnitFigures};
use documents::xlsx::{Cell, Column, Table};
use domain::index::Proportion;
use domain::indices::Figure;

use crate::pages::results::ranking;
use crate::pages::staff::MIN_N;

const NO_DATA: &str = "chưa đủ dữ liệu";

/// The columns of one figure, after those naming what it is for.
pub(super) const FIGURE: [(&str, f64); 7] = [
    ("Tỷ lệ hài lòng (%)", 11.0),
    ("Tử số", 9.0),
    ("Mẫu số", 9.0),
    ("n", 9.0),
    ("KTC 95% cận dưới (%)", 11.0),
    ("KTC 95% cận trên (%)", 11.0),
    ("Công thức", 20.0),
];

pub fn tables(results: &CampaignResults) -> Vec<Table> {
    vec![summary(results), ranked(results), questions(results), factors(results)]
}

/// `name (ASCII)` of the download: the campaign, the unit in focus if any, and the view if
/// it is not the default.
pub fn file_name(results: &CampaignResults) -> String {
    let suffix = results.view.file_suffix();
    match &results.focus {
        Some(unit) => format!("{}-{}-ket-qua{suffix}.xlsx", results.campaign.code, unit.code),
        None => format!("{}-ket-qua{suffix}.xlsx", results.campaign.code),
    }
}

fn columns(first: &[(&str, f64)], last: &[(&str, f64)]) -> Vec<Column> {
    first.iter().chain(FIGURE.iter()).chain(last).map(|(h, w)| Column::new(*h, *w)).collect()
}

fn figure(f: &Figure) -> [Cell; 7] {
    share(f.percent, f.numerator, f.denominator, f.n, f.interval, f.formula.id())
}

/// The pooled share over every question, formula `pooled-items`.
fn pooled(p: Proportion) -> [Cell; 7] {
    share(p.percent(), p.numerator, p.denominator, p.denominator, p.wilson95(), app::results::FORMULA)
}

fn share(
    percent: Option<f64>,
    numerator: u64,
    denominator: u64,
    n: u64,
    interval: Option<(f64, f64)>,
    formula: &str,
) -> [Cell; 7] {
    let bound = |b: Option<f64>| b.map_or(Cell::Empty, |b| Cell::Number(b, 1));
    [
        percent.map_or_else(|| Cell::from(NO_DATA), |p| Cell::Number(p, 1)),
        Cell::Integer(numerator as i64),
        Cell::Integer(denominator as i64),
        Cell::Integer(n as i64),
        bound(interval.map(|(lo, _)| lo)),
        bound(interval.map(|(_, hi)| hi)),
        Cell::from(formula),
    ]
}

fn row(head: Vec<Cell>, figure: [Cell; 7], tail: Vec<Cell>) -> Vec<Cell> {
    head.into_iter().chain(figure).chain(tail).collect()
}

fn summary(r: &CampaignResults) -> Table {
    let instrument = &r.instrument.instrument;
    let head = |label: &str| {
        vec![
            Cell::from(r.campaign.name.as_str()),
            Cell::from(r.focus.as_ref().map_or("Toàn bộ phạm vi", |u| u.name.as_str())),
            Cell::from(format!("{} v{}", instrument.code(), instrument.version())),
            Cell::Integer(r.responses),
            Cell::Integer(r.points.len() as i64),
            Cell::from(r.view.label(domain::text::Lang::Vi)),
            Cell::from(label),
        ]
    };
    Table {
        name: "Tổng hợp".into(),
        columns: columns(
            &[
                ("Đợt khảo sát", 30.0),
                ("Đơn vị", 24.0),
                ("Bộ câu hỏi", 12.0),
                ("Số phiếu", 10.0),
                ("Số điểm", 9.0),
                ("Tính trên", 18.0),
                ("Chỉ số", 36.0),
            ],
            &[],
        ),
        rows: vec![
            row(head("Chỉ số hài lòng chung"), figure(&r.indices.overall), vec![]),
            row(head("Tỷ lệ hài lòng gộp mọi câu hỏi"), pooled(r.satisfied), vec![]),
        ],
        wrap: false,
    }
}

fn ranked(r: &CampaignResults) -> Table {
    let (enough, few) = ranking(&r.children);
    let unit_row = |rank: Option<usize>, c: &UnitFigures| {
        let name = if c.own_desk {
            format!("{} (bộ phận một cửa của chính đơn vị)", c.unit.name)
        } else {
            c.unit.name.clone()
        };
        let note =
            if rank.is_some() { Cell::Empty } else { Cell::from(format!("{NO_DATA} (dưới {MIN_N} phiếu)")) };
        row(
            vec![
                rank.map_or(Cell::Empty, |n| Cell::Integer(n as i64)),
                Cell::from(c.unit.code.as_str()),
                Cell::Text(name),
                Cell::Integer(c.responses),
                Cell::Integer(c.points as i64),
            ],
            figure(&c.indices.overall),
            vec![note],
        )
    };
    let rows = enough
        .iter()
        .enumerate()
        .map(|(i, c)| unit_row(Some(i + 1), c))
        .chain(few.iter().map(|c| unit_row(None, c)))
        .collect();
    Table {
        name: "Xếp hạng".into(),
        columns: columns(
            &[("Hạng", 6.0), ("Mã đơn vị", 10.0), ("Đơn vị", 34.0), ("Số phiếu", 10.0), ("Số điểm", 9.0)],
            &[("Ghi chú", 28.0)],
        ),
        rows,
        wrap: false,
    }
}

fn questions(r: &CampaignResults) -> Table {
    let instrument = &r.instrument.instrument;
    // Every level any rating question has, each under the label its scale gives it.
    let mut levels: BTreeMap<u8, String> = BTreeMap::new();
    for item in instrument.rating_items() {
        for level in instrument.scale_of(item).map(|s| s.levels.as_slice()).unwrap_or_default() {
            levels.entry(level.value).or_insert_with(|| format!("Mức {} — {}", level.value, level.vi));
        }
    }
    let mut tail: Vec<(&str, f64)> = vec![("Điểm trung bình", 10.0)];
    tail.extend(levels.values().map(|label| (label.as_str(), 14.0)));
    let rows = r
        .indices
        .items
        .iter()
        .map(|i| {
            let def = instrument.item(&i.code);
            let factor = i.factor.as_deref().and_then(|f| instrument.factor(f)).map_or("", |f| f.vi.as_str());
            let mut after = vec![i.mean.map_or(Cell::Empty, |m| Cell::Number(m, 2))];
            after.extend(levels.keys().map(|l| Cell::Integer(i.distribution.get(l).copied().unwrap_or(0) as i64)));
            row(
                vec![
                    Cell::from(i.code.as_str()),
                    Cell::from(def.map_or(i.code.as_str(), |d| d.text.vi.as_str())),
                    Cell::from(factor),
                ],
                figure(&i.satisfied),
                after,
            )
        })
        .collect();
    Table {
        name: "Câu hỏi".into(),
        columns: columns(&[("Mã", 8.0), ("Câu hỏi", 60.0), ("Nhóm tiêu chí", 24.0)], &tail),
        rows,
        wrap: false,
    }
}

fn factors(r: &CampaignResults) -> Table {
    let instrument = &r.instrument.instrument;
    let rows = r
        .indices
        .factors
        .iter()
        .map(|f| {
            let name = instrument.factor(&f.code).map_or(f.code.as_str(), |d| d.vi.as_str());
            let mean = &f.mean_of_items;
            row(
                vec![Cell::from(f.code.as_str()), Cell::from(name)],
                figure(&f.pooled),
                vec![
                    mean.percent.map_or_else(|| Cell::from(NO_DATA), |p| Cell::Number(p, 1)),
                    Cell::Integer(mean.numerator as i64),
                    Cell::Integer(mean.denominator as i64),
                    Cell::from(mean.formula.id()),
                ],
            )
        })
        .collect();
    Table {
        name: "Nhóm tiêu chí".into(),
        columns: columns(
            &[("Mã", 10.0), ("Nhóm tiêu chí", 36.0)],
            &[
                ("Trung bình các câu (%)", 12.0),
                ("Số câu có dữ liệu", 10.0),
                ("Số câu", 8.0),
                ("Công thức (trung bình)", 20.0),
            ],
        ),
        rows,
        wrap: false,
    }
}
