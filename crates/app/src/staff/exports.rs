//! Raw responses for organisers (and admins) only, audited: one row per response with when,
//! where and through which channel it came, then every answer. Rows are read a page at a time,
//! so a million responses export without being held in memory. The CSV and the XLSX export
//! read the same [`ResponseRow`]s; each makes its text cells safe for spreadsheets.

use std::collections::HashMap;
use std::sync::Arc;

use domain::access::{Permission, Scope};
use domain::answers::Answer;
use domain::campaigns::Campaign;
use domain::instruments::Instrument;
use domain::results::View;
use domain::text::spreadsheet_safe;
use jiff::civil::{Date, DateTime};

use super::Staff;
use crate::{App, AppError, Result};

/// Responses read per page.
const PAGE: i64 = 5_000;

/// The columns before the answers, in both exports.
pub const FIXED_COLUMNS: [&str; 7] = ["ma_phieu", "thoi_diem", "ngay", "kenh", "ngon_ngu", "ma_diem", "ten_diem"];

/// The last column of an export of all responses: 1 for a response excluded after review.
/// An export of counted responses leaves excluded ones out and has no such column.
pub const EXCLUDED_COLUMN: &str = "bi_loai";

/// The file an export is written as; the audit entry names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExportFormat {
    Csv,
    Xlsx,
}

impl ExportFormat {
    pub(crate) fn detail(self) -> &'static str {
        match self {
            ExportFormat::Csv => "CSV",
            ExportFormat::Xlsx => "XLSX",
        }
    }

    pub fn extension(self) -> &'static str {
        match self {
            ExportFormat::Csv => "csv",
            ExportFormat::Xlsx => "xlsx",
        }
    }
}

/// One response as the exports write it, text not yet neutralised.
#[derive(Debug, Clone, PartialEq)]
pub struct ResponseRow {
    pub id: i64,
    /// When it was submitted, in Vietnam's time.
    pub submitted_at: DateTime,
    pub day: Date,
    pub channel: &'static str,
    pub lang: &'static str,
    pub point_code: String,
    pub point_name: String,
    /// One per item of the instrument, in its order; `None` where the item was left blank.
    pub answers: Vec<Option<Answer>>,
    /// Whether it was excluded after review, in an export of all responses; `None` in an
    /// export of counted responses (which holds no excluded one).
    pub excluded: Option<bool>,
}

/// An export in progress: call [`ResponseExport::next_rows`] (or `next_chunk` for CSV) until
/// it returns `None`.
#[derive(Debug)]
pub struct ResponseExport {
    app: App,
    campaign: Campaign,
    instrument: Arc<Instrument>,
    view: View,
    /// Points inside the reader's scope: code and name.
    points: HashMap<i64, (String, String)>,
    items: Vec<String>,
    after: i64,
    started: bool,
    done: bool,
    /// Rows at points inside the scope read so far.
    rows_read: u64,
}

impl Staff {
    /// Starts an export of the campaign's responses at points inside the scope.
    pub async fn export_responses(&self, code: &str, format: ExportFormat, view: View) -> Result<ResponseExport> {
        self.require(Permission::ReadResponses)?;
        let campaign = self.visible_campaign(code).await?;
        let export = ResponseExport::new(self.app(), campaign, self.scope(), view).await?;
        let detail = format!("{}, {}", format.detail(), view.label(domain::text::Lang::Vi).to_lowercase());
        self.audit("responses.export", export.campaign.code.as_str(), detail).await?;
        Ok(export)
    }
}

impl ResponseExport {
    /// An export of `campaign`'s responses at its points inside `scope`. Checks nothing: the
    /// caller is the staff door above, or a job that door enqueued.
    pub(crate) async fn new(app: &App, campaign: Campaign, scope: &Scope, view: View) -> Result<ResponseExport> {
        let instrument = app.instrument(campaign.instrument_id).await?.instrument;
        let points = app
            .store()
            .campaign_points(campaign.id)
            .await?
            .into_iter()
            .filter(|p| scope.contains(p.id))
            .map(|p| (p.id, (p.code.to_string(), p.name)))
            .collect();
        Ok(ResponseExport {
            app: app.clone(),
            items: instrument.items().map(|i| i.code.clone()).collect(),
            instrument,
            campaign,
            view,
            points,
            after: 0,
            started: false,
            done: false,
            rows_read: 0,
        })
    }

    /// Rows at points inside the scope read so far.
    pub fn rows_read(&self) -> u64 {
        self.rows_read
    }
}

impl ResponseExport {
    pub fn file_name(&self, format: ExportFormat) -> String {
        format!("{}-phieu-tra-loi{}.{}", self.campaign.code, self.view.file_suffix(), format.extension())
    }

    pub fn view(&self) -> View {
        self.view
    }

    pub fn campaign(&self) -> &Campaign {
        &self.campaign
    }

    pub fn instrument(&self) -> &Instrument {
        &self.instrument
    }

    /// Every column's code: [`FIXED_COLUMNS`], then the items, then (all responses only)
    /// [`EXCLUDED_COLUMN`].
    pub fn columns(&self) -> Vec<&str> {
        let excluded = (!self.view.leaves_out_excluded()).then_some(EXCLUDED_COLUMN);
        FIXED_COLUMNS.iter().copied().chain(self.items.iter().map(String::as_str)).chain(excluded).collect()
    }

    /// The next page of rows at points inside the scope (possibly none on a page of
    /// responses from elsewhere); `None` at the end.
    pub async fn next_rows(&mut self) -> Result<Option<Vec<ResponseRow>>> {
        if self.done {
            return Ok(None);
        }
        let page = self.app.store().responses_page(self.campaign.id, self.after, PAGE, self.view).await?;
        if (page.len() as i64) < PAGE {
            self.done = true;
        }
        self.after = page.last().map_or(self.after, |r| r.id);
        let rows = page
            .into_iter()
            .filter_map(|mut response| {
                let (code, name) = self.points.get(&response.point_id)?;
                Some(ResponseRow {
                    id: response.id,
                    submitted_at: domain::time::local(response.submitted_at).datetime(),
                    day: response.day,
                    channel: response.channel.as_str(),
                    lang: response.lang.code(),
                    point_code: code.clone(),
                    point_name: name.clone(),
                    answers: self.items.iter().map(|item| response.answers.0.remove(item)).collect(),
                    excluded: (!self.view.leaves_out_excluded()).then_some(response.excluded),
                })
            })
            .collect::<Vec<_>>();
        self.rows_read += rows.len() as u64;
        Ok(Some(rows))
    }

    /// The next piece of the CSV file: the header first (with a byte-order mark, so
    /// spreadsheet programs read UTF-8), then a page of rows at a time; `None` at the end.
    pub async fn next_chunk(&mut self) -> Result<Option<Vec<u8>>> {
        let first = !self.started;
        self.started = true;
        let Some(rows) = self.next_rows().await? else { return Ok(None) };
        let mut buffer = Vec::with_capacity(256 * 1024);
        if first {
            buffer.extend_from_slice(b"\xEF\xBB\xBF");
        }
        let mut out = csv::WriterBuilder::new().from_writer(buffer);
        if first {
            out.write_record(self.columns()).map_err(csv_error)?;
        }
        for row in &rows {
            let mut record: Vec<String> = vec![
                row.id.to_string(),
                row.submitted_at.strftime("%Y-%m-%d %H:%M:%S").to_string(),
                row.day.to_string(),
                row.channel.to_owned(),
                row.lang.to_owned(),
                spreadsheet_safe(&row.point_code).into_owned(),
                spreadsheet_safe(&row.point_name).into_owned(),
            ];
            record.extend(row.answers.iter().map(|answer| match answer {
                Some(Answer::Level(level)) => level.to_string(),
                Some(Answer::Text(text)) => spreadsheet_safe(text).into_owned(),
                None => String::new(),
            }));
            record.extend(row.excluded.map(|excluded| u8::from(excluded).to_string()));
            out.write_record(&record).map_err(csv_error)?;
        }
        let bytes = out.into_inner().map_err(|e| AppError::invalid(e.to_string()))?;
        Ok(Some(bytes))
    }
}

fn csv_error(e: csv::Error) -> AppError {
    AppError::invalid(format!("không ghi được tệp CSV: {e}"))
}
