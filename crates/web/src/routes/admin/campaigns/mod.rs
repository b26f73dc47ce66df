//! `/admin/campaigns`: the list, one campaign's results, and its status changes.

pub mod form;
pub mod list;
pub mod results;
pub mod status;
