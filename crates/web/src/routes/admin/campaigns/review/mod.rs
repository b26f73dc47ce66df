//! `/admin/campaigns/{code}/review`: the review queue of flagged responses (GET) and a
//! decision on one group of them (POST), for those who manage the campaign.

pub mod decide;
pub mod queue;
