//! The live campaign monitor: for every point inside the reader's scope, responses today and
//! in total, visitors and the quota rule's verdict, flags for figures that look implausible,
//! and how many answers stored with integrity flags await review — all from the counts kept
//! with the answers, so it stays fast with thousands of points and reflects an answer as soon
//! as it is committed.

use std::collections::{BTreeMap, HashMap};

use domain::access::Permission;
use domain::campaigns::Campaign;
use domain::index::{self, Proportion};
use domain::quota::{QuotaRule, QuotaStatus};
use domain::units::Unit;
use jiff::Timestamp;
use jiff::civil::Date;

use super::Staff;
use crate::Result;
use crate::results::counts_by_point;

/// Below this many responses a perfect score is suspicious rather than reassuring.
pub const SMALL_N: i64 = 30;
/// Responses today that make a point worth a look when far above its own daily average.
pub const BURST_MIN: i64 = 20;
/// How many times its own daily average a point must reach today to be flagged.
pub const BURST_FACTOR: i64 = 3;

/// Why a point's figures deserve a look.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Flag {
    /// Every answer satisfied, on fewer than `SMALL_N` responses.
    PerfectOnSmallN,
    /// More responses than visitors served.
    MoreThanVisitors,
    /// Today far above the point's own daily average.
    Burst,
}

#[derive(Debug, Clone)]
pub struct PointStatus {
    pub point: Unit,
    /// The unit above the point, for finding it in a long list.
    pub parent: Option<String>,
    pub today: i64,
    pub total: i64,
    /// Visitors served during the campaign, once counted.
    pub visitors: Option<i64>,
    pub quota: QuotaStatus,
    pub flags: Vec<Flag>,
    /// Responses stored with integrity flags (docs/INTEGRITY.md) that no organiser has
    /// accepted or excluded yet.
    pub awaiting_review: i64,
    /// Whether the point's working group filed today's field report.
    pub reported_today: bool,
}

#[derive(Debug, Clone)]
pub struct Monitor {
    pub campaign: Campaign,
    pub rule: QuotaRule,
    pub day: Date,
    pub at: Timestamp,
    /// Points with flags first, then those without responses, then by responses today.
    pub points: Vec<PointStatus>,
    pub today: i64,
    pub total: i64,
    pub without_responses: usize,
    pub without_report: usize,
    pub flagged: usize,
    /// Flagged responses awaiting review, over every point shown.
    pub awaiting_review: i64,
}

impl Staff {
    pub async fn monitor(&self, code: &str) -> Result<Monitor> {
        self.require(Permission::ReadResults)?;
        let campaign = self.visible_campaign(code).await?;
        let app = self.app();
        let store = app.store();
        let rule = store.campaign_quota(campaign.id).await?;
        let day = app.today();
        let tree = app.unit_tree().await?;
        let names: HashMap<i64, &str> = tree.iter().map(|u| (u.id, u.name.as_str())).collect();
        let mut points = store.campaign_points(campaign.id).await?;
        points.retain(|p| self.scope().contains(p.id));

        let today: HashMap<i64, i64> = store.counts_on_day(campaign.id, day).await?.into_iter().collect();
        // The monitor follows collection: every response received counts, excluded ones too.
        let totals: HashMap<i64, i64> =
            store.point_totals(campaign.id, domain::results::View::All).await?.into_iter().collect();
        let visitor_totals: HashMap<i64, i64> = store.visitor_totals(campaign.id).await?.into_iter().collect();
        let awaiting: HashMap<i64, i64> = store
            .flag_counts_by_point(campaign.id)
            .await?
            .into_iter()
            .map(|p| (p.point_id, p.awaiting_review()))
            .collect();
        let reported: std::collections::HashSet<i64> =
            store.reported_points(campaign.id, day).await?.into_iter().collect();
        // Satisfaction matters here only where a perfect score on a small sample is suspicious:
        // read the tallies of those points alone, not the whole campaign's.
        let instrument = app.instrument(campaign.instrument_id).await?;
        let small: Vec<i64> = points
            .iter()
            .map(|p| p.id)
            .filter(|id| (1..SMALL_N).contains(&totals.get(id).copied().unwrap_or_default()))
            .collect();
        let by_point = match small.is_empty() {
            true => BTreeMap::new(),
            false => counts_by_point(store.tallies_of_points(campaign.id, small).await?, |_| true),
        };
        let days_before = days_elapsed(&campaign, day);
        let mut rows: Vec<PointStatus> = points
            .into_iter()
            .map(|point| {
                let today = today.get(&point.id).copied().unwrap_or_default();
                let total = totals.get(&point.id).copied().unwrap_or_default();
                let visitors = visitor_totals.get(&point.id).copied();
                let awaiting_review = awaiting.get(&point.id).copied().unwrap_or_default();
                let mut flags = Vec::new();
                if let Some(counts) = by_point.get(&point.id) {
                    let satisfied: Proportion = index::pooled_satisfaction(&instrument.instrument, counts);
                    if satisfied.denominator > 0 && satisfied.numerator == satisfied.denominator {
                        flags.push(Flag::PerfectOnSmallN);
                    }
                }
                if visitors.is_some_and(|v| total > v) {
                    flags.push(Flag::MoreThanVisitors);
                }
                let before = total - today;
                if today >= BURST_MIN && today * days_before.max(1) > BURST_FACTOR * before.max(1) {
                    flags.push(Flag::Burst);
                }
                PointStatus {
                    reported_today: reported.contains(&point.id),
                    parent: point.parent_id.and_then(|p| names.get(&p)).map(|n| (*n).to_owned()),
                    quota: rule
                        .status(u64::try_from(total).unwrap_or_default(), visitors.and_then(|v| u64::try_from(v).ok())),
                    point,
                    today,
                    total,
                    visitors,
                    flags,
                    awaiting_review,
                }
            })
            .collect();
        rows.sort_by(|a, b| {
            b.flags
                .len()
                .cmp(&a.flags.len())
                .then_with(|| (b.total == 0).cmp(&(a.total == 0)))
                .then_with(|| b.today.cmp(&a.today))
                .then_with(|| a.point.code.cmp(&b.point.code))
        });
        Ok(Monitor {
            today: rows.iter().map(|r| r.today).sum(),
            total: rows.iter().map(|r| r.total).sum(),
            without_responses: rows.iter().filter(|r| r.total == 0).count(),
            without_report: rows.iter().filter(|r| !r.reported_today).count(),
            flagged: rows.iter().filter(|r| !r.flags.is_empty()).count(),
            awaiting_review: rows.iter().map(|r| r.awaiting_review).sum(),
            points: rows,
            campaign,
            rule,
            day,
            at: app.now(),
        })
    }
}

/// Whole days of the campaign before `day` (0 on its first day, or for an always-on one).
fn days_elapsed(campaign: &Campaign, day: Date) -> i64 {
    match campaign.window.local_first_last() {
        (Some(first), _) if first < day => i64::from((day - first).get_days()),
        _ => 0,
    }
}
