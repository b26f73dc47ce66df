//! Prometheus metrics at `/metrics`: requests and their latency by route, and the store's
//! ingest counters read at each scrape. Readable only with the configured bearer token.

use std::time::Instant;

use app::store::Store;
use axum::extract::{MatchedPath, Request, State};
use axum::http::header::{AUTHORIZATION, CONTENT_TYPE};
use axum::http::{HeaderMap, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use prometheus_client::collector::Collector;
use prometheus_client::encoding::{DescriptorEncoder, EncodeLabelSet, EncodeMetric};
use prometheus_client::metrics::counter::{ConstCounter, Counter};
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::gauge::ConstGauge;
use prometheus_client::metrics::histogram::{Histogram, exponential_buckets};
use prometheus_client::registry::Registry;

use crate::session::csrf_matches;
use crate::state::AppState;

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct RequestLabels {
    route: String,
    status: String,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct RouteLabels {
    route: String,
}

#[derive(Debug)]
pub struct Metrics {
    registry: Registry,
    requests: Family<RequestLabels, Counter>,
    latency: Family<RouteLabels, Histogram>,
}

impl Metrics {
    pub fn new(store: Store) -> Metrics {
        let mut registry = Registry::with_prefix("hailong");
        let requests = Family::<RequestLabels, Counter>::default();
        registry.register("http_requests", "HTTP requests by route and status class", requests.clone());
        let latency = Family::<RouteLabels, Histogram>::new_with_constructor(|| {
            // 0.25 ms to ~8 s.
            Histogram::new(exponential_buckets(0.000_25, 2.0, 16))
        });
        registry.register("http_request_duration_seconds", "Time to answer a request, by route", latency.clone());
        registry.register_collector(Box::new(StoreCollector(store)));
        Metrics { registry, requests, latency }
    }

    fn record(&self, route: String, status: StatusCode, seconds: f64) {
        let class = format!("{}xx", status.as_u16() / 100);
        self.requests.get_or_create(&RequestLabels { route: route.clone(), status: class }).inc();
        self.latency.get_or_create(&RouteLabels { route }).observe(seconds);
    }

    fn render(&self) -> Result<String, std::fmt::Error> {
        let mut text = String::new();
        prometheus_client::encoding::text::encode(&mut text, &self.registry)?;
        Ok(text)
    }
}

/// Counts every request by its route pattern (`/q/{token}`, never the token itself).
pub async fn track(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let route = request.extensions().get::<MatchedPath>().map_or("unmatched", |p| p.as_str()).to_owned();
    let started = Instant::now();
    let response = next.run(request).await;
    state.metrics.record(route, response.status(), started.elapsed().as_secs_f64());
    response
}

/// GET `/metrics`.
pub async fn scrape(State(state): State<AppState>, headers: HeaderMap) -> Response {
    let Some(token) = state.app.config().metrics_token.as_deref() else {
        return StatusCode::NOT_FOUND.into_response();
    };
    let presented = headers.get(AUTHORIZATION).and_then(|v| v.to_str().ok()).and_then(|v| v.strip_prefix("Bearer "));
    if !presented.is_some_and(|p| csrf_matches(token, p.trim())) {
        return (StatusCode::UNAUTHORIZED, [("www-authenticate", "Bearer")]).into_response();
    }
    match state.metrics.render() {
        Ok(text) => ([(CONTENT_TYPE, "text/plain; version=0.0.4; charset=utf-8")], text).into_response(),
        Err(_) => StatusCode::INTERNAL_SERVER_ERROR.into_response(),
    }
}

/// The store's counters, read at each scrape.
#[derive(Debug)]
struct StoreCollector(Store);

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct OutcomeLabels {
    outcome: &'static str,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct StateLabels {
    state: &'static str,
}

impl Collector for StoreCollector {
    fn encode(&self, mut encoder: DescriptorEncoder) -> Result<(), std::fmt::Error> {
        let stats = self.0.stats();
        let counter = |encoder: &mut DescriptorEncoder, name: &str, help: &str, value: u64| {
            let metric = ConstCounter::new(value);
            metric.encode(encoder.encode_descriptor(name, help, None, metric.metric_type())?)
        };
        counter(&mut encoder, "ingest_commits", "Ingest transactions committed", stats.commits)?;
        counter(&mut encoder, "ingest_failed_commits", "Ingest transactions that failed", stats.failed_commits)?;
        let seconds = ConstCounter::new(stats.commit_seconds);
        seconds.encode(encoder.encode_descriptor(
            "ingest_commit_seconds",
            "Time spent in ingest transactions",
            None,
            seconds.metric_type(),
        )?)?;
        {
            let mut family = encoder.encode_descriptor(
                "responses",
                "Submitted responses by outcome",
                None,
                prometheus_client::metrics::MetricType::Counter,
            )?;
            for (outcome, value) in
                [("stored", stats.stored), ("duplicate", stats.duplicates), ("refused", stats.refused)]
            {
                ConstCounter::new(value).encode(family.encode_family(&OutcomeLabels { outcome })?)?;
            }
        }
        let queued = ConstGauge::new(i64::try_from(stats.queued).unwrap_or(i64::MAX));
        queued.encode(encoder.encode_descriptor(
            "ingest_queued",
            "Submissions waiting for the writer",
            None,
            queued.metric_type(),
        )?)?;
        let mut family = encoder.encode_descriptor(
            "db_connections",
            "Database connections by state",
            None,
            prometheus_client::metrics::MetricType::Gauge,
        )?;
        let busy = stats.connections.saturating_sub(stats.idle_connections);
        for (state, value) in [("idle", stats.idle_connections), ("busy", busy)] {
            ConstGauge::new(i64::try_from(value).unwrap_or(i64::MAX))
                .encode(family.encode_family(&StateLabels { state })?)?;
        }
        Ok(())
    }
}
