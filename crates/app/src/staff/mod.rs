//! The one door to staff operations. A [`Staff`] is a signed-in user together with the part of
//! the unit tree they see. Every operation behind a staff page, form or export is a method in
//! this module tree that first checks the role's permission (and, for a unit, the scope) and
//! reads only inside the scope; web handlers reach staff data no other way. The access-matrix
//! test in `crates/web/tests` runs every staff route as every role, inside and outside scope.

mod accounts;
mod anomalies;
mod audit;
mod campaigns;
mod codebook;
mod codes;
mod comments;
mod export_jobs;
mod exports;
mod field;
mod instruments;
mod kiosks;
mod lineage;
mod monitor;
mod paper;
mod posters;
mod qr;
mod recognition;
mod report;
mod review;
mod units;
pub mod workbook;

use std::sync::Arc;

use domain::access::{Permission, Scope};
use domain::text::Lang;
use store::NewAuditEntry;

pub use accounts::{AccountRow, NewAccountForm};
pub use anomalies::AnomalyCheck;
pub use audit::{AuditFilter, AuditPage};
pub use codebook::CodebookEntry;
pub use codes::{CodeBatch, CodeImport, CodeSheet, CodeSheetRow, CodesDesk, MAX_GENERATED};
pub use comments::{Comment, CommentFilter, CommentsPage, PER_PAGE as COMMENTS_PER_PAGE};
pub use export_jobs::ExportJob;
pub use exports::{EXCLUDED_COLUMN, ExportFormat, FIXED_COLUMNS, ResponseExport, ResponseRow};
pub use field::{FieldDesk, FieldReportForm, FieldReportsPage, LineError, Upload, VisitorEntry, VisitorImport};
pub use instruments::{InstrumentFormat, InstrumentImported};
pub use kiosks::{CreatedKiosk, KioskRow, KioskStatus, NewKioskForm};
pub use lineage::{EarlierFigures, LineageEntry, UnitCampaignResult};
pub use monitor::{Flag, Monitor, PointStatus};
pub use paper::{Mismatch, PaperDesk, PaperImport, SlipOutcome};
pub use posters::{PosterPoint, PosterSet};
pub use qr::PointQr;
pub use recognition::{EXEMPLARY_GROUPS, ExemplaryGroup, Recognition, UnitScore};
pub use report::{CampaignReport, CommentSummary, QUOTED_COMMENTS, QuotaPoint};
pub use review::{ReviewFilter, ReviewForm, ReviewGroup, ReviewOutcome, ReviewQueue};
pub use units::{UnitDetail, UnitEdit};

use crate::accounts::SessionUser;
use crate::{App, AppError, Result};

/// A signed-in user and their scope. Built per request by [`App::staff`].
#[derive(Debug, Clone)]
pub struct Staff {
    app: App,
    user: SessionUser,
    scope: Arc<Scope>,
}

impl App {
    /// The staff view of a signed-in user: what they may do and where.
    pub async fn staff(&self, user: SessionUser) -> Result<Staff> {
        let scope = if user.role.sees_everything() {
            Scope::Everything
        } else {
            let root = user
                .unit_id
                .ok_or_else(|| AppError::Forbidden("tài khoản chưa được gán đơn vị nên chưa xem được gì".into()))?;
            Scope::subtree(root, &self.unit_tree().await?)
        };
        Ok(Staff { app: self.clone(), user, scope: Arc::new(scope) })
    }
}

impl Staff {
    pub fn user(&self) -> &SessionUser {
        &self.user
    }

    pub fn scope(&self) -> &Scope {
        &self.scope
    }

    pub(crate) fn app(&self) -> &App {
        &self.app
    }

    /// Whether the role has a permission at all (for showing or hiding links).
    pub fn may(&self, permission: Permission) -> bool {
        self.user.role.allows(permission)
    }

    /// Refuses what the role may not do.
    pub fn require(&self, permission: Permission) -> Result<()> {
        if self.may(permission) {
            Ok(())
        } else {
            Err(AppError::Forbidden(format!(
                "vai trò \"{}\" không được {}",
                self.user.role.label(Lang::Vi),
                permission.describe(Lang::Vi)
            )))
        }
    }

    /// Refuses what the role may not do, or may not do at this unit.
    pub(crate) fn require_at(&self, permission: Permission, unit: i64) -> Result<()> {
        self.require(permission)?;
        self.require_inside(unit)
    }

    pub(crate) fn require_inside(&self, unit: i64) -> Result<()> {
        if self.scope.contains(unit) {
            Ok(())
        } else {
            Err(AppError::Forbidden("đơn vị này nằm ngoài phạm vi tài khoản của bạn".into()))
        }
    }

    /// Records a change (or a read of raw responses) in the audit log: who, when, what, from
    /// which scope.
    pub(crate) async fn audit(&self, action: &str, target: &str, detail: impl Into<String>) -> Result<()> {
        let entry = NewAuditEntry {
            at: self.app.now(),
            user_id: Some(self.user.id),
            username: self.user.username.clone(),
            role: self.user.role,
            scope_unit_id: self.scope.root(),
            action: action.to_owned(),
            target: target.to_owned(),
            detail: detail.into(),
        };
        self.app.store().record_audit(entry).await?;
        Ok(())
    }
}
