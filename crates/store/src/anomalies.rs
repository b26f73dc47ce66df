//! The store's side of the anomaly job (`app::anomalies`): its watermark per campaign, the new
//! responses it reads once, the hourly counts per point it keeps as each point's history, and
//! the flags it writes — all of one step in one transaction, guarded by the watermark so that
//! two instances running the job (or the button and the job) never count a response twice.

use domain::answers::Answers;
use domain::campaigns::Channel;
use jiff::Timestamp;
use jiff::civil::Date;

use crate::{Backend, NewFlag, Result, Store, postgres, sqlite};

/// How far the job has read a campaign.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct AnomalyWatermark {
    /// Every response with an id up to this one has been examined.
    pub last_response_id: i64,
    /// When the days were last compared with the visitor counts.
    pub visitors_checked: Option<Timestamp>,
}

/// The columns both backends read into an [`AnomalyRow`], in its order. The stored time is a
/// paper slip's entry, not its day's noon, so that the job's settle time counts from when the
/// slip reached the database like any answer's.
pub(crate) const ANOMALY_COLUMNS: &str = "id, point_id, channel, client_id, submitted_at, answered_at, day, answers,
    CASE WHEN channel = 'paper'
         THEN COALESCE((SELECT p.entered_at FROM paper_slips p WHERE p.client_id = responses.client_id), submitted_at)
         ELSE submitted_at END";

/// A stored response as the detectors read it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AnomalyRow {
    pub id: i64,
    pub point_id: i64,
    pub channel: Channel,
    pub client_id: String,
    pub submitted_at: Timestamp,
    /// When it was stored: its submission, or for a paper slip when it was typed in.
    pub stored_at: Timestamp,
    /// The kiosk's own time of the answer (kiosk answers only).
    pub answered_at: Option<Timestamp>,
    pub day: Date,
    pub answers: Answers,
}

impl AnomalyRow {
    /// When the citizen answered: the kiosk's time when it said, else when it was submitted.
    pub fn at(&self) -> Timestamp {
        self.answered_at.unwrap_or(self.submitted_at)
    }
}

/// Responses at a point in one hour (`hour`: UTC hours since 1970), as kept or as added.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct HourCount {
    pub point_id: i64,
    pub hour: i64,
    pub responses: i64,
    pub straight_lined: i64,
    pub first_id: i64,
    pub last_id: i64,
}

/// One response flagged.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RowFlag {
    pub response_id: i64,
    pub point_id: i64,
    pub flag: NewFlag,
}

/// The responses a group flag covers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FlagGroup {
    /// Every response but paper slips answered at the point in the hour, found among ids
    /// `first_id..=last_id`.
    Hour { point_id: i64, hour: i64, first_id: i64, last_id: i64 },
    /// Every response at the point on the day, of every channel.
    Day { point_id: i64, day: Date },
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GroupFlag {
    pub group: FlagGroup,
    pub flag: NewFlag,
}

/// One step of the job over a campaign: the responses `after < id <= up_to` were examined.
#[derive(Debug, Clone, Default)]
pub struct AnomalyStep {
    pub campaign_id: i64,
    /// The watermark the step started from: if another run moved it since, nothing is written.
    pub after: i64,
    pub up_to: i64,
    /// Counts to add, per point and hour.
    pub hours: Vec<HourCount>,
    pub rows: Vec<RowFlag>,
    pub groups: Vec<GroupFlag>,
}

/// A flag as stored, with the response it is on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredFlag {
    pub response_id: i64,
    pub client_id: String,
    pub submitted_at: Timestamp,
    pub reason: String,
    pub detail: String,
}

/// Milliseconds in an hour: `hour` numbers are UTC milliseconds divided by this.
pub const HOUR_MS: i64 = 3_600_000;

impl Store {
    pub async fn anomaly_watermark(&self, campaign: i64) -> Result<AnomalyWatermark> {
        match &*self.backend {
            Backend::Sqlite(db) => db.read(move |c| sqlite::anomalies::watermark(c, campaign)).await,
            Backend::Postgres(db) => postgres::anomalies::watermark(&db.client().await?, campaign).await,
        }
    }

    /// Up to `limit` responses of a campaign with ids above `after`, in id order, every channel.
    pub async fn anomaly_rows(&self, campaign: i64, after: i64, limit: i64) -> Result<Vec<AnomalyRow>> {
        match &*self.backend {
            Backend::Sqlite(db) => db.read(move |c| sqlite::anomalies::rows(c, campaign, after, limit)).await,
            Backend::Postgres(db) => postgres::anomalies::rows(&db.client().await?, campaign, after, limit).await,
        }
    }

    /// Responses already examined that the windows of new ones reach back to: ids
    /// `from..=through`, answered since `since`, paper slips left out.
    pub async fn anomaly_context(
        &self,
        campaign: i64,
        from: i64,
        through: i64,
        since: Timestamp,
    ) -> Result<Vec<AnomalyRow>> {
        match &*self.backend {
            Backend::Sqlite(db) => {
                db.read(move |c| sqlite::anomalies::context(c, campaign, from, through, since)).await
            }
            Backend::Postgres(db) => {
                postgres::anomalies::context(&db.client().await?, campaign, from, through, since).await
            }
        }
    }

    /// The kept hourly counts of `points` from `since_hour` on.
    pub async fn anomaly_hours(&self, campaign: i64, points: Vec<i64>, since_hour: i64) -> Result<Vec<HourCount>> {
        match &*self.backend {
            Backend::Sqlite(db) => db.read(move |c| sqlite::anomalies::hours(c, campaign, &points, since_hour)).await,
            Backend::Postgres(db) => {
                postgres::anomalies::hours(&db.client().await?, campaign, &points, since_hour).await
            }
        }
    }

    /// The first response id of any point's hour from `hour` on, if the job has counted one.
    pub async fn anomaly_first_id_since(&self, campaign: i64, hour: i64) -> Result<Option<i64>> {
        match &*self.backend {
            Backend::Sqlite(db) => db.read(move |c| sqlite::anomalies::first_id_since(c, campaign, hour)).await,
            Backend::Postgres(db) => postgres::anomalies::first_id_since(&db.client().await?, campaign, hour).await,
        }
    }

    /// Writes a step in one transaction: the watermark moves from `after` to `up_to`, the hourly
    /// counts grow and the flags are written (a flag a response already has is kept as it is).
    /// Returns the flags newly written, or `None` when another run moved the watermark first
    /// (nothing is then written).
    pub async fn record_anomaly_step(&self, step: AnomalyStep) -> Result<Option<u64>> {
        match &*self.backend {
            Backend::Sqlite(db) => db.write(move |tx| sqlite::anomalies::record_step(tx, &step)).await,
            Backend::Postgres(db) => postgres::anomalies::record_step(db, &step).await,
        }
    }

    /// Every flag of a campaign's responses, by response then reason.
    pub async fn campaign_flags(&self, campaign: i64) -> Result<Vec<StoredFlag>> {
        match &*self.backend {
            Backend::Sqlite(db) => db.read(move |c| sqlite::anomalies::flags(c, campaign)).await,
            Backend::Postgres(db) => postgres::anomalies::flags(&db.client().await?, campaign).await,
        }
    }

    /// Writes group flags found apart from a step (the days against the visitor counts) and
    /// notes when they were looked for; returns the flags newly written.
    pub async fn record_visitor_check(&self, campaign: i64, groups: Vec<GroupFlag>, at: Timestamp) -> Result<u64> {
        match &*self.backend {
            Backend::Sqlite(db) => {
                db.write(move |tx| sqlite::anomalies::record_visitor_check(tx, campaign, &groups, at)).await
            }
            Backend::Postgres(db) => postgres::anomalies::record_visitor_check(db, campaign, &groups, at).await,
        }
    }
}
