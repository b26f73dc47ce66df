//! HTTP tests of the web front, through the real router on a fresh database per test.

mod access;
mod addresses;
mod administration;
mod anomalies;
mod bad_input;
mod breakdowns;
mod catalogue;
mod citizen_form;
mod comments;
mod concurrency;
mod contacts;
mod demo;
mod export_jobs;
mod exports;
mod field;
mod instances;
mod integrity;
mod kiosk;
mod metrics;
mod monitor;
mod qr;
mod recognition;
mod report;
mod results;
mod review;
mod staff;
mod submission;
mod verification;
mod workbooks;

/// A complete PKS05 answer body (without token).
pub const PKS05_ANSWERS: &str = "c1=5&c2=4&c3=4&c4=5&c5=3&chung=5&y_kien=C%C3%A1n+b%E1%BB%99+nhi%E1%BB%87t+t%C3%ACnh";

/// `text` as the templates (askama) write it into HTML.
pub fn escaped(text: &str) -> String {
    text.replace('&', "&#38;").replace('<', "&#60;").replace('>', "&#62;").replace('"', "&#34;").replace('\'', "&#39;")
}
