//! The unit tree as staff see it: browse and search inside the scope; add, rename, move and
//! end units, and import a CSV file with a dry run first. Every change goes through the same
//! checked import plan as `hailong import units`, so the tree's rules hold whichever way a
//! unit is edited, and each change is audited.

use std::sync::Arc;

use domain::access::{Permission, Scope};
use domain::text::fold_for_search;
use domain::units::import::{ImportOptions, RawUnitRow};
use domain::units::{Unit, UnitCode, UnitKind};
use jiff::civil::Date;

use super::Staff;
use crate::units::{ImportError, UnitImport, read_csv};
use crate::{AppError, Result};

/// Search results shown at most.
pub const SEARCH_LIMIT: usize = 50;

/// One unit's page: where it sits, what is below it.
#[derive(Debug, Clone)]
pub struct UnitDetail {
    pub unit: Unit,
    /// From the top of the user's scope down to the parent.
    pub ancestors: Vec<Unit>,
    pub children: Vec<Unit>,
}

/// A change to one unit from the unit page.
#[derive(Debug, Clone)]
pub enum UnitEdit {
    Rename {
        name: String,
    },
    Move {
        parent: UnitCode,
    },
    /// The unit exists until `last_day` (inclusive) and is gone after it.
    End {
        last_day: Date,
    },
    AddChild {
        code: String,
        name: String,
        kind: UnitKind,
        service_point: bool,
    },
}

impl Staff {
    /// The units at the top of the user's scope: provinces for the whole tree, else the root.
    pub async fn top_units(&self) -> Result<Vec<Unit>> {
        let tree = self.app().unit_tree().await?;
        Ok(match self.scope() {
            Scope::Everything => tree.iter().filter(|u| u.parent_id.is_none()).cloned().collect(),
            Scope::Subtree { root, .. } => tree.iter().filter(|u| u.id == *root).cloned().collect(),
        })
    }

    pub async fn unit_detail(&self, id: i64) -> Result<UnitDetail> {
        self.require_inside(id)?;
        let tree = self.app().unit_tree().await?;
        let unit = find(&tree, id)?.clone();
        let mut ancestors = Vec::new();
        let mut next = unit.parent_id;
        while let Some(parent) = next.filter(|p| self.scope().contains(*p)) {
            let parent = find(&tree, parent)?;
            ancestors.push(parent.clone());
            next = parent.parent_id;
        }
        ancestors.reverse();
        let mut children: Vec<Unit> = tree.iter().filter(|u| u.parent_id == Some(id)).cloned().collect();
        children.sort_by(|a, b| (a.validity.to.is_some(), &a.code).cmp(&(b.validity.to.is_some(), &b.code)));
        Ok(UnitDetail { unit, ancestors, children })
    }

    /// Units inside the scope whose name or code matches `query`, ignoring case and tones.
    pub async fn search_units(&self, query: &str) -> Result<Vec<Unit>> {
        let wanted = fold_for_search(query);
        if wanted.is_empty() {
            return Ok(Vec::new());
        }
        let tree = self.app().unit_tree().await?;
        Ok(tree
            .iter()
            .filter(|u| self.scope().contains(u.id))
            .filter(|u| u.code.as_str().starts_with(query.trim()) || fold_for_search(&u.name).contains(&wanted))
            .take(SEARCH_LIMIT)
            .cloned()
            .collect())
    }

    pub async fn edit_unit(&self, id: i64, edit: UnitEdit) -> Result<Unit, ImportError> {
        self.require_at(Permission::ManageUnits, id)?;
        let tree = self.app().unit_tree().await?;
        let unit = find(&tree, id)?.clone();
        let mut row = row_of(&unit, &tree);
        let (action, detail) = match edit {
            UnitEdit::Rename { name } => {
                let detail = format!("\"{}\" → \"{}\"", unit.name, name.trim());
                row.name = name;
                ("unit.rename", detail)
            }
            UnitEdit::Move { parent } => {
                let detail = format!("{} → {parent}", row.parent_code);
                row.parent_code = parent.to_string();
                ("unit.move", detail)
            }
            UnitEdit::End { last_day } => {
                row.valid_to = Some(last_day.to_string());
                ("unit.end", format!("hiệu lực đến hết {}", domain::time::format_date_vi(last_day)))
            }
            UnitEdit::AddChild { code, name, kind, service_point } => {
                // The import plan would read a known code as an update: adding must not.
                let today = self.app().today();
                if let Some(taken) = tree.iter().find(|u| u.code.as_str() == code.trim() && u.validity.contains(today))
                {
                    return Err(AppError::Conflict(format!("mã {} đã được dùng cho {}", taken.code, taken.name)).into());
                }
                row = RawUnitRow {
                    line: 1,
                    code,
                    name,
                    level: kind.as_str().into(),
                    parent_code: unit.code.to_string(),
                    valid_from: Some(self.app().today().to_string()),
                    valid_to: None,
                    service_point: Some(if service_point { "yes" } else { "no" }.into()),
                };
                ("unit.add", format!("{} dưới {}", kind.as_str(), unit.code))
            }
        };
        let target = row.code.clone();
        self.import_checked(&[row], false).await?;
        self.audit(action, &target, detail).await?;
        let tree = self.app().unit_tree().await?;
        let changed = tree
            .iter()
            .filter(|u| u.code.as_str() == target && self.scope().contains(u.id))
            .max_by_key(|u| u.validity.from)
            .cloned();
        Ok(changed.ok_or_else(|| AppError::NotFound(format!("đơn vị mã {target}")))?)
    }

    /// Checks a unit CSV file against the registry and the scope; unless `dry_run`, writes it.
    pub async fn import_units(&self, csv: &[u8], dry_run: bool) -> Result<UnitImport, ImportError> {
        self.require(Permission::ManageUnits)?;
        let rows = read_csv(csv)?;
        let done = self.import_checked(&rows, dry_run).await?;
        if let Some(written) = &done.written {
            let detail =
                format!("{} thêm, {} sửa, {} giữ nguyên", written.inserted, written.updated, written.unchanged);
            self.audit("unit.import", &format!("{} dòng", rows.len()), detail).await?;
        }
        Ok(done)
    }

    async fn import_checked(&self, rows: &[RawUnitRow], dry_run: bool) -> Result<UnitImport, ImportError> {
        self.app().import_rows_within(rows, ImportOptions::default(), dry_run, self.scope()).await
    }

    /// The tree, for pages that need names of units by id.
    pub async fn units_by_id(&self) -> Result<Arc<Vec<Unit>>> {
        self.app().unit_tree().await
    }
}

fn find(tree: &[Unit], id: i64) -> Result<&Unit> {
    tree.iter().find(|u| u.id == id).ok_or_else(|| AppError::NotFound(format!("đơn vị số {id}")))
}

/// A unit as an import row, so an edit is checked by the same rules as a file.
fn row_of(unit: &Unit, tree: &[Unit]) -> RawUnitRow {
    let parent = unit.parent_id.and_then(|p| tree.iter().find(|u| u.id == p));
    RawUnitRow {
        line: 1,
        code: unit.code.to_string(),
        name: unit.name.clone(),
        level: unit.kind.as_str().into(),
        parent_code: parent.map(|p| p.code.to_string()).unwrap_or_default(),
        valid_from: unit.validity.from.map(|d| d.to_string()),
        valid_to: unit.validity.to.map(|d| d.to_string()),
        service_point: Some(if unit.service_point { "yes" } else { "no" }.into()),
    }
}
