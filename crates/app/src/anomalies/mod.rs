//! The anomaly job: every few minutes (and when an organiser asks, from the live monitor) it
//! reads the responses stored since its last run in open and just-closed campaigns, and flags
//! what only hindsight shows (docs/INTEGRITY.md): an hour far above a point's usual count,
//! answers in the quiet hours of the night, more responses than visitors on a day, kiosk
//! answers seconds apart, and many straight-lined answers within minutes.
//!
//! Each campaign has a watermark (the last response id examined) and hourly counts per point
//! that the job keeps as it reads, so a run reads only new responses plus the few minutes
//! before them that its windows need, never the whole campaign. A step's counts, flags and
//! watermark are written in one transaction that first checks the watermark has not moved:
//! two instances (or the job and the button) never count a response twice. Flags are keyed by
//! response and reason, so finding something again writes nothing.

mod config;
mod step;

use std::collections::{BTreeMap, BTreeSet};

use domain::anomalies::more_than_visitors;
use domain::campaigns::{Campaign, CampaignStatus};
use domain::integrity::FlagReason;
use jiff::civil::Date;
use jiff::{SignedDuration, Timestamp};
use store::{FlagGroup, GroupFlag, NewFlag};

pub use config::{AnomalyConfig, AnomalyRules, BurstConfig, KioskConfig, OfficeHoursConfig, StraightLinedConfig};

use crate::{App, AppError, Result};

/// Responses read per step (one transaction).
const STEP_ROWS: i64 = 5_000;
/// Responses stored more recently than this wait for the next run: on PostgreSQL several
/// instances commit side by side, so a response may become visible after one with a higher id;
/// by now every response numbered before a settled one has committed. A paper slip counts from
/// when it was typed in: its own time is its day's noon, long settled, and reading it at once
/// would carry the watermark past an answer numbered before it that was still committing.
pub const SETTLE: SignedDuration = SignedDuration::from_mins(2);

/// What a run did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct AnomalyRun {
    pub campaigns: usize,
    /// Responses examined for the first time.
    pub examined: usize,
    /// Flags written (a response flagged for two reasons counts twice).
    pub flags: u64,
}

impl AnomalyRun {
    fn add(&mut self, other: AnomalyRun) {
        self.campaigns += other.campaigns;
        self.examined += other.examined;
        self.flags += other.flags;
    }
}

impl App {
    fn anomaly_rules(&self) -> Result<AnomalyRules> {
        self.config().integrity.anomalies.rules().map_err(AppError::Config)
    }

    /// Runs the detectors over every open campaign and every campaign closed within
    /// `after_close_days`.
    pub async fn detect_anomalies(&self) -> Result<AnomalyRun> {
        let now = self.now();
        let days = i64::from(self.config().integrity.anomalies.after_close_days);
        let recently = now - SignedDuration::from_hours(24 * days);
        let mut run = AnomalyRun::default();
        for summary in self.store().campaigns().await? {
            let c = summary.campaign;
            let closed_recently =
                c.status == CampaignStatus::Closed && c.window.closes_at.is_none_or(|at| at >= recently);
            if c.status == CampaignStatus::Open || closed_recently {
                run.add(self.detect_campaign_anomalies(&c).await?);
            }
        }
        Ok(run)
    }

    /// Runs the detectors over one campaign's responses stored since the last run.
    pub async fn detect_campaign_anomalies(&self, campaign: &Campaign) -> Result<AnomalyRun> {
        let rules = self.anomaly_rules()?;
        let mut run = AnomalyRun { campaigns: 1, ..AnomalyRun::default() };
        let mut touched_days = BTreeSet::new();
        loop {
            let mark = self.store().anomaly_watermark(campaign.id).await?;
            let mut rows = self.store().anomaly_rows(campaign.id, mark.last_response_id, STEP_ROWS).await?;
            let full = rows.len() as i64 == STEP_ROWS;
            let settled = self.now() - SETTLE;
            if let Some(young) = rows.iter().position(|r| r.stored_at > settled) {
                rows.truncate(young);
            }
            if rows.is_empty() {
                break;
            }
            touched_days.extend(rows.iter().map(|r| (r.point_id, r.day)));
            let examined = rows.len();
            let step = self.anomaly_step(campaign.id, mark.last_response_id, rows, &rules).await?;
            match self.store().record_anomaly_step(step).await? {
                Some(flags) => {
                    run.examined += examined;
                    run.flags += flags;
                }
                // Another instance is reading this campaign right now; it carries on.
                None => break,
            }
            if !full {
                break;
            }
        }
        run.flags += self.check_visitors(campaign, touched_days).await?;
        if run.flags > 0 {
            tracing::info!(campaign = %campaign.code, examined = run.examined, flags = run.flags, "anomalies flagged");
        }
        Ok(run)
    }

    /// Compares the days at points with their visitor counts: days with responses just read,
    /// and days whose count was entered since the last comparison (counts often come later).
    async fn check_visitors(&self, campaign: &Campaign, mut days: BTreeSet<(i64, Date)>) -> Result<u64> {
        let now = self.now();
        let mark = self.store().anomaly_watermark(campaign.id).await?;
        let visitors = self.store().visitor_counts(campaign.id).await?;
        let entered_since = mark.visitors_checked.map(|at| at - SETTLE);
        days.extend(
            visitors
                .iter()
                .filter(|v| entered_since.is_none_or(|since| v.entered_at >= since))
                .map(|v| (v.point_id, v.day)),
        );
        if days.is_empty() {
            return Ok(0);
        }
        let mut responses: BTreeMap<(i64, Date), i64> = BTreeMap::new();
        for count in self.store().daily_counts(campaign.id, domain::results::View::All).await? {
            *responses.entry((count.point_id, count.day)).or_default() += count.n;
        }
        let groups: Vec<GroupFlag> = visitors
            .iter()
            .filter(|v| days.contains(&(v.point_id, v.day)))
            .filter_map(|v| {
                let n = responses.get(&(v.point_id, v.day)).copied().unwrap_or(0);
                let detail = more_than_visitors(n, v.visitors)?;
                Some(GroupFlag {
                    group: FlagGroup::Day { point_id: v.point_id, day: v.day },
                    flag: NewFlag { reason: FlagReason::MoreThanVisitors, detail },
                })
            })
            .collect();
        Ok(self.store().record_visitor_check(campaign.id, groups, now).await?)
    }

    /// The key under which the periodic run of the current period is enqueued once.
    pub(crate) fn anomaly_period_key(&self, now: Timestamp) -> String {
        let every = i64::from(self.config().integrity.anomalies.every_minutes.clamp(1, 60));
        format!("{}", now.as_millisecond().div_euclid(every * 60_000))
    }
}
