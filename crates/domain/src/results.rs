//! Which responses a report counts. Every report and export is drawn over one [`View`]; the
//! default leaves out the responses an organiser excluded after review.

use crate::text::Lang;

/// The responses a report counts. Stored and passed as text (`counted`, `all`) in URLs
/// (`?view=`), export jobs and the API. Everything above the store passes a `View` along
/// without looking inside; a further view (e.g. verified responses only) is a variant here,
/// its words, and how the store counts it (the matches below and the store's reads of
/// tallies, daily counts and response pages, which ask `leaves_out_excluded`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub enum View {
    /// Every response except those excluded after review: what results mean by default.
    #[default]
    Counted,
    /// Every stored response, excluded ones too.
    All,
}

impl View {
    pub const ALL: [View; 2] = [View::Counted, View::All];

    pub fn as_str(self) -> &'static str {
        match self {
            View::Counted => "counted",
            View::All => "all",
        }
    }

    pub fn parse(raw: &str) -> Option<View> {
        View::ALL.into_iter().find(|v| v.as_str() == raw)
    }

    /// Reads a `?view=` parameter: absent or empty is the default; anything else unknown is
    /// refused rather than silently read as the default.
    pub fn from_param(raw: Option<&str>) -> Result<View, String> {
        match raw.map(str::trim).filter(|r| !r.is_empty()) {
            None => Ok(View::default()),
            Some(raw) => View::parse(raw).ok_or_else(|| {
                format!(
                    "cách tính \"{raw}\" không có; hãy chọn \"counted\" (phiếu được tính) hoặc \"all\" (tất cả phiếu)"
                )
            }),
        }
    }

    /// Whether responses excluded after review are left out.
    pub fn leaves_out_excluded(self) -> bool {
        match self {
            View::Counted => true,
            View::All => false,
        }
    }

    /// A short name for selectors and headings.
    pub fn label(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (View::Counted, Lang::Vi) => "Phiếu được tính",
            (View::Counted, Lang::En) => "Counted responses",
            (View::All, Lang::Vi) => "Tất cả phiếu",
            (View::All, Lang::En) => "All responses",
        }
    }

    /// One sentence saying which responses a page or file counts.
    pub fn explain(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (View::Counted, Lang::Vi) => {
                "Số liệu tính trên các phiếu được tính: không gồm các phiếu đã bị loại sau khi xem xét."
            }
            (View::Counted, Lang::En) => {
                "Figures count the counted responses: those excluded after review are left out."
            }
            (View::All, Lang::Vi) => {
                "Số liệu tính trên tất cả phiếu đã nhận, kể cả các phiếu đã bị loại sau khi xem xét."
            }
            (View::All, Lang::En) => "Figures count every response received, including those excluded after review.",
        }
    }

    /// What a file name carries so two downloads of different views never look alike; the
    /// default view keeps the names files had before views existed.
    pub fn file_suffix(self) -> &'static str {
        match self {
            View::Counted => "",
            View::All => "-tat-ca",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn views_round_trip_and_default_to_counted() {
        for view in View::ALL {
            assert_eq!(View::parse(view.as_str()), Some(view));
        }
        assert_eq!(View::from_param(None), Ok(View::Counted));
        assert_eq!(View::from_param(Some("")), Ok(View::Counted));
        assert_eq!(View::from_param(Some("all")), Ok(View::All));
        assert!(View::from_param(Some("verified")).unwrap_err().contains("verified"));
    }
}
