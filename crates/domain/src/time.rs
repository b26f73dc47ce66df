//! Time as the province sees it: campaign windows and "today" are in Asia/Ho_Chi_Minh.
//!
//! Instants are stored as UTC milliseconds; days are civil dates in Vietnam's zone. The zone
//! comes from the tz database bundled into the binary, so a server set to UTC still counts a
//! response at 06:30 local time on the right day.

use std::sync::OnceLock;

use jiff::civil::Date;
use jiff::tz::TimeZone;
use jiff::{Timestamp, Zoned};

pub const ZONE_NAME: &str = "Asia/Ho_Chi_Minh";

pub fn zone() -> &'static TimeZone {
    static ZONE: OnceLock<TimeZone> = OnceLock::new();
    ZONE.get_or_init(|| TimeZone::get(ZONE_NAME).expect("the bundled tz database has Asia/Ho_Chi_Minh"))
}

/// The civil date in Vietnam at `at`.
pub fn local_day(at: Timestamp) -> Date {
    at.to_zoned(zone().clone()).date()
}

pub fn local(at: Timestamp) -> Zoned {
    at.to_zoned(zone().clone())
}

/// The first instant of `day` in Vietnam.
pub fn start_of_day(day: Date) -> Timestamp {
    day.to_zoned(zone().clone()).expect("every Vietnamese date has a midnight").timestamp()
}

/// The first instant after `day` ends in Vietnam.
pub fn end_of_day(day: Date) -> Timestamp {
    let next = day.tomorrow().expect("dates used by campaigns are far from the end of time");
    start_of_day(next)
}

pub fn to_millis(at: Timestamp) -> i64 {
    at.as_millisecond()
}

pub fn from_millis(ms: i64) -> Timestamp {
    Timestamp::from_millisecond(ms).unwrap_or(Timestamp::UNIX_EPOCH)
}

/// "10/07/2024" — how dates are written in Vietnamese documents.
pub fn format_date_vi(day: Date) -> String {
    format!("{:02}/{:02}/{}", day.day(), day.month(), day.year())
}

/// "10/07/2024 14:05" in Vietnam's zone.
pub fn format_instant_vi(at: Timestamp) -> String {
    let z = local(at);
    format!("{} {:02}:{:02}", format_date_vi(z.date()), z.hour(), z.minute())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn day_boundaries_are_in_vietnam() {
        let day = Date::constant(2024, 7, 10);
        // Midnight in Hanoi is 17:00 UTC the day before.
        assert_eq!(start_of_day(day).to_string(), "2024-07-09T17:00:00Z");
        assert_eq!(end_of_day(day).to_string(), "2024-07-10T17:00:00Z");
        let early_utc: Timestamp = "2024-07-09T23:30:00Z".parse().unwrap();
        assert_eq!(local_day(early_utc), day);
    }

    #[test]
    fn vietnamese_date_format() {
        assert_eq!(format_date_vi(Date::constant(2024, 7, 1)), "01/07/2024");
        let at: Timestamp = "2024-07-10T07:05:00Z".parse().unwrap();
        assert_eq!(format_instant_vi(at), "10/07/2024 14:05");
    }
}
