//! Typed page templates: one struct per page, built from use-case results.

pub mod admin;
pub mod breakdown;
pub mod codes;
pub mod exports;
pub mod field;
pub mod kiosk;
pub mod monitor;
pub mod public;
pub mod recognition;
pub mod results;
pub mod review;
pub mod staff;

use askama::Template;

/// Renders a template; a failure here is a bug in a template, logged and shown as an error.
pub fn render(template: &impl Template) -> Result<String, askama::Error> {
    template.render()
}
