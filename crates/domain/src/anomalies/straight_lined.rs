//! Straight-lining in a short time: many responses at one point within minutes that each give
//! one level to every question. Honest citizens do this often (at a good desk about half answer
//! all "very satisfied"), so the count alone proves nothing; what is implausible is many more
//! in a short window than the point's own share of such answers makes likely. The rule asks
//! how probable the window's count is if each response straight-lines with the point's usual
//! share (a binomial tail), and flags when that is below one in `one_in`.

use std::collections::BTreeMap;

use jiff::{SignedDuration, Timestamp};

use crate::answers::{Answer, Answers};

/// However often a point's citizens straight-line, the rule assumes at most this share, so a
/// point stuffed from its first day is still caught by long enough runs.
const MOST_PLAUSIBLE_SHARE: f64 = 0.8;
/// How many responses the configured share weighs against a point's own history: a point
/// with little history is judged mostly by the configured share.
const PRIOR_WEIGHT: f64 = 20.0;

/// Whether a response gives one level to every question it rates, over at least
/// `min_questions` of them (comments do not count).
pub fn is_straight_lined(answers: &Answers, min_questions: usize) -> bool {
    let mut levels = answers.0.values().filter_map(|a| match a {
        Answer::Level(l) => Some(*l),
        Answer::Text(_) => None,
    });
    let Some(first) = levels.next() else { return false };
    let mut rated = 1;
    for level in levels {
        if level != first {
            return false;
        }
        rated += 1;
    }
    rated >= min_questions.max(2)
}

/// A response as the rule sees it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Answered {
    pub at: Timestamp,
    pub straight: bool,
    /// Not examined by an earlier run: only windows holding one are judged again.
    pub new: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StraightRule {
    pub window: SignedDuration,
    /// Straight-lined responses a window needs at least.
    pub at_least: u32,
    /// A window is flagged when its count is less likely than one in this many.
    pub one_in: u32,
    /// The share of straight-lined responses assumed where a point has little history.
    pub usual_share_percent: u8,
}

impl StraightRule {
    /// The share of straight-lined responses usual at a point with `straight` of `total`
    /// earlier responses so: its own share, weighed against the configured one.
    pub fn usual_share(&self, straight: u64, total: u64) -> f64 {
        let prior = f64::from(self.usual_share_percent.min(100)) / 100.0;
        let share = (straight as f64 + prior * PRIOR_WEIGHT) / (total as f64 + PRIOR_WEIGHT);
        share.clamp(0.01, MOST_PLAUSIBLE_SHARE)
    }

    /// Indices of `rows` (one point's responses in time order) to flag, each with what was
    /// measured in the first window that flagged it.
    pub fn find(&self, rows: &[Answered], share: f64) -> BTreeMap<usize, String> {
        let mut flagged = BTreeMap::new();
        let mut straight = vec![0u32; rows.len() + 1];
        let mut new = vec![0u32; rows.len() + 1];
        for (i, r) in rows.iter().enumerate() {
            straight[i + 1] = straight[i] + u32::from(r.straight);
            new[i + 1] = new[i] + u32::from(r.new);
        }
        let mut start = 0;
        for end in 0..rows.len() {
            while rows[end].at.duration_since(rows[start].at) >= self.window {
                start += 1;
            }
            let k = straight[end + 1] - straight[start];
            let n = u32::try_from(end + 1 - start).unwrap_or(u32::MAX);
            if k < self.at_least || new[end + 1] == new[start] {
                continue;
            }
            let chance = binomial_tail(k, n, share);
            if chance * f64::from(self.one_in.max(1)) >= 1.0 {
                continue;
            }
            let detail = format!(
                "{k}/{n} phiếu trong {} phút chọn một mức cho mọi câu; tỉ lệ thường gặp {:.0}%",
                self.window.as_mins(),
                share * 100.0
            );
            for i in (start..=end).filter(|i| rows[*i].straight) {
                flagged.entry(i).or_insert_with(|| detail.clone());
            }
        }
        flagged
    }
}

/// The chance of at least `k` successes in `n` trials of probability `p`.
pub fn binomial_tail(k: u32, n: u32, p: f64) -> f64 {
    if k == 0 {
        return 1.0;
    }
    if k > n || p <= 0.0 {
        return 0.0;
    }
    if p >= 1.0 {
        return 1.0;
    }
    let ln_fact: Vec<f64> = std::iter::once(0.0)
        .chain((1..=n).scan(0.0, |acc, i| {
            *acc += f64::from(i).ln();
            Some(*acc)
        }))
        .collect();
    let (ln_p, ln_q) = (p.ln(), (1.0 - p).ln());
    (k..=n)
        .map(|j| {
            let (j_, n_) = (j as usize, n as usize);
            let ln_choose = ln_fact[n_] - ln_fact[j_] - ln_fact[n_ - j_];
            (ln_choose + f64::from(j) * ln_p + f64::from(n - j) * ln_q).exp()
        })
        .sum::<f64>()
        .min(1.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    const RULE: StraightRule =
        StraightRule { window: SignedDuration::from_mins(10), at_least: 8, one_in: 100_000, usual_share_percent: 50 };

    fn answers(levels: &[u8]) -> Answers {
        let mut a = Answers::default();
        for (i, l) in levels.iter().enumerate() {
            a.0.insert(format!("c{i}"), Answer::Level(*l));
        }
        a
    }

    #[test]
    fn straight_lined_means_one_level_for_every_rated_question() {
        assert!(is_straight_lined(&answers(&[5, 5, 5, 5]), 3));
        assert!(!is_straight_lined(&answers(&[5, 5, 4, 5]), 3));
        assert!(!is_straight_lined(&answers(&[5, 5]), 3), "too few questions to tell");
        let mut commented = answers(&[4, 4, 4]);
        commented.0.insert("y_kien".into(), Answer::Text("tốt".into()));
        assert!(is_straight_lined(&commented, 3), "a comment does not count");
        assert!(!is_straight_lined(&Answers::default(), 3));
    }

    #[test]
    fn binomial_tails() {
        assert!((binomial_tail(1, 1, 0.5) - 0.5).abs() < 1e-12);
        assert!((binomial_tail(2, 2, 0.5) - 0.25).abs() < 1e-12);
        assert!((binomial_tail(1, 2, 0.5) - 0.75).abs() < 1e-12);
        assert!((binomial_tail(10, 10, 0.6) - 0.6f64.powi(10)).abs() < 1e-12);
        assert_eq!(binomial_tail(0, 5, 0.3), 1.0);
        assert_eq!(binomial_tail(6, 5, 0.3), 0.0);
    }

    #[test]
    fn the_usual_share_leans_on_history_as_it_grows() {
        assert!((RULE.usual_share(0, 0) - 0.5).abs() < 1e-12);
        assert!((RULE.usual_share(600, 1000) - 0.598).abs() < 0.01);
        assert!((RULE.usual_share(1000, 1000) - 0.8).abs() < 1e-12, "never above 80%");
    }

    fn minute_by_minute(straight: &[bool], every_secs: i64) -> Vec<Answered> {
        let start: Timestamp = "2024-07-10T02:00:00Z".parse().unwrap();
        straight
            .iter()
            .enumerate()
            .map(|(i, s)| Answered {
                at: start + SignedDuration::from_secs(every_secs * i as i64),
                straight: *s,
                new: true,
            })
            .collect()
    }

    #[test]
    fn a_stuffed_window_is_flagged_and_an_honest_busy_desk_is_not() {
        // Sixty all-"very satisfied" answers, one every 10 s: 60 of 60 in ten minutes.
        let stuffed = minute_by_minute(&[true; 60], 10);
        let found = RULE.find(&stuffed, 0.6);
        assert_eq!(found.len(), 60);
        assert!(found[&59].starts_with("60/60 phiếu trong 10 phút"), "{}", found[&59]);
        // A busy honest desk: one a minute, 60% straight-lined, all morning.
        let honest: Vec<bool> = (0..240).map(|i| (i * 7) % 10 < 6).collect();
        assert!(RULE.find(&minute_by_minute(&honest, 60), 0.6).is_empty());
    }

    #[test]
    fn only_windows_holding_a_new_response_are_judged() {
        let mut rows = minute_by_minute(&[true; 30], 10);
        for r in &mut rows {
            r.new = false;
        }
        assert!(RULE.find(&rows, 0.5).is_empty());
        rows[29].new = true;
        assert_eq!(RULE.find(&rows, 0.5).len(), 30, "every straight-lined one in the window");
    }
}
