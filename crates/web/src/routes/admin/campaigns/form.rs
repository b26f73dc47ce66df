//! `/admin/campaigns/new` and `/admin/campaigns/{code}/edit`: creating a campaign (name,
//! questionnaire, window, points by subtree with exclusions, quota rule, open at once or not)
//! and changing one (name, window, quota rule, recognition scoring rule, verification by code).
//! What was typed stays on the page with the reason when something is refused.

use app::campaigns::{CampaignSpec, PointScope, WindowSpec};
use axum::body::Body;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use domain::access::Permission;
use domain::quota::QuotaRule;
use domain::recognition::ScoringRule;
use domain::units::UnitCode;

use super::super::{field, staff_form};
use super::scoring;
use crate::error::{StaffError, html};
use crate::extract::Path;
use crate::i18n;
use crate::pages::admin::CampaignFormPage;
use crate::pages::recognition::ScoringFields;
use crate::pages::{self, staff::PageContext};
use crate::session::StaffRequest;
use crate::state::AppState;

type Fields = [(String, String)];

/// An empty form with the PKS05 quota rule and the user's own unit as the subtree.
async fn blank(who: &StaffRequest, editing: Option<String>) -> Result<CampaignFormPage, app::AppError> {
    let instruments = who
        .staff
        .instruments()
        .await?
        .iter()
        .map(|r| (r.instrument.key().to_string(), format!("{} — {}", r.instrument.key(), r.instrument.title(who.lang))))
        .collect();
    let under = match who.staff.scope().root() {
        Some(root) => who.staff.unit_detail(root).await?.unit.code.to_string(),
        None => String::new(),
    };
    let quota = QuotaRule::default();
    let here =
        editing.as_ref().map_or_else(|| "/admin/campaigns/new".to_owned(), |c| format!("/admin/campaigns/{c}/edit"));
    Ok(CampaignFormPage {
        t: i18n::staff(who.lang),
        a: i18n::admin(who.lang),
        ctx: PageContext::staff(who, "campaigns", &here),
        csrf: who.staff.user().csrf_token.clone(),
        editing,
        code: String::new(),
        name: String::new(),
        instrument: "PKS05@1".into(),
        instruments,
        first: String::new(),
        last: String::new(),
        always_on: false,
        under,
        exclude: String::new(),
        tolerance_pct: quota.tolerance_pct.to_string(),
        min_forms: quota.min_forms.to_string(),
        busy_visitors: quota.busy_visitors.to_string(),
        busy_min_forms: quota.busy_min_forms.to_string(),
        open: false,
        scoring: None,
        v: i18n::codes(who.lang),
        verification_shown: false,
        verification_on: false,
        error: None,
    })
}

/// The form as submitted, to show again.
fn keep(page: &mut CampaignFormPage, fields: &Fields) {
    page.code = field(fields, "code").to_owned();
    page.name = field(fields, "name").to_owned();
    page.instrument = field(fields, "instrument").to_owned();
    page.first = field(fields, "first").to_owned();
    page.last = field(fields, "last").to_owned();
    page.always_on = !field(fields, "always_on").is_empty();
    page.under = field(fields, "under").to_owned();
    page.exclude = field(fields, "exclude").to_owned();
    page.tolerance_pct = field(fields, "tolerance_pct").to_owned();
    page.min_forms = field(fields, "min_forms").to_owned();
    page.busy_visitors = field(fields, "busy_visitors").to_owned();
    page.busy_min_forms = field(fields, "busy_min_forms").to_owned();
    page.open = !field(fields, "open").is_empty();
    if let Some(shown) = page.scoring.as_mut() {
        scoring::keep(shown, fields);
    }
    page.verification_on = field(fields, "verification") == "on";
}

/// The verification setting the form asks for; none when the form carries no such field (an
/// older page, a script), which leaves the setting alone.
fn verification(fields: &Fields) -> Result<Option<bool>, String> {
    match field(fields, "verification") {
        "" => Ok(None),
        "on" => Ok(Some(true)),
        "off" => Ok(Some(false)),
        other => Err(format!("xác thực bằng mã: \"{other}\" không phải bật (on) hay tắt (off)")),
    }
}

fn window(fields: &Fields) -> Result<WindowSpec, String> {
    if !field(fields, "always_on").is_empty() {
        return Ok(WindowSpec::AlwaysOn);
    }
    let day = |name: &str, label: &str| {
        field(fields, name).parse::<jiff::civil::Date>().map_err(|_| format!("{label} không hợp lệ (YYYY-MM-DD)"))
    };
    Ok(WindowSpec::Days { first: day("first", "ngày bắt đầu")?, last: day("last", "ngày kết thúc")? })
}

fn quota(fields: &Fields) -> Result<QuotaRule, String> {
    let number = |name: &str| {
        field(fields, name)
            .trim()
            .parse::<u32>()
            .map_err(|_| format!("\"{}\" phải là số nguyên không âm", field(fields, name)))
    };
    Ok(QuotaRule {
        tolerance_pct: number("tolerance_pct")?,
        min_forms: number("min_forms")?,
        busy_visitors: number("busy_visitors")?,
        busy_min_forms: number("busy_min_forms")?,
    })
}

fn codes(raw: &str) -> Result<Vec<UnitCode>, String> {
    raw.split([',', ';', ' ', '\n'])
        .filter(|c| !c.trim().is_empty())
        .map(|c| UnitCode::parse(c).map_err(|e| format!("{c}: {e}")))
        .collect()
}

fn spec(fields: &Fields) -> Result<CampaignSpec, String> {
    Ok(CampaignSpec {
        code: field(fields, "code").trim().to_owned(),
        name: field(fields, "name").to_owned(),
        instrument: field(fields, "instrument").to_owned(),
        window: window(fields)?,
        scope: PointScope::Subtrees(codes(field(fields, "under"))?),
        exclude: codes(field(fields, "exclude"))?,
        open: !field(fields, "open").is_empty(),
        quota: quota(fields)?,
    })
}

fn refused(mut page: CampaignFormPage, fields: &Fields, message: String) -> Response {
    keep(&mut page, fields);
    page.error = Some(message);
    html(StatusCode::UNPROCESSABLE_ENTITY, pages::render(&page))
}

pub async fn new_form(who: StaffRequest) -> Response {
    if let Err(e) = who.staff.require(Permission::ManageCampaigns) {
        return StaffError::from_app(e, who.lang).into_response();
    }
    match blank(&who, None).await {
        Ok(page) => html(StatusCode::OK, pages::render(&page)),
        Err(e) => StaffError::from_app(e, who.lang).into_response(),
    }
}

pub async fn create(State(state): State<AppState>, who: StaffRequest, body: Body) -> Response {
    let fields = match staff_form(&state, &who, body).await {
        Ok(fields) => fields,
        Err(e) => return e.into_response(),
    };
    let page = match blank(&who, None).await {
        Ok(page) => page,
        Err(e) => return StaffError::from_app(e, who.lang).into_response(),
    };
    let spec = match spec(&fields) {
        Ok(spec) => spec,
        Err(message) => return refused(page, &fields, message),
    };
    match who.staff.create_campaign(spec).await {
        Ok(created) => Redirect::to(&format!("/admin/campaigns/{}", created.campaign.code)).into_response(),
        Err(app::AppError::Forbidden(m)) => StaffError::Forbidden(m, who.lang).into_response(),
        Err(e) if !e.is_internal() => refused(page, &fields, e.to_string()),
        Err(e) => StaffError::from_app(e, who.lang).into_response(),
    }
}

pub async fn edit_form(who: StaffRequest, Path(code): Path<String>) -> Response {
    let found = async {
        who.staff.require_manageable(&code).await?;
        let (campaign, quota) = who.staff.campaign_quota(&code).await?;
        let mut page = blank(&who, Some(campaign.code.to_string())).await?;
        page.name = campaign.name.clone();
        match campaign.window.local_first_last() {
            (Some(first), Some(last)) => (page.first, page.last) = (first.to_string(), last.to_string()),
            _ => page.always_on = true,
        }
        page.tolerance_pct = quota.tolerance_pct.to_string();
        page.min_forms = quota.min_forms.to_string();
        page.busy_visitors = quota.busy_visitors.to_string();
        page.busy_min_forms = quota.busy_min_forms.to_string();
        let (_, rule) = who.staff.scoring_rule(&code).await?;
        page.scoring = Some(ScoringFields::from_rule(&rule, who.lang));
        page.verification_shown = true;
        page.verification_on = who.staff.verification_setting(&code).await?;
        Ok::<_, app::AppError>(page)
    };
    match found.await {
        Ok(page) => html(StatusCode::OK, pages::render(&page)),
        Err(e) => StaffError::from_app(e, who.lang).into_response(),
    }
}

pub async fn update(
    State(state): State<AppState>,
    who: StaffRequest,
    Path(code): Path<String>,
    body: Body,
) -> Response {
    if let Err(e) = who.staff.require_manageable(&code).await {
        return StaffError::from_app(e, who.lang).into_response();
    }
    let fields = match staff_form(&state, &who, body).await {
        Ok(fields) => fields,
        Err(e) => return e.into_response(),
    };
    let mut page = match blank(&who, Some(code.clone())).await {
        Ok(page) => page,
        Err(e) => return StaffError::from_app(e, who.lang).into_response(),
    };
    page.scoring = Some(ScoringFields::from_rule(&ScoringRule::default(), who.lang));
    page.verification_shown = true;
    // Everything is read and checked before anything is written: a bad rule changes nothing.
    let parsed =
        window(&fields).and_then(|w| Ok((w, quota(&fields)?, scoring::read(&fields)?, verification(&fields)?)));
    let (window, quota, rule, verification) = match parsed {
        Ok(parsed) => parsed,
        Err(message) => return refused(page, &fields, message),
    };
    let saved = async {
        let campaign = who.staff.edit_campaign(&code, field(&fields, "name"), window, quota).await?;
        if let Some(rule) = rule {
            who.staff.set_scoring_rule(&code, rule).await?;
        }
        if let Some(enabled) = verification {
            who.staff.set_verification(&code, enabled).await?;
        }
        Ok::<_, app::AppError>(campaign)
    };
    match saved.await {
        Ok(campaign) => Redirect::to(&format!("/admin/campaigns/{}?done=saved", campaign.code)).into_response(),
        Err(e @ (app::AppError::Invalid(_) | app::AppError::Conflict(_))) => refused(page, &fields, e.to_string()),
        Err(e) => StaffError::from_app(e, who.lang).into_response(),
    }
}
