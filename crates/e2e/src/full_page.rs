//! Screenshots of the whole page, not only the part in the viewport: a phone form is several
//! screens long, and the artifact should show all of it. WebDriver has no command for that;
//! chromedriver passes Chrome DevTools Protocol commands through, and the protocol does.

use data_encoding::BASE64;
use fantoccini::Client;
use fantoccini::wd::WebDriverCompatibleCommand;
use serde_json::{Value, json};

/// A PNG of the whole document as it is laid out now.
pub(crate) async fn screenshot(client: &Client) -> Vec<u8> {
    let metrics = devtools(client, "Page.getLayoutMetrics", json!({})).await;
    let size = &metrics["cssContentSize"];
    let (width, height) = (size["width"].as_f64(), size["height"].as_f64());
    let (Some(width), Some(height)) = (width, height) else {
        panic!("Page.getLayoutMetrics gave no content size: {metrics}");
    };
    let clip = json!({ "x": 0, "y": 0, "width": width, "height": height, "scale": 1 });
    let shot = json!({ "format": "png", "captureBeyondViewport": true, "clip": clip });
    let image = devtools(client, "Page.captureScreenshot", shot).await;
    let data = image["data"].as_str().unwrap_or_else(|| panic!("Page.captureScreenshot gave no data: {image}"));
    BASE64.decode(data.as_bytes()).expect("the screenshot is base64")
}

async fn devtools(client: &Client, cmd: &'static str, params: Value) -> Value {
    client
        .issue_cmd(DevTools { cmd, params })
        .await
        .unwrap_or_else(|e| panic!("chromedriver refused the DevTools command {cmd}: {e}"))
}

/// chromedriver's `POST /session/{id}/goog/cdp/execute`.
#[derive(Debug)]
struct DevTools {
    cmd: &'static str,
    params: Value,
}

impl WebDriverCompatibleCommand for DevTools {
    fn endpoint(&self, base: &url::Url, session: Option<&str>) -> Result<url::Url, url::ParseError> {
        base.join(&format!("session/{}/goog/cdp/execute", session.unwrap_or_default()))
    }

    fn method_and_body(&self, _: &url::Url) -> (http::Method, Option<String>) {
        (http::Method::POST, Some(json!({ "cmd": self.cmd, "params": self.params }).to_string()))
    }
}
