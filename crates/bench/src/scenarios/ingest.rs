//! Ingest: citizens opening the form and answering it, durable commits as in production, at
//! several concurrencies; then at 80% of the best rate to read the latency a busy campaign
//! sees. The baseline does the same exchange against a server that does nothing.

use std::sync::Arc;

use super::{BaselineCitizen, Citizen};
use crate::load::{Paced, Samples, Window, drive};
use crate::log_watch::LogWatch;
use crate::report::{self, ms, percent, rate};
use crate::server::Server;
use crate::{Settings, setup};

pub async fn run(settings: &Settings, concurrencies: &[usize]) -> anyhow::Result<()> {
    report::heading("Ingest: GET the form, POST the answers (responses per second)");
    let seconds = settings.measure.as_secs_f64();
    let baseline = Server::baseline().await?;
    let mut base_rates = Vec::new();
    let mut rows = Vec::new();
    for &c in concurrencies {
        let window = Window::new(settings.warmup, settings.measure);
        let cpu = baseline.cpu_seconds();
        let samples = drive(baseline.addr, c, window, |_| BaselineCitizen).await?;
        let per_second = samples.count() as f64 / seconds;
        base_rates.push(per_second);
        let mut r = row("baseline", c, per_second, per_second, &samples);
        r.push(cpu_per_request(baseline.cpu_seconds() - cpu, &samples, settings));
        r.push("–".into());
        r.push("–".into());
        rows.push(r);
    }
    baseline.stop();

    for &backend in &settings.backends {
        let prepared = setup::province(settings, backend, 0).await?;
        let server = Server::hailong(&prepared.url(), &[]).await?;
        let tokens = Arc::new(prepared.tokens.clone());
        let log = prepared.log_file().map(LogWatch::start);
        let log_mib = || match log.as_ref().map(LogWatch::take_mib) {
            None => "–".to_owned(),
            Some(None) => "not seen".to_owned(),
            Some(Some(mib)) => format!("{mib:.0} MiB"),
        };
        let mut best: f64 = 0.0;
        for (&c, base) in concurrencies.iter().zip(&base_rates) {
            let window = Window::new(settings.warmup, settings.measure);
            let tokens = tokens.clone();
            let cpu = server.cpu_seconds();
            let (stored, commits) = server.ingest_counters().await?;
            let samples =
                drive(server.addr, c, window, move |i| Citizen { tokens: tokens.clone(), next: i * 7 }).await?;
            let per_second = samples.count() as f64 / seconds;
            best = best.max(per_second);
            let mut r = row(&backend.to_string(), c, per_second, *base, &samples);
            r.push(cpu_per_request(server.cpu_seconds() - cpu, &samples, settings));
            let (stored_after, commits_after) = server.ingest_counters().await?;
            r.push(format!("{:.0}", (stored_after - stored) / (commits_after - commits).max(1.0)));
            r.push(log_mib());
            rows.push(r);
        }
        // Below saturation: 80% of the best rate, paced, at the largest concurrency.
        let clients = concurrencies.iter().copied().max().unwrap_or(64);
        let target = 0.8 * best;
        let window = Window::new(settings.warmup, settings.measure);
        let paced_tokens = tokens.clone();
        let cpu = server.cpu_seconds();
        let (stored, commits) = server.ingest_counters().await?;
        let samples = drive(server.addr, clients, window, move |i| {
            Paced::new(Citizen { tokens: paced_tokens.clone(), next: i * 7 }, target, clients, i)
        })
        .await?;
        let per_second = samples.count() as f64 / seconds;
        let base = base_rates.iter().copied().fold(0.0, f64::max);
        let mut r = row(&format!("{backend} at 80% of peak"), clients, per_second, base, &samples);
        r.push(cpu_per_request(server.cpu_seconds() - cpu, &samples, settings));
        let (stored_after, commits_after) = server.ingest_counters().await?;
        r.push(format!("{:.0}", (stored_after - stored) / (commits_after - commits).max(1.0)));
        r.push(log_mib());
        rows.push(r);
        let (_, peak_rss) = server.memory_mib();
        rows.push(vec![
            format!("{backend}: peak memory"),
            "–".into(),
            format!("{peak_rss:.0} MiB"),
            "".into(),
            "".into(),
            "".into(),
            "".into(),
            "".into(),
            "".into(),
            "".into(),
            "".into(),
        ]);
        server.stop();
    }
    report::table(
        &[
            "server",
            "clients",
            "responses/s",
            "of baseline",
            "POST p50",
            "POST p99",
            "POST max",
            "errors",
            "server CPU per answer",
            "answers per commit",
            "largest log file",
        ],
        &rows,
    );
    Ok(())
}

fn row(label: &str, clients: usize, per_second: f64, baseline: f64, s: &Samples) -> Vec<String> {
    vec![
        label.into(),
        clients.to_string(),
        rate(per_second),
        percent(per_second / baseline),
        ms(s.percentile(50.0)),
        ms(s.percentile(99.0)),
        ms(s.max()),
        s.errors.to_string(),
    ]
}

/// Server CPU time per answered form (GET and POST), over the warm-up and the measured window.
fn cpu_per_request(cpu_seconds: f64, samples: &Samples, settings: &Settings) -> String {
    let share = settings.measure.as_secs_f64() / (settings.measure + settings.warmup).as_secs_f64();
    let per = cpu_seconds * share / samples.count().max(1) as f64;
    format!("{:.0} µs", per * 1e6)
}
