//! `hailong serve`: runs the server until SIGINT or SIGTERM, then finishes queued writes.

use std::net::SocketAddr;

use app::{App, Clock, Config};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Address to listen on (overrides the configuration).
    #[arg(long)]
    addr: Option<SocketAddr>,
    /// Address citizens reach, printed in QR codes (overrides the configuration).
    #[arg(long, value_name = "URL")]
    public_url: Option<String>,
}

pub async fn run(mut config: Config, args: Args) -> anyhow::Result<()> {
    if let Some(addr) = args.addr {
        config.addr = addr;
    }
    if let Some(url) = args.public_url {
        config.public_url = Some(url);
    }
    config.check()?;
    let app = App::start(config, Clock::system()).await?;
    let listener = tokio::net::TcpListener::bind(app.config().addr).await?;
    tracing::info!(addr = %listener.local_addr()?, database = app.store().backend_name(), "listening");
    serve(app, listener).await
}

/// Serves and runs background jobs until a shutdown signal, then lets open requests, the
/// current job and queued writes finish; shared with `hailong demo`.
pub async fn serve(app: App, listener: tokio::net::TcpListener) -> anyhow::Result<()> {
    let (stop_jobs, stop) = tokio::sync::watch::channel(false);
    let jobs = app.config().run_jobs.then(|| tokio::spawn(app.clone().run_jobs(app::jobs::worker_id(), stop)));
    let served = web::serve(app.clone(), listener, shutdown_signal()).await;
    let _ = stop_jobs.send(true);
    if let Some(jobs) = jobs {
        let _ = jobs.await;
    }
    app.shutdown().await;
    tracing::info!("stopped");
    Ok(served?)
}

async fn shutdown_signal() {
    let interrupt = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = interrupt => {}
        () = terminate => {}
    }
    tracing::info!("shutting down: finishing queued writes");
}
