//! Who may do what, and where: the role × permission matrix, and the part of the unit tree a
//! user sees. The application checks both in one place (`app::staff`) before any staff
//! operation touches the store.

use std::collections::{HashMap, HashSet};

use crate::accounts::Role;
use crate::text::Lang;
use crate::units::Unit;

/// Something a staff user does. Each staff operation needs exactly one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Permission {
    /// Add, change and disable accounts.
    ManageAccounts,
    /// Read the audit log.
    ReadAudit,
    /// Add, rename, move, deactivate and import units; record merges and splits.
    ManageUnits,
    /// Import questionnaires and make new versions.
    ManageInstruments,
    /// Create, edit, open and close campaigns; rotate QR tokens.
    ManageCampaigns,
    /// Aggregated figures: counts, indices, rankings.
    ReadResults,
    /// Individual responses (answers and comments) and raw exports.
    ReadResponses,
    /// Paper forms, visitor counts and field reports.
    EnterData,
    /// The contact details citizens left to be answered, beside their comments.
    FollowUp,
}

impl Permission {
    pub const ALL: [Permission; 9] = [
        Permission::ManageAccounts,
        Permission::ReadAudit,
        Permission::ManageUnits,
        Permission::ManageInstruments,
        Permission::ManageCampaigns,
        Permission::ReadResults,
        Permission::ReadResponses,
        Permission::EnterData,
        Permission::FollowUp,
    ];

    pub fn describe(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (Permission::ManageAccounts, Lang::Vi) => "quản lý tài khoản",
            (Permission::ReadAudit, Lang::Vi) => "xem nhật ký thao tác",
            (Permission::ManageUnits, Lang::Vi) => "quản lý danh mục đơn vị",
            (Permission::ManageInstruments, Lang::Vi) => "quản lý bộ câu hỏi",
            (Permission::ManageCampaigns, Lang::Vi) => "quản lý đợt khảo sát",
            (Permission::ReadResults, Lang::Vi) => "xem kết quả tổng hợp",
            (Permission::ReadResponses, Lang::Vi) => "xem từng phiếu trả lời",
            (Permission::EnterData, Lang::Vi) => "nhập liệu",
            (Permission::FollowUp, Lang::Vi) => "xem liên hệ người dân để lại để phản hồi",
            (Permission::ManageAccounts, Lang::En) => "manage accounts",
            (Permission::ReadAudit, Lang::En) => "read the audit log",
            (Permission::ManageUnits, Lang::En) => "manage units",
            (Permission::ManageInstruments, Lang::En) => "manage questionnaires",
            (Permission::ManageCampaigns, Lang::En) => "manage campaigns",
            (Permission::ReadResults, Lang::En) => "read aggregated results",
            (Permission::ReadResponses, Lang::En) => "read individual responses",
            (Permission::EnterData, Lang::En) => "enter data",
            (Permission::FollowUp, Lang::En) => "see the contacts citizens left for a reply",
        }
    }
}

impl Role {
    /// The matrix. Only admins manage accounts and read the audit log; only admins and
    /// organisers see individual responses; a unit manager and a viewer see aggregates; a
    /// clerk enters data and sees nothing else. Those who answer follow-ups on negative
    /// feedback (organisers, and unit managers in their subtree) see the contacts citizens left
    /// for a reply; a viewer reads figures only.
    pub fn allows(self, permission: Permission) -> bool {
        use Permission::*;
        match self {
            Role::Admin => true,
            Role::Organiser => {
                matches!(permission, ManageUnits | ManageCampaigns | ReadResults | ReadResponses | EnterData | FollowUp)
            }
            Role::Manager => matches!(permission, ReadResults | FollowUp),
            Role::Viewer => matches!(permission, ReadResults),
            Role::Clerk => matches!(permission, EnterData),
        }
    }

    /// Whether this role works on the whole tree rather than below one unit.
    pub fn sees_everything(self) -> bool {
        self == Role::Admin
    }
}

/// The units a user sees: everything, or one unit and every unit below it (ended ones too,
/// so that earlier campaigns stay readable).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Scope {
    Everything,
    Subtree { root: i64, units: HashSet<i64> },
}

impl Scope {
    /// The subtree of `root` in `units` (every unit ever recorded, valid or not).
    pub fn subtree(root: i64, units: &[Unit]) -> Scope {
        let mut children: HashMap<i64, Vec<i64>> = HashMap::new();
        for unit in units {
            if let Some(parent) = unit.parent_id {
                children.entry(parent).or_default().push(unit.id);
            }
        }
        let mut inside = HashSet::from([root]);
        let mut stack = vec![root];
        while let Some(id) = stack.pop() {
            for &child in children.get(&id).into_iter().flatten() {
                if inside.insert(child) {
                    stack.push(child);
                }
            }
        }
        Scope::Subtree { root, units: inside }
    }

    pub fn contains(&self, unit: i64) -> bool {
        match self {
            Scope::Everything => true,
            Scope::Subtree { units, .. } => units.contains(&unit),
        }
    }

    /// Whether any of `units` is inside.
    pub fn touches(&self, units: impl IntoIterator<Item = i64>) -> bool {
        match self {
            Scope::Everything => true,
            Scope::Subtree { units: inside, .. } => units.into_iter().any(|u| inside.contains(&u)),
        }
    }

    /// The unit at the top of the scope, if it is not the whole tree.
    pub fn root(&self) -> Option<i64> {
        match self {
            Scope::Everything => None,
            Scope::Subtree { root, .. } => Some(*root),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::units::{UnitCode, UnitKind, Validity};

    fn unit(id: i64, parent: Option<i64>) -> Unit {
        Unit {
            id,
            code: UnitCode::parse(&id.to_string()).unwrap(),
            name: format!("Đơn vị {id}"),
            kind: UnitKind::Commune,
            parent_id: parent,
            validity: Validity::default(),
            service_point: true,
        }
    }

    #[test]
    fn a_subtree_holds_its_root_and_everything_below() {
        let units = [unit(1, None), unit(2, Some(1)), unit(3, Some(2)), unit(4, Some(1)), unit(5, None)];
        let scope = Scope::subtree(2, &units);
        assert!(scope.contains(2) && scope.contains(3));
        assert!(!scope.contains(1) && !scope.contains(4) && !scope.contains(5));
        assert!(scope.touches([5, 3]));
        assert!(!scope.touches([1, 4]));
        assert!(Scope::Everything.contains(5));
    }

    #[test]
    fn only_admins_and_organisers_read_responses() {
        let readers: Vec<Role> = Role::ALL.into_iter().filter(|r| r.allows(Permission::ReadResponses)).collect();
        assert_eq!(readers, [Role::Admin, Role::Organiser]);
        let accounts: Vec<Role> = Role::ALL.into_iter().filter(|r| r.allows(Permission::ManageAccounts)).collect();
        assert_eq!(accounts, [Role::Admin]);
        assert!(!Role::Clerk.allows(Permission::ReadResults));
        let followers: Vec<Role> = Role::ALL.into_iter().filter(|r| r.allows(Permission::FollowUp)).collect();
        assert_eq!(followers, [Role::Admin, Role::Organiser, Role::Manager], "a viewer sees no contact");
    }
}
