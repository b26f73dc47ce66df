//! The words of the exports page: long exports of raw responses written in the background,
//! their progress and their download links. Vietnamese first.

use domain::text::Lang;

#[derive(Debug)]
pub struct ExportWords {
    pub title: &'static str,
    pub lead: &'static str,
    pub large: &'static str,
    pub responses_in_scope: &'static str,
    pub start_csv: &'static str,
    pub start_xlsx: &'static str,
    pub started: &'static str,
    pub none: &'static str,
    pub campaign: &'static str,
    pub format: &'static str,
    pub requested: &'static str,
    pub status: &'static str,
    pub rows: &'static str,
    pub file: &'static str,
    pub queued: &'static str,
    pub running: &'static str,
    pub done: &'static str,
    pub failed: &'static str,
    pub expired: &'static str,
    pub download: &'static str,
    pub expires: &'static str,
    pub refreshing: &'static str,
    pub kept: &'static str,
    pub nav: &'static str,
}

pub static EXPORTS_VI: ExportWords = ExportWords {
    title: "Tệp xuất dữ liệu",
    lead: "Tệp phiếu trả lời của đợt khảo sát lớn được tạo ở chế độ chạy nền: trang này tự cập nhật tiến độ, khi xong có nút tải về.",
    large: "Đợt khảo sát này có nhiều phiếu trong phạm vi của bạn, nên tệp được tạo ở chế độ chạy nền thay vì tải ngay.",
    responses_in_scope: "Số phiếu trong phạm vi",
    start_csv: "Tạo tệp CSV",
    start_xlsx: "Tạo tệp XLSX",
    started: "Đã bắt đầu tạo tệp.",
    none: "Bạn chưa tạo tệp nào.",
    campaign: "Đợt khảo sát",
    format: "Định dạng",
    requested: "Yêu cầu lúc",
    status: "Trạng thái",
    rows: "Số dòng",
    file: "Tệp",
    queued: "Đang chờ",
    running: "Đang tạo",
    done: "Đã xong",
    failed: "Lỗi",
    expired: "Đã hết hạn, đã xóa",
    download: "Tải về",
    expires: "hết hạn lúc",
    refreshing: "Trang tự tải lại sau vài giây cho đến khi mọi tệp xong.",
    kept: "Tệp được giữ 24 giờ rồi tự xóa. Chỉ người tạo tệp tải được tệp, và mỗi lần tạo, tải đều được ghi vào nhật ký thao tác.",
    nav: "Tệp xuất",
};

pub static EXPORTS_EN: ExportWords = ExportWords {
    title: "Data exports",
    lead: "Response files of large campaigns are written in the background: this page follows their progress and offers a download when they are done.",
    large: "This campaign has many responses in your scope, so its file is written in the background instead of downloading at once.",
    responses_in_scope: "Responses in scope",
    start_csv: "Make a CSV file",
    start_xlsx: "Make an XLSX file",
    started: "The file is being made.",
    none: "You have not made any file yet.",
    campaign: "Campaign",
    format: "Format",
    requested: "Requested",
    status: "Status",
    rows: "Rows",
    file: "File",
    queued: "Waiting",
    running: "Being written",
    done: "Done",
    failed: "Failed",
    expired: "Expired, deleted",
    download: "Download",
    expires: "expires",
    refreshing: "The page reloads every few seconds until every file is done.",
    kept: "Files are kept for 24 hours, then deleted. Only whoever made a file can download it, and every file made or downloaded is recorded in the audit log.",
    nav: "Exports",
};

pub fn exports(lang: Lang) -> &'static ExportWords {
    match lang {
        Lang::Vi => &EXPORTS_VI,
        Lang::En => &EXPORTS_EN,
    }
}
