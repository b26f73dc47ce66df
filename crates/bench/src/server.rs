//! Server processes under test: `hailong serve` on a prepared database, or the baseline.
//! Each runs as its own process, so its memory can be read from /proc and it competes with
//! the load generator for the machine's cores as a real server would.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use anyhow::{Context, bail};

use crate::load;

#[derive(Debug)]
pub struct Server {
    child: Child,
    pub addr: SocketAddr,
    /// Time from spawning the process to its first successful `/healthz` (or `/`).
    pub ready_after: Duration,
}

impl Server {
    /// `hailong serve` on `database_url`, jobs off (so nothing but the load runs).
    pub async fn hailong(database_url: &str, env: &[(&str, &str)]) -> anyhow::Result<Server> {
        let port = free_port()?;
        let mut command = hailong_command()?;
        command
            .args(["serve", "--addr", &format!("127.0.0.1:{port}")])
            .env("HAILONG_DATABASE_URL", database_url)
            .env("HAILONG_PUBLIC_URL", format!("http://127.0.0.1:{port}"))
            .env("HAILONG_RUN_JOBS", "false")
            .env("HAILONG_METRICS_TOKEN", METRICS_TOKEN)
            .env("HAILONG_LOG", "warn");
        for (k, v) in env {
            command.env(k, v);
        }
        Server::start(command, port, "/healthz").await
    }

    /// `hailong demo` in a fresh folder with `responses` generated answers.
    pub async fn demo(dir: &std::path::Path, responses: usize) -> anyhow::Result<Server> {
        let port = free_port()?;
        let mut command = hailong_command()?;
        command
            .args(["demo", "--addr", &format!("127.0.0.1:{port}"), "--responses", &responses.to_string()])
            .arg("--data-dir")
            .arg(dir)
            .env("RUST_LOG", "warn");
        Server::start(command, port, "/healthz").await
    }

    /// The baseline server: this benchmark binary in its hidden `baseline-server` mode.
    pub async fn baseline() -> anyhow::Result<Server> {
        let port = free_port()?;
        let mut command = Command::new(std::env::current_exe()?);
        command.args(["baseline-server", &port.to_string()]);
        Server::start(command, port, "/").await
    }

    async fn start(mut command: Command, port: u16, ready_path: &str) -> anyhow::Result<Server> {
        let started = Instant::now();
        let child = command.stdout(Stdio::null()).stderr(Stdio::inherit()).spawn().context("starting a server")?;
        let addr = SocketAddr::from(([127, 0, 0, 1], port));
        let mut server = Server { child, addr, ready_after: Duration::ZERO };
        let deadline = started + Duration::from_secs(600);
        loop {
            if let Ok(mut conn) = load::Connection::open(addr).await
                && let Ok((status, _)) = conn.get(ready_path, false).await
                && status.is_success()
            {
                server.ready_after = started.elapsed();
                return Ok(server);
            }
            if let Some(status) = server.child.try_wait()? {
                bail!("the server exited before it was ready: {status}");
            }
            if Instant::now() > deadline {
                bail!("the server was not ready after 10 minutes");
            }
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    }

    /// Resident memory now and at its peak, in MiB, from /proc.
    pub fn memory_mib(&self) -> (f64, f64) {
        let status = std::fs::read_to_string(format!("/proc/{}/status", self.child.id())).unwrap_or_default();
        let field = |name: &str| {
            status
                .lines()
                .find(|l| l.starts_with(name))
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|kib| kib.parse::<f64>().ok())
                .map_or(0.0, |kib| kib / 1024.0)
        };
        (field("VmRSS:"), field("VmHWM:"))
    }

    /// CPU time the server has used so far (all threads, user and system), in seconds.
    pub fn cpu_seconds(&self) -> f64 {
        let stat = std::fs::read_to_string(format!("/proc/{}/stat", self.child.id())).unwrap_or_default();
        // Fields after the command name (which may hold spaces) start after the last ')'.
        let fields: Vec<&str> = stat.rsplit(')').next().unwrap_or_default().split_whitespace().collect();
        let ticks = |i: usize| fields.get(i).and_then(|f| f.parse::<f64>().ok()).unwrap_or(0.0);
        // utime and stime are fields 14 and 15 of the line, 12 and 13 after the name.
        (ticks(11) + ticks(12)) / clock_ticks_per_second()
    }

    /// Asks the server to stop (SIGTERM) and waits for it.
    pub fn stop(mut self) {
        self.terminate();
    }

    fn terminate(&mut self) {
        let _ = Command::new("kill").args(["-TERM", &self.child.id().to_string()]).status();
        for _ in 0..200 {
            if matches!(self.child.try_wait(), Ok(Some(_))) {
                return;
            }
            std::thread::sleep(Duration::from_millis(25));
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        if matches!(self.child.try_wait(), Ok(None)) {
            self.terminate();
        }
    }
}

/// The bearer token the benchmark's servers accept for `/metrics`.
pub const METRICS_TOKEN: &str = "hailong-bench-metrics-token";

impl Server {
    /// Answers stored and ingest commits so far, from `/metrics`.
    pub async fn ingest_counters(&self) -> anyhow::Result<(f64, f64)> {
        let mut conn = load::Connection::open(self.addr).await?;
        let auth = format!("Bearer {METRICS_TOKEN}");
        let answer =
            conn.send(hyper::Method::GET, "/metrics", &[("authorization", &auth)], bytes::Bytes::new()).await?;
        let text = String::from_utf8_lossy(&answer.body).into_owned();
        let value = |name: &str| {
            text.lines()
                .find(|l| l.starts_with(name))
                .and_then(|l| l.rsplit(' ').next())
                .and_then(|v| v.parse::<f64>().ok())
                .unwrap_or(0.0)
        };
        Ok((value("hailong_responses_total{outcome=\"stored\"}"), value("hailong_ingest_commits_total")))
    }
}

fn free_port() -> anyhow::Result<u16> {
    let listener = std::net::TcpListener::bind("127.0.0.1:0")?;
    Ok(listener.local_addr()?.port())
}

/// A command running [`hailong_binary`], without the variables meant for the harness and the
/// tests: the server reads every `HAILONG_*` variable as its configuration and refuses to start
/// on one it does not know.
fn hailong_command() -> anyhow::Result<Command> {
    let mut command = Command::new(hailong_binary()?);
    command.env_remove("HAILONG_BIN").env_remove("HAILONG_TEST_DATABASE_URL");
    Ok(command)
}

/// The `hailong` binary next to this one (same target folder and profile), or `HAILONG_BIN`.
pub fn hailong_binary() -> anyhow::Result<PathBuf> {
    if let Some(path) = std::env::var_os("HAILONG_BIN") {
        return Ok(PathBuf::from(path));
    }
    let exe = std::env::current_exe()?;
    let candidate = exe.with_file_name("hailong");
    if candidate.exists() {
        return Ok(candidate);
    }
    let profile = if exe.to_string_lossy().contains("/release/") { "--release " } else { "" };
    bail!("{} is missing: build it first (cargo build {profile}-p hailong) or set HAILONG_BIN", candidate.display())
}

/// The kernel's clock tick for /proc times (USER_HZ), from `getconf CLK_TCK`.
fn clock_ticks_per_second() -> f64 {
    Command::new("getconf")
        .arg("CLK_TCK")
        .output()
        .ok()
        .and_then(|o| String::from_utf8(o.stdout).ok())
        .and_then(|s| s.trim().parse().ok())
        .unwrap_or(100.0)
}
