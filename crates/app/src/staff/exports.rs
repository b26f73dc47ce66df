//! Raw responses as CSV, for organisers (and admins) only, audited: one row per response with
//! when, where and through which channel it came, then every answer. Rows are read a page at a
//! time, so a million responses export without being held in memory; every text cell is made
//! safe for spreadsheets (no formula can run when the file is opened).

use std::collections::HashMap;

use domain::access::Permission;
use domain::answers::Answer;
use domain::campaigns::Campaign;
use domain::text::spreadsheet_safe;

use super::Staff;
use crate::{App, AppError, Result};

/// Responses read per page.
const PAGE: i64 = 5_000;

/// An export in progress: call [`ResponseExport::next_chunk`] until it returns `None`.
#[derive(Debug)]
pub struct ResponseExport {
    app: App,
    campaign: Campaign,
    /// Points inside the reader's scope: code and name.
    points: HashMap<i64, (String, String)>,
    items: Vec<String>,
    after: i64,
    started: bool,
    done: bool,
}

impl Staff {
    /// Starts an export of the campaign's responses at points inside the scope.
    pub async fn export_responses(&self, code: &str) -> Result<ResponseExport> {
        self.require(Permission::ReadResponses)?;
        let campaign = self.visible_campaign(code).await?;
        let instrument = self.app().instrument(campaign.instrument_id).await?;
        let points = self
            .app()
            .store()
            .campaign_points(campaign.id)
            .await?
            .into_iter()
            .filter(|p| self.scope().contains(p.id))
            .map(|p| (p.id, (p.code.to_string(), p.name)))
            .collect();
        self.audit("responses.export", campaign.code.as_str(), "CSV").await?;
        Ok(ResponseExport {
            app: self.app().clone(),
            items: instrument.instrument.items().map(|i| i.code.clone()).collect(),
            campaign,
            points,
            after: 0,
            started: false,
            done: false,
        })
    }
}

impl ResponseExport {
    pub fn file_name(&self) -> String {
        format!("{}-phieu-tra-loi.csv", self.campaign.code)
    }

    /// The next piece of the file: the header first (with a byte-order mark, so spreadsheet
    /// programs read UTF-8), then a page of rows at a time; `None` at the end.
    pub async fn next_chunk(&mut self) -> Result<Option<Vec<u8>>> {
        if self.done {
            return Ok(None);
        }
        let mut buffer = Vec::with_capacity(256 * 1024);
        if !self.started {
            buffer.extend_from_slice(b"\xEF\xBB\xBF");
        }
        let mut out = csv::WriterBuilder::new().from_writer(buffer);
        if !self.started {
            self.started = true;
            let mut header: Vec<&str> =
                vec!["ma_phieu", "thoi_diem", "ngay", "kenh", "ngon_ngu", "ma_diem", "ten_diem"];
            header.extend(self.items.iter().map(String::as_str));
            out.write_record(&header).map_err(csv_error)?;
        }
        let page = self.app.store().responses_page(self.campaign.id, self.after, PAGE).await?;
        if (page.len() as i64) < PAGE {
            self.done = true;
        }
        self.after = page.last().map_or(self.after, |r| r.id);
        for response in &page {
            let Some((code, name)) = self.points.get(&response.point_id) else { continue };
            let mut record: Vec<String> = vec![
                response.id.to_string(),
                domain::time::local(response.submitted_at).strftime("%Y-%m-%d %H:%M:%S").to_string(),
                response.day.to_string(),
                response.channel.as_str().to_owned(),
                response.lang.code().to_owned(),
                spreadsheet_safe(code).into_owned(),
                spreadsheet_safe(name).into_owned(),
            ];
            record.extend(self.items.iter().map(|item| match response.answers.0.get(item) {
                Some(Answer::Level(level)) => level.to_string(),
                Some(Answer::Text(text)) => spreadsheet_safe(text).into_owned(),
                None => String::new(),
            }));
            out.write_record(&record).map_err(csv_error)?;
        }
        let bytes = out.into_inner().map_err(|e| AppError::invalid(e.to_string()))?;
        Ok(Some(bytes))
    }
}

fn csv_error(e: csv::Error) -> AppError {
    AppError::invalid(format!("không ghi được tệp CSV: {e}"))
}
