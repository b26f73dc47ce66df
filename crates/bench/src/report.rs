//! Printing: the machine, then one markdown table per scenario, ready for docs/BENCHMARKS.md.

use std::time::Duration;

/// What the figures were measured on.
pub fn machine() {
    let cpu = std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|c| {
            c.lines().find(|l| l.starts_with("model name")).map(|l| l.split(':').nth(1).unwrap_or("").trim().to_owned())
        })
        .unwrap_or_else(|| "unknown CPU".into());
    let cores = std::thread::available_parallelism().map_or(0, |n| n.get());
    let memory = std::fs::read_to_string("/proc/meminfo")
        .ok()
        .and_then(|m| m.lines().next().and_then(|l| l.split_whitespace().nth(1)).and_then(|k| k.parse::<f64>().ok()))
        .map_or(0.0, |kib| kib / 1024.0 / 1024.0);
    println!("machine: {cpu}, {cores} cores, {memory:.0} GiB; load generator on the same machine, loopback");
    println!();
}

pub fn heading(title: &str) {
    println!("### {title}");
    println!();
}

pub fn table(columns: &[&str], rows: &[Vec<String>]) {
    println!("| {} |", columns.join(" | "));
    println!("|{}|", columns.iter().map(|_| " --- ").collect::<Vec<_>>().join("|"));
    for row in rows {
        println!("| {} |", row.join(" | "));
    }
    println!();
}

pub fn ms(d: Duration) -> String {
    let ms = d.as_secs_f64() * 1000.0;
    if ms < 10.0 { format!("{ms:.2} ms") } else { format!("{ms:.0} ms") }
}

pub fn rate(n: f64) -> String {
    let whole = n.round() as u64;
    let digits = whole.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

pub fn percent(share: f64) -> String {
    format!("{:.0}%", share * 100.0)
}
