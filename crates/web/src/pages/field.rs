//! Field pages: visitor counts, daily field reports, paper batches, the slip entry screen and
//! the double-entry comparison.

use app::staff::{FieldDesk, LineError, Mismatch, PaperDesk};
use app::store::{FieldReportRecord, PaperBatchRecord, PaperSource, VisitorCountRecord};
use askama::Template;
use domain::instruments::ItemKind;

use crate::i18n::{self, FieldWords, Staff};
use crate::pages::staff::{PageContext, count};
use crate::session::StaffRequest;

/// What every field page shows above its content.
#[derive(Debug)]
pub struct FieldHead {
    pub f: &'static FieldWords,
    pub here: String,
    pub csrf: String,
    pub code: String,
    pub campaign: String,
    /// Campaign days up to today, newest first, as `YYYY-MM-DD`.
    pub days: Vec<String>,
    pub points: Vec<PointOption>,
}

#[derive(Debug)]
pub struct PointOption {
    pub id: i64,
    pub label: String,
}

impl FieldHead {
    pub fn new(who: &StaffRequest, desk: &FieldDesk, here: &str) -> Self {
        FieldHead {
            f: i18n::field(who.lang),
            here: here.to_owned(),
            csrf: who.staff.user().csrf_token.clone(),
            code: desk.campaign.code.to_string(),
            campaign: desk.campaign.name.clone(),
            days: desk.days.iter().rev().map(ToString::to_string).collect(),
            points: desk
                .points
                .iter()
                .map(|p| PointOption { id: p.id, label: format!("{} ({})", p.name, p.code) })
                .collect(),
        }
    }

    fn point_name(&self, id: i64) -> String {
        self.points.iter().find(|p| p.id == id).map(|p| p.label.clone()).unwrap_or_default()
    }
}

/// Problems of an uploaded file: the file itself, or lines of it.
#[derive(Debug, Default)]
pub struct ImportProblems {
    pub file: Option<String>,
    pub lines: Vec<LineError>,
}

impl ImportProblems {
    pub fn any(&self) -> bool {
        self.file.is_some() || !self.lines.is_empty()
    }
}

#[derive(Debug)]
pub struct VisitorRow {
    pub point_id: i64,
    pub label: String,
    pub value: String,
}

#[derive(Debug)]
pub struct VisitorHistoryRow {
    pub day: String,
    pub point: String,
    pub visitors: String,
    pub by: String,
    pub at: String,
}

#[derive(Template, Debug)]
#[template(path = "field/visitors.html")]
pub struct VisitorsPage {
    pub t: &'static Staff,
    pub ctx: PageContext,
    pub head: FieldHead,
    pub day: String,
    pub rows: Vec<VisitorRow>,
    pub history: Vec<VisitorHistoryRow>,
    pub problems: ImportProblems,
    pub message: Option<String>,
    pub error: Option<String>,
}

impl VisitorsPage {
    pub fn new(who: &StaffRequest, head: FieldHead, day: jiff::civil::Date, counts: &[VisitorCountRecord]) -> Self {
        let rows = head
            .points
            .iter()
            .map(|p| VisitorRow {
                point_id: p.id,
                label: p.label.clone(),
                value: counts
                    .iter()
                    .find(|c| c.point_id == p.id && c.day == day)
                    .map(|c| c.visitors.to_string())
                    .unwrap_or_default(),
            })
            .collect();
        let history = counts
            .iter()
            .rev()
            .map(|c| VisitorHistoryRow {
                day: c.day.to_string(),
                point: head.point_name(c.point_id),
                visitors: count(c.visitors),
                by: c.entered_by.clone().unwrap_or_default(),
                at: domain::time::format_instant_vi(c.entered_at),
            })
            .collect();
        VisitorsPage {
            t: i18n::staff(who.lang),
            ctx: PageContext::staff(who, "field", &head.here),
            head,
            day: day.to_string(),
            rows,
            history,
            problems: ImportProblems::default(),
            message: None,
            error: None,
        }
    }
}

#[derive(Debug)]
pub struct ReportRow {
    pub point: String,
    pub assisted: String,
    pub notes: String,
    pub by: String,
    pub at: String,
    pub photos: Vec<i64>,
}

#[derive(Template, Debug)]
#[template(path = "field/reports.html")]
pub struct ReportsPage {
    pub t: &'static Staff,
    pub ctx: PageContext,
    pub head: FieldHead,
    pub day: String,
    pub reports: Vec<ReportRow>,
    pub missing: Vec<String>,
    pub may_file: bool,
    pub message: Option<String>,
    pub error: Option<String>,
}

impl ReportsPage {
    pub fn new(
        who: &StaffRequest,
        head: FieldHead,
        day: jiff::civil::Date,
        reports: &[FieldReportRecord],
        missing: Vec<String>,
    ) -> Self {
        let reports = reports
            .iter()
            .map(|r| ReportRow {
                point: head.point_name(r.point_id),
                assisted: count(r.assisted),
                notes: r.notes.clone(),
                by: r.filed_by.clone().unwrap_or_default(),
                at: domain::time::format_instant_vi(r.filed_at),
                photos: r.photo_ids.clone(),
            })
            .collect();
        ReportsPage {
            t: i18n::staff(who.lang),
            ctx: PageContext::staff(who, "field", &head.here),
            head,
            day: day.to_string(),
            reports,
            missing,
            may_file: false,
            message: None,
            error: None,
        }
    }
}

#[derive(Debug)]
pub struct BatchRow {
    pub id: i64,
    pub point: String,
    pub day: String,
    pub clerk: String,
    pub source: &'static str,
    pub slips: String,
    pub at: String,
}

#[derive(Template, Debug)]
#[template(path = "field/paper.html")]
pub struct PaperPage {
    pub t: &'static Staff,
    pub ctx: PageContext,
    pub head: FieldHead,
    pub batches: Vec<BatchRow>,
    pub problems: ImportProblems,
    pub message: Option<String>,
    pub error: Option<String>,
}

impl PaperPage {
    pub fn new(who: &StaffRequest, head: FieldHead, batches: &[PaperBatchRecord]) -> Self {
        let f = head.f;
        let batches = batches
            .iter()
            .map(|b| BatchRow {
                id: b.id,
                point: head.point_name(b.point_id),
                day: b.day.to_string(),
                clerk: b.clerk.clone(),
                source: match b.source {
                    PaperSource::Keyboard => f.source_keyboard,
                    PaperSource::Import => f.source_import,
                },
                slips: count(b.slips),
                at: domain::time::format_instant_vi(b.created_at),
            })
            .collect();
        PaperPage {
            t: i18n::staff(who.lang),
            ctx: PageContext::staff(who, "field", &head.here),
            head,
            batches,
            problems: ImportProblems::default(),
            message: None,
            error: None,
        }
    }
}

/// One question of the slip entry screen: a digit field for levels, a text box for comments.
#[derive(Debug)]
pub struct SlipQuestion {
    pub code: String,
    pub number: usize,
    pub text: String,
    pub is_text: bool,
    /// "1 Rất không hài lòng · … · 5 Rất hài lòng"
    pub levels: String,
    pub pattern: String,
    pub value: String,
}

#[derive(Template, Debug)]
#[template(path = "field/batch.html")]
pub struct BatchPage {
    pub t: &'static Staff,
    pub f: &'static FieldWords,
    pub ctx: PageContext,
    pub csrf: String,
    pub id: i64,
    pub code: String,
    pub campaign: String,
    pub point: String,
    pub day: String,
    pub clerk: String,
    pub slips: String,
    pub check: bool,
    pub serial: String,
    pub questions: Vec<SlipQuestion>,
    pub message: Option<String>,
    pub error: Option<String>,
}

impl BatchPage {
    pub fn new(who: &StaffRequest, desk: &PaperDesk, check: bool, kept: &[(String, String)]) -> Self {
        let lang = who.lang;
        let instrument = &desk.instrument.instrument;
        let kept_value = |code: &str| kept.iter().find(|(k, _)| k == code).map(|(_, v)| v.clone()).unwrap_or_default();
        let questions = instrument
            .items()
            .enumerate()
            .map(|(i, item)| {
                let scale = instrument.scale_of(item);
                let levels: Vec<String> = scale
                    .map(|s| s.levels.iter().map(|l| format!("{} {}", l.value, l.label().get(lang))).collect())
                    .unwrap_or_default();
                let digits: String =
                    scale.map(|s| s.levels.iter().map(|l| l.value.to_string()).collect()).unwrap_or_default();
                SlipQuestion {
                    code: item.code.clone(),
                    number: i + 1,
                    text: item.short.as_ref().unwrap_or(&item.text).get(lang).to_owned(),
                    is_text: item.kind == ItemKind::Text,
                    levels: levels.join(" · "),
                    pattern: format!("[{digits}]?"),
                    value: kept_value(&item.code),
                }
            })
            .collect();
        BatchPage {
            t: i18n::staff(lang),
            f: i18n::field(lang),
            ctx: PageContext::staff(who, "field", &format!("/admin/paper/{}", desk.batch.id)),
            csrf: who.staff.user().csrf_token.clone(),
            id: desk.batch.id,
            code: desk.campaign.code.to_string(),
            campaign: desk.campaign.name.clone(),
            point: desk.point.name.clone(),
            day: desk.batch.day.to_string(),
            clerk: desk.batch.clerk.clone(),
            slips: count(desk.batch.slips),
            check,
            serial: kept_value("_serial"),
            questions,
            message: None,
            error: None,
        }
    }
}

#[derive(Debug)]
pub struct MismatchRow {
    pub point: String,
    pub serial: String,
    pub entered_by: String,
    pub checked_by: String,
    pub items: String,
}

#[derive(Template, Debug)]
#[template(path = "field/checks.html")]
pub struct ChecksPage {
    pub t: &'static Staff,
    pub ctx: PageContext,
    pub head: FieldHead,
    pub checked: String,
    pub rows: Vec<MismatchRow>,
    pub message: Option<String>,
    pub error: Option<String>,
}

impl ChecksPage {
    pub fn new(who: &StaffRequest, head: FieldHead, checked: usize, mismatches: Vec<Mismatch>) -> Self {
        let never = i18n::field(who.lang).never_entered;
        let rows = mismatches
            .into_iter()
            .map(|m| MismatchRow {
                items: if m.entered_by.is_none() { never.to_owned() } else { m.items.join(", ") },
                point: m.point,
                serial: m.serial,
                entered_by: m.entered_by.unwrap_or_default(),
                checked_by: m.checked_by,
            })
            .collect();
        ChecksPage {
            t: i18n::staff(who.lang),
            ctx: PageContext::staff(who, "field", &head.here),
            head,
            checked: count(checked as i64),
            rows,
            message: None,
            error: None,
        }
    }
}
