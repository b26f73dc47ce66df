//! One module per scenario; each prints its own table.

pub mod footprint;
pub mod form;
pub mod ingest;
pub mod reports;
pub mod soak;

use std::sync::Arc;
use std::time::Instant;

use anyhow::{Context, bail};
use hyper::StatusCode;

use crate::load::{Connection, Done, Step, StepFuture, hidden_field};

/// A citizen: opens the form of a point, answers it, is thanked. Points are taken in turn so
/// the load spreads over the tree as a real campaign's does. Records the POST's latency: the
/// durable part, the wait after pressing "Gửi đánh giá". Each answer comes from a new phone:
/// the device cookie its form page set, and its own address (as a trusted local proxy would
/// forward it), so the integrity checks count and flag as they would in production.
#[derive(Debug)]
pub struct Citizen {
    pub tokens: Arc<Vec<String>>,
    pub next: usize,
}

const ANSWERS: &str = "c1=5&c2=4&c3=4&c4=5&c5=3&chung=4&y_kien=C%C3%A1n+b%E1%BB%99+nhi%E1%BB%87t+t%C3%ACnh";

impl Step for Citizen {
    fn step<'a>(&'a mut self, conn: &'a mut Connection) -> StepFuture<'a> {
        Box::pin(async move {
            let token = &self.tokens[self.next % self.tokens.len()];
            self.next += 1;
            let path = format!("/q/{token}");
            let address = phone_address();
            let forwarded = [("x-forwarded-for", address.as_str())];
            let page = conn.send(hyper::Method::GET, &path, &forwarded, bytes::Bytes::new()).await?;
            if page.status != StatusCode::OK {
                bail!("form answered {}", page.status);
            }
            let device = set_cookie(&page.headers, "hl_device").context("the form sets no device cookie")?;
            let html = std::str::from_utf8(&page.body)?;
            let form = hidden_field(html, "_t").context("the form has no token")?;
            let body = format!("_t={form}&{ANSWERS}");
            let bytes = page.body.len() + body.len();
            let cookie = format!("hl_device={device}");
            let headers = [
                ("content-type", "application/x-www-form-urlencoded"),
                ("cookie", cookie.as_str()),
                ("x-forwarded-for", address.as_str()),
            ];
            let started = Instant::now();
            let answer = conn.send(hyper::Method::POST, &path, &headers, bytes::Bytes::from(body)).await?;
            if answer.status != StatusCode::SEE_OTHER {
                bail!("answers answered {}", answer.status);
            }
            Ok(Done { latency: started.elapsed(), bytes })
        })
    }
}

/// A different address for every phone (carrier-grade NAT range, as mobile data often is).
fn phone_address() -> String {
    static NEXT: std::sync::atomic::AtomicU32 = std::sync::atomic::AtomicU32::new(0);
    let n = NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    format!("100.{}.{}.{}", 64 + (n >> 16) % 64, (n >> 8) & 255, n & 255)
}

/// The same exchange against the baseline: GET a fixed page, POST a form, get a 303.
#[derive(Debug)]
pub struct BaselineCitizen;

impl Step for BaselineCitizen {
    fn step<'a>(&'a mut self, conn: &'a mut Connection) -> StepFuture<'a> {
        Box::pin(async move {
            let (status, page) = conn.get("/", false).await?;
            if status != StatusCode::OK {
                bail!("baseline answered {status}");
            }
            let body = format!("_t={}&{ANSWERS}", "A".repeat(64));
            let bytes = page.len() + body.len();
            let started = Instant::now();
            let answer = conn.post_form("/", body, None).await?;
            if answer.status != StatusCode::SEE_OTHER {
                bail!("baseline answered {}", answer.status);
            }
            Ok(Done { latency: started.elapsed(), bytes })
        })
    }
}

/// GET one path, optionally asking for gzip; records the whole request.
#[derive(Debug)]
pub struct Fetch {
    pub paths: Arc<Vec<String>>,
    pub next: usize,
    pub gzip: bool,
    pub cookie: Option<Arc<String>>,
}

impl Step for Fetch {
    fn step<'a>(&'a mut self, conn: &'a mut Connection) -> StepFuture<'a> {
        Box::pin(async move {
            let path = &self.paths[self.next % self.paths.len()];
            self.next += 1;
            let started = Instant::now();
            let (status, body) = match &self.cookie {
                Some(cookie) => {
                    let answer = conn.get_with_cookie(path, cookie).await?;
                    (answer.status, answer.body)
                }
                None => conn.get(path, self.gzip).await?,
            };
            if status != StatusCode::OK {
                bail!("{path} answered {status}");
            }
            Ok(Done { latency: started.elapsed(), bytes: body.len() })
        })
    }
}

/// Signs in through the form as a browser would; returns the session cookie.
pub async fn sign_in(addr: std::net::SocketAddr, username: &str, password: &str) -> anyhow::Result<String> {
    let mut conn = Connection::open(addr).await?;
    let page = conn.send(hyper::Method::GET, "/login", &[], bytes::Bytes::new()).await?;
    let csrf_cookie = set_cookie(&page.headers, "hl_signin").context("no sign-in cookie")?;
    let html = std::str::from_utf8(&page.body)?;
    let csrf = hidden_field(html, "_csrf").context("no CSRF field")?;
    let body = format!("_csrf={csrf}&next=%2Fadmin&username={username}&password={}", encode(password));
    let answer = conn.post_form("/login", body, Some(&format!("hl_signin={csrf_cookie}"))).await?;
    let session = set_cookie(&answer.headers, "hl_session").context("signing in failed")?;
    Ok(format!("hl_session={session}"))
}

fn set_cookie(headers: &hyper::HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .filter_map(|v| v.split(';').next())
        .filter_map(|pair| pair.split_once('='))
        .find(|(k, v)| *k == name && !v.is_empty())
        .map(|(_, v)| v.to_owned())
}

fn encode(value: &str) -> String {
    value
        .bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}
