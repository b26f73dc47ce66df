//! Pages citizens see: the survey form, the thank-you page and messages.

use std::collections::BTreeMap;

use app::survey::{CodeEntry, Survey};
use askama::Template;
use domain::answers::{Answers, FieldError};
use domain::contact::{ContactEntry, ContactField};
use domain::instruments::{Instrument, ItemKind, ScaleKind};
use domain::text::Lang;

use crate::i18n::{self, Public};
use crate::links;

/// The stylesheet of citizen pages, inlined so a form is one request.
pub const CSS: &str = include_str!("../../static/public.css");

/// Where the per-visitor form token goes in a cached page.
pub const TOKEN_HOLE: &str = "HAILONG-FORM-TOKEN-HOLE";

/// A blank form's answers and errors.
pub static NO_ANSWERS: std::sync::LazyLock<Answers> = std::sync::LazyLock::new(Answers::default);
pub static NO_ERRORS: BTreeMap<String, FieldError> = BTreeMap::new();

#[derive(Debug)]
pub struct OptionView<'a> {
    pub value: u8,
    pub label: &'a str,
    pub checked: bool,
}

#[derive(Debug)]
pub struct QuestionView<'a> {
    pub number: usize,
    pub code: &'a str,
    pub text: &'a str,
    pub help: Option<&'a str>,
    pub required: bool,
    pub is_text: bool,
    pub layout: &'static str,
    pub options: Vec<OptionView<'a>>,
    pub text_value: &'a str,
    pub max_chars: u32,
    pub error: Option<String>,
    pub described_by: String,
}

#[derive(Debug)]
pub struct SectionView<'a> {
    pub code: &'a str,
    pub title: &'a str,
    pub intro: Option<&'a str>,
    pub questions: Vec<QuestionView<'a>>,
}

#[derive(Debug)]
pub struct ErrorLink {
    pub code: String,
    pub number: usize,
    pub message: String,
}

/// The verification code field of a campaign that asks for one: numbered after the last
/// question, with what was typed (or carried by the QR's `?code=`) and why it was refused.
#[derive(Debug, Default)]
pub struct CodeField {
    pub number: usize,
    pub value: String,
    pub error: Option<String>,
}

/// One field of the contact section: what was typed and why it was refused.
#[derive(Debug, Default)]
pub struct ContactInput {
    pub value: String,
    pub error: Option<String>,
}

/// The optional contact section of the citizen form (docs/INTEGRITY.md, "Privacy"): numbered
/// after the last question (and the code field), its help saying how long a contact is kept.
#[derive(Debug, Default)]
pub struct ContactSection {
    pub number: usize,
    pub help: String,
    pub name: ContactInput,
    pub phone: ContactInput,
    pub email: ContactInput,
}

/// Where a form is shown: the point's name, its place, and the page's own path.
struct Place<'a> {
    point_name: &'a str,
    place: String,
    path: String,
}

#[derive(Template, Debug)]
#[template(path = "public/survey.html")]
pub struct SurveyPage<'a> {
    pub t: &'static Public,
    pub css: &'static str,
    pub point_name: &'a str,
    pub place: String,
    pub other_lang_href: Option<String>,
    pub title: &'a str,
    pub intro: Vec<&'a str>,
    pub action: String,
    pub form_token: &'a str,
    pub sections: Vec<SectionView<'a>>,
    pub errors: Vec<ErrorLink>,
    pub notice: Option<&'static str>,
    pub code_field: Option<CodeField>,
    pub contact: Option<ContactSection>,
    /// Questions on the form, to number the sections after them.
    pub question_count: usize,
    /// The short privacy notice under the send button, one line each.
    pub privacy: Vec<String>,
}

impl<'a> SurveyPage<'a> {
    /// The form of `survey` in `lang`, with `kept` answers checked and `errors` shown.
    pub fn new(
        survey: &'a Survey,
        lang: Lang,
        kept: &'a Answers,
        errors: &'a BTreeMap<String, FieldError>,
        form_token: &'a str,
        notice: Option<&'static str>,
    ) -> Self {
        let at =
            Place { point_name: &survey.point.point.name, place: survey.place(), path: format!("/q/{}", survey.token) };
        let mut page = Self::of(&survey.instrument.instrument, at, lang, kept, errors, form_token, notice);
        if survey.verification {
            let number = survey.instrument.instrument.items().count() + 1;
            page.code_field = Some(CodeField { number, ..CodeField::default() });
        }
        page
    }

    /// The code field filled in as typed, with its error beside it and in the summary. A form
    /// without the field (the campaign does not ask for codes) is left as it is.
    pub fn with_code(mut self, entry: &CodeEntry, lang: Lang) -> Self {
        if let Some(field) = self.code_field.as_mut() {
            field.value = entry.typed.clone();
            // The code came from a QR on a receipt: switching language must not drop it.
            if let Some(href) = self.other_lang_href.as_mut().filter(|_| !entry.typed.is_empty()) {
                href.push_str(&format!("&code={}", links::query_value(&entry.typed)));
            }
            if let Some(problem) = entry.problem {
                let message = format!("{}: {}", self.t.code_error, problem.message(lang));
                self.errors.push(ErrorLink {
                    code: "ma-xac-thuc".into(),
                    number: field.number,
                    message: message.clone(),
                });
                field.error = Some(message);
            }
        }
        self
    }

    /// The contact section, filled in as typed with each field's error beside it and in the
    /// summary, and the privacy notice's line about contacts; `days` is how long one is kept.
    pub fn with_contact(mut self, entry: &ContactEntry, days: u32, lang: Lang) -> Self {
        let t = self.t;
        let number = self.code_field.as_ref().map_or(self.question_count, |c| c.number) + 1;
        let mut input = |field: ContactField, value: &str| {
            let error = entry.problem(field).map(|problem| {
                let (anchor, label) = match field {
                    ContactField::Name => ("lien-he-ten", t.contact_name),
                    ContactField::Phone => ("lien-he-sdt", t.contact_phone),
                    ContactField::Email => ("lien-he-email", t.contact_email),
                };
                let message = format!("{label}: {}", problem.message(lang));
                self.errors.push(ErrorLink { code: anchor.into(), number, message: message.clone() });
                message
            });
            ContactInput { value: value.to_owned(), error }
        };
        let name = input(ContactField::Name, &entry.name);
        let phone = input(ContactField::Phone, &entry.phone);
        let email = input(ContactField::Email, &entry.email);
        let days = days.to_string();
        self.contact =
            Some(ContactSection { number, help: t.contact_help.replace("{days}", &days), name, phone, email });
        self.privacy.push(t.privacy_contact.replace("{days}", &days));
        self
    }

    /// The form of `instrument` exactly as citizens see it, shown to staff as a preview: it
    /// posts nowhere.
    pub fn preview(instrument: &'a Instrument, point_name: &'a str, path: String, lang: Lang) -> Self {
        let at = Place { point_name, place: String::new(), path };
        let mut page = Self::of(instrument, at, lang, &NO_ANSWERS, &NO_ERRORS, "", None);
        page.action = "#".into();
        page
    }

    fn of(
        instrument: &'a Instrument,
        at: Place<'a>,
        lang: Lang,
        kept: &'a Answers,
        errors: &'a BTreeMap<String, FieldError>,
        form_token: &'a str,
        notice: Option<&'static str>,
    ) -> Self {
        let t = i18n::public(lang);
        let (sections, error_links) = sections(instrument, lang, kept, errors);
        let def = instrument.def();
        SurveyPage {
            t,
            css: CSS,
            point_name: at.point_name,
            place: at.place,
            other_lang_href: instrument.speaks(Lang::En).then(|| format!("{}?lang={}", at.path, t.other_lang)),
            title: def.title.get(lang),
            intro: intro(instrument, lang),
            action: at.path,
            form_token,
            sections,
            errors: error_links,
            notice,
            code_field: None,
            contact: None,
            privacy: vec![t.privacy_answers.to_owned(), t.no_ip.to_owned()],
            question_count: instrument.items().count(),
        }
    }
}

/// The paragraphs introducing `instrument`'s form.
pub fn intro(instrument: &Instrument, lang: Lang) -> Vec<&str> {
    let intro = instrument.def().intro.as_ref();
    intro.map(|i| i.get(lang).lines().filter(|l| !l.trim().is_empty()).collect()).unwrap_or_default()
}

/// The questions of `instrument` as a form shows them, numbered across sections, with `kept`
/// answers checked and `errors` beside their questions; and the list of errors for the
/// summary at the top. The citizen form and the kiosk form both show these.
pub fn sections<'a>(
    instrument: &'a Instrument,
    lang: Lang,
    kept: &'a Answers,
    errors: &'a BTreeMap<String, FieldError>,
) -> (Vec<SectionView<'a>>, Vec<ErrorLink>) {
    let mut number = 0;
    let mut error_links = Vec::new();
    let sections = instrument
        .sections()
        .iter()
        .map(|section| SectionView {
            code: &section.code,
            title: section.title.get(lang),
            intro: section.intro.as_ref().map(|t| t.get(lang)),
            questions: section
                .items
                .iter()
                .map(|item| {
                    number += 1;
                    let error = errors.get(&item.code).map(|e| e.message(lang));
                    if let Some(message) = &error {
                        error_links.push(ErrorLink { code: item.code.clone(), number, message: message.clone() });
                    }
                    let help = item.help.as_ref().map(|h| h.get(lang));
                    let described_by =
                        [help.map(|_| format!("h-{}", item.code)), error.as_ref().map(|_| format!("e-{}", item.code))]
                            .into_iter()
                            .flatten()
                            .collect::<Vec<_>>()
                            .join(" ");
                    let scale = instrument.scale_of(item);
                    let options = scale
                        .map(|s| {
                            s.levels
                                .iter()
                                .map(|l| OptionView {
                                    value: l.value,
                                    label: if lang == Lang::En { l.en.as_deref().unwrap_or(&l.vi) } else { &l.vi },
                                    checked: kept.level(&item.code) == Some(l.value),
                                })
                                .collect()
                        })
                        .unwrap_or_default();
                    let layout = match scale {
                        Some(s) if s.kind == ScaleKind::Ordinal && s.levels.len() == 5 => "scale-5",
                        Some(s) if s.kind == ScaleKind::Ordinal => "scale",
                        _ => "compact",
                    };
                    QuestionView {
                        number,
                        code: &item.code,
                        text: item.text.get(lang),
                        help,
                        required: item.required,
                        is_text: item.kind == ItemKind::Text,
                        layout,
                        options,
                        text_value: kept.text(&item.code).unwrap_or_default(),
                        max_chars: item.max_chars.unwrap_or(1000),
                        error,
                        described_by,
                    }
                })
                .collect(),
        })
        .collect();
    (sections, error_links)
}

#[derive(Template, Debug)]
#[template(path = "public/thanks.html")]
pub struct ThanksPage<'a> {
    pub t: &'static Public,
    pub css: &'static str,
    pub point_name: &'a str,
    pub place: String,
    pub other_lang_href: Option<String>,
}

#[derive(Template, Debug)]
#[template(path = "public/message.html")]
pub struct MessagePage {
    pub t: &'static Public,
    pub css: &'static str,
    pub point_name: String,
    pub place: String,
    pub other_lang_href: Option<String>,
    pub title: String,
    pub body: Vec<String>,
    pub action_href: Option<String>,
}

impl MessagePage {
    pub fn new(lang: Lang, title: &str, body: Vec<String>) -> Self {
        let t = i18n::public(lang);
        MessagePage {
            t,
            css: CSS,
            point_name: "Hài Lòng".into(),
            place: String::new(),
            other_lang_href: None,
            title: title.into(),
            body,
            action_href: None,
        }
    }

    pub fn at_point(mut self, name: &str) -> Self {
        self.point_name = name.into();
        self
    }

    pub fn with_action(mut self, href: String) -> Self {
        self.action_href = Some(href);
        self
    }
}
