//! A `TestApp` on a real socket, for clients that cannot go through the router in-process:
//! a browser driven over WebDriver. It can be stopped and served again on the same address,
//! as a desk's network dropping and coming back would look to a phone.

use std::net::SocketAddr;

use tokio::net::TcpListener;
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

use crate::TestApp;

impl TestApp {
    /// Serves this app on a free loopback port until the returned handle is stopped or dropped.
    pub async fn serve(&self) -> ServedApp {
        self.serve_on(SocketAddr::from(([127, 0, 0, 1], 0))).await
    }

    /// Serves this app on `addr`: the address of a stopped [`ServedApp`] to bring it back.
    pub async fn serve_on(&self, addr: SocketAddr) -> ServedApp {
        let listener = TcpListener::bind(addr).await.unwrap_or_else(|e| panic!("cannot listen on {addr}: {e}"));
        let addr = listener.local_addr().expect("a bound listener has an address");
        let (stop, stopped) = oneshot::channel::<()>();
        let shutdown = async move {
            // Dropping the sender stops the server as surely as sending does.
            let _ = stopped.await;
        };
        let server = tokio::spawn(web::serve(self.app.clone(), listener, shutdown));
        ServedApp { addr, stop: Some(stop), server: Some(server) }
    }
}

/// A running server of a [`TestApp`]; dropping it stops the server without waiting.
#[derive(Debug)]
pub struct ServedApp {
    addr: SocketAddr,
    stop: Option<oneshot::Sender<()>>,
    server: Option<JoinHandle<std::io::Result<()>>>,
}

impl ServedApp {
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// The absolute URL of `path` (which starts with `/`) on this server.
    pub fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.addr)
    }

    /// Stops accepting, answers the requests under way, closes every connection and returns the
    /// address, now free for [`TestApp::serve_on`].
    pub async fn stop(mut self) -> SocketAddr {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(server) = self.server.take() {
            server.await.expect("the server task does not panic").expect("the server stops cleanly");
        }
        self.addr
    }
}

impl Drop for ServedApp {
    fn drop(&mut self) {
        if let Some(server) = self.server.take() {
            server.abort();
        }
    }
}
