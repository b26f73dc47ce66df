//! Which responses a report counts. Every report and export is drawn over one [`View`]; the
//! default leaves out the responses an organiser excluded after review; another counts only
//! the responses verified by a one-time code.

use crate::text::Lang;

/// The responses a report counts. Stored and passed as text (`counted`, `all`, `verified`) in
/// URLs (`?view=`), export jobs and the API. Everything above the store passes a `View` along
/// without looking inside; the store reads tallies, daily counts and response pages by it
/// (`leaves_out_excluded`, `only_verified`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub enum View {
    /// Every response except those excluded after review: what results mean by default.
    #[default]
    Counted,
    /// Every stored response, excluded ones too.
    All,
    /// Only responses sent with a valid, unused one-time code (docs/INTEGRITY.md). A review
    /// decision does not change this view: a claimed code is itself the proof of a visit.
    Verified,
}

impl View {
    pub const ALL: [View; 3] = [View::Counted, View::All, View::Verified];

    pub fn as_str(self) -> &'static str {
        match self {
            View::Counted => "counted",
            View::All => "all",
            View::Verified => "verified",
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
                    "cách tính \"{raw}\" không có; hãy chọn \"counted\" (phiếu được tính), \"all\" (tất cả phiếu) \
                     hoặc \"verified\" (phiếu đã xác thực bằng mã)"
                )
            }),
        }
    }

    /// Whether responses excluded after review are left out.
    pub fn leaves_out_excluded(self) -> bool {
        match self {
            View::Counted => true,
            View::All | View::Verified => false,
        }
    }

    /// Whether only responses verified by a one-time code are counted.
    pub fn only_verified(self) -> bool {
        self == View::Verified
    }

    /// A short name for selectors and headings.
    pub fn label(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (View::Counted, Lang::Vi) => "Phiếu được tính",
            (View::Counted, Lang::En) => "Counted responses",
            (View::All, Lang::Vi) => "Tất cả phiếu",
            (View::All, Lang::En) => "All responses",
            (View::Verified, Lang::Vi) => "Phiếu đã xác thực",
            (View::Verified, Lang::En) => "Verified responses",
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
            (View::Verified, Lang::Vi) => {
                "Số liệu chỉ tính các phiếu gửi kèm mã một lần hợp lệ (mã trên phiếu hẹn hoặc mã hồ sơ)."
            }
            (View::Verified, Lang::En) => {
                "Figures count only the responses sent with a valid one-time code (receipt or dossier code)."
            }
        }
    }

    /// What a file name carries so two downloads of different views never look alike; the
    /// default view keeps the names files had before views existed.
    pub fn file_suffix(self) -> &'static str {
        match self {
            View::Counted => "",
            View::All => "-tat-ca",
            View::Verified => "-da-xac-thuc",
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
        assert_eq!(View::from_param(Some("verified")), Ok(View::Verified));
        assert!(View::from_param(Some("checked")).unwrap_err().contains("checked"));
    }
}
