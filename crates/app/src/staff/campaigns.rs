//! Campaigns as staff see them: the ones that reach into their scope, results computed over
//! their scope only, and the explicit, audited changes of status.

use domain::access::Permission;
use domain::campaigns::{Campaign, CampaignStatus};
use domain::quota::QuotaRule;
use domain::results::View;
use store::CampaignSummary;

use super::Staff;
use crate::campaigns::{CampaignSpec, CreatedCampaign, WindowSpec};
use crate::results::CampaignResults;
use crate::{AppError, Result};

impl Staff {
    /// Every campaign with at least one point inside the scope.
    pub async fn campaigns(&self) -> Result<Vec<CampaignSummary>> {
        self.require(Permission::ReadResults)?;
        let mut visible = Vec::new();
        for summary in self.app().campaigns().await? {
            if self.reaches(&summary.campaign).await? {
                visible.push(summary);
            }
        }
        Ok(visible)
    }

    /// A campaign's counted results over the points inside the scope.
    pub async fn campaign_results(&self, code: &str) -> Result<CampaignResults> {
        self.campaign_results_at(code, None, View::Counted).await
    }

    /// A campaign's results for one unit inside the scope (or the whole scope), with the
    /// units one level below it ranked, over the responses `view` counts.
    pub async fn campaign_results_at(&self, code: &str, unit: Option<i64>, view: View) -> Result<CampaignResults> {
        self.require(Permission::ReadResults)?;
        if let Some(unit) = unit {
            self.require_inside(unit)?;
        }
        let campaign = self.visible_campaign(code).await?;
        self.app().results_for(campaign, self.scope(), unit.or(self.scope().root()), view).await
    }

    /// A campaign's results broken down by channel, day and respondent fields, over the scope
    /// (or one unit inside it). Recounted from stored responses, cached until new ones arrive.
    pub async fn breakdowns(&self, code: &str, unit: Option<i64>, view: View) -> Result<crate::breakdowns::Breakdowns> {
        let results = self.campaign_results_at(code, unit, view).await?;
        self.app().breakdowns_of(results).await
    }

    pub async fn create_campaign(&self, spec: CampaignSpec) -> Result<CreatedCampaign> {
        self.require(Permission::ManageCampaigns)?;
        let created = self.app().create_campaign_within(spec, self.scope()).await?;
        let detail = format!("{} điểm, trạng thái {}", created.points.len(), created.campaign.status.as_str());
        self.audit("campaign.create", created.campaign.code.as_str(), detail).await?;
        Ok(created)
    }

    /// Opens, closes or archives a campaign. Only a user whose scope holds every point of the
    /// campaign may do it: a district cannot close the province's campaign.
    pub async fn set_campaign_status(&self, code: &str, status: CampaignStatus) -> Result<Campaign> {
        let before = self.manageable_campaign(code).await?.status;
        let changed = match status {
            CampaignStatus::Open => self.app().open_campaign(code).await?,
            CampaignStatus::Closed => self.app().close_campaign(code).await?,
            CampaignStatus::Archived => self.app().archive_campaign(code).await?,
            CampaignStatus::Draft => {
                return Err(AppError::invalid("không thể đưa đợt khảo sát về bản nháp"));
            }
        };
        let detail = format!("{} → {}", before.as_str(), status.as_str());
        self.audit("campaign.status", changed.code.as_str(), detail).await?;
        Ok(changed)
    }

    /// Changes name, window and quota rule, under the same condition as a status change.
    pub async fn edit_campaign(
        &self,
        code: &str,
        name: &str,
        window: WindowSpec,
        quota: QuotaRule,
    ) -> Result<Campaign> {
        self.manageable_campaign(code).await?;
        let changed = self.app().edit_campaign(code, name, window, quota).await?;
        let detail = format!("\"{}\", {:?}, {}", changed.name, window, quota.describe(domain::text::Lang::Vi));
        self.audit("campaign.edit", changed.code.as_str(), detail).await?;
        Ok(changed)
    }

    /// Refuses unless the user may change this campaign (before a form is even read).
    pub async fn require_manageable(&self, code: &str) -> Result<()> {
        self.manageable_campaign(code).await.map(|_| ())
    }

    /// The campaign's rule, for its edit form.
    pub async fn campaign_quota(&self, code: &str) -> Result<(Campaign, QuotaRule)> {
        self.require(Permission::ReadResults)?;
        let campaign = self.visible_campaign(code).await?;
        let quota = self.app().campaign_quota(&campaign).await?;
        Ok((campaign, quota))
    }

    /// A campaign the user may change: the role manages campaigns and the scope holds every
    /// point of it (a district cannot change the province's campaign). Reads its points once.
    pub(super) async fn manageable_campaign(&self, code: &str) -> Result<Campaign> {
        self.require(Permission::ManageCampaigns)?;
        let campaign = self.app().campaign(code).await?;
        let points = self.app().store().campaign_points(campaign.id).await?;
        if !self.scope().touches(points.iter().map(|p| p.id)) {
            return Err(not_reached());
        }
        match points.iter().find(|p| !self.scope().contains(p.id)) {
            Some(outside) => Err(AppError::Forbidden(format!(
                "đợt khảo sát này có điểm ngoài phạm vi của bạn ({}), chỉ cấp trên mới thay đổi được",
                outside.name
            ))),
            None => Ok(campaign),
        }
    }

    pub(super) async fn visible_campaign(&self, code: &str) -> Result<Campaign> {
        let campaign = self.app().campaign(code).await?;
        if self.reaches(&campaign).await? { Ok(campaign) } else { Err(not_reached()) }
    }

    async fn reaches(&self, campaign: &Campaign) -> Result<bool> {
        if self.scope().root().is_none() {
            return Ok(true);
        }
        let points = self.app().store().campaign_points(campaign.id).await?;
        Ok(self.scope().touches(points.iter().map(|p| p.id)))
    }
}

fn not_reached() -> AppError {
    AppError::Forbidden("đợt khảo sát này không có điểm nào trong phạm vi của bạn".into())
}
