//! The verification codes page of a campaign: the setting, counts per point, batches with their
//! downloads, and the forms to generate and import codes.

use app::staff::{CodesDesk, MAX_GENERATED};
use app::store::CodeBatchKind;
use askama::Template;

use crate::i18n::{self, CodesWords, Staff};
use crate::pages::field::ImportProblems;
use crate::pages::staff::PageContext;
use crate::session::StaffRequest;

#[derive(Debug)]
pub struct CountRow {
    pub point: String,
    pub issued: i64,
    pub used: i64,
    pub verified: i64,
    pub refused: i64,
}

#[derive(Debug)]
pub struct BatchRow {
    pub id: i64,
    pub kind: &'static str,
    pub label: String,
    pub created: String,
    pub by: String,
    pub points: String,
    pub codes: i64,
    pub used: i64,
}

#[derive(Debug)]
pub struct PointChoice {
    pub id: i64,
    pub label: String,
}

#[derive(Template, Debug)]
#[template(path = "admin/codes.html")]
pub struct CodesPage {
    pub t: &'static Staff,
    pub w: &'static CodesWords,
    pub ctx: PageContext,
    pub csrf: String,
    pub code: String,
    pub campaign: String,
    pub enabled: bool,
    pub max_generated: usize,
    pub points: Vec<PointChoice>,
    pub counts: Vec<CountRow>,
    pub batches: Vec<BatchRow>,
    pub problems: ImportProblems,
    pub message: Option<String>,
    pub error: Option<String>,
    /// The point and count typed into the generate form, kept when it is refused.
    pub chosen_point: String,
    pub chosen_count: String,
}

impl CodesPage {
    pub fn new(who: &StaffRequest, desk: &CodesDesk) -> Self {
        let w = i18n::codes(who.lang);
        let code = desk.campaign.code.to_string();
        CodesPage {
            t: i18n::staff(who.lang),
            w,
            ctx: PageContext::staff(who, "campaigns", &format!("/admin/campaigns/{code}/codes")),
            csrf: who.staff.user().csrf_token.clone(),
            campaign: desk.campaign.name.clone(),
            code,
            enabled: desk.enabled,
            max_generated: MAX_GENERATED,
            points: desk
                .points
                .iter()
                .map(|p| PointChoice { id: p.id, label: format!("{} ({})", p.name, p.code) })
                .collect(),
            counts: desk
                .counts
                .iter()
                .map(|(point, c)| CountRow {
                    point: format!("{} ({})", point.name, point.code),
                    issued: c.issued,
                    used: c.used,
                    verified: c.verified,
                    refused: c.refused_codes,
                })
                .collect(),
            batches: desk
                .batches
                .iter()
                .map(|b| BatchRow {
                    id: b.id,
                    kind: match b.kind {
                        CodeBatchKind::Generated => w.kind_generated,
                        CodeBatchKind::Imported => w.kind_imported,
                    },
                    label: b.label.clone(),
                    created: domain::time::format_instant_vi(b.created_at),
                    by: b.created_by.clone().unwrap_or_default(),
                    points: b.points.join(", "),
                    codes: b.codes,
                    used: b.used,
                })
                .collect(),
            problems: ImportProblems::default(),
            message: None,
            error: None,
            chosen_point: String::new(),
            chosen_count: "100".into(),
        }
    }
}
