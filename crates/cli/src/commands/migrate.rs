//! `hailong migrate`: applies pending migrations and lists the schema's history.

use app::Config;
use app::store::{DatabaseUrl, Store, StoreOptions};

pub async fn run(config: Config) -> anyhow::Result<()> {
    let url = DatabaseUrl::parse(&config.database_url)?;
    let store = Store::open(&url, &StoreOptions { migrate: true, read_connections: 1 }).await?;
    for m in store.applied_migrations().await? {
        println!("{:04} {} ({})", m.version, m.name, domain::time::format_instant_vi(m.applied_at));
    }
    println!("Cơ sở dữ liệu {url} đã ở phiên bản mới nhất.");
    store.close().await;
    Ok(())
}
