//! The recognition page (units scored for criterion 5, exemplary working groups) and the
//! scoring-rule fields of the campaign edit form.

use app::staff::{ExemplaryGroup, Recognition, UnitScore};
use askama::Template;
use domain::quota::QuotaStatus;
use domain::recognition::{DEFAULT_TARGET_PCT, Method, ScoringRule, format_bands, number};
use domain::text::Lang;

use crate::i18n::{self, MonitorWords, RecognitionWords, Staff};
use crate::pages::staff::{PageContext, count, decimal};
use crate::view::ViewSwitch;

#[derive(Debug)]
pub struct ScoreRow {
    pub code: String,
    pub name: String,
    pub parent: Option<String>,
    pub index: String,
    pub formula: &'static str,
    pub n: String,
    pub visitors: String,
    pub quota: &'static str,
    pub quota_code: &'static str,
    pub points: String,
    pub meets: bool,
    pub reason: String,
}

impl ScoreRow {
    fn new(u: &UnitScore, lang: Lang, t: &Staff, m: &MonitorWords, r: &RecognitionWords) -> Self {
        let (quota, quota_code) = quota_words(u.quota, m);
        ScoreRow {
            code: u.point.code.to_string(),
            name: u.point.name.clone(),
            parent: u.parent.clone(),
            index: u.index.percent.map_or_else(|| t.no_data.to_owned(), |p| format!("{}%", decimal(p, 1))),
            formula: u.index.formula.id(),
            n: count(u.responses),
            visitors: u.visitors.map_or_else(|| "—".into(), count),
            quota,
            quota_code,
            points: u.score.points.map_or_else(|| r.no_points.to_owned(), number),
            meets: u.score.meets_standard,
            reason: u.score.reason.message(lang),
        }
    }
}

fn quota_words(status: QuotaStatus, m: &MonitorWords) -> (&'static str, &'static str) {
    match status {
        QuotaStatus::NoData => (m.quota_no_data, "none"),
        QuotaStatus::Under => (m.quota_under, "under"),
        QuotaStatus::Within => (m.quota_within, "within"),
        QuotaStatus::Over => (m.quota_over, "over"),
    }
}

#[derive(Debug)]
pub struct GroupRow {
    pub rank: usize,
    pub code: String,
    pub name: String,
    pub parent: Option<String>,
    pub reported: String,
    pub gap: String,
    pub n: String,
    pub visitors: String,
    pub assisted: String,
}

impl GroupRow {
    fn new(rank: usize, g: &ExemplaryGroup, r: &RecognitionWords) -> Self {
        let record = &g.record;
        GroupRow {
            rank,
            code: g.point.code.to_string(),
            name: g.point.name.clone(),
            parent: g.parent.clone(),
            reported: format!(
                "{}/{} {} ({}%)",
                record.days_reported,
                record.days,
                r.days_unit,
                decimal(record.reporting_pct(), 0)
            ),
            gap: format!("{}%", decimal(record.gap_pct(), 1)),
            n: count(i64::try_from(record.responses).unwrap_or(i64::MAX)),
            visitors: record.visitors.map_or_else(|| "—".into(), |v| count(i64::try_from(v).unwrap_or(i64::MAX))),
            assisted: count(g.assisted),
        }
    }
}

#[derive(Template, Debug)]
#[template(path = "staff/recognition.html")]
pub struct RecognitionPage {
    pub t: &'static Staff,
    pub r: &'static RecognitionWords,
    pub ctx: PageContext,
    pub code: String,
    pub name: String,
    pub rule: String,
    pub quota_rule: String,
    pub standard: String,
    pub meeting: String,
    pub scored: String,
    pub points_count: String,
    pub rows: Vec<ScoreRow>,
    pub groups: Vec<GroupRow>,
    pub can_manage: bool,
    pub view_switch: ViewSwitch,
}

impl RecognitionPage {
    pub fn new(lang: Lang, ctx: PageContext, rec: &Recognition) -> Self {
        let (t, m, r) = (i18n::staff(lang), i18n::monitor(lang), i18n::recognition(lang));
        RecognitionPage {
            t,
            r,
            ctx,
            code: rec.campaign.code.to_string(),
            name: rec.campaign.name.clone(),
            view_switch: ViewSwitch::new(
                rec.view,
                lang,
                &format!("/admin/campaigns/{}/recognition", rec.campaign.code),
            ),
            rule: rec.rule.describe(lang),
            quota_rule: rec.quota.describe(lang),
            standard: format!("{}%", number(rec.rule.standard_pct())),
            meeting: count(rec.meeting_standard() as i64),
            scored: count(rec.units.iter().filter(|u| u.score.points.is_some()).count() as i64),
            points_count: count(rec.units.len() as i64),
            rows: rec.units.iter().map(|u| ScoreRow::new(u, lang, t, m, r)).collect(),
            groups: rec.exemplary.iter().enumerate().map(|(i, g)| GroupRow::new(i + 1, g, r)).collect(),
            can_manage: false,
        }
    }
}

/// The scoring rule's fields on the campaign edit form, as shown or as typed.
#[derive(Debug)]
pub struct ScoringFields {
    pub r: &'static RecognitionWords,
    pub max_points: String,
    pub linear: bool,
    pub target: String,
    pub bands: String,
    pub min_n: String,
    pub require_quota: bool,
}

impl ScoringFields {
    pub fn from_rule(rule: &ScoringRule, lang: Lang) -> Self {
        let (linear, target, bands) = match &rule.method {
            Method::Linear { target_pct } => (true, number(*target_pct), String::new()),
            Method::Bands(bands) => (false, number(DEFAULT_TARGET_PCT), format_bands(bands)),
        };
        ScoringFields {
            r: i18n::recognition(lang),
            max_points: number(rule.max_points),
            linear,
            target,
            bands,
            min_n: rule.min_n.to_string(),
            require_quota: rule.require_quota,
        }
    }
}
