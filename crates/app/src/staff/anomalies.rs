//! "Chạy kiểm tra bất thường ngay": an organiser runs the anomaly job over one campaign now
//! instead of waiting for its next period. Audited; the answer counts only responses inside
//! the organiser's scope, although the run reads the whole campaign (as the job would).

use domain::access::Permission;

use super::Staff;
use crate::Result;

/// What a run found, as the organiser may see it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AnomalyCheck {
    /// Responses of the campaign read for the first time.
    pub examined: usize,
    /// Responses inside the scope that carry a flag now and did not before.
    pub newly_flagged: i64,
}

impl Staff {
    pub async fn run_anomaly_checks(&self, code: &str) -> Result<AnomalyCheck> {
        self.require(Permission::ManageCampaigns)?;
        let campaign = self.visible_campaign(code).await?;
        let before = self.flagged_in_scope(campaign.id).await?;
        let run = self.app().detect_campaign_anomalies(&campaign).await?;
        let newly_flagged = self.flagged_in_scope(campaign.id).await? - before;
        let detail = format!("{} phiếu mới được kiểm tra; {newly_flagged} phiếu bị gắn cờ thêm", run.examined);
        self.audit("integrity.anomalies", campaign.code.as_str(), detail).await?;
        Ok(AnomalyCheck { examined: run.examined, newly_flagged })
    }

    async fn flagged_in_scope(&self, campaign: i64) -> Result<i64> {
        let by_point = self.app().store().flag_counts_by_point(campaign).await?;
        Ok(by_point.into_iter().filter(|p| self.scope().contains(p.point_id)).map(|p| p.flagged).sum())
    }
}
