//! The scoring-rule fields of the campaign edit form: read into a checked
//! [`ScoringRule`](domain::recognition::ScoringRule), or kept as typed with the reason it was
//! refused. A form without them (an older page, a script) leaves the stored rule alone.

use domain::recognition::{Method, ScoringRule, parse_bands, parse_number};
use domain::text::Lang;

use super::super::field;
use crate::pages::recognition::ScoringFields;

type Fields = [(String, String)];

/// The rule the form asks for; none when the form carries no scoring fields.
pub fn read(fields: &Fields) -> Result<Option<ScoringRule>, String> {
    let method = field(fields, "score_method");
    if method.is_empty() {
        return Ok(None);
    }
    let refused = |why: String| format!("cách chấm điểm: {why}");
    let decimal = |name: &str, label: &str| {
        parse_number(field(fields, name))
            .ok_or_else(|| refused(format!("{label} \"{}\" không phải là số", field(fields, name))))
    };
    let method = match method {
        "linear" => Method::Linear { target_pct: decimal("score_target", "chỉ số mục tiêu")? },
        "bands" => Method::Bands(parse_bands(field(fields, "score_bands")).map_err(|p| refused(p.message(Lang::Vi)))?),
        _ => return Err(refused("hãy chọn theo mục tiêu hoặc theo bậc".into())),
    };
    let min_n = field(fields, "score_min_n").trim();
    let rule = ScoringRule {
        max_points: decimal("score_max", "điểm tối đa")?,
        method,
        require_quota: !field(fields, "score_quota").is_empty(),
        min_n: min_n.parse().map_err(|_| refused(format!("số phiếu tối thiểu \"{min_n}\" phải là số nguyên dương")))?,
    };
    rule.check().map_err(|p| refused(p.message(Lang::Vi)))?;
    Ok(Some(rule))
}

/// What was typed, to show again beside the reason it was refused.
pub fn keep(shown: &mut ScoringFields, fields: &Fields) {
    shown.max_points = field(fields, "score_max").to_owned();
    shown.linear = field(fields, "score_method") != "bands";
    shown.target = field(fields, "score_target").to_owned();
    shown.bands = field(fields, "score_bands").to_owned();
    shown.min_n = field(fields, "score_min_n").to_owned();
    shown.require_quota = !field(fields, "score_quota").is_empty();
}
