//! Field work of a campaign as the points' clerks and working groups record it: daily visitor
//! counts (typed or imported) and daily field reports with a few photos. Organisers read
//! which points have reported today.

use std::collections::{HashMap, HashSet};

use domain::access::Permission;
use domain::campaigns::{Campaign, CampaignStatus};
use domain::units::Unit;
use jiff::civil::Date;
use store::{FieldReportRecord, NewFieldReport, NewPhoto, PhotoRecord, VisitorCount, VisitorCountRecord};

use super::Staff;
use crate::tables::{TableError, parse_day, read_table};
use crate::{AppError, Result};

/// Most visitors one desk can serve in a day; more is a typing mistake.
pub const MAX_VISITORS_PER_DAY: i64 = 10_000;
/// Photos a point's report may carry for one day.
pub const MAX_PHOTOS: usize = 4;
/// Largest photo accepted (a phone picture, downscaled by the page before upload if needed).
pub const MAX_PHOTO_BYTES: usize = 3 * 1024 * 1024;
/// Longest notes of a field report.
pub const MAX_NOTES_CHARS: usize = 4000;

/// A campaign, its points inside the scope, and its days up to today: what the field pages
/// offer to fill in.
#[derive(Debug, Clone)]
pub struct FieldDesk {
    pub campaign: Campaign,
    pub points: Vec<Unit>,
    pub days: Vec<Date>,
    pub today: Date,
}

impl FieldDesk {
    pub fn point(&self, id: i64) -> Option<&Unit> {
        self.points.iter().find(|p| p.id == id)
    }

    fn point_by_code(&self, code: &str) -> Option<&Unit> {
        self.points.iter().find(|p| p.code.as_str() == code)
    }

    fn check_day(&self, day: Date) -> Result<()> {
        if self.days.contains(&day) {
            Ok(())
        } else if day > self.today {
            Err(AppError::invalid(format!("ngày {day} chưa tới")))
        } else {
            Err(AppError::invalid(format!("ngày {day} không thuộc thời gian của đợt khảo sát")))
        }
    }
}

/// A typed visitor count, before it is checked.
#[derive(Debug, Clone)]
pub struct VisitorEntry {
    pub point_id: i64,
    pub day: Date,
    pub visitors: String,
}

/// An uploaded photo, before it is checked.
#[derive(Debug, Clone)]
pub struct Upload {
    pub file_name: String,
    pub bytes: Vec<u8>,
}

#[derive(Debug, Clone)]
pub struct FieldReportForm {
    pub point_id: i64,
    pub day: Date,
    pub assisted: String,
    pub notes: String,
    pub photos: Vec<Upload>,
}

/// The reports of one day across the scope, and the points still silent.
#[derive(Debug, Clone)]
pub struct FieldReportsPage {
    pub desk: FieldDesk,
    pub day: Date,
    pub reports: Vec<FieldReportRecord>,
    pub missing: Vec<Unit>,
}

/// Why an imported row was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LineError {
    pub line: usize,
    pub message: String,
}

#[derive(Debug, Clone)]
pub enum VisitorImport {
    /// Every row was valid and is now stored.
    Stored { rows: usize },
    /// Nothing stored: the file could not be read, or these lines are wrong.
    Refused { file: Option<TableError>, lines: Vec<LineError> },
}

impl Staff {
    /// Campaigns this user may enter field data for: open or closed, with points inside scope.
    pub async fn field_campaigns(&self) -> Result<Vec<Campaign>> {
        self.require(Permission::EnterData)?;
        let mut found = Vec::new();
        for summary in self.app().campaigns().await? {
            let campaign = summary.campaign;
            if !matches!(campaign.status, CampaignStatus::Open | CampaignStatus::Closed) {
                continue;
            }
            let points = self.app().store().campaign_points(campaign.id).await?;
            if self.scope().touches(points.iter().map(|p| p.id)) {
                found.push(campaign);
            }
        }
        Ok(found)
    }

    pub async fn field_desk(&self, code: &str) -> Result<FieldDesk> {
        self.require(Permission::EnterData)?;
        self.desk(code).await
    }

    async fn desk(&self, code: &str) -> Result<FieldDesk> {
        let campaign = self.visible_campaign(code).await?;
        let mut points = self.app().store().campaign_points(campaign.id).await?;
        points.retain(|p| self.scope().contains(p.id));
        let today = self.app().today();
        let days = match campaign.window.local_first_last() {
            (Some(first), last) => {
                let last = last.map_or(today, |l| l.min(today));
                first.series(jiff::ToSpan::days(1)).take_while(|d| *d <= last).collect()
            }
            // An always-on campaign: the last two weeks.
            (None, _) => (0..14).rev().filter_map(|back| today.checked_sub(jiff::ToSpan::days(back)).ok()).collect(),
        };
        Ok(FieldDesk { campaign, points, days, today })
    }

    /// Visitor counts entered so far for the points inside the scope.
    pub async fn visitor_counts(&self, code: &str) -> Result<(FieldDesk, Vec<VisitorCountRecord>)> {
        let desk = self.field_desk(code).await?;
        let mut counts = self.app().store().visitor_counts(desk.campaign.id).await?;
        counts.retain(|c| self.scope().contains(c.point_id));
        Ok((desk, counts))
    }

    /// Stores typed counts, all or nothing; blank entries are skipped.
    pub async fn set_visitor_counts(&self, code: &str, entries: Vec<VisitorEntry>) -> Result<usize> {
        let desk = self.field_desk(code).await?;
        let mut counts = Vec::new();
        for entry in entries.into_iter().filter(|e| !e.visitors.trim().is_empty()) {
            let point = desk.point(entry.point_id).ok_or_else(outside_campaign)?;
            desk.check_day(entry.day)?;
            let visitors =
                parse_visitors(&entry.visitors).map_err(|m| AppError::invalid(format!("{}: {m}", point.name)))?;
            counts.push(VisitorCount { point_id: point.id, day: entry.day, visitors });
        }
        self.store_visitor_counts(&desk, counts, "nhập tay").await
    }

    /// Imports counts from a CSV or XLSX file with columns for the point's code, the day and
    /// the number of visitors. Every line is checked before anything is stored.
    pub async fn import_visitor_counts(&self, code: &str, bytes: &[u8]) -> Result<VisitorImport> {
        let desk = self.field_desk(code).await?;
        let table = match read_table(bytes) {
            Ok(table) => table,
            Err(e) => return Ok(VisitorImport::Refused { file: Some(e), lines: vec![] }),
        };
        let (Some(point_col), Some(day_col), Some(count_col)) = (
            table.column(&["ma diem", "ma don vi", "ma", "point", "code"]),
            table.column(&["ngay", "day", "date"]),
            table.column(&["luot", "luot giao dich", "so luot", "visitors", "luot tiep nhan"]),
        ) else {
            let message = "thiếu cột: cần có \"Mã điểm\", \"Ngày\" và \"Lượt giao dịch\"".to_owned();
            return Ok(VisitorImport::Refused { file: None, lines: vec![LineError { line: 1, message }] });
        };
        let mut counts = Vec::new();
        let mut errors = Vec::new();
        let mut seen = HashMap::new();
        for (line, cells) in &table.rows {
            let cell = |i: usize| cells.get(i).map(String::as_str).unwrap_or_default();
            let mut fail = |message: String| errors.push(LineError { line: *line, message });
            let Some(point) = desk.point_by_code(cell(point_col)) else {
                fail(format!("mã điểm \"{}\" không thuộc đợt khảo sát trong phạm vi của bạn", cell(point_col)));
                continue;
            };
            let Some(day) = parse_day(cell(day_col)) else {
                fail(format!("ngày \"{}\" không đúng dạng (ví dụ 10/07/2024)", cell(day_col)));
                continue;
            };
            if let Err(e) = desk.check_day(day) {
                fail(e.to_string());
                continue;
            }
            let visitors = match parse_visitors(cell(count_col)) {
                Ok(v) => v,
                Err(m) => {
                    fail(m);
                    continue;
                }
            };
            if let Some(first) = seen.insert((point.id, day), *line) {
                fail(format!("trùng với dòng {first} (cùng điểm, cùng ngày)"));
                continue;
            }
            counts.push(VisitorCount { point_id: point.id, day, visitors });
        }
        if !errors.is_empty() {
            return Ok(VisitorImport::Refused { file: None, lines: errors });
        }
        let rows = self.store_visitor_counts(&desk, counts, "nhập từ tệp").await?;
        Ok(VisitorImport::Stored { rows })
    }

    async fn store_visitor_counts(&self, desk: &FieldDesk, counts: Vec<VisitorCount>, how: &str) -> Result<usize> {
        let n = counts.len();
        if n == 0 {
            return Err(AppError::invalid("chưa có số lượt nào được nhập"));
        }
        let app = self.app();
        app.store().set_visitor_counts(desk.campaign.id, counts, self.user().id, app.now()).await?;
        self.audit("visitors.set", desk.campaign.code.as_str(), format!("{n} số lượt giao dịch, {how}")).await?;
        Ok(n)
    }

    /// Files a point's report for a day; filing again the same day replaces the figures and
    /// notes and adds the new photos.
    pub async fn file_field_report(&self, code: &str, form: FieldReportForm) -> Result<()> {
        let desk = self.field_desk(code).await?;
        let point = desk.point(form.point_id).ok_or_else(outside_campaign)?.clone();
        desk.check_day(form.day)?;
        let assisted = form.assisted.trim().parse::<i64>().ok().filter(|n| (0..=MAX_VISITORS_PER_DAY).contains(n));
        let assisted = assisted.ok_or_else(|| AppError::invalid("số người được hỗ trợ phải là số nguyên từ 0"))?;
        let notes = domain::text::clean_paragraphs(form.notes.trim());
        if notes.chars().count() > MAX_NOTES_CHARS {
            return Err(AppError::invalid(format!("ghi chú dài quá {MAX_NOTES_CHARS} ký tự")));
        }
        let existing = self.app().store().field_reports(desk.campaign.id, Some(form.day)).await?;
        let already = existing.iter().find(|r| r.point_id == point.id).map_or(0, |r| r.photo_ids.len());
        let photos =
            form.photos.into_iter().filter(|p| !p.bytes.is_empty()).map(check_photo).collect::<Result<Vec<_>>>()?;
        if already + photos.len() > MAX_PHOTOS {
            return Err(AppError::invalid(format!("mỗi báo cáo ngày có tối đa {MAX_PHOTOS} ảnh (đã có {already})")));
        }
        let n_photos = photos.len();
        let report = NewFieldReport {
            campaign_id: desk.campaign.id,
            point_id: point.id,
            day: form.day,
            assisted,
            notes,
            filed_by: self.user().id,
            photos,
        };
        self.app().store().file_field_report(report, self.app().now()).await?;
        let detail = format!("{} ngày {}: {assisted} người được hỗ trợ, {n_photos} ảnh", point.name, form.day);
        self.audit("field_report.file", desk.campaign.code.as_str(), detail).await?;
        Ok(())
    }

    /// One day's reports inside the scope, and the points that have not reported.
    pub async fn field_reports(&self, code: &str, day: Option<Date>) -> Result<FieldReportsPage> {
        if !self.may(Permission::EnterData) {
            self.require(Permission::ReadResults)?;
        }
        let desk = self.desk(code).await?;
        let day = day.unwrap_or(desk.today);
        let mut reports = self.app().store().field_reports(desk.campaign.id, Some(day)).await?;
        reports.retain(|r| self.scope().contains(r.point_id));
        let reported: HashSet<i64> = reports.iter().map(|r| r.point_id).collect();
        let missing = desk.points.iter().filter(|p| !reported.contains(&p.id)).cloned().collect();
        Ok(FieldReportsPage { desk, day, reports, missing })
    }

    /// A report's photo, for staff who may see the report.
    pub async fn field_photo(&self, id: i64) -> Result<PhotoRecord> {
        if !self.may(Permission::EnterData) {
            self.require(Permission::ReadResults)?;
        }
        let photo = self.app().store().field_photo(id).await?.ok_or_else(|| AppError::NotFound("ảnh".into()))?;
        self.require_inside(photo.point_id)?;
        Ok(photo)
    }
}

fn outside_campaign() -> AppError {
    AppError::Forbidden("điểm này không thuộc đợt khảo sát trong phạm vi của bạn".into())
}

fn parse_visitors(text: &str) -> std::result::Result<i64, String> {
    let digits: String = text.trim().chars().filter(|c| !matches!(c, '.' | ',' | ' ')).collect();
    match digits.parse::<i64>() {
        Ok(n) if (0..=MAX_VISITORS_PER_DAY).contains(&n) => Ok(n),
        Ok(_) => Err(format!("số lượt \"{}\" phải từ 0 đến {MAX_VISITORS_PER_DAY}", text.trim())),
        Err(_) => Err(format!("số lượt \"{}\" không phải là số", text.trim())),
    }
}

/// Accepts JPEG, PNG and WebP by their first bytes, whatever the file is called.
fn check_photo(upload: Upload) -> Result<NewPhoto> {
    if upload.bytes.len() > MAX_PHOTO_BYTES {
        return Err(AppError::invalid(format!(
            "ảnh \"{}\" lớn quá {} MB",
            upload.file_name,
            MAX_PHOTO_BYTES / (1024 * 1024)
        )));
    }
    let b = &upload.bytes;
    let content_type = if b.starts_with(&[0xFF, 0xD8, 0xFF]) {
        "image/jpeg"
    } else if b.starts_with(b"\x89PNG\r\n\x1a\n") {
        "image/png"
    } else if b.len() > 12 && &b[..4] == b"RIFF" && &b[8..12] == b"WEBP" {
        "image/webp"
    } else {
        return Err(AppError::invalid(format!("tệp \"{}\" không phải ảnh JPEG, PNG hay WebP", upload.file_name)));
    };
    Ok(NewPhoto { content_type: content_type.to_owned(), bytes: upload.bytes })
}
