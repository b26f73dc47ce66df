//! Accessibility checks with axe-core (vendored in `vendor/axe-core`): injected into the page
//! shown, run there, its violations read back. A page passes when none is serious or critical;
//! minor and moderate ones are axe's advice, not a failure.

use std::fmt::Write;

use serde::Deserialize;
use serde_json::Value;

use crate::Browser;

const AXE: &str = include_str!("../vendor/axe-core/axe.min.js");

/// Runs axe on the whole document; WebDriver's asynchronous script hands the last argument to
/// call with the outcome.
const RUN_AXE: &str = "
    const done = arguments[arguments.length - 1];
    axe.run(document, { resultTypes: ['violations'] })
        .then(results => done({ violations: results.violations }), error => done({ error: String(error) }));
";

/// A rule the page breaks, as axe reports it.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Violation {
    pub id: String,
    /// `minor`, `moderate`, `serious` or `critical`.
    pub impact: Option<String>,
    pub help: String,
    pub help_url: String,
    pub nodes: Vec<Node>,
}

/// One element that breaks the rule.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Node {
    /// CSS selectors leading to the element (nested lists cross shadow roots and frames).
    pub target: Vec<Value>,
    pub html: String,
    pub failure_summary: Option<String>,
}

impl Violation {
    pub fn is_serious(&self) -> bool {
        matches!(self.impact.as_deref(), Some("serious" | "critical"))
    }
}

#[derive(Debug, Deserialize)]
struct Outcome {
    violations: Option<Vec<Violation>>,
    error: Option<String>,
}

impl Browser {
    /// Every accessibility violation axe finds on the page shown.
    pub async fn axe_violations(&self) -> Vec<Violation> {
        // Run through WebDriver, so the page's Content-Security-Policy does not apply.
        self.client().execute(AXE, vec![]).await.unwrap_or_else(|e| panic!("cannot load axe-core: {e}"));
        let outcome =
            self.client().execute_async(RUN_AXE, vec![]).await.unwrap_or_else(|e| panic!("axe did not run: {e}"));
        let outcome: Outcome =
            serde_json::from_value(outcome).unwrap_or_else(|e| panic!("axe's results are not as expected: {e}"));
        match outcome {
            Outcome { error: Some(error), .. } => panic!("axe failed: {error}"),
            Outcome { violations: Some(violations), .. } => violations,
            Outcome { violations: None, error: None } => panic!("axe answered neither violations nor an error"),
        }
    }

    /// Fails the test if axe finds a serious or critical violation on the page shown, which
    /// the message names as `page`.
    pub async fn assert_accessible(&self, page: &str) {
        let violations = self.axe_violations().await;
        let serious: Vec<&Violation> = violations.iter().filter(|v| v.is_serious()).collect();
        assert!(serious.is_empty(), "{}", report(page, &serious));
    }
}

/// The violations, readably: rule, impact, what it asks, and each element with axe's advice.
fn report(page: &str, violations: &[&Violation]) -> String {
    let mut text = format!("{} serious or critical accessibility violation(s) on {page}:\n", violations.len());
    for v in violations {
        let impact = v.impact.as_deref().unwrap_or("unknown impact");
        let _ = writeln!(text, "\n{} ({impact}): {}\n  {}", v.id, v.help, v.help_url);
        for node in &v.nodes {
            let target: Vec<String> = node.target.iter().map(selector).collect();
            let _ = writeln!(text, "  at {}\n    {}", target.join(" "), node.html);
            if let Some(summary) = &node.failure_summary {
                for line in summary.lines() {
                    let _ = writeln!(text, "    {line}");
                }
            }
        }
    }
    text
}

/// A selector as written, without the quotes of its JSON string.
fn selector(target: &Value) -> String {
    match target {
        Value::String(css) => css.clone(),
        nested => nested.to_string(),
    }
}
