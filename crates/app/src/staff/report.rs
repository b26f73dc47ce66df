//! What the campaign report (PDF) prints besides the figures of the results page: how each
//! point stands against the quota rule, and a summary of the citizens' comments (counts by
//! level and the most negative ones, verbatim). The report quotes raw answers, so drawing it
//! is audited like reading the comments page.

use std::collections::{BTreeMap, HashMap};

use domain::quota::{QuotaRule, QuotaStatus};
use domain::results::View;
use domain::units::Unit;
use jiff::Timestamp;

use super::{Comment, CommentFilter, Staff};
use crate::Result;
use crate::results::CampaignResults;

/// Negative comments the report quotes at most: enough to show what goes wrong, few enough
/// that the report stays a summary (the comments page has them all).
pub const QUOTED_COMMENTS: usize = 8;

#[derive(Debug, Clone)]
pub struct QuotaPoint {
    pub point: Unit,
    /// The unit above the point, to find it in a long list.
    pub parent: Option<String>,
    pub responses: i64,
    pub visitors: Option<i64>,
    pub status: QuotaStatus,
}

#[derive(Debug, Clone)]
pub struct CommentSummary {
    pub total: usize,
    /// Comments by the level their writer gave (the overall question's, or the lowest rating);
    /// `None`: no level given.
    pub by_level: BTreeMap<Option<u8>, usize>,
    /// The most negative comments, unhappiest first, then newest.
    pub negative: Vec<Comment>,
    /// How many comments are negative in all (levels below the scale's middle).
    pub negative_total: usize,
}

#[derive(Debug, Clone)]
pub struct CampaignReport {
    pub results: CampaignResults,
    pub quota: QuotaRule,
    /// Every point of the report's scope, in the order of the results.
    pub quota_points: Vec<QuotaPoint>,
    pub comments: CommentSummary,
    pub at: Timestamp,
}

impl CampaignReport {
    pub fn quota_count(&self, status: QuotaStatus) -> usize {
        self.quota_points.iter().filter(|p| p.status == status).count()
    }
}

impl Staff {
    /// Everything the campaign report shows for the scope (or one unit inside it): the results,
    /// the quota rule per point and the comments. Checked and scoped as the results page is.
    pub async fn campaign_report(&self, code: &str, unit: Option<i64>, view: View) -> Result<CampaignReport> {
        let results = self.campaign_results_at(code, unit, view).await?;
        let store = self.app().store();
        let campaign = &results.campaign;
        let quota = store.campaign_quota(campaign.id).await?;
        let visitors: HashMap<i64, i64> = store.visitor_totals(campaign.id).await?.into_iter().collect();
        let tree = self.app().unit_tree().await?;
        let names: HashMap<i64, &str> = tree.iter().map(|u| (u.id, u.name.as_str())).collect();
        let quota_points: Vec<QuotaPoint> = results
            .points
            .iter()
            .map(|p| {
                let seen = visitors.get(&p.point.id).copied();
                let n = u64::try_from(p.responses).unwrap_or_default();
                QuotaPoint {
                    point: p.point.clone(),
                    parent: p.point.parent_id.and_then(|id| names.get(&id)).map(|n| (*n).to_owned()),
                    responses: p.responses,
                    visitors: seen,
                    status: quota.status(n, seen.and_then(|v| u64::try_from(v).ok())),
                }
            })
            .collect();

        let points: Vec<(i64, String)> = results.points.iter().map(|p| (p.point.id, p.point.name.clone())).collect();
        // The unhappiest come first, so the first comments hold every negative one to quote.
        let filter = CommentFilter { view, ..CommentFilter::default() };
        let instrument = &results.instrument.instrument;
        let comments =
            self.collect_comments(campaign, instrument, &points, &filter, &HashMap::new(), QUOTED_COMMENTS).await?;
        let (low, high) = instrument.comment_scale().map_or((0, 0), |s| {
            let values = s.levels.iter().map(|l| l.value);
            (values.clone().min().unwrap_or(0), values.max().unwrap_or(0))
        });
        let negative = |level: Option<u8>| level.is_some_and(|l| 2 * u16::from(l) < u16::from(low) + u16::from(high));
        let negative_total = comments.by_level.iter().filter(|(level, _)| negative(**level)).map(|(_, n)| n).sum();
        let summary = CommentSummary {
            total: comments.total,
            negative: comments.first.into_iter().filter(|c| negative(c.level)).collect(),
            by_level: comments.by_level,
            negative_total,
        };
        let scope = results.focus.as_ref().map_or_else(|| "toàn bộ phạm vi".to_owned(), |u| u.code.to_string());
        let detail = format!(
            "báo cáo PDF ({scope}, {}), {} ý kiến, trích {}",
            view.label(domain::text::Lang::Vi).to_lowercase(),
            summary.total,
            summary.negative.len()
        );
        self.audit("report.pdf", campaign.code.as_str(), detail).await?;
        Ok(CampaignReport { quota, quota_points, comments: summary, at: self.app().now(), results })
    }
}
