//! Verification codes of a campaign, for organisers: whether the form asks for one, batches of
//! codes generated per point (to print on receipts and queue tickets) or imported from the
//! one-stop software (dossier codes), their downloads, and what was issued, used and verified
//! per point. Codes are claimed when a response is stored (store's writers).

use std::collections::{BTreeMap, HashMap, HashSet};

use domain::access::Permission;
use domain::campaigns::{Campaign, CampaignStatus};
use domain::text::{Lang, spreadsheet_safe};
use domain::units::Unit;
use domain::verification::VerificationCode;
use jiff::Timestamp;
use store::{CodeBatchKind, IssuedCode, NewCodeBatch, PointCodeCounts};

use super::Staff;
use super::field::LineError;
use crate::tables::{TableError, read_table};
use crate::{AppError, Result};

/// Most codes one generation makes: a point's tickets for a long campaign.
pub const MAX_GENERATED: usize = 5000;

/// A campaign's codes as the codes page shows them, over the points inside the scope.
#[derive(Debug, Clone)]
pub struct CodesDesk {
    pub campaign: Campaign,
    /// Whether the campaign's form asks for a code.
    pub enabled: bool,
    pub points: Vec<Unit>,
    /// Per point inside the scope that has codes or verified responses, in the points' order.
    pub counts: Vec<(Unit, PointCodeCounts)>,
    pub batches: Vec<CodeBatch>,
}

/// A batch as listed: its parts at points inside the scope, summed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CodeBatch {
    pub id: i64,
    pub kind: CodeBatchKind,
    pub label: String,
    pub created_by: Option<String>,
    pub created_at: Timestamp,
    pub points: Vec<String>,
    pub codes: i64,
    pub used: i64,
}

#[derive(Debug, Clone)]
pub enum CodeImport {
    /// Every line was valid and the codes are stored as one batch.
    Stored { batch: i64, codes: usize },
    /// Nothing stored: the file could not be read, or these lines are wrong.
    Refused { file: Option<TableError>, lines: Vec<LineError> },
}

/// A batch's codes inside the scope, ready to print or download.
#[derive(Debug, Clone)]
pub struct CodeSheet {
    pub campaign: Campaign,
    pub batch: i64,
    pub rows: Vec<CodeSheetRow>,
}

#[derive(Debug, Clone)]
pub struct CodeSheetRow {
    pub point: Unit,
    /// The point's current QR token; none when its code was withdrawn.
    pub token: Option<String>,
    pub code: IssuedCode,
}

impl CodeSheetRow {
    /// The form address that opens with this code filled in, under `base` (the public URL).
    pub fn link(&self, base: &str) -> Option<String> {
        self.token.as_ref().map(|token| format!("{base}/q/{token}?code={}", self.code.code.display()))
    }
}

impl CodeSheet {
    /// The sheet as CSV (UTF-8 with a byte-order mark, as the response export): point code,
    /// point name, code, link. Names pass through the spreadsheet guard.
    pub fn to_csv(&self, base: &str) -> Result<Vec<u8>> {
        let mut out = csv::WriterBuilder::new().from_writer(b"\xEF\xBB\xBF".to_vec());
        let failed = |e: csv::Error| AppError::invalid(format!("không ghi được tệp CSV: {e}"));
        out.write_record(["ma_diem", "ten_diem", "ma_xac_thuc", "duong_dan"]).map_err(failed)?;
        for row in &self.rows {
            let link = row.link(base).unwrap_or_default();
            let record = [
                spreadsheet_safe(row.point.code.as_str()).into_owned(),
                spreadsheet_safe(&row.point.name).into_owned(),
                row.code.code.display(),
                link,
            ];
            out.write_record(&record).map_err(failed)?;
        }
        out.into_inner().map_err(|e| AppError::invalid(e.to_string()))
    }

    /// `pks05-2024-ma-xac-thuc-lo-3`: ASCII, for a download's file name.
    pub fn file_stem(&self) -> String {
        format!("{}-ma-xac-thuc-lo-{}", self.campaign.code, self.batch)
    }
}

impl Staff {
    /// The codes page of a campaign.
    pub async fn codes_desk(&self, code: &str) -> Result<CodesDesk> {
        let (campaign, points) = self.code_points(code).await?;
        let store = self.app().store();
        let enabled = store.campaign_verification(campaign.id).await?;
        let mut counts: HashMap<i64, PointCodeCounts> =
            store.code_counts(campaign.id).await?.into_iter().map(|c| (c.point_id, c)).collect();
        let counts = points.iter().filter_map(|p| counts.remove(&p.id).map(|c| (p.clone(), c))).collect();
        let names: HashMap<i64, &Unit> = points.iter().map(|p| (p.id, p)).collect();
        let mut batches: BTreeMap<std::cmp::Reverse<i64>, CodeBatch> = BTreeMap::new();
        for part in store.code_batches(campaign.id).await? {
            let Some(point) = names.get(&part.point_id) else { continue };
            let batch = batches.entry(std::cmp::Reverse(part.batch_id)).or_insert_with(|| CodeBatch {
                id: part.batch_id,
                kind: part.kind,
                label: part.label.clone(),
                created_by: part.created_by.clone(),
                created_at: part.created_at,
                points: Vec::new(),
                codes: 0,
                used: 0,
            });
            batch.points.push(point.name.clone());
            batch.codes += part.codes;
            batch.used += part.used;
        }
        Ok(CodesDesk { campaign, enabled, points, counts, batches: batches.into_values().collect() })
    }

    /// Whether the campaign's form asks for a code, for its edit form.
    pub async fn verification_setting(&self, code: &str) -> Result<bool> {
        let campaign = self.manageable_campaign(code).await?;
        Ok(self.app().store().campaign_verification(campaign.id).await?)
    }

    /// Turns the code field of the campaign's form on or off; returns whether it changed (an
    /// unchanged setting is not written or audited).
    pub async fn set_verification(&self, code: &str, enabled: bool) -> Result<bool> {
        let campaign = self.manageable_campaign(code).await?;
        if campaign.status == CampaignStatus::Archived {
            return Err(AppError::invalid("đợt khảo sát đã lưu trữ không sửa được"));
        }
        let store = self.app().store();
        if store.campaign_verification(campaign.id).await? == enabled {
            return Ok(false);
        }
        store.set_campaign_verification(campaign.id, enabled, self.app().now()).await?;
        let detail = if enabled { "bật xác thực bằng mã" } else { "tắt xác thực bằng mã" };
        self.audit("campaign.verification", campaign.code.as_str(), detail).await?;
        Ok(true)
    }

    /// Draws `count` fresh codes for one point of the campaign and stores them as one batch.
    pub async fn generate_codes(&self, code: &str, point: &str, count: &str) -> Result<(i64, usize)> {
        let (campaign, points) = self.code_points(code).await?;
        let point =
            point.trim().parse::<i64>().ok().and_then(|id| points.iter().find(|p| p.id == id)).ok_or_else(|| {
                AppError::invalid("hãy chọn một điểm tiếp nhận của đợt khảo sát trong phạm vi của bạn")
            })?;
        let count = count
            .trim()
            .parse::<usize>()
            .ok()
            .filter(|n| (1..=MAX_GENERATED).contains(n))
            .ok_or_else(|| AppError::invalid(format!("số mã phải là số nguyên từ 1 đến {MAX_GENERATED}")))?;
        let codes = self.fresh_codes(&campaign, count).await?;
        let batch = NewCodeBatch {
            campaign_id: campaign.id,
            kind: CodeBatchKind::Generated,
            label: format!("{} mã cho {}", count, point.name),
            created_by: Some(self.user().id),
            codes: codes.into_iter().map(|c| (point.id, c)).collect(),
        };
        let id = self.app().store().create_code_batch(batch, self.app().now()).await?;
        self.audit("codes.generate", campaign.code.as_str(), format!("lô {id}: {count} mã cho {}", point.code)).await?;
        Ok((id, count))
    }

    /// Codes unlike each other and every code the campaign has: a repeat among 31⁸ is rare but
    /// possible in a large campaign, and would make two slips share one code.
    async fn fresh_codes(&self, campaign: &Campaign, count: usize) -> Result<Vec<VerificationCode>> {
        let mut codes: Vec<VerificationCode> = Vec::with_capacity(count);
        let mut seen = HashSet::new();
        for _ in 0..4 {
            while codes.len() < count {
                let code = VerificationCode::generate();
                if seen.insert(code.clone()) {
                    codes.push(code);
                }
            }
            let taken: HashSet<String> = self
                .app()
                .store()
                .existing_codes(campaign.id, codes.iter().map(|c| c.as_str().to_owned()).collect())
                .await?
                .into_iter()
                .collect();
            if taken.is_empty() {
                return Ok(codes);
            }
            codes.retain(|c| !taken.contains(c.as_str()));
        }
        Err(AppError::Conflict("không tạo được đủ mã mới; hãy thử lại".into()))
    }

    /// Imports dossier codes (or any codes) from a CSV or XLSX file with a column for the
    /// point's code and one for the code. Every line is checked before anything is stored.
    pub async fn import_codes(&self, code: &str, file_name: &str, bytes: &[u8]) -> Result<CodeImport> {
        let (campaign, points) = self.code_points(code).await?;
        let table = match read_table(bytes) {
            Ok(table) => table,
            Err(e) => return Ok(CodeImport::Refused { file: Some(e), lines: vec![] }),
        };
        let (Some(point_col), Some(code_col)) = (
            table.column(&["ma diem", "ma don vi", "point", "point code"]),
            table.column(&["ma ho so", "ma xac thuc", "ma", "code", "dossier"]),
        ) else {
            let message = "thiếu cột: cần có \"Mã điểm\" và \"Mã hồ sơ\"".to_owned();
            return Ok(CodeImport::Refused { file: None, lines: vec![LineError { line: 1, message }] });
        };
        let by_code: HashMap<&str, &Unit> = points.iter().map(|p| (p.code.as_str(), p)).collect();
        let mut codes = Vec::new();
        let mut lines = Vec::new();
        let mut first_line: HashMap<VerificationCode, usize> = HashMap::new();
        for (line, cells) in &table.rows {
            let cell = |i: usize| cells.get(i).map(String::as_str).unwrap_or_default();
            let mut fail = |message: String| lines.push(LineError { line: *line, message });
            let Some(point) = by_code.get(cell(point_col)) else {
                fail(format!("mã điểm \"{}\" không thuộc đợt khảo sát trong phạm vi của bạn", cell(point_col)));
                continue;
            };
            let parsed = match VerificationCode::parse(cell(code_col)) {
                Ok(parsed) => parsed,
                Err(problem) => {
                    fail(format!("mã \"{}\": {}", cell(code_col), problem.message(Lang::Vi)));
                    continue;
                }
            };
            if let Some(first) = first_line.get(&parsed) {
                fail(format!("mã \"{}\" trùng với dòng {first}", cell(code_col)));
                continue;
            }
            first_line.insert(parsed.clone(), *line);
            codes.push((*line, point.id, parsed));
        }
        let stored = codes.iter().map(|(_, _, c)| c.as_str().to_owned()).collect();
        let taken: HashSet<String> =
            self.app().store().existing_codes(campaign.id, stored).await?.into_iter().collect();
        for (line, _, c) in codes.iter().filter(|(_, _, c)| taken.contains(c.as_str())) {
            lines.push(LineError { line: *line, message: format!("mã \"{c}\" đã có trong đợt khảo sát") });
        }
        if codes.is_empty() && lines.is_empty() {
            lines.push(LineError { line: 1, message: "tệp không có dòng mã nào".into() });
        }
        if !lines.is_empty() {
            lines.sort_by_key(|e| e.line);
            return Ok(CodeImport::Refused { file: None, lines });
        }
        let count = codes.len();
        let label: String = file_name.chars().filter(|c| !c.is_control()).take(120).collect();
        let batch = NewCodeBatch {
            campaign_id: campaign.id,
            kind: CodeBatchKind::Imported,
            label: if label.trim().is_empty() { "tệp nhập".into() } else { label },
            created_by: Some(self.user().id),
            codes: codes.into_iter().map(|(_, point, c)| (point, c)).collect(),
        };
        let id = match self.app().store().create_code_batch(batch, self.app().now()).await {
            Ok(id) => id,
            Err(e) if e.is_conflict() => {
                return Err(AppError::Conflict("mã vừa được thêm bởi người khác; hãy nhập lại".into()));
            }
            Err(e) => return Err(e.into()),
        };
        self.audit("codes.import", campaign.code.as_str(), format!("lô {id}: {count} mã từ {file_name}")).await?;
        Ok(CodeImport::Stored { batch: id, codes: count })
    }

    /// A batch's codes at points inside the scope, with each point's QR token; audited, as
    /// codes are what makes a response count as verified. `format` names the download.
    pub async fn code_sheet(&self, code: &str, batch: i64, format: &str) -> Result<CodeSheet> {
        let (campaign, points) = self.code_points(code).await?;
        let store = self.app().store();
        let by_id: HashMap<i64, &Unit> = points.iter().map(|p| (p.id, p)).collect();
        let codes: Vec<IssuedCode> = store
            .batch_codes(campaign.id, batch)
            .await?
            .into_iter()
            .filter(|c| by_id.contains_key(&c.point_id))
            .collect();
        if codes.is_empty() {
            return Err(AppError::NotFound("lô mã này trong phạm vi của bạn".into()));
        }
        let ids: Vec<i64> = codes.iter().map(|c| c.point_id).collect::<HashSet<_>>().into_iter().collect();
        let tokens: HashMap<i64, String> = store.current_tokens(ids).await?.into_iter().collect();
        let rows = codes
            .into_iter()
            .map(|c| CodeSheetRow {
                point: by_id[&c.point_id].clone(),
                token: tokens.get(&c.point_id).cloned(),
                code: c,
            })
            .collect::<Vec<_>>();
        self.audit("codes.download", campaign.code.as_str(), format!("lô {batch}: {} mã, {format}", rows.len()))
            .await?;
        Ok(CodeSheet { campaign, batch, rows })
    }

    /// The campaign (visible to a user who manages campaigns) and its points inside the scope,
    /// by code.
    async fn code_points(&self, code: &str) -> Result<(Campaign, Vec<Unit>)> {
        self.require(Permission::ManageCampaigns)?;
        let campaign = self.visible_campaign(code).await?;
        let mut points = self.app().store().campaign_points(campaign.id).await?;
        points.retain(|p| self.scope().contains(p.id));
        points.sort_by(|a, b| a.code.cmp(&b.code));
        Ok((campaign, points))
    }
}
