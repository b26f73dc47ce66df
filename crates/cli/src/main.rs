//! `hailong`: the one binary. Each subcommand lives in `commands/` with a `run` function.

mod commands;
mod logging;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

/// mimalloc instead of the system allocator: a request is served on one thread and its
/// buffers are often freed on another, which glibc's allocator handles slowly (measured in
/// docs/BENCHMARKS.md). Built without transparent huge pages (`no_thp`, see Cargo.toml).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[derive(Debug, Parser)]
#[command(name = "hailong", version, about = "Hài Lòng — đo lường sự hài lòng của người dân tại bộ phận một cửa")]
pub struct Cli {
    /// Configuration file (default: ./hailong.toml if it exists).
    #[arg(long, global = true, value_name = "FILE")]
    config: Option<PathBuf>,
    /// Database: sqlite://FILE or postgres://USER@HOST/DB (overrides the configuration).
    #[arg(long, global = true, value_name = "URL")]
    database_url: Option<String>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Run the server.
    Serve(commands::serve::Args),
    /// Run a demo server with the Bắc Giang unit tree and 50,000 generated answers.
    Demo(commands::demo::Args),
    /// Apply pending database migrations.
    Migrate,
    /// Copy the SQLite database to a new file while the server runs.
    Backup(commands::backup::Args),
    /// Move data between databases.
    #[command(subcommand)]
    Db(commands::db::Command),
    /// Import data from files.
    #[command(subcommand)]
    Import(commands::import::Command),
    /// Create, open, close and list campaigns.
    #[command(subcommand)]
    Campaign(commands::campaign::Command),
    /// Service points and their QR codes.
    #[command(subcommand)]
    Points(commands::points::Command),
    /// List and check questionnaires.
    #[command(subcommand)]
    Instruments(commands::instruments::Command),
    /// Manage staff accounts.
    #[command(subcommand)]
    User(commands::user::Command),
    /// Show configuration.
    #[command(subcommand)]
    Config(commands::config::Command),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build().expect("the tokio runtime starts");
    match runtime.block_on(commands::run(cli)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("Lỗi: {e:#}");
            ExitCode::FAILURE
        }
    }
}

#[cfg(test)]
mod tests {
    use clap::CommandFactory;

    #[test]
    fn the_command_line_is_well_formed() {
        super::Cli::command().debug_assert();
    }
}
