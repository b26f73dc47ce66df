//! What goes on the QR posters of a campaign: its points inside the scope (or under one unit
//! of it), each with where it sits and its current QR token, in the tree's order.

use std::collections::HashMap;

use domain::campaigns::Campaign;
use domain::units::Unit;

use super::Staff;
use crate::Result;

/// One point to print.
#[derive(Debug, Clone)]
pub struct PosterPoint {
    pub point: Unit,
    /// Where the point sits, nearest first: "Huyện Lạng Giang, Tỉnh Bắc Giang".
    pub parent_path: String,
    pub token: String,
}

/// The points to print, and how many had no QR code (withdrawn) and were left out.
#[derive(Debug, Clone)]
pub struct PosterSet {
    pub campaign: Campaign,
    /// The unit the set was asked for, if not the whole scope.
    pub under: Option<Unit>,
    pub points: Vec<PosterPoint>,
    pub without_code: usize,
}

impl Staff {
    /// Every point of the campaign inside the scope and under `under` (a unit, or a point
    /// itself), for posters, the list of QR codes and the ZIP of codes.
    pub async fn poster_set(&self, code: &str, under: Option<i64>) -> Result<PosterSet> {
        if let Some(unit) = under {
            self.require_inside(unit)?;
        }
        let campaign = self.visible_campaign(code).await?;
        let app = self.app();
        let tree = app.unit_tree().await?;
        let by_id: HashMap<i64, &Unit> = tree.iter().map(|u| (u.id, u)).collect();
        let below = |mut unit: Option<i64>, root: i64| {
            while let Some(id) = unit {
                if id == root {
                    return true;
                }
                unit = by_id.get(&id).and_then(|u| u.parent_id);
            }
            false
        };
        let mut points = app.store().campaign_points(campaign.id).await?;
        points.retain(|p| self.scope().contains(p.id) && under.is_none_or(|root| below(Some(p.id), root)));
        points.sort_by(|a, b| a.code.cmp(&b.code));
        let tokens: HashMap<i64, String> =
            app.store().current_tokens(points.iter().map(|p| p.id).collect()).await?.into_iter().collect();
        let total = points.len();
        let points: Vec<PosterPoint> = points
            .into_iter()
            .filter_map(|point| {
                let token = tokens.get(&point.id)?.clone();
                let mut path = Vec::new();
                let mut next = point.parent_id;
                while let Some(parent) = next.and_then(|id| by_id.get(&id)) {
                    path.push(parent.name.clone());
                    next = parent.parent_id;
                }
                Some(PosterPoint { parent_path: path.join(", "), point, token })
            })
            .collect();
        let under = under.and_then(|id| by_id.get(&id).map(|u| (*u).clone()));
        Ok(PosterSet { without_code: total - points.len(), campaign, under, points })
    }
}
