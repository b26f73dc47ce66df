//! The quota rule of a campaign (PKS05 by default): at each point the number of responses
//! must stay within 50% — or 10 forms — of the number of visitors served on the survey days,
//! and a very busy point needs at least 20 forms.

use serde::{Deserialize, Serialize};

use crate::text::Lang;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct QuotaRule {
    /// Allowed distance from the visitor count, in percent of it.
    pub tolerance_pct: u32,
    /// Allowed distance in forms when that is larger (small points).
    pub min_forms: u32,
    /// A point serving at least this many visitors in the campaign is busy.
    pub busy_visitors: u32,
    /// Forms a busy point needs at least.
    pub busy_min_forms: u32,
}

impl Default for QuotaRule {
    /// The PKS05 plan's rule.
    fn default() -> Self {
        QuotaRule { tolerance_pct: 50, min_forms: 10, busy_visitors: 100, busy_min_forms: 20 }
    }
}

/// Where a point stands against the rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum QuotaStatus {
    /// No visitor count yet.
    NoData,
    Under,
    Within,
    Over,
}

impl QuotaRule {
    pub fn check(&self) -> Result<(), &'static str> {
        if self.tolerance_pct > 100 {
            return Err("dung sai không quá 100%");
        }
        if self.min_forms > 10_000 || self.busy_min_forms > 10_000 || self.busy_visitors > 1_000_000 {
            return Err("số phiếu hoặc số lượt quá lớn");
        }
        Ok(())
    }

    /// The status of a point with `responses` answers and `visitors` served (if counted).
    pub fn status(&self, responses: u64, visitors: Option<u64>) -> QuotaStatus {
        let Some(visitors) = visitors else { return QuotaStatus::NoData };
        let allowed = (visitors * u64::from(self.tolerance_pct)).div_ceil(100).max(u64::from(self.min_forms));
        let busy = visitors >= u64::from(self.busy_visitors);
        if responses > visitors + allowed {
            QuotaStatus::Over
        } else if busy && responses >= u64::from(self.busy_min_forms) {
            QuotaStatus::Within
        } else if responses + allowed < visitors {
            QuotaStatus::Under
        } else {
            QuotaStatus::Within
        }
    }

    pub fn describe(&self, lang: Lang) -> String {
        match lang {
            Lang::Vi => format!(
                "số phiếu chênh lệch không quá {}% (hoặc {} phiếu) so với số lượt người dân đến giao dịch; điểm đông (từ {} lượt) cần ít nhất {} phiếu",
                self.tolerance_pct, self.min_forms, self.busy_visitors, self.busy_min_forms
            ),
            Lang::En => format!(
                "responses within {}% (or {} forms) of the visitors served; busy points (from {} visitors) need at least {} forms",
                self.tolerance_pct, self.min_forms, self.busy_visitors, self.busy_min_forms
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_pks05_rule() {
        let rule = QuotaRule::default();
        assert_eq!(rule.status(5, None), QuotaStatus::NoData);
        // 60 visitors: 30 to 90 forms are within 50%.
        assert_eq!(rule.status(29, Some(60)), QuotaStatus::Under);
        assert_eq!(rule.status(30, Some(60)), QuotaStatus::Within);
        assert_eq!(rule.status(90, Some(60)), QuotaStatus::Within);
        assert_eq!(rule.status(91, Some(60)), QuotaStatus::Over);
        // A small point: 10 forms of leeway beat 50% of 8.
        assert_eq!(rule.status(0, Some(8)), QuotaStatus::Within);
        assert_eq!(rule.status(19, Some(8)), QuotaStatus::Over);
        // A busy point with 400 visitors meets the rule with 20 forms.
        assert_eq!(rule.status(20, Some(400)), QuotaStatus::Within);
        assert_eq!(rule.status(19, Some(400)), QuotaStatus::Under);
    }

    #[test]
    fn unreasonable_rules_are_refused() {
        assert!(QuotaRule { tolerance_pct: 150, ..QuotaRule::default() }.check().is_err());
        assert!(QuotaRule::default().check().is_ok());
    }
}
