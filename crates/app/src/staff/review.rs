//! The organisers' review queue: a campaign's flagged responses in groups (point, reason,
//! local day, where they stand), and the decisions on a whole group — accept, exclude (with a
//! reason), undo (with a reason) — each audited with who, when, why and how many. Only who
//! manages the campaign (its whole set of points inside their scope) reviews it: a district
//! must not judge the answers that rank it against its neighbours.

use std::collections::{BTreeMap, HashMap};

use domain::campaigns::Campaign;
use domain::integrity::FlagReason;
use domain::review::{MAX_NOTE_CHARS, ReviewAction, ReviewState};
use domain::text::Lang;
use domain::units::Unit;
use jiff::civil::Date;
use store::{AnswerSpread, DecisionOutcome, GroupDecision, GroupKey, ReviewGroupRow};

use super::Staff;
use crate::{AppError, Result};

/// Which groups the queue lists.
#[derive(Debug, Clone, Copy, Default)]
pub struct ReviewFilter {
    /// Pending by default; `None` for every state.
    pub state: Option<ReviewState>,
    pub reason: Option<FlagReason>,
}

impl ReviewFilter {
    pub fn pending() -> ReviewFilter {
        ReviewFilter { state: Some(ReviewState::Pending), reason: None }
    }
}

/// One group of the queue.
#[derive(Debug, Clone)]
pub struct ReviewGroup {
    pub point: Unit,
    pub reason: FlagReason,
    pub row: ReviewGroupRow,
}

#[derive(Debug, Clone)]
pub struct ReviewQueue {
    pub campaign: Campaign,
    /// The groups the filter keeps, largest first, in one order however often it is read (the
    /// page shows a hundred at a time).
    pub groups: Vec<ReviewGroup>,
    /// Flagged responses in each state (before the filter), each once however many groups
    /// (reasons) hold it. Read apart from the groups: a flag arriving in between may make
    /// them differ by that one response.
    pub responses_by_state: BTreeMap<ReviewState, i64>,
    /// Whether all-top answers can be judged (the rated questions share one scale).
    pub judges_top: bool,
}

/// A decision as the page's form sends it.
#[derive(Debug, Clone)]
pub struct ReviewForm {
    pub point: i64,
    pub reason: FlagReason,
    pub day: Date,
    pub state: ReviewState,
    pub responses: i64,
    pub last_id: i64,
    pub action: ReviewAction,
    pub note: String,
}

/// What came of a decision: how many responses changed, or why none did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReviewOutcome {
    Decided(i64),
    AlreadyDecided,
    Changed(i64),
}

impl Staff {
    /// The flagged responses of a campaign in groups, filtered, the largest groups first.
    pub async fn review_queue(&self, code: &str, filter: ReviewFilter) -> Result<ReviewQueue> {
        let campaign = self.manageable_campaign(code).await?;
        let app = self.app();
        let instrument = app.instrument(campaign.instrument_id).await?.instrument;
        let items: Vec<String> = instrument.rating_items().map(|i| i.code.clone()).collect();
        let tops: Vec<Option<u8>> = instrument
            .rating_items()
            .map(|i| instrument.scale_of(i).and_then(|s| s.levels.iter().map(|l| l.value).max()))
            .collect();
        let top = match tops.first() {
            Some(Some(top)) if tops.iter().all(|t| *t == Some(*top)) => Some(*top),
            _ => None,
        };
        let rows = app.store().review_groups(campaign.id, AnswerSpread { items, top }).await?;
        let points: HashMap<i64, Unit> =
            app.store().campaign_points(campaign.id).await?.into_iter().map(|p| (p.id, p)).collect();
        let in_scope = |point: i64| points.contains_key(&point) && self.scope().contains(point);
        // Each response once: the pending ones as the monitor counts them, the decided ones by
        // their decisions.
        let mut responses_by_state = BTreeMap::new();
        for count in app.store().flag_counts_by_point(campaign.id).await? {
            if in_scope(count.point_id) {
                *responses_by_state.entry(ReviewState::Pending).or_default() += count.awaiting_review();
            }
        }
        for count in app.store().decision_counts(campaign.id).await? {
            if in_scope(count.point_id) {
                *responses_by_state.entry(count.state).or_default() += count.responses;
            }
        }
        let mut groups = Vec::new();
        for row in rows {
            let (Some(point), Some(reason)) = (points.get(&row.point_id), FlagReason::parse(&row.reason)) else {
                continue;
            };
            if !in_scope(point.id) {
                continue;
            }
            if filter.state.is_none_or(|s| s == row.state) && filter.reason.is_none_or(|r| r == reason) {
                groups.push(ReviewGroup { point: point.clone(), reason, row });
            }
        }
        groups.sort_by(|a, b| {
            b.row
                .responses
                .cmp(&a.row.responses)
                .then_with(|| a.point.name.cmp(&b.point.name))
                .then_with(|| a.reason.cmp(&b.reason))
                .then_with(|| a.row.day.cmp(&b.row.day))
                .then_with(|| a.point.id.cmp(&b.point.id))
                .then_with(|| a.row.state.cmp(&b.row.state))
        });
        Ok(ReviewQueue { campaign, groups, responses_by_state, judges_top: top.is_some() })
    }

    /// Applies a decision to one group: checked (role, scope, a reason where one is needed, an
    /// action the group's state allows), applied set-based in one transaction, audited.
    pub async fn decide_review(&self, code: &str, form: ReviewForm) -> Result<ReviewOutcome> {
        let campaign = self.manageable_campaign(code).await?;
        if !form.state.actions().contains(&form.action) {
            return Err(AppError::invalid(format!(
                "nhóm \"{}\" không thể \"{}\"",
                form.state.label(Lang::Vi),
                form.action.label(Lang::Vi)
            )));
        }
        let note = form.note.trim();
        if form.action.needs_reason() && note.is_empty() {
            return Err(AppError::invalid(format!(
                "hãy ghi lý do để \"{}\": lý do được lưu vào nhật ký",
                form.action.label(Lang::Vi).to_lowercase()
            )));
        }
        if note.chars().count() > MAX_NOTE_CHARS {
            return Err(AppError::invalid(format!("lý do dài quá {MAX_NOTE_CHARS} ký tự")));
        }
        let point = self
            .app()
            .store()
            .campaign_points(campaign.id)
            .await?
            .into_iter()
            .find(|p| p.id == form.point)
            .ok_or_else(|| AppError::invalid("nhóm phiếu này không thuộc đợt khảo sát: hãy mở lại trang xem xét"))?;
        let decision = GroupDecision {
            group: GroupKey {
                campaign_id: campaign.id,
                point_id: point.id,
                reason: form.reason.as_str().to_owned(),
                day: form.day,
                state: form.state,
            },
            action: form.action,
            seen_responses: form.responses,
            seen_last_id: form.last_id,
            note: note.to_owned(),
            decided_by: self.user().id,
            at: self.app().now(),
        };
        let outcome = match self.app().store().decide_review_group(decision).await? {
            DecisionOutcome::AlreadyDecided => return Ok(ReviewOutcome::AlreadyDecided),
            DecisionOutcome::Changed(now) => return Ok(ReviewOutcome::Changed(now)),
            DecisionOutcome::Decided(n) => n,
        };
        // Breakdowns cached on this instance may hold the responses just moved.
        self.app().caches().profiles.clear();
        let detail = format!(
            "{} ({}), {}, ngày {}: {outcome} phiếu \"{}\" → \"{}\"{}",
            point.name,
            point.code,
            form.reason.label(Lang::Vi),
            domain::time::format_date_vi(form.day),
            form.state.label(Lang::Vi),
            form.action.leads_to().label(Lang::Vi),
            if note.is_empty() { String::new() } else { format!("; lý do: {note}") }
        );
        self.audit(&format!("review.{}", form.action.as_str()), campaign.code.as_str(), detail).await?;
        Ok(ReviewOutcome::Decided(outcome))
    }
}
