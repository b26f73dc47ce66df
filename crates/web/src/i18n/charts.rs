//! The words of the results charts (on the page and in the PDF report) and the report's link.
//! Vietnamese first.

use domain::text::Lang;

#[derive(Debug)]
pub struct ChartWords {
    pub heading: &'static str,
    pub ranking_title: &'static str,
    pub ranking_summary: &'static str,
    pub small_heading: &'static str,
    pub factors_title: &'static str,
    pub factors_summary: &'static str,
    pub daily_title: &'static str,
    pub daily_summary: &'static str,
    pub daily_note: &'static str,
    pub levels_title: &'static str,
    pub levels_summary: &'static str,
    pub tables_note: &'static str,
    pub report_pdf: &'static str,
}

static CHARTS_VI: ChartWords = ChartWords {
    heading: "Biểu đồ",
    ranking_title: "Tỷ lệ hài lòng của các đơn vị trực thuộc",
    ranking_summary: "Thanh ngang: tỷ lệ hài lòng chung; vạch đen: khoảng tin cậy Wilson 95%; đơn vị dưới 30 phiếu vẽ riêng ở cuối, có gạch chéo, không xếp hạng.",
    small_heading: "Chưa đủ dữ liệu (dưới 30 phiếu) — không xếp hạng",
    factors_title: "Tỷ lệ hài lòng theo nhóm tiêu chí",
    factors_summary: "Tỷ lệ hài lòng gộp các câu hỏi của mỗi nhóm tiêu chí, vạch đen là khoảng tin cậy Wilson 95%.",
    daily_title: "Số phiếu theo ngày",
    daily_summary: "Số phiếu nhận được mỗi ngày của đợt khảo sát.",
    daily_note: "Biểu đồ đếm số phiếu mỗi ngày. Số liệu được cộng dồn theo điểm và câu hỏi, không theo ngày, nên không có tỷ lệ hài lòng của từng ngày.",
    levels_title: "Phân bố mức trả lời theo câu hỏi",
    levels_summary: "Mỗi thanh là toàn bộ câu trả lời hợp lệ của một câu hỏi, chia theo mức từ thấp (nhạt) đến cao (đậm), ghi tỷ lệ từng mức.",
    tables_note: "Số liệu của các biểu đồ có trong các bảng bên dưới.",
    report_pdf: "Báo cáo PDF",
};

static CHARTS_EN: ChartWords = ChartWords {
    heading: "Charts",
    ranking_title: "Satisfaction of the units below",
    ranking_summary: "Bars: overall % satisfied; black whiskers: Wilson 95% interval; units under 30 responses drawn apart at the end, hatched, not ranked.",
    small_heading: "Not enough data (under 30 responses) — not ranked",
    factors_title: "Satisfaction by factor",
    factors_summary: "% satisfied pooled over each factor's questions; black whiskers: Wilson 95% interval.",
    daily_title: "Responses per day",
    daily_summary: "Responses received on each day of the campaign.",
    daily_note: "The chart counts responses per day. Answers are tallied per point and question, not per day, so there is no % satisfied per day.",
    levels_title: "Answers by level, per question",
    levels_summary: "Each bar is all valid answers to one question, split by level from low (light) to high (dark), each level's share written on it.",
    tables_note: "The tables below hold the charts' figures.",
    report_pdf: "PDF report",
};

pub fn charts(lang: Lang) -> &'static ChartWords {
    match lang {
        Lang::Vi => &CHARTS_VI,
        Lang::En => &CHARTS_EN,
    }
}
