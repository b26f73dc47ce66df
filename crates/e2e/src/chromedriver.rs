//! One chromedriver process per test, on a free loopback port. It starts Chromium for the
//! session; dropping it kills chromedriver and every browser process it started, so a test
//! that panics halfway leaves nothing running.

use std::fs::File;
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::os::unix::process::CommandExt;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// Where Debian's `chromium-driver` puts it; `scripts/browser-deps` installs it.
const CHROMEDRIVER: &str = "/usr/bin/chromedriver";

/// Longer than chromedriver ever takes to listen, even on a busy 2-core machine.
const STARTUP_LIMIT: Duration = Duration::from_secs(20);

#[derive(Debug)]
pub(crate) struct ChromeDriver {
    child: Child,
    addr: SocketAddr,
}

impl ChromeDriver {
    /// Starts chromedriver, writing its log to `log`, and returns once it accepts connections.
    pub(crate) async fn start(log: &Path) -> ChromeDriver {
        let addr = free_loopback_addr();
        let log = File::create(log).unwrap_or_else(|e| panic!("cannot create {}: {e}", log.display()));
        let child = Command::new(CHROMEDRIVER)
            .arg(format!("--port={}", addr.port()))
            .stdin(Stdio::null())
            .stdout(log.try_clone().expect("a log file handle"))
            .stderr(log)
            // Its own process group, which Chromium's processes join: one signal ends them all.
            .process_group(0)
            .spawn()
            .unwrap_or_else(|e| panic!("cannot start {CHROMEDRIVER} ({e}); run scripts/browser-deps"));
        let mut driver = ChromeDriver { child, addr };
        driver.wait_until_listening().await;
        driver
    }

    /// The WebDriver endpoint.
    pub(crate) fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    async fn wait_until_listening(&mut self) {
        let started = Instant::now();
        while TcpStream::connect(self.addr).is_err() {
            if let Some(status) = self.child.try_wait().expect("chromedriver's status") {
                panic!("chromedriver exited before listening on {}: {status}", self.addr);
            }
            assert!(
                started.elapsed() < STARTUP_LIMIT,
                "chromedriver is not listening on {} after {STARTUP_LIMIT:?}",
                self.addr
            );
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    }
}

impl Drop for ChromeDriver {
    fn drop(&mut self) {
        // A negative pid names the process group. `kill` the program, because sending a signal
        // from Rust needs `unsafe` (libc) and the workspace forbids it.
        let group = format!("-{}", self.child.id());
        let _ = Command::new("kill").args(["-KILL", "--", &group]).stderr(Stdio::null()).status();
        let _ = self.child.wait();
    }
}

/// An address nobody listens on now. Another process could take it before chromedriver does;
/// on a test machine's loopback that does not happen in practice.
fn free_loopback_addr() -> SocketAddr {
    let listener = TcpListener::bind(("127.0.0.1", 0)).expect("a free loopback port");
    listener.local_addr().expect("a bound listener has an address")
}
