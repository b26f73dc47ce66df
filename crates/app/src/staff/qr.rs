//! A service point's QR code as staff manage it: its current link, and replacing (rotating)
//! or withdrawing (revoking) it. Posters printed with an old code then show a clear message
//! instead of the form.

use domain::access::Permission;
use domain::units::Unit;

use super::Staff;
use crate::{AppError, Result};

/// A service point and the token of its QR code, if it has one now.
#[derive(Debug, Clone)]
pub struct PointQr {
    pub point: Unit,
    pub token: Option<String>,
}

impl Staff {
    pub async fn point_qr(&self, id: i64) -> Result<PointQr> {
        self.require_inside(id)?;
        let app = self.app();
        let point = app.store().unit(id).await?.ok_or_else(|| AppError::NotFound("đơn vị".into()))?;
        if !point.service_point {
            return Err(AppError::invalid(format!("{} không phải điểm tiếp nhận nên không có mã QR", point.name)));
        }
        let token = app.store().current_tokens(vec![id]).await?.into_iter().next().map(|(_, token)| token);
        Ok(PointQr { point, token })
    }

    /// Gives the point a new QR code; the old one stops working at once.
    pub async fn rotate_point_qr(&self, id: i64) -> Result<()> {
        self.require_at(Permission::ManageCampaigns, id)?;
        let qr = self.point_qr(id).await?;
        let app = self.app();
        app.store().rotate_token(id, app.key().clone(), app.now()).await?;
        app.forget_cached_lookups();
        self.audit("qr.rotate", qr.point.code.as_str(), format!("{}: mã QR mới, mã cũ bị thu hồi", qr.point.name)).await
    }

    /// Withdraws the point's QR code without a replacement (a desk closed, a poster stolen).
    pub async fn revoke_point_qr(&self, id: i64) -> Result<()> {
        self.require_at(Permission::ManageCampaigns, id)?;
        let qr = self.point_qr(id).await?;
        let app = self.app();
        app.store().revoke_token(id, app.now()).await?;
        app.forget_cached_lookups();
        self.audit("qr.revoke", qr.point.code.as_str(), format!("{}: mã QR bị thu hồi", qr.point.name)).await
    }
}
