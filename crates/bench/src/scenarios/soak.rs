//! Soak: mixed traffic at half of the server's capacity for many minutes — citizens answering
//! at a steady pace while organisers keep the results page and the live monitor open — to show
//! that nothing fails and memory stays flat over time. One row per minute; at the end, the
//! server's own count of stored answers is checked against the thank-yous the clients saw.

use std::sync::Arc;
use std::time::Duration;

use super::{Citizen, Fetch, sign_in};
use crate::load::{Paced, Window, drive};
use crate::report::{self, ms, rate};
use crate::server::Server;
use crate::{Settings, setup};

/// Citizens' connections: enough that pacing, not the number of clients, sets the rate.
const CITIZENS: usize = 64;
/// Organisers with a page open, each reloading it every few seconds (the monitor's refresh).
const ORGANISERS: usize = 4;
const ORGANISER_EVERY: Duration = Duration::from_secs(3);

pub async fn run(settings: &Settings, minutes: usize, minute: Duration) -> anyhow::Result<()> {
    report::heading("Soak: half of peak ingest plus organisers reading, minute by minute");
    for &backend in &settings.backends {
        let prepared = setup::province(settings, backend, 20_000).await?;
        let server = Server::hailong(&prepared.url(), &[]).await?;
        let tokens = Arc::new(prepared.tokens.clone());

        // Peak first, closed loop, so "half" means half of what this server does here today.
        let probe = Window::new(settings.warmup, settings.measure);
        let probe_tokens = tokens.clone();
        let peak = drive(server.addr, CITIZENS, probe, move |i| Citizen { tokens: probe_tokens.clone(), next: i * 7 })
            .await?
            .count() as f64
            / settings.measure.as_secs_f64();
        let target = peak / 2.0;

        let cookie = Arc::new(sign_in(server.addr, setup::ADMIN, setup::PASSWORD).await?);
        let pages = Arc::new(vec![
            format!("/admin/campaigns/{}", prepared.campaign),
            format!("/admin/campaigns/{}/monitor?part=live", prepared.campaign),
        ]);
        let (stored_before, _) = server.ingest_counters().await?;
        let mut thanked = 0usize;
        let mut errors = 0u64;
        let mut rows = Vec::new();
        let mut first_rss = None;
        for index in 1..=minutes {
            let window = Window::new(Duration::ZERO, minute);
            let citizen_tokens = tokens.clone();
            let citizens = drive(server.addr, CITIZENS, window, move |i| {
                Paced::new(Citizen { tokens: citizen_tokens.clone(), next: i * 7 + index }, target, CITIZENS, i)
            });
            let organiser_pages = pages.clone();
            let organiser_cookie = cookie.clone();
            let organisers = drive(server.addr, ORGANISERS, window, move |i| {
                let fetch = Fetch {
                    paths: organiser_pages.clone(),
                    next: i,
                    gzip: false,
                    cookie: Some(organiser_cookie.clone()),
                };
                let per_second = ORGANISERS as f64 / ORGANISER_EVERY.as_secs_f64();
                Paced::new(fetch, per_second, ORGANISERS, i)
            });
            let (citizens, organisers) = tokio::try_join!(citizens, organisers)?;
            thanked += citizens.count();
            errors += citizens.errors + organisers.errors;
            let (rss, _) = server.memory_mib();
            // The first minute fills caches and pools; growth is measured from the second.
            if index == 2.min(minutes) {
                first_rss = Some(rss);
            }
            rows.push(vec![
                backend.to_string(),
                index.to_string(),
                rate(citizens.count() as f64 / minute.as_secs_f64()),
                ms(citizens.percentile(50.0)),
                ms(citizens.percentile(99.0)),
                ms(organisers.percentile(50.0)),
                ms(organisers.percentile(99.0)),
                (citizens.errors + organisers.errors).to_string(),
                format!("{rss:.0} MiB"),
            ]);
        }
        let (stored_after, _) = server.ingest_counters().await?;
        let stored = (stored_after - stored_before) as usize;
        let (last_rss, peak_rss) = server.memory_mib();
        server.stop();
        report::table(
            &[
                "database",
                "minute",
                "answers/s",
                "POST p50",
                "POST p99",
                "page p50",
                "page p99",
                "errors",
                "server memory",
            ],
            &rows,
        );
        let growth = first_rss.map_or(0.0, |first| last_rss - first);
        println!(
            "{backend}: peak {} answers/s, soaked at {}; {thanked} thank-yous counted in the windows, \
             {stored} answers stored; {errors} errors; memory {growth:+.0} MiB after the first minute, peak {peak_rss:.0} MiB",
            rate(peak),
            rate(target),
        );
        // Answers in flight at a window's edge are stored but not counted by the client.
        anyhow::ensure!(stored >= thanked, "{thanked} citizens were thanked but only {stored} answers were stored");
        anyhow::ensure!(errors == 0, "{errors} requests failed during the soak");
    }
    Ok(())
}
