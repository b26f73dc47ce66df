//! Records the store reads and writes, shared by every backend.

use std::sync::Arc;

use domain::accounts::Role;
use domain::answers::{Answer, Answers};
use domain::campaigns::{Campaign, CampaignCode, CampaignStatus, Channel, Refusal, Window};
use domain::instruments::Instrument;
use domain::tally::TallyDelta;
use domain::text::Lang;
use domain::units::Unit;
use jiff::Timestamp;
use jiff::civil::Date;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AppliedMigration {
    pub version: i64,
    pub name: String,
    pub applied_at: Timestamp,
}

/// What a unit import did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct ImportSummary {
    pub inserted: usize,
    pub updated: usize,
    pub unchanged: usize,
    pub tokens_created: usize,
}

/// A service point found by its QR token.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PointByToken {
    pub point: Unit,
    /// Parent first, then its parent, up to the root.
    pub ancestors: Vec<Unit>,
    pub revoked: bool,
}

#[derive(Debug, Clone)]
pub struct InstrumentRecord {
    pub id: i64,
    pub instrument: Arc<Instrument>,
    pub responses: i64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InstrumentSync {
    Added(i64),
    Unchanged(i64),
    /// Changed in place: allowed only while the version has no responses.
    Replaced(i64),
}

impl InstrumentSync {
    pub fn id(self) -> i64 {
        match self {
            InstrumentSync::Added(id) | InstrumentSync::Unchanged(id) | InstrumentSync::Replaced(id) => id,
        }
    }
}

#[derive(Debug, Clone)]
pub struct NewCampaign {
    pub code: CampaignCode,
    pub name: String,
    pub instrument_id: i64,
    pub window: Window,
    pub status: CampaignStatus,
    pub points: Vec<i64>,
    pub quota: domain::quota::QuotaRule,
}

/// What may change in a campaign after it is created.
#[derive(Debug, Clone)]
pub struct CampaignEdit {
    pub name: String,
    pub window: Window,
    pub quota: domain::quota::QuotaRule,
}

#[derive(Debug, Clone)]
pub struct CampaignSummary {
    pub campaign: Campaign,
    pub instrument_code: String,
    pub instrument_version: u32,
    pub points: i64,
    pub responses: i64,
}

/// A draft or open campaign at one point, for checking that campaigns do not overlap.
#[derive(Debug, Clone)]
pub struct CampaignAtPoint {
    pub campaign: Campaign,
    pub point_id: i64,
}

/// A response about to be stored.
#[derive(Debug, Clone)]
pub struct NewResponse {
    pub client_id: String,
    pub campaign_id: i64,
    pub point_id: i64,
    pub instrument_id: i64,
    pub channel: Channel,
    pub lang: Lang,
    /// When the form was shown: a form opened before the window closed gets a grace period.
    pub issued_at: Timestamp,
    pub submitted_at: Timestamp,
    pub answers: Answers,
    /// The level its comments are ranked by on the comments page: `Instrument::comment_level`.
    pub comment_level: Option<u8>,
    pub deltas: Vec<TallyDelta>,
    /// The paper slip a clerk typed this response from; its client id must then be
    /// `paper_client_id(campaign, point, serial)`, so one slip is stored once.
    pub paper: Option<crate::PaperSlip>,
    /// What the integrity checks decided: written in the same transaction as the response.
    pub integrity: IntegrityMarks,
    /// The code the citizen entered (or the QR carried), when the campaign asks for one:
    /// claimed in the same transaction, making the response verified or flagging it.
    pub verification: Option<domain::verification::VerificationCode>,
    /// Contact details the citizen chose to leave for a reply: stored apart from the answers
    /// (`contacts`), in the same transaction, so there is no contact without its response.
    pub contact: Option<domain::contact::Contact>,
}

/// What the integrity checks of a citizen's submission found before storing it
/// (`app::integrity`): its flags so far, and the limits it counts under. The limits are
/// decided by the writer, inside the transaction that stores the response, against the marks
/// already committed and those earlier in the same batch: so a limit holds exactly however many
/// requests, batches and instances race for it. Empty for paper slips and the demo.
#[derive(Debug, Clone, Default)]
pub struct IntegrityMarks {
    /// Reasons known before counting anything (honeypot, fill time, no device cookie).
    pub flags: Vec<NewFlag>,
    pub limits: Vec<CountedLimit>,
}

/// A limit a response counts under: responses marked with `key` within the limit's window.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CountedLimit {
    /// A keyed hash (`device:…`, `network:…`, `point:…`, `pattern:…`), never a raw value.
    pub key: String,
    pub limit: domain::integrity::Limit,
    /// The flag a response gets beyond the limit's line.
    pub reason: domain::integrity::FlagReason,
}

/// One reason a response is flagged, with what was measured ("3 within 24 h").
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewFlag {
    pub reason: domain::integrity::FlagReason,
    pub detail: String,
}

impl NewResponse {
    /// When the answer was given by the client's own clock, in milliseconds: a kiosk says so
    /// (`issued_at` is then the tablet's time, checked as plausible); other channels' time is
    /// the server's.
    pub fn answered_at(&self) -> Option<i64> {
        (self.channel == Channel::Kiosk).then(|| self.issued_at.as_millisecond())
    }

    /// How many written answers (comments) it carries.
    pub fn comments(&self) -> i64 {
        self.answers.0.values().filter(|a| matches!(a, Answer::Text(_))).count() as i64
    }

    /// Whether the campaign takes this response: a paper slip filled in during the window may
    /// be typed in after the campaign closed; an online answer must arrive in time.
    pub fn gate(&self, status: CampaignStatus, window: &Window) -> Result<(), Refusal> {
        match &self.paper {
            Some(_) => domain::campaigns::accepts_paper(status, window, self.submitted_at),
            None => domain::campaigns::accepts(status, window, self.issued_at, self.submitted_at),
        }
    }
}

/// The client id of a paper slip's response: the serial decides it, so typing a slip twice
/// stores it once.
pub fn paper_client_id(campaign: i64, point: i64, serial: &str) -> String {
    format!("paper:{campaign}:{point}:{serial}")
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IngestOutcome {
    Stored,
    /// The same client id was stored before: a retry or a double tap. Nothing changed.
    AlreadyStored,
    /// The campaign does not take answers (closed, not started, ended); nothing stored.
    Refused(Refusal),
    /// One of the response's integrity limits is beyond its hard line; nothing stored.
    Limited,
}

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct TallyRow {
    pub point_id: i64,
    pub item: String,
    pub level: u8,
    pub n: i64,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DailyCount {
    pub point_id: i64,
    pub day: Date,
    pub channel: Channel,
    pub n: i64,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredResponse {
    pub id: i64,
    pub client_id: String,
    pub campaign_id: i64,
    pub point_id: i64,
    pub channel: Channel,
    pub lang: Lang,
    pub submitted_at: Timestamp,
    pub day: Date,
    pub answers: Answers,
    /// Excluded from counted results after review.
    pub excluded: bool,
}

#[derive(Debug, Clone)]
pub struct NewUser {
    pub username: String,
    pub display_name: String,
    pub password_hash: String,
    pub role: Role,
    pub unit_id: Option<i64>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UserRecord {
    pub id: i64,
    pub username: String,
    pub display_name: String,
    pub password_hash: String,
    pub role: Role,
    pub unit_id: Option<i64>,
    pub disabled: bool,
}

#[derive(Debug, Clone)]
pub struct NewSession {
    pub id_hash: String,
    pub user_id: i64,
    pub csrf_token: String,
    pub created_at: Timestamp,
    pub expires_at: Timestamp,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SessionRecord {
    pub user: UserRecord,
    pub csrf_token: String,
    pub expires_at: Timestamp,
}

/// A job to enqueue.
#[derive(Debug, Clone)]
pub struct NewJob {
    pub kind: String,
    /// Enqueued once per key: a periodic job uses its kind and period.
    pub dedup_key: Option<String>,
    pub payload: String,
    pub run_at: Timestamp,
}

/// A job this worker has claimed and must finish.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClaimedJob {
    pub id: i64,
    pub kind: String,
    pub payload: String,
    pub attempts: i64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum JobStatus {
    Queued,
    Running,
    Done,
    Failed,
}

impl JobStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            JobStatus::Queued => "queued",
            JobStatus::Running => "running",
            JobStatus::Done => "done",
            JobStatus::Failed => "failed",
        }
    }

    pub fn parse(raw: &str) -> Option<JobStatus> {
        [JobStatus::Queued, JobStatus::Running, JobStatus::Done, JobStatus::Failed]
            .into_iter()
            .find(|s| s.as_str() == raw)
    }
}

/// How a claimed job ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum JobEnd {
    Done {
        result: String,
    },
    /// Failed this time; queued again at `retry_at`, or failed for good without one.
    Failed {
        error: String,
        retry_at: Option<Timestamp>,
    },
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JobRecord {
    pub id: i64,
    pub kind: String,
    pub dedup_key: Option<String>,
    pub status: JobStatus,
    pub attempts: i64,
    pub locked_by: Option<String>,
    pub result: Option<String>,
    pub last_error: Option<String>,
}

/// A line of the audit log to write.
#[derive(Debug, Clone)]
pub struct NewAuditEntry {
    pub at: Timestamp,
    pub user_id: Option<i64>,
    pub username: String,
    pub role: Role,
    /// The unit at the top of the user's scope; none for the whole tree.
    pub scope_unit_id: Option<i64>,
    /// What was done, as a dotted name (`campaign.status`, `responses.export`).
    pub action: String,
    /// What it was done to (a campaign code, a unit code, a username).
    pub target: String,
    pub detail: String,
}

/// A line of the audit log as read back.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditEntry {
    pub id: i64,
    pub at: Timestamp,
    pub username: String,
    pub role: String,
    pub scope_unit_id: Option<i64>,
    pub action: String,
    pub target: String,
    pub detail: String,
}

/// Which audit entries to read, newest first.
#[derive(Debug, Clone, Default)]
pub struct AuditQuery {
    pub username: Option<String>,
    /// Entries whose action starts with this (`campaign.` for every campaign action).
    pub action_prefix: Option<String>,
    pub from: Option<Timestamp>,
    pub until: Option<Timestamp>,
    /// Entries older than this id (the next page).
    pub before_id: Option<i64>,
    pub limit: i64,
}

/// A merge or split to record: every predecessor becomes (part of) every successor.
#[derive(Debug, Clone)]
pub struct NewLineage {
    pub kind: domain::units::LineageKind,
    pub effective: Date,
    pub predecessors: Vec<i64>,
    pub successors: Vec<i64>,
}
