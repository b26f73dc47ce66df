//! Office hours and quiet hours in Vietnam's zone. One-stop desks typically work Monday to
//! Friday 7:30–11:30 and 13:30–17:00, many also Saturday morning: outside those hours a desk is
//! closed, and a burst then counts more. The quiet hours (by default 21:00–06:00) are when
//! almost nobody answers honestly: an answer then is flagged on its own.

use jiff::civil::Weekday;
use jiff::{SignedDuration, Timestamp};

use crate::time;

/// A span of a day, in minutes after midnight: `from` inclusive, `until` exclusive.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Period {
    pub from: u16,
    pub until: u16,
}

/// Minutes after midnight of `HH:MM` (00:00–24:00).
pub fn parse_clock(raw: &str) -> Option<u16> {
    let (h, m) = raw.trim().split_once(':')?;
    let (h, m): (u16, u16) = (h.parse().ok()?, m.parse().ok()?);
    (h <= 24 && m < 60 && h * 60 + m <= 24 * 60).then_some(h * 60 + m)
}

/// `"07:30-11:30, 13:30-17:00"`: periods of one day, each ending after it starts; empty means
/// closed all day.
pub fn parse_periods(raw: &str) -> Result<Vec<Period>, String> {
    raw.split(',')
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .map(|p| {
            let bad = || format!("\"{p}\" không phải khoảng giờ dạng 07:30-11:30");
            let (from, until) = p.split_once(['-', '–']).ok_or_else(bad)?;
            let (from, until) = (parse_clock(from).ok_or_else(bad)?, parse_clock(until).ok_or_else(bad)?);
            if until <= from {
                return Err(format!("\"{p}\": giờ kết thúc phải sau giờ bắt đầu"));
            }
            Ok(Period { from, until })
        })
        .collect()
}

/// When desks are open, by kind of day (public holidays are not known: they count as
/// ordinary days, so a burst on one is judged as on a working day).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OfficeHours {
    pub weekdays: Vec<Period>,
    pub saturday: Vec<Period>,
    pub sunday: Vec<Period>,
}

impl OfficeHours {
    fn periods(&self, day: Weekday) -> &[Period] {
        match day {
            Weekday::Saturday => &self.saturday,
            Weekday::Sunday => &self.sunday,
            _ => &self.weekdays,
        }
    }

    /// Whether the desk is open at any moment of `[start, start + length)`, in Vietnam's zone
    /// (the span must not cross midnight; an hour never does).
    pub fn open_during(&self, start: Timestamp, length: SignedDuration) -> bool {
        let local = time::local(start);
        let from = minute_of_day(start);
        let until = from + u16::try_from(length.as_mins()).unwrap_or(u16::MAX).min(24 * 60 - from);
        self.periods(local.weekday()).iter().any(|p| p.from < until && from < p.until)
    }
}

/// The night hours in which an answer is flagged: `from` to `until`, across midnight when
/// `until` is earlier than `from`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct QuietHours {
    pub from: u16,
    pub until: u16,
}

impl QuietHours {
    /// `"21:00-06:00"`: from the first time to the second, across midnight if it is earlier.
    pub fn parse(raw: &str) -> Result<QuietHours, String> {
        let bad = || format!("\"{raw}\" không phải khoảng giờ dạng 21:00-06:00");
        let (from, until) = raw.split_once(['-', '–']).ok_or_else(bad)?;
        let (from, until) = (parse_clock(from).ok_or_else(bad)?, parse_clock(until).ok_or_else(bad)?);
        if from == until {
            return Err(format!("\"{raw}\": giờ bắt đầu và kết thúc trùng nhau"));
        }
        Ok(QuietHours { from, until })
    }

    pub fn contains(&self, at: Timestamp) -> bool {
        let minute = minute_of_day(at);
        if self.from <= self.until {
            (self.from..self.until).contains(&minute)
        } else {
            minute >= self.from || minute < self.until
        }
    }

    /// What an answer at `at` is flagged with: `"lúc 23:14, giờ nghỉ 21:00–06:00"`.
    pub fn detail(&self, at: Timestamp) -> String {
        let minute = minute_of_day(at);
        format!("lúc {}, giờ nghỉ {}–{}", clock(minute), clock(self.from), clock(self.until))
    }
}

/// Minutes after local midnight.
pub fn minute_of_day(at: Timestamp) -> u16 {
    let local = time::local(at);
    u16::try_from(local.hour()).unwrap_or(0) * 60 + u16::try_from(local.minute()).unwrap_or(0)
}

/// `HH:MM` of minutes after midnight.
pub fn clock(minute: u16) -> String {
    format!("{:02}:{:02}", minute / 60, minute % 60)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(local: &str) -> Timestamp {
        // Vietnam is UTC+7 all year.
        format!("{local}+07:00").parse::<Timestamp>().expect("an instant")
    }

    fn desk() -> OfficeHours {
        OfficeHours {
            weekdays: parse_periods("07:30-11:30, 13:30-17:00").unwrap(),
            saturday: parse_periods("07:30-11:30").unwrap(),
            sunday: parse_periods("").unwrap(),
        }
    }

    #[test]
    fn periods_parse_and_refuse_nonsense() {
        assert_eq!(parse_periods("07:30-11:30").unwrap(), vec![Period { from: 450, until: 690 }]);
        assert!(parse_periods("").unwrap().is_empty());
        assert!(parse_periods("7h30-11h").is_err());
        assert!(parse_periods("11:30-07:30").is_err());
        assert!(parse_periods("25:00-26:00").is_err());
        assert_eq!(parse_clock("24:00"), Some(1440));
        assert_eq!(parse_clock("24:01"), None);
    }

    #[test]
    fn an_hour_is_open_if_any_of_it_is() {
        let hour = SignedDuration::from_hours(1);
        // 2024-07-10 is a Wednesday, 07-13 a Saturday, 07-14 a Sunday.
        assert!(desk().open_during(at("2024-07-10T07:00"), hour), "opens at 7:30");
        assert!(desk().open_during(at("2024-07-10T11:00"), hour), "closes at 11:30");
        assert!(!desk().open_during(at("2024-07-10T12:00"), hour), "lunch");
        assert!(desk().open_during(at("2024-07-10T16:00"), hour));
        assert!(!desk().open_during(at("2024-07-10T17:00"), hour), "closed at 17:00");
        assert!(!desk().open_during(at("2024-07-10T06:00"), hour));
        assert!(desk().open_during(at("2024-07-13T09:00"), hour), "Saturday morning");
        assert!(!desk().open_during(at("2024-07-13T14:00"), hour), "Saturday afternoon");
        assert!(!desk().open_during(at("2024-07-14T09:00"), hour), "Sunday");
    }

    #[test]
    fn quiet_hours_wrap_around_midnight() {
        let quiet = QuietHours { from: 21 * 60, until: 6 * 60 };
        assert!(quiet.contains(at("2024-07-10T21:00")));
        assert!(quiet.contains(at("2024-07-10T23:59")));
        assert!(quiet.contains(at("2024-07-11T00:30")));
        assert!(quiet.contains(at("2024-07-11T05:59")));
        assert!(!quiet.contains(at("2024-07-11T06:00")));
        assert!(!quiet.contains(at("2024-07-10T20:59")), "an evening answer at home is fine");
        assert_eq!(quiet.detail(at("2024-07-10T23:14")), "lúc 23:14, giờ nghỉ 21:00–06:00");
        assert_eq!(QuietHours::parse("21:00-06:00"), Ok(quiet));
        assert!(QuietHours::parse("21:00").is_err());
        assert!(QuietHours::parse("21:00-21:00").is_err());
        let lunch = QuietHours::parse("12:00 - 13:00").unwrap();
        assert!(lunch.contains(at("2024-07-10T12:30")));
        assert!(!lunch.contains(at("2024-07-10T13:00")));
    }
}
