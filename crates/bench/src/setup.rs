//! Databases to measure on, prepared through the application itself (the same import,
//! campaign and ingest code as production): the Bắc Giang province, or the whole country
//! after the 2025 reform (34 provinces, 3,321 communes, 3,355 service points).

use std::time::Instant;

use app::accounts::NewAccount;
use app::campaigns::{CampaignSpec, PointScope, WindowSpec};
use app::demo::DemoOptions;
use app::{App, Clock, Config};
use domain::accounts::Role;
use domain::text::Lang;
use domain::units::UnitKind;
use domain::units::import::ImportOptions;
use store::DatabaseUrl;
use store::test_database::TestDatabase;

use crate::{Backend, Settings};

pub const NATIONAL_UNITS: &[u8] = include_bytes!("../../../data/units/vietnam-2025.csv");
pub const ADMIN: &str = "bench";
pub const PASSWORD: &str = "đo hiệu năng trên máy này";

/// A prepared database: where it is, its campaign and the QR tokens of its points.
#[derive(Debug)]
pub struct Prepared {
    pub database: TestDatabase,
    pub campaign: String,
    pub tokens: Vec<String>,
    pub points: usize,
    pub responses: usize,
    /// Seconds spent generating the answers.
    pub generated_in: f64,
}

impl Prepared {
    pub fn url(&self) -> String {
        self.database.url().to_config_string()
    }

    /// SQLite's write-ahead log file; PostgreSQL's log is the server's own business.
    pub fn log_file(&self) -> Option<std::path::PathBuf> {
        match self.database.url() {
            DatabaseUrl::Sqlite(path) => {
                let mut log = path.clone().into_os_string();
                log.push("-wal");
                Some(log.into())
            }
            DatabaseUrl::Postgres(_) => None,
        }
    }
}

async fn fresh(settings: &Settings, backend: Backend) -> anyhow::Result<(TestDatabase, App)> {
    let database = match backend {
        Backend::Sqlite => TestDatabase::sqlite(),
        Backend::Postgres => TestDatabase::postgres(&settings.postgres_url).await,
    };
    let config = Config { database_url: database.url().to_config_string(), ..Config::default() };
    let app = App::start(config, Clock::system()).await?;
    Ok((database, app))
}

async fn finish(
    app: App,
    database: TestDatabase,
    campaign: &str,
    responses: usize,
    generated_in: f64,
) -> anyhow::Result<Prepared> {
    app.add_user(NewAccount {
        username: ADMIN.into(),
        display_name: "Đo hiệu năng".into(),
        password: PASSWORD.into(),
        role: Role::Admin,
        unit: None,
    })
    .await?;
    let tokens: Vec<String> = app.point_links(None).await?.into_iter().map(|l| l.token).collect();
    // Measured seconds after the load, PostgreSQL would still know nothing of the columns'
    // values and read the table in index-only scans; a live server's autovacuum would have
    // vacuumed and analysed them by then. Without a load the schema is left as a fresh
    // `hailong migrate` leaves it: analysed while it holds only the demo's few hundred
    // answers, `responses` looks cheaper to scan whole than through its index, the ingest
    // writer's cached foreign-key checks scan it so, and where autovacuum is off (this
    // machine) nothing analyses it again as it grows (docs/BENCHMARKS.md).
    if responses > 0 {
        app.store().vacuum_analyze().await?;
    }
    app.shutdown().await;
    Ok(Prepared { database, campaign: campaign.into(), points: tokens.len(), tokens, responses, generated_in })
}

/// Bắc Giang (203 points) with its PKS05 campaign and `responses` generated answers.
pub async fn province(settings: &Settings, backend: Backend, responses: usize) -> anyhow::Result<Prepared> {
    let (database, app) = fresh(settings, backend).await?;
    let started = Instant::now();
    let demo = app.seed_demo(DemoOptions { responses, ..DemoOptions::default() }).await?;
    let generated_in = started.elapsed().as_secs_f64();
    finish(app, database, demo.campaign.code.as_str(), responses, generated_in).await
}

/// The whole country in its 2025 shape with a PKS05 campaign over every point and
/// `responses` generated answers.
pub async fn national(settings: &Settings, backend: Backend, responses: usize) -> anyhow::Result<Prepared> {
    let (database, app) = fresh(settings, backend).await?;
    app.import_units(NATIONAL_UNITS, ImportOptions::default(), false)
        .await
        .map_err(|e| anyhow::anyhow!(e.report(Lang::En)))?;
    let provinces: Vec<_> =
        app.store().units().await?.into_iter().filter(|u| u.kind == UnitKind::Province).map(|u| u.code).collect();
    let year = app.today().year();
    app.create_campaign(CampaignSpec {
        code: "pks05-quoc-gia".into(),
        name: format!("Khảo sát PKS05 toàn quốc năm {year}"),
        instrument: "PKS05".into(),
        window: WindowSpec::Days {
            first: jiff::civil::Date::new(year, 1, 1)?,
            last: jiff::civil::Date::new(year, 12, 31)?,
        },
        scope: PointScope::Subtrees(provinces),
        exclude: vec![],
        open: true,
        quota: domain::quota::QuotaRule::default(),
    })
    .await?;
    let started = Instant::now();
    app.generate_answers("pks05-quoc-gia", DemoOptions { responses, days: 60, seed: 2025 }).await?;
    let generated_in = started.elapsed().as_secs_f64();
    finish(app, database, "pks05-quoc-gia", responses, generated_in).await
}
