//! `Browser`: headless Chromium in a phone's, a tablet's or a desktop's shape, driven over
//! WebDriver, with the few actions the tests take. Every action panics with what it was trying
//! to do, so a test reads as the steps of a user and fails with the step that went wrong.

use std::time::Duration;

use fantoccini::actions::{InputSource, KeyAction, KeyActions};
use fantoccini::elements::Element;
use fantoccini::key::Key;
use fantoccini::{Client, ClientBuilder, Locator};
use hyper_util::client::legacy::connect::HttpConnector;
use serde_json::{Value, json};

use crate::artifacts::Artifacts;
use crate::chromedriver::ChromeDriver;
use crate::full_page;

/// Debian's `chromium`; `scripts/browser-deps` installs it.
const CHROMIUM: &str = "/usr/bin/chromium";

/// How long to wait for an element to appear, mostly the next page after a click.
const PATIENCE: Duration = Duration::from_secs(10);

/// The screen the page is laid out for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Viewport {
    /// 390×844 CSS pixels at twice the density, with touch: a common phone, as a citizen who
    /// scanned the desk's QR code holds it.
    Phone,
    /// 800×1280 CSS pixels at 1.5 times the density, with touch, upright: a 10-inch Android
    /// tablet on a stand at a one-stop desk's counter (kiosk mode). On the touch screens,
    /// chromedriver delivers a click as a tap (pointer events of type "touch").
    Tablet,
    /// A 1280×900 window: a staff member's office screen.
    Desktop,
}

impl Viewport {
    fn chrome_options(self) -> Value {
        let (width, height, density) = match self {
            Viewport::Phone => (390, 844, 2.0),
            Viewport::Tablet => (800, 1280, 1.5),
            Viewport::Desktop => (1280, 900, 1.0),
        };
        let mut options = json!({
            "binary": CHROMIUM,
            "args": [
                "--headless=new",
                // Tests run as root in CI, where Chromium's sandbox cannot start.
                "--no-sandbox",
                "--disable-gpu",
                // Containers give /dev/shm a few megabytes; Chromium would crash on big pages.
                "--disable-dev-shm-usage",
                "--no-first-run",
                format!("--window-size={width},{height}"),
            ],
        });
        if self != Viewport::Desktop {
            options["mobileEmulation"] = json!({
                "deviceMetrics": { "width": width, "height": height, "pixelRatio": density, "touch": true, "mobile": true },
            });
        }
        options
    }
}

#[derive(Debug)]
pub struct Browser {
    client: Client,
    artifacts: Artifacts,
    /// Dropped after the client: if the test never reached [`Browser::close`], this kills the
    /// browser.
    _driver: ChromeDriver,
}

impl Browser {
    /// A fresh browser (no cookies, no history) for the test named `test`, whose screenshots go
    /// to `target/browser-artifacts/<test>/`.
    pub async fn open(test: &str, viewport: Viewport) -> Browser {
        let artifacts = Artifacts::for_test(test);
        let driver = ChromeDriver::start(&artifacts.dir().join("chromedriver.log")).await;
        let mut capabilities = serde_json::Map::new();
        capabilities.insert("browserName".into(), json!("chrome"));
        capabilities.insert("goog:chromeOptions".into(), viewport.chrome_options());
        let client = ClientBuilder::new(HttpConnector::new())
            .capabilities(capabilities)
            .connect(&driver.url())
            .await
            .unwrap_or_else(|e| panic!("Chromium did not start through chromedriver: {e}"));
        Browser { client, artifacts, _driver: driver }
    }

    /// The WebDriver client, for what the methods here do not cover.
    pub fn client(&self) -> &Client {
        &self.client
    }

    pub async fn goto(&self, url: &str) {
        self.client.goto(url).await.unwrap_or_else(|e| panic!("cannot open {url}: {e}"));
    }

    /// The path and query of the page shown, as the app's links write them.
    pub async fn path(&self) -> String {
        let url = self.client.current_url().await.expect("the current URL");
        match url.query() {
            Some(query) => format!("{}?{query}", url.path()),
            None => url.path().to_owned(),
        }
    }

    /// The element `locator` finds, waiting for it to appear (after a click that loads a page).
    pub async fn find(&self, locator: Locator<'_>) -> Element {
        match self.client.wait().at_most(PATIENCE).for_element(locator).await {
            Ok(element) => element,
            Err(e) => panic!("no element {locator:?} on {}: {e}", self.url_for_message().await),
        }
    }

    /// The visible text of the element `locator` finds.
    pub async fn text(&self, locator: Locator<'_>) -> String {
        self.find(locator).await.text().await.unwrap_or_else(|e| panic!("cannot read the text of {locator:?}: {e}"))
    }

    /// Clicks the element `locator` finds, in its middle, as a finger or a mouse would.
    pub async fn click(&self, locator: Locator<'_>) {
        self.find(locator).await.click().await.unwrap_or_else(|e| panic!("cannot click {locator:?}: {e}"));
    }

    /// Types `text` into the field `locator` finds.
    pub async fn type_into(&self, locator: Locator<'_>, text: &str) {
        self.find(locator).await.send_keys(text).await.unwrap_or_else(|e| panic!("cannot type into {locator:?}: {e}"));
    }

    /// Presses and releases `key` on whatever has the focus, as a keyboard does.
    pub async fn press(&self, key: Key) {
        let keyboard = KeyActions::new("keyboard".into())
            .then(KeyAction::Down { value: key.into() })
            .then(KeyAction::Up { value: key.into() });
        self.client.perform_actions(keyboard).await.unwrap_or_else(|e| panic!("cannot press {key:?}: {e}"));
    }

    /// Types `text` on whatever has the focus, one key at a time.
    pub async fn type_text(&self, text: &str) {
        let mut keyboard = KeyActions::new("keyboard".into());
        for c in text.chars() {
            keyboard = keyboard.then(KeyAction::Down { value: c }).then(KeyAction::Up { value: c });
        }
        self.client.perform_actions(keyboard).await.unwrap_or_else(|e| panic!("cannot type {text:?}: {e}"));
    }

    /// The element that has the keyboard focus.
    pub async fn focused(&self) -> Element {
        self.client.active_element().await.expect("the focused element")
    }

    /// Saves a screenshot of the whole page as the next numbered step of this test.
    pub async fn screenshot(&mut self, step: &str) {
        let png = full_page::screenshot(&self.client).await;
        let path = self.artifacts.next_screenshot(step);
        std::fs::write(&path, png).unwrap_or_else(|e| panic!("cannot write {}: {e}", path.display()));
    }

    /// Ends the session, which closes Chromium.
    pub async fn close(self) {
        self.client.clone().close().await.expect("the WebDriver session ends");
    }

    async fn url_for_message(&self) -> String {
        match self.client.current_url().await {
            Ok(url) => url.to_string(),
            Err(e) => format!("(an unknown page: {e})"),
        }
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        if std::thread::panicking() {
            eprintln!("the browser's screenshots and log: {}", self.artifacts.dir().display());
        }
    }
}
