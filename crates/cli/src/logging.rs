//! Logs to stderr through `tracing`: `RUST_LOG` wins over the configured filter.

use std::io::IsTerminal;

use tracing_subscriber::EnvFilter;

pub fn init(default_filter: &str) {
    let filter = EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new(default_filter));
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        // Colour codes only help a person at a terminal; in a journal they are noise.
        .with_ansi(std::io::stderr().is_terminal())
        .try_init();
}
