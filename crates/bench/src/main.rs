//! `hailong-bench`: starts the real `hailong` server on a fresh database, drives it from a
//! load generator on loopback, and prints a table. Every load scenario also drives a trivial
//! baseline server (a fixed page from an axum handler, in its own process, same client, same
//! concurrency), so figures read as a share of what this machine can do at all.
//!
//! `cargo run --release -p hailong-bench -- all` (see docs/BENCHMARKS.md). `smoke` runs every
//! scenario for a moment on tiny data: CI uses it to keep the harness working.

mod baseline;
mod load;
mod log_watch;
mod report;
mod scenarios;
mod server;
mod setup;

use std::time::Duration;

use clap::{Parser, Subcommand, ValueEnum};

#[derive(Debug, Parser)]
#[command(name = "hailong-bench", about = "Measure hailong against a trivial baseline on this machine")]
struct Cli {
    #[command(subcommand)]
    scenario: Scenario,
    /// Databases to measure on.
    #[arg(long, value_enum, value_delimiter = ',', default_values_t = [Backend::Sqlite, Backend::Postgres], global = true)]
    backends: Vec<Backend>,
    /// PostgreSQL server to create benchmark schemas in.
    #[arg(
        long,
        env = "HAILONG_TEST_DATABASE_URL",
        default_value = "postgres://postgres@127.0.0.1:5432/test",
        global = true
    )]
    postgres_url: String,
    /// Seconds of measured load per step (after one second of warm-up).
    #[arg(long, default_value_t = 10, global = true)]
    seconds: u64,
    /// Client threads of the load generator.
    #[arg(long, default_value_t = 2, global = true)]
    client_threads: usize,
}

#[derive(Debug, Subcommand)]
enum Scenario {
    /// The citizen path: GET the form, POST the answers; at several concurrencies.
    Ingest {
        #[arg(long, value_delimiter = ',', default_values_t = [16, 64, 256])]
        concurrency: Vec<usize>,
    },
    /// GET /q/{token}: requests per second and bytes over the wire.
    Form {
        #[arg(long, default_value_t = 64)]
        concurrency: usize,
    },
    /// The campaign results page on a province (203 points, 1,000,000 answers) and on the
    /// whole country (3,355 points, 10,000,000 answers), generated in the database.
    Reports {
        #[arg(long, default_value_t = 1_000_000)]
        province_responses: usize,
        #[arg(long, default_value_t = 10_000_000)]
        national_responses: usize,
        /// Requests per measurement.
        #[arg(long, default_value_t = 50)]
        requests: usize,
    },
    /// Binary size, start-up time, idle and loaded memory, `hailong demo` time to ready.
    Footprint,
    /// Mixed traffic at half of peak for many minutes: errors and memory, minute by minute.
    Soak {
        #[arg(long, default_value_t = 10)]
        minutes: usize,
    },
    /// Every scenario above but the soak, in turn.
    All,
    /// Every scenario for a moment on tiny data (CI).
    Smoke,
    /// The baseline server (started by the scenarios themselves).
    #[command(hide = true)]
    BaselineServer { port: u16 },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Backend {
    Sqlite,
    Postgres,
}

impl std::fmt::Display for Backend {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Backend::Sqlite => "SQLite",
            Backend::Postgres => "PostgreSQL",
        })
    }
}

/// What every scenario needs to know.
#[derive(Debug, Clone)]
pub struct Settings {
    backends: Vec<Backend>,
    postgres_url: String,
    measure: Duration,
    warmup: Duration,
}

fn main() -> anyhow::Result<()> {
    let cli = Cli::parse();
    if let Scenario::BaselineServer { port } = cli.scenario {
        return baseline::serve(port);
    }
    let _ = tracing_subscriber::fmt().with_env_filter("warn").with_writer(std::io::stderr).try_init();
    let smoke = matches!(cli.scenario, Scenario::Smoke);
    let settings = Settings {
        backends: cli.backends,
        postgres_url: cli.postgres_url,
        measure: Duration::from_secs(if smoke { 1 } else { cli.seconds.max(1) }),
        warmup: Duration::from_millis(if smoke { 200 } else { 1000 }),
    };
    // The load generator's threads: they share the machine with the server under test.
    let runtime =
        tokio::runtime::Builder::new_multi_thread().worker_threads(cli.client_threads.max(1)).enable_all().build()?;
    runtime.block_on(async {
        report::machine();
        match cli.scenario {
            Scenario::Ingest { concurrency } => scenarios::ingest::run(&settings, &concurrency).await,
            Scenario::Form { concurrency } => scenarios::form::run(&settings, concurrency).await,
            Scenario::Reports { province_responses, national_responses, requests } => {
                scenarios::reports::run(&settings, province_responses, national_responses, requests).await
            }
            Scenario::Footprint => scenarios::footprint::run(&settings, 50_000).await,
            Scenario::Soak { minutes } => scenarios::soak::run(&settings, minutes, Duration::from_secs(60)).await,
            Scenario::All => {
                scenarios::ingest::run(&settings, &[16, 64, 256]).await?;
                scenarios::form::run(&settings, 64).await?;
                scenarios::reports::run(&settings, 1_000_000, 10_000_000, 50).await?;
                scenarios::footprint::run(&settings, 50_000).await
            }
            Scenario::Smoke => {
                scenarios::ingest::run(&settings, &[4]).await?;
                scenarios::form::run(&settings, 4).await?;
                scenarios::reports::run(&settings, 2_000, 5_000, 3).await?;
                scenarios::footprint::run(&settings, 1_000).await?;
                scenarios::soak::run(&settings, 2, Duration::from_secs(1)).await
            }
            Scenario::BaselineServer { .. } => unreachable!("handled above"),
        }
    })
}
