//! The demo's integrity story, so the review queue, the monitor's flags and the codes page
//! have something real to show: one commune desk stuffed late one evening from a single
//! address, and verification codes handed out at another desk — most used once, a few tried
//! again, a few mistyped. Every answer goes through the same writer checks as a citizen's, and
//! the anomaly detectors then run over the whole campaign as their job would.

use std::net::{IpAddr, Ipv4Addr};

use domain::answers::{Answer, Answers};
use domain::campaigns::{Campaign, Channel};
use domain::units::UnitCode;
use domain::verification::VerificationCode;
use jiff::civil::Time;
use jiff::{SignedDuration, Timestamp};
use rand::rngs::StdRng;
use rand::{RngExt, SeedableRng};
use store::{CodeBatchKind, NewCodeBatch, NewResponse};

use super::{answer, generated, moment, working_days};
use crate::integrity::{Submission, Visitor};
use crate::{App, AppError, Result};

/// Xã Thái Đào (Huyện Lạng Giang): the desk someone stuffed.
pub const STUFFED_POINT: &str = "07438";
/// Answers sent from one address to the stuffed desk, eight seconds apart.
pub const STUFFED_ANSWERS: usize = 90;
/// Xã Tân Dĩnh (Huyện Lạng Giang): the desk that hands out verification codes.
pub const VERIFIED_POINT: &str = "07432";
/// Codes printed for the desk, codes citizens used, codes tried a second time, codes mistyped.
pub const CODES_PRINTED: usize = 150;
pub const CODES_USED: usize = 80;
pub const CODES_REUSED: usize = 3;
pub const CODES_UNKNOWN: usize = 2;
/// Every answer the integrity story adds to the campaign.
pub const ANSWERS: usize = STUFFED_ANSWERS + CODES_USED + CODES_REUSED + CODES_UNKNOWN;

impl App {
    pub(super) async fn stage_integrity_story(&self, campaign: &Campaign, seed: u64) -> Result<()> {
        let mut rng = StdRng::seed_from_u64(seed ^ 0x5eed_f1a6);
        self.stuff_a_desk(campaign, &mut rng).await?;
        self.hand_out_codes(campaign, &mut rng).await?;
        Ok(())
    }

    /// Straight-lined answers at one desk at 21:40 on the last working evening, a fresh
    /// "device" each (a script clearing its cookie) but one address: the writer flags the
    /// network burst and the repeated pattern, the detectors the hour and the straight lines.
    async fn stuff_a_desk(&self, campaign: &Campaign, rng: &mut StdRng) -> Result<()> {
        let point = self.demo_point(STUFFED_POINT).await?;
        let instrument = self.instrument(campaign.instrument_id).await?;
        let evening = working_days(self.today(), 3)
            .into_iter()
            .map(|(day, _)| day)
            .find(|day| *day < self.today())
            .ok_or_else(|| AppError::Config("the demo needs a working day before today".into()))?;
        let start = evening
            .to_datetime(Time::constant(21, 40, 0, 0))
            .to_zoned(domain::time::zone().clone())
            .map_err(|e| AppError::Config(e.to_string()))?
            .timestamp();
        let mut answers = Answers::default();
        for item in instrument.instrument.rating_items() {
            answers.0.insert(item.code.clone(), Answer::Level(5));
        }
        let address = IpAddr::V4(Ipv4Addr::new(203, 0, 113, 45));
        let batch = (0..STUFFED_ANSWERS)
            .map(|i| {
                let submitted_at = start + SignedDuration::from_secs(8 * i as i64);
                let issued_at = submitted_at - SignedDuration::from_secs(rng.random_range(20..40));
                let visitor = Visitor { device: Some(format!("demo-script-{i}")), address: Some(address) };
                let submission = Submission {
                    point: point.id,
                    questions: instrument.instrument.items().count(),
                    issued_at,
                    honeypot: false,
                    answers: &answers,
                };
                let client_id = format!("{}-stuffed-{i:03}", campaign.code);
                NewResponse {
                    integrity: self.integrity_marks(&visitor, &submission),
                    ..generated(
                        &instrument,
                        campaign.id,
                        point.id,
                        client_id,
                        (issued_at, submitted_at),
                        answers.clone(),
                    )
                }
            })
            .collect();
        self.store().ingest_many(batch).await?;
        Ok(())
    }

    /// A batch of codes printed for one desk; citizens answered with most of them over the
    /// campaign's days, a few typed a used code again or one that was never printed.
    async fn hand_out_codes(&self, campaign: &Campaign, rng: &mut StdRng) -> Result<()> {
        let point = self.demo_point(VERIFIED_POINT).await?;
        let instrument = self.instrument(campaign.instrument_id).await?;
        let codes: Vec<VerificationCode> = (0..CODES_PRINTED).map(|_| VerificationCode::generate()).collect();
        let batch = NewCodeBatch {
            campaign_id: campaign.id,
            kind: CodeBatchKind::Generated,
            label: format!("{CODES_PRINTED} mã cho {}", point.name),
            created_by: None,
            codes: codes.iter().map(|c| (point.id, c.clone())).collect(),
        };
        let now = self.now();
        self.store().create_code_batch(batch, now).await?;
        self.store().set_campaign_verification(campaign.id, true, now).await?;

        let days = working_days(self.today(), 21);
        let mistyped = (0..CODES_UNKNOWN).map(|_| VerificationCode::generate());
        let entered = codes[..CODES_USED].iter().chain(&codes[..CODES_REUSED]).cloned().chain(mistyped);
        let mut answered: Vec<(Timestamp, VerificationCode)> =
            entered.map(|code| (moment(&days, now, rng), code)).collect();
        // Stored in the order they arrive: of two answers with one code, the later is the reuse.
        answered.sort_by_key(|(at, _)| *at);
        let quality = (0.86f64 / 0.14).ln();
        let batch = answered
            .into_iter()
            .enumerate()
            .map(|(i, (submitted_at, code))| {
                let answers = answer(&instrument.instrument, quality, Channel::Qr, rng);
                let client_id = format!("{}-verified-{i:03}", campaign.code);
                let issued_at = submitted_at - SignedDuration::from_secs(rng.random_range(60..300));
                NewResponse {
                    verification: Some(code),
                    ..generated(&instrument, campaign.id, point.id, client_id, (issued_at, submitted_at), answers)
                }
            })
            .collect();
        self.store().ingest_many(batch).await?;
        Ok(())
    }

    async fn demo_point(&self, code: &str) -> Result<domain::units::Unit> {
        let code = UnitCode::parse(code).map_err(|e| AppError::Config(e.to_string()))?;
        self.store().unit_by_code(&code, self.today()).await?.ok_or_else(|| AppError::NotFound(code.to_string()))
    }
}
