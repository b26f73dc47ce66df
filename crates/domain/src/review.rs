//! Reviewing flagged responses: where a response stands after an organiser looked at it, and
//! what an organiser may do to a group of them. A decision is kept per response, so a flag
//! that arrives after a decision forms a new pending group.

use crate::text::Lang;

/// Where a flagged response stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ReviewState {
    /// Flagged, not yet looked at.
    Pending,
    /// Judged genuine: stays counted.
    Accepted,
    /// Judged not genuine: left out of counted results.
    Excluded,
}

impl ReviewState {
    pub const ALL: [ReviewState; 3] = [ReviewState::Pending, ReviewState::Accepted, ReviewState::Excluded];

    pub fn as_str(self) -> &'static str {
        match self {
            ReviewState::Pending => "pending",
            ReviewState::Accepted => "accepted",
            ReviewState::Excluded => "excluded",
        }
    }

    pub fn parse(raw: &str) -> Option<ReviewState> {
        ReviewState::ALL.into_iter().find(|s| s.as_str() == raw)
    }

    pub fn label(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (ReviewState::Pending, Lang::Vi) => "Chờ xem xét",
            (ReviewState::Pending, Lang::En) => "Pending",
            (ReviewState::Accepted, Lang::Vi) => "Đã chấp nhận",
            (ReviewState::Accepted, Lang::En) => "Accepted",
            (ReviewState::Excluded, Lang::Vi) => "Đã loại",
            (ReviewState::Excluded, Lang::En) => "Excluded",
        }
    }

    /// What may be done to a group in this state.
    pub fn actions(self) -> &'static [ReviewAction] {
        match self {
            ReviewState::Pending => &[ReviewAction::Accept, ReviewAction::Exclude],
            ReviewState::Accepted => &[ReviewAction::Exclude, ReviewAction::Undo],
            ReviewState::Excluded => &[ReviewAction::Undo],
        }
    }
}

/// What an organiser does to a group.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ReviewAction {
    /// They are genuine: they stay counted and leave the pending list.
    Accept,
    /// They are not genuine: left out of counted results. Needs a reason.
    Exclude,
    /// Take the decision back: the responses are pending again (and counted). Needs a reason.
    Undo,
}

impl ReviewAction {
    pub fn as_str(self) -> &'static str {
        match self {
            ReviewAction::Accept => "accept",
            ReviewAction::Exclude => "exclude",
            ReviewAction::Undo => "undo",
        }
    }

    pub fn parse(raw: &str) -> Option<ReviewAction> {
        [ReviewAction::Accept, ReviewAction::Exclude, ReviewAction::Undo].into_iter().find(|a| a.as_str() == raw)
    }

    /// Whether the decision must say why.
    pub fn needs_reason(self) -> bool {
        !matches!(self, ReviewAction::Accept)
    }

    /// The state the group's responses end in.
    pub fn leads_to(self) -> ReviewState {
        match self {
            ReviewAction::Accept => ReviewState::Accepted,
            ReviewAction::Exclude => ReviewState::Excluded,
            ReviewAction::Undo => ReviewState::Pending,
        }
    }

    pub fn label(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (ReviewAction::Accept, Lang::Vi) => "Chấp nhận",
            (ReviewAction::Accept, Lang::En) => "Accept",
            (ReviewAction::Exclude, Lang::Vi) => "Loại khỏi kết quả",
            (ReviewAction::Exclude, Lang::En) => "Exclude",
            (ReviewAction::Undo, Lang::Vi) => "Hủy quyết định",
            (ReviewAction::Undo, Lang::En) => "Undo",
        }
    }
}

/// The longest reason kept with a decision, in characters.
pub const MAX_NOTE_CHARS: usize = 500;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn states_and_actions_round_trip() {
        for state in ReviewState::ALL {
            assert_eq!(ReviewState::parse(state.as_str()), Some(state));
            for action in state.actions() {
                assert_eq!(ReviewAction::parse(action.as_str()), Some(*action));
                assert_ne!(action.leads_to(), state, "an action changes the state");
            }
        }
        assert!(!ReviewAction::Accept.needs_reason());
        assert!(ReviewAction::Exclude.needs_reason() && ReviewAction::Undo.needs_reason());
    }
}
