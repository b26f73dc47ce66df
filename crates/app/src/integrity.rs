//! Submit-time integrity checks of a citizen's answers: the honeypot, a minimum plausible fill
//! time, and limits per device, per network, per point and per answer pattern. The limits are
//! counted by the ingest writer from the database (`submission_marks`), in the transaction that
//! stores the response, so they hold exactly across every instance on one database; below a
//! hard limit a response is stored and flagged, never dropped (a busy desk where many citizens
//! share one Wi-Fi must not lose answers), beyond it nothing is stored.
//!
//! Nothing identifying is kept: a device is a keyed hash of its random cookie, a network a
//! keyed hash of its address and the day (so nothing links one day to the next).

use std::net::IpAddr;

use domain::answers::Answers;
use domain::integrity::{FlagReason, Limit, answer_pattern, min_fill_time};
use jiff::{SignedDuration, Timestamp};
use serde::{Deserialize, Serialize};
use store::{CountedLimit, IntegrityMarks, NewFlag};

use crate::App;

/// The `[integrity]` section of the configuration.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct IntegrityConfig {
    /// Seconds a person needs at least per question; a form sent back sooner is flagged.
    pub seconds_per_question: u32,
    /// The minimum fill time is never shorter than this, however short the form.
    pub min_fill_seconds: u32,
    /// One device (its cookie) at one point.
    pub device: LimitConfig,
    /// One network (its address, hashed with the day) at one point.
    pub network: LimitConfig,
    /// One point, from everywhere.
    pub point: LimitConfig,
    /// The same rated answers from one network at one point.
    pub pattern: LimitConfig,
    /// The anomaly job, which looks at stored responses afterwards.
    pub anomalies: crate::anomalies::AnomalyConfig,
}

/// A limit as configured: responses beyond `flag_after` within the window are flagged,
/// beyond `refuse_after` (if set) refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LimitConfig {
    pub window_minutes: u32,
    pub flag_after: u32,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub refuse_after: Option<u32>,
}

impl Default for IntegrityConfig {
    fn default() -> Self {
        IntegrityConfig {
            seconds_per_question: 2,
            min_fill_seconds: 8,
            device: LimitConfig { window_minutes: 24 * 60, flag_after: 1, refuse_after: Some(5) },
            network: LimitConfig { window_minutes: 10, flag_after: 30, refuse_after: Some(200) },
            point: LimitConfig { window_minutes: 10, flag_after: 60, refuse_after: None },
            pattern: LimitConfig { window_minutes: 5, flag_after: 10, refuse_after: None },
            anomalies: Default::default(),
        }
    }
}

impl LimitConfig {
    pub fn limit(&self) -> Limit {
        Limit {
            window: SignedDuration::from_mins(i64::from(self.window_minutes)),
            flag_after: self.flag_after,
            refuse_after: self.refuse_after,
        }
    }
}

impl IntegrityConfig {
    pub fn check(&self) -> std::result::Result<(), String> {
        for (name, limit) in
            [("device", self.device), ("network", self.network), ("point", self.point), ("pattern", self.pattern)]
        {
            if limit.window_minutes == 0 {
                return Err(format!("integrity.{name}.window_minutes phải lớn hơn 0"));
            }
            if limit.refuse_after.is_some_and(|hard| hard < limit.flag_after) {
                return Err(format!("integrity.{name}.refuse_after không được nhỏ hơn flag_after"));
            }
        }
        self.anomalies.rules().map(|_| ())
    }

    /// The longest window: marks older than this count for nothing.
    pub fn longest_window(&self) -> SignedDuration {
        let minutes = [self.device, self.network, self.point, self.pattern].iter().map(|l| l.window_minutes).max();
        SignedDuration::from_mins(i64::from(minutes.unwrap_or(0)))
    }
}

/// Who sent a submission, as far as we may know: the random cookie the form page set, and the
/// address the request came from. Neither is stored.
#[derive(Debug, Clone, Default)]
pub struct Visitor {
    pub device: Option<String>,
    pub address: Option<IpAddr>,
}

/// What is known of one submission when it is checked.
#[derive(Debug)]
pub(crate) struct Submission<'a> {
    pub point: i64,
    pub questions: usize,
    pub issued_at: Timestamp,
    pub honeypot: bool,
    pub answers: &'a Answers,
}

impl App {
    /// The keyed hash of a device cookie, as its marks are counted.
    fn device_key(&self, point: i64, cookie: &str) -> String {
        format!("device:{point}:{}", self.key().fingerprint(b"hailong/device/v1\0", cookie.as_bytes()))
    }

    /// The keyed hash of an address and today: the same network today, unrelated tomorrow.
    fn network_hash(&self, address: IpAddr) -> String {
        let day = self.today();
        self.key().fingerprint(b"hailong/network/v1\0", format!("{day}\0{address}").as_bytes())
    }

    /// What a submission is checked against: its flags known now (honeypot, fill time, no
    /// device cookie) and the limits it counts under, which the writer judges in the
    /// transaction that stores it (`store::IngestOutcome::Limited` when one refuses it).
    pub(crate) fn integrity_marks(&self, visitor: &Visitor, submission: &Submission<'_>) -> IntegrityMarks {
        let config = &self.config().integrity;
        let point = submission.point;
        let mut marks = IntegrityMarks::default();
        let mut flag = |reason, detail: String| marks.flags.push(NewFlag { reason, detail });

        if submission.honeypot {
            flag(FlagReason::Honeypot, "trường ẩn đã bị điền".into());
        }
        let least = min_fill_time(
            submission.questions,
            SignedDuration::from_secs(i64::from(config.seconds_per_question)),
            SignedDuration::from_secs(i64::from(config.min_fill_seconds)),
        );
        let took = self.now().duration_since(submission.issued_at);
        if took < least {
            flag(FlagReason::TooFast, format!("{} giây < {} giây", took.as_secs(), least.as_secs()));
        }
        match &visitor.device {
            Some(cookie) => marks.limits.push(CountedLimit {
                key: self.device_key(point, cookie),
                limit: config.device.limit(),
                reason: FlagReason::DeviceRepeat,
            }),
            None => flag(FlagReason::NoDevice, "không có cookie thiết bị".into()),
        }
        if let Some(network) = visitor.address.map(|a| self.network_hash(a)) {
            let pattern =
                self.key().fingerprint(b"hailong/pattern/v1\0", answer_pattern(submission.answers).as_bytes());
            marks.limits.push(CountedLimit {
                key: format!("network:{point}:{network}"),
                limit: config.network.limit(),
                reason: FlagReason::NetworkBurst,
            });
            marks.limits.push(CountedLimit {
                key: format!("pattern:{point}:{network}:{pattern}"),
                limit: config.pattern.limit(),
                reason: FlagReason::SamePattern,
            });
        }
        marks.limits.push(CountedLimit {
            key: format!("point:{point}"),
            limit: config.point.limit(),
            reason: FlagReason::PointBurst,
        });
        marks
    }
}
