//! Creating, opening and closing campaigns.

use std::collections::BTreeSet;

use domain::access::Scope;
use domain::campaigns::{Campaign, CampaignCode, CampaignStatus, Window};
use domain::quota::QuotaRule;
use domain::text::clean_line;
use domain::units::{Unit, UnitCode};
use jiff::civil::Date;
use store::{CampaignEdit, CampaignSummary, NewCampaign};

use crate::{App, AppError, Result};

/// When a campaign runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WindowSpec {
    /// From the first to the last day, inclusive, in Vietnam's time.
    Days { first: Date, last: Date },
    /// The point's continuous survey between campaigns.
    AlwaysOn,
}

/// Which service points a campaign covers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PointScope {
    /// Every service point in the subtree of these units (themselves included).
    Subtrees(Vec<UnitCode>),
    /// Exactly these service points.
    Points(Vec<UnitCode>),
}

#[derive(Debug, Clone)]
pub struct CampaignSpec {
    pub code: String,
    pub name: String,
    /// `PKS05` (newest version) or `PKS05@1`.
    pub instrument: String,
    pub window: WindowSpec,
    pub scope: PointScope,
    pub exclude: Vec<UnitCode>,
    /// Open at once instead of staying a draft.
    pub open: bool,
    pub quota: QuotaRule,
}

#[derive(Debug, Clone)]
pub struct CreatedCampaign {
    pub campaign: Campaign,
    pub points: Vec<Unit>,
}

impl App {
    pub async fn create_campaign(&self, spec: CampaignSpec) -> Result<CreatedCampaign> {
        self.create_campaign_within(spec, &Scope::Everything).await
    }

    /// Creates a campaign whose every point lies inside `scope`.
    pub(crate) async fn create_campaign_within(&self, spec: CampaignSpec, scope: &Scope) -> Result<CreatedCampaign> {
        let code = CampaignCode::parse(&spec.code).map_err(AppError::invalid)?;
        let name = campaign_name(&spec.name)?;
        spec.quota.check().map_err(AppError::invalid)?;
        let instrument = self.find_instrument(&spec.instrument).await?;
        let (window, day) = self.window_of(spec.window)?;
        let points = self.resolve_points(&spec.scope, &spec.exclude, day).await?;
        if let Some(outside) = points.iter().find(|p| !scope.contains(p.id)) {
            return Err(AppError::Forbidden(format!(
                "điểm {} ({}) nằm ngoài phạm vi tài khoản của bạn",
                outside.name, outside.code
            )));
        }
        if points.is_empty() {
            return Err(AppError::invalid("phạm vi đã chọn không có điểm tiếp nhận nào đang hoạt động"));
        }
        let point_ids: Vec<i64> = points.iter().map(|p| p.id).collect();
        self.check_no_clash(None, &window, &point_ids, &points).await?;
        let status = if spec.open { CampaignStatus::Open } else { CampaignStatus::Draft };
        let new = NewCampaign {
            code,
            name,
            instrument_id: instrument.id,
            window,
            status,
            points: point_ids,
            quota: spec.quota,
        };
        let campaign = self.store().create_campaign(new, self.now()).await.map_err(|e| match e {
            store::StoreError::Conflict(_) => {
                AppError::Conflict(format!("mã đợt khảo sát \"{}\" đã được dùng", spec.code))
            }
            e => e.into(),
        })?;
        self.caches().clear();
        tracing::info!(campaign = %campaign.code, points = points.len(), status = status.as_str(), "created a campaign");
        Ok(CreatedCampaign { campaign, points })
    }

    fn window_of(&self, spec: WindowSpec) -> Result<(Window, Date)> {
        Ok(match spec {
            WindowSpec::Days { first, last } => (Window::local_days(first, last).map_err(AppError::invalid)?, first),
            WindowSpec::AlwaysOn => (Window::ALWAYS, self.today()),
        })
    }

    /// Changes a campaign's name, window and quota rule; the new window must not overlap
    /// another campaign at any of its points.
    pub async fn edit_campaign(
        &self,
        code: &str,
        name: &str,
        window: WindowSpec,
        quota: QuotaRule,
    ) -> Result<Campaign> {
        let mut campaign = self.campaign(code).await?;
        if campaign.status == CampaignStatus::Archived {
            return Err(AppError::invalid("đợt khảo sát đã lưu trữ không sửa được"));
        }
        let name = campaign_name(name)?;
        quota.check().map_err(AppError::invalid)?;
        let (window, _) = self.window_of(window)?;
        let points = self.store().campaign_points(campaign.id).await?;
        let ids: Vec<i64> = points.iter().map(|p| p.id).collect();
        self.check_no_clash(Some(campaign.id), &window, &ids, &points).await?;
        self.store()
            .update_campaign(campaign.id, CampaignEdit { name: name.clone(), window, quota }, self.now())
            .await?;
        self.caches().clear();
        campaign.name = name;
        campaign.window = window;
        Ok(campaign)
    }

    pub async fn campaign_quota(&self, campaign: &Campaign) -> Result<QuotaRule> {
        Ok(self.store().campaign_quota(campaign.id).await?)
    }

    async fn resolve_points(&self, scope: &PointScope, exclude: &[UnitCode], day: Date) -> Result<Vec<Unit>> {
        let mut points = Vec::new();
        match scope {
            PointScope::Subtrees(roots) => {
                for code in roots {
                    let root = self.unit_on(code, day).await?;
                    points.extend(self.store().service_points_under(root.id, day).await?);
                }
            }
            PointScope::Points(codes) => {
                for code in codes {
                    let unit = self.unit_on(code, day).await?;
                    if !unit.service_point {
                        return Err(AppError::invalid(format!("{} ({code}) không phải điểm tiếp nhận", unit.name)));
                    }
                    points.push(unit);
                }
            }
        }
        for code in exclude {
            self.unit_on(code, day).await?;
        }
        let excluded: BTreeSet<&UnitCode> = exclude.iter().collect();
        let mut seen = BTreeSet::new();
        points.retain(|p| !excluded.contains(&p.code) && seen.insert(p.id));
        Ok(points)
    }

    async fn unit_on(&self, code: &UnitCode, day: Date) -> Result<Unit> {
        self.store().unit_by_code(code, day).await?.ok_or_else(|| {
            AppError::NotFound(format!("đơn vị mã {code} (hiệu lực ngày {})", domain::time::format_date_vi(day)))
        })
    }

    async fn check_no_clash(
        &self,
        own: Option<i64>,
        window: &Window,
        point_ids: &[i64],
        points: &[Unit],
    ) -> Result<()> {
        let live = self.store().live_campaigns_at(point_ids.to_vec()).await?;
        let clashes: Vec<String> = live
            .iter()
            .filter(|c| Some(c.campaign.id) != own && c.campaign.window.clashes(window))
            .map(|c| {
                let point = points.iter().find(|p| p.id == c.point_id).map_or("?", |p| p.name.as_str());
                format!("{point} (đợt \"{}\")", c.campaign.code)
            })
            .collect();
        if clashes.is_empty() {
            return Ok(());
        }
        let shown: Vec<_> = clashes.iter().take(5).cloned().collect();
        let more = if clashes.len() > 5 { format!(" và {} điểm khác", clashes.len() - 5) } else { String::new() };
        Err(AppError::Conflict(format!("trùng thời gian với đợt khảo sát khác tại {}{more}", shown.join(", "))))
    }

    pub async fn campaign(&self, code: &str) -> Result<Campaign> {
        let parsed = CampaignCode::parse(code).map_err(AppError::invalid)?;
        self.store()
            .campaign_by_code(&parsed)
            .await?
            .ok_or_else(|| AppError::NotFound(format!("đợt khảo sát \"{code}\"")))
    }

    pub async fn campaigns(&self) -> Result<Vec<CampaignSummary>> {
        Ok(self.store().campaigns().await?)
    }

    /// Opens a draft or closed campaign: it takes answers while its window runs.
    pub async fn open_campaign(&self, code: &str) -> Result<Campaign> {
        let campaign = self.campaign(code).await?;
        if campaign.status == CampaignStatus::Archived {
            return Err(AppError::invalid("đợt khảo sát đã lưu trữ không thể mở lại"));
        }
        let points = self.store().campaign_points(campaign.id).await?;
        let ids: Vec<i64> = points.iter().map(|p| p.id).collect();
        self.check_no_clash(Some(campaign.id), &campaign.window, &ids, &points).await?;
        self.set_status(campaign, CampaignStatus::Open).await
    }

    /// Closes a campaign: from now on it takes no answer, whatever its window.
    pub async fn close_campaign(&self, code: &str) -> Result<Campaign> {
        let campaign = self.campaign(code).await?;
        self.set_status(campaign, CampaignStatus::Closed).await
    }

    /// Archives a closed campaign: it stays readable and can no longer be reopened.
    pub async fn archive_campaign(&self, code: &str) -> Result<Campaign> {
        let campaign = self.campaign(code).await?;
        if campaign.status != CampaignStatus::Closed {
            return Err(AppError::invalid("chỉ lưu trữ được đợt khảo sát đã đóng"));
        }
        self.set_status(campaign, CampaignStatus::Archived).await
    }

    async fn set_status(&self, mut campaign: Campaign, status: CampaignStatus) -> Result<Campaign> {
        self.store().set_campaign_status(campaign.id, status, self.now()).await?;
        self.caches().clear();
        tracing::info!(campaign = %campaign.code, from = campaign.status.as_str(), to = status.as_str(), "campaign status changed");
        campaign.status = status;
        Ok(campaign)
    }
}

fn campaign_name(raw: &str) -> Result<String> {
    let name = clean_line(raw);
    if name.is_empty() || name.chars().count() > 200 {
        return Err(AppError::invalid("tên đợt khảo sát cần từ 1 đến 200 ký tự"));
    }
    Ok(name)
}
