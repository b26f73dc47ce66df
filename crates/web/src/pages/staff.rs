//! Pages staff see: home, sign-in, campaigns and their results.

use app::accounts::SessionUser;
use app::store::CampaignSummary;
use askama::Template;
use domain::campaigns::Window;
use domain::index::Proportion;
use domain::text::Lang;

use crate::assets;
use crate::i18n::{self, Staff};
use crate::session::StaffRequest;
use domain::access::Permission;

/// Below this many responses a point shows "chưa đủ dữ liệu" instead of a figure.
pub const MIN_N: i64 = 30;

/// What every staff page knows: who is signed in, what they may open, where we are, the
/// asset URLs.
#[derive(Debug)]
pub struct PageContext {
    pub user: Option<SessionUser>,
    pub nav: Nav,
    /// A short confirmation after a change ("Đã lưu.").
    pub flash: Option<&'static str>,
    pub section: &'static str,
    /// The current path, for the language switch to come back to.
    pub here: String,
    pub css: &'static str,
    pub favicon: &'static str,
}

impl PageContext {
    pub fn new(user: Option<SessionUser>, section: &'static str, here: &str) -> Self {
        PageContext {
            user,
            nav: Nav::default(),
            flash: None,
            section,
            here: here.to_owned(),
            css: assets::url("staff"),
            favicon: assets::url("favicon"),
        }
    }

    /// The context of a page behind sign-in: navigation follows the user's permissions.
    pub fn staff(who: &StaffRequest, section: &'static str, here: &str) -> Self {
        let may = |p| who.staff.may(p);
        PageContext {
            nav: Nav {
                campaigns: may(Permission::ReadResults),
                units: true,
                accounts: may(Permission::ManageAccounts),
                audit: may(Permission::ReadAudit),
                kiosks: may(Permission::ManageCampaigns).then_some(i18n::kiosk(who.lang).nav),
                exports: may(Permission::ReadResponses).then_some(i18n::exports(who.lang).nav),
                t: i18n::admin(who.lang),
            },
            ..PageContext::new(Some(who.user()), section, here)
        }
    }

    pub fn with_flash(mut self, flash: Option<&'static str>) -> Self {
        self.flash = flash;
        self
    }
}

/// Which sections the header links to.
#[derive(Debug)]
pub struct Nav {
    pub campaigns: bool,
    pub units: bool,
    pub accounts: bool,
    pub audit: bool,
    /// The kiosks link's words, for those who manage kiosks.
    pub kiosks: Option<&'static str>,
    /// The exports link's words, for those who read raw responses.
    pub exports: Option<&'static str>,
    pub t: &'static i18n::Admin,
}

impl Default for Nav {
    fn default() -> Self {
        Nav {
            campaigns: false,
            units: false,
            accounts: false,
            audit: false,
            kiosks: None,
            exports: None,
            t: i18n::admin(Lang::Vi),
        }
    }
}

#[derive(Template, Debug)]
#[template(path = "staff/message.html")]
pub struct StaffMessage {
    pub t: &'static Staff,
    pub ctx: PageContext,
    pub title: String,
    pub body: String,
}

impl StaffMessage {
    pub fn new(lang: Lang, title: String, body: String) -> Self {
        StaffMessage { t: i18n::staff(lang), ctx: PageContext::new(None, "", "/"), title, body }
    }
}

#[derive(Template, Debug)]
#[template(path = "staff/home.html")]
pub struct HomePage {
    pub t: &'static Staff,
    pub ctx: PageContext,
}

#[derive(Template, Debug)]
#[template(path = "staff/sign_in.html")]
pub struct SignInPage {
    pub t: &'static Staff,
    pub ctx: PageContext,
    pub csrf: String,
    pub next: String,
    pub username: String,
    pub error: Option<&'static str>,
}

#[derive(Debug)]
pub struct CampaignRow {
    pub code: String,
    pub name: String,
    pub instrument: String,
    pub window: String,
    pub status: &'static str,
    pub status_code: &'static str,
    pub points: String,
    pub responses: String,
}

#[derive(Template, Debug)]
#[template(path = "staff/campaigns.html")]
pub struct CampaignsPage {
    pub t: &'static Staff,
    pub a: &'static i18n::Admin,
    pub ctx: PageContext,
    pub rows: Vec<CampaignRow>,
    pub can_manage: bool,
}

impl CampaignsPage {
    pub fn new(lang: Lang, ctx: PageContext, campaigns: &[CampaignSummary]) -> Self {
        let t = i18n::staff(lang);
        let rows = campaigns
            .iter()
            .map(|c| CampaignRow {
                code: c.campaign.code.to_string(),
                name: c.campaign.name.clone(),
                instrument: format!("{} v{}", c.instrument_code, c.instrument_version),
                window: window_text(&c.campaign.window, t),
                status: c.campaign.status.label(lang),
                status_code: c.campaign.status.as_str(),
                points: count(c.points),
                responses: count(c.responses),
            })
            .collect();
        CampaignsPage { t, a: i18n::admin(lang), ctx, rows, can_manage: false }
    }
}

pub fn window_text(window: &Window, t: &Staff) -> String {
    match window.local_first_last() {
        (Some(first), Some(last)) => {
            format!("{} – {}", domain::time::format_date_vi(first), domain::time::format_date_vi(last))
        }
        (Some(first), None) => format!("{} –", domain::time::format_date_vi(first)),
        (None, Some(last)) => format!("– {}", domain::time::format_date_vi(last)),
        (None, None) => t.always_on.to_owned(),
    }
}

/// A proportion as shown: "86,4%" and its interval "84,1–88,5%".
#[derive(Debug)]
pub struct Figure {
    pub percent: String,
    pub interval: String,
}

impl Figure {
    pub fn new(p: Proportion, t: &Staff) -> Self {
        match (p.percent(), p.wilson95()) {
            (Some(percent), Some((lo, hi))) => Figure {
                percent: format!("{}%", decimal(percent, 1)),
                interval: format!("{}–{}%", decimal(lo, 1), decimal(hi, 1)),
            },
            _ => Figure { percent: t.no_data.into(), interval: String::new() },
        }
    }
}

/// Vietnamese writes decimals with a comma.
pub fn decimal(value: f64, places: usize) -> String {
    format!("{value:.places$}").replace('.', ",")
}

/// Vietnamese groups thousands with a dot: 50.000.
pub fn count(n: i64) -> String {
    let digits = n.unsigned_abs().to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3 + 1);
    if n < 0 {
        out.push('-');
    }
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push('.');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn counts_group_thousands_with_dots() {
        assert_eq!(super::count(0), "0");
        assert_eq!(super::count(999), "999");
        assert_eq!(super::count(50_000), "50.000");
        assert_eq!(super::count(1_234_567), "1.234.567");
    }
}
