//! Anomalies that need hindsight, found by a background job over stored responses rather than
//! at submit time: bursts against a point's own history, answers in the quiet hours of the
//! night, more responses than visitors, kiosk answers seconds apart, and straight-lined answers
//! in a short time. Pure rules; the job (`app::anomalies`) reads the facts and writes flags.

pub mod burst;
pub mod hours;
pub mod kiosk_runs;
pub mod straight_lined;

/// The quota rule's counterpart for integrity: a day with more responses at a point than the
/// people its clerk counted as served cannot be all honest.
pub fn more_than_visitors(responses: i64, visitors: i64) -> Option<String> {
    (responses > visitors).then(|| format!("{responses} phiếu, {visitors} lượt giao dịch"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn more_responses_than_visitors_is_said_with_both_numbers() {
        assert_eq!(more_than_visitors(412, 250).as_deref(), Some("412 phiếu, 250 lượt giao dịch"));
        assert_eq!(more_than_visitors(250, 250), None);
        assert_eq!(more_than_visitors(0, 0), None);
    }
}
