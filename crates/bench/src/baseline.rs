//! The baseline: what this machine serves when the server does no work at all. An axum
//! handler returns a fixed 10 KB page, and takes a form POST by answering 303 without reading
//! it into anything; same runtime defaults as `hailong serve`, in its own process.

use axum::Router;
use axum::body::Bytes;
use axum::http::StatusCode;
use axum::http::header::{CONTENT_TYPE, LOCATION};
use axum::response::IntoResponse;
use axum::routing::get;

/// About the size of a rendered citizen form before compression.
const PAGE_BYTES: usize = 10 * 1024;

pub fn serve(port: u16) -> anyhow::Result<()> {
    let page: &'static str = Box::leak(page().into_boxed_str());
    let app = Router::new().route(
        "/",
        get(move || async move { ([(CONTENT_TYPE, "text/html; charset=utf-8")], page) })
            .post(|_body: Bytes| async { (StatusCode::SEE_OTHER, [(LOCATION, "/")]).into_response() }),
    );
    let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build()?;
    runtime.block_on(async move {
        let listener = tokio::net::TcpListener::bind(("127.0.0.1", port)).await?;
        axum::serve(listener, app).await?;
        Ok(())
    })
}

fn page() -> String {
    let mut html = String::from("<!doctype html><html lang=\"vi\"><body><form>");
    let mut i = 0;
    while html.len() < PAGE_BYTES - 32 {
        html.push_str(&format!("<label><input type=radio name=q{i} value=1>Hài lòng</label>"));
        i += 1;
    }
    html.push_str("</form></body></html>");
    html
}
