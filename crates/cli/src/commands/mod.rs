//! One module per subcommand; `run` picks it.

pub mod backup;
pub mod campaign;
pub mod config;
pub mod db;
pub mod demo;
pub mod import;
pub mod instruments;
pub mod migrate;
pub mod points;
pub mod serve;
pub mod user;

use app::{App, Clock, Config};

use crate::{Cli, Command, logging};

pub async fn run(cli: Cli) -> anyhow::Result<()> {
    if let Command::Config(command) = &cli.command {
        return config::run(command, &cli);
    }
    if let Command::Demo(args) = cli.command {
        return demo::run(args).await;
    }
    if let Command::Db(command) = cli.command {
        logging::init("warn");
        return db::run(command).await;
    }
    let config = load_config(&cli)?;
    logging::init(&config.log);
    match cli.command {
        Command::Serve(args) => serve::run(config, args).await,
        Command::Migrate => migrate::run(config).await,
        Command::Backup(args) => backup::run(config, args).await,
        Command::Import(command) => import::run(&start(config).await?, command).await,
        Command::Campaign(command) => campaign::run(&start(config).await?, command).await,
        Command::Points(command) => points::run(&start(config).await?, command).await,
        Command::Instruments(command) => instruments::run(config, command).await,
        Command::User(command) => user::run(&start(config).await?, command).await,
        Command::Config(_) | Command::Demo(_) | Command::Db(_) => unreachable!("handled above"),
    }
}

/// Configuration from file and environment, then the global flags.
pub fn load_config(cli: &Cli) -> anyhow::Result<Config> {
    let mut config = Config::load(cli.config.as_deref())?;
    if let Some(url) = &cli.database_url {
        config.database_url = url.clone();
    }
    Ok(config)
}

async fn start(config: Config) -> anyhow::Result<App> {
    Ok(App::start(config, Clock::system()).await?)
}
