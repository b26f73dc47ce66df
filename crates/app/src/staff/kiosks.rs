//! Counter kiosks as organisers manage them: the tablets at points inside their scope and how
//! each is doing, adding one (its one-time enrolment code is shown once and stored only as a
//! keyed hash) and revoking one. Changes are audited; codes never reach the log.

use domain::access::Permission;
use domain::kiosk::{
    CODE_VALID_FOR, IDLE_SECONDS_DEFAULT, IDLE_SECONDS_MAX, IDLE_SECONDS_MIN, OFFLINE_AFTER, display_code,
    new_enrolment_code,
};
use domain::text::clean_line;
use domain::units::Unit;
use jiff::Timestamp;
use store::{KioskRecord, NewKiosk};

use super::Staff;
use crate::{AppError, Result};

/// Longest label of a kiosk ("Quầy số 3, tầng 1").
pub const LABEL_MAX_CHARS: usize = 100;

/// Where a kiosk stands, as its row on the kiosks page says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KioskStatus {
    /// Waiting for its enrolment code to be typed on the tablet, until then.
    Waiting {
        until: Timestamp,
    },
    /// Never enrolled, and its code has expired.
    CodeExpired,
    Online,
    /// No heartbeat since then, for longer than [`OFFLINE_AFTER`].
    Offline {
        since: Timestamp,
    },
    Revoked {
        at: Timestamp,
    },
}

impl KioskStatus {
    pub fn of(kiosk: &KioskRecord, now: Timestamp) -> KioskStatus {
        if let Some(at) = kiosk.revoked_at {
            return KioskStatus::Revoked { at };
        }
        match (kiosk.enrolled_at, kiosk.enrolment_expires_at, kiosk.last_seen_at) {
            (None, Some(until), _) if until > now => KioskStatus::Waiting { until },
            (None, _, _) => KioskStatus::CodeExpired,
            (Some(enrolled), _, seen) => {
                let since = seen.unwrap_or(enrolled);
                if now.duration_since(since) > OFFLINE_AFTER {
                    KioskStatus::Offline { since }
                } else {
                    KioskStatus::Online
                }
            }
        }
    }
}

#[derive(Debug, Clone)]
pub struct KioskRow {
    pub kiosk: KioskRecord,
    pub point: Unit,
    pub status: KioskStatus,
}

/// The add-a-kiosk form as typed.
#[derive(Debug, Clone, Default)]
pub struct NewKioskForm {
    /// The service point's code.
    pub point: String,
    pub label: String,
    /// Empty for the default.
    pub idle_seconds: String,
}

/// A kiosk just added, with the enrolment code to show once.
#[derive(Debug, Clone)]
pub struct CreatedKiosk {
    pub id: i64,
    pub point: Unit,
    pub label: String,
    /// "K7MQ-3XHD": to type on the tablet at `/kiosk`.
    pub code: String,
    pub expires_at: Timestamp,
}

impl Staff {
    /// Kiosks at points inside the scope, newest first.
    pub async fn kiosks(&self) -> Result<Vec<KioskRow>> {
        self.require(Permission::ManageCampaigns)?;
        let tree = self.app().unit_tree().await?;
        let now = self.app().now();
        Ok(self
            .app()
            .store()
            .kiosks()
            .await?
            .into_iter()
            .filter(|k| self.scope().contains(k.point_id))
            .filter_map(|kiosk| {
                let point = tree.iter().find(|u| u.id == kiosk.point_id)?.clone();
                Some(KioskRow { status: KioskStatus::of(&kiosk, now), point, kiosk })
            })
            .collect())
    }

    /// The service points inside the scope a kiosk may be added to, by code.
    pub async fn kiosk_points(&self) -> Result<Vec<Unit>> {
        self.require(Permission::ManageCampaigns)?;
        let today = self.app().today();
        let mut points: Vec<Unit> = self
            .app()
            .unit_tree()
            .await?
            .iter()
            .filter(|u| u.service_point && u.validity.contains(today) && self.scope().contains(u.id))
            .cloned()
            .collect();
        points.sort_by(|a, b| a.code.cmp(&b.code));
        Ok(points)
    }

    /// Adds a kiosk at a service point inside the scope and returns its enrolment code, which
    /// is stored only as a keyed hash: this is the one time anyone sees it.
    pub async fn add_kiosk(&self, form: NewKioskForm) -> Result<CreatedKiosk> {
        self.require(Permission::ManageCampaigns)?;
        let point = self.kiosk_point(form.point.trim()).await?;
        let label = clean_line(&form.label);
        if label.is_empty() {
            return Err(AppError::invalid("xin đặt tên cho thiết bị (ví dụ \"Quầy số 1\")"));
        }
        if label.chars().count() > LABEL_MAX_CHARS {
            return Err(AppError::invalid(format!("tên thiết bị dài quá {LABEL_MAX_CHARS} ký tự")));
        }
        let idle_seconds = match form.idle_seconds.trim() {
            "" => IDLE_SECONDS_DEFAULT,
            typed => typed
                .parse::<i64>()
                .ok()
                .filter(|s| (IDLE_SECONDS_MIN..=IDLE_SECONDS_MAX).contains(s))
                .ok_or_else(|| {
                    AppError::invalid(format!(
                        "thời gian chờ phải là số giây từ {IDLE_SECONDS_MIN} đến {IDLE_SECONDS_MAX}, không phải \"{typed}\""
                    ))
                })?,
        };
        let code = new_enrolment_code();
        let now = self.app().now();
        let expires_at = now + CODE_VALID_FOR;
        let kiosk = NewKiosk {
            point_id: point.id,
            label: label.clone(),
            idle_seconds,
            enrolment_hash: self.app().enrolment_hash(&code),
            enrolment_expires_at: expires_at,
            created_by: self.user().id,
        };
        let id = self.app().store().create_kiosk(kiosk, now).await?;
        let detail = format!("\"{label}\" tại {} ({}), chờ {idle_seconds} giây", point.name, point.code);
        self.audit("kiosk.create", &format!("kiosk {id}"), detail).await?;
        Ok(CreatedKiosk { id, point, label, code: display_code(&code), expires_at })
    }

    /// Revokes a kiosk at a point inside the scope: its tablet is refused from its next request
    /// and its enrolment code, if unused, stops working. Revoking twice changes nothing more.
    pub async fn revoke_kiosk(&self, id: i64) -> Result<KioskRow> {
        self.require(Permission::ManageCampaigns)?;
        let row = self.kiosk_row(id).await?;
        self.require_inside(row.kiosk.point_id)?;
        if row.kiosk.revoked_at.is_none() {
            self.app().store().revoke_kiosk(id, self.app().now()).await?;
            let detail = format!("\"{}\" tại {} ({})", row.kiosk.label, row.point.name, row.point.code);
            self.audit("kiosk.revoke", &format!("kiosk {id}"), detail).await?;
        }
        self.kiosk_row(id).await
    }

    /// Any kiosk by id, whatever the scope (the caller checks it).
    async fn kiosk_row(&self, id: i64) -> Result<KioskRow> {
        let kiosk = self.app().store().kiosks().await?.into_iter().find(|k| k.id == id);
        let kiosk = kiosk.ok_or_else(|| AppError::NotFound(format!("thiết bị số {id}")))?;
        let tree = self.app().unit_tree().await?;
        let point = tree.iter().find(|u| u.id == kiosk.point_id).cloned();
        let point = point.ok_or_else(|| AppError::NotFound(format!("đơn vị số {}", kiosk.point_id)))?;
        Ok(KioskRow { status: KioskStatus::of(&kiosk, self.app().now()), point, kiosk })
    }

    /// The service point with this code today, if the user may add a kiosk there.
    async fn kiosk_point(&self, code: &str) -> Result<Unit> {
        if code.is_empty() {
            return Err(AppError::invalid("xin chọn điểm tiếp nhận đặt thiết bị"));
        }
        let today = self.app().today();
        let tree = self.app().unit_tree().await?;
        let Some(unit) = tree.iter().find(|u| u.code.as_str() == code && u.validity.contains(today)) else {
            return Err(AppError::invalid(format!("không có điểm tiếp nhận nào mang mã \"{code}\"")));
        };
        if !unit.service_point {
            return Err(AppError::invalid(format!("{} ({code}) không phải điểm tiếp nhận", unit.name)));
        }
        if !self.scope().contains(unit.id) {
            return Err(AppError::Forbidden(format!(
                "điểm tiếp nhận {} ({code}) nằm ngoài phạm vi tài khoản của bạn",
                unit.name
            )));
        }
        Ok(unit.clone())
    }
}
