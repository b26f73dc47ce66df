//! The demo: the real Bắc Giang 2024 unit tree (province, 10 districts, 192 communes, each its
//! own one-stop desk), the three instruments, a PKS05 campaign over every point and about
//! 50,000 generated answers that vary believably between points, questions, days and
//! channels, plus a stuffed desk and verification codes (`integrity`). Generated with a fixed
//! seed, so two demos hold the same numbers.

pub mod integrity;

use std::f64::consts::PI;

use domain::answers::{Answer, Answers};
use domain::campaigns::{Campaign, Channel};
use domain::instruments::{Instrument, ItemKind};
use domain::tally;
use domain::text::Lang;
use domain::units::UnitCode;
use domain::units::import::ImportOptions;
use jiff::civil::{Date, Time, Weekday};
use jiff::{SignedDuration, Timestamp};
use rand::rngs::StdRng;
use rand::{RngExt, SeedableRng};
use store::{InstrumentRecord, NewResponse};

use crate::campaigns::{CampaignSpec, PointScope, WindowSpec};
use crate::{App, AppError, Result};

pub const UNITS_CSV: &[u8] = include_bytes!("../../../../data/units/bac-giang-2024.csv");
pub const CAMPAIGN_CODE: &str = "pks05-demo";
pub const PROVINCE_CODE: &str = "24";

#[derive(Debug, Clone, Copy)]
pub struct DemoOptions {
    pub responses: usize,
    /// Days before today over which answers are spread.
    pub days: i64,
    pub seed: u64,
}

impl Default for DemoOptions {
    fn default() -> Self {
        DemoOptions { responses: 50_000, days: 21, seed: 2024 }
    }
}

#[derive(Debug, Clone)]
pub struct Demo {
    pub campaign: Campaign,
    /// False when an existing demo database was reused.
    pub created: bool,
    pub responses: i64,
    /// A token for one point of each level: the provincial centre, a district, a commune.
    pub examples: Vec<DemoExample>,
}

#[derive(Debug, Clone)]
pub struct DemoExample {
    pub level: &'static str,
    pub point: String,
    pub token: String,
}

impl App {
    /// Creates the demo data, or finds it if this database already has it.
    pub async fn seed_demo(&self, options: DemoOptions) -> Result<Demo> {
        let created = match self.campaign(CAMPAIGN_CODE).await {
            Ok(_) => false,
            Err(AppError::NotFound(_)) => {
                self.create_demo(options).await?;
                true
            }
            Err(e) => return Err(e),
        };
        let campaign = self.campaign(CAMPAIGN_CODE).await?;
        let responses = self.store().response_count(campaign.id).await?;
        let examples = self.demo_examples().await?;
        Ok(Demo { campaign, created, responses, examples })
    }

    async fn create_demo(&self, options: DemoOptions) -> Result<()> {
        self.import_units(UNITS_CSV, ImportOptions::default(), false)
            .await
            .map_err(|e| AppError::invalid(e.report(Lang::Vi)))?;
        let year = self.today().year();
        self.create_campaign(CampaignSpec {
            code: CAMPAIGN_CODE.into(),
            name: format!("Khảo sát PKS05 tại bộ phận một cửa các cấp năm {year}"),
            instrument: "PKS05".into(),
            window: WindowSpec::Days {
                first: Date::new(year, 1, 1).expect("1 January exists"),
                last: Date::new(year, 12, 31).expect("31 December exists"),
            },
            scope: PointScope::Subtrees(vec![UnitCode::parse(PROVINCE_CODE).expect("a valid code")]),
            exclude: vec![],
            open: true,
            quota: domain::quota::QuotaRule::default(),
        })
        .await?;
        let campaign = self.campaign(CAMPAIGN_CODE).await?;
        self.stage_integrity_story(&campaign, options.seed).await?;
        self.generate_answers(CAMPAIGN_CODE, options).await?;
        // What the detectors' job would find in its first run.
        self.detect_campaign_anomalies(&campaign).await?;
        Ok(())
    }

    /// Adds `options.responses` generated answers to the campaign `code`, spread over its
    /// points (busier desks get more), over the working days before today, over channels.
    /// For demos and benchmarks: the data look like a real campaign's.
    pub async fn generate_answers(&self, code: &str, options: DemoOptions) -> Result<usize> {
        let campaign = self.campaign(code).await?;
        let instrument = self.instrument(campaign.instrument_id).await?;
        let units = self.store().campaign_points(campaign.id).await?;
        let mut rng = StdRng::seed_from_u64(options.seed);
        let points: Vec<GeneratedPoint> = units.iter().map(|p| GeneratedPoint::new(p, &mut rng)).collect();
        if points.is_empty() {
            return Ok(0);
        }
        let total_weight: f64 = points.iter().map(|p| p.weight).sum();
        let days = working_days(self.today(), options.days);
        let now = self.now();
        // Stored in the order they were given, as a live campaign stores them: ids follow time.
        // (Stored in random order, every step of the anomaly job would reach back to the first
        // answer for its windows: a million answers took nine minutes to check instead of twenty
        // seconds.)
        let mut moments: Vec<Timestamp> = (0..options.responses).map(|_| moment(&days, now, &mut rng)).collect();
        moments.sort_unstable();

        let mut batch = Vec::with_capacity(5_000);
        for (i, submitted_at) in moments.into_iter().enumerate() {
            let point = pick(&points, total_weight, &mut rng);
            let channel = match rng.random::<f64>() {
                x if x < 0.72 => Channel::Qr,
                x if x < 0.92 => Channel::Paper,
                _ => Channel::Kiosk,
            };
            let answers = answer(&instrument.instrument, point.quality, channel, &mut rng);
            let client_id = format!("{}-{}-{i:08}", campaign.code, options.seed);
            let lang = if rng.random_bool(0.03) { Lang::En } else { Lang::Vi };
            let issued_at = submitted_at - SignedDuration::from_secs(rng.random_range(40..400));
            batch.push(NewResponse {
                channel,
                lang,
                ..generated(&instrument, campaign.id, point.id, client_id, (issued_at, submitted_at), answers)
            });
            if batch.len() == batch.capacity() {
                self.store().ingest_many(std::mem::take(&mut batch)).await?;
                batch.reserve(5_000);
            }
        }
        if !batch.is_empty() {
            self.store().ingest_many(batch).await?;
        }
        tracing::info!(campaign = %campaign.code, responses = options.responses, points = points.len(), "generated answers");
        Ok(options.responses)
    }

    /// Adds the field work of a campaign's days so far, as `username` entered it: visitor
    /// counts of most points (about twice the answers, as the quota rule expects, a few
    /// under), and today's reports of three points in four.
    pub async fn generate_field_work(&self, code: &str, username: &str, seed: u64) -> Result<()> {
        let campaign = self.campaign(code).await?;
        let user = self.store().user_by_username(username).await?.ok_or_else(|| AppError::NotFound(username.into()))?;
        let mut rng = StdRng::seed_from_u64(seed ^ 0xf1e1d);
        let mut per_day: std::collections::BTreeMap<(i64, Date), i64> = std::collections::BTreeMap::new();
        for count in self.store().daily_counts(campaign.id, domain::results::View::All).await? {
            *per_day.entry((count.point_id, count.day)).or_default() += count.n;
        }
        // One desk in ten never sends its counts: the monitor shows "no data" for it.
        let points: std::collections::BTreeSet<i64> = per_day.keys().map(|(point, _)| *point).collect();
        let silent: std::collections::HashSet<i64> = points.into_iter().filter(|_| rng.random_bool(0.1)).collect();
        let counts: Vec<store::VisitorCount> = per_day
            .iter()
            .filter(|((point, _), _)| !silent.contains(point))
            .map(|(&(point_id, day), &n)| store::VisitorCount {
                point_id,
                day,
                visitors: (n as f64 * rng.random_range(1.4..2.8)).round() as i64,
            })
            .collect();
        self.store().set_visitor_counts(campaign.id, counts, user.id, self.now()).await?;
        const NOTES: [&str; 5] = [
            "Tổ công tác hướng dẫn người dân quét mã QR tại quầy; nhiều người cao tuổi cần hỗ trợ.",
            "Buổi sáng đông, đã bố trí thêm một cán bộ hỗ trợ đánh giá.",
            "Một số người dân không mang điện thoại thông minh, đã phát phiếu giấy.",
            "Mạng chập chờn khoảng 30 phút, máy tính bảng vẫn ghi nhận phiếu.",
            "Không có vướng mắc.",
        ];
        let today = self.today();
        for point in self.store().campaign_points(campaign.id).await? {
            if !rng.random_bool(0.75) {
                continue;
            }
            let report = store::NewFieldReport {
                campaign_id: campaign.id,
                point_id: point.id,
                day: today,
                assisted: per_day.get(&(point.id, today)).copied().unwrap_or_default() / 2,
                notes: NOTES[rng.random_range(0..NOTES.len())].to_owned(),
                filed_by: user.id,
                photos: vec![],
            };
            self.store().file_field_report(report, self.now()).await?;
        }
        Ok(())
    }

    async fn demo_examples(&self) -> Result<Vec<DemoExample>> {
        let mut examples = Vec::new();
        for (level, code) in [("tỉnh", "24"), ("huyện", "219"), ("xã", "07432")] {
            let Some(unit) = self.store().unit_by_code(&UnitCode::parse(code).expect("valid"), self.today()).await?
            else {
                continue;
            };
            if let Some((_, token)) = self.store().current_tokens(vec![unit.id]).await?.into_iter().next() {
                examples.push(DemoExample { level, point: unit.name, token });
            }
        }
        Ok(examples)
    }
}

/// A generated answer given by QR in Vietnamese, opened at `at.0` and sent at `at.1`, with no
/// paper slip, flags, code or contact: callers change what their story needs.
fn generated(
    instrument: &InstrumentRecord,
    campaign: i64,
    point: i64,
    client_id: String,
    at: (Timestamp, Timestamp),
    answers: Answers,
) -> NewResponse {
    NewResponse {
        client_id,
        campaign_id: campaign,
        point_id: point,
        instrument_id: instrument.id,
        channel: Channel::Qr,
        lang: Lang::Vi,
        issued_at: at.0,
        submitted_at: at.1,
        comment_level: instrument.instrument.comment_level(&answers),
        deltas: tally::deltas(&instrument.instrument, &answers),
        paper: None,
        integrity: Default::default(),
        verification: None,
        contact: None,
        answers,
    }
}

struct GeneratedPoint {
    id: i64,
    weight: f64,
    /// Log-odds that an answer is satisfied, before item, channel and respondent effects.
    quality: f64,
}

impl GeneratedPoint {
    fn new(unit: &domain::units::Unit, rng: &mut StdRng) -> Self {
        use domain::units::UnitKind::*;
        let weight = match unit.kind {
            Province => 12.0,
            District => 3.0 + 2.0 * rng.random::<f64>(),
            // Communes differ a lot in traffic; a few see almost nobody during the campaign.
            _ => (normal(rng) * 0.8).exp().clamp(0.05, 4.0),
        };
        // Most desks satisfy 80–90% of citizens; a few are clearly worse.
        let share = if rng.random_bool(0.06) { 0.55 + 0.1 * rng.random::<f64>() } else { 0.84 + 0.05 * normal(rng) };
        let share: f64 = share.clamp(0.4, 0.97);
        GeneratedPoint { id: unit.id, weight, quality: (share / (1.0 - share)).ln() }
    }
}

fn normal(rng: &mut StdRng) -> f64 {
    let u1: f64 = rng.random::<f64>().max(f64::MIN_POSITIVE);
    let u2: f64 = rng.random();
    (-2.0 * u1.ln()).sqrt() * (2.0 * PI * u2).cos()
}

fn pick<'a>(points: &'a [GeneratedPoint], total: f64, rng: &mut StdRng) -> &'a GeneratedPoint {
    let mut target = rng.random::<f64>() * total;
    for p in points {
        target -= p.weight;
        if target <= 0.0 {
            return p;
        }
    }
    points.last().expect("the demo has points")
}

/// Working days (Monday to Saturday morning) among the `count` days up to `today`.
fn working_days(today: Date, count: i64) -> Vec<(Date, f64)> {
    (0..count)
        .filter_map(|back| today.checked_sub(jiff::Span::new().days(back)).ok())
        .filter_map(|day| match day.weekday() {
            Weekday::Sunday => None,
            Weekday::Saturday => Some((day, 0.3)),
            _ => Some((day, 1.0)),
        })
        .collect()
}

/// A moment in office hours (07:30–11:30, 13:30–17:00) on one of `days`, never after `now`.
fn moment(days: &[(Date, f64)], now: Timestamp, rng: &mut StdRng) -> Timestamp {
    let total: f64 = days.iter().map(|(_, w)| w).sum();
    for _ in 0..20 {
        let mut target = rng.random::<f64>() * total;
        let day = days.iter().find(|(_, w)| {
            target -= w;
            target <= 0.0
        });
        let day = day.map_or(days[0].0, |(d, _)| *d);
        let minute: i16 = if rng.random_bool(0.55) { rng.random_range(450..690) } else { rng.random_range(810..1020) };
        let (hour, minute) = (i8::try_from(minute / 60).unwrap_or(8), i8::try_from(minute % 60).unwrap_or(0));
        let time = Time::new(hour, minute, rng.random_range(0..60), 0).expect("a valid time");
        let at = day.to_datetime(time).to_zoned(domain::time::zone().clone()).expect("a valid local time").timestamp();
        if at <= now {
            return at;
        }
    }
    now - SignedDuration::from_mins(5)
}

fn logistic(x: f64) -> f64 {
    1.0 / (1.0 + (-x).exp())
}

const PRAISE: &[&str] = &[
    "Cán bộ nhiệt tình, hướng dẫn chu đáo.",
    "Thủ tục nhanh gọn, tôi rất hài lòng.",
    "Cảm ơn chị cán bộ đã hướng dẫn tận tình.",
    "Phòng một cửa sạch sẽ, có chỗ ngồi chờ.",
    "Được hướng dẫn nộp hồ sơ trực tuyến, rất tiện.",
    "Trả kết quả sớm hơn hẹn.",
];
const COMPLAINTS: &[&str] = &[
    "Phải chờ lâu, chỉ có một cán bộ tiếp nhận.",
    "Hướng dẫn chưa rõ, tôi phải đi lại hai lần.",
    "Cần bố trí thêm chỗ ngồi chờ.",
    "Mạng chậm, không nộp trực tuyến được.",
    "Cán bộ trả lời cộc lốc, thiếu thân thiện.",
    "Đề nghị niêm yết phí, lệ phí rõ hơn.",
];

/// One respondent's answers: their own mood shifts every question a little.
fn answer(instrument: &Instrument, quality: f64, channel: Channel, rng: &mut StdRng) -> Answers {
    let mood = 0.6 * normal(rng);
    // Answers given on paper in front of staff skew higher, as in practice.
    let channel_bias = match channel {
        Channel::Paper => 0.35,
        Channel::Kiosk => 0.15,
        _ => 0.0,
    };
    let mut answers = Answers::default();
    let mut sum = 0u32;
    let mut n = 0u32;
    for item in instrument.rating_items() {
        let offset = match item.code.as_str() {
            "c1" => 0.25,
            "c2" => -0.15,
            "c5" => -0.7,
            _ => 0.0,
        };
        if !item.required && rng.random_bool(0.3) {
            continue;
        }
        let satisfied = rng.random_bool(logistic(quality + offset + mood + channel_bias));
        let level = if satisfied {
            if rng.random_bool(0.45) { 5 } else { 4 }
        } else {
            match rng.random::<f64>() {
                x if x < 0.6 => 3,
                x if x < 0.88 => 2,
                _ => 1,
            }
        };
        sum += u32::from(level);
        n += 1;
        answers.0.insert(item.code.clone(), Answer::Level(level));
    }
    // Respondent fields (age, sex, field of procedure), often left blank when optional; PKS05
    // asks none, so its answers stay as they were.
    for item in instrument.items().filter(|i| i.kind == ItemKind::Choice) {
        let levels = instrument.scale_of(item).map(|s| s.levels.as_slice()).unwrap_or_default();
        if levels.is_empty() || (!item.required && rng.random_bool(0.15)) {
            continue;
        }
        answers.0.insert(item.code.clone(), Answer::Level(levels[rng.random_range(0..levels.len())].value));
    }
    if rng.random_bool(0.12) {
        let pool = if n > 0 && sum as f64 / n as f64 >= 3.5 { PRAISE } else { COMPLAINTS };
        answers.0.insert("y_kien".into(), Answer::Text(pool[rng.random_range(0..pool.len())].into()));
    }
    answers
}
