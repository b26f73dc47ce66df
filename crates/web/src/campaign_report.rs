//! The campaign report in Vietnamese, as the documents crate lays it out: a cover, then the
//! method (questionnaire, scale, formulas, the small-sample rule, which responses count), the
//! overall figures, the ranking, factors and questions with their charts, responses per day,
//! a summary of citizens' comments and compliance with the quota rule. Every figure is the
//! results page's; every text from data (unit names, comments) is printed as it is.

use app::staff::{CampaignReport, QuotaPoint};
use documents::report::{Block, Column, Report, Table};
use domain::indices::Figure;
use domain::quota::QuotaStatus;
use domain::results::View;
use domain::text::Lang;

use crate::charts;
use crate::pages::results::ranking;
use crate::pages::staff::{MIN_N, count, decimal, window_text};

/// Bars per ranking chart: a long ranking is split so every part fits a page at a size that
/// reads.
const BARS_PER_CHART: usize = 18;
const NO_DATA: &str = "chưa đủ dữ liệu";
const LANG: Lang = Lang::Vi;

pub fn report(data: &CampaignReport) -> Report {
    let r = &data.results;
    let scope = match &r.focus {
        Some(unit) => {
            let mut path: Vec<&str> = r.ancestors.iter().rev().map(|u| u.name.as_str()).collect();
            path.insert(0, unit.name.as_str());
            path.join(", ")
        }
        None => "Toàn bộ các điểm của đợt khảo sát".to_owned(),
    };
    let instrument = &r.instrument.instrument;
    let t = crate::i18n::staff(LANG);
    let facts = vec![
        ("Đợt khảo sát".to_owned(), format!("{} ({})", r.campaign.name, r.campaign.code)),
        ("Phạm vi".to_owned(), scope.clone()),
        (
            "Mẫu phiếu".to_owned(),
            format!("{} v{} — {}", instrument.code(), instrument.version(), instrument.title(LANG)),
        ),
        ("Thời gian".to_owned(), window_text(&r.campaign.window, t)),
        ("Trạng thái".to_owned(), r.campaign.status.label(LANG).to_owned()),
        ("Số điểm tiếp nhận".to_owned(), count(r.points.len() as i64)),
        ("Số phiếu".to_owned(), count(r.responses)),
        ("Tính trên".to_owned(), r.view.label(LANG).to_owned()),
        ("Số liệu tính đến".to_owned(), domain::time::format_instant_vi(data.at)),
    ];
    let mut blocks = Vec::new();
    method(&mut blocks, data);
    overall(&mut blocks, data);
    ranking_section(&mut blocks, data);
    factors(&mut blocks, data);
    questions(&mut blocks, data);
    days(&mut blocks, data);
    comments(&mut blocks, data);
    quota(&mut blocks, data);
    Report {
        title: "Báo cáo kết quả khảo sát sự hài lòng".to_owned(),
        subtitle: format!("{} — {scope} — {}", r.campaign.name, r.view.label(LANG).to_lowercase()),
        facts,
        footer: format!("Hài Lòng · {} · {scope}", r.campaign.code),
        blocks,
    }
}

/// `<campaign>[-<unit>]-bao-cao[-tat-ca].pdf`, ASCII.
pub fn file_name(data: &CampaignReport) -> String {
    let suffix = data.results.view.file_suffix();
    match &data.results.focus {
        Some(unit) => format!("{}-{}-bao-cao{suffix}.pdf", data.results.campaign.code, unit.code),
        None => format!("{}-bao-cao{suffix}.pdf", data.results.campaign.code),
    }
}

fn method(blocks: &mut Vec<Block>, data: &CampaignReport) {
    let instrument = &data.results.instrument.instrument;
    let ratings = instrument.rating_items().count();
    let factors = instrument.factors().len();
    blocks.push(Block::Heading("1. Phương pháp".into()));
    blocks.push(Block::Paragraph(format!(
        "Phiếu khảo sát {} phiên bản {} ({}) có {ratings} câu hỏi đánh giá{}{}.",
        instrument.code(),
        instrument.version(),
        instrument.title(LANG),
        if factors > 0 { format!(" thuộc {factors} nhóm tiêu chí") } else { String::new() },
        match instrument.overall_item() {
            Some(item) => format!(", trong đó câu \"{}\" là câu đánh giá chung", instrument.short_label(item, LANG)),
            None => String::new(),
        }
    )));
    if let Some(scale) = instrument.rating_items().next().and_then(|i| instrument.scale_of(i)) {
        let levels: Vec<String> = scale.levels.iter().map(|l| format!("{} = {}", l.value, l.vi)).collect();
        let satisfied: Vec<&str> =
            scale.levels.iter().filter(|l| scale.is_satisfied(l.value)).map(|l| l.vi.as_str()).collect();
        blocks.push(Block::Paragraph(format!(
            "Thang đo: {}. Được tính là hài lòng: {}.",
            levels.join("; "),
            satisfied.join(", ")
        )));
    }
    blocks.push(Block::Subheading("Cách tính".into()));
    blocks.push(Block::Bullets(vec![
        "item-satisfied: số câu trả lời ở mức hài lòng chia cho số câu trả lời hợp lệ của câu hỏi.".into(),
        "factor-pooled: như trên, gộp mọi câu hỏi của nhóm tiêu chí (con số của các biểu đồ và bảng nhóm tiêu chí)."
            .into(),
        "factor-mean-items: trung bình tỷ lệ của các câu hỏi trong nhóm, ghi bên cạnh để đối chiếu.".into(),
        "overall-question: tỷ lệ hài lòng của câu đánh giá chung, nếu phiếu có câu này.".into(),
        "overall-mean-factors: trung bình tỷ lệ hài lòng của các nhóm tiêu chí (cách tính SIPAS), khi phiếu không có câu chung."
            .into(),
        "Khoảng tin cậy 95% tính theo phương pháp Wilson, đúng cả khi mẫu nhỏ hoặc tỷ lệ gần 0% hay 100%.".into(),
    ]));
    blocks.push(Block::Subheading("Phiếu được tính".into()));
    let counted = match data.results.view {
        View::Counted => "trừ các phiếu cơ quan tổ chức đã loại sau khi xem xét phiếu bị gắn cờ",
        View::All => "kể cả các phiếu cơ quan tổ chức đã loại sau khi xem xét phiếu bị gắn cờ",
        View::Verified => {
            "chỉ gồm các phiếu gửi kèm mã một lần hợp lệ (mã trên phiếu hẹn hoặc mã hồ sơ), \
             mỗi mã một phiếu"
        }
    };
    blocks.push(Block::Paragraph(format!(
        "Mọi phiếu đã lưu của đợt tại các điểm tiếp nhận trong phạm vi báo cáo, qua mọi kênh (mã QR, máy tính bảng tại quầy, \
         phiếu giấy nhập lại), {counted}. Câu bỏ trống không vào mẫu số; câu không ai trả lời ghi \"{NO_DATA}\", không phải 0%. \
         Đơn vị có dưới {MIN_N} phiếu ghi \"{NO_DATA}\" và không được xếp hạng. Số liệu đọc từ bảng đếm được cập nhật \
         cùng lúc với mỗi phiếu lưu vào, tại thời điểm lập báo cáo."
    )));
}

fn overall(blocks: &mut Vec<Block>, data: &CampaignReport) {
    let r = &data.results;
    blocks.push(Block::Heading("2. Kết quả chung".into()));
    let pooled = r.satisfied;
    blocks.push(Block::Figures(vec![
        ("Số phiếu".into(), count(r.responses), format!("{} điểm tiếp nhận", count(r.points.len() as i64))),
        ("Tỷ lệ hài lòng chung".into(), percent(&r.indices.overall), basis(&r.indices.overall)),
        (
            "Hài lòng, gộp mọi câu hỏi".into(),
            pooled.percent().map_or_else(|| NO_DATA.to_owned(), |p| format!("{}%", decimal(p, 1))),
            format!(
                "{}/{} câu trả lời{} · {}",
                count(pooled.numerator as i64),
                count(pooled.denominator as i64),
                pooled.wilson95().map(|i| format!(" · KTC 95% {}", interval(Some(i)))).unwrap_or_default(),
                app::results::FORMULA
            ),
        ),
    ]));
}

fn ranking_section(blocks: &mut Vec<Block>, data: &CampaignReport) {
    let r = &data.results;
    if r.children.is_empty() {
        return;
    }
    blocks.push(Block::Heading("3. Xếp hạng các đơn vị trực thuộc".into()));
    let bars = charts::ranking_bars(r, LANG);
    for part in bars.chunks(BARS_PER_CHART) {
        blocks.push(Block::Chart(charts::ranking_part(part, LANG)));
    }
    blocks.push(Block::Note(crate::i18n::charts(LANG).ranking_summary.to_owned()));
    let (enough, few) = ranking(&r.children);
    let a = crate::i18n::admin(LANG);
    let rows = enough
        .iter()
        .enumerate()
        .map(|(i, c)| (format!("{}", i + 1), *c))
        .chain(few.iter().map(|c| ("—".to_owned(), *c)))
        .map(|(rank, c)| {
            let name = if c.own_desk { format!("{} ({})", c.unit.name, a.own_desk) } else { c.unit.name.clone() };
            let small = rank == "—";
            vec![
                rank,
                name,
                c.unit.code.to_string(),
                count(c.responses),
                if small { NO_DATA.to_owned() } else { percent(&c.indices.overall) },
                interval(c.indices.overall.interval),
                basis(&c.indices.overall),
            ]
        })
        .collect();
    blocks.push(Block::Table(Table {
        columns: vec![
            Column::number("Hạng", 1.0),
            Column::text("Đơn vị", 3.7),
            Column::text("Mã", 1.0),
            Column::number("Số phiếu", 1.1),
            Column::number("Tỷ lệ hài lòng", 1.4),
            Column::number("KTC 95%", 1.6),
            Column::text("Tử số/mẫu số · công thức", 2.4),
        ],
        rows,
    }));
}

fn factors(blocks: &mut Vec<Block>, data: &CampaignReport) {
    let r = &data.results;
    if r.indices.factors.is_empty() {
        return;
    }
    let instrument = &r.instrument.instrument;
    blocks.push(Block::Heading("4. Nhóm tiêu chí".into()));
    if let Some(chart) = charts::factor_chart(r, LANG) {
        blocks.push(Block::Chart(chart));
    }
    let rows = r
        .indices
        .factors
        .iter()
        .map(|f| {
            vec![
                instrument.factor(&f.code).map_or_else(|| f.code.clone(), |d| d.vi.clone()),
                percent(&f.pooled),
                interval(f.pooled.interval),
                basis(&f.pooled),
                percent(&f.mean_of_items),
            ]
        })
        .collect();
    blocks.push(Block::Table(Table {
        columns: vec![
            Column::text("Nhóm tiêu chí", 3.5),
            Column::number("Hài lòng (gộp)", 1.4),
            Column::number("KTC 95%", 1.6),
            Column::text("Tử số/mẫu số · công thức", 2.4),
            Column::number("TB các câu", 1.2),
        ],
        rows,
    }));
}

fn questions(blocks: &mut Vec<Block>, data: &CampaignReport) {
    let r = &data.results;
    let instrument = &r.instrument.instrument;
    blocks.push(Block::Heading("5. Câu hỏi".into()));
    if let Some(chart) = charts::levels_chart(r, LANG) {
        blocks.push(Block::Chart(chart));
    }
    let rows = r
        .indices
        .items
        .iter()
        .map(|i| {
            let label =
                instrument.item(&i.code).map_or_else(|| i.code.clone(), |d| instrument.short_label(d, LANG).to_owned());
            vec![
                format!("{label} ({})", i.code),
                count(i.satisfied.denominator as i64),
                percent(&i.satisfied),
                interval(i.satisfied.interval),
                i.mean.map_or_else(|| "—".into(), |m| decimal(m, 2)),
            ]
        })
        .collect();
    blocks.push(Block::Table(Table {
        columns: vec![
            Column::text("Câu hỏi", 4.0),
            Column::number("Số trả lời", 1.2),
            Column::number("Hài lòng", 1.2),
            Column::number("KTC 95%", 1.6),
            Column::number("Điểm TB", 1.0),
        ],
        rows,
    }));
}

fn days(blocks: &mut Vec<Block>, data: &CampaignReport) {
    let r = &data.results;
    let Some(chart) = charts::daily_chart(r, LANG) else { return };
    blocks.push(Block::Heading("6. Số phiếu theo ngày".into()));
    blocks.push(Block::Chart(chart));
    blocks.push(Block::Note(crate::i18n::charts(LANG).daily_note.to_owned()));
}

fn comments(blocks: &mut Vec<Block>, data: &CampaignReport) {
    let c = &data.comments;
    let instrument = &data.results.instrument.instrument;
    let scale_item = instrument.overall_item().or_else(|| instrument.rating_items().next());
    blocks.push(Block::Heading("7. Ý kiến của người dân".into()));
    if c.total == 0 {
        blocks.push(Block::Paragraph("Chưa có ý kiến viết nào trong phạm vi báo cáo.".into()));
        return;
    }
    blocks.push(Block::Paragraph(format!(
        "{} ý kiến viết, xếp theo mức đánh giá {} của người viết; {} ý kiến ở mức không hài lòng.",
        count(c.total as i64),
        if instrument.overall_item().is_some() { "chung" } else { "thấp nhất" },
        count(c.negative_total as i64)
    )));
    let rows = c
        .by_level
        .iter()
        .map(|(level, n)| {
            let name = match (level, scale_item) {
                (Some(l), Some(item)) => format!("{l} — {}", instrument.level_label(item, *l, LANG).unwrap_or("")),
                (Some(l), None) => l.to_string(),
                (None, _) => "Không đánh giá".to_owned(),
            };
            vec![name, count(*n as i64)]
        })
        .collect();
    blocks.push(Block::Table(Table {
        columns: vec![Column::text("Mức đánh giá", 3.0), Column::number("Số ý kiến", 1.0)],
        rows,
    }));
    if !c.negative.is_empty() {
        blocks
            .push(Block::Subheading(format!("Một số ý kiến không hài lòng (nguyên văn, {} ý kiến)", c.negative.len())));
        for comment in &c.negative {
            let level = match (comment.level, scale_item) {
                (Some(l), Some(item)) => instrument.level_label(item, l, LANG).unwrap_or("").to_owned(),
                _ => String::new(),
            };
            blocks.push(Block::Quote {
                source: format!("{} · {} · {level}", comment.point, domain::time::format_date_vi(comment.day)),
                text: comment.text.clone(),
            });
        }
        blocks.push(Block::Note("Toàn bộ ý kiến có trên trang Ý kiến người dân của đợt khảo sát.".into()));
    }
}

fn quota(blocks: &mut Vec<Block>, data: &CampaignReport) {
    blocks.push(Block::Heading("8. Tuân thủ định mức phiếu".into()));
    blocks.push(Block::Paragraph(format!("Quy định: {}.", data.quota.describe(LANG))));
    blocks.push(Block::Figures(vec![
        ("Đạt định mức".into(), count(data.quota_count(QuotaStatus::Within) as i64), "điểm".into()),
        ("Thiếu phiếu".into(), count(data.quota_count(QuotaStatus::Under) as i64), "điểm".into()),
        ("Vượt số lượt".into(), count(data.quota_count(QuotaStatus::Over) as i64), "điểm".into()),
        ("Chưa có số lượt".into(), count(data.quota_count(QuotaStatus::NoData) as i64), "điểm".into()),
    ]));
    let outside: Vec<&QuotaPoint> =
        data.quota_points.iter().filter(|p| matches!(p.status, QuotaStatus::Under | QuotaStatus::Over)).collect();
    if outside.is_empty() {
        return;
    }
    blocks.push(Block::Subheading("Các điểm chưa đạt định mức".into()));
    let rows = outside
        .iter()
        .map(|p| {
            vec![
                p.point.name.clone(),
                p.parent.clone().unwrap_or_default(),
                count(p.responses),
                p.visitors.map_or_else(|| "—".into(), count),
                if p.status == QuotaStatus::Over { "vượt số lượt" } else { "thiếu phiếu" }.to_owned(),
            ]
        })
        .collect();
    blocks.push(Block::Table(Table {
        columns: vec![
            Column::text("Điểm tiếp nhận", 3.5),
            Column::text("Thuộc", 2.5),
            Column::number("Số phiếu", 1.1),
            Column::number("Số lượt", 1.1),
            Column::text("Tình trạng", 1.5),
        ],
        rows,
    }));
}

fn percent(f: &Figure) -> String {
    f.percent.map_or_else(|| NO_DATA.to_owned(), |p| format!("{}%", decimal(p, 1)))
}

fn interval(i: Option<(f64, f64)>) -> String {
    i.map(|(lo, hi)| format!("{}–{}%", decimal(lo, 1), decimal(hi, 1))).unwrap_or_default()
}

fn basis(f: &Figure) -> String {
    format!("{}/{} · {}", count(f.numerator as i64), count(f.denominator as i64), f.formula.id())
}
