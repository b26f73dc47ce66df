//! Long exports as background jobs. Raw responses of a large campaign (a million rows take
//! about ten seconds as XLSX) are written by whichever instance claims the job into the data
//! folder's `exports/`, with progress the exports page shows; the requester downloads the file
//! when it is done, until it expires. Campaigns up to `direct_export_limit` responses in the
//! reader's scope still download at once. Organisers and admins only, audited at the start
//! and at each download; an export is its requester's own: the file holds what their scope saw.

use std::path::PathBuf;

use domain::access::{Permission, Scope};
use domain::campaigns::Campaign;
use domain::results::View;
use jiff::{SignedDuration, Timestamp};
use store::{ExportFileRecord, ExportStatus, NewExportFile, NewJob};
use tokio::io::AsyncWriteExt;

use super::workbook::{self, WriteError};
use super::{ExportFormat, ResponseExport, Staff};
use crate::jobs::JobKind;
use crate::{App, AppError, Result};

/// How long a written file can be downloaded.
pub const KEPT_FOR: SignedDuration = SignedDuration::from_hours(24);
/// Exports listed on the page.
const LISTED: i64 = 20;

impl ExportFormat {
    pub fn parse(raw: &str) -> Option<ExportFormat> {
        match raw {
            "csv" => Some(ExportFormat::Csv),
            "xlsx" => Some(ExportFormat::Xlsx),
            _ => None,
        }
    }
}

/// An export as its page lists it.
#[derive(Debug, Clone)]
pub struct ExportJob {
    pub record: ExportFileRecord,
    pub campaign: Campaign,
}

impl ExportJob {
    /// The name the download is saved under.
    pub fn download_name(&self) -> String {
        format!("{}-phieu-tra-loi{}.{}", self.campaign.code, self.record.view.file_suffix(), self.record.format)
    }

    pub fn is_running(&self) -> bool {
        matches!(self.record.status, ExportStatus::Queued | ExportStatus::Running)
    }

    /// Rows written, in percent of the rows the scope had when asked.
    pub fn percent(&self) -> u8 {
        match self.record.status {
            ExportStatus::Done => 100,
            _ if self.record.rows_total <= 0 => 0,
            _ => u8::try_from((100 * self.record.rows_done / self.record.rows_total).clamp(0, 99)).unwrap_or(99),
        }
    }
}

impl Staff {
    /// Responses at the campaign's points inside the scope: what an export would hold.
    pub async fn export_size(&self, code: &str, view: View) -> Result<i64> {
        self.require(Permission::ReadResponses)?;
        let campaign = self.visible_campaign(code).await?;
        self.responses_in_scope(&campaign, view).await
    }

    /// Whether an export of this many responses downloads at once.
    pub fn exports_directly(&self, responses: i64) -> bool {
        responses <= self.app().config().direct_export_limit
    }

    async fn responses_in_scope(&self, campaign: &Campaign, view: View) -> Result<i64> {
        let totals = self.app().store().point_totals(campaign.id, view).await?;
        Ok(totals.into_iter().filter(|(p, _)| self.scope().contains(*p)).map(|(_, n)| n).sum())
    }

    /// Enqueues an export of the campaign's responses inside the scope; returns its id.
    pub async fn start_export(&self, code: &str, format: ExportFormat, view: View) -> Result<i64> {
        self.require(Permission::ReadResponses)?;
        let campaign = self.visible_campaign(code).await?;
        let now = self.app().now();
        let new = NewExportFile {
            campaign_id: campaign.id,
            user_id: self.user().id,
            scope_unit_id: self.scope().root(),
            format: format.extension().to_owned(),
            rows_total: self.responses_in_scope(&campaign, view).await?,
            expires_at: now + KEPT_FOR,
            view,
        };
        let job = move |id: i64| NewJob {
            kind: JobKind::WriteExport.as_str().into(),
            dedup_key: None,
            payload: format!("{{\"export\":{id}}}"),
            run_at: now,
        };
        let id = self.app().store().create_export_file(new, job, now).await?;
        let detail = format!(
            "{} (tệp chạy nền số {id}), {}",
            format.detail(),
            view.label(domain::text::Lang::Vi).to_lowercase()
        );
        self.audit("responses.export", campaign.code.as_str(), detail).await?;
        Ok(id)
    }

    /// The user's own exports, newest first.
    pub async fn export_jobs(&self) -> Result<Vec<ExportJob>> {
        self.require(Permission::ReadResponses)?;
        let records = self.app().store().export_files_of(self.user().id, LISTED).await?;
        let mut jobs = Vec::with_capacity(records.len());
        for record in records {
            if let Some(campaign) = self.app().store().campaign(record.campaign_id).await? {
                jobs.push(ExportJob { record, campaign });
            }
        }
        Ok(jobs)
    }

    /// A finished export's file, for its requester only, audited.
    pub async fn download_export(&self, id: i64) -> Result<(ExportJob, PathBuf)> {
        self.require(Permission::ReadResponses)?;
        let record =
            self.app().store().export_file(id).await?.ok_or_else(|| AppError::NotFound(format!("tệp xuất số {id}")))?;
        if record.user_id != self.user().id {
            return Err(AppError::Forbidden("tệp xuất này do tài khoản khác tạo, theo phạm vi của họ".into()));
        }
        let campaign = self
            .app()
            .store()
            .campaign(record.campaign_id)
            .await?
            .ok_or_else(|| AppError::NotFound(format!("đợt khảo sát của tệp xuất số {id}")))?;
        // The account may have moved to another unit since: the campaign must still reach it.
        let campaign = self.visible_campaign(campaign.code.as_str()).await?;
        let path = match (&record.status, &record.file_name) {
            (ExportStatus::Done, Some(name)) => self.app().exports_folder().join(name),
            (ExportStatus::Expired, _) => {
                return Err(AppError::NotFound(format!(
                    "tệp xuất số {id} (đã hết hạn và đã được xóa; hãy tạo tệp mới)"
                )));
            }
            _ => return Err(AppError::Conflict("tệp xuất chưa xong; trang Tệp xuất cho biết tiến độ".into())),
        };
        let job = ExportJob { record, campaign };
        let detail = format!("tải tệp chạy nền số {id} ({})", job.record.format.to_uppercase());
        self.audit("responses.download", job.campaign.code.as_str(), detail).await?;
        Ok((job, path))
    }
}

impl App {
    pub fn exports_folder(&self) -> PathBuf {
        self.config().data_folder().join("exports")
    }

    /// The job of kind `write_export`: writes the export named in `payload` and records how
    /// it ended. A failure is recorded on the export (the requester sees it and may start
    /// another) and not retried.
    pub(crate) async fn run_export_job(&self, payload: &str) -> std::result::Result<String, String> {
        let id = payload
            .trim()
            .strip_prefix("{\"export\":")
            .and_then(|rest| rest.strip_suffix('}'))
            .and_then(|id| id.parse::<i64>().ok())
            .ok_or_else(|| format!("not an export job's payload: {payload}"))?;
        match self.write_export(id).await {
            Ok((rows, bytes)) => Ok(format!("export {id}: {rows} rows, {bytes} bytes")),
            Err(e) => {
                tracing::error!(export = id, error = %e, "an export job failed");
                if let Err(e) = self.store().fail_export_file(id, e.to_string(), self.now()).await {
                    tracing::error!(export = id, error = %e, "could not record a failed export");
                }
                Err(format!("export {id}: {e}"))
            }
        }
    }

    async fn write_export(&self, id: i64) -> Result<(u64, i64)> {
        let record =
            self.store().export_file(id).await?.ok_or_else(|| AppError::NotFound(format!("tệp xuất số {id}")))?;
        let campaign = self
            .store()
            .campaign(record.campaign_id)
            .await?
            .ok_or_else(|| AppError::NotFound(format!("đợt khảo sát số {}", record.campaign_id)))?;
        let scope = match record.scope_unit_id {
            Some(root) => Scope::subtree(root, &self.unit_tree().await?),
            None => Scope::Everything,
        };
        let format = ExportFormat::parse(&record.format)
            .ok_or_else(|| AppError::invalid(format!("định dạng {} không hỗ trợ", record.format)))?;
        self.store().start_export_file(id).await?;
        let export = ResponseExport::new(self, campaign, &scope, record.view).await?;
        let folder = self.exports_folder();
        tokio::fs::create_dir_all(&folder).await.map_err(|e| file_error(&folder, e))?;
        let name = format!("{id}-{}.{}", &domain::signing::random_id()[..12], format.extension());
        let path = folder.join(&name);
        let written = match format {
            ExportFormat::Csv => self.write_csv(id, export, &path).await,
            ExportFormat::Xlsx => self.write_xlsx(id, export, path.clone()).await,
        };
        let rows = match written {
            Ok(rows) => rows,
            Err(e) => {
                let _ = tokio::fs::remove_file(&path).await;
                return Err(e);
            }
        };
        let bytes = tokio::fs::metadata(&path).await.map_err(|e| file_error(&path, e))?.len();
        let bytes = i64::try_from(bytes).unwrap_or(i64::MAX);
        self.store().finish_export_file(id, name, bytes, rows as i64, self.now()).await?;
        tracing::info!(export = id, rows, bytes, "an export file is written");
        Ok((rows, bytes))
    }

    async fn write_csv(&self, id: i64, mut export: ResponseExport, path: &std::path::Path) -> Result<u64> {
        let mut file = tokio::fs::File::create(path).await.map_err(|e| file_error(path, e))?;
        while let Some(chunk) = export.next_chunk().await? {
            file.write_all(&chunk).await.map_err(|e| file_error(path, e))?;
            self.store().export_progress(id, export.rows_read() as i64).await?;
        }
        file.sync_all().await.map_err(|e| file_error(path, e))?;
        Ok(export.rows_read())
    }

    async fn write_xlsx(&self, id: i64, export: ResponseExport, path: PathBuf) -> Result<u64> {
        let handle = tokio::runtime::Handle::current();
        let store = self.store().clone();
        let written = tokio::task::spawn_blocking(move || -> std::result::Result<u64, WriteError> {
            let mut rows = 0;
            let mut finished = workbook::write(export, &handle, |read| {
                rows = read;
                // Progress is a courtesy: a failed update must not stop the export.
                if let Err(e) = handle.block_on(store.export_progress(id, read as i64)) {
                    tracing::warn!(export = id, error = %e, "could not record an export's progress");
                }
                true
            })?;
            let mut out = std::fs::File::create(&path)?;
            std::io::copy(&mut finished, &mut out)?;
            out.sync_all()?;
            Ok(rows)
        })
        .await
        .map_err(|e| AppError::invalid(format!("ghi tệp XLSX bị gián đoạn: {e}")))?;
        written.map_err(|e| match e {
            WriteError::App(e) => e,
            other => AppError::invalid(format!("không ghi được tệp XLSX: {other}")),
        })
    }

    /// Deletes the files of expired exports; returns how many.
    pub(crate) async fn purge_expired_exports(&self, now: Timestamp) -> store::Result<usize> {
        let names = self.store().expire_export_files(now).await?;
        let folder = self.exports_folder();
        let mut deleted = 0;
        for name in names {
            match tokio::fs::remove_file(folder.join(&name)).await {
                Ok(()) => deleted += 1,
                // Another instance sharing the folder may have deleted it first.
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
                Err(e) => tracing::warn!(file = %name, error = %e, "could not delete an expired export"),
            }
        }
        Ok(deleted)
    }
}

fn file_error(path: &std::path::Path, e: std::io::Error) -> AppError {
    AppError::invalid(format!("không ghi được tệp {}: {e}", path.display()))
}
