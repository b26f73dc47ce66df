//! Reading the audit log: admins only, filtered by user, action and period, newest first.

use domain::access::Permission;
use jiff::civil::Date;
use store::{AuditEntry, AuditQuery};

use super::Staff;
use crate::Result;

/// Entries shown per page.
pub const PAGE: i64 = 100;

/// The filters of the audit page, as typed (empty means "any").
#[derive(Debug, Clone, Default)]
pub struct AuditFilter {
    pub username: String,
    pub action: String,
    pub from: Option<Date>,
    pub to: Option<Date>,
    pub before_id: Option<i64>,
}

/// One page of entries, and the id to continue from if there are more.
#[derive(Debug, Clone)]
pub struct AuditPage {
    pub entries: Vec<AuditEntry>,
    pub next_before: Option<i64>,
}

impl Staff {
    pub async fn audit_log(&self, filter: &AuditFilter) -> Result<AuditPage> {
        self.require(Permission::ReadAudit)?;
        let text = |s: &str| Some(s.trim().to_lowercase()).filter(|s| !s.is_empty());
        let start_of = domain::time::start_of_day;
        let query = AuditQuery {
            username: text(&filter.username),
            action_prefix: text(&filter.action),
            from: filter.from.map(start_of),
            until: filter.to.and_then(|d| d.tomorrow().ok()).map(start_of),
            before_id: filter.before_id,
            limit: PAGE + 1,
        };
        let mut entries = self.app().store().audit_entries(query).await?;
        let more = entries.len() as i64 > PAGE;
        entries.truncate(PAGE as usize);
        let next_before = if more { entries.last().map(|e| e.id) } else { None };
        Ok(AuditPage { entries, next_before })
    }
}
