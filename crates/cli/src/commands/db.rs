//! `hailong db copy --from URL --to URL`: moves a whole database between SQLite and
//! PostgreSQL (either way), then compares the row count of every table.

use app::store::{DatabaseUrl, Store, StoreOptions};

#[derive(Debug, clap::Subcommand)]
pub enum Command {
    /// Copy every row into a new, empty database and verify the counts. Stop the servers
    /// writing to the source first.
    Copy {
        /// The database to read, e.g. sqlite:///var/lib/hailong/hailong.sqlite3.
        #[arg(long, value_name = "URL")]
        from: String,
        /// The database to fill: migrated here if needed, and it must hold no data.
        #[arg(long, value_name = "URL")]
        to: String,
    },
}

pub async fn run(command: Command) -> anyhow::Result<()> {
    let Command::Copy { from, to } = command;
    let (from, to) = (DatabaseUrl::parse(&from)?, DatabaseUrl::parse(&to)?);
    if from == to {
        anyhow::bail!("nguồn và đích là cùng một cơ sở dữ liệu");
    }
    let options = StoreOptions { migrate: true, read_connections: 2 };
    let source = Store::open(&from, &options).await?;
    let target = Store::open(&to, &options).await?;
    println!("Đang sao chép {from} → {to} …");
    let report = source.copy_to(&target).await;
    source.close().await;
    target.close().await;
    let report = report?;
    println!("{:<18} {:>12} {:>12}", "bảng", "nguồn", "đích");
    for row in &report {
        println!("{:<18} {:>12} {:>12}", row.table, row.source, row.target);
    }
    println!("Xong: số dòng của mọi bảng khớp nhau.");
    Ok(())
}
