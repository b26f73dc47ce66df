//! The `?view=counted|all` parameter every report and export takes, and the switch a page
//! shows to change it: which responses the figures count, said on the page itself.

use domain::results::View;
use domain::text::Lang;
use serde::Deserialize;

use crate::error::StaffError;

/// The view part of a query string.
#[derive(Debug, Default, Deserialize)]
pub struct ViewQuery {
    pub view: Option<String>,
}

/// Reads `?view=`: absent is the default (counted); anything unknown is refused with a reason.
pub fn parse(raw: Option<&str>, lang: Lang) -> Result<View, StaffError> {
    View::from_param(raw).map_err(|message| StaffError::Invalid(message, lang))
}

/// What a link carries to keep the view: nothing for the default.
pub fn query(view: View) -> String {
    if view == View::default() { String::new() } else { format!("view={}", view.as_str()) }
}

/// `&view=…` to append to a query that has other parameters; empty for the default.
pub fn and_query(view: View) -> String {
    match query(view) {
        q if q.is_empty() => q,
        q => format!("&{q}"),
    }
}

/// `path` with the view added to its query.
pub fn link(path: &str, view: View) -> String {
    match query(view) {
        q if q.is_empty() => path.to_owned(),
        q if path.contains('?') => format!("{path}&{q}"),
        q => format!("{path}?{q}"),
    }
}

/// One choice of the switch.
#[derive(Debug, Clone)]
pub struct ViewChoice {
    pub label: &'static str,
    pub href: String,
    pub current: bool,
}

/// The sentence saying which responses a page counts, and links to the other views.
#[derive(Debug, Clone)]
pub struct ViewSwitch {
    pub heading: &'static str,
    pub note: &'static str,
    pub choices: Vec<ViewChoice>,
}

impl ViewSwitch {
    /// `path` is the page's address without a view (its other parameters kept).
    pub fn new(view: View, lang: Lang, path: &str) -> ViewSwitch {
        ViewSwitch {
            heading: match lang {
                Lang::Vi => "Tính trên",
                Lang::En => "Counting",
            },
            note: view.explain(lang),
            choices: View::ALL
                .into_iter()
                .map(|v| ViewChoice { label: v.label(lang), href: link(path, v), current: v == view })
                .collect(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_keep_other_parameters_and_omit_the_default() {
        assert_eq!(link("/a?unit=3", View::All), "/a?unit=3&view=all");
        assert_eq!(link("/a", View::All), "/a?view=all");
        assert_eq!(link("/a?unit=3", View::Counted), "/a?unit=3");
    }
}
