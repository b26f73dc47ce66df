//! Reports: the campaign results page (responses and % satisfied per question and per point,
//! from the tallies) on a province and on the whole country, answers generated in the
//! database through the application's own ingest.

use std::sync::Arc;

use super::{Fetch, sign_in};
use crate::load::{Connection, Samples, Step};
use crate::report::{self, ms};
use crate::server::Server;
use crate::{Backend, Settings, setup};

pub async fn run(settings: &Settings, province: usize, national: usize, requests: usize) -> anyhow::Result<()> {
    report::heading("Reports: GET /admin/campaigns/{code} (one client, sequential)");
    let mut rows = Vec::new();
    for &backend in &settings.backends {
        let sets = [
            ("province (Bắc Giang)", setup::province(settings, backend, province).await?),
            ("national (2025 tree)", setup::national(settings, backend, national).await?),
        ];
        for (label, prepared) in sets {
            rows.push(measure(backend, label, &prepared, requests).await?);
        }
    }
    report::table(&["database", "data", "points", "answers", "generated in", "p50", "p99", "max"], &rows);
    Ok(())
}

async fn measure(
    backend: Backend,
    label: &str,
    prepared: &setup::Prepared,
    requests: usize,
) -> anyhow::Result<Vec<String>> {
    let server = Server::hailong(&prepared.url(), &[]).await?;
    let cookie = Arc::new(sign_in(server.addr, setup::ADMIN, setup::PASSWORD).await?);
    let paths = Arc::new(vec![format!("/admin/campaigns/{}", prepared.campaign)]);
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
        prepared.points.to_string(),
        report::rate(prepared.responses as f64),
        format!("{:.0} s", prepared.generated_in),
        ms(samples.percentile(50.0)),
        ms(samples.percentile(99.0)),
        ms(samples.max()),
    ])
}
