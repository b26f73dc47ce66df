//! The load generator: each virtual client holds one keep-alive HTTP/1.1 connection and sends
//! its next request as soon as the previous one is answered (closed loop, like wrk). Latency is
//! recorded per request after the warm-up.

use std::future::Future;
use std::net::SocketAddr;
use std::pin::Pin;
use std::time::{Duration, Instant};

use anyhow::{Context, bail};
use bytes::Bytes;
use http_body_util::{BodyExt, Full};
use hyper::client::conn::http1::SendRequest;
use hyper::header::{ACCEPT_ENCODING, CONTENT_TYPE, COOKIE, HOST};
use hyper::{HeaderMap, Method, Request, StatusCode};
use hyper_util::rt::TokioIo;

#[derive(Debug)]
pub struct Connection {
    sender: SendRequest<Full<Bytes>>,
    host: String,
}

/// A response as the client saw it.
#[derive(Debug)]
pub struct Answer {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: Bytes,
}

impl Connection {
    pub async fn open(addr: SocketAddr) -> anyhow::Result<Connection> {
        let stream = tokio::net::TcpStream::connect(addr).await?;
        stream.set_nodelay(true)?;
        let (sender, connection) = hyper::client::conn::http1::handshake(TokioIo::new(stream)).await?;
        tokio::spawn(connection);
        Ok(Connection { sender, host: addr.to_string() })
    }

    pub async fn send(
        &mut self,
        method: Method,
        path: &str,
        headers: &[(&str, &str)],
        body: Bytes,
    ) -> anyhow::Result<Answer> {
        let mut request = Request::builder().method(method).uri(path).header(HOST, &self.host);
        for (name, value) in headers {
            request = request.header(*name, *value);
        }
        self.sender.ready().await?;
        let response = self.sender.send_request(request.body(Full::new(body))?).await?;
        let (parts, body) = response.into_parts();
        let body = body.collect().await?.to_bytes();
        Ok(Answer { status: parts.status, headers: parts.headers, body })
    }

    pub async fn get(&mut self, path: &str, gzip: bool) -> anyhow::Result<(StatusCode, Bytes)> {
        let headers: &[(&str, &str)] = if gzip { &[(ACCEPT_ENCODING.as_str(), "gzip")] } else { &[] };
        let answer = self.send(Method::GET, path, headers, Bytes::new()).await?;
        Ok((answer.status, answer.body))
    }

    pub async fn get_with_cookie(&mut self, path: &str, cookie: &str) -> anyhow::Result<Answer> {
        self.send(Method::GET, path, &[(COOKIE.as_str(), cookie)], Bytes::new()).await
    }

    pub async fn post_form(&mut self, path: &str, body: String, cookie: Option<&str>) -> anyhow::Result<Answer> {
        let mut headers = vec![(CONTENT_TYPE.as_str(), "application/x-www-form-urlencoded")];
        if let Some(cookie) = cookie {
            headers.push((COOKIE.as_str(), cookie));
        }
        self.send(Method::POST, path, &headers, Bytes::from(body)).await
    }
}

/// When a run measures: from `start` (after the warm-up) until `end`.
#[derive(Debug, Clone, Copy)]
pub struct Window {
    pub start: Instant,
    pub end: Instant,
}

impl Window {
    pub fn new(warmup: Duration, measure: Duration) -> Window {
        let start = Instant::now() + warmup;
        Window { start, end: start + measure }
    }

    pub fn running(&self) -> bool {
        Instant::now() < self.end
    }
}

/// Latencies (microseconds) of the requests that completed inside the window, and errors.
#[derive(Debug, Default, Clone)]
pub struct Samples {
    pub micros: Vec<u32>,
    pub errors: u64,
    pub bytes: u64,
}

impl Samples {
    pub fn record(&mut self, window: &Window, started: Instant, done: Done) {
        if started >= window.start && Instant::now() <= window.end {
            self.micros.push(u32::try_from(done.latency.as_micros()).unwrap_or(u32::MAX));
            self.bytes += done.bytes as u64;
        }
    }

    /// Samples of sequential requests, all measured.
    pub fn from_latencies(latencies: Vec<Duration>) -> Samples {
        let mut micros: Vec<u32> = latencies.iter().map(|d| u32::try_from(d.as_micros()).unwrap_or(u32::MAX)).collect();
        micros.sort_unstable();
        Samples { micros, errors: 0, bytes: 0 }
    }

    pub fn merge(mut all: Vec<Samples>) -> Samples {
        let mut merged = Samples::default();
        for s in &mut all {
            merged.micros.append(&mut s.micros);
            merged.errors += s.errors;
            merged.bytes += s.bytes;
        }
        merged.micros.sort_unstable();
        merged
    }

    pub fn count(&self) -> usize {
        self.micros.len()
    }

    /// The `p`-th percentile latency (samples must be merged, hence sorted).
    pub fn percentile(&self, p: f64) -> Duration {
        if self.micros.is_empty() {
            return Duration::ZERO;
        }
        let rank = ((p / 100.0) * (self.micros.len() - 1) as f64).round() as usize;
        Duration::from_micros(u64::from(self.micros[rank.min(self.micros.len() - 1)]))
    }

    pub fn max(&self) -> Duration {
        Duration::from_micros(u64::from(self.micros.last().copied().unwrap_or(0)))
    }
}

/// What one step of a client measured: the latency to record (the request that matters, e.g.
/// the POST of a GET+POST pair) and the bytes it counts as transferred.
#[derive(Debug, Clone, Copy)]
pub struct Done {
    pub latency: Duration,
    pub bytes: usize,
}

pub type StepFuture<'a> = Pin<Box<dyn Future<Output = anyhow::Result<Done>> + Send + 'a>>;

/// What one virtual client does, over and over, on its connection.
pub trait Step: Send + 'static {
    fn step<'a>(&'a mut self, conn: &'a mut Connection) -> StepFuture<'a>;
}

/// Runs `concurrency` clients against `addr` for the window, client `i` doing `make(i)`, each
/// on its own connection (reopened after an error).
pub async fn drive<S: Step>(
    addr: SocketAddr,
    concurrency: usize,
    window: Window,
    make: impl Fn(usize) -> S,
) -> anyhow::Result<Samples> {
    let mut tasks = Vec::with_capacity(concurrency);
    for client in 0..concurrency {
        let mut step = make(client);
        tasks.push(tokio::spawn(async move {
            let mut samples = Samples::default();
            let mut conn = Connection::open(addr).await.context("connecting")?;
            while window.running() {
                let started = Instant::now();
                match step.step(&mut conn).await {
                    Ok(done) => samples.record(&window, started, done),
                    Err(_) => {
                        if started >= window.start {
                            samples.errors += 1;
                        }
                        conn = Connection::open(addr).await.context("reconnecting")?;
                    }
                }
            }
            anyhow::Ok(samples)
        }));
    }
    let mut all = Vec::with_capacity(concurrency);
    for task in tasks {
        all.push(task.await??);
    }
    let merged = Samples::merge(all);
    if merged.count() == 0 {
        bail!("no request completed in the measured window ({} errors)", merged.errors);
    }
    Ok(merged)
}

/// The value of the hidden input `name` in an HTML page.
pub fn hidden_field<'a>(html: &'a str, name: &str) -> Option<&'a str> {
    let marker = format!("name=\"{name}\" value=\"");
    let start = html.find(&marker)? + marker.len();
    let end = html[start..].find('"')? + start;
    Some(&html[start..end])
}

/// Runs `inner` at a fixed pace: with `clients` clients sharing `per_second`, each waits for its
/// next turn. Used to read latency below saturation (e.g. at 80% of the peak rate).
#[derive(Debug)]
pub struct Paced<S> {
    inner: S,
    interval: Duration,
    next: Option<Instant>,
}

impl<S: Step> Paced<S> {
    pub fn new(inner: S, per_second: f64, clients: usize, client: usize) -> Self {
        let interval = Duration::from_secs_f64(clients as f64 / per_second.max(1.0));
        // Clients start spread over one interval, not all at once.
        let offset = interval.mul_f64(client as f64 / clients.max(1) as f64);
        Paced { inner, interval, next: Some(Instant::now() + offset) }
    }
}

impl<S: Step> Step for Paced<S> {
    fn step<'a>(&'a mut self, conn: &'a mut Connection) -> StepFuture<'a> {
        Box::pin(async move {
            let due = self.next.unwrap_or_else(Instant::now);
            tokio::time::sleep_until(due.into()).await;
            self.next = Some(due + self.interval);
            self.inner.step(conn).await
        })
    }
}
