//! Kiosk answers seconds apart: a citizen needs well over a quarter of a minute to read and
//! answer even a short form on a tablet (and the thank-you screen alone shows for 4 s), so many
//! answers in a row from one kiosk, each a few seconds after the one before, are somebody
//! tapping through the form. Times are the tablet's own (when each answer was given), so
//! answers queued during a network drop and sent together later are not mistaken for a run.

use std::ops::Range;

use jiff::{SignedDuration, Timestamp};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct KioskRule {
    /// An answer this soon after the one before continues a run.
    pub max_gap: SignedDuration,
    /// Answers a run needs, the first included, to be flagged.
    pub min_run: usize,
}

impl KioskRule {
    /// The runs among one kiosk's answer times (in order): index ranges of at least `min_run`
    /// answers, each less than `max_gap` after the one before.
    pub fn runs(&self, times: &[Timestamp]) -> Vec<Range<usize>> {
        let mut runs = Vec::new();
        let mut start = 0;
        for i in 1..=times.len() {
            let continues = i < times.len() && times[i].duration_since(times[i - 1]) < self.max_gap;
            if !continues {
                if i - start >= self.min_run.max(2) {
                    runs.push(start..i);
                }
                start = i;
            }
        }
        runs
    }

    /// What a run is flagged with.
    pub fn detail(&self, kiosk: i64, run: &[Timestamp]) -> String {
        let longest = run.windows(2).map(|w| w[1].duration_since(w[0])).max().unwrap_or_default();
        format!(
            "thiết bị {kiosk}: {} phiếu liền nhau, mỗi phiếu cách phiếu trước dưới {} giây (lâu nhất {} giây)",
            run.len(),
            self.max_gap.as_secs(),
            longest.as_secs()
        )
    }
}

/// The kiosk a stored kiosk answer came from, read from its client id
/// (`kiosk:{kiosk}:{tablet's id}`, see `kiosk::response_client_id`).
pub fn kiosk_of(client_id: &str) -> Option<i64> {
    client_id.strip_prefix("kiosk:")?.split_once(':')?.0.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    const RULE: KioskRule = KioskRule { max_gap: SignedDuration::from_secs(15), min_run: 5 };

    fn times(gaps: &[i64]) -> Vec<Timestamp> {
        let mut at: Timestamp = "2024-07-10T02:00:00Z".parse().unwrap();
        let mut out = vec![at];
        for gap in gaps {
            at += SignedDuration::from_secs(*gap);
            out.push(at);
        }
        out
    }

    #[test]
    fn five_answers_seconds_apart_are_a_run() {
        assert_eq!(RULE.runs(&times(&[8, 9, 10, 14])), vec![0..5]);
        assert!(RULE.runs(&times(&[8, 9, 10])).is_empty(), "four are not enough");
        assert!(RULE.runs(&times(&[8, 9, 15, 14])).is_empty(), "15 s breaks the run");
        assert_eq!(RULE.runs(&times(&[60, 5, 5, 5, 5, 90, 5])), vec![1..6]);
        assert!(RULE.runs(&[]).is_empty());
    }

    #[test]
    fn honest_answers_at_a_counter_are_no_run() {
        assert!(RULE.runs(&times(&[45, 70, 38, 120, 52, 33, 300])).is_empty());
    }

    #[test]
    fn a_run_says_what_was_measured() {
        let run = times(&[8, 9, 10, 14]);
        assert_eq!(
            RULE.detail(3, &run),
            "thiết bị 3: 5 phiếu liền nhau, mỗi phiếu cách phiếu trước dưới 15 giây (lâu nhất 14 giây)"
        );
    }

    #[test]
    fn kiosk_ids_come_from_client_ids() {
        assert_eq!(kiosk_of(&crate::kiosk::response_client_id(12, "0b5c-44")), Some(12));
        assert_eq!(kiosk_of("kiosk:x:1"), None);
        assert_eq!(kiosk_of("17204-abc"), None);
    }
}
