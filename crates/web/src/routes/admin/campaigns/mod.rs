//! `/admin/campaigns`: the list, one campaign's results, and its status changes.

pub mod comments;
pub mod export;
pub mod form;
pub mod list;
pub mod monitor;
pub mod posters;
pub mod recognition;
pub mod results;
pub mod scoring;
pub mod status;
