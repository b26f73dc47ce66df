//! Paper slips: a clerk types a pile of slips from one point and day (a batch) on a
//! keyboard-only screen, or imports a file of them; a second clerk may re-enter a sample to
//! check the first entry. Each slip becomes a response with channel `paper`, its serial number
//! and the clerk recorded in the same transaction, so one slip is counted once.

use std::collections::{BTreeMap, HashMap, HashSet};

use domain::access::Permission;
use domain::answers::{self, Answers, Rejection};
use domain::campaigns::{Campaign, Channel, Refusal};
use domain::tally;
use domain::text::Lang;
use domain::units::Unit;
use jiff::civil::{Date, Time};
use store::{
    IngestOutcome, InstrumentRecord, NewPaperBatch, NewResponse, PaperBatchRecord, PaperSlip, PaperSource,
    paper_client_id,
};

use super::Staff;
use super::field::{FieldDesk, LineError};
use crate::tables::{TableError, fold_header, parse_day, read_table};
use crate::{AppError, Result};

/// Longest serial number printed on a slip.
pub const MAX_SERIAL_CHARS: usize = 20;

/// A batch with everything its entry screen needs.
#[derive(Debug, Clone)]
pub struct PaperDesk {
    pub batch: PaperBatchRecord,
    pub campaign: Campaign,
    pub instrument: InstrumentRecord,
    pub point: Unit,
}

/// What became of one typed slip.
#[derive(Debug, Clone)]
pub enum SlipOutcome {
    Stored {
        serial: String,
    },
    /// Nothing stored; the message says why and the typed answers are kept for correction.
    Refused {
        message: String,
        kept: Vec<(String, String)>,
    },
}

/// A slip whose check entry differs from the counted entry.
#[derive(Debug, Clone)]
pub struct Mismatch {
    pub point: String,
    pub serial: String,
    pub entered_by: Option<String>,
    pub checked_by: String,
    /// Item codes whose answers differ; empty when the slip was never entered at all.
    pub items: Vec<String>,
}

#[derive(Debug, Clone)]
pub enum PaperImport {
    Stored { slips: usize, batches: usize },
    Refused { file: Option<TableError>, lines: Vec<LineError> },
}

impl Staff {
    /// Starts a batch of slips from one point and day, entered by this user.
    pub async fn open_paper_batch(&self, code: &str, point_id: i64, day: Date) -> Result<i64> {
        let desk = self.field_desk(code).await?;
        let point = desk.point(point_id).ok_or_else(|| AppError::Forbidden(outside().into()))?;
        check_paper_day(&desk, day)?;
        let batch = NewPaperBatch {
            campaign_id: desk.campaign.id,
            point_id: point.id,
            day,
            clerk_id: self.user().id,
            source: PaperSource::Keyboard,
        };
        let id = self.app().store().create_paper_batch(batch, self.app().now()).await?;
        self.audit("paper.batch", desk.campaign.code.as_str(), format!("lô {id}: {} ngày {day}", point.name)).await?;
        Ok(id)
    }

    /// The campaign's batches inside the scope, newest first.
    pub async fn paper_batches(&self, code: &str) -> Result<(FieldDesk, Vec<PaperBatchRecord>)> {
        let desk = self.field_desk(code).await?;
        let mut batches = self.app().store().paper_batches(desk.campaign.id).await?;
        batches.retain(|b| self.scope().contains(b.point_id));
        Ok((desk, batches))
    }

    pub async fn paper_batch(&self, id: i64) -> Result<PaperDesk> {
        self.require(Permission::EnterData)?;
        let app = self.app();
        let batch = app.store().paper_batch(id).await?.ok_or_else(|| AppError::NotFound("lô phiếu giấy".into()))?;
        self.require_inside(batch.point_id)?;
        let campaign =
            app.store().campaign(batch.campaign_id).await?.ok_or_else(|| AppError::NotFound("đợt".into()))?;
        let point = app.store().unit(batch.point_id).await?.ok_or_else(|| AppError::NotFound("điểm".into()))?;
        let instrument = app.instrument(campaign.instrument_id).await?;
        Ok(PaperDesk { batch, campaign, instrument, point })
    }

    /// Stores one typed slip of a batch: `_serial` and one field per question, blanks allowed.
    pub async fn enter_slip(&self, batch: i64, pairs: Vec<(String, String)>) -> Result<SlipOutcome> {
        let desk = self.paper_batch(batch).await?;
        if desk.batch.clerk_id != self.user().id {
            return Err(AppError::Forbidden("lô này do người khác nhập; hãy mở lô của mình".into()));
        }
        let refused = |message: String, pairs: Vec<(String, String)>| Ok(SlipOutcome::Refused { message, kept: pairs });
        let serial = match read_serial(&pairs) {
            Ok(serial) => serial,
            Err(message) => return refused(message, pairs),
        };
        let answers = match read_slip(&desk.instrument, &pairs) {
            Ok(answers) => answers,
            Err(message) => return refused(message, pairs),
        };
        let response = self.paper_response(
            &desk.campaign,
            &desk.instrument,
            desk.point.id,
            desk.batch.day,
            desk.batch.id,
            &serial,
            answers,
        );
        match self.app().store().ingest(response).await? {
            IngestOutcome::Stored => Ok(SlipOutcome::Stored { serial }),
            IngestOutcome::AlreadyStored => refused(duplicate(&serial), pairs),
            IngestOutcome::Refused(refusal) => refused(refusal_message(refusal), pairs),
            // A slip typed by staff counts under no submission limit.
            IngestOutcome::Limited => refused("phiếu vượt giới hạn gửi, không được nhập".into(), pairs),
        }
    }

    /// A second clerk's entry of a slip from the batch, kept for comparison, never counted.
    pub async fn check_slip(&self, batch: i64, pairs: Vec<(String, String)>) -> Result<SlipOutcome> {
        let desk = self.paper_batch(batch).await?;
        if desk.batch.clerk_id == self.user().id {
            return Err(AppError::Forbidden("người nhập kiểm tra phải khác người đã nhập lô này".into()));
        }
        let serial = match read_serial(&pairs).and_then(|s| Ok((s, read_slip(&desk.instrument, &pairs)?))) {
            Ok(found) => found,
            Err(message) => return Ok(SlipOutcome::Refused { message, kept: pairs }),
        };
        let (serial, answers) = serial;
        let app = self.app();
        app.store()
            .record_paper_check(
                desk.campaign.id,
                desk.point.id,
                serial.clone(),
                answers.to_json(),
                self.user().id,
                app.now(),
            )
            .await?;
        Ok(SlipOutcome::Stored { serial })
    }

    /// Slips whose check entry differs from the counted entry, or was never entered, with the
    /// desk they were read for and how many slips were checked.
    pub async fn paper_mismatches(&self, code: &str) -> Result<(FieldDesk, usize, Vec<Mismatch>)> {
        let desk = self.field_desk(code).await?;
        let names: HashMap<i64, &str> = desk.points.iter().map(|p| (p.id, p.name.as_str())).collect();
        let pairs = self.app().store().paper_check_pairs(desk.campaign.id).await?;
        let mut checked = 0;
        let mut mismatches = Vec::new();
        for pair in pairs.into_iter().filter(|p| self.scope().contains(p.point_id)) {
            checked += 1;
            let check = Answers::from_json(&pair.check).unwrap_or(Answers(BTreeMap::new()));
            let items = match pair.entry.as_deref().map(Answers::from_json) {
                Some(Ok(entry)) => differing_items(&entry, &check),
                _ => Vec::new(),
            };
            if pair.entry.is_none() || !items.is_empty() {
                mismatches.push(Mismatch {
                    point: names.get(&pair.point_id).copied().unwrap_or_default().to_owned(),
                    serial: pair.serial,
                    entered_by: pair.entered_by,
                    checked_by: pair.checked_by,
                    items,
                });
            }
        }
        Ok((desk, checked, mismatches))
    }

    /// The header (and one example row) of the import file for a campaign's questionnaire.
    pub async fn paper_template(&self, code: &str) -> Result<String> {
        let desk = self.field_desk(code).await?;
        let instrument = self.app().instrument(desk.campaign.instrument_id).await?;
        let mut header = vec!["so_phieu".to_owned(), "ma_diem".to_owned(), "ngay".to_owned()];
        let mut example = vec![
            "0001".to_owned(),
            desk.points.first().map(|p| p.code.to_string()).unwrap_or_default(),
            desk.today.strftime("%d/%m/%Y").to_string(),
        ];
        for item in instrument.instrument.items() {
            header.push(item.code.clone());
            example.push(match instrument.instrument.scale_of(item) {
                Some(scale) => scale.levels.last().map(|l| l.value.to_string()).unwrap_or_default(),
                None => String::new(),
            });
        }
        Ok(format!("\u{FEFF}{}\r\n{}\r\n", header.join(","), example.join(",")))
    }

    /// Imports a CSV or XLSX of slips (serial, point code, day, one column per question). Every
    /// line is checked, including serials already entered, before one slip is stored.
    pub async fn import_paper(&self, code: &str, bytes: &[u8]) -> Result<PaperImport> {
        let desk = self.field_desk(code).await?;
        let instrument = self.app().instrument(desk.campaign.instrument_id).await?;
        let table = match read_table(bytes) {
            Ok(table) => table,
            Err(e) => return Ok(PaperImport::Refused { file: Some(e), lines: vec![] }),
        };
        let refuse_header =
            |message: String| Ok(PaperImport::Refused { file: None, lines: vec![LineError { line: 1, message }] });
        let (Some(serial_col), Some(point_col), Some(day_col)) = (
            table.column(&["so phieu", "serial"]),
            table.column(&["ma diem", "point"]),
            table.column(&["ngay", "day", "date"]),
        ) else {
            return refuse_header("thiếu cột: cần có \"so_phieu\", \"ma_diem\" và \"ngay\" (tải tệp mẫu)".into());
        };
        let mut item_cols = Vec::new();
        for (i, name) in table.header.iter().enumerate() {
            if [serial_col, point_col, day_col].contains(&i) || name.is_empty() {
                continue;
            }
            match instrument.instrument.items().find(|item| fold_header(&item.code) == *name) {
                Some(item) => item_cols.push((i, item.code.clone())),
                None => return refuse_header(format!("cột \"{name}\" không phải câu hỏi nào của bộ câu hỏi")),
            }
        }
        let mut known: HashMap<i64, HashSet<String>> = HashMap::new();
        let mut slips = Vec::new();
        let mut errors = Vec::new();
        let mut seen: HashMap<(i64, String), usize> = HashMap::new();
        for (line, cells) in &table.rows {
            let cell = |i: usize| cells.get(i).map(String::as_str).unwrap_or_default();
            let mut fail = |message: String| errors.push(LineError { line: *line, message });
            let Some(point) = desk.points.iter().find(|p| p.code.as_str() == cell(point_col)) else {
                fail(format!("mã điểm \"{}\" không thuộc đợt khảo sát trong phạm vi của bạn", cell(point_col)));
                continue;
            };
            let Some(day) = parse_day(cell(day_col)) else {
                fail(format!("ngày \"{}\" không đúng dạng (ví dụ 10/07/2024)", cell(day_col)));
                continue;
            };
            if let Err(e) = check_paper_day(&desk, day) {
                fail(e.to_string());
                continue;
            }
            let serial = match normalise_serial(cell(serial_col)) {
                Ok(serial) => serial,
                Err(message) => {
                    fail(message);
                    continue;
                }
            };
            if let Some(first) = seen.insert((point.id, serial.clone()), *line) {
                fail(format!("số phiếu {serial} trùng với dòng {first}"));
                continue;
            }
            if let std::collections::hash_map::Entry::Vacant(slot) = known.entry(point.id) {
                slot.insert(self.app().store().paper_serials(desk.campaign.id, point.id).await?.into_iter().collect());
            }
            if known[&point.id].contains(&serial) {
                fail(duplicate(&serial));
                continue;
            }
            let pairs: Vec<(String, String)> =
                item_cols.iter().map(|(i, code)| (code.clone(), cell(*i).to_owned())).collect();
            match read_slip(&instrument, &pairs) {
                Ok(answers) => slips.push((point.id, day, serial, answers)),
                Err(message) => fail(message),
            }
        }
        if !errors.is_empty() {
            return Ok(PaperImport::Refused { file: None, lines: errors });
        }
        if slips.is_empty() {
            return refuse_header("tệp không có phiếu nào".into());
        }
        self.store_imported_slips(&desk, &instrument, slips).await
    }

    async fn store_imported_slips(
        &self,
        desk: &FieldDesk,
        instrument: &InstrumentRecord,
        slips: Vec<(i64, Date, String, Answers)>,
    ) -> Result<PaperImport> {
        let app = self.app();
        let mut batches: HashMap<(i64, Date), i64> = HashMap::new();
        let mut responses = Vec::with_capacity(slips.len());
        for (point, day, serial, answers) in slips {
            let batch = match batches.get(&(point, day)) {
                Some(id) => *id,
                None => {
                    let new = NewPaperBatch {
                        campaign_id: desk.campaign.id,
                        point_id: point,
                        day,
                        clerk_id: self.user().id,
                        source: PaperSource::Import,
                    };
                    let id = app.store().create_paper_batch(new, app.now()).await?;
                    batches.insert((point, day), id);
                    id
                }
            };
            responses.push(self.paper_response(&desk.campaign, instrument, point, day, batch, &serial, answers));
        }
        let n = responses.len();
        let outcomes = app.store().ingest_many(responses).await?;
        let stored = outcomes.iter().filter(|o| **o == IngestOutcome::Stored).count();
        let detail = format!("{stored}/{n} phiếu giấy nhập từ tệp, {} lô", batches.len());
        self.audit("paper.import", desk.campaign.code.as_str(), detail).await?;
        if let Some(refusal) = outcomes.iter().find_map(|o| match o {
            IngestOutcome::Refused(r) => Some(*r),
            _ => None,
        }) {
            return Err(AppError::Conflict(refusal_message(refusal)));
        }
        Ok(PaperImport::Stored { slips: stored, batches: batches.len() })
    }

    #[allow(clippy::too_many_arguments)]
    fn paper_response(
        &self,
        campaign: &Campaign,
        instrument: &InstrumentRecord,
        point: i64,
        day: Date,
        batch: i64,
        serial: &str,
        answers: Answers,
    ) -> NewResponse {
        // A slip carries its day, not its hour: count it at noon of that day in Vietnam.
        let filled_at = day
            .to_datetime(Time::constant(12, 0, 0, 0))
            .to_zoned(domain::time::zone().clone())
            .map_or_else(|_| self.app().now(), |z| z.timestamp());
        NewResponse {
            client_id: paper_client_id(campaign.id, point, serial),
            campaign_id: campaign.id,
            point_id: point,
            instrument_id: instrument.id,
            channel: Channel::Paper,
            lang: Lang::Vi,
            issued_at: filled_at,
            submitted_at: filled_at,
            comment_level: instrument.instrument.comment_level(&answers),
            deltas: tally::deltas(&instrument.instrument, &answers),
            answers,
            paper: Some(PaperSlip {
                serial: serial.to_owned(),
                batch_id: batch,
                entered_by: self.user().id,
                entered_at: self.app().now(),
            }),
            integrity: Default::default(),
            verification: None,
            contact: None,
        }
    }
}

fn outside() -> &'static str {
    "điểm này không thuộc đợt khảo sát trong phạm vi của bạn"
}

/// Paper slips come from the campaign's days up to today (the desk's days).
fn check_paper_day(desk: &FieldDesk, day: Date) -> Result<()> {
    if desk.days.contains(&day) {
        Ok(())
    } else {
        Err(AppError::invalid(format!("ngày {day} không thuộc thời gian của đợt khảo sát (hoặc chưa tới)")))
    }
}

fn read_serial(pairs: &[(String, String)]) -> std::result::Result<String, String> {
    let raw = pairs.iter().find(|(k, _)| k == "_serial").map(|(_, v)| v.as_str()).unwrap_or_default();
    normalise_serial(raw)
}

fn normalise_serial(raw: &str) -> std::result::Result<String, String> {
    let serial = raw.trim().to_uppercase();
    if serial.is_empty() {
        return Err("chưa nhập số phiếu".into());
    }
    if serial.chars().count() > MAX_SERIAL_CHARS
        || !serial.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '/' | '.'))
    {
        return Err(format!(
            "số phiếu \"{}\" chỉ gồm chữ không dấu, chữ số và - / . (tối đa {MAX_SERIAL_CHARS} ký tự)",
            raw.trim().chars().take(MAX_SERIAL_CHARS + 5).collect::<String>()
        ));
    }
    Ok(serial)
}

/// The answers typed from a slip: levels as digits, blanks allowed, never an empty slip.
fn read_slip(instrument: &InstrumentRecord, pairs: &[(String, String)]) -> std::result::Result<Answers, String> {
    let answers = match answers::read_paper(&instrument.instrument, pairs) {
        Ok(answers) => answers,
        Err(Rejection::Malformed(m)) => return Err(m.message(Lang::Vi)),
        Err(Rejection::Incomplete { errors, .. }) => {
            let (item, error) = errors.into_iter().next().expect("an incomplete slip names a problem");
            return Err(format!("câu {item}: {}", error.message(Lang::Vi)));
        }
    };
    if answers.is_empty() {
        return Err("phiếu trống: chưa có câu trả lời nào".into());
    }
    Ok(answers)
}

fn differing_items(entry: &Answers, check: &Answers) -> Vec<String> {
    let codes: std::collections::BTreeSet<&String> = entry.0.keys().chain(check.0.keys()).collect();
    codes.into_iter().filter(|code| entry.0.get(*code) != check.0.get(*code)).cloned().collect()
}

fn duplicate(serial: &str) -> String {
    format!("phiếu số {serial} của điểm này đã được nhập trước đó")
}

fn refusal_message(refusal: Refusal) -> String {
    match refusal {
        Refusal::NotOpen(status) => format!("đợt khảo sát đang ở trạng thái \"{}\", không nhận phiếu", status.as_str()),
        Refusal::NotStarted => "ngày trên phiếu trước khi đợt khảo sát bắt đầu".into(),
        Refusal::Ended => "ngày trên phiếu sau khi đợt khảo sát kết thúc".into(),
    }
}
