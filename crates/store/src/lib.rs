//! The only crate that speaks SQL. The rest of the program sees one concrete [`Store`]; inside
//! it a backend enum picks the dialect. Each backend keeps its SQL in modules with the same
//! names (`sqlite/units.rs` and `postgres/units.rs`, …), so comparing the folders shows every
//! difference between dialects.
//!
//! Responses are written by one writer per instance that batches concurrent submissions into
//! one transaction (group commit): a response and its tally updates commit together, and the
//! caller is answered only after the commit.

mod administration;
mod anomalies;
mod comments;
mod contacts;
mod copy;
mod error;
mod exports;
mod field;
mod integrity;
mod limits;
mod migrations;
mod model;
mod postgres;
mod recognition;
mod review;
mod sqlite;
mod stats;
mod tables;
#[cfg(feature = "test-support")]
pub mod test_database;
mod url;
mod verification;

use std::path::Path;
use std::sync::Arc;

use domain::accounts::Role;
use domain::campaigns::{Campaign, CampaignCode, CampaignStatus};
use domain::instruments::Instrument;
use domain::quota::QuotaRule;
use domain::results::View;
use domain::signing::SigningKey;
use domain::units::import::{ExistingUnit, ImportPlan};
use domain::units::{Unit, UnitCode};
use jiff::Timestamp;
use jiff::civil::Date;

pub use anomalies::*;
pub use comments::{CommentCount, CommentQuery};
pub use contacts::StoredContact;
pub use copy::TableCount;
pub use error::StoreError;
pub use exports::{ExportFileRecord, ExportStatus, NewExportFile};
pub use field::*;
pub use integrity::{FlagCount, PointFlagCount};
pub use migrations::{MIGRATIONS, Migration};
pub use model::*;
pub use review::{AnswerSpread, DecisionCount, DecisionOutcome, GroupDecision, GroupKey, ReviewGroupRow};
pub use stats::StoreStats;
pub use url::{DatabaseUrl, redact};
pub use verification::{CodeBatchKind, CodeBatchPart, IssuedCode, NewCodeBatch, PointCodeCounts};

pub type Result<T, E = StoreError> = std::result::Result<T, E>;

/// How a store is opened.
#[derive(Debug, Clone)]
pub struct StoreOptions {
    /// Apply pending migrations on open (the default; deployments with several instances run
    /// `hailong migrate` once per release instead).
    pub migrate: bool,
    /// Connections for reads (SQLite) or the pool size (PostgreSQL).
    pub read_connections: usize,
}

impl Default for StoreOptions {
    fn default() -> Self {
        StoreOptions { migrate: true, read_connections: 4 }
    }
}

/// The database, whichever it is. Cheap to clone.
#[derive(Clone, Debug)]
pub struct Store {
    backend: Arc<Backend>,
}

#[derive(Debug)]
enum Backend {
    Sqlite(sqlite::Db),
    Postgres(postgres::Db),
}

impl Store {
    pub async fn open(url: &DatabaseUrl, options: &StoreOptions) -> Result<Store> {
        let backend = match url {
            DatabaseUrl::Sqlite(path) => Backend::Sqlite(sqlite::Db::open(path, options).await?),
            DatabaseUrl::Postgres(url) => Backend::Postgres(postgres::Db::open(url, options).await?),
        };
        Ok(Store { backend: Arc::new(backend) })
    }

    /// Waits until every queued write has committed, then stops the writer.
    pub async fn close(&self) {
        match &*self.backend {
            Backend::Sqlite(db) => db.close().await,
            Backend::Postgres(db) => db.close().await,
        }
    }

    pub fn backend_name(&self) -> &'static str {
        match &*self.backend {
            Backend::Sqlite(_) => "sqlite",
            Backend::Postgres(_) => "postgres",
        }
    }

    /// Counters since start: ingest commits and outcomes, queue depth, connections.
    pub fn stats(&self) -> StoreStats {
        match &*self.backend {
            Backend::Sqlite(db) => db.stats(),
            Backend::Postgres(db) => db.stats(),
        }
    }

    /// Applied migrations, oldest first.
    pub async fn applied_migrations(&self) -> Result<Vec<AppliedMigration>> {
        match &*self.backend {
            Backend::Sqlite(db) => db.read(sqlite::migrate::applied).await,
            Backend::Postgres(db) => postgres::migrate::applied(&db.client().await?).await,
        }
    }

    /// A cheap round trip, for health checks.
    pub async fn ping(&self) -> Result<()> {
        match &*self.backend {
            Backend::Sqlite(db) => db.read(|c| Ok(c.query_row("SELECT 1", [], |_| Ok(()))?)).await,
            Backend::Postgres(db) => db.client().await?.simple_query("SELECT 1").await.map(|_| ()).map_err(Into::into),
        }
    }

    /// Copies an SQLite database to `destination` while it is in use (SQLite's online
    /// backup). PostgreSQL is backed up with `pg_dump` (see docs/DEPLOYMENT.md).
    pub async fn backup_to(&self, destination: &Path) -> Result<()> {
        match &*self.backend {
            Backend::Sqlite(db) => {
                let destination = destination.to_path_buf();
                db.read(move |c| sqlite::backup::to_file(c, &destination)).await
            }
            Backend::Postgres(_) => Err(StoreError::Unsupported(
                "a PostgreSQL database is backed up with pg_dump -Fc (see docs/DEPLOYMENT.md)".into(),
            )),
        }
    }

    /// Rows per table, parents first.
    pub async fn table_counts(&self) -> Result<Vec<(&'static str, i64)>> {
        copy::counts(self).await
    }

    /// Folds the count journals into the tallies now (writers do it about once a second).
    pub async fn fold_counts(&self) -> Result<()> {
        match &*self.backend {
            Backend::Sqlite(db) => db.write(sqlite::tallies::fold).await,
            Backend::Postgres(db) => postgres::tallies::fold(db.pool()).await.map(|_| ()),
        }
    }

    /// Copies every row of this store into `target`, which must be freshly migrated and empty,
    /// in one transaction on the target; then counts each table on both sides.
    pub async fn copy_to(&self, target: &Store) -> Result<Vec<TableCount>> {
        copy::run(self, target).await
    }

    /// Brings the planner's statistics and the visibility map up to date after a bulk load, as
    /// autovacuum would some time later (PostgreSQL; SQLite needs neither): without statistics
    /// the planner knows nothing of a column's values, and until a table's pages are marked
    /// all-visible an index-only scan (the comments' counts) still reads the table. Tables
    /// without rows are left as they are.
    pub async fn vacuum_analyze(&self) -> Result<()> {
        match &*self.backend {
            Backend::Sqlite(_) => Ok(()),
            Backend::Postgres(db) => db.vacuum_analyze().await,
        }
    }

    // --- settings ---------------------------------------------------------------------------

    /// The deployment's signing key, created on first use and shared by every instance.
    pub async fn signing_key(&self) -> Result<SigningKey> {
        match &*self.backend {
            Backend::Sqlite(db) => db.write(sqlite::settings::signing_key).await,
            Backend::Postgres(db) => postgres::settings::signing_key(&db.client().await?).await,
        }
    }

    // --- units ------------------------------------------------------------------------------

    pub async fn existing_units(&self) -> Result<Vec<ExistingUnit>> {
        match &*self.backend {
            Backend::Sqlite(db) => db.read(sqlite::units::existing).await,
            Backend::Postgres(db) => postgres::units::existing(&db.client().await?).await,
        }
    }

    /// Applies a checked import in one transaction and gives every new service point a QR
    /// token.
    pub async fn apply_unit_import(&self, plan: ImportPlan, key: SigningKey, now: Timestamp) -> Result<ImportSummary> {
        match &*self.backend {
            Backend::Sqlite(db) => db.write(move |tx| sqlite::units::apply_import(tx, &plan, &key, now)).await,
            Backend::Postgres(db) => postgres::units::apply_import(db, &plan, &key, now).await,
        }
    }

    pub async fn units(&self) -> Result<Vec<Unit>> {
        match &*self.backend {
            Backend::Sqlite(db) => db.read(sqlite::units::all).await,
            Backend::Postgres(db) => postgres::units::all(&db.client().await?).await,
        }
    }

    pub async fn unit(&self, id: i64) -> Result<Option<Unit>> {
        match &*self.backend {
            Backend::Sqlite(db) => db.read(move |c| sqlite::units::by_id(c, id)).await,
            Backend::Postgres(db) => postgres::units::by_id(&db.client().await?, id).await,
        }
    }

    /// The unit with `code` that is valid on `day`.
    pub async fn unit_by_code(&self, code: &UnitCode, day: Date) -> Result<Option<Unit>> {
        match &*self.backend {
            Backend::Sqlite(db) => {
                let code = code.clone();
                db.read(move |c| sqlite::units::by_code(c, &code, day)).await
            }
            Backend::Postgres(db) => postgres::units::by_code(&db.client().await?, code, day).await,
        }
    }

    /// Service points in the subtree of `root` (itself included) that are valid on `day`.
    pub async fn service_points_under(&self, root: i64, day: Date) -> Result<Vec<Unit>> {
        match &*self.backend {
            Backend::Sqlite(db) => db.read(move |c| sqlite::units::service_points_under(c, root, day)).await,
            Backend::Postgres(db) => postgres::units::service_points_under(&db.client().await?, root, day).await,
        }
    }

    // --- QR tokens --------------------------------------------------------------------------

    /// The service point a QR token belongs to, with its ancestors (nearest first).
    pub async fn point_by_token(&self, token: &str) -> Result<Option<PointByToken>> {
        let token = token.to_ascii_lowercase();
        match &*self.backend {
            Backend::Sqlite(db) => db.read(move |c| sqlite::tokens::point_by_token(c, &token)).await,
            Backend::Postgres(db) => postgres::tokens::point_by_token(&db.client().await?, &token).await,
        }
    }

    /// Revokes a point's QR token and mints a new one, which it returns.
    pub async fn rotate_token(&self, unit_id: i64, key: SigningKey, now: Timestamp) -> Result<String> {
        match &*self.backend {
            Backend::Sqlite(db) => db.write(move |tx| sqlite::tokens::rotate(tx, unit_id, &key, now)).await,
            Backend::Postgres(db) => postgres::tokens::rotate(db, unit_id, &key, now).await,
        }
    }

    /// The current (unrevoked) token of each service point in `unit_ids`.
    pub async fn current_tokens(&self, unit_ids: Vec<i64>) -> Result<Vec<(i64, String)>> {
        match &*self.backend {
            Backend::Sqlite(db) => db.read(move |c| sqlite::tokens::current(c, &unit_ids)).await,
            Backend::Postgres(db) => postgres::tokens::current(&db.client().await?, &unit_ids).await,
        }
    }

    // --- instruments ------------------------------------------------------------------------

    /// Stores an instrument version, or checks it against the stored one: a version that
    /// already has responses is frozen and may not change.
    pub async fn sync_instrument(&self, instrument: Arc<Instrument>, now: Timestamp) -> Result<InstrumentSync> {
        match &*self.backend {
            Backend::Sqlite(db) => db.write(move |tx| sqlite::instruments::sync(tx, &instrument, now)).await,
            Backend::Postgres(db) => postgres::instruments::sync(db, &instrument, now).await,
        }
    }

    pub async fn instruments(&self) -> Result<Vec<InstrumentRecord>> {
        match &*self.backend {
            Backend::Sqlite(db) => db.read(sqlite::instruments::all).await,
            Backend::Postgres(db) => postgres::instruments::all(&db.client().await?).await,
        }
    }

    pub async fn instrument(&self, id: i64) -> Result<Option<InstrumentRecord>> {
        match &*self.backend {
            Backend::Sqlite(db) => db.read(move |c| sqlite::instruments::by_id(c, id)).await,
            Backend::Postgres(db) => postgres::instruments::by_id(&db.client().await?, id).await,
        }
    }

    // --- campaigns --------------------------------------------------------------------------

    pub async fn create_campaign(&self, new: NewCampaign, now: Timestamp) -> Result<Campaign> {
        match &*self.backend {
            Backend::Sqlite(db) => db.write(move |tx| sqlite::campaigns::create(tx, &new, now)).await,
            Backend::Postgres(db) => postgres::campaigns::create(db, &new, now).await,
        }
    }

    pub async fn set_campaign_status(&self, id: i64, status: CampaignStatus, now: Timestamp) -> Result<()> {
        match &*self.backend {
            Backend::Sqlite(db) => db.write(move |tx| sqlite::campaigns::set_status(tx, id, status, now)).await,
            Backend::Postgres(db) => postgres::campaigns::set_status(&db.client().await?, id, status, now).await,
        }
    }

    /// Changes a campaign's name, window and quota rule.
    pub async fn update_campaign(&self, id: i64, edit: CampaignEdit, now: Timestamp) -> Result<()> {
        match &*self.backend {
            Backend::Sqlite(db) => db.write(move |tx| sqlite::campaigns::update(tx, id, &edit, now)).await,
            Backend::Postgres(db) => postgres::campaigns::update(&db.client().await?, id, &edit, now).await,
        }
    }

    pub async fn campaign_quota(&self, id: i64) -> Result<QuotaRule> {
        match &*self.backend {
            Backend::Sqlite(db) => db.read(move |c| sqlite::campaigns::quota(c, id)).await,
            Backend::Postgres(db) => postgres::campaigns::quota(&db.client().await?, id).await,
        }
    }

    pub async fn campaign(&self, id: i64) -> Result<Option<Campaign>> {
        match &*self.backend {
            Backend::Sqlite(db) => db.read(move |c| sqlite::campaigns::by_id(c, id)).await,
            Backend::Postgres(db) => postgres::campaigns::by_id(&db.client().await?, id).await,
        }
    }

    pub async fn campaign_by_code(&self, code: &CampaignCode) -> Result<Option<Campaign>> {
        match &*self.backend {
            Backend::Sqlite(db) => {
                let code = code.clone();
                db.read(move |c| sqlite::campaigns::by_code(c, &code)).await
            }
            Backend::Postgres(db) => postgres::campaigns::by_code(&db.client().await?, code).await,
        }
    }

    /// Every campaign with its number of points and responses, newest first.
    pub async fn campaigns(&self) -> Result<Vec<CampaignSummary>> {
        match &*self.backend {
            Backend::Sqlite(db) => db.read(sqlite::campaigns::all).await,
            Backend::Postgres(db) => postgres::campaigns::all(&db.client().await?).await,
        }
    }

    /// Campaigns in draft or open status that include any of `points`, for overlap checks.
    pub async fn live_campaigns_at(&self, points: Vec<i64>) -> Result<Vec<CampaignAtPoint>> {
        match &*self.backend {
            Backend::Sqlite(db) => db.read(move |c| sqlite::campaigns::live_at(c, &points)).await,
            Backend::Postgres(db) => postgres::campaigns::live_at(&db.client().await?, &points).await,
        }
    }

    /// The campaign that takes answers at `point` at `now`: a windowed campaign if one is
    /// running, else the point's always-on campaign.
    pub async fn active_campaign(&self, point: i64, now: Timestamp) -> Result<Option<Campaign>> {
        match &*self.backend {
            Backend::Sqlite(db) => db.read(move |c| sqlite::campaigns::active_at(c, point, now)).await,
            Backend::Postgres(db) => postgres::campaigns::active_at(&db.client().await?, point, now).await,
        }
    }

    pub async fn campaign_points(&self, campaign: i64) -> Result<Vec<Unit>> {
        match &*self.backend {
            Backend::Sqlite(db) => db.read(move |c| sqlite::campaigns::points(c, campaign)).await,
            Backend::Postgres(db) => postgres::campaigns::points(&db.client().await?, campaign).await,
        }
    }

    pub async fn campaign_has_point(&self, campaign: i64, point: i64) -> Result<bool> {
        match &*self.backend {
            Backend::Sqlite(db) => db.read(move |c| sqlite::campaigns::has_point(c, campaign, point)).await,
            Backend::Postgres(db) => postgres::campaigns::has_point(&db.client().await?, campaign, point).await,
        }
    }

    // --- responses and tallies --------------------------------------------------------------

    /// Stores a response and its tally updates in one transaction, batched with concurrent
    /// submissions. Returns only after the commit.
    pub async fn ingest(&self, response: NewResponse) -> Result<IngestOutcome> {
        match &*self.backend {
            Backend::Sqlite(db) => db.ingest(response).await,
            Backend::Postgres(db) => db.ingest(response).await,
        }
    }

    /// Stores many responses at once (demo data, imports): same checks, same transaction
    /// boundaries as `ingest`, without a round trip per response.
    pub async fn ingest_many(&self, responses: Vec<NewResponse>) -> Result<Vec<IngestOutcome>> {
        match &*self.backend {
            Backend::Sqlite(db) => db.ingest_many(responses).await,
            Backend::Postgres(db) => db.ingest_many(responses).await,
        }
    }

    /// A campaign's tallies over the responses `view` counts.
    pub async fn tallies(&self, campaign: i64, view: View) -> Result<Vec<TallyRow>> {
        if view.only_verified() {
            return self.verified_tallies(campaign).await;
        }
        let leave_out = view.leaves_out_excluded();
        match &*self.backend {
            Backend::Sqlite(db) => db.read(move |c| sqlite::tallies::for_campaign(c, campaign, leave_out)).await,
            Backend::Postgres(db) => postgres::tallies::for_campaign(&db.client().await?, campaign, leave_out).await,
        }
    }

    /// The tallies of `points` only.
    pub async fn tallies_of_points(&self, campaign: i64, points: Vec<i64>) -> Result<Vec<TallyRow>> {
        match &*self.backend {
            Backend::Sqlite(db) => db.read(move |c| sqlite::tallies::for_points(c, campaign, &points)).await,
            Backend::Postgres(db) => postgres::tallies::for_points(&db.client().await?, campaign, &points).await,
        }
    }

    /// Responses per point, day and channel among those `view` counts.
    pub async fn daily_counts(&self, campaign: i64, view: View) -> Result<Vec<DailyCount>> {
        if view.only_verified() {
            return self.verified_daily_counts(campaign).await;
        }
        let leave_out = view.leaves_out_excluded();
        match &*self.backend {
            Backend::Sqlite(db) => db.read(move |c| sqlite::tallies::daily_counts(c, campaign, leave_out)).await,
            Backend::Postgres(db) => postgres::tallies::daily_counts(&db.client().await?, campaign, leave_out).await,
        }
    }

    /// Responses per day over `points` (`None`: every point of the campaign) among those `view`
    /// counts, in order of days.
    pub async fn daily_totals(&self, campaign: i64, view: View, points: Option<Vec<i64>>) -> Result<Vec<(Date, i64)>> {
        let leave_out = view.leaves_out_excluded();
        match (&*self.backend, view.only_verified()) {
            (Backend::Sqlite(db), false) => {
                db.read(move |c| sqlite::tallies::daily_totals(c, campaign, leave_out, points.as_deref())).await
            }
            (Backend::Sqlite(db), true) => {
                db.read(move |c| sqlite::verification::daily_totals(c, campaign, points.as_deref())).await
            }
            (Backend::Postgres(db), false) => {
                let client = db.client().await?;
                postgres::tallies::daily_totals(&client, campaign, leave_out, points.as_deref()).await
            }
            (Backend::Postgres(db), true) => {
                postgres::verification::daily_totals(&db.client().await?, campaign, points.as_deref()).await
            }
        }
    }

    /// Responses per point of a campaign among those `view` counts: `(point id, responses)`.
    pub async fn point_totals(&self, campaign: i64, view: View) -> Result<Vec<(i64, i64)>> {
        if view.only_verified() {
            return self.verified_point_totals(campaign).await;
        }
        let leave_out = view.leaves_out_excluded();
        match &*self.backend {
            Backend::Sqlite(db) => db.read(move |c| sqlite::tallies::point_totals(c, campaign, leave_out)).await,
            Backend::Postgres(db) => postgres::tallies::point_totals(&db.client().await?, campaign, leave_out).await,
        }
    }

    /// Responses per point on one day.
    pub async fn counts_on_day(&self, campaign: i64, day: Date) -> Result<Vec<(i64, i64)>> {
        match &*self.backend {
            Backend::Sqlite(db) => db.read(move |c| sqlite::tallies::counts_on_day(c, campaign, day)).await,
            Backend::Postgres(db) => postgres::tallies::counts_on_day(&db.client().await?, campaign, day).await,
        }
    }

    /// Up to `limit` responses of a campaign that `view` counts, with ids above `after`, in id
    /// order.
    pub async fn responses_page(
        &self,
        campaign: i64,
        after: i64,
        limit: i64,
        view: View,
    ) -> Result<Vec<StoredResponse>> {
        match &*self.backend {
            Backend::Sqlite(db) => db.read(move |c| sqlite::responses::page(c, campaign, after, limit, view)).await,
            Backend::Postgres(db) => postgres::responses::page(&db.client().await?, campaign, after, limit, view).await,
        }
    }

    /// Counts every stored response again from scratch, for checking the tallies.
    pub async fn recount(&self, campaign: i64) -> Result<Vec<TallyRow>> {
        self.recount_view(campaign, View::All).await
    }

    /// Counts the responses `view` counts again from scratch, for checking counted results.
    pub async fn recount_view(&self, campaign: i64, view: View) -> Result<Vec<TallyRow>> {
        match &*self.backend {
            Backend::Sqlite(db) => db.read(move |c| sqlite::responses::recount(c, campaign, view)).await,
            Backend::Postgres(db) => postgres::responses::recount(&db.client().await?, campaign, view).await,
        }
    }

    pub async fn response_count(&self, campaign: i64) -> Result<i64> {
        match &*self.backend {
            Backend::Sqlite(db) => db.read(move |c| sqlite::responses::count(c, campaign)).await,
            Backend::Postgres(db) => postgres::responses::count(&db.client().await?, campaign).await,
        }
    }

    pub async fn response_by_client_id(&self, client_id: &str) -> Result<Option<StoredResponse>> {
        match &*self.backend {
            Backend::Sqlite(db) => {
                let client_id = client_id.to_owned();
                db.read(move |c| sqlite::responses::by_client_id(c, &client_id)).await
            }
            Backend::Postgres(db) => postgres::responses::by_client_id(&db.client().await?, client_id).await,
        }
    }

    // --- accounts and sessions --------------------------------------------------------------

    pub async fn create_user(&self, new: NewUser, now: Timestamp) -> Result<i64> {
        match &*self.backend {
            Backend::Sqlite(db) => db.write(move |tx| sqlite::accounts::create_user(tx, &new, now)).await,
            Backend::Postgres(db) => postgres::accounts::create_user(&db.client().await?, &new, now).await,
        }
    }

    pub async fn set_password(&self, username: &str, password_hash: String) -> Result<()> {
        match &*self.backend {
            Backend::Sqlite(db) => {
                let username = username.to_owned();
                db.write(move |tx| sqlite::accounts::set_password(tx, &username, &password_hash)).await
            }
            Backend::Postgres(db) => {
                postgres::accounts::set_password(&db.client().await?, username, &password_hash).await
            }
        }
    }

    pub async fn user_by_username(&self, username: &str) -> Result<Option<UserRecord>> {
        match &*self.backend {
            Backend::Sqlite(db) => {
                let username = username.to_owned();
                db.read(move |c| sqlite::accounts::by_username(c, &username)).await
            }
            Backend::Postgres(db) => postgres::accounts::by_username(&db.client().await?, username).await,
        }
    }

    pub async fn users_with_role(&self, role: Role) -> Result<Vec<UserRecord>> {
        match &*self.backend {
            Backend::Sqlite(db) => db.read(move |c| sqlite::accounts::with_role(c, role)).await,
            Backend::Postgres(db) => postgres::accounts::with_role(&db.client().await?, role).await,
        }
    }

    pub async fn create_session(&self, session: NewSession) -> Result<()> {
        match &*self.backend {
            Backend::Sqlite(db) => db.write(move |tx| sqlite::accounts::create_session(tx, &session)).await,
            Backend::Postgres(db) => postgres::accounts::create_session(db, &session).await,
        }
    }

    /// The live session with this id hash and its user, if the user is still enabled.
    pub async fn session(&self, id_hash: &str, now: Timestamp) -> Result<Option<SessionRecord>> {
        match &*self.backend {
            Backend::Sqlite(db) => {
                let id_hash = id_hash.to_owned();
                db.read(move |c| sqlite::accounts::session(c, &id_hash, now)).await
            }
            Backend::Postgres(db) => postgres::accounts::session(&db.client().await?, id_hash, now).await,
        }
    }

    pub async fn delete_session(&self, id_hash: &str) -> Result<()> {
        match &*self.backend {
            Backend::Sqlite(db) => {
                let id_hash = id_hash.to_owned();
                db.write(move |tx| sqlite::accounts::delete_session(tx, &id_hash)).await
            }
            Backend::Postgres(db) => postgres::accounts::delete_session(&db.client().await?, id_hash).await,
        }
    }

    /// Ends every session of a user (after a password reset).
    pub async fn delete_sessions_of(&self, user_id: i64) -> Result<()> {
        match &*self.backend {
            Backend::Sqlite(db) => db.write(move |tx| sqlite::accounts::delete_sessions_of(tx, user_id)).await,
            Backend::Postgres(db) => postgres::accounts::delete_sessions_of(&db.client().await?, user_id).await,
        }
    }

    /// Deletes sessions that have expired; returns how many.
    pub async fn delete_expired_sessions(&self, now: Timestamp) -> Result<u64> {
        match &*self.backend {
            Backend::Sqlite(db) => db.write(move |tx| sqlite::accounts::delete_expired_sessions(tx, now)).await,
            Backend::Postgres(db) => postgres::accounts::delete_expired_sessions(&db.client().await?, now).await,
        }
    }

    // --- jobs -------------------------------------------------------------------------------

    /// Enqueues a job; `None` if a job with the same dedup key already exists.
    pub async fn enqueue_job(&self, job: NewJob, now: Timestamp) -> Result<Option<i64>> {
        match &*self.backend {
            Backend::Sqlite(db) => db.write(move |tx| sqlite::jobs::enqueue(tx, &job, now)).await,
            Backend::Postgres(db) => postgres::jobs::enqueue(&db.client().await?, &job, now).await,
        }
    }

    /// Claims the next due job for `worker` until `lease_until`. Whatever the number of
    /// instances, a job is held by one worker at a time.
    pub async fn claim_job(&self, worker: &str, now: Timestamp, lease_until: Timestamp) -> Result<Option<ClaimedJob>> {
        match &*self.backend {
            Backend::Sqlite(db) => {
                let worker = worker.to_owned();
                db.write(move |tx| sqlite::jobs::claim(tx, &worker, now, lease_until)).await
            }
            Backend::Postgres(db) => postgres::jobs::claim(&db.client().await?, worker, now, lease_until).await,
        }
    }

    pub async fn finish_job(&self, id: i64, worker: &str, end: JobEnd, now: Timestamp) -> Result<()> {
        match &*self.backend {
            Backend::Sqlite(db) => {
                let worker = worker.to_owned();
                db.write(move |tx| sqlite::jobs::finish(tx, id, &worker, &end, now)).await
            }
            Backend::Postgres(db) => postgres::jobs::finish(&db.client().await?, id, worker, &end, now).await,
        }
    }

    /// The most recent jobs, newest first.
    pub async fn recent_jobs(&self, limit: i64) -> Result<Vec<JobRecord>> {
        match &*self.backend {
            Backend::Sqlite(db) => db.read(move |c| sqlite::jobs::recent(c, limit)).await,
            Backend::Postgres(db) => postgres::jobs::recent(&db.client().await?, limit).await,
        }
    }
}
