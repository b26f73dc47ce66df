//! The store's review surface: flagged responses in groups (point, reason, local day, where
//! they stand), and an organiser's decision on a whole group, applied set-based in one
//! transaction together with the excluded counts that counted results subtract.

use domain::review::{ReviewAction, ReviewState};
use jiff::Timestamp;
use jiff::civil::Date;

use crate::{Backend, Result, Store, postgres, sqlite};

/// What the answers of the responses in a group look like, for judging them at a glance.
#[derive(Debug, Clone, Default)]
pub struct AnswerSpread {
    /// The rating items looked at (straight-lining is judged over these).
    pub items: Vec<String>,
    /// The top level of their scale, when they share one.
    pub top: Option<u8>,
}

/// Flagged responses sharing a point, a reason, a local day and where they stand.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReviewGroupRow {
    pub point_id: i64,
    /// `domain::integrity::FlagReason` as text.
    pub reason: String,
    pub day: Date,
    pub state: ReviewState,
    pub responses: i64,
    pub first_at: Timestamp,
    pub last_at: Timestamp,
    /// The largest response id in the group: with `responses`, what a decision form carries
    /// so that a group which changed since the page was read is not decided blindly.
    pub last_id: i64,
    /// The largest recorded detail (`31 within 10 min`) and how many different ones there are.
    pub detail: String,
    pub details: i64,
    /// Responses whose rated answers are all one level, and all the top level.
    pub straight: i64,
    pub all_top: i64,
    /// Responses of the group that carry other reasons too.
    pub also_flagged: i64,
}

/// How many of a point's flagged responses an organiser decided one way (accepted or
/// excluded): each response once, however many reasons (groups) it is flagged for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DecisionCount {
    pub point_id: i64,
    pub state: ReviewState,
    pub responses: i64,
}

/// Which group a decision is about, as the page showed it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GroupKey {
    pub campaign_id: i64,
    pub point_id: i64,
    pub reason: String,
    pub day: Date,
    pub state: ReviewState,
}

/// An organiser's decision on one group.
#[derive(Debug, Clone)]
pub struct GroupDecision {
    pub group: GroupKey,
    pub action: ReviewAction,
    /// What the page showed: the group's size and largest response id.
    pub seen_responses: i64,
    pub seen_last_id: i64,
    pub note: String,
    pub decided_by: i64,
    pub at: Timestamp,
}

/// What came of a decision.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DecisionOutcome {
    /// This many responses changed state.
    Decided(i64),
    /// The group holds no response in that state any more (decided already).
    AlreadyDecided,
    /// The group changed since the page was read (now this many responses); nothing changed.
    Changed(i64),
}

impl GroupDecision {
    /// How the excluded counts move: +1 when responses become excluded, −1 when an exclusion is
    /// undone, 0 otherwise.
    pub(crate) fn excluded_sign(&self) -> i64 {
        match (self.group.state, self.action) {
            (ReviewState::Excluded, _) => -1,
            (_, ReviewAction::Exclude) => 1,
            _ => 0,
        }
    }
}

impl Store {
    /// Every group of a campaign's flagged responses.
    pub async fn review_groups(&self, campaign: i64, spread: AnswerSpread) -> Result<Vec<ReviewGroupRow>> {
        match &*self.backend {
            Backend::Sqlite(db) => db.read(move |c| sqlite::review::groups(c, campaign, &spread)).await,
            Backend::Postgres(db) => postgres::review::groups(&db.client().await?, campaign, &spread).await,
        }
    }

    /// A campaign's decided responses per point and decision (the pending ones are
    /// [`Store::flag_counts_by_point`]'s).
    pub async fn decision_counts(&self, campaign: i64) -> Result<Vec<DecisionCount>> {
        match &*self.backend {
            Backend::Sqlite(db) => db.read(move |c| sqlite::review::decision_counts(c, campaign)).await,
            Backend::Postgres(db) => postgres::review::decision_counts(&db.client().await?, campaign).await,
        }
    }

    /// Applies a decision to every response of a group, with the excluded counts, in one
    /// transaction; a group that is empty or changed since it was read changes nothing.
    pub async fn decide_review_group(&self, decision: GroupDecision) -> Result<DecisionOutcome> {
        match &*self.backend {
            Backend::Sqlite(db) => db.write(move |tx| sqlite::review::decide(tx, &decision)).await,
            Backend::Postgres(db) => postgres::review::decide(db, &decision).await,
        }
    }
}
