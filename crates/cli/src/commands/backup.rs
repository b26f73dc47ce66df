//! `hailong backup FILE`: a consistent copy of an SQLite database while the server runs.

use std::path::PathBuf;

use app::Config;
use app::store::{DatabaseUrl, Store, StoreOptions};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The new backup file (must not exist yet).
    file: PathBuf,
}

pub async fn run(config: Config, args: Args) -> anyhow::Result<()> {
    let url = DatabaseUrl::parse(&config.database_url)?;
    if matches!(url, DatabaseUrl::Postgres(_)) {
        anyhow::bail!(
            "sao lưu PostgreSQL bằng pg_dump, ví dụ: pg_dump -Fc -f hailong.dump \"$HAILONG_DATABASE_URL\" (xem docs/DEPLOYMENT.md)"
        );
    }
    let store = Store::open(&url, &StoreOptions { migrate: false, read_connections: 1 }).await?;
    let done = store.backup_to(&args.file).await;
    store.close().await;
    done?;
    let size = std::fs::metadata(&args.file).map(|m| m.len()).unwrap_or(0);
    println!("Đã sao lưu {url} vào {} ({:.1} MB), đã kiểm tra toàn vẹn.", args.file.display(), size as f64 / 1e6);
    Ok(())
}
