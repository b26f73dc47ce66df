//! A counter tablet (kiosk) working for itself: it trades a one-time enrolment code for a device
//! token, shows the form of its point's active campaign, hands in the answers it queued (each
//! with the tablet's own id, so a resent answer counts once) and reports its heartbeat.
//! Codes and tokens are compared as keyed hashes only, and never logged.

use std::net::IpAddr;

use domain::answers::{self, Rejection};
use domain::campaigns::{Campaign, Channel, Refusal};
use domain::kiosk::{answered_at, is_client_id, is_device_token, new_device_token, normalise_code, response_client_id};
use domain::tally;
use domain::text::Lang;
use domain::units::Unit;
use jiff::Timestamp;
use store::{IngestOutcome, InstrumentRecord, KioskRecord, NewResponse};

use crate::{App, AppError, Result};

/// Wrong enrolment codes from one client within the throttle window before it is paused.
pub const ENROL_FAILURES_PER_CLIENT: i64 = 10;

/// An enrolled, unrevoked tablet and the point it serves.
#[derive(Debug, Clone)]
pub struct Device {
    pub kiosk: KioskRecord,
    pub point: Unit,
    /// "Huyện Lục Ngạn · Tỉnh Bắc Giang": where the point is, nearest first.
    pub place: String,
}

/// The form a tablet shows: its point's active campaign and questionnaire.
#[derive(Debug, Clone)]
pub struct KioskForm {
    pub campaign: Campaign,
    pub instrument: InstrumentRecord,
}

/// A tablet just enrolled: the token to keep in its cookie, shown to nobody else.
#[derive(Debug)]
pub struct Enrolled {
    pub device_token: String,
    pub device: Device,
}

#[derive(Debug, thiserror::Error)]
pub enum EnrolError {
    /// Unknown, already used or expired code, or its kiosk revoked: the same answer for each,
    /// so a guesser learns nothing.
    #[error("enrolment code refused")]
    Refused,
    #[error("too many wrong enrolment codes")]
    Throttled { until: Timestamp },
    #[error(transparent)]
    Internal(#[from] AppError),
}

impl From<store::StoreError> for EnrolError {
    fn from(e: store::StoreError) -> Self {
        EnrolError::Internal(e.into())
    }
}

/// An answer handed in by a tablet, stored now or before (a resend).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KioskStored {
    Stored,
    AlreadyStored,
}

#[derive(Debug, thiserror::Error)]
pub enum KioskAnswerError {
    /// Not what the kiosk page sends (no or a bad answer id, no campaign, a campaign of
    /// another point). The message is in the answer's language.
    #[error("{0}")]
    BadRequest(String),
    /// The answers break the questionnaire's rules; nothing stored.
    #[error("{0}")]
    Invalid(String),
    /// The campaign no longer (or not yet) takes answers; nothing stored.
    #[error("campaign refuses: {refusal:?}")]
    Closed { refusal: Refusal, lang: Lang },
    #[error(transparent)]
    Internal(#[from] AppError),
}

impl From<store::StoreError> for KioskAnswerError {
    fn from(e: store::StoreError) -> Self {
        KioskAnswerError::Internal(e.into())
    }
}

impl App {
    /// The keyed hash an enrolment code is stored and looked up as.
    pub(crate) fn enrolment_hash(&self, code: &str) -> String {
        self.key().fingerprint(b"hailong/kiosk-enrolment/v1\0", code.as_bytes())
    }

    fn device_hash(&self, token: &str) -> String {
        self.key().fingerprint(b"hailong/kiosk-device/v1\0", token.as_bytes())
    }

    /// Trades a typed enrolment code for a device token. The code works once, within its
    /// day; wrong codes from one client pause it for a while (`client`: the peer address,
    /// hashed before use).
    pub async fn enrol_kiosk(&self, typed: &str, client: Option<IpAddr>) -> Result<Enrolled, EnrolError> {
        let throttle_key = match client {
            Some(ip) => self.client_key("kiosk-enrol", ip),
            None => "kiosk-enrol:unknown".to_owned(),
        };
        if let Some(until) = self.key_paused_until(&throttle_key, ENROL_FAILURES_PER_CLIENT).await? {
            tracing::info!("kiosk enrolment throttled");
            return Err(EnrolError::Throttled { until });
        }
        let device_token = new_device_token();
        let enrolled = match normalise_code(typed) {
            Some(code) => {
                let (code, device) = (self.enrolment_hash(&code), self.device_hash(&device_token));
                self.store().enrol_kiosk(code, device, self.now()).await?
            }
            None => None,
        };
        let Some(kiosk) = enrolled else {
            tracing::info!("kiosk enrolment refused");
            self.store().record_sign_in_failure(vec![throttle_key], self.now()).await?;
            return Err(EnrolError::Refused);
        };
        let device = self.device_of(kiosk).await?;
        tracing::info!(kiosk = device.kiosk.id, point = %device.point.code, "a kiosk enrolled");
        Ok(Enrolled { device_token, device })
    }

    /// The tablet holding `token`, if it is enrolled and not revoked.
    pub async fn kiosk_device(&self, token: &str) -> Result<Option<Device>> {
        if !is_device_token(token) {
            return Ok(None);
        }
        match self.store().kiosk_by_device(self.device_hash(token)).await? {
            Some(kiosk) => Ok(Some(self.device_of(kiosk).await?)),
            None => Ok(None),
        }
    }

    async fn device_of(&self, kiosk: KioskRecord) -> Result<Device> {
        let tree = self.unit_tree().await?;
        let find = |id| tree.iter().find(|u| u.id == id);
        let point = find(kiosk.point_id).ok_or_else(|| AppError::NotFound(format!("đơn vị số {}", kiosk.point_id)))?;
        let mut place = Vec::new();
        let mut next = point.parent_id.and_then(find);
        while let Some(unit) = next {
            place.push(unit.name.as_str());
            next = unit.parent_id.and_then(find);
        }
        Ok(Device { place: place.join(" · "), point: point.clone(), kiosk })
    }

    /// The form the tablet shows now, or `None` while no campaign runs at its point.
    pub async fn kiosk_form(&self, device: &Device) -> Result<Option<KioskForm>> {
        let Some(campaign) = self.store().active_campaign(device.point.id, self.now()).await? else { return Ok(None) };
        let instrument = self.instrument(campaign.instrument_id).await?;
        Ok(Some(KioskForm { campaign, instrument }))
    }

    /// Records that the tablet is alive with `queued` answers waiting on it; returns the
    /// campaign running at its point now, so a tablet showing another one reloads.
    pub async fn kiosk_heartbeat(&self, device: &Device, queued: i64) -> Result<Option<i64>> {
        self.store().kiosk_heartbeat(device.kiosk.id, queued.clamp(0, 1_000_000), self.now()).await?;
        Ok(self.store().active_campaign(device.point.id, self.now()).await?.map(|c| c.id))
    }

    /// Checks and stores one answer the tablet queued. The body is the kiosk form's fields plus
    /// `_c` (the campaign the form was shown for), `_id` (the tablet's id for this answer) and
    /// `_at` (when it was given, in milliseconds, by the tablet's clock).
    pub async fn kiosk_answer(&self, device: &Device, body: &[u8]) -> Result<KioskStored, KioskAnswerError> {
        let pairs = answers::parse_urlencoded(body).map_err(|m| KioskAnswerError::Invalid(m.message(Lang::Vi)))?;
        let field = |name: &str| pairs.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str());
        let lang = Lang::from_code_or_default(field("_lang"));
        let words = |vi: &str, en: &str| if lang == Lang::En { en.to_owned() } else { vi.to_owned() };
        let client = field("_id").filter(|id| is_client_id(id)).ok_or_else(|| {
            KioskAnswerError::BadRequest(words("Phiếu thiếu mã định danh hợp lệ.", "The answer has no valid id."))
        })?;
        let campaign = match field("_c").and_then(|c| c.parse::<i64>().ok()) {
            Some(id) => self.store().campaign(id).await?,
            None => None,
        };
        let campaign = match campaign {
            Some(c) if self.store().campaign_has_point(c.id, device.point.id).await? => c,
            _ => {
                return Err(KioskAnswerError::BadRequest(words(
                    "Phiếu không thuộc đợt khảo sát nào tại điểm này.",
                    "The answer belongs to no campaign at this desk.",
                )));
            }
        };
        let instrument = self.instrument(campaign.instrument_id).await?;
        let lang = if instrument.instrument.speaks(lang) { lang } else { Lang::Vi };
        let answers = match answers::read(&instrument.instrument, &pairs) {
            Ok(answers) => answers,
            Err(Rejection::Malformed(m)) => return Err(KioskAnswerError::Invalid(m.message(lang))),
            Err(Rejection::Incomplete { errors, .. }) => {
                let first = errors.values().next().map(|e| e.message(lang)).unwrap_or_default();
                return Err(KioskAnswerError::Invalid(first));
            }
        };
        let now = self.now();
        let response = NewResponse {
            client_id: response_client_id(device.kiosk.id, client),
            campaign_id: campaign.id,
            point_id: device.point.id,
            instrument_id: instrument.id,
            channel: Channel::Kiosk,
            lang,
            issued_at: answered_at(field("_at").and_then(|at| at.parse().ok()), now),
            submitted_at: now,
            comment_level: instrument.instrument.comment_level(&answers),
            deltas: tally::deltas(&instrument.instrument, &answers),
            paper: None,
            integrity: Default::default(),
            verification: None,
            contact: None,
            answers,
        };
        match self.store().ingest(response).await? {
            IngestOutcome::Stored => Ok(KioskStored::Stored),
            IngestOutcome::AlreadyStored => Ok(KioskStored::AlreadyStored),
            IngestOutcome::Refused(refusal) => Err(KioskAnswerError::Closed { refusal, lang }),
            // A kiosk is enrolled by staff and counts under no per-device limit.
            IngestOutcome::Limited => Err(AppError::Conflict("kiosk answer over a limit".into()).into()),
        }
    }
}
