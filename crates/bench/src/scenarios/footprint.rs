//! Footprint: the binary, start-up, memory idle and under load, and the demo's time to ready.

use std::sync::Arc;
use std::time::Duration;

use super::Citizen;
use crate::load::{Window, drive};
use crate::report::{self, ms};
use crate::server::{Server, hailong_binary};
use crate::{Backend, Settings, setup};

pub async fn run(settings: &Settings, demo_responses: usize) -> anyhow::Result<()> {
    report::heading("Footprint");
    let binary = hailong_binary()?;
    let size = std::fs::metadata(&binary)?.len() as f64 / 1024.0 / 1024.0;
    let mut rows = vec![vec!["binary size".into(), format!("{size:.1} MiB"), binary.display().to_string()]];

    let prepared = setup::province(settings, Backend::Sqlite, 0).await?;
    let server = Server::hailong(&prepared.url(), &[]).await?;
    rows.push(vec!["start-up to first /healthz".into(), ms(server.ready_after), "SQLite, 203 points".into()]);
    tokio::time::sleep(Duration::from_secs(1)).await;
    let (idle, _) = server.memory_mib();
    rows.push(vec!["idle resident memory".into(), format!("{idle:.1} MiB"), "after start-up".into()]);
    let tokens = Arc::new(prepared.tokens.clone());
    let window = Window::new(settings.warmup, settings.measure);
    let answered = drive(server.addr, 64, window, move |i| Citizen { tokens: tokens.clone(), next: i }).await?;
    let (now, peak) = server.memory_mib();
    rows.push(vec![
        "resident memory under load".into(),
        format!("{peak:.1} MiB peak, {now:.1} MiB after"),
        format!("64 clients answering, {} answers", answered.count()),
    ]);
    server.stop();

    let dir = tempdir()?;
    let demo = Server::demo(&dir, demo_responses).await?;
    let (demo_rss, _) = demo.memory_mib();
    rows.push(vec![
        "`hailong demo` to ready".into(),
        ms(demo.ready_after),
        format!(
            "fresh data folder, {} generated answers; {demo_rss:.0} MiB resident",
            report::rate(demo_responses as f64)
        ),
    ]);
    demo.stop();
    let _ = std::fs::remove_dir_all(&dir);
    report::table(&["figure", "value", "conditions"], &rows);
    Ok(())
}

fn tempdir() -> anyhow::Result<std::path::PathBuf> {
    let dir = std::env::temp_dir().join(format!("hailong-bench-demo-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir)?;
    Ok(dir)
}
