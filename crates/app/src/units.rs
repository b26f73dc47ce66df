//! Importing the unit tree from CSV: all or nothing, with every problem reported by line.
//!
//! Columns (header row required): `code,name,level,parent_code`, optionally `valid_from`,
//! `valid_to` (YYYY-MM-DD, inclusive) and `service_point` (yes/no). The files in
//! `data/units/` have exactly the four required columns.

use domain::access::Scope;
use domain::text::Lang;
use domain::units::UnitCode;
use domain::units::import::{
    self, ExistingUnit, ImportOptions, ImportPlan, LineError, PlannedChange, Problem, RawUnitRow, UnitRecord,
};
use store::ImportSummary;

use crate::{App, AppError, Result};

/// Largest unit file accepted (the whole 2024 country list is 380 KB).
pub const MAX_FILE_BYTES: usize = 8 * 1024 * 1024;

/// The outcome of an import or of its dry run.
#[derive(Debug, Clone)]
pub struct UnitImport {
    pub plan: ImportPlan,
    /// `None` for a dry run: nothing was written.
    pub written: Option<ImportSummary>,
}

#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    /// The file has problems; nothing was written.
    #[error("{} lỗi trong tệp", .0.len())]
    Rejected(Vec<LineError>),
    #[error(transparent)]
    App(#[from] AppError),
}

impl ImportError {
    /// The line-numbered report, one line per problem.
    pub fn report(&self, lang: Lang) -> String {
        match self {
            ImportError::Rejected(errors) => errors
                .iter()
                .map(|e| match (e.line, lang) {
                    (0, _) => e.problem.message(lang),
                    (line, Lang::Vi) => format!("dòng {line}: {}", e.problem.message(lang)),
                    (line, Lang::En) => format!("line {line}: {}", e.problem.message(lang)),
                })
                .collect::<Vec<_>>()
                .join("\n"),
            ImportError::App(e) => e.to_string(),
        }
    }
}

fn file_error(problem: Problem) -> ImportError {
    ImportError::Rejected(vec![LineError { line: 0, problem }])
}

/// Reads a unit CSV file. Accepts a UTF-8 byte-order mark and `;` as separator (Excel).
pub fn read_csv(bytes: &[u8]) -> Result<Vec<RawUnitRow>, ImportError> {
    if bytes.len() > MAX_FILE_BYTES {
        return Err(file_error(Problem::Unreadable(format!("tệp lớn hơn {} MB", MAX_FILE_BYTES / 1024 / 1024))));
    }
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let first_line = bytes.split(|&b| b == b'\n').next().unwrap_or_default();
    let delimiter = if first_line.contains(&b';') && !first_line.contains(&b',') { b';' } else { b',' };
    let mut reader = csv::ReaderBuilder::new().delimiter(delimiter).flexible(false).from_reader(bytes);
    let headers = reader
        .headers()
        .map_err(|e| file_error(Problem::Unreadable(csv_reason(&e))))?
        .iter()
        .map(|h| h.trim().to_ascii_lowercase())
        .collect::<Vec<_>>();
    let column = |name: &'static str| headers.iter().position(|h| h == name);
    let mut missing = Vec::new();
    let mut required = |name: &'static str| {
        column(name).unwrap_or_else(|| {
            missing.push(LineError { line: 1, problem: Problem::MissingColumn(name) });
            usize::MAX
        })
    };
    let (code, name, level, parent) = (required("code"), required("name"), required("level"), required("parent_code"));
    if !missing.is_empty() {
        return Err(ImportError::Rejected(missing));
    }
    let (valid_from, valid_to, service_point) = (column("valid_from"), column("valid_to"), column("service_point"));

    let mut rows = Vec::new();
    let mut errors = Vec::new();
    for (index, record) in reader.byte_records().enumerate() {
        if rows.len() > import::MAX_ROWS {
            return Err(file_error(Problem::TooManyRows(import::MAX_ROWS)));
        }
        let record = match record {
            Ok(r) => r,
            Err(e) => {
                let line = e.position().map_or(index + 2, |p| p.line() as usize);
                errors.push(LineError { line, problem: Problem::Unreadable(csv_reason(&e)) });
                continue;
            }
        };
        let line = record.position().map_or(index + 2, |p| p.line() as usize);
        if record.iter().all(|f| f.iter().all(u8::is_ascii_whitespace)) {
            continue;
        }
        let field = |i: usize| -> Result<String, Problem> {
            let raw = record.get(i).unwrap_or_default();
            std::str::from_utf8(raw)
                .map(str::to_owned)
                .map_err(|_| Problem::Unreadable("không phải văn bản UTF-8 (hãy lưu tệp dạng \"CSV UTF-8\")".into()))
        };
        let optional = |i: Option<usize>| i.map(field).transpose();
        let parsed = (|| {
            Ok(RawUnitRow {
                line,
                code: field(code)?,
                name: field(name)?,
                level: field(level)?,
                parent_code: field(parent)?,
                valid_from: optional(valid_from)?,
                valid_to: optional(valid_to)?,
                service_point: optional(service_point)?,
            })
        })();
        match parsed {
            Ok(row) => rows.push(row),
            Err(problem) => errors.push(LineError { line, problem }),
        }
    }
    if errors.is_empty() { Ok(rows) } else { Err(ImportError::Rejected(errors)) }
}

fn csv_reason(e: &csv::Error) -> String {
    match e.kind() {
        csv::ErrorKind::Utf8 { .. } => "không phải văn bản UTF-8 (hãy lưu tệp dạng \"CSV UTF-8\")".into(),
        csv::ErrorKind::UnequalLengths { expected_len, len, .. } => {
            format!("có {len} cột, dòng tiêu đề có {expected_len}")
        }
        other => format!("{other:?}"),
    }
}

impl App {
    /// Checks a unit file against the registry and, unless `dry_run`, writes it in one
    /// transaction. Nothing is written if any line has a problem.
    pub async fn import_units(
        &self,
        csv: &[u8],
        options: ImportOptions,
        dry_run: bool,
    ) -> Result<UnitImport, ImportError> {
        let rows = read_csv(csv)?;
        self.import_rows_within(&rows, options, dry_run, &Scope::Everything).await
    }

    /// Checks rows against the registry and the importer's scope and, unless `dry_run`,
    /// writes them in one transaction. A row may only change a unit inside `scope`, and only
    /// add one under a parent inside it (or under a unit added by the same file).
    pub(crate) async fn import_rows_within(
        &self,
        rows: &[RawUnitRow],
        options: ImportOptions,
        dry_run: bool,
        scope: &Scope,
    ) -> Result<UnitImport, ImportError> {
        let existing = self.store().existing_units().await.map_err(AppError::from)?;
        let plan = import::plan(rows, options, &existing).map_err(ImportError::Rejected)?;
        let outside = outside_scope(&plan, &existing, scope);
        if !outside.is_empty() {
            return Err(ImportError::Rejected(outside));
        }
        if dry_run {
            return Ok(UnitImport { plan, written: None });
        }
        let summary = self
            .store()
            .apply_unit_import(plan.clone(), self.key().clone(), self.now())
            .await
            .map_err(AppError::from)?;
        self.caches().clear();
        tracing::info!(
            inserted = summary.inserted,
            updated = summary.updated,
            unchanged = summary.unchanged,
            tokens = summary.tokens_created,
            "imported units"
        );
        Ok(UnitImport { plan, written: Some(summary) })
    }
}

/// The rows of a plan that reach outside `scope`.
fn outside_scope(plan: &ImportPlan, existing: &[ExistingUnit], scope: &Scope) -> Vec<LineError> {
    if scope.root().is_none() {
        return Vec::new();
    }
    let in_file: std::collections::HashSet<&UnitCode> = plan.changes.iter().map(|c| &c.record().code).collect();
    let parent_inside = |record: &UnitRecord| match &record.parent_code {
        None => false,
        Some(parent) if in_file.contains(parent) => true,
        Some(parent) => existing.iter().any(|u| {
            &u.code == parent && record.validity.from.is_none_or(|d| u.validity.contains(d)) && scope.contains(u.id)
        }),
    };
    plan.changes
        .iter()
        .filter(|change| match change {
            PlannedChange::Insert(record) => !parent_inside(record),
            PlannedChange::Update { id, record } => !scope.contains(*id) || !parent_inside(record),
            PlannedChange::Unchanged { id, .. } => !scope.contains(*id),
        })
        .map(|change| LineError {
            line: change.record().line,
            problem: Problem::OutsideScope(change.record().code.to_string()),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_shipped_file_format() {
        let rows = read_csv(include_bytes!("../../../data/units/bac-giang-2024.csv")).unwrap();
        assert_eq!(rows.len(), 203);
        assert_eq!((rows[0].line, rows[0].code.as_str(), rows[0].name.as_str()), (2, "24", "Tỉnh Bắc Giang"));
        assert_eq!(rows[202].line, 204);
    }

    #[test]
    fn excel_style_files_are_accepted() {
        let rows =
            read_csv("\u{feff}code;name;level;parent_code\r\n24;Tỉnh Bắc Giang;province;\r\n".as_bytes()).unwrap();
        assert_eq!(rows[0].name, "Tỉnh Bắc Giang");
    }

    #[test]
    fn broken_files_are_reported_by_line() {
        let err = read_csv(b"code,name\n24,X\n").unwrap_err();
        assert_eq!(
            err.report(Lang::Vi),
            "dòng 1: thiếu cột bắt buộc \"level\" ở dòng tiêu đề\ndòng 1: thiếu cột bắt buộc \"parent_code\" ở dòng tiêu đề"
        );
        let err = read_csv(b"code,name,level,parent_code\n24,T\xe1nh,province,\n25,OK,province,\n").unwrap_err();
        assert!(err.report(Lang::En).starts_with("line 2: unreadable line"), "{}", err.report(Lang::En));
    }
}
