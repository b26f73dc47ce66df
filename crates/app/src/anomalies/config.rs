//! The `[integrity.anomalies]` section: when the anomaly job runs, which campaigns it reads,
//! the desks' office hours and the quiet hours of the night, and each detector's thresholds.
//! Defaults and why are in docs/INTEGRITY.md; `hailong config print-default` shows them.

use domain::anomalies::burst::BurstRule;
use domain::anomalies::hours::{OfficeHours, QuietHours, parse_periods};
use domain::anomalies::kiosk_runs::KioskRule;
use domain::anomalies::straight_lined::StraightRule;
use jiff::SignedDuration;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct AnomalyConfig {
    /// The job runs this often (minutes, 1–60).
    pub every_minutes: u32,
    /// Closed campaigns are still read for this many days (paper slips are typed in late).
    pub after_close_days: u32,
    /// How far back a point's hours count as its history.
    pub history_days: u32,
    /// When desks are open; a burst when they are closed counts more.
    pub office_hours: OfficeHoursConfig,
    /// Answers in these night hours are flagged `out_of_hours`.
    pub quiet_hours: String,
    pub burst: BurstConfig,
    pub kiosk: KioskConfig,
    pub straight_lined: StraightLinedConfig,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct OfficeHoursConfig {
    pub weekdays: String,
    pub saturday: String,
    pub sunday: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct BurstConfig {
    pub percentile: u8,
    pub times_usual: u32,
    pub floor: u32,
    pub closed_times_usual: u32,
    pub closed_floor: u32,
    pub min_history_hours: u32,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct KioskConfig {
    pub max_gap_seconds: u32,
    pub min_run: u32,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct StraightLinedConfig {
    pub window_minutes: u32,
    pub at_least: u32,
    pub one_in: u32,
    pub usual_share_percent: u8,
    pub min_questions: u32,
}

impl Default for AnomalyConfig {
    fn default() -> Self {
        AnomalyConfig {
            every_minutes: 15,
            after_close_days: 3,
            history_days: 28,
            office_hours: OfficeHoursConfig::default(),
            quiet_hours: "21:00-06:00".into(),
            burst: BurstConfig::default(),
            kiosk: KioskConfig::default(),
            straight_lined: StraightLinedConfig::default(),
        }
    }
}

impl Default for OfficeHoursConfig {
    fn default() -> Self {
        OfficeHoursConfig {
            weekdays: "07:30-11:30, 13:30-17:00".into(),
            saturday: "07:30-11:30".into(),
            sunday: String::new(),
        }
    }
}

impl Default for BurstConfig {
    fn default() -> Self {
        BurstConfig {
            percentile: 90,
            times_usual: 3,
            floor: 20,
            closed_times_usual: 1,
            closed_floor: 8,
            min_history_hours: 6,
        }
    }
}

impl Default for KioskConfig {
    fn default() -> Self {
        KioskConfig { max_gap_seconds: 15, min_run: 5 }
    }
}

impl Default for StraightLinedConfig {
    fn default() -> Self {
        StraightLinedConfig {
            window_minutes: 10,
            at_least: 8,
            one_in: 100_000,
            usual_share_percent: 50,
            min_questions: 3,
        }
    }
}

/// The configuration as the detectors use it, checked.
#[derive(Debug, Clone)]
pub struct AnomalyRules {
    pub office: OfficeHours,
    pub quiet: QuietHours,
    pub burst: BurstRule,
    pub kiosk: KioskRule,
    pub straight: StraightRule,
    pub min_questions: usize,
    pub history: SignedDuration,
}

impl AnomalyConfig {
    /// The rules, or what is wrong with the section (in Vietnamese, naming the key).
    pub fn rules(&self) -> Result<AnomalyRules, String> {
        let key = |name: &str, e: String| format!("integrity.anomalies.{name}: {e}");
        let office = OfficeHours {
            weekdays: parse_periods(&self.office_hours.weekdays).map_err(|e| key("office_hours.weekdays", e))?,
            saturday: parse_periods(&self.office_hours.saturday).map_err(|e| key("office_hours.saturday", e))?,
            sunday: parse_periods(&self.office_hours.sunday).map_err(|e| key("office_hours.sunday", e))?,
        };
        let quiet = QuietHours::parse(&self.quiet_hours).map_err(|e| key("quiet_hours", e))?;
        if !(1..=60).contains(&self.every_minutes) {
            return Err("integrity.anomalies.every_minutes phải từ 1 đến 60".into());
        }
        if self.burst.percentile == 0 || self.burst.percentile > 100 {
            return Err("integrity.anomalies.burst.percentile phải từ 1 đến 100".into());
        }
        if self.kiosk.min_run < 2 || self.kiosk.max_gap_seconds == 0 {
            return Err("integrity.anomalies.kiosk: min_run phải từ 2 trở lên và max_gap_seconds lớn hơn 0".into());
        }
        let s = self.straight_lined;
        if s.window_minutes == 0
            || s.window_minutes > 60
            || s.at_least < 2
            || s.one_in == 0
            || s.usual_share_percent > 100
        {
            return Err(
                "integrity.anomalies.straight_lined: window_minutes từ 1 đến 60, at_least từ 2, one_in lớn hơn 0, usual_share_percent đến 100".into(),
            );
        }
        Ok(AnomalyRules {
            office,
            quiet,
            burst: BurstRule {
                percentile: self.burst.percentile,
                times_usual: self.burst.times_usual,
                floor: self.burst.floor,
                closed_times_usual: self.burst.closed_times_usual,
                closed_floor: self.burst.closed_floor,
                min_history_hours: self.burst.min_history_hours as usize,
            },
            kiosk: KioskRule {
                max_gap: SignedDuration::from_secs(i64::from(self.kiosk.max_gap_seconds)),
                min_run: self.kiosk.min_run as usize,
            },
            straight: StraightRule {
                window: SignedDuration::from_mins(i64::from(s.window_minutes)),
                at_least: s.at_least,
                one_in: s.one_in,
                usual_share_percent: s.usual_share_percent,
            },
            min_questions: s.min_questions as usize,
            history: SignedDuration::from_hours(24 * i64::from(self.history_days)),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_defaults_make_rules_and_nonsense_is_named() {
        assert!(AnomalyConfig::default().rules().is_ok());
        let bad = AnomalyConfig { quiet_hours: "tối".into(), ..AnomalyConfig::default() };
        assert!(bad.rules().unwrap_err().contains("integrity.anomalies.quiet_hours"));
        let mut bad = AnomalyConfig::default();
        bad.office_hours.saturday = "7h30-11h".into();
        assert!(bad.rules().unwrap_err().contains("office_hours.saturday"));
        let bad = AnomalyConfig { every_minutes: 0, ..AnomalyConfig::default() };
        assert!(bad.rules().is_err());
    }
}
