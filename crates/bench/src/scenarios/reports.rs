//! Reports: the campaign results page (indices, ranking of the units below), the live monitor
//! (every point, `?part=live&all=1`, what the page refreshes) and the citizens' comments (the
//! first page, the unhappiest first) on a province and on the whole country, answers generated
//! in the database through the application's own ingest; the breakdown page (a recount of the stored responses, then served from its cache); then every
//! response of the province exported as CSV and as XLSX.

use std::sync::Arc;

use super::{Fetch, sign_in};
use crate::load::{Connection, Samples, Step};
use crate::report::{self, ms};
use crate::server::Server;
use crate::{Backend, Settings, setup};

pub async fn run(settings: &Settings, province: usize, national: usize, requests: usize) -> anyhow::Result<()> {
    report::heading("Reports: results page and live monitor (one client, sequential)");
    let mut rows = Vec::new();
    let mut exports = Vec::new();
    let mut breakdowns = Vec::new();
    for &backend in &settings.backends {
        let sets = [
            ("province (Bắc Giang)", setup::province(settings, backend, province).await?),
            ("national (2025 tree)", setup::national(settings, backend, national).await?),
        ];
        for (label, prepared) in &sets {
            for page in [Page::Results, Page::Monitor, Page::Comments] {
                rows.push(measure(backend, label, page, prepared, requests).await?);
            }
        }
        breakdowns.push(breakdown(backend, sets[0].0, &sets[0].1).await?);
        for format in [Export::Csv, Export::Xlsx] {
            exports.push(export(backend, sets[0].0, &sets[0].1, format).await?);
        }
    }
    report::table(&["database", "data", "page", "points", "answers", "generated in", "p50", "p99", "max"], &rows);
    report::heading("Breakdown: GET /admin/campaigns/{code}/breakdown?by=channel (a fresh server)");
    report::table(
        &["database", "data", "answers", "first (recount)", "then (cached, p50 of 20)", "server peak memory"],
        &breakdowns,
    );
    report::heading("Export: GET /admin/campaigns/{code}/responses.{csv,xlsx} (a fresh server, one download)");
    report::table(&["database", "data", "format", "answers", "rows", "size", "time", "server peak memory"], &exports);
    Ok(())
}

#[derive(Debug, Clone, Copy)]
enum Export {
    Csv,
    Xlsx,
}

/// Downloads every response as CSV or XLSX from a freshly started server: how long, how big,
/// and the server's peak memory (which must not grow with the number of responses). The XLSX
/// time runs to the last byte, so it includes writing the workbook before sending it.
async fn export(
    backend: Backend,
    label: &str,
    prepared: &setup::Prepared,
    format: Export,
) -> anyhow::Result<Vec<String>> {
    // The direct download is what is measured: above the limit it would become a job.
    let server = Server::hailong(&prepared.url(), &[("HAILONG_DIRECT_EXPORT_LIMIT", "1000000000")]).await?;
    let cookie = sign_in(server.addr, setup::ADMIN, setup::PASSWORD).await?;
    let mut conn = Connection::open(server.addr).await?;
    let extension = match format {
        Export::Csv => "csv",
        Export::Xlsx => "xlsx",
    };
    let started = std::time::Instant::now();
    let path = format!("/admin/campaigns/{}/responses.{extension}", prepared.campaign);
    let answer = conn.get_with_cookie(&path, &cookie).await?;
    let took = started.elapsed();
    anyhow::ensure!(answer.status.is_success(), "the export answered {}", answer.status);
    let rows = match format {
        Export::Csv => report::rate(answer.body.iter().filter(|b| **b == b'\n').count().saturating_sub(1) as f64),
        // A workbook is a ZIP: check it is whole (it ends with its directory's end record)
        // rather than unpack a million rows in the harness.
        Export::Xlsx => {
            let tail = &answer.body[answer.body.len().saturating_sub(1024)..];
            anyhow::ensure!(tail.windows(4).any(|w| w == b"PK\x05\x06"), "the workbook is not whole");
            "–".into()
        }
    };
    let (_, peak) = server.memory_mib();
    server.stop();
    Ok(vec![
        backend.to_string(),
        label.into(),
        extension.to_uppercase(),
        report::rate(prepared.responses as f64),
        rows,
        format!("{:.0} MiB", answer.body.len() as f64 / 1_048_576.0),
        format!("{:.1} s", took.as_secs_f64()),
        format!("{peak:.0} MiB"),
    ])
}

/// The breakdown page on a freshly started server: the first request recounts every stored
/// response of the scope; the next ones are served from the cache (no response arrives
/// meanwhile). Peak memory shows what one pass holds.
async fn breakdown(backend: Backend, label: &str, prepared: &setup::Prepared) -> anyhow::Result<Vec<String>> {
    let server = Server::hailong(&prepared.url(), &[]).await?;
    let cookie = sign_in(server.addr, setup::ADMIN, setup::PASSWORD).await?;
    let mut conn = Connection::open(server.addr).await?;
    let path = format!("/admin/campaigns/{}/breakdown?by=channel", prepared.campaign);
    let started = std::time::Instant::now();
    let first = conn.get_with_cookie(&path, &cookie).await?;
    let cold = started.elapsed();
    anyhow::ensure!(first.status.is_success(), "the breakdown answered {}", first.status);
    let mut latencies = Vec::with_capacity(20);
    for _ in 0..20 {
        let started = std::time::Instant::now();
        let again = conn.get_with_cookie(&path, &cookie).await?;
        anyhow::ensure!(again.status.is_success(), "the breakdown answered {}", again.status);
        latencies.push(started.elapsed());
    }
    let samples = Samples::from_latencies(latencies);
    let (_, peak) = server.memory_mib();
    server.stop();
    Ok(vec![
        backend.to_string(),
        label.into(),
        report::rate(prepared.responses as f64),
        format!("{:.2} s", cold.as_secs_f64()),
        ms(samples.percentile(50.0)),
        format!("{peak:.0} MiB"),
    ])
}

#[derive(Debug, Clone, Copy)]
enum Page {
    Results,
    Monitor,
    Comments,
}

impl Page {
    fn path(self, campaign: &str) -> String {
        match self {
            Page::Results => format!("/admin/campaigns/{campaign}"),
            Page::Monitor => format!("/admin/campaigns/{campaign}/monitor?part=live&all=1"),
            Page::Comments => format!("/admin/campaigns/{campaign}/comments"),
        }
    }

    fn label(self) -> &'static str {
        match self {
            Page::Results => "results",
            Page::Monitor => "monitor (every point)",
            Page::Comments => "comments (first page)",
        }
    }
}

async fn measure(
    backend: Backend,
    label: &str,
    page: Page,
    prepared: &setup::Prepared,
    requests: usize,
) -> anyhow::Result<Vec<String>> {
    let server = Server::hailong(&prepared.url(), &[]).await?;
    let cookie = Arc::new(sign_in(server.addr, setup::ADMIN, setup::PASSWORD).await?);
    let paths = Arc::new(vec![page.path(&prepared.campaign)]);
    let mut conn = Connection::open(server.addr).await?;
    let mut fetch = Fetch { paths, next: 0, gzip: false, cookie: Some(cookie) };
    // One request first, as the first visitor of the day makes.
    fetch.step(&mut conn).await?;
    let mut latencies = Vec::with_capacity(requests);
    for _ in 0..requests {
        latencies.push(fetch.step(&mut conn).await?.latency);
    }
    let samples = Samples::from_latencies(latencies);
    server.stop();
    Ok(vec![
        backend.to_string(),
        label.into(),
        page.label().into(),
        prepared.points.to_string(),
        report::rate(prepared.responses as f64),
        format!("{:.0} s", prepared.generated_in),
        ms(samples.percentile(50.0)),
        ms(samples.percentile(99.0)),
        ms(samples.max()),
    ])
}
