//! Campaigns (đợt khảo sát): an instrument version, a time window in Vietnam's zone, a set of
//! points and a status. Decides whether a campaign takes answers at a given moment.

use std::fmt;

use jiff::civil::Date;
use jiff::{SignedDuration, Timestamp};
use serde::{Deserialize, Serialize};

use crate::text::Lang;
use crate::time;

/// A short, URL-safe name for a campaign, e.g. `pks05-2024`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct CampaignCode(String);

impl CampaignCode {
    pub fn parse(raw: &str) -> Result<Self, &'static str> {
        let code = raw.trim().to_ascii_lowercase();
        let ok_chars = code.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
        if code.is_empty() || code.len() > 48 || !ok_chars || code.starts_with('-') {
            return Err("mã đợt khảo sát gồm 1–48 chữ thường không dấu, số hoặc '-' (ví dụ pks05-2024)");
        }
        Ok(CampaignCode(code))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for CampaignCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl TryFrom<String> for CampaignCode {
    type Error = &'static str;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        CampaignCode::parse(&value)
    }
}

impl From<CampaignCode> for String {
    fn from(code: CampaignCode) -> String {
        code.0
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum CampaignStatus {
    Draft,
    Open,
    Closed,
    Archived,
}

impl CampaignStatus {
    pub const ALL: [CampaignStatus; 4] =
        [CampaignStatus::Draft, CampaignStatus::Open, CampaignStatus::Closed, CampaignStatus::Archived];

    pub fn as_str(self) -> &'static str {
        match self {
            CampaignStatus::Draft => "draft",
            CampaignStatus::Open => "open",
            CampaignStatus::Closed => "closed",
            CampaignStatus::Archived => "archived",
        }
    }

    pub fn parse(raw: &str) -> Option<Self> {
        CampaignStatus::ALL.into_iter().find(|s| s.as_str() == raw)
    }

    pub fn label(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (CampaignStatus::Draft, Lang::Vi) => "Bản nháp",
            (CampaignStatus::Open, Lang::Vi) => "Đang mở",
            (CampaignStatus::Closed, Lang::Vi) => "Đã đóng",
            (CampaignStatus::Archived, Lang::Vi) => "Lưu trữ",
            (CampaignStatus::Draft, Lang::En) => "Draft",
            (CampaignStatus::Open, Lang::En) => "Open",
            (CampaignStatus::Closed, Lang::En) => "Closed",
            (CampaignStatus::Archived, Lang::En) => "Archived",
        }
    }
}

/// How an answer reached us.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Channel {
    /// The citizen scanned the point's QR code with a phone.
    Qr,
    /// A tablet at the counter.
    Kiosk,
    /// A paper slip entered by a clerk.
    Paper,
    /// The provincial public-service portal.
    Portal,
    /// Face-to-face or phone interview.
    Interview,
}

impl Channel {
    pub const ALL: [Channel; 5] = [Channel::Qr, Channel::Kiosk, Channel::Paper, Channel::Portal, Channel::Interview];

    pub fn as_str(self) -> &'static str {
        match self {
            Channel::Qr => "qr",
            Channel::Kiosk => "kiosk",
            Channel::Paper => "paper",
            Channel::Portal => "portal",
            Channel::Interview => "interview",
        }
    }

    pub fn parse(raw: &str) -> Option<Self> {
        Channel::ALL.into_iter().find(|c| c.as_str() == raw)
    }

    pub fn label(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (Channel::Qr, Lang::Vi) => "Mã QR",
            (Channel::Kiosk, Lang::Vi) => "Máy tính bảng tại quầy",
            (Channel::Paper, Lang::Vi) => "Phiếu giấy",
            (Channel::Portal, Lang::Vi) => "Cổng dịch vụ công",
            (Channel::Interview, Lang::Vi) => "Phỏng vấn",
            (Channel::Qr, Lang::En) => "QR code",
            (Channel::Kiosk, Lang::En) => "Counter tablet",
            (Channel::Paper, Lang::En) => "Paper slip",
            (Channel::Portal, Lang::En) => "Public-service portal",
            (Channel::Interview, Lang::En) => "Interview",
        }
    }
}

/// When a campaign takes answers. An always-on campaign has neither end.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Window {
    pub opens_at: Option<Timestamp>,
    pub closes_at: Option<Timestamp>,
}

/// How long after a campaign's window ends a form that was opened inside it is still accepted:
/// a citizen who started at 16:58 on the last day is not turned away at 17:00.
pub const GRACE: SignedDuration = SignedDuration::from_mins(30);

impl Window {
    pub const ALWAYS: Window = Window { opens_at: None, closes_at: None };

    /// From the first moment of `first` to the last moment of `last`, in Vietnam.
    pub fn local_days(first: Date, last: Date) -> Result<Window, &'static str> {
        if last < first {
            return Err("ngày kết thúc trước ngày bắt đầu");
        }
        Ok(Window { opens_at: Some(time::start_of_day(first)), closes_at: Some(time::end_of_day(last)) })
    }

    pub fn is_always_on(&self) -> bool {
        self.opens_at.is_none() && self.closes_at.is_none()
    }

    pub fn contains(&self, at: Timestamp) -> bool {
        self.opens_at.is_none_or(|o| o <= at) && self.closes_at.is_none_or(|c| at < c)
    }

    pub fn overlaps(&self, other: &Window) -> bool {
        let a_before_b_ends = match (self.opens_at, other.closes_at) {
            (Some(o), Some(c)) => o < c,
            _ => true,
        };
        let b_before_a_ends = match (other.opens_at, self.closes_at) {
            (Some(o), Some(c)) => o < c,
            _ => true,
        };
        a_before_b_ends && b_before_a_ends
    }

    /// Whether two campaigns may not share a point: two running windows at once, or two
    /// always-on campaigns. A window may run over a point's always-on campaign (it wins while
    /// it runs).
    pub fn clashes(&self, other: &Window) -> bool {
        self.is_always_on() == other.is_always_on() && self.overlaps(other)
    }

    /// The first and last local days, for display.
    pub fn local_first_last(&self) -> (Option<Date>, Option<Date>) {
        let first = self.opens_at.map(time::local_day);
        let last = self.closes_at.map(|c| time::local_day(c - SignedDuration::from_millis(1)));
        (first, last)
    }
}

/// A campaign as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Campaign {
    pub id: i64,
    pub code: CampaignCode,
    pub name: String,
    pub instrument_id: i64,
    pub window: Window,
    pub status: CampaignStatus,
}

/// Why a campaign does not take an answer now.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    NotOpen(CampaignStatus),
    NotStarted,
    Ended,
}

/// Whether an answer to a form issued at `issued_at` may be stored at `now`.
pub fn accepts(status: CampaignStatus, window: &Window, issued_at: Timestamp, now: Timestamp) -> Result<(), Refusal> {
    if status != CampaignStatus::Open {
        return Err(Refusal::NotOpen(status));
    }
    if window.opens_at.is_some_and(|o| now < o) {
        return Err(Refusal::NotStarted);
    }
    if let Some(closes) = window.closes_at {
        let opened_in_time = issued_at < closes;
        if now >= closes && !(opened_in_time && now < closes + GRACE) {
            return Err(Refusal::Ended);
        }
    }
    Ok(())
}

/// Whether a paper slip filled in at `slip_at` may be typed in now: the slip must be from
/// the campaign's window, and the campaign open or closed (paper arrives after the close), not
/// a draft nor archived.
pub fn accepts_paper(status: CampaignStatus, window: &Window, slip_at: Timestamp) -> Result<(), Refusal> {
    if !matches!(status, CampaignStatus::Open | CampaignStatus::Closed) {
        return Err(Refusal::NotOpen(status));
    }
    if window.opens_at.is_some_and(|o| slip_at < o) {
        return Err(Refusal::NotStarted);
    }
    if window.closes_at.is_some_and(|c| slip_at >= c) {
        return Err(Refusal::Ended);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(s: &str) -> Timestamp {
        s.parse().unwrap()
    }

    #[test]
    fn a_three_day_campaign_runs_in_local_time() {
        let w = Window::local_days(Date::constant(2024, 7, 10), Date::constant(2024, 7, 12)).unwrap();
        assert!(!w.contains(at("2024-07-09T16:59:59Z")));
        assert!(w.contains(at("2024-07-09T17:00:00Z")));
        assert!(w.contains(at("2024-07-12T16:59:59Z")));
        assert!(!w.contains(at("2024-07-12T17:00:00Z")));
        assert_eq!(w.local_first_last(), (Some(Date::constant(2024, 7, 10)), Some(Date::constant(2024, 7, 12))));
        assert!(Window::local_days(Date::constant(2024, 7, 12), Date::constant(2024, 7, 10)).is_err());
    }

    #[test]
    fn late_forms_get_a_grace_period_but_closed_campaigns_none() {
        let w = Window::local_days(Date::constant(2024, 7, 10), Date::constant(2024, 7, 12)).unwrap();
        let open = CampaignStatus::Open;
        let issued = at("2024-07-12T16:50:00Z");
        assert_eq!(accepts(open, &w, issued, at("2024-07-12T17:10:00Z")), Ok(()));
        assert_eq!(accepts(open, &w, issued, at("2024-07-12T17:31:00Z")), Err(Refusal::Ended));
        assert_eq!(accepts(open, &w, at("2024-07-12T17:01:00Z"), at("2024-07-12T17:02:00Z")), Err(Refusal::Ended));
        assert_eq!(
            accepts(CampaignStatus::Closed, &w, issued, at("2024-07-11T00:00:00Z")),
            Err(Refusal::NotOpen(CampaignStatus::Closed))
        );
        assert_eq!(accepts(open, &w, issued, at("2024-07-01T00:00:00Z")), Err(Refusal::NotStarted));
    }

    #[test]
    fn windows_overlap() {
        let d = |m, day| Date::constant(2024, m, day);
        let july = Window::local_days(d(7, 10), d(7, 12)).unwrap();
        let august = Window::local_days(d(8, 1), d(8, 3)).unwrap();
        let touching = Window::local_days(d(7, 12), d(7, 20)).unwrap();
        assert!(!july.overlaps(&august));
        assert!(july.overlaps(&touching));
        assert!(july.overlaps(&Window::ALWAYS));
        assert!(july.clashes(&touching));
        assert!(!july.clashes(&Window::ALWAYS));
        assert!(Window::ALWAYS.clashes(&Window::ALWAYS));
    }

    #[test]
    fn codes() {
        assert_eq!(CampaignCode::parse(" PKS05-2024 ").unwrap().as_str(), "pks05-2024");
        assert!(CampaignCode::parse("pks 05").is_err());
        assert!(CampaignCode::parse("").is_err());
    }

    #[test]
    fn paper_from_the_window_is_typed_in_after_the_close() {
        let window = Window { opens_at: Some(at("2024-07-10T01:00:00Z")), closes_at: Some(at("2024-07-12T10:00:00Z")) };
        let during = at("2024-07-11T03:00:00Z");
        assert_eq!(accepts_paper(CampaignStatus::Closed, &window, during), Ok(()));
        assert_eq!(accepts_paper(CampaignStatus::Open, &window, during), Ok(()));
        assert_eq!(accepts_paper(CampaignStatus::Draft, &window, during), Err(Refusal::NotOpen(CampaignStatus::Draft)));
        assert_eq!(
            accepts_paper(CampaignStatus::Archived, &window, during),
            Err(Refusal::NotOpen(CampaignStatus::Archived))
        );
        assert_eq!(
            accepts_paper(CampaignStatus::Closed, &window, at("2024-07-09T03:00:00Z")),
            Err(Refusal::NotStarted)
        );
        assert_eq!(accepts_paper(CampaignStatus::Closed, &window, at("2024-07-12T10:00:00Z")), Err(Refusal::Ended));
    }
}
