//! `/admin/campaigns`: the list, and one campaign's results.

pub mod list;
pub mod results;
