//! The review queue page: groups of flagged responses with what they look like and the forms
//! to decide on each.

use app::staff::{ReviewFilter, ReviewQueue};
use askama::Template;
use domain::integrity::FlagReason;
use domain::review::ReviewState;
use domain::text::Lang;

use crate::i18n::{self, ReviewWords, Staff};
use crate::links;
use crate::pages::staff::{PageContext, count, decimal};

/// One group as a table row with its decision form.
#[derive(Debug)]
pub struct GroupRow {
    pub point: String,
    pub point_code: String,
    pub point_id: i64,
    pub reason: &'static str,
    pub reason_code: &'static str,
    pub day: String,
    pub day_code: String,
    pub responses: String,
    pub responses_raw: i64,
    pub last_id: i64,
    pub time: String,
    pub detail: String,
    pub spread: String,
    pub also_flagged: String,
    pub state: &'static str,
    pub state_code: &'static str,
    /// (code, label) of the actions the state allows.
    pub actions: Vec<(&'static str, &'static str)>,
}

#[derive(Template, Debug)]
#[template(path = "staff/review.html")]
pub struct ReviewPage {
    pub t: &'static Staff,
    pub w: &'static ReviewWords,
    pub ctx: PageContext,
    pub code: String,
    pub name: String,
    /// How the last decision went.
    pub notice: Option<String>,
    /// (code, label, selected) of the state filter; `all` for every state.
    pub states: Vec<(&'static str, &'static str, bool)>,
    pub reasons: Vec<(&'static str, &'static str, bool)>,
    /// "Phiếu bị gắn cờ… — Chờ xem xét: 200 · …": flagged responses of the campaign in each
    /// state, each once.
    pub totals: String,
    /// "Nhóm 1–100 trong 10.922", when the groups fill more than one page.
    pub shown: Option<String>,
    pub rows: Vec<GroupRow>,
    /// Query strings of the neighbouring pages, when there are any.
    pub prev: Option<String>,
    pub next: Option<String>,
    /// This page's position, carried by the decision forms.
    pub position: String,
}

/// Groups on one page: a stuffed campaign makes thousands (a point, a reason and a day each),
/// and a page of all of them weighed 13 MB.
pub const GROUPS_PER_PAGE: usize = 100;

/// Where an organiser stands in the queue: its filter and page. The decision forms carry it
/// back, so that after a decision the organiser returns to the same list.
#[derive(Debug, Clone, Copy)]
pub struct Position {
    pub filter: ReviewFilter,
    pub page: usize,
}

impl Position {
    /// `state=pending&reason=too_fast&page=3` (`state=all`, `reason=` for no filter).
    pub fn query(self) -> String {
        let state = self.filter.state.map_or("all", ReviewState::as_str);
        let reason = self.filter.reason.map_or("", FlagReason::as_str);
        format!("state={state}&reason={}&page={}", links::query_value(reason), self.page)
    }

    /// Reads back what [`Position::query`] wrote; anything else is no position.
    pub fn parse(raw: &str) -> Option<Position> {
        let mut position = Position { filter: ReviewFilter::pending(), page: 0 };
        for pair in raw.split('&') {
            match pair.split_once('=')? {
                ("state", "all") => position.filter.state = None,
                ("state", state) => position.filter.state = Some(ReviewState::parse(state)?),
                ("reason", "") => position.filter.reason = None,
                ("reason", reason) => position.filter.reason = Some(FlagReason::parse(reason)?),
                ("page", page) => position.page = page.parse().ok()?,
                _ => return None,
            }
        }
        Some(position)
    }
}

impl ReviewPage {
    pub fn new(lang: Lang, ctx: PageContext, queue: &ReviewQueue, position: Position, notice: Option<String>) -> Self {
        let filter = position.filter;
        // Past the last page (a stale link, the last group of the last page decided): the last.
        let page = position.page.min(queue.groups.len().saturating_sub(1) / GROUPS_PER_PAGE);
        let at = |page: usize| Position { filter, page };
        let w = i18n::review(lang);
        let share = |part: i64, of: i64| {
            if of == 0 { "—".to_owned() } else { format!("{}%", decimal(100.0 * part as f64 / of as f64, 0)) }
        };
        let first = page.saturating_mul(GROUPS_PER_PAGE).min(queue.groups.len());
        let last = first.saturating_add(GROUPS_PER_PAGE).min(queue.groups.len());
        let rows = queue.groups[first..last]
            .iter()
            .map(|g| {
                let r = &g.row;
                let clock = |at| domain::time::local(at).strftime("%H:%M").to_string();
                let mut spread = format!("{} {}", share(r.straight, r.responses), w.straight);
                if queue.judges_top {
                    spread.push_str(&format!(" · {} {}", share(r.all_top, r.responses), w.all_top));
                }
                GroupRow {
                    point: g.point.name.clone(),
                    point_code: g.point.code.to_string(),
                    point_id: g.point.id,
                    reason: g.reason.label(lang),
                    reason_code: g.reason.as_str(),
                    day: domain::time::format_date_vi(r.day),
                    day_code: r.day.to_string(),
                    responses: count(r.responses),
                    responses_raw: r.responses,
                    last_id: r.last_id,
                    time: format!("{} – {}", clock(r.first_at), clock(r.last_at)),
                    detail: if r.details > 1 {
                        format!("{} (+{} {})", r.detail, r.details - 1, w.other_details)
                    } else {
                        r.detail.clone()
                    },
                    spread,
                    also_flagged: if r.also_flagged > 0 {
                        format!("{} {}", count(r.also_flagged), w.also_flagged)
                    } else {
                        String::new()
                    },
                    state: r.state.label(lang),
                    state_code: r.state.as_str(),
                    actions: r.state.actions().iter().map(|a| (a.as_str(), a.label(lang))).collect(),
                }
            })
            .collect();
        let mut states: Vec<(&'static str, &'static str, bool)> =
            ReviewState::ALL.into_iter().map(|s| (s.as_str(), s.label(lang), filter.state == Some(s))).collect();
        states.push(("all", w.every_state, filter.state.is_none()));
        let mut reasons = vec![("", w.every_reason, filter.reason.is_none())];
        reasons.extend(FlagReason::ALL.into_iter().map(|r| (r.as_str(), r.label(lang), filter.reason == Some(r))));
        let by_state = ReviewState::ALL
            .into_iter()
            .map(|s| format!("{}: {}", s.label(lang), count(queue.responses_by_state.get(&s).copied().unwrap_or(0))))
            .collect::<Vec<_>>()
            .join(" · ");
        let totals = format!("{} — {by_state}", w.totals);
        let groups = queue.groups.len();
        let shown = (groups > GROUPS_PER_PAGE).then(|| {
            let (from, to) = (count((first + 1).min(last) as i64), count(last as i64));
            w.shown.replace("{from}", &from).replace("{to}", &to).replace("{total}", &count(groups as i64))
        });
        ReviewPage {
            shown,
            prev: (page > 0).then(|| at(page - 1).query()),
            next: (last < groups).then(|| at(page + 1).query()),
            position: at(page).query(),
            t: i18n::staff(lang),
            w,
            ctx,
            code: queue.campaign.code.to_string(),
            name: queue.campaign.name.clone(),
            notice,
            states,
            reasons,
            totals,
            rows,
        }
    }
}
