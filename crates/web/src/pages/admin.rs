//! Pages of the administration: the workspace, units, accounts, one's password, the audit log.

use app::staff::{AccountRow, LineageEntry, UnitCampaignResult, UnitDetail};
use app::store::{AuditEntry, InstrumentRecord};
use askama::Template;
use domain::access::Permission;
use domain::instruments::ItemKind;
use domain::text::Lang;
use domain::units::Unit;

use crate::i18n::{Admin, Staff};
use crate::pages::staff::{Figure, MIN_N, PageContext, count};

/// A unit as a row of a list: link, code, name, kind, validity.
#[derive(Debug)]
pub struct UnitRow {
    pub id: i64,
    pub code: String,
    pub name: String,
    pub kind: &'static str,
    pub validity: String,
    pub ended: bool,
    pub service_point: bool,
}

impl UnitRow {
    pub fn new(unit: &Unit, lang: Lang) -> Self {
        let day = |d: Option<jiff::civil::Date>| d.map(domain::time::format_date_vi);
        let validity = match (day(unit.validity.from), day(unit.validity.to)) {
            (None, None) => String::new(),
            (Some(from), None) => format!("{from} –"),
            (None, Some(to)) => format!("– {to}"),
            (Some(from), Some(to)) => format!("{from} – {to}"),
        };
        UnitRow {
            id: unit.id,
            code: unit.code.to_string(),
            name: unit.name.clone(),
            kind: unit.kind.label(lang),
            validity,
            ended: unit.validity.to.is_some(),
            service_point: unit.service_point,
        }
    }
}

#[derive(Template, Debug)]
#[template(path = "admin/home.html")]
pub struct HomePage {
    pub t: &'static Staff,
    pub a: &'static Admin,
    pub ctx: PageContext,
    pub role: &'static str,
    pub scope: String,
    pub permissions: Vec<&'static str>,
    /// (code, name) of the campaigns this user enters field data for.
    pub field_campaigns: Vec<(String, String)>,
    pub f: &'static crate::i18n::FieldWords,
}

impl HomePage {
    pub fn permissions(may: impl Fn(Permission) -> bool, lang: Lang) -> Vec<&'static str> {
        Permission::ALL.into_iter().filter(|p| may(*p)).map(|p| p.describe(lang)).collect()
    }
}

#[derive(Template, Debug)]
#[template(path = "admin/units.html")]
pub struct UnitsPage {
    pub t: &'static Staff,
    pub a: &'static Admin,
    pub ctx: PageContext,
    pub query: String,
    pub searched: bool,
    pub rows: Vec<UnitRow>,
    pub can_import: bool,
}

#[derive(Template, Debug)]
#[template(path = "admin/unit.html")]
pub struct UnitPage {
    pub t: &'static Staff,
    pub a: &'static Admin,
    pub ctx: PageContext,
    pub unit: UnitRow,
    pub ancestors: Vec<UnitRow>,
    pub children: Vec<UnitRow>,
    pub can_edit: bool,
    pub csrf: String,
    pub kinds: Vec<(&'static str, &'static str)>,
    pub lineage: Vec<LineageRow>,
    /// None when the role reads no results.
    pub results: Option<Vec<UnitResultRow>>,
    /// The QR code of a service point.
    pub qr: Option<QrView>,
}

/// A service point's QR code on its unit page: the link printed on its posters, and whether
/// this user may replace or withdraw it.
#[derive(Debug)]
pub struct QrView {
    pub url: Option<String>,
    pub token: Option<String>,
    pub may_manage: bool,
}

/// "Xã A (07210) → Xã B (07432), sáp nhập từ 01/07/2025".
#[derive(Debug)]
pub struct LineageRow {
    pub kind: &'static str,
    pub effective: String,
    pub predecessor: UnitRow,
    pub successor: UnitRow,
}

impl LineageRow {
    pub fn new(entry: &LineageEntry, lang: Lang) -> Self {
        LineageRow {
            kind: entry.kind.label(lang),
            effective: domain::time::format_date_vi(entry.effective),
            predecessor: UnitRow::new(&entry.predecessor, lang),
            successor: UnitRow::new(&entry.successor, lang),
        }
    }
}

#[derive(Debug)]
pub struct UnitResultRow {
    pub code: String,
    pub name: String,
    pub responses: String,
    pub figure: Figure,
    pub enough: bool,
    pub through_lineage: bool,
}

impl UnitResultRow {
    pub fn new(r: &UnitCampaignResult, t: &Staff) -> Self {
        UnitResultRow {
            code: r.campaign.code.to_string(),
            name: r.campaign.name.clone(),
            responses: count(r.responses),
            figure: Figure::new(r.satisfied, t),
            enough: r.responses >= MIN_N,
            through_lineage: r.through_lineage,
        }
    }
}

impl UnitPage {
    pub fn new(t: &'static Staff, a: &'static Admin, ctx: PageContext, detail: &UnitDetail, lang: Lang) -> Self {
        let csrf = ctx.user.as_ref().map(|u| u.csrf_token.clone()).unwrap_or_default();
        UnitPage {
            t,
            a,
            ctx,
            unit: UnitRow::new(&detail.unit, lang),
            ancestors: detail.ancestors.iter().map(|u| UnitRow::new(u, lang)).collect(),
            children: detail.children.iter().map(|u| UnitRow::new(u, lang)).collect(),
            can_edit: false,
            csrf,
            lineage: Vec::new(),
            results: None,
            qr: None,
            kinds: domain::units::UnitKind::ALL.iter().map(|k| (k.as_str(), k.label(lang))).collect(),
        }
    }
}

#[derive(Template, Debug)]
#[template(path = "admin/import.html")]
pub struct ImportPage {
    pub t: &'static Staff,
    pub a: &'static Admin,
    pub ctx: PageContext,
    pub csrf: String,
    pub errors: Vec<String>,
    /// (added, changed, unchanged) of a preview or of what was written.
    pub plan: Option<(usize, usize, usize)>,
    pub written: bool,
}

#[derive(Debug)]
pub struct AccountView {
    pub username: String,
    pub display_name: String,
    pub role: &'static str,
    pub unit: String,
    pub disabled: bool,
    pub is_me: bool,
}

impl AccountView {
    pub fn new(row: &AccountRow, me: &str, a: &Admin, lang: Lang) -> Self {
        AccountView {
            username: row.username.clone(),
            display_name: row.display_name.clone(),
            role: row.role.label(lang),
            unit: row.unit.as_ref().map_or_else(|| a.whole_tree.to_owned(), |u| format!("{} ({})", u.name, u.code)),
            disabled: row.disabled,
            is_me: row.username == me,
        }
    }
}

#[derive(Template, Debug)]
#[template(path = "admin/accounts.html")]
pub struct AccountsPage {
    pub t: &'static Staff,
    pub a: &'static Admin,
    pub ctx: PageContext,
    pub csrf: String,
    pub accounts: Vec<AccountView>,
    pub roles: Vec<(&'static str, &'static str)>,
    /// A password just generated for an account: (username, password), shown once.
    pub new_password: Option<(String, String)>,
}

#[derive(Template, Debug)]
#[template(path = "admin/password.html")]
pub struct PasswordPage {
    pub t: &'static Staff,
    pub a: &'static Admin,
    pub ctx: PageContext,
    pub csrf: String,
    pub error: Option<String>,
}

#[derive(Debug)]
pub struct AuditRow {
    pub at: String,
    pub username: String,
    pub role: String,
    pub scope: String,
    pub action: String,
    pub target: String,
    pub detail: String,
}

impl AuditRow {
    pub fn new(e: &AuditEntry, scope: String) -> Self {
        AuditRow {
            at: domain::time::format_instant_vi(e.at),
            username: e.username.clone(),
            role: e.role.clone(),
            scope,
            action: e.action.clone(),
            target: e.target.clone(),
            detail: e.detail.clone(),
        }
    }
}

#[derive(Template, Debug)]
#[template(path = "admin/audit.html")]
pub struct AuditPage {
    pub t: &'static Staff,
    pub a: &'static Admin,
    pub ctx: PageContext,
    pub username: String,
    pub action: String,
    pub from: String,
    pub to: String,
    pub rows: Vec<AuditRow>,
    /// The query string of the next (older) page.
    pub older: Option<String>,
}

#[derive(Debug)]
pub struct InstrumentRow {
    pub key: String,
    pub code: String,
    pub version: u32,
    pub title: String,
    pub items: usize,
    pub responses: String,
    pub frozen: bool,
}

impl InstrumentRow {
    pub fn new(record: &InstrumentRecord, lang: Lang) -> Self {
        let i = &record.instrument;
        InstrumentRow {
            key: i.key().to_string(),
            code: i.code().to_owned(),
            version: i.version(),
            title: i.title(lang).to_owned(),
            items: i.items().count(),
            responses: count(record.responses),
            frozen: record.responses > 0,
        }
    }
}

#[derive(Template, Debug)]
#[template(path = "admin/instruments.html")]
pub struct InstrumentsPage {
    pub t: &'static Staff,
    pub a: &'static Admin,
    pub ctx: PageContext,
    pub rows: Vec<InstrumentRow>,
    pub can_import: bool,
}

#[derive(Debug)]
pub struct ItemView {
    pub code: String,
    pub text: String,
    pub kind: &'static str,
    pub scale: String,
    pub factor: String,
    pub required: bool,
}

#[derive(Debug)]
pub struct SectionItems {
    pub title: String,
    pub items: Vec<ItemView>,
}

#[derive(Debug)]
pub struct ScaleView {
    pub code: String,
    /// "1 Rất không hài lòng", … with the satisfied levels marked.
    pub levels: Vec<(u8, String, bool)>,
}

#[derive(Template, Debug)]
#[template(path = "admin/instrument.html")]
pub struct InstrumentPage {
    pub t: &'static Staff,
    pub a: &'static Admin,
    pub ctx: PageContext,
    pub row: InstrumentRow,
    pub source: String,
    pub overall: String,
    pub sections: Vec<SectionItems>,
    pub scales: Vec<ScaleView>,
    pub factors: Vec<(String, String)>,
    pub can_manage: bool,
}

impl InstrumentPage {
    pub fn new(
        t: &'static Staff,
        a: &'static Admin,
        ctx: PageContext,
        record: &InstrumentRecord,
        can_manage: bool,
        lang: Lang,
    ) -> Self {
        let i = &record.instrument;
        let def = i.def();
        let text = |t: &domain::text::Text| t.get(lang).to_owned();
        let en_or_vi = |vi: &str, en: &Option<String>| match lang {
            Lang::En => en.clone().unwrap_or_else(|| vi.to_owned()),
            Lang::Vi => vi.to_owned(),
        };
        InstrumentPage {
            t,
            a,
            ctx,
            row: InstrumentRow::new(record, lang),
            source: def.source.clone().unwrap_or_default(),
            overall: i.overall_item().map(|item| item.code.clone()).unwrap_or_default(),
            sections: def
                .sections
                .iter()
                .map(|s| SectionItems {
                    title: text(&s.title),
                    items: s
                        .items
                        .iter()
                        .map(|item| ItemView {
                            code: item.code.clone(),
                            text: text(&item.text),
                            kind: match item.kind {
                                ItemKind::Rating => "rating",
                                ItemKind::Choice => "choice",
                                ItemKind::Text => "text",
                            },
                            scale: item.scale.clone().unwrap_or_default(),
                            factor: item.factor.clone().unwrap_or_default(),
                            required: item.required,
                        })
                        .collect(),
                })
                .collect(),
            scales: def
                .scales
                .iter()
                .map(|s| ScaleView {
                    code: s.code.clone(),
                    levels: s
                        .levels
                        .iter()
                        .map(|l| (l.value, en_or_vi(&l.vi, &l.en), s.satisfied.contains(&l.value)))
                        .collect(),
                })
                .collect(),
            factors: def.factors.iter().map(|f| (f.code.clone(), en_or_vi(&f.vi, &f.en))).collect(),
            can_manage,
        }
    }
}

#[derive(Template, Debug)]
#[template(path = "admin/instrument_import.html")]
pub struct InstrumentImportPage {
    pub t: &'static Staff,
    pub a: &'static Admin,
    pub ctx: PageContext,
    pub csrf: String,
    pub source: String,
    pub error: Option<String>,
}

/// The campaign form, for a new campaign or an edit, with what was typed kept on error.
#[derive(Template, Debug)]
#[template(path = "admin/campaign_form.html")]
pub struct CampaignFormPage {
    pub t: &'static Staff,
    pub a: &'static Admin,
    pub ctx: PageContext,
    pub csrf: String,
    /// The code of the campaign being edited; none for a new one.
    pub editing: Option<String>,
    pub code: String,
    pub name: String,
    pub instruments: Vec<(String, String)>,
    pub instrument: String,
    pub first: String,
    pub last: String,
    pub always_on: bool,
    pub under: String,
    pub exclude: String,
    pub tolerance_pct: String,
    pub min_forms: String,
    pub busy_visitors: String,
    pub busy_min_forms: String,
    pub open: bool,
    /// The scoring rule, on the edit form only.
    pub scoring: Option<crate::pages::recognition::ScoringFields>,
    pub v: &'static crate::i18n::CodesWords,
    /// Whether the form shows the verification setting (the edit form), and its value.
    pub verification_shown: bool,
    pub verification_on: bool,
    pub error: Option<String>,
}

/// One comment as the list shows it.
#[derive(Debug)]
pub struct CommentRow {
    pub day: String,
    pub point: String,
    pub level: String,
    pub channel: &'static str,
    pub text: String,
    /// "Nguyễn Văn A · 0912345678 · a@example.vn", for those who may see contacts.
    pub contact: Option<String>,
}

#[derive(Template, Debug)]
#[template(path = "admin/comments.html")]
pub struct CommentsPage {
    pub t: &'static Staff,
    pub a: &'static Admin,
    pub ctx: PageContext,
    pub code: String,
    pub name: String,
    pub points: Vec<(i64, String, bool)>,
    pub from: String,
    pub to: String,
    pub max_level: String,
    /// The level filter's and column's names: the overall question, or the lowest rating.
    pub level_filter: &'static str,
    pub level_column: &'static str,
    /// (value, "≤ 2 — Không hài lòng") of the level filter.
    pub levels: Vec<(String, String)>,
    pub rows: Vec<CommentRow>,
    pub total: String,
    /// Query strings of the neighbouring pages, when there are any.
    pub prev: Option<String>,
    pub next: Option<String>,
    pub view_switch: crate::view::ViewSwitch,
    /// The view's code, kept by the filter form.
    pub view_code: &'static str,
    /// Whether the reader sees contacts, and whether only rows with one are listed.
    pub follow_up: bool,
    pub with_contact: bool,
}
