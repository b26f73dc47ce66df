//! The form page: GET /q/{token} as phones do (gzip), against the baseline's fixed page.

use std::io::Read;
use std::sync::Arc;

use super::Fetch;
use crate::load::{Connection, Window, drive};
use crate::report::{self, ms, percent, rate};
use crate::server::Server;
use crate::{Settings, setup};

pub async fn run(settings: &Settings, clients: usize) -> anyhow::Result<()> {
    report::heading(&format!("Form page: GET /q/{{token}} with gzip, {clients} clients"));
    let seconds = settings.measure.as_secs_f64();
    let baseline = Server::baseline().await?;
    let window = Window::new(settings.warmup, settings.measure);
    let root = Arc::new(vec!["/".to_owned()]);
    let base = drive(baseline.addr, clients, window, move |_| Fetch {
        paths: root.clone(),
        next: 0,
        gzip: false,
        cookie: None,
    })
    .await?;
    baseline.stop();
    let base_rate = base.count() as f64 / seconds;
    let mut rows = vec![vec![
        "baseline (fixed 10 KB page)".into(),
        rate(base_rate),
        "100%".into(),
        ms(base.percentile(50.0)),
        ms(base.percentile(99.0)),
        format!("{:.1} KB", base.bytes as f64 / base.count() as f64 / 1024.0),
        "–".into(),
    ]];

    // The database does not matter here (pages come from cache): SQLite.
    let prepared = setup::province(settings, crate::Backend::Sqlite, 0).await?;
    let server = Server::hailong(&prepared.url(), &[]).await?;
    let paths: Arc<Vec<String>> = Arc::new(prepared.tokens.iter().map(|t| format!("/q/{t}")).collect());
    let (compressed, plain) = page_sizes(server.addr, &paths[0]).await?;
    let window = Window::new(settings.warmup, settings.measure);
    let forms = paths.clone();
    let samples =
        drive(server.addr, clients, window, move |i| Fetch { paths: forms.clone(), next: i, gzip: true, cookie: None })
            .await?;
    let per_second = samples.count() as f64 / seconds;
    rows.push(vec![
        "hailong form (203 points in turn)".into(),
        rate(per_second),
        percent(per_second / base_rate),
        ms(samples.percentile(50.0)),
        ms(samples.percentile(99.0)),
        format!("{:.1} KB", compressed as f64 / 1024.0),
        format!("{:.1} KB", plain as f64 / 1024.0),
    ]);
    server.stop();
    report::table(&["server", "requests/s", "of baseline", "p50", "p99", "body on the wire", "uncompressed"], &rows);
    Ok(())
}

/// The compressed and uncompressed size of one form page, checking that it decompresses and
/// needs no script.
async fn page_sizes(addr: std::net::SocketAddr, path: &str) -> anyhow::Result<(usize, usize)> {
    let mut conn = Connection::open(addr).await?;
    let (_, gz) = conn.get(path, true).await?;
    let mut html = String::new();
    flate2::read::GzDecoder::new(&gz[..]).read_to_string(&mut html)?;
    anyhow::ensure!(!html.contains("<script"), "the form page must not need JavaScript");
    Ok((gz.len(), html.len()))
}
