//! `/admin/campaigns/{code}/codes`: the verification codes of a campaign — the page, generating
//! a batch for a point, importing dossier codes, and downloading a batch as CSV or as slips.

pub mod download;
pub mod generate;
pub mod import;
pub mod page;
