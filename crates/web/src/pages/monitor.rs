//! The live campaign monitor page, and the part of it that refreshes by itself.

use app::staff::{Flag, Monitor, PointStatus};
use askama::Template;
use domain::quota::QuotaStatus;
use domain::text::Lang;

use crate::i18n::{self, MonitorWords, Staff};
use crate::pages::staff::{PageContext, count};

/// Above this many points the monitor lists only those needing attention unless asked.
pub const LIST_ALL_UP_TO: usize = 300;

#[derive(Debug)]
pub struct MonitorRow {
    pub code: String,
    pub name: String,
    pub parent: Option<String>,
    pub today: String,
    pub total: String,
    pub visitors: String,
    pub quota: &'static str,
    pub quota_code: &'static str,
    pub flags: Vec<&'static str>,
    pub awaiting_review: String,
    pub reported: &'static str,
}

impl MonitorRow {
    fn new(p: &PointStatus, m: &MonitorWords) -> Self {
        let (quota, quota_code) = match p.quota {
            QuotaStatus::NoData => (m.quota_no_data, "none"),
            QuotaStatus::Under => (m.quota_under, "under"),
            QuotaStatus::Within => (m.quota_within, "within"),
            QuotaStatus::Over => (m.quota_over, "over"),
        };
        MonitorRow {
            code: p.point.code.to_string(),
            name: p.point.name.clone(),
            parent: p.parent.clone(),
            today: count(p.today),
            total: count(p.total),
            visitors: p.visitors.map_or_else(|| "—".into(), count),
            quota,
            quota_code,
            flags: p
                .flags
                .iter()
                .map(|f| match f {
                    Flag::PerfectOnSmallN => m.flag_perfect,
                    Flag::MoreThanVisitors => m.flag_more_than_visitors,
                    Flag::Burst => m.flag_burst,
                })
                .collect(),
            awaiting_review: count(p.awaiting_review),
            reported: if p.reported_today { m.reported_yes } else { m.reported_no },
        }
    }

    fn needs_attention(p: &PointStatus) -> bool {
        !p.flags.is_empty()
            || p.awaiting_review > 0
            || p.total == 0
            || matches!(p.quota, QuotaStatus::Under | QuotaStatus::Over)
    }
}

/// The figures that refresh: totals and the table.
#[derive(Template, Debug)]
#[template(path = "staff/monitor_live.html")]
pub struct MonitorLive {
    pub t: &'static Staff,
    pub m: &'static MonitorWords,
    pub day: String,
    pub at: String,
    pub today: String,
    pub total: String,
    pub without_responses: String,
    pub without_report: String,
    pub flagged: String,
    pub awaiting_review: String,
    /// The review queue, for those who decide on flagged responses.
    pub review_url: Option<String>,
    pub review_link: &'static str,
    pub limited: bool,
    pub rows: Vec<MonitorRow>,
}

impl MonitorLive {
    pub fn new(monitor: &Monitor, lang: Lang, all: bool) -> Self {
        let t = i18n::staff(lang);
        let m = i18n::monitor(lang);
        let limited = !all && monitor.points.len() > LIST_ALL_UP_TO;
        let rows = monitor
            .points
            .iter()
            .filter(|p| !limited || MonitorRow::needs_attention(p))
            .map(|p| MonitorRow::new(p, m))
            .collect();
        MonitorLive {
            t,
            m,
            day: domain::time::format_date_vi(monitor.day),
            at: domain::time::format_instant_vi(monitor.at),
            today: count(monitor.today),
            total: count(monitor.total),
            without_responses: count(monitor.without_responses as i64),
            without_report: count(monitor.without_report as i64),
            flagged: count(monitor.flagged as i64),
            awaiting_review: count(monitor.awaiting_review),
            review_url: None,
            review_link: i18n::review(lang).monitor_link,
            limited,
            rows,
        }
    }
}

#[derive(Template, Debug)]
#[template(path = "staff/monitor.html")]
pub struct MonitorPage {
    pub t: &'static Staff,
    pub m: &'static MonitorWords,
    pub ctx: PageContext,
    pub code: String,
    pub name: String,
    pub status: &'static str,
    pub status_code: &'static str,
    pub rule: String,
    pub here: String,
    pub live_url: String,
    pub limited: bool,
    pub script: &'static str,
    pub live: MonitorLive,
    /// Whether the reader may run the anomaly checks (organisers and admins).
    pub can_check: bool,
    /// After a run: responses read and newly flagged in the reader's scope.
    pub checked: Option<(String, String)>,
}
