//! A campaign's results, read from the tallies: the indices of the whole (items, factors,
//! overall, each with its formula), responses and % satisfied per point, and the roll-up to
//! the units one level below the unit in focus, ranked. Every figure is computed from the
//! tallies of points inside the reader's scope only.

use std::collections::{BTreeMap, HashMap};

use domain::access::Scope;
use domain::campaigns::Campaign;
use domain::index::{self, LevelCounts, Proportion};
use domain::indices::{self, Indices};
use domain::results::View;
use domain::units::Unit;
use jiff::civil::Date;
use store::InstrumentRecord;

use crate::{App, AppError, Result};

/// Formula of the per-point share and of `CampaignResults::satisfied`: satisfied answers over
/// valid answers, pooled over every rating question.
pub const FORMULA: &str = "pooled-items";

#[derive(Debug, Clone)]
pub struct PointResult {
    pub point: Unit,
    pub responses: i64,
    pub satisfied: Proportion,
}

/// A unit's figures, rolled up from the points below it.
#[derive(Debug, Clone)]
pub struct UnitFigures {
    pub unit: Unit,
    /// The unit's own desk, counted apart from the units below it.
    pub own_desk: bool,
    pub responses: i64,
    pub points: usize,
    pub indices: Indices,
}

#[derive(Debug, Clone)]
pub struct CampaignResults {
    pub campaign: Campaign,
    pub instrument: InstrumentRecord,
    /// Which responses the figures count.
    pub view: View,
    /// The unit the figures are for; none for everything the reader sees.
    pub focus: Option<Unit>,
    /// From the top of the reader's scope down to the focus's parent.
    pub ancestors: Vec<Unit>,
    pub responses: i64,
    /// Formula `pooled-items` over the focus.
    pub satisfied: Proportion,
    pub indices: Indices,
    /// One row per unit one level below the focus (and the focus's own desk), largest first.
    pub children: Vec<UnitFigures>,
    pub points: Vec<PointResult>,
    /// Responses per day over the points of the focus, in order of days: the daily counts
    /// ingest keeps (the tallies are not per day, so a day's % satisfied is not among them).
    pub daily: Vec<(Date, i64)>,
}

impl App {
    /// A campaign's counted results over all its points (the CLI, tests and benchmarks).
    pub async fn campaign_results(&self, code: &str) -> Result<CampaignResults> {
        let campaign = self.campaign(code).await?;
        self.results_within(campaign, &Scope::Everything, View::Counted).await
    }

    /// A campaign's results for one unit (or all its points), with the units below it ranked.
    pub async fn campaign_results_at(&self, code: &str, unit: Option<i64>, view: View) -> Result<CampaignResults> {
        let campaign = self.campaign(code).await?;
        self.results_for(campaign, &Scope::Everything, unit, view).await
    }

    /// A campaign's results over its points inside `scope`.
    pub(crate) async fn results_within(
        &self,
        campaign: Campaign,
        scope: &Scope,
        view: View,
    ) -> Result<CampaignResults> {
        self.results_for(campaign, scope, None, view).await
    }

    /// A campaign's results over its points inside `scope` and below `focus` (a unit id; none
    /// for every point of the scope), with the roll-up one level below it, counting the
    /// responses `view` counts: the tallies minus the excluded counts, never a rescan.
    pub(crate) async fn results_for(
        &self,
        campaign: Campaign,
        scope: &Scope,
        focus: Option<i64>,
        view: View,
    ) -> Result<CampaignResults> {
        let instrument = self.instrument(campaign.instrument_id).await?;
        let tree = self.unit_tree().await?;
        let by_id: HashMap<i64, &Unit> = tree.iter().map(|u| (u.id, u)).collect();
        let focus_unit = match focus {
            Some(id) => Some((*by_id.get(&id).ok_or_else(|| AppError::NotFound(format!("đơn vị số {id}")))?).clone()),
            None => None,
        };
        // A point counts if it is inside the scope and below (or at) the focus.
        let under_focus = |point: i64| match &focus_unit {
            None => true,
            Some(f) => ancestry(point, &by_id).any(|u| u == f.id),
        };
        let mut points = self.store().campaign_points(campaign.id).await?;
        let every_point = points.len();
        points.retain(|p| scope.contains(p.id) && under_focus(p.id));
        let inside: std::collections::HashSet<i64> = points.iter().map(|p| p.id).collect();

        let by_point = counts_by_point(self.store().tallies(campaign.id, view).await?, |p| inside.contains(&p));
        let responses_at: BTreeMap<i64, i64> = self
            .store()
            .point_totals(campaign.id, view)
            .await?
            .into_iter()
            .filter(|(p, _)| inside.contains(p))
            .collect();
        // A whole campaign's days are kept as totals; a part of it is summed from its points' rows.
        let some_points = (points.len() < every_point).then(|| points.iter().map(|p| p.id).collect());
        let daily = self.store().daily_totals(campaign.id, view, some_points).await?;
        let definition = &instrument.instrument;

        // Roll up: each point goes to the unit one level below the focus on its way up (or to
        // the focus's own desk when it is the focus).
        let mut groups: BTreeMap<(i64, bool), Vec<i64>> = BTreeMap::new();
        for point in &points {
            let key = match &focus_unit {
                Some(f) if f.id == point.id => (f.id, true),
                Some(f) => (child_towards(point.id, f.id, &by_id), false),
                None => (ancestry(point.id, &by_id).last().unwrap_or(point.id), false),
            };
            groups.entry(key).or_default().push(point.id);
        }
        let empty = BTreeMap::new();
        let mut children: Vec<UnitFigures> = groups
            .into_iter()
            .filter_map(|((unit, own_desk), members)| {
                let counts = merge(members.iter().filter_map(|p| by_point.get(p)));
                Some(UnitFigures {
                    unit: (*by_id.get(&unit)?).clone(),
                    own_desk,
                    responses: members.iter().filter_map(|p| responses_at.get(p)).sum(),
                    points: members.len(),
                    indices: indices::compute(definition, &counts),
                })
            })
            .collect();
        children.sort_by(|a, b| b.responses.cmp(&a.responses).then_with(|| a.unit.code.cmp(&b.unit.code)));

        let all = merge(by_point.values());
        let point_results = points
            .into_iter()
            .map(|point| PointResult {
                responses: responses_at.get(&point.id).copied().unwrap_or_default(),
                satisfied: index::pooled_satisfaction(definition, by_point.get(&point.id).unwrap_or(&empty)),
                point,
            })
            .collect();
        let ancestors = match &focus_unit {
            Some(f) => {
                let mut up: Vec<Unit> = ancestry(f.id, &by_id)
                    .skip(1)
                    .filter(|id| scope.contains(*id))
                    .filter_map(|id| by_id.get(&id).map(|u| (*u).clone()))
                    .collect();
                up.reverse();
                up
            }
            None => Vec::new(),
        };
        Ok(CampaignResults {
            responses: responses_at.values().sum(),
            satisfied: index::pooled_satisfaction(definition, &all),
            indices: indices::compute(definition, &all),
            campaign,
            instrument,
            view,
            focus: focus_unit,
            ancestors,
            children,
            points: point_results,
            daily,
        })
    }
}

/// A unit and every unit above it, nearest first.
fn ancestry<'a>(unit: i64, by_id: &'a HashMap<i64, &'a Unit>) -> impl Iterator<Item = i64> + 'a {
    std::iter::successors(Some(unit), move |id| by_id.get(id).and_then(|u| u.parent_id)).take(64)
}

/// The unit directly below `focus` on the way from `point` up to it.
fn child_towards(point: i64, focus: i64, by_id: &HashMap<i64, &Unit>) -> i64 {
    let mut previous = point;
    for id in ancestry(point, by_id) {
        if id == focus {
            return previous;
        }
        previous = id;
    }
    point
}

pub(crate) fn merge<'a>(
    parts: impl Iterator<Item = &'a BTreeMap<String, LevelCounts>>,
) -> BTreeMap<String, LevelCounts> {
    let mut all: BTreeMap<String, LevelCounts> = BTreeMap::new();
    for part in parts {
        for (item, levels) in part {
            let into = all.entry(item.clone()).or_default();
            for (level, n) in levels {
                *into.entry(*level).or_default() += n;
            }
        }
    }
    all
}

/// Tally rows as level counts per point and item, for the points `keep` accepts.
pub(crate) fn counts_by_point(
    rows: Vec<store::TallyRow>,
    keep: impl Fn(i64) -> bool,
) -> BTreeMap<i64, BTreeMap<String, LevelCounts>> {
    let mut by_point: BTreeMap<i64, BTreeMap<String, LevelCounts>> = BTreeMap::new();
    for t in rows.into_iter().filter(|t| keep(t.point_id)) {
        let n = u64::try_from(t.n).unwrap_or_default();
        *by_point.entry(t.point_id).or_default().entry(t.item).or_default().entry(t.level).or_default() += n;
    }
    by_point
}
