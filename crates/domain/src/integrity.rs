//! Integrity signals of a citizen's submission: why a response is flagged for review, how
//! long a form takes at least, and how a count within a window becomes a verdict. Pure rules;
//! the counts come from the database (`app::integrity`).

use jiff::SignedDuration;

use crate::answers::{Answer, Answers};
use crate::text::Lang;

/// Why a response was flagged. Stored as text in `response_flags.reason`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum FlagReason {
    /// The hidden field no person sees was filled in: a script filled every field.
    Honeypot,
    /// Sent back sooner after the form was opened than a person can read the questions.
    TooFast,
    /// No device cookie: the form page sets one, every browser sends it back.
    NoDevice,
    /// Another response from the same device at the same point within the window.
    DeviceRepeat,
    /// More responses from one network at one point within the window than a busy desk makes.
    NetworkBurst,
    /// More responses at one point within the window than it gets.
    PointBurst,
    /// The same answers, many times, from one network at one point in a short time.
    SamePattern,
    /// A verification code already used by another response.
    CodeReused,
    /// A verification code this campaign never issued, or issued for another point.
    CodeUnknown,
    /// Far more responses at a point in one hour than its own history makes usual (found
    /// afterwards by the anomaly job, `anomalies::burst`).
    HourlyBurst,
    /// Submitted in the quiet hours of the night, when no desk is open.
    OutOfHours,
    /// More responses at a point on one day than the visitors its clerk counted.
    MoreThanVisitors,
    /// Many kiosk answers in a row, each seconds after the one before.
    KioskRapid,
    /// Many responses giving one level to every question at a point within minutes, beyond
    /// what the point's own share of such answers makes plausible.
    StraightLined,
}

impl FlagReason {
    pub const ALL: [FlagReason; 14] = [
        FlagReason::Honeypot,
        FlagReason::TooFast,
        FlagReason::NoDevice,
        FlagReason::DeviceRepeat,
        FlagReason::NetworkBurst,
        FlagReason::PointBurst,
        FlagReason::SamePattern,
        FlagReason::CodeReused,
        FlagReason::CodeUnknown,
        FlagReason::HourlyBurst,
        FlagReason::OutOfHours,
        FlagReason::MoreThanVisitors,
        FlagReason::KioskRapid,
        FlagReason::StraightLined,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            FlagReason::Honeypot => "honeypot",
            FlagReason::TooFast => "too_fast",
            FlagReason::NoDevice => "no_device",
            FlagReason::DeviceRepeat => "device_repeat",
            FlagReason::NetworkBurst => "network_burst",
            FlagReason::PointBurst => "point_burst",
            FlagReason::SamePattern => "same_pattern",
            FlagReason::CodeReused => "code_reused",
            FlagReason::CodeUnknown => "code_unknown",
            FlagReason::HourlyBurst => "hourly_burst",
            FlagReason::OutOfHours => "out_of_hours",
            FlagReason::MoreThanVisitors => "more_than_visitors",
            FlagReason::KioskRapid => "kiosk_rapid",
            FlagReason::StraightLined => "straight_lined",
        }
    }

    pub fn parse(raw: &str) -> Option<FlagReason> {
        FlagReason::ALL.into_iter().find(|r| r.as_str() == raw)
    }

    pub fn label(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (FlagReason::Honeypot, Lang::Vi) => "Điền vào ô ẩn (máy tự điền)",
            (FlagReason::Honeypot, Lang::En) => "Hidden field filled in (a script)",
            (FlagReason::TooFast, Lang::Vi) => "Gửi quá nhanh sau khi mở phiếu",
            (FlagReason::TooFast, Lang::En) => "Sent too soon after the form was opened",
            (FlagReason::NoDevice, Lang::Vi) => "Không có cookie thiết bị",
            (FlagReason::NoDevice, Lang::En) => "No device cookie",
            (FlagReason::DeviceRepeat, Lang::Vi) => "Một thiết bị gửi nhiều lần tại một điểm",
            (FlagReason::DeviceRepeat, Lang::En) => "One device answered repeatedly at one point",
            (FlagReason::NetworkBurst, Lang::Vi) => "Dồn dập từ một mạng",
            (FlagReason::NetworkBurst, Lang::En) => "Burst from one network",
            (FlagReason::PointBurst, Lang::Vi) => "Dồn dập tại một điểm",
            (FlagReason::PointBurst, Lang::En) => "Burst at one point",
            (FlagReason::SamePattern, Lang::Vi) => "Cùng một kiểu trả lời lặp lại từ một mạng",
            (FlagReason::SamePattern, Lang::En) => "The same answers repeated from one network",
            (FlagReason::CodeReused, Lang::Vi) => "Mã xác thực đã được dùng",
            (FlagReason::CodeReused, Lang::En) => "Verification code already used",
            (FlagReason::CodeUnknown, Lang::Vi) => "Mã xác thực không có trong đợt khảo sát hoặc của điểm khác",
            (FlagReason::CodeUnknown, Lang::En) => "Verification code not issued for this campaign and point",
            (FlagReason::HourlyBurst, Lang::Vi) => "Số phiếu trong một giờ vượt xa mức thường lệ của điểm",
            (FlagReason::HourlyBurst, Lang::En) => "Far more answers in one hour than usual at the point",
            (FlagReason::OutOfHours, Lang::Vi) => "Gửi vào ban đêm, ngoài giờ làm việc",
            (FlagReason::OutOfHours, Lang::En) => "Sent at night, outside office hours",
            (FlagReason::MoreThanVisitors, Lang::Vi) => "Nhiều phiếu hơn lượt giao dịch trong ngày",
            (FlagReason::MoreThanVisitors, Lang::En) => "More answers than visitors that day",
            (FlagReason::KioskRapid, Lang::Vi) => "Thiết bị tại quầy nhận phiếu liên tiếp chỉ cách nhau vài giây",
            (FlagReason::KioskRapid, Lang::En) => "Kiosk answers in a row, seconds apart",
            (FlagReason::StraightLined, Lang::Vi) => "Nhiều phiếu chọn cùng một mức cho mọi câu trong vài phút",
            (FlagReason::StraightLined, Lang::En) => "Many answers with one level for every question within minutes",
        }
    }
}

/// A limit on responses counted under one key (a device, a network, a point) within a
/// sliding window: beyond `flag_after` they are stored but flagged, beyond `refuse_after`
/// they are refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limit {
    pub window: SignedDuration,
    pub flag_after: u32,
    pub refuse_after: Option<u32>,
}

/// What a limit says of one more response, given how many the window already holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    Fine,
    /// Store and flag it. `first` is true for the response that crosses the line: the ones
    /// before it in the window are flagged with it (a burst is one group, from its start).
    Flag {
        first: bool,
    },
    Refuse,
}

impl Limit {
    pub fn verdict(&self, before: u32) -> Verdict {
        match self.refuse_after {
            Some(hard) if before >= hard => Verdict::Refuse,
            _ if before > self.flag_after => Verdict::Flag { first: false },
            _ if before == self.flag_after => Verdict::Flag { first: true },
            _ => Verdict::Fine,
        }
    }

    /// How many earlier responses a count needs to see at most to decide.
    pub fn count_cap(&self) -> u32 {
        self.refuse_after.unwrap_or(0).max(self.flag_after) + 1
    }
}

/// The least time a person needs to read and answer `questions` questions: `per_question`
/// each, and never less than `floor`.
pub fn min_fill_time(questions: usize, per_question: SignedDuration, floor: SignedDuration) -> SignedDuration {
    let questions = i32::try_from(questions).unwrap_or(i32::MAX);
    (per_question * questions).max(floor)
}

/// The rated part of a response as a short canonical text (`c1=5,c2=5,…`), so identical
/// answer patterns can be recognised without keeping comments.
pub fn answer_pattern(answers: &Answers) -> String {
    answers
        .0
        .iter()
        .filter_map(|(item, answer)| match answer {
            Answer::Level(level) => Some(format!("{item}={level}")),
            _ => None,
        })
        .collect::<Vec<_>>()
        .join(",")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reasons_round_trip() {
        for reason in FlagReason::ALL {
            assert_eq!(FlagReason::parse(reason.as_str()), Some(reason));
        }
        assert_eq!(FlagReason::parse("nope"), None);
    }

    #[test]
    fn a_limit_flags_from_its_line_and_refuses_beyond_its_hard_limit() {
        let limit = Limit { window: SignedDuration::from_mins(10), flag_after: 2, refuse_after: Some(4) };
        assert_eq!(limit.verdict(0), Verdict::Fine);
        assert_eq!(limit.verdict(1), Verdict::Fine);
        assert_eq!(limit.verdict(2), Verdict::Flag { first: true });
        assert_eq!(limit.verdict(3), Verdict::Flag { first: false });
        assert_eq!(limit.verdict(4), Verdict::Refuse);
        assert_eq!(limit.count_cap(), 5);
        let soft = Limit { refuse_after: None, ..limit };
        assert_eq!(soft.verdict(400), Verdict::Flag { first: false });
        assert_eq!(soft.count_cap(), 3);
    }

    #[test]
    fn min_fill_time_grows_with_questions_above_a_floor() {
        let per = SignedDuration::from_secs(2);
        let floor = SignedDuration::from_secs(8);
        assert_eq!(min_fill_time(1, per, floor), floor);
        assert_eq!(min_fill_time(11, per, floor), SignedDuration::from_secs(22));
    }

    #[test]
    fn patterns_ignore_comments() {
        let mut answers = Answers::default();
        answers.0.insert("c1".into(), Answer::Level(5));
        answers.0.insert("c2".into(), Answer::Level(4));
        answers.0.insert("y_kien".into(), Answer::Text("tốt".into()));
        assert_eq!(answer_pattern(&answers), "c1=5,c2=4");
    }
}
