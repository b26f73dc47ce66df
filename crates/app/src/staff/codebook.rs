//! The codebook of a responses export: what each column holds, in Vietnamese — the question's
//! wording, its scale and what every level means, and which levels count as satisfied — so a
//! researcher can read the file without the questionnaire beside it.

use domain::campaigns::Channel;
use domain::instruments::{Instrument, ItemKind, ScaleKind};
use domain::text::Lang;

use super::exports::{EXCLUDED_COLUMN, FIXED_COLUMNS, ResponseExport};

/// One column of the export, explained.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CodebookEntry {
    pub code: String,
    pub text: String,
    pub kind: &'static str,
    /// The factor (nhóm tiêu chí) a rating question belongs to.
    pub factor: String,
    pub scale: String,
    /// "1 = Rất không hài lòng; 2 = Không hài lòng; …".
    pub levels: String,
    /// "4, 5" where the item counts towards satisfaction; empty otherwise.
    pub satisfied: String,
}

impl ResponseExport {
    /// Every column of the export, in its order.
    pub fn codebook(&self) -> Vec<CodebookEntry> {
        let mut entries = codebook(self.instrument());
        if !self.view().leaves_out_excluded() {
            let levels = "0 = được tính; 1 = đã bị loại sau khi xem xét".to_owned();
            entries.push(fixed(EXCLUDED_COLUMN, "Phiếu bị loại khỏi kết quả sau khi xem xét", levels));
        }
        entries
    }
}

fn fixed(code: &str, text: &str, levels: String) -> CodebookEntry {
    CodebookEntry {
        code: code.to_owned(),
        text: text.to_owned(),
        kind: "Thông tin phiếu",
        factor: String::new(),
        scale: String::new(),
        levels,
        satisfied: String::new(),
    }
}

pub fn codebook(instrument: &Instrument) -> Vec<CodebookEntry> {
    let channels = Channel::ALL.iter().map(|c| format!("{} = {}", c.as_str(), c.label(Lang::Vi))).collect();
    let texts = [
        ("Số thứ tự của phiếu trong cơ sở dữ liệu", String::new()),
        ("Thời điểm gửi phiếu, giờ Việt Nam (UTC+7)", String::new()),
        ("Ngày trả lời, giờ Việt Nam", String::new()),
        ("Kênh trả lời", join(channels)),
        ("Ngôn ngữ của phiếu", "vi = Tiếng Việt; en = Tiếng Anh".to_owned()),
        ("Mã điểm tiếp nhận (bộ phận một cửa)", String::new()),
        ("Tên điểm tiếp nhận", String::new()),
    ];
    let mut entries: Vec<CodebookEntry> =
        FIXED_COLUMNS.iter().zip(texts).map(|(code, (text, levels))| fixed(code, text, levels)).collect();
    for item in instrument.items() {
        let scale = instrument.scale_of(item);
        let counts = item.kind == ItemKind::Rating;
        entries.push(CodebookEntry {
            code: item.code.clone(),
            text: item.text.vi.clone(),
            kind: match item.kind {
                ItemKind::Rating => "Câu hỏi đánh giá (ô trống: không trả lời, không phải 0)",
                ItemKind::Choice => "Thông tin người trả lời (chọn một)",
                ItemKind::Text => "Ý kiến, văn bản tự do",
            },
            factor: item.factor.as_deref().and_then(|f| instrument.factor(f)).map(|f| f.vi.clone()).unwrap_or_default(),
            scale: scale
                .map(|s| {
                    let kind = match s.kind {
                        ScaleKind::Ordinal => "thứ bậc",
                        ScaleKind::Nominal => "định danh",
                    };
                    format!("{} ({kind}, {} mức)", s.code, s.levels.len())
                })
                .unwrap_or_default(),
            levels: scale
                .map(|s| join(s.levels.iter().map(|l| format!("{} = {}", l.value, l.vi)).collect()))
                .unwrap_or_default(),
            satisfied: scale
                .filter(|s| counts && !s.satisfied.is_empty())
                .map(|s| {
                    let values: Vec<String> = s.satisfied.iter().map(u8::to_string).collect();
                    let names: Vec<&str> =
                        s.levels.iter().filter(|l| s.is_satisfied(l.value)).map(|l| l.vi.as_str()).collect();
                    format!("{} ({})", values.join(", "), names.join(", "))
                })
                .unwrap_or_default(),
        });
    }
    entries
}

fn join(parts: Vec<String>) -> String {
    parts.join("; ")
}
