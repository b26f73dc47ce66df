//! The words of the breakdown page (results by channel, day, field of procedure and respondent
//! fields) and its link row on the results page. Vietnamese first.

use domain::text::Lang;

#[derive(Debug)]
pub struct BreakdownWords {
    pub title: &'static str,
    pub link_row: &'static str,
    pub lead: &'static str,
    pub by: &'static str,
    pub by_field: &'static str,
    pub value: &'static str,
    pub pooled: &'static str,
    pub share_of_responses: &'static str,
    pub small_n: &'static str,
    pub none: &'static str,
    pub method: &'static str,
    pub back: &'static str,
}

pub static BREAKDOWN_VI: BreakdownWords = BreakdownWords {
    title: "Phân tổ kết quả",
    link_row: "Phân tổ theo",
    lead: "Mỗi dòng là các phiếu có cùng một giá trị: số phiếu, tỷ lệ hài lòng gộp mọi câu hỏi (khoảng tin cậy Wilson 95%) và chỉ số từng nhóm tiêu chí.",
    by: "Phân tổ theo",
    by_field: "Lĩnh vực thủ tục",
    value: "Giá trị",
    pooled: "Hài lòng (gộp các câu)",
    share_of_responses: "Tỷ trọng phiếu",
    small_n: "Dòng dưới 30 phiếu hiển thị \"chưa đủ dữ liệu\" thay cho tỷ lệ; số phiếu và số câu trả lời vẫn được nêu.",
    none: "Chưa có phiếu nào trong phạm vi này.",
    method: "Đếm lại từ các phiếu đã lưu (một lượt đọc, lưu tạm cho đến khi có phiếu mới); tổng các dòng bằng kết quả của đợt.",
    back: "← Kết quả của đợt",
};

pub static BREAKDOWN_EN: BreakdownWords = BreakdownWords {
    title: "Results broken down",
    link_row: "Break down by",
    lead: "Each row is the responses sharing one value: how many, % satisfied pooled over every question (Wilson 95% interval) and each factor's index.",
    by: "Break down by",
    by_field: "Field of procedure",
    value: "Value",
    pooled: "Satisfied (all questions)",
    share_of_responses: "Share of responses",
    small_n: "Rows with fewer than 30 responses show \"not enough data\" instead of a share; their counts are still given.",
    none: "No responses in this scope yet.",
    method: "Recounted from the stored responses (one pass, kept until a new response arrives); the rows add up to the campaign's results.",
    back: "← The campaign's results",
};

pub fn breakdown(lang: Lang) -> &'static BreakdownWords {
    match lang {
        Lang::Vi => &BREAKDOWN_VI,
        Lang::En => &BREAKDOWN_EN,
    }
}
