//! The exports page: the user's long exports with their progress and download links, and the
//! form that starts one for a large campaign. Refreshes itself with `<meta http-equiv=refresh>`
//! while a file is being written, so it needs no script.

use app::staff::ExportJob;
use app::store::ExportStatus;
use askama::Template;
use domain::text::Lang;

use crate::i18n::{self, ExportWords, Staff};
use crate::pages::staff::{PageContext, count};

/// Seconds between reloads while an export is running.
pub const REFRESH_SECONDS: u32 = 3;

#[derive(Debug)]
pub struct ExportRow {
    pub id: i64,
    pub campaign: String,
    pub format: String,
    pub requested: String,
    pub status: &'static str,
    pub status_code: &'static str,
    pub percent: u8,
    pub rows: String,
    pub size: String,
    pub expires: String,
    pub error: String,
    pub downloadable: bool,
}

/// The form to start an export of a large campaign: (code, name, responses in scope).
#[derive(Debug)]
pub struct StartForm {
    pub code: String,
    pub name: String,
    pub responses: String,
    /// Which responses the file will hold: the code the form sends, and its name.
    pub view: &'static str,
    pub view_label: &'static str,
}

#[derive(Template, Debug)]
#[template(path = "staff/exports.html")]
pub struct ExportsPage {
    pub t: &'static Staff,
    pub e: &'static ExportWords,
    pub ctx: PageContext,
    pub start: Option<StartForm>,
    pub rows: Vec<ExportRow>,
    /// Reload after this many seconds while a file is being written.
    pub refresh: Option<u32>,
}

impl ExportsPage {
    pub fn new(lang: Lang, ctx: PageContext, jobs: &[ExportJob]) -> Self {
        let e = i18n::exports(lang);
        let rows: Vec<ExportRow> = jobs
            .iter()
            .map(|job| {
                let r = &job.record;
                let (status, status_code) = match r.status {
                    ExportStatus::Queued => (e.queued, "queued"),
                    ExportStatus::Running => (e.running, "running"),
                    ExportStatus::Done => (e.done, "done"),
                    ExportStatus::Failed => (e.failed, "failed"),
                    ExportStatus::Expired => (e.expired, "expired"),
                };
                ExportRow {
                    id: r.id,
                    campaign: job.campaign.name.clone(),
                    format: format!("{} · {}", r.format.to_uppercase(), r.view.label(lang)),
                    requested: domain::time::format_instant_vi(r.created_at),
                    status,
                    status_code,
                    percent: job.percent(),
                    rows: format!("{} / {}", count(r.rows_done), count(r.rows_total)),
                    size: r.bytes.map(|b| format!("{:.1} MB", b as f64 / 1_000_000.0)).unwrap_or_default(),
                    expires: domain::time::format_instant_vi(r.expires_at),
                    error: r.error.clone().unwrap_or_default(),
                    downloadable: r.status == ExportStatus::Done,
                }
            })
            .collect();
        let running = jobs.iter().any(ExportJob::is_running);
        ExportsPage { t: i18n::staff(lang), e, ctx, start: None, rows, refresh: running.then_some(REFRESH_SECONDS) }
    }
}
