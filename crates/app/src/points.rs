//! Service points and their QR tokens: listing the links to print, rotating a token.

use domain::units::{Unit, UnitCode};

use crate::{App, AppError, Result};

/// A service point with the token of its QR code.
#[derive(Debug, Clone)]
pub struct PointLink {
    pub point: Unit,
    pub token: String,
}

impl App {
    /// Service points under the unit `root` (or the whole tree) with their current tokens.
    pub async fn point_links(&self, root: Option<&str>) -> Result<Vec<PointLink>> {
        let today = self.today();
        let points = match root {
            Some(code) => {
                let code = UnitCode::parse(code).map_err(|e| AppError::invalid(e.to_string()))?;
                let root = self
                    .store()
                    .unit_by_code(&code, today)
                    .await?
                    .ok_or_else(|| AppError::NotFound(format!("đơn vị mã {code}")))?;
                self.store().service_points_under(root.id, today).await?
            }
            None => {
                let mut all = self.store().units().await?;
                all.retain(|u| u.service_point && u.validity.contains(today));
                all.sort_by(|a, b| a.code.cmp(&b.code));
                all
            }
        };
        let tokens: std::collections::HashMap<i64, String> =
            self.store().current_tokens(points.iter().map(|p| p.id).collect()).await?.into_iter().collect();
        Ok(points
            .into_iter()
            .filter_map(|point| tokens.get(&point.id).cloned().map(|token| PointLink { point, token }))
            .collect())
    }

    /// Replaces the QR token of a service point: its old posters stop working at once.
    pub async fn rotate_point_token(&self, code: &str) -> Result<String> {
        let code = UnitCode::parse(code).map_err(|e| AppError::invalid(e.to_string()))?;
        let unit = self
            .store()
            .unit_by_code(&code, self.today())
            .await?
            .ok_or_else(|| AppError::NotFound(format!("đơn vị mã {code}")))?;
        if !unit.service_point {
            return Err(AppError::invalid(format!("{} ({code}) không phải điểm tiếp nhận", unit.name)));
        }
        let token = self.store().rotate_token(unit.id, self.key().clone(), self.now()).await?;
        self.forget_cached_lookups();
        tracing::info!(point = %code, "rotated a QR token");
        Ok(token)
    }
}
