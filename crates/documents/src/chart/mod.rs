//! Charts of results, described once as geometry and rendered two ways: as SVG for the staff
//! pages and painted on PDF pages for the campaign report, so both show the same drawing.
//!
//! - [`bar_chart`]: shares with their Wilson 95% intervals (the ranking of units, the factors);
//! - [`daily_trend`]: responses per day;
//! - [`level_distribution`]: how answers spread over a scale's levels, one stacked bar a question.
//!
//! Every chart is drawn from one blue ramp whose steps differ in lightness, with direct labels
//! and hatching where parts must be told apart, so it reads in grey print. A chart is an image
//! summing up a table: pages keep the table beside it.
//!
//! ```
//! use hailong_documents::chart::{Bar, BarText, bar_chart, to_svg};
//!
//! let bars = [Bar { label: "Xã Tân Dĩnh".into(), value: "86,4% · n = 212".into(),
//!     percent: Some(86.4), interval: Some((81.2, 90.4)), small: false }];
//! let text = BarText { title: "Tỷ lệ hài lòng".into(), summary: "1 đơn vị".into(),
//!     small_heading: "Chưa đủ dữ liệu".into() };
//! let svg = to_svg(&bar_chart(&bars, &text), "chart");
//! assert!(svg.starts_with("<svg") && svg.contains("Xã Tân Dĩnh"));
//! ```

mod bars;
mod distribution;
mod geometry;
mod palette;
pub(crate) mod pdf;
mod svg;
mod trend;

pub use bars::{Bar, BarText, bar_chart};
pub use distribution::{Stack, level_distribution};
pub use geometry::{Anchor, Chart, Colour, Shape, Weight};
pub use svg::to_svg;
pub use trend::{Day, daily_trend};
