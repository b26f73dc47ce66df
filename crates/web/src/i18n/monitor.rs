//! The words of the live campaign monitor, Vietnamese first.

use domain::text::Lang;

#[derive(Debug)]
pub struct MonitorWords {
    pub title: &'static str,

    pub refresh: &'static str,
    pub show_all: &'static str,
    pub limited: &'static str,
    pub quota_rule: &'static str,
    pub today: &'static str,
    pub total: &'static str,
    pub without_responses: &'static str,
    pub without_report: &'static str,
    pub report_today: &'static str,
    pub reported_yes: &'static str,
    pub reported_no: &'static str,
    pub flagged: &'static str,
    pub flagged_responses: &'static str,
    pub updated_at: &'static str,
    pub visitors: &'static str,
    pub quota: &'static str,
    pub flags: &'static str,
    pub quota_no_data: &'static str,
    pub quota_under: &'static str,
    pub quota_within: &'static str,
    pub quota_over: &'static str,
    pub flag_perfect: &'static str,
    pub flag_more_than_visitors: &'static str,
    pub flag_burst: &'static str,
    pub note: &'static str,
}

pub static MONITOR_VI: MonitorWords = MonitorWords {
    title: "Theo dõi trực tiếp",

    refresh: "Làm mới",
    show_all: "Xem tất cả điểm",
    limited: "đang hiện các điểm cần chú ý",
    quota_rule: "Quy định số phiếu",
    today: "Hôm nay",
    total: "Tổng số phiếu",
    without_responses: "Điểm chưa có phiếu",
    without_report: "Điểm chưa báo cáo hôm nay",
    report_today: "Báo cáo hôm nay",
    reported_yes: "đã gửi",
    reported_no: "chưa gửi",
    flagged: "Điểm cần kiểm tra",
    flagged_responses: "Phiếu bị gắn cờ",
    updated_at: "Cập nhật lúc",
    visitors: "Lượt giao dịch",
    quota: "Số phiếu so với quy định",
    flags: "Dấu hiệu bất thường",
    quota_no_data: "chưa có số lượt",
    quota_under: "thiếu",
    quota_within: "đạt",
    quota_over: "vượt",
    flag_perfect: "100% hài lòng trên dưới 30 phiếu",
    flag_more_than_visitors: "nhiều phiếu hơn lượt giao dịch",
    flag_burst: "tăng đột biến hôm nay",
    note: "Trang tự cập nhật mỗi 15 giây. Số lượt giao dịch do cán bộ một cửa nhập hằng ngày; khi chưa có, quy định số phiếu chưa đánh giá được. Phiếu bị gắn cờ (cùng thiết bị gửi lại, dồn dập từ một mạng, gửi quá nhanh…) vẫn được lưu và chờ xem xét.",
};

pub static MONITOR_EN: MonitorWords = MonitorWords {
    title: "Live monitor",

    refresh: "Refresh",
    show_all: "Show every point",
    limited: "showing the points that need attention",
    quota_rule: "Quota rule",
    today: "Today",
    total: "Responses",
    without_responses: "Points without responses",
    without_report: "Points without today's report",
    report_today: "Today's field report",
    reported_yes: "filed",
    reported_no: "not yet",
    flagged: "Points to check",
    flagged_responses: "Flagged answers",
    updated_at: "Updated at",
    visitors: "Visitors",
    quota: "Against the quota",
    flags: "Looks implausible",
    quota_no_data: "no visitor count",
    quota_under: "under",
    quota_within: "within",
    quota_over: "over",
    flag_perfect: "100% satisfied on under 30 responses",
    flag_more_than_visitors: "more responses than visitors",
    flag_burst: "burst today",
    note: "The page refreshes itself every 15 seconds. Visitor counts are entered daily by each desk; until they are, the quota rule cannot be judged. Flagged answers (the same device again, a burst from one network, sent too fast…) are stored and wait for review.",
};

pub fn monitor(lang: Lang) -> &'static MonitorWords {
    match lang {
        Lang::Vi => &MONITOR_VI,
        Lang::En => &MONITOR_EN,
    }
}
