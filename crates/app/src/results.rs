//! The minimal results of a campaign: responses and % satisfied per point and per question,
//! read from the tallies. Formula `pooled-items`: satisfied answers over valid answers, pooled
//! over every rating question (blank answers are left out; no answer is "no data", not 0%).

use std::collections::BTreeMap;

use domain::access::Scope;
use domain::campaigns::Campaign;
use domain::index::{self, LevelCounts, Proportion};
use domain::instruments::ItemKind;
use domain::units::Unit;
use store::InstrumentRecord;

use crate::{App, Result};

pub const FORMULA: &str = "pooled-items";

#[derive(Debug, Clone)]
pub struct PointResult {
    pub point: Unit,
    pub responses: i64,
    pub satisfied: Proportion,
}

#[derive(Debug, Clone)]
pub struct ItemResult {
    pub code: String,
    pub label_vi: String,
    pub label_en: String,
    pub satisfied: Proportion,
    pub mean: Option<f64>,
    pub counts: LevelCounts,
}

#[derive(Debug, Clone)]
pub struct CampaignResults {
    pub campaign: Campaign,
    pub instrument: InstrumentRecord,
    pub responses: i64,
    pub satisfied: Proportion,
    pub points: Vec<PointResult>,
    pub items: Vec<ItemResult>,
}

impl App {
    /// A campaign's results over all its points (the CLI, tests and benchmarks).
    pub async fn campaign_results(&self, code: &str) -> Result<CampaignResults> {
        let campaign = self.campaign(code).await?;
        self.results_within(campaign, &Scope::Everything).await
    }

    /// A campaign's results over its points inside `scope`: every figure, the totals too, is
    /// computed from those points' tallies alone.
    pub(crate) async fn results_within(&self, campaign: Campaign, scope: &Scope) -> Result<CampaignResults> {
        let instrument = self.instrument(campaign.instrument_id).await?;
        let tallies = self.store().tallies(campaign.id).await?;
        let totals = self.store().point_totals(campaign.id).await?;
        let mut points = self.store().campaign_points(campaign.id).await?;
        points.retain(|p| scope.contains(p.id));
        let tallies: Vec<_> = tallies.into_iter().filter(|t| scope.contains(t.point_id)).collect();
        let totals: Vec<_> = totals.into_iter().filter(|(point, _)| scope.contains(*point)).collect();
        let definition = &instrument.instrument;

        let mut by_point: BTreeMap<i64, BTreeMap<String, LevelCounts>> = BTreeMap::new();
        let mut by_item: BTreeMap<String, LevelCounts> = BTreeMap::new();
        for t in &tallies {
            let n = u64::try_from(t.n).unwrap_or_default();
            *by_point.entry(t.point_id).or_default().entry(t.item.clone()).or_default().entry(t.level).or_default() +=
                n;
            *by_item.entry(t.item.clone()).or_default().entry(t.level).or_default() += n;
        }
        let responses_at: BTreeMap<i64, i64> = totals.into_iter().collect();
        let empty = BTreeMap::new();
        let point_results = points
            .into_iter()
            .map(|point| PointResult {
                responses: responses_at.get(&point.id).copied().unwrap_or_default(),
                satisfied: index::pooled_satisfaction(definition, by_point.get(&point.id).unwrap_or(&empty)),
                point,
            })
            .collect();
        let items = definition
            .items()
            .filter(|i| i.kind == ItemKind::Rating)
            .map(|item| {
                let counts = by_item.get(&item.code).cloned().unwrap_or_default();
                ItemResult {
                    code: item.code.clone(),
                    label_vi: definition.short_label(item, domain::text::Lang::Vi).to_owned(),
                    label_en: definition.short_label(item, domain::text::Lang::En).to_owned(),
                    satisfied: index::item_satisfaction(definition, &item.code, &counts).unwrap_or_default(),
                    mean: index::mean_level(&counts),
                    counts,
                }
            })
            .collect();
        Ok(CampaignResults {
            responses: responses_at.values().sum(),
            satisfied: index::pooled_satisfaction(definition, &by_item),
            campaign,
            instrument,
            points: point_results,
            items,
        })
    }
}
