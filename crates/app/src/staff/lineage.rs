//! Merges and splits: recording them, and reading a unit's results through them, so figures
//! from before a reform appear under the units after it while the old units keep their own,
//! and a campaign compared with an earlier one compares a merged commune with the sum of its
//! predecessors.

use std::collections::{HashMap, HashSet};

use domain::access::{Permission, Scope};
use domain::campaigns::Campaign;
use domain::index::Proportion;
use domain::results::View;
use domain::units::{LineageKind, LineageLink, Unit, UnitCode, with_predecessors};
use jiff::civil::Date;
use store::NewLineage;

use super::Staff;
use crate::results::{CampaignResults, counts_by_point};
use crate::{AppError, Result};

/// An earlier campaign's overall figures for the units of a results page.
#[derive(Debug, Clone)]
pub struct EarlierFigures {
    pub campaign: Campaign,
    /// The overall percent of each unit of the page (the focus and the units below), by id.
    pub by_unit: HashMap<i64, Option<f64>>,
    /// The overall percent of the page's whole.
    pub overall: Option<f64>,
}

/// One campaign's figures for a unit.
#[derive(Debug, Clone)]
pub struct UnitCampaignResult {
    pub campaign: Campaign,
    pub responses: i64,
    pub satisfied: Proportion,
    /// Whether points of predecessor units (before a merge or split) are counted.
    pub through_lineage: bool,
}

/// A lineage link with both units, as a unit page lists it.
#[derive(Debug, Clone)]
pub struct LineageEntry {
    pub kind: LineageKind,
    pub effective: Date,
    pub predecessor: Unit,
    pub successor: Unit,
}

impl Staff {
    /// Records that `predecessors` became `successors` on `effective`: a merge is several (or
    /// one) into one, a split one into several. Every unit must be inside the scope.
    pub async fn record_lineage(
        &self,
        kind: LineageKind,
        effective: Date,
        predecessors: &[UnitCode],
        successors: &[UnitCode],
    ) -> Result<()> {
        self.require(Permission::ManageUnits)?;
        let shape_ok = match kind {
            LineageKind::Merge => !predecessors.is_empty() && successors.len() == 1,
            LineageKind::Split => predecessors.len() == 1 && successors.len() >= 2,
        };
        if !shape_ok {
            return Err(AppError::invalid(match kind {
                LineageKind::Merge => "sáp nhập cần ít nhất một đơn vị cũ và đúng một đơn vị mới",
                LineageKind::Split => "chia tách cần đúng một đơn vị cũ và ít nhất hai đơn vị mới",
            }));
        }
        let day_before = effective.yesterday().map_err(|_| AppError::invalid("ngày hiệu lực không hợp lệ"))?;
        let before = self.resolve(predecessors, day_before).await?;
        let after = self.resolve(successors, effective).await?;
        if before.iter().any(|b| after.iter().any(|a| a.id == b.id)) {
            return Err(AppError::invalid("một đơn vị không thể vừa là đơn vị cũ vừa là đơn vị mới"));
        }
        let new = NewLineage {
            kind,
            effective,
            predecessors: before.iter().map(|u| u.id).collect(),
            successors: after.iter().map(|u| u.id).collect(),
        };
        self.app().store().record_lineage(new, self.app().now()).await.map_err(|e| match e {
            store::StoreError::Conflict(_) => AppError::Conflict("quan hệ này đã được ghi nhận".into()),
            e => e.into(),
        })?;
        let names = |units: &[Unit]| units.iter().map(|u| u.code.to_string()).collect::<Vec<_>>().join(", ");
        let detail = format!("{} → {} từ {}", names(&before), names(&after), effective);
        self.audit(&format!("unit.{}", kind.as_str()), &names(&after), detail).await
    }

    /// Units valid on `day` with these codes, each inside the scope.
    async fn resolve(&self, codes: &[UnitCode], day: Date) -> Result<Vec<Unit>> {
        let mut units = Vec::with_capacity(codes.len());
        for code in codes {
            let unit = self.app().store().unit_by_code(code, day).await?.ok_or_else(|| {
                AppError::NotFound(format!("đơn vị mã {code} còn hiệu lực ngày {}", domain::time::format_date_vi(day)))
            })?;
            self.require_inside(unit.id)?;
            units.push(unit);
        }
        Ok(units)
    }

    /// The merges and splits a unit took part in, before or after.
    pub async fn lineage_of(&self, id: i64) -> Result<Vec<LineageEntry>> {
        self.require_inside(id)?;
        let tree = self.app().unit_tree().await?;
        let links = self.app().store().lineage().await?;
        let unit = |id: i64| tree.iter().find(|u| u.id == id).cloned();
        Ok(links
            .iter()
            .filter(|l| l.predecessor == id || l.successor == id)
            .filter_map(|l| {
                Some(LineageEntry {
                    kind: l.kind,
                    effective: l.effective,
                    predecessor: unit(l.predecessor)?,
                    successor: unit(l.successor)?,
                })
            })
            .collect())
    }

    /// Every campaign's figures for a unit: its own service points, and those of its
    /// predecessors through lineage (aggregates only, wherever those units sit).
    pub async fn unit_results(&self, id: i64) -> Result<Vec<UnitCampaignResult>> {
        self.require_at(Permission::ReadResults, id)?;
        let tree = self.app().unit_tree().await?;
        let links: Vec<LineageLink> = self.app().store().lineage().await?;
        let subtree = |root: i64| match Scope::subtree(root, &tree) {
            Scope::Subtree { units, .. } => units,
            Scope::Everything => HashSet::new(),
        };
        let own = subtree(id);
        let mut counted = own.clone();
        for root in with_predecessors(id, &links) {
            counted.extend(subtree(root));
        }
        let scope = Scope::Subtree { root: id, units: counted.clone() };
        let mut results = Vec::new();
        for summary in self.app().campaigns().await? {
            let points = self.app().store().campaign_points(summary.campaign.id).await?;
            if !points.iter().any(|p| counted.contains(&p.id)) {
                continue;
            }
            let through_lineage = points.iter().any(|p| counted.contains(&p.id) && !own.contains(&p.id));
            let figures = self.app().results_within(summary.campaign, &scope, View::Counted).await?;
            results.push(UnitCampaignResult {
                responses: figures.responses,
                satisfied: figures.satisfied,
                campaign: figures.campaign,
                through_lineage,
            });
        }
        Ok(results)
    }

    /// Another campaign's overall figures for the units of `now` (e.g. 2024 against 2025), each
    /// unit counted with its predecessors through lineage: a commune formed by a merge is
    /// compared with the sum of the communes it replaced, which lie outside its subtree and
    /// outside a reader's scope drawn on the new tree (aggregates only, as on a unit's page).
    /// Both campaigns are counted over the same view.
    pub async fn earlier_overall(&self, code: &str, now: &CampaignResults) -> Result<EarlierFigures> {
        self.require(Permission::ReadResults)?;
        let campaign = self.app().campaign(code).await?;
        let instrument = self.app().instrument(campaign.instrument_id).await?.instrument;
        let tree = self.app().unit_tree().await?;
        let links: Vec<LineageLink> = self.app().store().lineage().await?;
        let with_lineage = |root: i64| -> HashSet<i64> {
            let mut counted = HashSet::new();
            for unit in with_predecessors(root, &links) {
                if let Scope::Subtree { units, .. } = Scope::subtree(unit, &tree) {
                    counted.extend(units);
                }
            }
            counted
        };
        let whole = now.focus.as_ref().map(|f| f.id).or(self.scope().root()).map(&with_lineage);
        let points = self.app().store().campaign_points(campaign.id).await?;
        if !points.iter().any(|p| whole.as_ref().is_none_or(|w| w.contains(&p.id))) {
            return Err(AppError::Forbidden(format!(
                "đợt khảo sát {} không có điểm nào thuộc phạm vi này, kể cả các đơn vị trước sáp nhập",
                campaign.code
            )));
        }
        let by_point = counts_by_point(self.app().store().tallies(campaign.id, now.view).await?, |_| true);
        let overall_over = |units: Option<&HashSet<i64>>| {
            let counts = crate::results::merge(
                by_point.iter().filter(|(p, _)| units.is_none_or(|u| u.contains(p))).map(|(_, c)| c),
            );
            domain::indices::compute(&instrument, &counts).overall.percent
        };
        let by_unit = now
            .children
            .iter()
            .map(|c| {
                // A unit's own desk is the unit alone (and what it replaced), not its subtree.
                let units = if c.own_desk {
                    with_predecessors(c.unit.id, &links).into_iter().collect()
                } else {
                    with_lineage(c.unit.id)
                };
                (c.unit.id, overall_over(Some(&units)))
            })
            .collect();
        let overall = overall_over(whole.as_ref());
        Ok(EarlierFigures { campaign, by_unit, overall })
    }
}
