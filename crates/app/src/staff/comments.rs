//! Citizens' written comments of a campaign inside the reader's scope, filterable by point,
//! day and the citizen's comment level (`Instrument::comment_level`), the most negative first
//! — what a province reads to follow up complaints. Organisers see every comment of their
//! subtree, unit managers those of theirs; every reading is audited, as comments are raw
//! answers. Those who follow up (`Permission::FollowUp`) also see the contacts citizens left
//! for a reply — a response with a contact and no comment too — and may list only those; each
//! such reading is audited apart.

use std::cmp::{Ordering, Reverse};
use std::collections::{BTreeMap, BinaryHeap, HashMap, HashSet};

use domain::access::Permission;
use domain::answers::Answer;
use domain::campaigns::{Campaign, Channel};
use domain::contact::Contact;
use domain::instruments::Instrument;
use domain::results::View;
use domain::text::Text;
use jiff::Timestamp;
use jiff::civil::Date;
use store::{CommentQuery, StoredResponse};

use super::Staff;
use crate::Result;

/// Responses with only a contact read from the store per page.
const PAGE: i64 = 5_000;
/// Comments shown per page of the list.
pub const PER_PAGE: usize = 100;

#[derive(Debug, Clone, Default)]
pub struct CommentFilter {
    pub point: Option<i64>,
    pub from: Option<Date>,
    pub to: Option<Date>,
    /// Only comments whose comment level is at most this (1 = the unhappiest).
    pub max_level: Option<u8>,
    pub page: usize,
    /// Counted responses only (the default), or all.
    pub view: View,
    /// Only responses whose citizen left a contact (for those who may see contacts).
    pub with_contact: bool,
}

#[derive(Debug, Clone)]
pub struct Comment {
    pub response_id: i64,
    pub point_id: i64,
    pub point: String,
    pub day: Date,
    pub at: Timestamp,
    pub channel: Channel,
    /// The overall question's level, or the lowest rating when the questionnaire has none.
    pub level: Option<u8>,
    /// The question the comment answers, and the text; both empty for a response that left a
    /// contact without a comment.
    pub item: String,
    pub text: String,
    /// The contact the citizen left for a reply, shown to those who follow up only.
    pub contact: Option<Contact>,
}

#[derive(Debug, Clone)]
pub struct CommentsPage {
    pub campaign: Campaign,
    /// Points inside the scope that belong to the campaign, for the filter.
    pub points: Vec<(i64, String)>,
    pub comments: Vec<Comment>,
    pub total: usize,
    /// Whether the reader sees contacts (and the filter for them).
    pub follow_up: bool,
    /// What a comment's level is: the answer to the overall question, or (without one) the
    /// response's lowest rating.
    pub by_overall: bool,
    /// The levels it can take, each with its label ([`Instrument::comment_scale`]).
    pub levels: Vec<(u8, Text)>,
}

impl Staff {
    pub async fn comments(&self, code: &str, filter: &CommentFilter) -> Result<CommentsPage> {
        self.require(Permission::ReadResults)?;
        if let Some(point) = filter.point {
            self.require_inside(point)?;
        }
        let campaign = self.visible_campaign(code).await?;
        let app = self.app();
        let mut points: Vec<(i64, String)> = app
            .store()
            .campaign_points(campaign.id)
            .await?
            .into_iter()
            .filter(|p| self.scope().contains(p.id))
            .map(|p| (p.id, p.name))
            .collect();
        points.sort_by(|a, b| a.1.cmp(&b.1));
        let follow_up = self.may(Permission::FollowUp);
        let contacts: HashMap<i64, Contact> = if follow_up {
            let stored = app.store().contacts(campaign.id).await?;
            stored
                .into_iter()
                .filter(|c| self.scope().contains(c.point_id))
                .map(|c| (c.response_id, c.contact))
                .collect()
        } else {
            HashMap::new()
        };
        let filter = CommentFilter { with_contact: filter.with_contact && follow_up, ..filter.clone() };
        let keep = filter.page.saturating_add(1).saturating_mul(PER_PAGE);
        let instrument = app.instrument(campaign.instrument_id).await?.instrument;
        let gathered = self.collect_comments(&campaign, &instrument, &points, &filter, &contacts, keep).await?;
        let total = gathered.total;
        let comments: Vec<Comment> = gathered.first.into_iter().skip(filter.page.saturating_mul(PER_PAGE)).collect();
        let detail = format!("trang {}, {total} ý kiến", filter.page.saturating_add(1));
        self.audit("comments.read", campaign.code.as_str(), detail).await?;
        let shown: HashSet<i64> = comments.iter().filter(|c| c.contact.is_some()).map(|c| c.response_id).collect();
        if !shown.is_empty() {
            let detail = format!("trang {}, {} liên hệ", filter.page.saturating_add(1), shown.len());
            self.audit("contacts.read", campaign.code.as_str(), detail).await?;
        }
        let levels = instrument
            .comment_scale()
            .map_or_else(Vec::new, |s| s.levels.iter().map(|l| (l.value, l.label())).collect());
        let by_overall = instrument.overall_item().is_some();
        Ok(CommentsPage { campaign, points, comments, total, follow_up, by_overall, levels })
    }

    /// The comments of `campaign` (answering `instrument`, its questionnaire) written at one of
    /// `points` (id, name: those of the campaign inside the scope) and passing `filter` (its page
    /// aside): the first `keep` of them in page order — the unhappiest first (no level last),
    /// then the newest — and how many there are in all and per level. The store counts them and reads only the first `keep` responses with
    /// a comment, in that order; the caller checks and audits. `contacts` (by response) are
    /// attached to their comments, and a response with a contact but no comment becomes a row
    /// of its own; the caller decides who may see them.
    pub(super) async fn collect_comments(
        &self,
        campaign: &Campaign,
        instrument: &Instrument,
        points: &[(i64, String)],
        filter: &CommentFilter,
        contacts: &HashMap<i64, Contact>,
        keep: usize,
    ) -> Result<Gathered> {
        let store = self.app().store();
        let texts: HashSet<&str> = instrument
            .items()
            .filter(|i| i.kind == domain::instruments::ItemKind::Text)
            .map(|i| i.code.as_str())
            .collect();
        let names: HashMap<i64, &str> = points.iter().map(|(id, name)| (*id, name.as_str())).collect();
        let reader = Reader { instrument, texts, names, filter, contacts };

        // Every point of the campaign is the common case (an organiser): no list to match then.
        let everywhere = store.campaign_points(campaign.id).await?.iter().all(|p| reader.names.contains_key(&p.id));
        let query = CommentQuery {
            points: match filter.point {
                Some(point) => Some(vec![point]),
                None if everywhere => None,
                None => Some(points.iter().map(|(id, _)| *id).collect()),
            },
            from: filter.from,
            to: filter.to,
            max_level: filter.max_level,
            view: filter.view,
            with_contact: filter.with_contact,
        };
        let mut gathered = Gathering::new(keep);
        for count in store.comment_counts(campaign.id, &query).await? {
            gathered.count(count.level, usize::try_from(count.comments).unwrap_or_default());
        }
        let limit = i64::try_from(keep).unwrap_or(i64::MAX);
        for response in store.first_commented(campaign.id, &query, limit).await? {
            reader.read(&response, &mut gathered);
        }
        if !contacts.is_empty() {
            let mut after = 0;
            loop {
                let page = store.contact_only_responses_page(campaign.id, after, PAGE, filter.view).await?;
                let Some(last) = page.last() else { break };
                after = last.id;
                for response in &page {
                    if let Some(level) = reader.read(response, &mut gathered) {
                        gathered.count(level, 1);
                    }
                }
            }
        }
        Ok(gathered.finish())
    }
}

/// What turns a stored response into comment rows: the questionnaire and its text questions,
/// the points inside the scope, the filter and the contacts by response.
struct Reader<'a> {
    instrument: &'a Instrument,
    texts: HashSet<&'a str>,
    names: HashMap<i64, &'a str>,
    filter: &'a CommentFilter,
    contacts: &'a HashMap<i64, Contact>,
}

impl Reader<'_> {
    /// Offers `response`'s comments, or its contact alone, if it passes the scope and filter;
    /// the comment level of the rows offered, if any. The store has applied the same filter to
    /// the responses with a comment; the responses with only a contact are filtered here.
    fn read(&self, response: &StoredResponse, gathered: &mut Gathering) -> Option<Option<u8>> {
        let filter = self.filter;
        let point = self.names.get(&response.point_id)?;
        if filter.point.is_some_and(|p| p != response.point_id)
            || filter.from.is_some_and(|d| response.day < d)
            || filter.to.is_some_and(|d| response.day > d)
            || (filter.with_contact && !self.contacts.contains_key(&response.id))
        {
            return None;
        }
        let level = self.instrument.comment_level(&response.answers);
        if filter.max_level.is_some_and(|max| level.is_none_or(|l| l > max)) {
            return None;
        }
        let contact = self.contacts.get(&response.id);
        let row = |item: &str, text: &str| Comment {
            response_id: response.id,
            point_id: response.point_id,
            point: (*point).to_owned(),
            day: response.day,
            at: response.submitted_at,
            channel: response.channel,
            level,
            item: item.to_owned(),
            text: text.to_owned(),
            contact: contact.cloned(),
        };
        // A text is stored only for a text question (`answers::read`), so these rows are the
        // written answers the store counts (`comments`).
        let mut rows = 0;
        for (item, answer) in &response.answers.0 {
            if let (true, Answer::Text(text)) = (self.texts.contains(item.as_str()), answer) {
                gathered.offer(rank(level, response.submitted_at, response.id, rows), || row(item, text));
                rows += 1;
            }
        }
        if rows == 0 && contact.is_some() {
            gathered.offer(rank(level, response.submitted_at, response.id, 0), || row("", ""));
            rows += 1;
        }
        (rows > 0).then_some(level)
    }
}

/// The first comments in page order, and how many there are in all and per level.
#[derive(Debug, Clone, Default)]
pub(super) struct Gathered {
    pub first: Vec<Comment>,
    pub total: usize,
    /// Comments by level (`None`: no level given).
    pub by_level: BTreeMap<Option<u8>, usize>,
}

/// Where a comment stands in page order: the unhappiest first (no level last), then the
/// newest, then as stored (response, then its question order).
type Rank = (bool, Option<u8>, Reverse<Timestamp>, i64, usize);

fn rank(level: Option<u8>, at: Timestamp, response: i64, nth: usize) -> Rank {
    (level.is_none(), level, Reverse(at), response, nth)
}

/// A comment in the heap, ordered by its rank alone.
#[derive(Debug)]
struct Ranked(Rank, Comment);

impl PartialEq for Ranked {
    fn eq(&self, other: &Ranked) -> bool {
        self.0 == other.0
    }
}

impl Eq for Ranked {}

impl PartialOrd for Ranked {
    fn partial_cmp(&self, other: &Ranked) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Ranked {
    fn cmp(&self, other: &Ranked) -> Ordering {
        self.0.cmp(&other.0)
    }
}

/// The comments of a page being made: their counts (the store's, and the contact-only rows'),
/// and the first `keep` in page order, kept in a heap whose top is the last of them.
struct Gathering {
    keep: usize,
    heap: BinaryHeap<Ranked>,
    total: usize,
    by_level: BTreeMap<Option<u8>, usize>,
}

impl Gathering {
    fn new(keep: usize) -> Gathering {
        // Not allocated up front: `keep` follows the page asked for, not what there is.
        Gathering { keep, heap: BinaryHeap::new(), total: 0, by_level: BTreeMap::new() }
    }

    /// Counts `n` comments of this level.
    fn count(&mut self, level: Option<u8>, n: usize) {
        self.total += n;
        *self.by_level.entry(level).or_default() += n;
    }

    /// Keeps a comment of this rank if it is among the first; it is made (its texts copied)
    /// only then.
    fn offer(&mut self, rank: Rank, comment: impl FnOnce() -> Comment) {
        if self.heap.len() < self.keep {
            self.heap.push(Ranked(rank, comment()));
        } else if self.heap.peek().is_some_and(|last| rank < last.0) {
            self.heap.pop();
            self.heap.push(Ranked(rank, comment()));
        }
    }

    fn finish(self) -> Gathered {
        let first = self.heap.into_sorted_vec().into_iter().map(|Ranked(_, comment)| comment).collect();
        Gathered { first, total: self.total, by_level: self.by_level }
    }
}
