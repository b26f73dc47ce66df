//! Crash safety: the real server takes answers from many clients at once and is killed with
//! SIGKILL at random moments, several times. Every answer that was thanked must be stored
//! exactly once after each restart, and the counts must equal a recount of the answers.

use std::collections::HashMap;
use std::io::{Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant, SystemTime};

use super::Deployment;

const ROUNDS: usize = 4;
const CLIENTS: usize = 8;

/// A tiny xorshift generator: the test prints its seed so a failing run can be replayed.
struct Dice(u64);

impl Dice {
    fn below(&mut self, n: u64) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0 % n
    }
}

fn free_addr() -> SocketAddr {
    TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap()
}

/// One HTTP/1.1 request on a fresh connection; `None` when the server is gone.
fn request(addr: SocketAddr, head: &str, body: &str) -> Option<String> {
    let mut stream = TcpStream::connect_timeout(&addr, Duration::from_secs(2)).ok()?;
    stream.set_read_timeout(Some(Duration::from_secs(10))).ok()?;
    let message =
        format!("{head}\r\nHost: {addr}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}", body.len());
    stream.write_all(message.as_bytes()).ok()?;
    let mut response = Vec::new();
    stream.read_to_end(&mut response).ok()?;
    Some(String::from_utf8_lossy(&response).into_owned())
}

/// Opens the form and answers it with `marker` as the comment; true only when thanked.
fn answer(addr: SocketAddr, token: &str, marker: &str) -> bool {
    let Some(page) = request(addr, &format!("GET /q/{token} HTTP/1.1"), "") else { return false };
    let Some(form_token) = page.split("name=\"_t\" value=\"").nth(1).and_then(|rest| rest.split('"').next()) else {
        return false;
    };
    let body = format!("_t={form_token}&c1=5&c2=4&c3=4&c4=5&c5=3&chung=5&y_kien={marker}");
    let head = format!("POST /q/{token} HTTP/1.1\r\nContent-Type: application/x-www-form-urlencoded");
    request(addr, &head, &body).is_some_and(|r| r.starts_with("HTTP/1.1 303") && r.contains("/cam-on"))
}

fn start_server(d: &Deployment, addr: SocketAddr) -> Child {
    let child = Command::new(env!("CARGO_BIN_EXE_hailong"))
        .args(["serve", "--addr", &addr.to_string(), "--public-url", &format!("http://{addr}")])
        .env("HAILONG_DATABASE_URL", d.url())
        .env("HAILONG_LOG", "warn")
        .env_remove("RUST_LOG")
        .current_dir(d.dir.path())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let deadline = Instant::now() + Duration::from_secs(30);
    while request(addr, "GET /healthz HTTP/1.1", "").is_none_or(|r| !r.starts_with("HTTP/1.1 200")) {
        assert!(Instant::now() < deadline, "the server did not come up at {addr}");
        std::thread::sleep(Duration::from_millis(50));
    }
    child
}

#[test]
fn thanked_answers_survive_sigkill_exactly_once() {
    let d = Deployment::new();
    d.seed_open_campaign();
    let list = super::stdout(&d.run(&["points", "list", "--under", "213"]));
    let tokens: Vec<String> =
        list.lines().skip(1).filter_map(|l| l.rsplit("/q/").next().map(str::to_owned)).take(CLIENTS).collect();
    assert_eq!(tokens.len(), CLIENTS);
    let seed = SystemTime::now().duration_since(SystemTime::UNIX_EPOCH).unwrap().as_nanos() as u64 | 1;
    println!("crash test seed: {seed}");
    let mut dice = Dice(seed);
    let thanked: Arc<Mutex<Vec<String>>> = Arc::default();
    let addr = free_addr();

    for round in 0..ROUNDS {
        let mut server = start_server(&d, addr);
        let stop = Arc::new(AtomicBool::new(false));
        let clients: Vec<_> = tokens
            .iter()
            .enumerate()
            .map(|(client, token)| {
                let (token, stop, thanked) = (token.clone(), stop.clone(), thanked.clone());
                std::thread::spawn(move || {
                    for i in 0.. {
                        if stop.load(Ordering::Relaxed) {
                            break;
                        }
                        let marker = format!("crash-{round}-{client}-{i}");
                        if answer(addr, &token, &marker) {
                            thanked.lock().unwrap().push(marker);
                        }
                    }
                })
            })
            .collect();
        std::thread::sleep(Duration::from_millis(300 + dice.below(1200)));
        server.kill().unwrap(); // SIGKILL: no shutdown, no flush, nothing graceful.
        server.wait().unwrap();
        stop.store(true, Ordering::Relaxed);
        for client in clients {
            client.join().unwrap();
        }
    }
    // One more start: whatever recovery the store does on opening has run.
    let mut server = start_server(&d, addr);
    server.kill().unwrap();
    server.wait().unwrap();

    let thanked = thanked.lock().unwrap().clone();
    assert!(thanked.len() > ROUNDS * CLIENTS, "the server took answers between the kills: {}", thanked.len());
    d.with_store(async |store| {
        let campaign = store.campaigns().await.unwrap()[0].campaign.id;
        let mut stored: HashMap<String, usize> = HashMap::new();
        let mut after = 0;
        loop {
            let page = store.responses_page(campaign, after, 5_000, domain::results::View::All).await.unwrap();
            let Some(last) = page.last() else { break };
            after = last.id;
            for response in &page {
                if let Some(comment) = response.answers.text("y_kien") {
                    *stored.entry(comment.to_owned()).or_default() += 1;
                }
            }
        }
        for marker in &thanked {
            assert_eq!(stored.get(marker), Some(&1), "thanked answer {marker} is stored exactly once (seed {seed})");
        }
        assert!(stored.values().all(|n| *n == 1), "no answer is stored twice (seed {seed})");
        assert_eq!(
            store.tallies(campaign, domain::results::View::All).await.unwrap(),
            store.recount(campaign).await.unwrap(),
            "seed {seed}"
        );
        println!("{} answers thanked, {} stored, over {ROUNDS} kills", thanked.len(), stored.len());
    });
}
