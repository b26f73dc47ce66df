//! `/admin/campaigns`: the list, one campaign's results, its status changes and its exports.

pub mod breakdown;
pub mod comments;
pub mod export;
pub mod form;
pub mod list;
pub mod monitor;
pub mod posters;
pub mod recognition;
pub mod responses_xlsx;
pub mod results;
pub mod results_xlsx;
pub mod scoring;
pub mod status;
