//! The breakdown sheets of the results workbook, one per dimension ("Theo kênh", "Theo ngày",
//! "Theo lĩnh vực thủ tục", "Theo độ tuổi", …): for each value, responses, the share satisfied
//! pooled over every question and each factor's pooled share, every figure with numerator,
//! denominator, n, Wilson interval and formula as on the breakdown page and in the API.

use app::breakdowns::{Breakdowns, Dimension};
use documents::xlsx::{Cell, Column, Table};
use domain::index::Proportion;
use domain::text::Lang;

use super::results::FIGURE;
use crate::pages::breakdown::dimension_label;
use crate::pages::staff::MIN_N;

const NO_DATA: &str = "chưa đủ dữ liệu";

/// The longest sheet name a workbook accepts.
const SHEET_NAME_CHARS: usize = 31;

pub fn tables(breakdowns: &Breakdowns) -> Vec<Table> {
    breakdowns.dimensions().iter().map(|d| table(breakdowns, d)).collect()
}

fn sheet_name(label: &str) -> String {
    let clean: String =
        label.chars().map(|c| if matches!(c, '[' | ']' | ':' | '*' | '?' | '/' | '\\') { ' ' } else { c }).collect();
    format!("Theo {}", clean.to_lowercase()).chars().take(SHEET_NAME_CHARS).collect()
}

/// Percent, numerator, denominator, n, interval bounds and formula of a share; no percent below
/// [`MIN_N`] responses.
fn share(p: Proportion, enough: bool, formula: &str) -> [Cell; 7] {
    let bound = |b: Option<f64>| b.filter(|_| enough).map_or(Cell::Empty, |b| Cell::Number(b, 1));
    [
        p.percent().filter(|_| enough).map_or_else(|| Cell::from(NO_DATA), |v| Cell::Number(v, 1)),
        Cell::Integer(p.numerator as i64),
        Cell::Integer(p.denominator as i64),
        Cell::Integer(p.denominator as i64),
        bound(p.wilson95().map(|(lo, _)| lo)),
        bound(p.wilson95().map(|(_, hi)| hi)),
        Cell::from(formula),
    ]
}

fn table(breakdowns: &Breakdowns, dimension: &Dimension) -> Table {
    let instrument = breakdowns.instrument();
    let label = dimension_label(dimension, breakdowns, Lang::Vi);
    let mut columns =
        vec![Column::new(label.as_str(), 28.0), Column::new("Mã giá trị", 11.0), Column::new("Số phiếu", 10.0)];
    let figure_columns = |prefix: &str| FIGURE.map(|(h, w)| Column::new(format!("{prefix}{h}"), w));
    columns.extend(figure_columns(""));
    for factor in instrument.factors() {
        columns.extend(figure_columns(&format!("{} — ", factor.vi)));
    }
    let rows = breakdowns
        .by(dimension)
        .iter()
        .map(|row| {
            let enough = row.responses as i64 >= MIN_N;
            let mut cells = vec![
                Cell::Text(row.value.label(dimension, instrument, Lang::Vi)),
                Cell::Text(row.value.code()),
                Cell::Integer(row.responses as i64),
            ];
            cells.extend(share(row.satisfied, enough, app::results::FORMULA));
            for factor in &row.indices.factors {
                let pooled = Proportion::new(factor.pooled.numerator, factor.pooled.denominator);
                cells.extend(share(pooled, enough, factor.pooled.formula.id()));
            }
            cells
        })
        .collect();
    Table { name: sheet_name(&label), columns, rows, wrap: false }
}

#[cfg(test)]
mod tests {
    #[test]
    fn sheet_names_fit_and_avoid_forbidden_characters() {
        assert_eq!(super::sheet_name("Kênh"), "Theo kênh");
        assert_eq!(super::sheet_name("A/B: c?"), "Theo a b  c ");
        assert_eq!(super::sheet_name(&"x".repeat(40)).chars().count(), 31);
    }
}
