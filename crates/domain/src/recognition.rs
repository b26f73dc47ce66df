//! Recognition scoring: a campaign's rule that turns a unit's satisfaction index into points of
//! criterion 5 ("sự hài lòng", 20 of the 100 points) of the "chính quyền thân thiện"
//! self-assessment, with the quota rule as a condition; and the order in which working groups
//! (tổ công tác) are proposed as exemplary.
//!
//! The default is the target rule of QĐ 766/QĐ-TTg's satisfaction group (full points at or above
//! a 90% target, else proportional): the source documents name the 20 points and the quota rule
//! but not how the survey becomes points, and 766 is the national rule organisers already know.

use std::cmp::Ordering;

use serde::{Deserialize, Serialize};

use crate::quota::QuotaStatus;
use crate::text::Lang;

/// Criterion 5's weight in the 100-point self-assessment.
pub const DEFAULT_MAX_POINTS: f64 = 20.0;
/// QĐ 766's satisfaction target.
pub const DEFAULT_TARGET_PCT: f64 = 90.0;
/// The PKS05 plan's floor for a busy point ("tối thiểu đạt 20 phiếu"): below it the 95%
/// interval of a share near 90% spans some 25 points, too wide to tell 80% from 95%.
pub const DEFAULT_MIN_N: u32 = 20;
/// More bands than this is no longer a rule anyone reads.
pub const MAX_BANDS: usize = 10;
/// Thresholds are compared with this slack: 27 of 30 answers must be 90%, not 89.999…%.
const SLACK: f64 = 1e-9;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ScoringRule {
    pub max_points: f64,
    pub method: Method,
    /// A point that breaks the quota rule gets no points at all.
    pub require_quota: bool,
    /// Fewer responses than this is "chưa đủ dữ liệu", never a score.
    pub min_n: u32,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Method {
    /// Full points at or above the target, else `max_points × index / target`.
    Linear { target_pct: f64 },
    /// The points of the highest band whose threshold the index reaches; none below the lowest.
    Bands(Vec<Band>),
}

#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Band {
    pub min_pct: f64,
    pub points: f64,
}

impl Default for ScoringRule {
    fn default() -> Self {
        ScoringRule {
            max_points: DEFAULT_MAX_POINTS,
            method: Method::Linear { target_pct: DEFAULT_TARGET_PCT },
            require_quota: true,
            min_n: DEFAULT_MIN_N,
        }
    }
}

/// Why a rule cannot be used, as data; `message` says it to the organiser.
#[derive(Debug, Clone, PartialEq)]
pub enum RuleProblem {
    MaxPoints(f64),
    Target(f64),
    MinN(u32),
    NoBands,
    TooManyBands,
    BandThreshold(f64),
    BandPoints {
        min_pct: f64,
        points: f64,
        max: f64,
    },
    DuplicateThreshold(f64),
    Unsorted,
    FewerPointsHigher {
        lower: f64,
        higher: f64,
    },
    /// A band as typed that is not "threshold=points".
    BandSyntax(String),
}

impl RuleProblem {
    pub fn message(&self, lang: Lang) -> String {
        let n = |v: &f64| number(*v);
        match (self, lang) {
            (RuleProblem::MaxPoints(v), Lang::Vi) => format!("điểm tối đa phải lớn hơn 0 và không quá 100 ({})", n(v)),
            (RuleProblem::MaxPoints(v), Lang::En) => format!("the maximum must be above 0 and at most 100 ({})", n(v)),
            (RuleProblem::Target(v), Lang::Vi) => {
                format!("chỉ số mục tiêu phải lớn hơn 0% và không quá 100% ({}%)", n(v))
            }
            (RuleProblem::Target(v), Lang::En) => format!("the target must be above 0% and at most 100% ({}%)", n(v)),
            (RuleProblem::MinN(v), Lang::Vi) => format!("số phiếu tối thiểu phải từ 1 đến 10000 ({v})"),
            (RuleProblem::MinN(v), Lang::En) => format!("the minimum responses must be 1 to 10000 ({v})"),
            (RuleProblem::NoBands, Lang::Vi) => "cần ít nhất một bậc điểm, ví dụ 90=20; 80=15".into(),
            (RuleProblem::NoBands, Lang::En) => "at least one band is needed, e.g. 90=20; 80=15".into(),
            (RuleProblem::TooManyBands, Lang::Vi) => format!("tối đa {MAX_BANDS} bậc điểm"),
            (RuleProblem::TooManyBands, Lang::En) => format!("at most {MAX_BANDS} bands"),
            (RuleProblem::BandThreshold(v), Lang::Vi) => format!("ngưỡng {}% phải từ 0% đến 100%", n(v)),
            (RuleProblem::BandThreshold(v), Lang::En) => format!("threshold {}% must be 0% to 100%", n(v)),
            (RuleProblem::BandPoints { min_pct, points, max }, Lang::Vi) => {
                format!("bậc từ {}% cho {} điểm: phải từ 0 đến điểm tối đa ({})", n(min_pct), n(points), n(max))
            }
            (RuleProblem::BandPoints { min_pct, points, max }, Lang::En) => {
                format!("band from {}% gives {} points: must be 0 to the maximum ({})", n(min_pct), n(points), n(max))
            }
            (RuleProblem::DuplicateThreshold(v), Lang::Vi) => format!("ngưỡng {}% xuất hiện hai lần", n(v)),
            (RuleProblem::DuplicateThreshold(v), Lang::En) => format!("threshold {}% appears twice", n(v)),
            (RuleProblem::Unsorted, Lang::Vi) => "các bậc phải xếp theo ngưỡng tăng dần".into(),
            (RuleProblem::Unsorted, Lang::En) => "bands must be in increasing order of threshold".into(),
            (RuleProblem::FewerPointsHigher { lower, higher }, Lang::Vi) => {
                format!("bậc từ {}% cho ít điểm hơn bậc từ {}%", n(higher), n(lower))
            }
            (RuleProblem::FewerPointsHigher { lower, higher }, Lang::En) => {
                format!("the band from {}% gives fewer points than the band from {}%", n(higher), n(lower))
            }
            (RuleProblem::BandSyntax(raw), Lang::Vi) => {
                format!("không hiểu bậc \"{raw}\": hãy viết ngưỡng=điểm, ví dụ 90=20")
            }
            (RuleProblem::BandSyntax(raw), Lang::En) => {
                format!("cannot read band \"{raw}\": write threshold=points, e.g. 90=20")
            }
        }
    }
}

/// A number as Vietnamese writes it: no trailing zeros, a decimal comma (87,5).
pub fn number(value: f64) -> String {
    let rounded = format!("{value:.2}");
    let trimmed = rounded.trim_end_matches('0').trim_end_matches('.');
    trimmed.replace('.', ",")
}

/// Reads a decimal typed with a comma or a point, and an optional trailing "%".
pub fn parse_number(raw: &str) -> Option<f64> {
    let cleaned = raw.trim().trim_end_matches('%').trim().replace(',', ".");
    cleaned.parse::<f64>().ok().filter(|v| v.is_finite())
}

/// Reads bands typed as "90=20; 80=15; 70=10" (semicolons or new lines between bands, in any
/// order) into increasing thresholds. Whether they make a rule is [`ScoringRule::check`]'s say.
pub fn parse_bands(raw: &str) -> Result<Vec<Band>, RuleProblem> {
    let mut bands = raw
        .split([';', '\n'])
        .map(str::trim)
        .filter(|part| !part.is_empty())
        .map(|part| {
            let (threshold, points) = part.split_once('=').ok_or_else(|| RuleProblem::BandSyntax(part.to_owned()))?;
            match (parse_number(threshold), parse_number(points)) {
                (Some(min_pct), Some(points)) => Ok(Band { min_pct, points }),
                _ => Err(RuleProblem::BandSyntax(part.to_owned())),
            }
        })
        .collect::<Result<Vec<Band>, RuleProblem>>()?;
    bands.sort_by(|a, b| a.min_pct.total_cmp(&b.min_pct));
    Ok(bands)
}

/// Bands as the form shows them again: highest first, "90=20; 80=15".
pub fn format_bands(bands: &[Band]) -> String {
    bands.iter().rev().map(|b| format!("{}={}", number(b.min_pct), number(b.points))).collect::<Vec<_>>().join("; ")
}

impl ScoringRule {
    pub fn check(&self) -> Result<(), RuleProblem> {
        // Written so that NaN fails too.
        let max_ok = self.max_points > 0.0 && self.max_points <= 100.0;
        if !max_ok {
            return Err(RuleProblem::MaxPoints(self.max_points));
        }
        if !(1..=10_000).contains(&self.min_n) {
            return Err(RuleProblem::MinN(self.min_n));
        }
        match &self.method {
            Method::Linear { target_pct } => {
                let target_ok = *target_pct > 0.0 && *target_pct <= 100.0;
                if !target_ok {
                    return Err(RuleProblem::Target(*target_pct));
                }
            }
            Method::Bands(bands) => check_bands(bands, self.max_points)?,
        }
        Ok(())
    }

    /// The score of a unit whose index is `index_pct` (none: no valid answer) over `n`
    /// responses, standing `quota` against the quota rule.
    pub fn score(&self, index_pct: Option<f64>, n: u64, quota: QuotaStatus) -> Score {
        let unscored = |reason| Score { points: None, meets_standard: false, reason };
        if self.require_quota {
            match quota {
                // Breaking the rule is a result, not a lack of data: it earns nothing.
                QuotaStatus::Under => {
                    return Score { points: Some(0.0), meets_standard: false, reason: Reason::QuotaUnder };
                }
                QuotaStatus::Over => {
                    return Score { points: Some(0.0), meets_standard: false, reason: Reason::QuotaOver };
                }
                QuotaStatus::NoData => return unscored(Reason::NoVisitorCount),
                QuotaStatus::Within => {}
            }
        }
        if n < u64::from(self.min_n) {
            return unscored(Reason::TooFew { n, min_n: self.min_n });
        }
        let Some(pct) = index_pct else { return unscored(Reason::NoAnswers) };
        match &self.method {
            Method::Linear { target_pct } => {
                if pct + SLACK >= *target_pct {
                    Score { points: Some(self.max_points), meets_standard: true, reason: Reason::AtTarget(*target_pct) }
                } else {
                    let points = round2(self.max_points * pct / target_pct);
                    Score { points: Some(points), meets_standard: false, reason: Reason::BelowTarget(*target_pct) }
                }
            }
            Method::Bands(bands) => match bands.iter().rposition(|b| pct + SLACK >= b.min_pct) {
                Some(i) => Score {
                    points: Some(bands[i].points),
                    meets_standard: i + 1 == bands.len(),
                    reason: Reason::Band(bands[i].min_pct),
                },
                None => Score {
                    points: Some(0.0),
                    meets_standard: false,
                    reason: Reason::BelowBands(bands.first().map_or(0.0, |b| b.min_pct)),
                },
            },
        }
    }

    /// The index a unit needs to meet the standard: the target, or the highest band.
    pub fn standard_pct(&self) -> f64 {
        match &self.method {
            Method::Linear { target_pct } => *target_pct,
            Method::Bands(bands) => bands.last().map_or(100.0, |b| b.min_pct),
        }
    }

    pub fn describe(&self, lang: Lang) -> String {
        let max = number(self.max_points);
        let method = match (&self.method, lang) {
            (Method::Linear { target_pct }, Lang::Vi) => format!(
                "đủ {max} điểm khi chỉ số hài lòng từ {}% trở lên, thấp hơn thì tính theo tỷ lệ (chỉ số ÷ {}% × {max})",
                number(*target_pct),
                number(*target_pct)
            ),
            (Method::Linear { target_pct }, Lang::En) => format!(
                "{max} points at or above {}% satisfied, else proportional (index ÷ {}% × {max})",
                number(*target_pct),
                number(*target_pct)
            ),
            (Method::Bands(bands), Lang::Vi) => {
                format!("theo bậc (ngưỡng=điểm): {}; dưới bậc thấp nhất 0 điểm; tối đa {max} điểm", format_bands(bands))
            }
            (Method::Bands(bands), Lang::En) => format!(
                "by band (threshold=points): {}; below the lowest, 0 points; at most {max}",
                format_bands(bands)
            ),
        };
        let (quota, min_n) = match lang {
            Lang::Vi => (
                if self.require_quota {
                    "phải đạt quy định số phiếu"
                } else {
                    "không xét quy định số phiếu"
                },
                format!("cần ít nhất {} phiếu", self.min_n),
            ),
            Lang::En => (
                if self.require_quota { "the quota rule must be met" } else { "the quota rule is not a condition" },
                format!("at least {} responses", self.min_n),
            ),
        };
        format!("{method}; {min_n}; {quota}")
    }
}

fn check_bands(bands: &[Band], max: f64) -> Result<(), RuleProblem> {
    if bands.is_empty() {
        return Err(RuleProblem::NoBands);
    }
    if bands.len() > MAX_BANDS {
        return Err(RuleProblem::TooManyBands);
    }
    for band in bands {
        if !(0.0..=100.0).contains(&band.min_pct) {
            return Err(RuleProblem::BandThreshold(band.min_pct));
        }
        if !(0.0..=max).contains(&band.points) {
            return Err(RuleProblem::BandPoints { min_pct: band.min_pct, points: band.points, max });
        }
    }
    for pair in bands.windows(2) {
        let (lower, higher) = (pair[0], pair[1]);
        match higher.min_pct.total_cmp(&lower.min_pct) {
            Ordering::Equal => return Err(RuleProblem::DuplicateThreshold(lower.min_pct)),
            Ordering::Less => return Err(RuleProblem::Unsorted),
            Ordering::Greater if higher.points < lower.points => {
                return Err(RuleProblem::FewerPointsHigher { lower: lower.min_pct, higher: higher.min_pct });
            }
            Ordering::Greater => {}
        }
    }
    Ok(())
}

fn round2(value: f64) -> f64 {
    (value * 100.0).round() / 100.0
}

/// A unit's criterion-5 points. `points` is none when there is not enough data to score:
/// missing is not zero.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Score {
    pub points: Option<f64>,
    pub meets_standard: bool,
    pub reason: Reason,
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Reason {
    QuotaUnder,
    QuotaOver,
    NoVisitorCount,
    TooFew { n: u64, min_n: u32 },
    NoAnswers,
    AtTarget(f64),
    BelowTarget(f64),
    Band(f64),
    BelowBands(f64),
}

impl Reason {
    pub fn message(&self, lang: Lang) -> String {
        match (self, lang) {
            (Reason::QuotaUnder, Lang::Vi) => {
                "0 điểm: số phiếu thấp hơn quy định so với số lượt người dân đến giao dịch".into()
            }
            (Reason::QuotaUnder, Lang::En) => "0 points: fewer responses than the quota rule asks for".into(),
            (Reason::QuotaOver, Lang::Vi) => {
                "0 điểm: số phiếu vượt quá quy định so với số lượt người dân đến giao dịch".into()
            }
            (Reason::QuotaOver, Lang::En) => "0 points: more responses than the quota rule allows".into(),
            (Reason::NoVisitorCount, Lang::Vi) => {
                "chưa đủ dữ liệu: chưa có số lượt người dân đến giao dịch để xét quy định số phiếu".into()
            }
            (Reason::NoVisitorCount, Lang::En) => "not enough data: no visitor count to judge the quota rule".into(),
            (Reason::TooFew { n, min_n }, Lang::Vi) => format!("chưa đủ dữ liệu: {n} phiếu, cần ít nhất {min_n}"),
            (Reason::TooFew { n, min_n }, Lang::En) => format!("not enough data: {n} responses, {min_n} needed"),
            (Reason::NoAnswers, Lang::Vi) => "chưa đủ dữ liệu: chưa có câu trả lời hợp lệ".into(),
            (Reason::NoAnswers, Lang::En) => "not enough data: no valid answer".into(),
            (Reason::AtTarget(t), Lang::Vi) => format!("đạt mục tiêu {}%: đủ điểm", number(*t)),
            (Reason::AtTarget(t), Lang::En) => format!("meets the {}% target: full points", number(*t)),
            (Reason::BelowTarget(t), Lang::Vi) => format!("dưới mục tiêu {}%: điểm theo tỷ lệ", number(*t)),
            (Reason::BelowTarget(t), Lang::En) => format!("below the {}% target: proportional points", number(*t)),
            (Reason::Band(t), Lang::Vi) => format!("bậc từ {}%", number(*t)),
            (Reason::Band(t), Lang::En) => format!("band from {}%", number(*t)),
            (Reason::BelowBands(t), Lang::Vi) => format!("0 điểm: dưới bậc thấp nhất ({}%)", number(*t)),
            (Reason::BelowBands(t), Lang::En) => format!("0 points: below the lowest band ({}%)", number(*t)),
        }
    }
}

/// Best first, scored before unscored: by points, then index, then responses.
pub fn compare_scores(a: (&Score, Option<f64>, u64), b: (&Score, Option<f64>, u64)) -> Ordering {
    let key = |p: Option<f64>| p.unwrap_or(f64::NEG_INFINITY);
    key(b.0.points).total_cmp(&key(a.0.points)).then_with(|| key(b.1).total_cmp(&key(a.1))).then_with(|| b.2.cmp(&a.2))
}

/// A working group's record over a campaign: the basis for proposing it as exemplary.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct GroupRecord {
    pub quota: QuotaStatus,
    /// Campaign days with a filed field report.
    pub days_reported: u32,
    /// Campaign days so far.
    pub days: u32,
    pub responses: u64,
    pub visitors: Option<u64>,
}

impl GroupRecord {
    /// Only a group that met the quota rule and reported at least once can be exemplary.
    pub fn is_candidate(&self) -> bool {
        self.quota == QuotaStatus::Within && self.days_reported > 0
    }

    /// Share of campaign days with a report, in percent.
    pub fn reporting_pct(&self) -> f64 {
        if self.days == 0 { 0.0 } else { 100.0 * f64::from(self.days_reported.min(self.days)) / f64::from(self.days) }
    }

    /// How far responses are from visitors, in percent of visitors: 0 means every visitor
    /// answered once. Too many answers are as far off as too few.
    pub fn gap_pct(&self) -> f64 {
        let visitors = self.visitors.unwrap_or_default();
        100.0 * self.responses.abs_diff(visitors) as f64 / visitors.max(1) as f64
    }
}

/// Most exemplary first: more days reported, then responses closer to visitors; the caller
/// breaks what remains by unit code.
pub fn compare_groups(a: &GroupRecord, b: &GroupRecord) -> Ordering {
    b.reporting_pct().total_cmp(&a.reporting_pct()).then_with(|| a.gap_pct().total_cmp(&b.gap_pct()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bands(rule: &[(f64, f64)]) -> ScoringRule {
        ScoringRule {
            method: Method::Bands(rule.iter().map(|&(min_pct, points)| Band { min_pct, points }).collect()),
            ..ScoringRule::default()
        }
    }

    #[test]
    fn the_default_is_766s_target_rule_on_20_points() {
        let rule = ScoringRule::default();
        assert!(rule.check().is_ok());
        // 27 of 30 satisfied is exactly 90%: full points, meets the standard.
        let full = rule.score(Some(100.0 * 27.0 / 30.0), 30, QuotaStatus::Within);
        assert_eq!((full.points, full.meets_standard), (Some(20.0), true));
        assert_eq!(full.reason, Reason::AtTarget(90.0));
        // 85% against 90%: 20 × 85 / 90 = 18.888… → 18.89.
        let part = rule.score(Some(85.0), 40, QuotaStatus::Within);
        assert_eq!((part.points, part.meets_standard), (Some(18.89), false));
        // 45%: 20 × 45 / 90 = 10.
        assert_eq!(rule.score(Some(45.0), 40, QuotaStatus::Within).points, Some(10.0));
        assert_eq!(rule.score(Some(100.0), 40, QuotaStatus::Within).points, Some(20.0), "never above the maximum");
    }

    #[test]
    fn too_few_responses_or_no_answer_is_not_enough_data_never_zero() {
        let rule = ScoringRule::default();
        let few = rule.score(Some(100.0), 19, QuotaStatus::Within);
        assert_eq!((few.points, few.meets_standard), (None, false));
        assert_eq!(few.reason, Reason::TooFew { n: 19, min_n: 20 });
        assert!(few.reason.message(Lang::Vi).starts_with("chưa đủ dữ liệu"));
        assert_eq!(rule.score(None, 25, QuotaStatus::Within).reason, Reason::NoAnswers);
        assert_eq!(rule.score(Some(95.0), 25, QuotaStatus::NoData).points, None, "the quota cannot be judged");
    }

    #[test]
    fn breaking_the_quota_rule_earns_nothing_when_it_is_a_condition() {
        let rule = ScoringRule::default();
        for (status, reason) in [(QuotaStatus::Under, Reason::QuotaUnder), (QuotaStatus::Over, Reason::QuotaOver)] {
            let score = rule.score(Some(98.0), 300, status);
            assert_eq!((score.points, score.meets_standard, score.reason), (Some(0.0), false, reason));
        }
        // Even on few responses: collecting too few is the failure, not a lack of data.
        assert_eq!(rule.score(Some(98.0), 5, QuotaStatus::Under).points, Some(0.0));
        assert!(Reason::QuotaOver.message(Lang::Vi).starts_with("0 điểm: số phiếu vượt"));
        let lenient = ScoringRule { require_quota: false, ..ScoringRule::default() };
        assert_eq!(lenient.score(Some(98.0), 300, QuotaStatus::Under).points, Some(20.0));
        assert_eq!(lenient.score(Some(98.0), 300, QuotaStatus::NoData).points, Some(20.0));
    }

    #[test]
    fn bands_give_the_points_of_the_highest_band_reached() {
        let rule = bands(&[(70.0, 10.0), (80.0, 15.0), (90.0, 20.0)]);
        assert!(rule.check().is_ok());
        let at = |pct| rule.score(Some(pct), 50, QuotaStatus::Within);
        assert_eq!((at(95.0).points, at(95.0).meets_standard), (Some(20.0), true));
        assert_eq!((at(90.0).points, at(90.0).reason), (Some(20.0), Reason::Band(90.0)));
        assert_eq!((at(89.9).points, at(89.9).meets_standard), (Some(15.0), false));
        assert_eq!(at(70.0).points, Some(10.0));
        assert_eq!((at(69.9).points, at(69.9).reason), (Some(0.0), Reason::BelowBands(70.0)));
        assert_eq!(rule.standard_pct(), 90.0);
    }

    #[test]
    fn bands_are_read_in_any_order_with_decimal_commas() {
        let read = parse_bands("90=20; 70%=10\n 87,5 = 17,5").unwrap();
        let pairs: Vec<(f64, f64)> = read.iter().map(|b| (b.min_pct, b.points)).collect();
        assert_eq!(pairs, [(70.0, 10.0), (87.5, 17.5), (90.0, 20.0)]);
        assert_eq!(format_bands(&read), "90=20; 87,5=17,5; 70=10");
        assert_eq!(parse_bands("90:20"), Err(RuleProblem::BandSyntax("90:20".into())));
        assert_eq!(parse_bands("chín mươi=20"), Err(RuleProblem::BandSyntax("chín mươi=20".into())));
        assert_eq!(parse_bands(" ; "), Ok(vec![]));
    }

    #[test]
    fn unusable_rules_are_refused_with_a_reason() {
        let linear = |target_pct| ScoringRule { method: Method::Linear { target_pct }, ..ScoringRule::default() };
        assert_eq!(linear(0.0).check(), Err(RuleProblem::Target(0.0)));
        assert_eq!(linear(120.0).check(), Err(RuleProblem::Target(120.0)));
        assert!(linear(100.0).check().is_ok());
        assert_eq!(linear(f64::NAN).check().map_err(|p| matches!(p, RuleProblem::Target(_))), Err(true));
        assert_eq!(ScoringRule { max_points: 0.0, ..ScoringRule::default() }.check(), Err(RuleProblem::MaxPoints(0.0)));
        assert_eq!(ScoringRule { min_n: 0, ..ScoringRule::default() }.check(), Err(RuleProblem::MinN(0)));
        assert_eq!(bands(&[]).check(), Err(RuleProblem::NoBands));
        assert_eq!(
            bands(&[(80.0, 25.0)]).check(),
            Err(RuleProblem::BandPoints { min_pct: 80.0, points: 25.0, max: 20.0 })
        );
        assert_eq!(bands(&[(80.0, 15.0), (80.0, 20.0)]).check(), Err(RuleProblem::DuplicateThreshold(80.0)));
        assert_eq!(bands(&[(90.0, 20.0), (80.0, 15.0)]).check(), Err(RuleProblem::Unsorted));
        assert_eq!(
            bands(&[(80.0, 15.0), (90.0, 10.0)]).check(),
            Err(RuleProblem::FewerPointsHigher { lower: 80.0, higher: 90.0 })
        );
        assert_eq!(bands(&[(101.0, 20.0)]).check(), Err(RuleProblem::BandThreshold(101.0)));
        assert_eq!(
            RuleProblem::FewerPointsHigher { lower: 80.0, higher: 90.0 }.message(Lang::Vi),
            "bậc từ 90% cho ít điểm hơn bậc từ 80%"
        );
    }

    #[test]
    fn a_rule_survives_its_json() {
        let rule = bands(&[(80.0, 15.0), (90.0, 20.0)]);
        let json = serde_json::to_string(&rule).unwrap();
        assert_eq!(serde_json::from_str::<ScoringRule>(&json).unwrap(), rule);
        let default = serde_json::to_string(&ScoringRule::default()).unwrap();
        assert_eq!(
            default,
            r#"{"max_points":20.0,"method":{"linear":{"target_pct":90.0}},"require_quota":true,"min_n":20}"#
        );
    }

    #[test]
    fn units_are_ordered_by_points_then_index_then_responses_unscored_last() {
        let rule = ScoringRule::default();
        let a = rule.score(Some(92.0), 30, QuotaStatus::Within);
        let b = rule.score(Some(95.0), 30, QuotaStatus::Within);
        let c = rule.score(Some(80.0), 30, QuotaStatus::Within);
        let none = rule.score(Some(99.0), 3, QuotaStatus::Within);
        let mut rows = [(&none, Some(99.0), 3), (&c, Some(80.0), 30), (&a, Some(92.0), 30), (&b, Some(95.0), 30)];
        rows.sort_by(|x, y| compare_scores(*x, *y));
        let order: Vec<Option<f64>> = rows.iter().map(|r| r.1).collect();
        assert_eq!(order, [Some(95.0), Some(92.0), Some(80.0), Some(99.0)]);
    }

    #[test]
    fn exemplary_groups_report_every_day_and_match_their_visitors() {
        let group = |days_reported, responses, visitors| GroupRecord {
            quota: QuotaStatus::Within,
            days_reported,
            days: 3,
            responses,
            visitors: Some(visitors),
        };
        let every_day_close = group(3, 38, 40); // 100% of days, 5% gap
        let every_day_far = group(3, 25, 40); // 100% of days, 37.5% gap
        let two_days = group(2, 40, 40); // 66.7% of days
        assert!((every_day_far.gap_pct() - 37.5).abs() < 1e-9);
        assert!((two_days.reporting_pct() - 66.666).abs() < 0.01);
        let mut groups = [two_days, every_day_far, every_day_close];
        groups.sort_by(compare_groups);
        assert_eq!(groups, [every_day_close, every_day_far, two_days]);
        // Too many answers are as far off as too few.
        assert_eq!(group(3, 50, 40).gap_pct(), group(3, 30, 40).gap_pct());
        assert!(!GroupRecord { quota: QuotaStatus::Over, ..every_day_close }.is_candidate());
        assert!(!group(0, 40, 40).is_candidate(), "no report, no proposal");
    }

    #[test]
    fn numbers_read_and_write_the_vietnamese_way() {
        assert_eq!(number(18.888), "18,89");
        assert_eq!(number(20.0), "20");
        assert_eq!(number(87.5), "87,5");
        assert_eq!(parse_number(" 87,5 % "), Some(87.5));
        assert_eq!(parse_number("inf"), None);
    }
}
