//! Integrity limits, judged by the ingest writers inside the transaction that stores a batch:
//! each key's marks already committed are read once, the batch's own responses are counted as
//! they are stored, and each response gets its verdict in order. Counting in the writer (not
//! before it, on another connection) means no two requests can both pass the last free place
//! under a limit, and the count reads a warm page cache instead of one every commit discards.

use std::collections::HashMap;

use domain::integrity::Verdict;
use jiff::Timestamp;

use crate::{NewFlag, NewResponse};

/// The verdicts of one batch's limits.
#[derive(Debug, Default)]
pub(crate) struct LimitJudge {
    committed: HashMap<String, u32>,
    in_batch: HashMap<String, u32>,
}

/// What the writer stores with a response that passed its limits: the keys it now counts
/// under, its flags, and the bursts whose line it crossed.
#[derive(Debug, Default)]
pub(crate) struct Judged<'a> {
    pub keys: Vec<&'a str>,
    pub flags: Vec<NewFlag>,
    pub bursts: Vec<Burst<'a>>,
}

/// Earlier responses marked `key` since `since` are flagged with `flag` too: a burst is one
/// group from its start, or a stuffer would keep the first answers of every window.
#[derive(Debug)]
pub(crate) struct Burst<'a> {
    pub key: &'a str,
    pub since: Timestamp,
    pub flag: NewFlag,
}

/// A count to read: marks under `key` since `since`, stopping at `cap`.
pub(crate) type Wanted = (String, Timestamp, u32);

impl Judged<'_> {
    pub fn is_empty(&self) -> bool {
        self.keys.is_empty() && self.flags.is_empty()
    }
}

impl LimitJudge {
    /// The counts a batch needs: each key once, from the start of its window for the batch's
    /// earliest response under it (the responses of a batch arrived within milliseconds).
    pub fn wanted(responses: &[&NewResponse]) -> Vec<Wanted> {
        let mut wanted: HashMap<&str, (Timestamp, u32)> = HashMap::new();
        for response in responses {
            for counted in &response.integrity.limits {
                let since = response.submitted_at - counted.limit.window;
                let entry = wanted.entry(&counted.key).or_insert((since, 0));
                entry.0 = entry.0.min(since);
                entry.1 = entry.1.max(counted.limit.count_cap());
            }
        }
        wanted.into_iter().map(|(key, (since, cap))| (key.to_owned(), since, cap)).collect()
    }

    /// A judge for a batch, given the committed counts of `wanted`, in its order.
    pub fn new(wanted: Vec<Wanted>, counts: Vec<u32>) -> LimitJudge {
        let committed = wanted.into_iter().map(|(key, ..)| key).zip(counts).collect();
        LimitJudge { committed, in_batch: HashMap::new() }
    }

    /// The verdict on one response, counting the marks committed before the batch and those of
    /// the batch's responses stored before it; `None` when a hard limit refuses it.
    pub fn judge<'a>(&self, response: &'a NewResponse) -> Option<Judged<'a>> {
        let marks = &response.integrity;
        let mut judged = Judged { flags: marks.flags.clone(), ..Judged::default() };
        for counted in &marks.limits {
            let key = counted.key.as_str();
            let before = self.committed.get(key).copied().unwrap_or(0) + self.in_batch.get(key).copied().unwrap_or(0);
            let limit = counted.limit;
            let detail = format!("{} phiếu trong {} phút", before + 1, limit.window.as_mins());
            match limit.verdict(before) {
                Verdict::Refuse => {
                    tracing::info!(
                        point = response.point_id,
                        reason = counted.reason.as_str(),
                        count = before,
                        "a submission over a hard limit was refused"
                    );
                    return None;
                }
                Verdict::Flag { first } => {
                    let flag = NewFlag { reason: counted.reason, detail };
                    if first {
                        let since = response.submitted_at - limit.window;
                        judged.bursts.push(Burst { key, since, flag: flag.clone() });
                    }
                    judged.flags.push(flag);
                }
                Verdict::Fine => {}
            }
            judged.keys.push(key);
        }
        Some(judged)
    }

    /// Counts a stored response under its keys for the rest of the batch.
    pub fn stored(&mut self, judged: &Judged<'_>) {
        for key in &judged.keys {
            *self.in_batch.entry((*key).to_owned()).or_default() += 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use domain::answers::Answers;
    use domain::campaigns::Channel;
    use domain::integrity::{FlagReason, Limit};
    use domain::text::Lang;
    use jiff::SignedDuration;

    use super::*;
    use crate::{CountedLimit, IntegrityMarks};

    fn response(at: Timestamp, keys: &[&str]) -> NewResponse {
        let limit = Limit { window: SignedDuration::from_mins(10), flag_after: 2, refuse_after: Some(3) };
        let limits = keys
            .iter()
            .map(|key| CountedLimit { key: (*key).into(), limit, reason: FlagReason::NetworkBurst })
            .collect();
        NewResponse {
            client_id: String::new(),
            campaign_id: 1,
            point_id: 1,
            instrument_id: 1,
            channel: Channel::Qr,
            lang: Lang::Vi,
            issued_at: at,
            submitted_at: at,
            answers: Answers::default(),
            comment_level: None,
            deltas: Vec::new(),
            paper: None,
            integrity: IntegrityMarks { flags: Vec::new(), limits },
            verification: None,
            contact: None,
        }
    }

    #[test]
    fn a_batch_counts_what_was_committed_and_its_own_earlier_responses() {
        let at = Timestamp::from_second(1_800_000_000).unwrap();
        let batch = [response(at, &["n:a", "p"]), response(at, &["n:a", "p"]), response(at, &["n:b", "p"])];
        let refs: Vec<&NewResponse> = batch.iter().collect();
        let wanted = LimitJudge::wanted(&refs);
        assert_eq!(wanted.len(), 3);
        assert!(wanted.iter().all(|(_, since, cap)| *since == at - SignedDuration::from_mins(10) && *cap == 4));
        // One mark under n:a committed before; none under n:b; p is new.
        let counts = wanted.iter().map(|(key, ..)| u32::from(key == "n:a")).collect();
        let mut judge = LimitJudge::new(wanted, counts);

        let first = judge.judge(&batch[0]).expect("one before: fine");
        assert!(first.flags.is_empty() && first.bursts.is_empty());
        judge.stored(&first);
        let second = judge.judge(&batch[1]).expect("two before: flagged, not refused");
        assert_eq!(second.flags.len(), 1);
        assert_eq!(second.flags[0].detail, "3 phiếu trong 10 phút");
        assert_eq!(second.bursts.len(), 1, "the burst is flagged from its start");
        judge.stored(&second);
        assert!(judge.judge(&batch[1]).is_none(), "a fourth under n:a is beyond the hard limit");
        let other = judge.judge(&batch[2]).expect("another network");
        assert_eq!(other.flags.len(), 1, "but the point's own count reached its line: {:?}", other.flags);
        assert_eq!(other.keys, ["n:b", "p"]);
    }
}
