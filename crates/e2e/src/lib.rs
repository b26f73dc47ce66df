//! What the browser tests (`tests/browser/`) stand on: Debian's headless Chromium, driven over
//! WebDriver by a chromedriver of each test's own, against a `testkit::TestApp` served on a real
//! socket (`TestApp::serve`). Each step can be saved as a screenshot under
//! `target/browser-artifacts/<test>/`, and any page checked with axe-core.

mod artifacts;
pub mod axe;
mod browser;
mod chromedriver;
mod full_page;

pub use browser::{Browser, Viewport};
pub use fantoccini::Locator;
pub use fantoccini::key::Key;
