//! Recognition of "chính quyền thân thiện": each service point's satisfaction index turned into
//! criterion-5 points by the campaign's scoring rule, with the quota rule as a condition, and
//! the working groups to propose as exemplary. Changing the rule is for those who manage the
//! campaign, and audited.
//!
//! Units are scored at the level of the service point: the quota rule is judged per point from
//! its visitor counts, and a commune's one-stop desk is its own point, so a commune's row is its
//! desk's. Districts are not rolled up: the criteria are for communes, and a district's index
//! would hide the points that break the quota rule behind the others.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use domain::access::Permission;
use domain::campaigns::{Campaign, CampaignStatus};
use domain::indices::{self, Figure};
use domain::quota::{QuotaRule, QuotaStatus};
use domain::recognition::{GroupRecord, Score, ScoringRule, compare_groups, compare_scores};
use domain::results::View;
use domain::text::Lang;
use domain::units::Unit;
use jiff::civil::Date;

use super::Staff;
use crate::results::counts_by_point;
use crate::{AppError, Result};

/// How many working groups the page proposes: the plan asks for 3 to 5 collectives.
pub const EXEMPLARY_GROUPS: usize = 5;

#[derive(Debug, Clone)]
pub struct UnitScore {
    pub point: Unit,
    /// The unit above the point, to find it in a long list.
    pub parent: Option<String>,
    /// The overall index (its formula depends on the questionnaire).
    pub index: Figure,
    pub responses: i64,
    pub visitors: Option<i64>,
    pub quota: QuotaStatus,
    pub score: Score,
}

#[derive(Debug, Clone)]
pub struct ExemplaryGroup {
    pub point: Unit,
    pub parent: Option<String>,
    pub record: GroupRecord,
    /// People the group helped to answer, over its reports.
    pub assisted: i64,
}

#[derive(Debug, Clone)]
pub struct Recognition {
    pub campaign: Campaign,
    /// Which responses the indices and counts are over.
    pub view: View,
    pub rule: ScoringRule,
    pub quota: QuotaRule,
    /// Campaign days so far, the base of the reporting share.
    pub days: u32,
    /// Best first: by points, then index, then responses; unscored last.
    pub units: Vec<UnitScore>,
    pub exemplary: Vec<ExemplaryGroup>,
}

impl Recognition {
    pub fn meeting_standard(&self) -> usize {
        self.units.iter().filter(|u| u.score.meets_standard).count()
    }
}

impl Staff {
    /// The campaign's scoring rule, for its edit form.
    pub async fn scoring_rule(&self, code: &str) -> Result<(Campaign, ScoringRule)> {
        self.require(Permission::ReadResults)?;
        let campaign = self.visible_campaign(code).await?;
        let rule = self.app().store().campaign_scoring(campaign.id).await?;
        Ok((campaign, rule))
    }

    /// Sets the campaign's scoring rule; a bad rule is refused with its reason and changes
    /// nothing. Returns whether the rule changed (an unchanged rule is not written or audited).
    pub async fn set_scoring_rule(&self, code: &str, rule: ScoringRule) -> Result<bool> {
        let campaign = self.manageable_campaign(code).await?;
        if campaign.status == CampaignStatus::Archived {
            return Err(AppError::invalid("đợt khảo sát đã lưu trữ không sửa được"));
        }
        rule.check().map_err(|p| AppError::invalid(format!("cách chấm điểm: {}", p.message(Lang::Vi))))?;
        let store = self.app().store();
        if store.campaign_scoring(campaign.id).await? == rule {
            return Ok(false);
        }
        store.set_campaign_scoring(campaign.id, &rule, self.app().now()).await?;
        self.audit("campaign.scoring", campaign.code.as_str(), rule.describe(Lang::Vi)).await?;
        Ok(true)
    }

    /// Every service point of the campaign inside the scope, scored, and the exemplary groups.
    pub async fn recognition(&self, code: &str, view: View) -> Result<Recognition> {
        self.require(Permission::ReadResults)?;
        let campaign = self.visible_campaign(code).await?;
        let app = self.app();
        let store = app.store();
        let rule = store.campaign_scoring(campaign.id).await?;
        let quota = store.campaign_quota(campaign.id).await?;
        let instrument = app.instrument(campaign.instrument_id).await?;
        let tree = app.unit_tree().await?;
        let names: HashMap<i64, &str> = tree.iter().map(|u| (u.id, u.name.as_str())).collect();
        let mut points = store.campaign_points(campaign.id).await?;
        points.retain(|p| self.scope().contains(p.id));

        let counts = counts_by_point(store.tallies(campaign.id, view).await?, |p| self.scope().contains(p));
        let totals: HashMap<i64, i64> = store.point_totals(campaign.id, view).await?.into_iter().collect();
        let visitors: HashMap<i64, i64> = store.visitor_totals(campaign.id).await?.into_iter().collect();
        let reports = store.field_reports(campaign.id, None).await?;
        let days = self.campaign_days(&campaign, &reports).await?;
        let mut reported: HashMap<i64, BTreeSet<Date>> = HashMap::new();
        let mut assisted: HashMap<i64, i64> = HashMap::new();
        for report in &reports {
            reported.entry(report.point_id).or_default().insert(report.day);
            *assisted.entry(report.point_id).or_default() += report.assisted;
        }

        let empty = BTreeMap::new();
        let mut units = Vec::with_capacity(points.len());
        let mut groups = Vec::new();
        for point in points {
            let responses = totals.get(&point.id).copied().unwrap_or_default();
            let n = u64::try_from(responses).unwrap_or_default();
            let seen = visitors.get(&point.id).copied();
            let status = quota.status(n, seen.and_then(|v| u64::try_from(v).ok()));
            let index = indices::compute(&instrument.instrument, counts.get(&point.id).unwrap_or(&empty)).overall;
            let parent = point.parent_id.and_then(|p| names.get(&p)).map(|n| (*n).to_owned());
            let record = GroupRecord {
                quota: status,
                days_reported: reported.get(&point.id).map_or(0, |d| u32::try_from(d.len()).unwrap_or(u32::MAX)),
                days,
                responses: n,
                visitors: seen.and_then(|v| u64::try_from(v).ok()),
            };
            if record.is_candidate() {
                let assisted = assisted.get(&point.id).copied().unwrap_or_default();
                groups.push(ExemplaryGroup { point: point.clone(), parent: parent.clone(), record, assisted });
            }
            let score = rule.score(index.percent, n, status);
            units.push(UnitScore { point, parent, index, responses, visitors: seen, quota: status, score });
        }
        units.sort_by(|a, b| {
            let n = |u: &UnitScore| u64::try_from(u.responses).unwrap_or_default();
            compare_scores((&a.score, a.index.percent, n(a)), (&b.score, b.index.percent, n(b)))
                .then_with(|| a.point.code.cmp(&b.point.code))
        });
        groups.sort_by(|a, b| compare_groups(&a.record, &b.record).then_with(|| a.point.code.cmp(&b.point.code)));
        groups.truncate(EXEMPLARY_GROUPS);
        Ok(Recognition { campaign, view, rule, quota, days, units, exemplary: groups })
    }

    /// The campaign's days up to today; for an always-on campaign, the days on which anything
    /// was reported or counted.
    async fn campaign_days(&self, campaign: &Campaign, reports: &[store::FieldReportRecord]) -> Result<u32> {
        let today = self.app().today();
        if let (Some(first), Some(last)) = campaign.window.local_first_last() {
            let end = last.min(today);
            let days = if end < first { 0 } else { (end - first).get_days() + 1 };
            return Ok(u32::try_from(days).unwrap_or_default());
        }
        let mut days: BTreeSet<Date> = reports.iter().map(|r| r.day).collect();
        days.extend(self.app().store().visitor_counts(campaign.id).await?.into_iter().map(|c| c.day));
        Ok(u32::try_from(days.len()).unwrap_or(u32::MAX))
    }
}
