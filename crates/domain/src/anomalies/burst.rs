//! A burst against a point's own history: the responses at a point in one hour compared with
//! its usual hourly count (a high percentile of its earlier hours with answers). An hour far
//! above it, and above an absolute floor so that a small point is not flagged for three
//! answers, is a burst; when the desk is closed the bar is lower.

use super::hours::clock;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BurstRule {
    /// Which percentile of the earlier hours is the point's usual count (90: nine hours in ten
    /// had at most that many).
    pub percentile: u8,
    /// An hour the desk is open is a burst above this many times the usual count…
    pub times_usual: u32,
    /// …and above this many responses.
    pub floor: u32,
    /// An hour the desk is closed is a burst above this many times the usual count…
    pub closed_times_usual: u32,
    /// …and above this many responses.
    pub closed_floor: u32,
    /// Earlier hours with answers a point needs before its hours are judged at all.
    pub min_history_hours: usize,
}

/// The nearest-rank percentile of `values` (90 → the smallest value at least 90% of them do
/// not exceed); `None` for no values.
pub fn percentile(values: &[u32], pct: u8) -> Option<u32> {
    if values.is_empty() {
        return None;
    }
    let mut sorted = values.to_vec();
    sorted.sort_unstable();
    let rank = (usize::from(pct.min(100)) * sorted.len()).div_ceil(100).max(1);
    Some(sorted[rank - 1])
}

impl BurstRule {
    /// The point's usual hourly count and the count above which an hour is a burst, or `None`
    /// while the point has too little history to say what is usual.
    pub fn limit(&self, history: &[u32], closed: bool) -> Option<(u32, u32)> {
        if history.len() < self.min_history_hours {
            return None;
        }
        let usual = percentile(history, self.percentile)?;
        let (times, floor) =
            if closed { (self.closed_times_usual, self.closed_floor) } else { (self.times_usual, self.floor) };
        Some((usual, usual.saturating_mul(times).max(floor)))
    }

    /// Whether `count` responses in the hour starting at `from` (minutes after midnight) are a
    /// burst, and what was measured.
    pub fn judge(&self, count: u32, history: &[u32], closed: bool, from: u16) -> Option<String> {
        let (usual, limit) = self.limit(history, closed)?;
        (count > limit).then(|| {
            format!(
                "{count} phiếu trong giờ từ {}{}; thường {usual} (p{} của {} giờ trước), ngưỡng {limit}",
                clock(from),
                if closed { " (ngoài giờ làm việc)" } else { "" },
                self.percentile,
                history.len()
            )
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const RULE: BurstRule = BurstRule {
        percentile: 90,
        times_usual: 3,
        floor: 20,
        closed_times_usual: 1,
        closed_floor: 8,
        min_history_hours: 6,
    };

    #[test]
    fn percentiles_by_nearest_rank() {
        assert_eq!(percentile(&[], 90), None);
        assert_eq!(percentile(&[7], 90), Some(7));
        let ten: Vec<u32> = (1..=10).collect();
        assert_eq!(percentile(&ten, 90), Some(9));
        assert_eq!(percentile(&ten, 50), Some(5));
        assert_eq!(percentile(&ten, 100), Some(10));
        assert_eq!(percentile(&ten, 0), Some(1));
    }

    #[test]
    fn a_burst_is_far_above_the_usual_count_and_above_a_floor() {
        let history = [4, 5, 6, 5, 3, 6, 4, 5, 7, 5];
        assert_eq!(RULE.limit(&history, false), Some((6, 20)), "3 × 6 = 18 is under the floor");
        assert_eq!(RULE.judge(20, &history, false, 600), None);
        assert_eq!(
            RULE.judge(21, &history, false, 600).as_deref(),
            Some("21 phiếu trong giờ từ 10:00; thường 6 (p90 của 10 giờ trước), ngưỡng 20")
        );
        let busy = [30, 40, 35, 38, 42, 39, 31, 36, 44, 40];
        assert_eq!(RULE.limit(&busy, false), Some((42, 126)), "a busy centre's normal hour is no burst");
        assert_eq!(RULE.judge(100, &busy, false, 600), None);
    }

    #[test]
    fn a_closed_desk_is_judged_more_strictly() {
        let history = [4, 5, 6, 5, 3, 6, 4, 5, 7, 5];
        assert_eq!(RULE.limit(&history, true), Some((6, 8)));
        assert!(RULE.judge(9, &history, true, 1140).unwrap().contains("19:00 (ngoài giờ làm việc)"));
        assert_eq!(RULE.judge(8, &history, true, 1140), None, "a few evening answers from home are fine");
    }

    #[test]
    fn a_point_without_history_is_not_judged() {
        assert_eq!(RULE.limit(&[50, 60, 70, 80, 90], false), None);
        assert_eq!(RULE.judge(500, &[], true, 0), None);
    }
}
