//! Tallies: counts per (campaign, point, item, level), kept up to date as responses arrive so
//! that reports never rescan responses. This module says what one response adds.

use crate::answers::{Answer, Answers};
use crate::instruments::{Instrument, ItemKind};

/// One count to add: `item` was answered with `level`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct TallyDelta {
    pub item: String,
    pub level: u8,
}

/// What `answers` add to the tallies: one count per answered rating or choice item. Text
/// answers are not counted; blank items add nothing (missing is not zero).
pub fn deltas(instrument: &Instrument, answers: &Answers) -> Vec<TallyDelta> {
    answers
        .0
        .iter()
        .filter_map(|(code, answer)| match (instrument.item(code).map(|i| i.kind), answer) {
            (Some(ItemKind::Rating | ItemKind::Choice), Answer::Level(level)) => {
                Some(TallyDelta { item: code.clone(), level: *level })
            }
            _ => None,
        })
        .collect()
}
