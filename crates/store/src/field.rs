//! The store's field-collection surface: visitor counts, daily field reports and their photos,
//! paper batches and double-entry checks, and counter kiosks.

use jiff::Timestamp;
use jiff::civil::Date;

use crate::{Backend, Result, Store, postgres, sqlite};

/// People served at a point on one day, as entered or imported.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VisitorCount {
    pub point_id: i64,
    pub day: Date,
    pub visitors: i64,
}

#[derive(Debug, Clone)]
pub struct VisitorCountRecord {
    pub point_id: i64,
    pub day: Date,
    pub visitors: i64,
    /// Who entered it (their username), if the account still exists.
    pub entered_by: Option<String>,
    pub entered_at: Timestamp,
}

#[derive(Debug, Clone)]
pub struct NewPhoto {
    pub content_type: String,
    pub bytes: Vec<u8>,
}

#[derive(Debug, Clone)]
pub struct NewFieldReport {
    pub campaign_id: i64,
    pub point_id: i64,
    pub day: Date,
    pub assisted: i64,
    pub notes: String,
    pub filed_by: i64,
    /// Added to the photos the day's report already has.
    pub photos: Vec<NewPhoto>,
}

#[derive(Debug, Clone)]
pub struct FieldReportRecord {
    pub id: i64,
    pub point_id: i64,
    pub day: Date,
    pub assisted: i64,
    pub notes: String,
    pub filed_by: Option<String>,
    pub filed_at: Timestamp,
    pub photo_ids: Vec<i64>,
}

#[derive(Debug, Clone)]
pub struct PhotoRecord {
    pub campaign_id: i64,
    pub point_id: i64,
    pub content_type: String,
    pub bytes: Vec<u8>,
}

/// Where paper slips came from: typed by a clerk, or a file of results.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PaperSource {
    Keyboard,
    Import,
}

impl PaperSource {
    pub fn as_str(self) -> &'static str {
        match self {
            PaperSource::Keyboard => "keyboard",
            PaperSource::Import => "import",
        }
    }

    pub fn parse(s: &str) -> Option<PaperSource> {
        match s {
            "keyboard" => Some(PaperSource::Keyboard),
            "import" => Some(PaperSource::Import),
            _ => None,
        }
    }
}

#[derive(Debug, Clone)]
pub struct NewPaperBatch {
    pub campaign_id: i64,
    pub point_id: i64,
    pub day: Date,
    pub clerk_id: i64,
    pub source: PaperSource,
}

#[derive(Debug, Clone)]
pub struct PaperBatchRecord {
    pub id: i64,
    pub campaign_id: i64,
    pub point_id: i64,
    pub day: Date,
    pub clerk_id: i64,
    pub clerk: String,
    pub source: PaperSource,
    pub created_at: Timestamp,
    pub slips: i64,
}

/// The paper slip a response was typed from; stored with the response, in its transaction.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PaperSlip {
    pub serial: String,
    pub batch_id: i64,
    pub entered_by: i64,
    pub entered_at: Timestamp,
}

/// A slip entered twice: by the clerk whose entry counts and by the checking clerk.
#[derive(Debug, Clone)]
pub struct PaperCheckPair {
    pub point_id: i64,
    pub serial: String,
    pub checked_by: String,
    /// The check's answers (JSON object), and the counted entry's if there is one.
    pub check: String,
    pub entry: Option<String>,
    pub entered_by: Option<String>,
}

#[derive(Debug, Clone)]
pub struct NewKiosk {
    pub point_id: i64,
    pub label: String,
    pub idle_seconds: i64,
    pub enrolment_hash: String,
    pub enrolment_expires_at: Timestamp,
    pub created_by: i64,
}

#[derive(Debug, Clone)]
pub struct KioskRecord {
    pub id: i64,
    pub point_id: i64,
    pub label: String,
    pub idle_seconds: i64,
    /// Still waiting for its enrolment code to be typed on the tablet, until this instant.
    pub enrolment_expires_at: Option<Timestamp>,
    pub enrolled_at: Option<Timestamp>,
    pub last_seen_at: Option<Timestamp>,
    /// Answers waiting on the device at its last heartbeat.
    pub queued: i64,
    pub revoked_at: Option<Timestamp>,
}

impl Store {
    // --- visitor counts ---------------------------------------------------------------------

    /// Sets each point's count for its day (replacing an earlier entry), all or nothing.
    pub async fn set_visitor_counts(
        &self,
        campaign: i64,
        counts: Vec<VisitorCount>,
        entered_by: i64,
        now: Timestamp,
    ) -> Result<()> {
        match &*self.backend {
            Backend::Sqlite(db) => {
                db.write(move |tx| sqlite::field::set_visitor_counts(tx, campaign, &counts, entered_by, now)).await
            }
            Backend::Postgres(db) => postgres::field::set_visitor_counts(db, campaign, &counts, entered_by, now).await,
        }
    }

    /// Visitors per point over the whole campaign.
    pub async fn visitor_totals(&self, campaign: i64) -> Result<Vec<(i64, i64)>> {
        match &*self.backend {
            Backend::Sqlite(db) => db.read(move |c| sqlite::field::visitor_totals(c, campaign)).await,
            Backend::Postgres(db) => postgres::field::visitor_totals(&db.client().await?, campaign).await,
        }
    }

    /// Every count entered for the campaign, by day then point.
    pub async fn visitor_counts(&self, campaign: i64) -> Result<Vec<VisitorCountRecord>> {
        match &*self.backend {
            Backend::Sqlite(db) => db.read(move |c| sqlite::field::visitor_counts(c, campaign)).await,
            Backend::Postgres(db) => postgres::field::visitor_counts(&db.client().await?, campaign).await,
        }
    }

    // --- field reports ----------------------------------------------------------------------

    /// Files (or refiles) a point's report for a day; returns the report's id.
    pub async fn file_field_report(&self, report: NewFieldReport, now: Timestamp) -> Result<i64> {
        match &*self.backend {
            Backend::Sqlite(db) => db.write(move |tx| sqlite::field::file_report(tx, &report, now)).await,
            Backend::Postgres(db) => postgres::field::file_report(db, &report, now).await,
        }
    }

    /// Reports of the campaign, newest day first; one day's only when `day` is given.
    pub async fn field_reports(&self, campaign: i64, day: Option<Date>) -> Result<Vec<FieldReportRecord>> {
        match &*self.backend {
            Backend::Sqlite(db) => db.read(move |c| sqlite::field::reports(c, campaign, day)).await,
            Backend::Postgres(db) => postgres::field::reports(&db.client().await?, campaign, day).await,
        }
    }

    /// Points that filed a report for `day`.
    pub async fn reported_points(&self, campaign: i64, day: Date) -> Result<Vec<i64>> {
        match &*self.backend {
            Backend::Sqlite(db) => db.read(move |c| sqlite::field::reported_points(c, campaign, day)).await,
            Backend::Postgres(db) => postgres::field::reported_points(&db.client().await?, campaign, day).await,
        }
    }

    pub async fn field_photo(&self, id: i64) -> Result<Option<PhotoRecord>> {
        match &*self.backend {
            Backend::Sqlite(db) => db.read(move |c| sqlite::field::photo(c, id)).await,
            Backend::Postgres(db) => postgres::field::photo(&db.client().await?, id).await,
        }
    }

    // --- paper ------------------------------------------------------------------------------

    pub async fn create_paper_batch(&self, batch: NewPaperBatch, now: Timestamp) -> Result<i64> {
        match &*self.backend {
            Backend::Sqlite(db) => db.write(move |tx| sqlite::paper::create_batch(tx, &batch, now)).await,
            Backend::Postgres(db) => postgres::paper::create_batch(&db.client().await?, &batch, now).await,
        }
    }

    pub async fn paper_batch(&self, id: i64) -> Result<Option<PaperBatchRecord>> {
        match &*self.backend {
            Backend::Sqlite(db) => db.read(move |c| sqlite::paper::batch(c, id)).await,
            Backend::Postgres(db) => postgres::paper::batch(&db.client().await?, id).await,
        }
    }

    /// The campaign's batches, newest first.
    pub async fn paper_batches(&self, campaign: i64) -> Result<Vec<PaperBatchRecord>> {
        match &*self.backend {
            Backend::Sqlite(db) => db.read(move |c| sqlite::paper::batches(c, campaign)).await,
            Backend::Postgres(db) => postgres::paper::batches(&db.client().await?, campaign).await,
        }
    }

    /// Serial numbers already entered at a point, for refusing a duplicate before writing.
    pub async fn paper_serials(&self, campaign: i64, point: i64) -> Result<Vec<String>> {
        match &*self.backend {
            Backend::Sqlite(db) => db.read(move |c| sqlite::paper::serials(c, campaign, point)).await,
            Backend::Postgres(db) => postgres::paper::serials(&db.client().await?, campaign, point).await,
        }
    }

    /// Records a checking clerk's entry of a slip (replacing their earlier one).
    pub async fn record_paper_check(
        &self,
        campaign: i64,
        point: i64,
        serial: String,
        answers: String,
        entered_by: i64,
        now: Timestamp,
    ) -> Result<()> {
        match &*self.backend {
            Backend::Sqlite(db) => {
                db.write(move |tx| sqlite::paper::record_check(tx, campaign, point, &serial, &answers, entered_by, now))
                    .await
            }
            Backend::Postgres(db) => {
                postgres::paper::record_check(&db.client().await?, campaign, point, &serial, &answers, entered_by, now)
                    .await
            }
        }
    }

    /// Every check entry beside the counted entry of the same slip.
    pub async fn paper_check_pairs(&self, campaign: i64) -> Result<Vec<PaperCheckPair>> {
        match &*self.backend {
            Backend::Sqlite(db) => db.read(move |c| sqlite::paper::check_pairs(c, campaign)).await,
            Backend::Postgres(db) => postgres::paper::check_pairs(&db.client().await?, campaign).await,
        }
    }

    // --- kiosks -----------------------------------------------------------------------------

    pub async fn create_kiosk(&self, kiosk: NewKiosk, now: Timestamp) -> Result<i64> {
        match &*self.backend {
            Backend::Sqlite(db) => db.write(move |tx| sqlite::kiosks::create(tx, &kiosk, now)).await,
            Backend::Postgres(db) => postgres::kiosks::create(&db.client().await?, &kiosk, now).await,
        }
    }

    /// Trades an unexpired, unused enrolment code for a device token; `None` if the code is
    /// unknown, used, expired or its kiosk revoked.
    pub async fn enrol_kiosk(
        &self,
        enrolment_hash: String,
        device_hash: String,
        now: Timestamp,
    ) -> Result<Option<KioskRecord>> {
        match &*self.backend {
            Backend::Sqlite(db) => {
                db.write(move |tx| sqlite::kiosks::enrol(tx, &enrolment_hash, &device_hash, now)).await
            }
            Backend::Postgres(db) => {
                postgres::kiosks::enrol(&db.client().await?, &enrolment_hash, &device_hash, now).await
            }
        }
    }

    /// The enrolled, unrevoked kiosk holding this device token.
    pub async fn kiosk_by_device(&self, device_hash: String) -> Result<Option<KioskRecord>> {
        match &*self.backend {
            Backend::Sqlite(db) => db.read(move |c| sqlite::kiosks::by_device(c, &device_hash)).await,
            Backend::Postgres(db) => postgres::kiosks::by_device(&db.client().await?, &device_hash).await,
        }
    }

    pub async fn kiosk_heartbeat(&self, id: i64, queued: i64, now: Timestamp) -> Result<()> {
        match &*self.backend {
            Backend::Sqlite(db) => db.write(move |tx| sqlite::kiosks::heartbeat(tx, id, queued, now)).await,
            Backend::Postgres(db) => postgres::kiosks::heartbeat(&db.client().await?, id, queued, now).await,
        }
    }

    /// Every kiosk, newest first.
    pub async fn kiosks(&self) -> Result<Vec<KioskRecord>> {
        match &*self.backend {
            Backend::Sqlite(db) => db.read(sqlite::kiosks::all).await,
            Backend::Postgres(db) => postgres::kiosks::all(&db.client().await?).await,
        }
    }

    pub async fn revoke_kiosk(&self, id: i64, now: Timestamp) -> Result<()> {
        match &*self.backend {
            Backend::Sqlite(db) => db.write(move |tx| sqlite::kiosks::revoke(tx, id, now)).await,
            Backend::Postgres(db) => postgres::kiosks::revoke(&db.client().await?, id, now).await,
        }
    }

    // --- point tokens -----------------------------------------------------------------------

    /// Revokes the point's current token without a replacement: its posters stop working.
    pub async fn revoke_token(&self, unit: i64, now: Timestamp) -> Result<()> {
        match &*self.backend {
            Backend::Sqlite(db) => db.write(move |tx| sqlite::tokens::revoke(tx, unit, now)).await,
            Backend::Postgres(db) => postgres::tokens::revoke(&db.client().await?, unit, now).await,
        }
    }
}
