//! One step of the anomaly job: the detectors over a slice of new responses, with the point's
//! kept hourly counts as history and the responses just before them that the windows reach.
//! Reads only; what it finds is written by `Store::record_anomaly_step`.

use std::collections::{BTreeMap, BTreeSet};

use domain::anomalies::hours::minute_of_day;
use domain::anomalies::kiosk_runs::kiosk_of;
use domain::anomalies::straight_lined::{Answered, is_straight_lined};
use domain::campaigns::Channel;
use domain::integrity::FlagReason;
use jiff::{SignedDuration, Timestamp};
use store::{AnomalyRow, AnomalyStep, FlagGroup, GroupFlag, HOUR_MS, HourCount, NewFlag, RowFlag};

use super::AnomalyRules;
use crate::{App, Result};

fn hour_of(at: Timestamp) -> i64 {
    at.as_millisecond().div_euclid(HOUR_MS)
}

fn hour_start(hour: i64) -> Timestamp {
    domain::time::from_millis(hour * HOUR_MS)
}

fn flag(row: &AnomalyRow, reason: FlagReason, detail: String) -> RowFlag {
    RowFlag { response_id: row.id, point_id: row.point_id, flag: NewFlag { reason, detail } }
}

impl App {
    pub(super) async fn anomaly_step(
        &self,
        campaign: i64,
        after: i64,
        rows: Vec<AnomalyRow>,
        rules: &AnomalyRules,
    ) -> Result<AnomalyStep> {
        let up_to = rows.last().map_or(after, |r| r.id);
        // Paper slips carry a day, not an hour: only the visitor comparison looks at them.
        let online: Vec<AnomalyRow> = rows.into_iter().filter(|r| r.channel != Channel::Paper).collect();
        let mut step = AnomalyStep { campaign_id: campaign, after, up_to, ..AnomalyStep::default() };
        if online.is_empty() {
            return Ok(step);
        }

        for r in online.iter().filter(|r| rules.quiet.contains(r.at())) {
            step.rows.push(flag(r, FlagReason::OutOfHours, rules.quiet.detail(r.at())));
        }

        // This step's counts per point and hour.
        let mut added: BTreeMap<(i64, i64), HourCount> = BTreeMap::new();
        for r in &online {
            let straight = i64::from(is_straight_lined(&r.answers, rules.min_questions));
            let hour = hour_of(r.at());
            added
                .entry((r.point_id, hour))
                .and_modify(|h| {
                    h.responses += 1;
                    h.straight_lined += straight;
                    h.first_id = h.first_id.min(r.id);
                    h.last_id = h.last_id.max(r.id);
                })
                .or_insert(HourCount {
                    point_id: r.point_id,
                    hour,
                    responses: 1,
                    straight_lined: straight,
                    first_id: r.id,
                    last_id: r.id,
                });
        }
        let points: Vec<i64> = added.keys().map(|(p, _)| *p).collect::<BTreeSet<_>>().into_iter().collect();
        let first_hour = added.keys().map(|(_, h)| *h).min().unwrap_or_default();
        let since_hour = hour_of(hour_start(first_hour) - rules.history);
        let kept: BTreeMap<(i64, i64), HourCount> = self
            .store()
            .anomaly_hours(campaign, points.clone(), since_hour)
            .await?
            .into_iter()
            .map(|h| ((h.point_id, h.hour), h))
            .collect();

        self.find_bursts(&kept, &added, rules, &mut step);

        // The windows of new responses reach back into responses examined before.
        let reach = rules.straight.window.max(rules.kiosk.max_gap * i32::try_from(rules.kiosk.min_run).unwrap_or(1));
        let earliest = online.iter().map(AnomalyRow::at).min().unwrap_or_default() - reach;
        let mut context = match self.store().anomaly_first_id_since(campaign, hour_of(earliest)).await? {
            Some(from) if from <= after => self.store().anomaly_context(campaign, from, after, earliest).await?,
            _ => Vec::new(),
        };
        context.retain(|r| points.contains(&r.point_id));
        let mut all: Vec<(AnomalyRow, bool)> = context.into_iter().map(|r| (r, false)).collect();
        all.extend(online.into_iter().map(|r| (r, true)));
        all.sort_by_key(|(r, _)| (r.point_id, r.at(), r.id));

        Self::find_straight_lined(&all, &kept, &added, rules, &mut step);
        Self::find_kiosk_runs(&all, rules, &mut step);
        step.hours = added.into_values().collect();
        Ok(step)
    }

    /// Each hour this step adds to, against the same point's earlier hours.
    fn find_bursts(
        &self,
        kept: &BTreeMap<(i64, i64), HourCount>,
        added: &BTreeMap<(i64, i64), HourCount>,
        rules: &AnomalyRules,
        step: &mut AnomalyStep,
    ) {
        let mut combined = kept.clone();
        for (key, h) in added {
            combined
                .entry(*key)
                .and_modify(|c| {
                    c.responses += h.responses;
                    c.first_id = c.first_id.min(h.first_id);
                    c.last_id = c.last_id.max(h.last_id);
                })
                .or_insert(*h);
        }
        for &(point, hour) in added.keys() {
            let now = combined[&(point, hour)];
            let history: Vec<u32> = combined
                .range((point, i64::MIN)..(point, hour))
                .map(|(_, h)| u32::try_from(h.responses).unwrap_or(u32::MAX))
                .collect();
            let start = hour_start(hour);
            let closed = !rules.office.open_during(start, SignedDuration::from_hours(1));
            let count = u32::try_from(now.responses).unwrap_or(u32::MAX);
            if let Some(detail) = rules.burst.judge(count, &history, closed, minute_of_day(start)) {
                step.groups.push(GroupFlag {
                    group: FlagGroup::Hour { point_id: point, hour, first_id: now.first_id, last_id: now.last_id },
                    flag: NewFlag { reason: FlagReason::HourlyBurst, detail },
                });
            }
        }
    }

    /// Per point, windows of straight-lined responses beyond what its own share makes likely.
    /// The share is read from the hours before this step's, so a burst of stuffing does not
    /// vouch for itself.
    fn find_straight_lined(
        all: &[(AnomalyRow, bool)],
        kept: &BTreeMap<(i64, i64), HourCount>,
        added: &BTreeMap<(i64, i64), HourCount>,
        rules: &AnomalyRules,
        step: &mut AnomalyStep,
    ) {
        for point_rows in all.chunk_by(|a, b| a.0.point_id == b.0.point_id) {
            let point = point_rows[0].0.point_id;
            let first_new = added.range((point, i64::MIN)..=(point, i64::MAX)).map(|(k, _)| k.1).next();
            let (straight, total) = kept
                .range((point, i64::MIN)..(point, first_new.unwrap_or(i64::MAX)))
                .fold((0, 0), |(s, t), (_, h)| (s + h.straight_lined as u64, t + h.responses as u64));
            let share = rules.straight.usual_share(straight, total);
            let answered: Vec<Answered> = point_rows
                .iter()
                .map(|(r, new)| Answered {
                    at: r.at(),
                    straight: is_straight_lined(&r.answers, rules.min_questions),
                    new: *new,
                })
                .collect();
            for (i, detail) in rules.straight.find(&answered, share) {
                step.rows.push(flag(&point_rows[i].0, FlagReason::StraightLined, detail));
            }
        }
    }

    /// Per kiosk, runs of answers seconds apart that hold a new answer.
    fn find_kiosk_runs(all: &[(AnomalyRow, bool)], rules: &AnomalyRules, step: &mut AnomalyStep) {
        let mut by_kiosk: BTreeMap<i64, Vec<&(AnomalyRow, bool)>> = BTreeMap::new();
        for entry in all.iter().filter(|(r, _)| r.channel == Channel::Kiosk) {
            if let Some(kiosk) = kiosk_of(&entry.0.client_id) {
                by_kiosk.entry(kiosk).or_default().push(entry);
            }
        }
        for (kiosk, mut answers) in by_kiosk {
            answers.sort_by_key(|(r, _)| (r.at(), r.id));
            let times: Vec<Timestamp> = answers.iter().map(|(r, _)| r.at()).collect();
            for run in rules.kiosk.runs(&times) {
                if !answers[run.clone()].iter().any(|(_, new)| *new) {
                    continue;
                }
                let detail = rules.kiosk.detail(kiosk, &times[run.clone()]);
                for (r, _) in &answers[run] {
                    step.rows.push(flag(r, FlagReason::KioskRapid, detail.clone()));
                }
            }
        }
    }
}
