//! `hailong config print-default | show`.

use clap::Subcommand;

use crate::Cli;

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Print the commented example configuration with every default.
    PrintDefault,
    /// Print the configuration in effect (file, environment and flags applied).
    Show,
}

pub fn run(command: &Command, cli: &Cli) -> anyhow::Result<()> {
    match command {
        Command::PrintDefault => print!("{}", app::config::EXAMPLE),
        Command::Show => {
            let mut config = super::load_config(cli)?;
            config.database_url = app::store::redact(&config.database_url);
            print!("{}", toml::to_string_pretty(&config)?);
        }
    }
    Ok(())
}
