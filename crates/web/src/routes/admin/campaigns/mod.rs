//! `/admin/campaigns`: the list, one campaign's results, its status changes, its exports and
//! its report.

pub mod comments;
pub mod export;
pub mod form;
pub mod list;
pub mod monitor;
pub mod posters;
pub mod recognition;
pub mod report;
pub mod responses_xlsx;
pub mod results;
pub mod results_xlsx;
pub mod scoring;
pub mod status;
