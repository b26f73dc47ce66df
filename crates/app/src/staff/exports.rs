//! Raw responses for organisers (and admins) only, audited: one row per response with when,
//! where and through which channel it came, then every answer. Rows are read a page at a time,
//! so a million responses export without being held in memory, and the next page is read while
//! the caller writes the last one. The CSV and the XLSX export read the same
//! [`ResponseRow`]s; each makes its text cells safe for spreadsheets.

use std::collections::HashMap;
use std::sync::Arc;

use domain::access::{Permission, Scope};
use domain::answers::Answer;
use domain::campaigns::Campaign;
use domain::instruments::Instrument;
use domain::results::View;
use domain::text::spreadsheet_safe;
use jiff::civil::{Date, DateTime};
use store::StoredResponse;
use tokio::task::JoinHandle;

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
    /// The read of the next page: the first from the start, each next one when the page
    /// before it arrived full; none once the last page (or a failed read) was returned.
    reading: Option<JoinHandle<store::Result<Vec<StoredResponse>>>>,
    /// Whether the CSV header was written.
    started: bool,
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
        let first = read_page(app, campaign.id, view, 0);
        Ok(ResponseExport {
            app: app.clone(),
            items: instrument.items().map(|i| i.code.clone()).collect(),
            instrument,
            campaign,
            view,
            points,
            reading: Some(first),
            started: false,
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
    /// responses from elsewhere); `None` at the end, and after an error. Not cancel-safe: a
    /// call given up midway may lose its page (every caller runs each call to its end).
    pub async fn next_rows(&mut self) -> Result<Option<Vec<ResponseRow>>> {
        let Some(reading) = self.reading.as_mut() else { return Ok(None) };
        // Kept until it ends, so that dropping the export meanwhile aborts it.
        let joined = reading.await;
        self.reading = None;
        // The read's task ends only by finishing or by a panic in it: ours, not the reader's.
        let page = joined.map_err(|e| store::StoreError::Pool(e.to_string()))??;
        // A full page may have more after it; the reading left empty ends the export.
        if let Some(last) = page.last().filter(|_| page.len() as i64 == PAGE) {
            self.reading = Some(read_page(&self.app, self.campaign.id, self.view, last.id));
            // A task spawned on a worker waits in that worker's own slot, which no other
            // worker takes, until the spawner yields: without this the read would only begin
            // once the caller had written this page, one after the other.
            tokio::task::yield_now().await;
        }
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
        // Room for a page of typical rows (~90 bytes), so the buffer seldom grows and copies.
        let mut buffer = Vec::with_capacity(rows.len() * 128 + 1024);
        if first {
            buffer.extend_from_slice(b"\xEF\xBB\xBF");
        }
        let mut out = csv::WriterBuilder::new().from_writer(buffer);
        if first {
            out.write_record(self.columns()).map_err(csv_error)?;
        }
        for row in &rows {
            write_csv_row(&mut out, row).map_err(csv_error)?;
        }
        let bytes = out.into_inner().map_err(|e| AppError::invalid(e.to_string()))?;
        Ok(Some(bytes))
    }
}

/// Starts reading the page of `campaign` after response `after` on its own task, so the
/// database works while the caller writes and sends the rows it has.
fn read_page(app: &App, campaign: i64, view: View, after: i64) -> JoinHandle<store::Result<Vec<StoredResponse>>> {
    let store = app.store().clone();
    tokio::spawn(async move { store.responses_page(campaign, after, PAGE, view).await })
}

impl Drop for ResponseExport {
    /// An export given up (the reader went away) stops its read ahead too.
    fn drop(&mut self) {
        if let Some(reading) = self.reading.take() {
            reading.abort();
        }
    }
}

/// Writes one row field by field: a million rows would otherwise make ten million strings.
fn write_csv_row(out: &mut csv::Writer<Vec<u8>>, row: &ResponseRow) -> csv::Result<()> {
    let mut number = itoa::Buffer::new();
    out.write_field(number.format(row.id))?;
    out.write_field(civil_text(row.submitted_at))?;
    out.write_field(&civil_text(row.day.into())[..10])?;
    out.write_field(row.channel)?;
    out.write_field(row.lang)?;
    out.write_field(spreadsheet_safe(&row.point_code).as_bytes())?;
    out.write_field(spreadsheet_safe(&row.point_name).as_bytes())?;
    for answer in &row.answers {
        match answer {
            Some(Answer::Level(level)) => out.write_field(number.format(*level))?,
            Some(Answer::Text(text)) => out.write_field(spreadsheet_safe(text).as_bytes())?,
            None => out.write_field(b"")?,
        }
    }
    if let Some(excluded) = row.excluded {
        out.write_field(if excluded { b"1" } else { b"0" })?;
    }
    out.write_record(None::<&[u8]>)
}

/// `2026-11-29 08:05:09`, as `strftime("%Y-%m-%d %H:%M:%S")` writes it, without its formatting
/// machinery (a tenth of the CSV's time); the first ten bytes are the date. Years are four
/// digits, as ours are.
fn civil_text(at: DateTime) -> [u8; 19] {
    let mut text = *b"0000-00-00 00:00:00";
    let fields = [
        (0..4, i32::from(at.year())),
        (5..7, at.month().into()),
        (8..10, at.day().into()),
        (11..13, at.hour().into()),
        (14..16, at.minute().into()),
        (17..19, at.second().into()),
    ];
    for (digits, value) in fields {
        let mut value = value.unsigned_abs();
        for digit in text[digits].iter_mut().rev() {
            *digit = b'0' + (value % 10) as u8;
            value /= 10;
        }
    }
    text
}

fn csv_error(e: csv::Error) -> AppError {
    AppError::invalid(format!("không ghi được tệp CSV: {e}"))
}

#[cfg(test)]
mod tests {
    use jiff::civil::{Time, date};

    use super::*;

    #[test]
    fn civil_text_writes_what_strftime_writes() {
        let times = [Time::MIN, Time::constant(8, 5, 9, 0), Time::constant(23, 59, 59, 999_999_999)];
        for day in [date(2026, 1, 9), date(2024, 12, 31), date(999, 2, 3), date(9999, 12, 31)] {
            assert_eq!(&civil_text(day.into())[..10], day.strftime("%Y-%m-%d").to_string().as_bytes());
            for time in times {
                let expected = day.to_datetime(time).strftime("%Y-%m-%d %H:%M:%S").to_string();
                assert_eq!(civil_text(day.to_datetime(time)), expected.as_bytes(), "{expected}");
            }
        }
    }
}
