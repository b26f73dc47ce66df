//! The rules of Hài Lòng, free of IO: the unit tree, questionnaires (instruments) and their
//! scales, campaigns, parsing a citizen's answers, tally deltas, integrity signals, the
//! anomalies found afterwards and their review, which responses a report counts, satisfaction
//! indices, the quota and recognition-scoring rules, the signed tokens printed on QR codes and
//! carried by forms, verification codes, and the contact details a citizen may leave.
//!
//! Everything here is deterministic given its inputs (time and randomness are passed in or
//! isolated in one constructor), so it is tested with plain unit and property tests.

pub mod access;
pub mod accounts;
pub mod anomalies;
pub mod answers;
pub mod campaigns;
pub mod contact;
pub mod index;
pub mod indices;
pub mod instruments;
pub mod integrity;
pub mod kiosk;
pub mod quota;
pub mod recognition;
pub mod results;
pub mod review;
pub mod signing;
pub mod tally;
pub mod text;
pub mod time;
pub mod units;
pub mod verification;
