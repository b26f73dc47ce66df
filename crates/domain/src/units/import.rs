//! Checking a unit list before it is written: all-or-nothing, with errors by line.
//!
//! The caller reads the file (CSV) into [`RawUnitRow`]s and passes the units already in the
//! registry; [`plan`] either returns what to insert and update, in parent-first order, or every
//! problem found, each with its line number. Nothing is written until the whole file is valid.

use std::collections::{HashMap, HashSet};
use std::fmt;

use jiff::civil::Date;

use super::{UnitCode, UnitKind, Validity};
use crate::text::{Lang, clean_line};

/// One data line of a unit file, as text. `line` is the 1-based line number in the file.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RawUnitRow {
    pub line: usize,
    pub code: String,
    pub name: String,
    pub level: String,
    pub parent_code: String,
    pub valid_from: Option<String>,
    pub valid_to: Option<String>,
    pub service_point: Option<String>,
}

/// Settings that apply to every row that does not say otherwise.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ImportOptions {
    pub validity: Validity,
    /// Whether provinces, districts and communes are their own one-stop desk unless a row says
    /// `service_point = no`. True in practice: every commune, district and province has one.
    pub units_are_service_points: bool,
}

impl Default for ImportOptions {
    fn default() -> Self {
        ImportOptions { validity: Validity::default(), units_are_service_points: true }
    }
}

/// A unit already in the registry, as far as import needs to know it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExistingUnit {
    pub id: i64,
    pub code: UnitCode,
    pub name: String,
    pub kind: UnitKind,
    pub parent_code: Option<UnitCode>,
    pub validity: Validity,
    pub service_point: bool,
}

/// A checked row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnitRecord {
    pub line: usize,
    pub code: UnitCode,
    pub name: String,
    pub kind: UnitKind,
    pub parent_code: Option<UnitCode>,
    pub validity: Validity,
    pub service_point: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PlannedChange {
    Insert(UnitRecord),
    Update { id: i64, record: UnitRecord },
    Unchanged { id: i64, record: UnitRecord },
}

impl PlannedChange {
    pub fn record(&self) -> &UnitRecord {
        match self {
            PlannedChange::Insert(record)
            | PlannedChange::Update { record, .. }
            | PlannedChange::Unchanged { record, .. } => record,
        }
    }
}

/// What an import will do, parents before children.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ImportPlan {
    pub changes: Vec<PlannedChange>,
}

impl ImportPlan {
    pub fn inserted(&self) -> usize {
        self.changes.iter().filter(|c| matches!(c, PlannedChange::Insert(_))).count()
    }
    pub fn updated(&self) -> usize {
        self.changes.iter().filter(|c| matches!(c, PlannedChange::Update { .. })).count()
    }
    pub fn unchanged(&self) -> usize {
        self.changes.iter().filter(|c| matches!(c, PlannedChange::Unchanged { .. })).count()
    }
    pub fn service_points(&self) -> usize {
        self.changes.iter().filter(|c| c.record().service_point).count()
    }
}

/// A problem on one line of the file (line 0: the file as a whole).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LineError {
    pub line: usize,
    pub problem: Problem,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Problem {
    EmptyFile,
    MissingColumn(&'static str),
    Unreadable(String),
    BadCode(String),
    EmptyName,
    NameTooLong,
    UnknownLevel(String),
    BadDate {
        column: &'static str,
        value: String,
    },
    EndsBeforeStart,
    BadServicePoint(String),
    DuplicateCode {
        code: String,
        first_line: usize,
    },
    ParentNotFound(String),
    ParentIsSelf,
    WrongParentKind {
        kind: UnitKind,
        parent: Option<UnitKind>,
    },
    Cycle(String),
    CodeTaken {
        code: String,
        name: String,
    },
    EndedUnit {
        code: String,
        name: String,
        ended: Date,
    },
    TooManyRows(usize),
    /// The row changes or adds a unit outside the importing user's part of the tree.
    OutsideScope(String),
}

impl Problem {
    pub fn message(&self, lang: Lang) -> String {
        use Problem::*;
        match (lang, self) {
            (Lang::Vi, OutsideScope(code)) => format!("đơn vị {code} nằm ngoài phạm vi tài khoản của bạn"),
            (Lang::En, OutsideScope(code)) => format!("unit {code} is outside your account's part of the tree"),
            (Lang::Vi, EmptyFile) => "tệp không có dòng dữ liệu nào".into(),
            (Lang::En, EmptyFile) => "the file has no data rows".into(),
            (Lang::Vi, MissingColumn(c)) => format!("thiếu cột bắt buộc \"{c}\" ở dòng tiêu đề"),
            (Lang::En, MissingColumn(c)) => format!("the header lacks the required column \"{c}\""),
            (Lang::Vi, Unreadable(why)) => format!("không đọc được dòng: {why}"),
            (Lang::En, Unreadable(why)) => format!("unreadable line: {why}"),
            (Lang::Vi, BadCode(why)) => format!("cột code: {why}"),
            (Lang::En, BadCode(why)) => format!("column code: {why}"),
            (Lang::Vi, EmptyName) => "cột name: tên đơn vị trống".into(),
            (Lang::En, EmptyName) => "column name: the unit name is empty".into(),
            (Lang::Vi, NameTooLong) => "cột name: tên dài quá 200 ký tự".into(),
            (Lang::En, NameTooLong) => "column name: the name is longer than 200 characters".into(),
            (Lang::Vi, UnknownLevel(v)) => {
                format!("cột level: \"{v}\" không phải province, district, commune, centre hoặc service_point")
            }
            (Lang::En, UnknownLevel(v)) => {
                format!("column level: \"{v}\" is not province, district, commune, centre or service_point")
            }
            (Lang::Vi, BadDate { column, value }) => {
                format!("cột {column}: \"{value}\" không phải ngày dạng YYYY-MM-DD")
            }
            (Lang::En, BadDate { column, value }) => {
                format!("column {column}: \"{value}\" is not a YYYY-MM-DD date")
            }
            (Lang::Vi, EndsBeforeStart) => "ngày hết hiệu lực trước ngày bắt đầu hiệu lực".into(),
            (Lang::En, EndsBeforeStart) => "the unit ends before it starts".into(),
            (Lang::Vi, BadServicePoint(v)) => {
                format!("cột service_point: \"{v}\" phải là yes hoặc no")
            }
            (Lang::En, BadServicePoint(v)) => {
                format!("column service_point: \"{v}\" must be yes or no")
            }
            (Lang::Vi, DuplicateCode { code, first_line }) => {
                format!("mã {code} trùng với dòng {first_line}")
            }
            (Lang::En, DuplicateCode { code, first_line }) => {
                format!("code {code} repeats line {first_line}")
            }
            (Lang::Vi, ParentNotFound(code)) => {
                format!("không tìm thấy đơn vị cấp trên mã {code} trong tệp hoặc trong danh mục")
            }
            (Lang::En, ParentNotFound(code)) => {
                format!("parent unit {code} is neither in the file nor in the registry")
            }
            (Lang::Vi, ParentIsSelf) => "đơn vị không thể là cấp trên của chính nó".into(),
            (Lang::En, ParentIsSelf) => "a unit cannot be its own parent".into(),
            (lang, WrongParentKind { kind, parent }) => {
                let parent_label = parent.map(|p| p.label(lang));
                match (lang, parent_label) {
                    (Lang::Vi, None) => format!("{} phải có đơn vị cấp trên", kind.label(lang)),
                    (Lang::Vi, Some(p)) => {
                        format!("{} không thể trực thuộc {}", kind.label(lang), p)
                    }
                    (Lang::En, None) => format!("a {} needs a parent unit", kind.label(lang)),
                    (Lang::En, Some(p)) => {
                        format!("a {} cannot belong to a {}", kind.label(lang), p)
                    }
                }
            }
            (Lang::Vi, Cycle(code)) => format!("quan hệ cấp trên của mã {code} tạo thành vòng lặp"),
            (Lang::En, Cycle(code)) => format!("the parents of {code} form a loop"),
            (Lang::Vi, CodeTaken { code, name }) => {
                format!("mã {code} đang dùng cho \"{name}\" trong cùng thời gian hiệu lực")
            }
            (Lang::En, CodeTaken { code, name }) => {
                format!("code {code} already belongs to \"{name}\" in an overlapping period")
            }
            (Lang::Vi, EndedUnit { code, name, ended }) => format!(
                "mã {code} là \"{name}\", đã hết hiệu lực sau ngày {ended}; danh mục mới cần ngày bắt đầu hiệu lực (valid_from)"
            ),
            (Lang::En, EndedUnit { code, name, ended }) => format!(
                "code {code} is \"{name}\", which ended on {ended}; a new edition of the list needs a valid_from date"
            ),
            (Lang::Vi, TooManyRows(max)) => format!("tệp có quá {max} dòng"),
            (Lang::En, TooManyRows(max)) => format!("the file has more than {max} rows"),
        }
    }
}

impl fmt::Display for LineError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.line == 0 {
            write!(f, "{}", self.problem.message(Lang::Vi))
        } else {
            write!(f, "dòng {}: {}", self.line, self.problem.message(Lang::Vi))
        }
    }
}

/// The most rows one import takes: the whole 2024 country list has 10,794.
pub const MAX_ROWS: usize = 50_000;
const MAX_NAME_CHARS: usize = 200;

/// Checks `rows` against each other and the registry and plans the import.
pub fn plan(
    rows: &[RawUnitRow],
    options: ImportOptions,
    existing: &[ExistingUnit],
) -> Result<ImportPlan, Vec<LineError>> {
    let mut errors = Vec::new();
    if rows.is_empty() {
        return Err(vec![LineError { line: 0, problem: Problem::EmptyFile }]);
    }
    if rows.len() > MAX_ROWS {
        return Err(vec![LineError { line: 0, problem: Problem::TooManyRows(MAX_ROWS) }]);
    }

    let mut records = Vec::with_capacity(rows.len());
    for row in rows {
        match parse_row(row, options) {
            Ok(record) => records.push(record),
            Err(mut problems) => errors.append(&mut problems),
        }
    }

    let mut first_line: HashMap<&UnitCode, usize> = HashMap::new();
    for record in &records {
        if let Some(&line) = first_line.get(&record.code) {
            errors.push(LineError {
                line: record.line,
                problem: Problem::DuplicateCode { code: record.code.to_string(), first_line: line },
            });
        } else {
            first_line.insert(&record.code, record.line);
        }
    }

    let mut by_code: HashMap<&UnitCode, Vec<&ExistingUnit>> = HashMap::new();
    for unit in existing {
        by_code.entry(&unit.code).or_default().push(unit);
    }
    let in_file: HashMap<&UnitCode, &UnitRecord> = records.iter().map(|r| (&r.code, r)).collect();

    let mut changes = Vec::with_capacity(records.len());
    for record in &records {
        if record.parent_code.as_ref() == Some(&record.code) {
            errors.push(LineError { line: record.line, problem: Problem::ParentIsSelf });
            continue;
        }
        let parent_kind = match &record.parent_code {
            None => None,
            Some(parent) => match in_file.get(parent) {
                Some(p) => Some(p.kind),
                None => {
                    let valid_parent = by_code.get(parent).and_then(|units| {
                        units.iter().find(|u| record.validity.from.is_none_or(|d| u.validity.contains(d)))
                    });
                    match valid_parent {
                        Some(p) => Some(p.kind),
                        None => {
                            errors.push(LineError {
                                line: record.line,
                                problem: Problem::ParentNotFound(parent.to_string()),
                            });
                            continue;
                        }
                    }
                }
            },
        };
        if !record.kind.may_have_parent(parent_kind) {
            errors.push(LineError {
                line: record.line,
                problem: Problem::WrongParentKind { kind: record.kind, parent: parent_kind },
            });
            continue;
        }

        let same_code = by_code.get(&record.code).map(Vec::as_slice).unwrap_or_default();
        let identical_period = same_code.iter().find(|u| u.validity.from == record.validity.from);
        let overlapping_other =
            same_code.iter().find(|u| u.validity.from != record.validity.from && u.validity.overlaps(&record.validity));
        if let Some(other) = overlapping_other {
            errors.push(LineError {
                line: record.line,
                problem: Problem::CodeTaken { code: record.code.to_string(), name: other.name.clone() },
            });
            continue;
        }
        // Re-opening a unit that has ended is almost always a new edition of the list imported
        // without its start date (codes are reused across editions): refuse rather than rename.
        if let Some(ended) =
            identical_period.and_then(|u| u.validity.to.filter(|_| u.validity.to != record.validity.to))
        {
            errors.push(LineError {
                line: record.line,
                problem: Problem::EndedUnit {
                    code: record.code.to_string(),
                    name: identical_period.map(|u| u.name.clone()).unwrap_or_default(),
                    ended,
                },
            });
            continue;
        }
        changes.push(match identical_period {
            None => PlannedChange::Insert(record.clone()),
            Some(unit) if is_same(unit, record) => PlannedChange::Unchanged { id: unit.id, record: record.clone() },
            Some(unit) => PlannedChange::Update { id: unit.id, record: record.clone() },
        });
    }

    if errors.is_empty()
        && let Err(cycle) = order_parents_first(&mut changes)
    {
        errors.extend(cycle);
    }
    if errors.is_empty() {
        Ok(ImportPlan { changes })
    } else {
        errors.sort_by_key(|e| e.line);
        Err(errors)
    }
}

fn is_same(unit: &ExistingUnit, record: &UnitRecord) -> bool {
    unit.name == record.name
        && unit.kind == record.kind
        && unit.parent_code == record.parent_code
        && unit.validity == record.validity
        && unit.service_point == record.service_point
}

fn parse_row(row: &RawUnitRow, options: ImportOptions) -> Result<UnitRecord, Vec<LineError>> {
    let mut problems = Vec::new();
    let code = UnitCode::parse(&row.code).map_err(|e| problems.push(Problem::BadCode(e.to_string()))).ok();
    let name = clean_line(&row.name);
    if name.is_empty() {
        problems.push(Problem::EmptyName);
    } else if name.chars().count() > MAX_NAME_CHARS {
        problems.push(Problem::NameTooLong);
    }
    let kind = UnitKind::parse(&row.level);
    if kind.is_none() {
        problems.push(Problem::UnknownLevel(clean_line(&row.level)));
    }
    let parent_code = if row.parent_code.trim().is_empty() {
        None
    } else {
        UnitCode::parse(&row.parent_code).map_err(|e| problems.push(Problem::BadCode(e.to_string()))).ok()
    };
    let mut date =
        |column: &'static str, value: &Option<String>, default: Option<Date>| match value.as_deref().map(str::trim) {
            None | Some("") => default,
            Some(text) => {
                text.parse::<Date>().map_err(|_| problems.push(Problem::BadDate { column, value: text.into() })).ok()
            }
        };
    let validity = Validity {
        from: date("valid_from", &row.valid_from, options.validity.from),
        to: date("valid_to", &row.valid_to, options.validity.to),
    };
    if let (Some(from), Some(to)) = (validity.from, validity.to)
        && to < from
    {
        problems.push(Problem::EndsBeforeStart);
    }
    let service_point = match row.service_point.as_deref().map(|s| s.trim().to_lowercase()) {
        None => Some(None),
        Some(s) if s.is_empty() => Some(None),
        Some(s) if matches!(s.as_str(), "yes" | "y" | "true" | "1" | "có" | "x") => Some(Some(true)),
        Some(s) if matches!(s.as_str(), "no" | "n" | "false" | "0" | "không") => Some(Some(false)),
        Some(s) => {
            problems.push(Problem::BadServicePoint(s));
            None
        }
    };

    match (code, kind, service_point, problems.is_empty()) {
        (Some(code), Some(kind), Some(explicit), true) => {
            let service_point = explicit.unwrap_or(match kind {
                UnitKind::Centre | UnitKind::ServicePoint => true,
                _ => options.units_are_service_points,
            });
            Ok(UnitRecord { line: row.line, code, name, kind, parent_code, validity, service_point })
        }
        _ => Err(problems.into_iter().map(|problem| LineError { line: row.line, problem }).collect()),
    }
}

/// Sorts changes so that every parent in the file comes before its children, or reports the
/// lines whose parents loop.
fn order_parents_first(changes: &mut Vec<PlannedChange>) -> Result<(), Vec<LineError>> {
    let position: HashMap<UnitCode, usize> =
        changes.iter().enumerate().map(|(i, c)| (c.record().code.clone(), i)).collect();
    let mut placed = HashSet::with_capacity(changes.len());
    let mut order = Vec::with_capacity(changes.len());
    let mut errors = Vec::new();
    for start in 0..changes.len() {
        let mut chain = Vec::new();
        let mut at = Some(start);
        while let Some(i) = at {
            if placed.contains(&i) {
                break;
            }
            if chain.contains(&i) {
                let record = changes[i].record();
                errors.push(LineError { line: record.line, problem: Problem::Cycle(record.code.to_string()) });
                chain.clear();
                break;
            }
            chain.push(i);
            at = changes[i].record().parent_code.as_ref().and_then(|p| position.get(p).copied());
        }
        for &i in chain.iter().rev() {
            if placed.insert(i) {
                order.push(i);
            }
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    let mut taken: Vec<Option<PlannedChange>> = std::mem::take(changes).into_iter().map(Some).collect();
    *changes = order.into_iter().filter_map(|i| taken[i].take()).collect();
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(line: usize, code: &str, name: &str, level: &str, parent: &str) -> RawUnitRow {
        RawUnitRow {
            line,
            code: code.into(),
            name: name.into(),
            level: level.into(),
            parent_code: parent.into(),
            ..Default::default()
        }
    }

    fn bac_giang() -> Vec<RawUnitRow> {
        vec![
            row(2, "24", "Tỉnh Bắc Giang", "province", ""),
            row(3, "213", "Thành phố Bắc Giang", "district", "24"),
            row(4, "07210", "Phường Trần Phú", "commune", "213"),
        ]
    }

    #[test]
    fn a_clean_file_plans_inserts_parents_first() {
        let mut rows = bac_giang();
        rows.reverse();
        let plan = plan(&rows, ImportOptions::default(), &[]).unwrap();
        let codes: Vec<_> = plan.changes.iter().map(|c| c.record().code.as_str()).collect();
        assert_eq!(codes, ["24", "213", "07210"]);
        assert_eq!(plan.inserted(), 3);
        assert_eq!(plan.service_points(), 3);
    }

    #[test]
    fn every_problem_is_reported_with_its_line() {
        let rows = vec![
            row(2, "24", "Tỉnh Bắc Giang", "province", ""),
            row(3, "24", "Tỉnh Khác", "province", ""),
            row(4, "213", "", "district", "24"),
            row(5, "214", "Huyện X", "village", "24"),
            row(6, "07210", "Xã Y", "commune", "999"),
            row(7, "215", "Huyện Z", "district", ""),
        ];
        let errors = plan(&rows, ImportOptions::default(), &[]).unwrap_err();
        let lines: Vec<_> = errors.iter().map(|e| e.line).collect();
        assert_eq!(lines, [3, 4, 5, 6, 7]);
        assert_eq!(errors[0].to_string(), "dòng 3: mã 24 trùng với dòng 2");
        assert!(errors[3].problem.message(Lang::Vi).contains("999"));
    }

    #[test]
    fn loops_are_caught() {
        let rows = vec![row(2, "A", "Trung tâm A", "centre", "B"), row(3, "B", "Trung tâm B", "centre", "A")];
        let errors = plan(&rows, ImportOptions::default(), &[]).unwrap_err();
        // A centre cannot have a centre parent, which already rules the loop out.
        assert!(errors.iter().all(|e| matches!(e.problem, Problem::WrongParentKind { .. })));
        let rows = vec![
            row(2, "24", "Tỉnh", "province", ""),
            row(3, "P1", "Điểm 1", "service_point", "P2"),
            row(4, "P2", "Điểm 2", "service_point", "P1"),
        ];
        let errors = plan(&rows, ImportOptions::default(), &[]).unwrap_err();
        assert!(!errors.is_empty());
    }

    #[test]
    fn reimport_is_unchanged_and_rename_is_update() {
        let first = plan(&bac_giang(), ImportOptions::default(), &[]).unwrap();
        let existing: Vec<ExistingUnit> = first
            .changes
            .iter()
            .enumerate()
            .map(|(i, c)| {
                let r = c.record();
                ExistingUnit {
                    id: i as i64 + 1,
                    code: r.code.clone(),
                    name: r.name.clone(),
                    kind: r.kind,
                    parent_code: r.parent_code.clone(),
                    validity: r.validity,
                    service_point: r.service_point,
                }
            })
            .collect();
        let mut rows = bac_giang();
        rows[2].name = "Phường Trần  Phú mới".into();
        let again = plan(&rows, ImportOptions::default(), &existing).unwrap();
        assert_eq!((again.inserted(), again.updated(), again.unchanged()), (0, 1, 2));
    }

    #[test]
    fn codes_are_reused_only_in_another_period() {
        let d = |s: &str| Some(s.parse::<Date>().unwrap());
        let existing = vec![ExistingUnit {
            id: 1,
            code: UnitCode::parse("00004").unwrap(),
            name: "Phường Trúc Bạch".into(),
            kind: UnitKind::Commune,
            parent_code: None,
            validity: Validity { from: None, to: d("2025-06-30") },
            service_point: true,
        }];
        let mut rows =
            vec![row(2, "01", "Thành phố Hà Nội", "province", ""), row(3, "00004", "Phường Ba Đình", "commune", "01")];
        let later = ImportOptions { validity: Validity { from: d("2025-07-01"), to: None }, ..Default::default() };
        assert!(plan(&rows, later, &existing).is_ok());
        let errors = plan(&rows, ImportOptions::default(), &existing).unwrap_err();
        assert!(matches!(errors[0].problem, Problem::EndedUnit { .. }), "{errors:?}");
        let overlapping =
            ImportOptions { validity: Validity { from: d("2025-01-01"), to: None }, ..Default::default() };
        let errors = plan(&rows, overlapping, &existing).unwrap_err();
        assert!(matches!(errors[0].problem, Problem::CodeTaken { .. }), "{errors:?}");
        rows[1].valid_from = Some("1 July".into());
        let errors = plan(&rows, later, &existing).unwrap_err();
        assert!(matches!(errors[0].problem, Problem::BadDate { .. }));
    }
}
