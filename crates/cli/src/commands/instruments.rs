//! `hailong instruments list | check FILE… | show CODE`.

use std::path::PathBuf;

use app::{App, Clock, Config};
use domain::instruments::{Instrument, ItemKind};
use domain::text::Lang;

#[derive(Debug, clap::Subcommand)]
pub enum Command {
    /// List the questionnaires in the database.
    List,
    /// Validate questionnaire files without touching the database.
    Check { files: Vec<PathBuf> },
    /// Print a questionnaire as TOML (CODE or CODE@VERSION).
    Show { instrument: String },
}

pub async fn run(config: Config, command: Command) -> anyhow::Result<()> {
    match command {
        Command::Check { files } => {
            let mut failed = false;
            for file in files {
                let source = std::fs::read_to_string(&file)?;
                match Instrument::from_toml(&source) {
                    Ok(i) => println!(
                        "{}: {} v{} hợp lệ, {} câu hỏi",
                        file.display(),
                        i.code(),
                        i.version(),
                        i.items().count()
                    ),
                    Err(errors) => {
                        failed = true;
                        for e in errors {
                            eprintln!("{}: {}", file.display(), e.message(Lang::Vi));
                        }
                    }
                }
            }
            if failed {
                anyhow::bail!("có tệp phiếu khảo sát không hợp lệ");
            }
        }
        Command::List => {
            let app = App::start(config, Clock::system()).await?;
            for r in app.instruments().await? {
                let i = &r.instrument;
                let rated = i.items().filter(|it| it.kind == ItemKind::Rating).count();
                println!(
                    "{:<10} v{:<3} {:>3} câu đánh giá {:>8} phiếu  {}",
                    i.code(),
                    i.version(),
                    rated,
                    r.responses,
                    i.title(Lang::Vi)
                );
            }
        }
        Command::Show { instrument } => {
            let app = App::start(config, Clock::system()).await?;
            print!("{}", app.find_instrument(&instrument).await?.instrument.to_toml());
        }
    }
    Ok(())
}
