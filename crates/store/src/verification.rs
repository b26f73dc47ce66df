//! The store's verification surface: whether a campaign asks for codes, batches of codes
//! (generated or imported), what was issued and used per point, and the tallies of verified
//! responses. Codes are claimed by the ingest writers, in the transaction that stores the
//! response (`sqlite::verification::claim`, `postgres::verification::claim_all`).

use std::collections::BTreeMap;

use domain::integrity::FlagReason;
use domain::results::View;
use domain::verification::VerificationCode;
use jiff::Timestamp;

use crate::{Backend, DailyCount, Result, Store, TallyRow, postgres, sqlite};

/// How a batch of codes came to be.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CodeBatchKind {
    /// Drawn by the server, to print on slips.
    Generated,
    /// Dossier codes from the one-stop software, uploaded as a file.
    Imported,
}

impl CodeBatchKind {
    pub fn as_str(self) -> &'static str {
        match self {
            CodeBatchKind::Generated => "generated",
            CodeBatchKind::Imported => "imported",
        }
    }

    pub fn parse(raw: &str) -> Option<CodeBatchKind> {
        [CodeBatchKind::Generated, CodeBatchKind::Imported].into_iter().find(|k| k.as_str() == raw)
    }
}

/// Codes to store together, all or nothing.
#[derive(Debug, Clone)]
pub struct NewCodeBatch {
    pub campaign_id: i64,
    pub kind: CodeBatchKind,
    /// What the batch is: the file name of an import, or the point and count of a generation.
    pub label: String,
    pub created_by: Option<i64>,
    /// `(point id, code)`; codes are unique within the campaign.
    pub codes: Vec<(i64, VerificationCode)>,
}

/// One point's share of a batch, as the codes page lists batches.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CodeBatchPart {
    pub batch_id: i64,
    pub kind: CodeBatchKind,
    pub label: String,
    pub created_by: Option<String>,
    pub created_at: Timestamp,
    pub point_id: i64,
    pub codes: i64,
    pub used: i64,
}

/// A code of a batch, to print or download.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IssuedCode {
    pub point_id: i64,
    pub code: VerificationCode,
    pub used_at: Option<Timestamp>,
}

/// Codes and verified responses at one point of a campaign.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PointCodeCounts {
    pub point_id: i64,
    pub issued: i64,
    pub used: i64,
    /// Responses marked verified (each used one code).
    pub verified: i64,
    /// Responses that carried a code already used, unknown or of another point.
    pub refused_codes: i64,
}

impl Store {
    /// Whether the campaign's form asks for a code (off unless set).
    pub async fn campaign_verification(&self, campaign: i64) -> Result<bool> {
        match &*self.backend {
            Backend::Sqlite(db) => db.read(move |c| sqlite::verification::enabled(c, campaign)).await,
            Backend::Postgres(db) => postgres::verification::enabled(&db.client().await?, campaign).await,
        }
    }

    pub async fn set_campaign_verification(&self, campaign: i64, enabled: bool, now: Timestamp) -> Result<()> {
        match &*self.backend {
            Backend::Sqlite(db) => {
                db.write(move |tx| sqlite::verification::set_enabled(tx, campaign, enabled, now)).await
            }
            Backend::Postgres(db) => {
                postgres::verification::set_enabled(&db.client().await?, campaign, enabled, now).await
            }
        }
    }

    /// Stores a batch and its codes in one transaction; returns the batch's id. A code already
    /// in the campaign is a `Conflict` and stores nothing.
    pub async fn create_code_batch(&self, batch: NewCodeBatch, now: Timestamp) -> Result<i64> {
        match &*self.backend {
            Backend::Sqlite(db) => db.write(move |tx| sqlite::verification::create_batch(tx, &batch, now)).await,
            Backend::Postgres(db) => postgres::verification::create_batch(db, &batch, now).await,
        }
    }

    /// Which of `codes` the campaign already has.
    pub async fn existing_codes(&self, campaign: i64, codes: Vec<String>) -> Result<Vec<String>> {
        match &*self.backend {
            Backend::Sqlite(db) => db.read(move |c| sqlite::verification::existing(c, campaign, &codes)).await,
            Backend::Postgres(db) => postgres::verification::existing(&db.client().await?, campaign, &codes).await,
        }
    }

    /// The campaign's batches, newest first, one row per batch and point.
    pub async fn code_batches(&self, campaign: i64) -> Result<Vec<CodeBatchPart>> {
        match &*self.backend {
            Backend::Sqlite(db) => db.read(move |c| sqlite::verification::batches(c, campaign)).await,
            Backend::Postgres(db) => postgres::verification::batches(&db.client().await?, campaign).await,
        }
    }

    /// The codes of one batch of the campaign, by point and in the order they were made.
    pub async fn batch_codes(&self, campaign: i64, batch: i64) -> Result<Vec<IssuedCode>> {
        match &*self.backend {
            Backend::Sqlite(db) => db.read(move |c| sqlite::verification::batch_codes(c, campaign, batch)).await,
            Backend::Postgres(db) => postgres::verification::batch_codes(&db.client().await?, campaign, batch).await,
        }
    }

    /// Codes issued and used, verified responses and refused codes per point.
    pub async fn code_counts(&self, campaign: i64) -> Result<Vec<PointCodeCounts>> {
        match &*self.backend {
            Backend::Sqlite(db) => db.read(move |c| sqlite::verification::counts(c, campaign)).await,
            Backend::Postgres(db) => postgres::verification::counts(&db.client().await?, campaign).await,
        }
    }

    /// The tallies of the campaign's verified responses only, shaped as [`Store::tallies`].
    pub async fn verified_tallies(&self, campaign: i64) -> Result<Vec<TallyRow>> {
        match &*self.backend {
            Backend::Sqlite(db) => db.read(move |c| sqlite::verification::tallies(c, campaign)).await,
            Backend::Postgres(db) => postgres::verification::tallies(&db.client().await?, campaign).await,
        }
    }

    /// Verified responses per point, day and channel, shaped as [`Store::daily_counts`].
    pub async fn verified_daily_counts(&self, campaign: i64) -> Result<Vec<DailyCount>> {
        match &*self.backend {
            Backend::Sqlite(db) => db.read(move |c| sqlite::verification::daily(c, campaign)).await,
            Backend::Postgres(db) => postgres::verification::daily(&db.client().await?, campaign).await,
        }
    }

    /// Verified responses per point, shaped as [`Store::point_totals`]: their daily counts
    /// summed, as verified responses are few.
    pub async fn verified_point_totals(&self, campaign: i64) -> Result<Vec<(i64, i64)>> {
        let mut totals: BTreeMap<i64, i64> = BTreeMap::new();
        for day in self.verified_daily_counts(campaign).await? {
            *totals.entry(day.point_id).or_default() += day.n;
        }
        Ok(totals.into_iter().collect())
    }

    /// Whether the response was stored with a valid, unused code.
    pub async fn is_verified(&self, response: i64) -> Result<bool> {
        match &*self.backend {
            Backend::Sqlite(db) => db.read(move |c| sqlite::verification::is_verified(c, response)).await,
            Backend::Postgres(db) => postgres::verification::is_verified(&db.client().await?, response).await,
        }
    }
}

/// Why a response whose code could not be claimed is flagged. `found` is what the campaign
/// knows of the code: its point, that point's unit code and the response that used it.
pub(crate) fn flag_for(
    point: i64,
    code: &VerificationCode,
    found: Option<(i64, String, Option<i64>)>,
) -> (FlagReason, String) {
    match found {
        None => (FlagReason::CodeUnknown, format!("{code}: không được cấp trong đợt này")),
        Some((issued_at, unit_code, _)) if issued_at != point => {
            (FlagReason::CodeUnknown, format!("{code}: cấp cho điểm khác ({unit_code})"))
        }
        Some((_, _, Some(response))) => (FlagReason::CodeReused, format!("{code}: đã dùng cho phiếu {response}")),
        Some((_, _, None)) => (FlagReason::CodeReused, format!("{code}: đã được dùng")),
    }
}

/// The condition a row-level read of `responses` adds for `view`: only the verified ones (a
/// primary-key lookup in `response_verifications`), or nothing. The same SQL on both backends.
pub(crate) fn verified_only(view: View) -> &'static str {
    if view.only_verified() {
        " AND EXISTS (SELECT 1 FROM response_verifications c WHERE c.response_id = responses.id)"
    } else {
        ""
    }
}
