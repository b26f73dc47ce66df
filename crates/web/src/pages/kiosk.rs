//! Pages of counter kiosks: the tablet's enrolment page, its form and its waiting page (full
//! screen, no links off the page), and the staff page listing and adding kiosks.

use app::kiosk::{Device, KioskForm};
use app::staff::{CreatedKiosk, KioskRow, KioskStatus};
use askama::Template;
use domain::text::Lang;
use domain::time::format_instant_vi;
use domain::units::Unit;

use crate::assets;
use crate::i18n::{self, KioskWords, Public, Staff};
use crate::pages::public::{CSS, NO_ANSWERS, NO_ERRORS, SectionView, intro, sections};
use crate::pages::staff::PageContext;

/// How long the thank-you screen stays before the form starts again.
pub const THANKS_MS: u32 = 4_000;
/// The sender's first wait after a failed send; it doubles up to five minutes.
pub const RETRY_MS: u32 = 5_000;
/// How often the tablet says it is alive (and asks which campaign runs).
pub const HEARTBEAT_MS: u32 = 60_000;

/// What the tablet's script needs, as data attributes of `#kiosk`.
#[derive(Debug)]
pub struct DeviceSettings {
    /// The campaign shown, empty while none runs.
    pub campaign: String,
    pub idle_seconds: i64,
    pub thanks_ms: u32,
    pub retry_ms: u32,
    pub heartbeat_ms: u32,
}

/// What every tablet page shows at the top.
#[derive(Debug)]
pub struct Frame {
    pub t: &'static Public,
    pub k: &'static KioskWords,
    pub css: &'static str,
    pub kiosk_css: &'static str,
    pub script: &'static str,
    pub point_name: String,
    pub place: String,
    pub other_lang_href: Option<String>,
}

impl Frame {
    fn new(lang: Lang, point_name: String, place: String, bilingual: bool) -> Self {
        let t = i18n::public(lang);
        Frame {
            t,
            k: i18n::kiosk(lang),
            css: CSS,
            kiosk_css: assets::url("kiosk.css"),
            script: assets::url("kiosk.js"),
            point_name,
            place,
            other_lang_href: bilingual.then(|| format!("/kiosk?lang={}", t.other_lang)),
        }
    }

    fn of_device(device: &Device, lang: Lang, bilingual: bool) -> Self {
        Frame::new(lang, device.point.name.clone(), device.place.clone(), bilingual)
    }
}

fn settings(device: &Device, campaign: Option<i64>) -> DeviceSettings {
    DeviceSettings {
        campaign: campaign.map(|c| c.to_string()).unwrap_or_default(),
        idle_seconds: device.kiosk.idle_seconds,
        thanks_ms: THANKS_MS,
        retry_ms: RETRY_MS,
        heartbeat_ms: HEARTBEAT_MS,
    }
}

/// A tablet without a device token: one field for the enrolment code.
#[derive(Template, Debug)]
#[template(path = "kiosk/enrol.html")]
pub struct EnrolPage {
    pub frame: Frame,
    pub device: Option<DeviceSettings>,
    pub notice: Option<String>,
}

impl EnrolPage {
    pub fn new(lang: Lang, notice: Option<String>) -> Self {
        EnrolPage { frame: Frame::new(lang, "Hài Lòng".into(), String::new(), true), device: None, notice }
    }
}

/// The point's form, full screen.
#[derive(Template, Debug)]
#[template(path = "kiosk/form.html")]
pub struct KioskFormPage<'a> {
    pub frame: Frame,
    /// The citizen form's words, which the shared question markup uses.
    pub t: &'static Public,
    pub device: Option<DeviceSettings>,
    pub campaign_id: i64,
    pub title: &'a str,
    pub intro: Vec<&'a str>,
    pub sections: Vec<SectionView<'a>>,
}

impl<'a> KioskFormPage<'a> {
    pub fn new(device: &Device, form: &'a KioskForm, lang: Lang) -> Self {
        let instrument = &form.instrument.instrument;
        let lang = if instrument.speaks(lang) { lang } else { Lang::Vi };
        let (sections, _) = sections(instrument, lang, &NO_ANSWERS, &NO_ERRORS);
        KioskFormPage {
            t: i18n::public(lang),
            frame: Frame::of_device(device, lang, instrument.speaks(Lang::En)),
            device: Some(settings(device, Some(form.campaign.id))),
            campaign_id: form.campaign.id,
            title: instrument.def().title.get(lang),
            intro: intro(instrument, lang),
            sections,
        }
    }
}

/// No campaign at the point yet: the tablet waits and checks again.
#[derive(Template, Debug)]
#[template(path = "kiosk/idle.html")]
pub struct KioskIdlePage {
    pub frame: Frame,
    pub device: Option<DeviceSettings>,
}

impl KioskIdlePage {
    pub fn new(device: &Device, lang: Lang) -> Self {
        KioskIdlePage { frame: Frame::of_device(device, lang, true), device: Some(settings(device, None)) }
    }
}

/// A kiosk as a row of the staff page.
#[derive(Debug)]
pub struct KioskRowView {
    pub id: i64,
    pub label: String,
    pub point: String,
    pub point_code: String,
    /// `status-open`, `status-closed` or nothing, for the badge's colour.
    pub status_class: &'static str,
    pub status: String,
    pub queued: i64,
    pub idle_seconds: i64,
    pub revocable: bool,
}

impl KioskRowView {
    pub fn new(row: &KioskRow, k: &KioskWords) -> Self {
        let (status_class, status) = match row.status {
            KioskStatus::Waiting { until } => ("", format!("{} {}", k.status_waiting, format_instant_vi(until))),
            KioskStatus::CodeExpired => ("status-closed", k.status_code_expired.to_owned()),
            KioskStatus::Online => ("status-open", k.status_online.to_owned()),
            KioskStatus::Offline { since } => {
                ("status-closed", format!("{} {}", k.status_offline, format_instant_vi(since)))
            }
            KioskStatus::Revoked { at } => ("", format!("{} ({})", k.status_revoked, format_instant_vi(at))),
        };
        KioskRowView {
            id: row.kiosk.id,
            label: row.kiosk.label.clone(),
            point: row.point.name.clone(),
            point_code: row.point.code.to_string(),
            status_class,
            status,
            queued: row.kiosk.queued,
            idle_seconds: row.kiosk.idle_seconds,
            revocable: !matches!(row.status, KioskStatus::Revoked { .. }),
        }
    }
}

/// A kiosk just added: its enrolment code, shown this once.
#[derive(Debug)]
pub struct CreatedView {
    pub label: String,
    pub point: String,
    pub code: String,
    pub until: String,
    pub address: String,
}

impl CreatedView {
    pub fn new(created: &CreatedKiosk, public_base: Option<&str>) -> Self {
        CreatedView {
            label: created.label.clone(),
            point: format!("{} ({})", created.point.name, created.point.code),
            code: created.code.clone(),
            until: format_instant_vi(created.expires_at),
            address: format!("{}/kiosk", public_base.unwrap_or_default().trim_end_matches('/')),
        }
    }
}

#[derive(Template, Debug)]
#[template(path = "admin/kiosks.html")]
pub struct KiosksPage {
    pub t: &'static Staff,
    pub k: &'static KioskWords,
    pub ctx: PageContext,
    pub csrf: String,
    pub rows: Vec<KioskRowView>,
    /// Service points inside the scope, as (code, name), for the point field's suggestions.
    pub points: Vec<(String, String)>,
    pub created: Option<CreatedView>,
}

impl KiosksPage {
    pub fn points(points: &[Unit]) -> Vec<(String, String)> {
        points.iter().map(|p| (p.code.to_string(), p.name.clone())).collect()
    }
}
