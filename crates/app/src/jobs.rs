//! Background jobs, shared by every instance through the database. Periodic maintenance is
//! enqueued once per period under a dedup key by whichever instance comes first, and each job
//! is run by the one worker that claims it. A worker that dies leaves its lease to run out and
//! another takes the job over.

use std::time::Duration;

use jiff::{SignedDuration, Timestamp};
use store::{ClaimedJob, JobEnd, NewJob};
use tokio::sync::watch;

use crate::{App, Result};

/// How long a claimed job may run before another worker may take it over.
const LEASE: SignedDuration = SignedDuration::from_mins(10);
/// Attempts before a failing job is given up (it stays in the table with its error).
const MAX_ATTEMPTS: i64 = 5;
/// How often a worker looks for due jobs.
const POLL: Duration = Duration::from_secs(10);

/// The kinds of job this version knows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum JobKind {
    /// Deletes expired staff sessions, old sign-in failures and submission marks, contacts past
    /// their retention, and the files of expired exports, hourly.
    PurgeSessions,
    /// Writes one export of raw responses to a file (`staff::export_jobs`).
    WriteExport,
    /// Reads the responses stored since the last run and flags anomalies (`anomalies`), every
    /// `integrity.anomalies.every_minutes`.
    DetectAnomalies,
}

impl JobKind {
    pub fn as_str(self) -> &'static str {
        match self {
            JobKind::PurgeSessions => "purge_sessions",
            JobKind::WriteExport => "write_export",
            JobKind::DetectAnomalies => "detect_anomalies",
        }
    }

    pub fn parse(raw: &str) -> Option<JobKind> {
        [JobKind::PurgeSessions, JobKind::WriteExport, JobKind::DetectAnomalies].into_iter().find(|k| k.as_str() == raw)
    }
}

/// An identifier for this worker: host, process and a random part.
pub fn worker_id() -> String {
    let host = std::fs::read_to_string("/etc/hostname").map(|h| h.trim().to_owned()).unwrap_or_else(|_| "host".into());
    format!("{host}-{}-{}", std::process::id(), &domain::signing::random_id()[..6])
}

impl App {
    /// Enqueues the periodic jobs of the current period that no instance has enqueued yet: the
    /// hourly purge and the anomaly run of the current quarter hour (or configured period).
    pub async fn schedule_periodic_jobs(&self) -> Result<()> {
        let now = self.now();
        let hour = domain::time::local(now).strftime("%Y-%m-%dT%H").to_string();
        let job = NewJob {
            kind: JobKind::PurgeSessions.as_str().into(),
            dedup_key: Some(format!("{}:{hour}", JobKind::PurgeSessions.as_str())),
            payload: "{}".into(),
            run_at: now,
        };
        self.store().enqueue_job(job, now).await?;
        let detect = JobKind::DetectAnomalies.as_str();
        let job = NewJob {
            kind: detect.into(),
            dedup_key: Some(format!("{detect}:{}", self.anomaly_period_key(now))),
            payload: "{}".into(),
            run_at: now,
        };
        self.store().enqueue_job(job, now).await?;
        Ok(())
    }

    /// Claims and runs due jobs until none is left; returns how many ran.
    pub async fn run_due_jobs(&self, worker: &str) -> Result<usize> {
        let mut ran = 0;
        loop {
            let now = self.now();
            let Some(job) = self.store().claim_job(worker, now, now + LEASE).await? else { return Ok(ran) };
            let end = self.run_job(&job).await;
            match &end {
                JobEnd::Done { result } => tracing::info!(job = %job.kind, id = job.id, result = %result, "job done"),
                JobEnd::Failed { error, retry_at } => {
                    tracing::warn!(job = %job.kind, id = job.id, error = %error, retry = retry_at.is_some(), "job failed")
                }
            }
            self.store().finish_job(job.id, worker, end, self.now()).await?;
            ran += 1;
        }
    }

    /// Expired sessions, sign-in failures too old to count for throttling, submission marks
    /// older than every integrity window (the flags they led to stay), contacts older than
    /// their retention period (their responses stay), and the files of expired exports.
    async fn purge_expired(&self) -> store::Result<String> {
        let now = self.now();
        let sessions = self.store().delete_expired_sessions(now).await?;
        let failures = self.store().purge_sign_in_failures(now - crate::throttle::WINDOW).await?;
        let exports = self.purge_expired_exports(now).await?;
        let marks = self.store().purge_marks(now - self.config().integrity.longest_window()).await?;
        let retention = &self.config().privacy;
        let contacts = self.store().purge_contacts(now - retention.contact_retention()).await?;
        tracing::info!(contacts, days = retention.contact_retention_days, "deleted contacts past their retention");
        Ok(format!(
            "{sessions} expired sessions, {failures} old sign-in failures, {marks} old submission marks and {contacts} contacts past retention deleted, {exports} expired export files"
        ))
    }

    async fn run_job(&self, job: &ClaimedJob) -> JobEnd {
        let outcome = match JobKind::parse(&job.kind) {
            Some(JobKind::PurgeSessions) => self.purge_expired().await,
            // Its failure is recorded on the export, which the requester may start again.
            Some(JobKind::WriteExport) => {
                return match self.run_export_job(&job.payload).await {
                    Ok(result) => JobEnd::Done { result },
                    Err(error) => JobEnd::Failed { error, retry_at: None },
                };
            }
            // The next period's run starts again where this one stopped: no retry.
            Some(JobKind::DetectAnomalies) => {
                return match self.detect_anomalies().await {
                    Ok(run) => JobEnd::Done {
                        result: format!(
                            "{} new responses read in {} campaigns, {} flags written",
                            run.examined, run.campaigns, run.flags
                        ),
                    },
                    Err(e) => JobEnd::Failed { error: e.to_string(), retry_at: None },
                };
            }
            // Enqueued by a newer version of the program: leave it failed, visibly.
            None => return JobEnd::Failed { error: format!("unknown job kind {}", job.kind), retry_at: None },
        };
        match outcome {
            Ok(result) => JobEnd::Done { result },
            Err(e) => {
                let retry_at = (job.attempts < MAX_ATTEMPTS).then(|| backoff(self.now(), job.attempts));
                JobEnd::Failed { error: e.to_string(), retry_at }
            }
        }
    }

    /// Schedules and runs jobs every few seconds until `stop` turns true.
    pub async fn run_jobs(self, worker: String, mut stop: watch::Receiver<bool>) {
        tracing::info!(worker = %worker, "job worker started");
        loop {
            if let Err(e) = self.schedule_periodic_jobs().await {
                tracing::error!(error = %e, "could not schedule periodic jobs");
            }
            if let Err(e) = self.run_due_jobs(&worker).await {
                tracing::error!(error = %e, "could not run jobs");
            }
            tokio::select! {
                _ = tokio::time::sleep(POLL) => {}
                _ = stop.changed() => break,
            }
        }
        tracing::info!(worker = %worker, "job worker stopped");
    }
}

/// 2, 4, 8, 16 minutes after the attempts so far.
fn backoff(now: Timestamp, attempts: i64) -> Timestamp {
    now + SignedDuration::from_mins(2i64.saturating_pow(u32::try_from(attempts.clamp(1, 10)).unwrap_or(1)))
}
