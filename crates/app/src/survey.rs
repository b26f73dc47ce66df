//! The citizen's path: a QR token leads to a form; a submitted form becomes a stored, counted
//! response, or is shown again with the citizen's answers kept.

use std::collections::BTreeMap;
use std::sync::Arc;

use domain::answers::{self, Answers, FieldError, Malformed, Rejection};
use domain::campaigns::{Campaign, Channel, Refusal};
use domain::contact::ContactEntry;
use domain::signing::{FormToken, point_token_is_genuine};
use domain::tally;
use domain::text::Lang;
use domain::verification::{CodeProblem, VerificationCode};
use jiff::SignedDuration;
use store::{IngestOutcome, InstrumentRecord, NewResponse, PointByToken};

use crate::integrity::{Submission, Visitor};
use crate::{App, AppError};

/// How long a form page stays valid. Longer than any visit to a desk; a citizen who comes
/// back later gets the form again with their answers kept.
pub const FORM_MAX_AGE: SignedDuration = SignedDuration::from_hours(12);

/// The form's hidden field that no person sees or fills in (docs/INTEGRITY.md).
pub const HONEYPOT: &str = "_website";

/// The form's field for a verification code, shown when the campaign asks for one.
pub const CODE_FIELD: &str = "_code";

/// The form's optional contact fields, for a citizen who wants a reply (docs/INTEGRITY.md,
/// "Privacy"): kept apart from the answers, never among them.
pub const CONTACT_NAME_FIELD: &str = "_contact_name";
pub const CONTACT_PHONE_FIELD: &str = "_contact_phone";
pub const CONTACT_EMAIL_FIELD: &str = "_contact_email";

/// Everything a form page shows and a submission is checked against.
#[derive(Debug)]
pub struct Survey {
    pub token: String,
    pub point: PointByToken,
    pub campaign: Campaign,
    pub instrument: InstrumentRecord,
    /// Whether the form offers the verification code field.
    pub verification: bool,
}

impl Survey {
    /// "Huyện Lục Ngạn · Tỉnh Bắc Giang": where the point is, nearest first.
    pub fn place(&self) -> String {
        self.point.ancestors.iter().map(|u| u.name.as_str()).collect::<Vec<_>>().join(" · ")
    }
}

/// What a QR token leads to right now.
#[derive(Debug)]
pub(crate) enum Lookup {
    Unknown,
    Revoked(PointByToken),
    NoCampaign(PointByToken),
    Open(Arc<Survey>),
}

#[derive(Debug, thiserror::Error)]
pub enum SurveyError {
    #[error("unknown QR token")]
    UnknownToken,
    #[error("revoked QR token of {point}")]
    Revoked { point: String },
    #[error("no campaign is running at {point}")]
    NoCampaign { point: String },
    #[error(transparent)]
    Internal(#[from] AppError),
}

/// Why a submitted form is shown again.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RetryReason {
    /// Some questions need an answer, a comment is too long, the code cannot be a code, or the
    /// contact left cannot be used.
    Incomplete,
    /// The page's token is missing or was not issued by us (an old page, a script).
    InvalidToken,
    /// The page was opened too long ago.
    Expired,
}

#[derive(Debug)]
pub enum Submitted {
    /// Stored and counted (or stored before: a retry of the same form). Thank the citizen.
    Thanked { lang: Lang },
    /// Not stored: show the form again, answers kept, with a fresh or the same token.
    Retry {
        survey: Arc<Survey>,
        kept: Answers,
        errors: BTreeMap<String, FieldError>,
        form_token: String,
        lang: Lang,
        reason: RetryReason,
        code: CodeEntry,
        /// Boxed: the form sent back is the rare path, and keeps the enum small.
        contact: Box<ContactEntry>,
    },
}

/// The verification code as the citizen typed it, and why it cannot be a code.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CodeEntry {
    pub typed: String,
    pub problem: Option<CodeProblem>,
}

impl CodeEntry {
    /// Reads the form's code field when the survey asks for one: an empty field is no code
    /// (answering without one is fine); a typed code that cannot be one is sent back.
    fn read(survey: &Survey, typed: Option<&str>) -> (CodeEntry, Option<VerificationCode>) {
        let typed = typed.unwrap_or_default().trim();
        if !survey.verification || typed.is_empty() {
            return (CodeEntry::default(), None);
        }
        match VerificationCode::parse(typed) {
            Ok(code) => (CodeEntry { typed: typed.to_owned(), problem: None }, Some(code)),
            Err(problem) => (CodeEntry { typed: typed.to_owned(), problem: Some(problem) }, None),
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum SubmitError {
    #[error(transparent)]
    Survey(#[from] SurveyError),
    /// The body is not something our form produces; nothing stored.
    #[error("malformed submission: {malformed:?}")]
    Malformed { malformed: Malformed, point: String, lang: Lang },
    /// The campaign no longer takes answers; nothing stored.
    #[error("campaign refuses: {refusal:?}")]
    Closed { refusal: Refusal, point: String, lang: Lang },
    /// Too many answers from this device or network at this point just now; nothing stored.
    #[error("a submission limit was reached")]
    Limited { point: String, lang: Lang },
    #[error(transparent)]
    Internal(#[from] AppError),
}

impl From<store::StoreError> for SubmitError {
    fn from(e: store::StoreError) -> Self {
        SubmitError::Internal(e.into())
    }
}

impl App {
    async fn lookup(&self, token: &str) -> Result<Arc<Lookup>, AppError> {
        // A token we never minted is refused before any lookup, and never cached, so random
        // probing cannot fill the cache.
        if !point_token_is_genuine(self.key(), token) {
            return Ok(Arc::new(Lookup::Unknown));
        }
        let token = token.to_ascii_lowercase();
        if let Some(found) = self.caches().lookups.get(&token) {
            return Ok(found);
        }
        let lookup = match self.store().point_by_token(&token).await? {
            None => Lookup::Unknown,
            Some(found) if found.revoked => Lookup::Revoked(found),
            Some(point) => match self.store().active_campaign(point.point.id, self.now()).await? {
                None => Lookup::NoCampaign(point),
                Some(campaign) => {
                    let instrument = self.instrument(campaign.instrument_id).await?;
                    let verification = self.store().campaign_verification(campaign.id).await?;
                    Lookup::Open(Arc::new(Survey { token: token.clone(), point, campaign, instrument, verification }))
                }
            },
        };
        let lookup = Arc::new(lookup);
        self.caches().lookups.put(token, lookup.clone());
        Ok(lookup)
    }

    /// The survey a QR token leads to now.
    pub async fn survey(&self, token: &str) -> Result<Arc<Survey>, SurveyError> {
        match &*self.lookup(token).await? {
            Lookup::Unknown => Err(SurveyError::UnknownToken),
            Lookup::Revoked(found) => Err(SurveyError::Revoked { point: found.point.name.clone() }),
            Lookup::NoCampaign(found) => Err(SurveyError::NoCampaign { point: found.point.name.clone() }),
            Lookup::Open(survey) => Ok(survey.clone()),
        }
    }

    /// The service point of a QR token, whether or not a campaign runs there now.
    pub async fn point_of_token(&self, token: &str) -> Result<PointByToken, SurveyError> {
        match &*self.lookup(token).await? {
            Lookup::Unknown => Err(SurveyError::UnknownToken),
            Lookup::Revoked(found) => Err(SurveyError::Revoked { point: found.point.name.clone() }),
            Lookup::NoCampaign(found) => Ok(found.clone()),
            Lookup::Open(survey) => Ok(survey.point.clone()),
        }
    }

    /// A fresh token for one form page of `campaign`.
    pub fn issue_form_token(&self, campaign: i64) -> String {
        FormToken::issue(campaign, self.now()).seal(self.key())
    }

    /// The survey a form page was issued for, even if another campaign is active by now (a
    /// form opened just before a campaign ended is still accepted for a short while).
    async fn survey_of_form(
        &self,
        current: Option<&Arc<Survey>>,
        point: &PointByToken,
        token: &str,
        campaign: i64,
    ) -> Result<Option<Arc<Survey>>, AppError> {
        if let Some(survey) = current.filter(|s| s.campaign.id == campaign) {
            return Ok(Some(survey.clone()));
        }
        let Some(campaign) = self.store().campaign(campaign).await? else { return Ok(None) };
        if !self.store().campaign_has_point(campaign.id, point.point.id).await? {
            return Ok(None);
        }
        let instrument = self.instrument(campaign.instrument_id).await?;
        let verification = self.store().campaign_verification(campaign.id).await?;
        Ok(Some(Arc::new(Survey { token: token.to_owned(), point: point.clone(), campaign, instrument, verification })))
    }

    /// Checks and stores a submitted form. The citizen is thanked only after the commit.
    pub async fn submit(
        &self,
        token: &str,
        body: &[u8],
        channel: Channel,
        visitor: &Visitor,
    ) -> Result<Submitted, SubmitError> {
        let token = &token.to_ascii_lowercase();
        let lookup = self.lookup(token).await?;
        let (point, current) = match &*lookup {
            Lookup::Unknown => return Err(SurveyError::UnknownToken.into()),
            Lookup::Revoked(found) => return Err(SurveyError::Revoked { point: found.point.name.clone() }.into()),
            Lookup::NoCampaign(found) => (found, None),
            Lookup::Open(survey) => (&survey.point, Some(survey)),
        };
        let malformed = |malformed, lang| SubmitError::Malformed { malformed, point: point.point.name.clone(), lang };
        let pairs = answers::parse_urlencoded(body).map_err(|m| malformed(m, Lang::Vi))?;
        let field = |name: &str| pairs.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str());
        let lang = Lang::from_code_or_default(field("_lang"));
        let now = self.now();

        let form = field("_t").and_then(|t| FormToken::open(self.key(), t));
        let issued_for = match form {
            Some(f) => self.survey_of_form(current, point, token, f.campaign_id).await?,
            None => None,
        };
        let reason = match (form, &issued_for) {
            (None, _) | (_, None) => Some(RetryReason::InvalidToken),
            (Some(f), Some(_)) if now.duration_since(f.issued_at) > FORM_MAX_AGE => Some(RetryReason::Expired),
            _ => None,
        };
        let survey = match (reason, issued_for, current) {
            (None, Some(survey), _) => survey,
            (Some(_), _, Some(current)) => current.clone(),
            (Some(_), _, None) | (None, None, None) => {
                return Err(SubmitError::Closed { refusal: Refusal::Ended, point: point.point.name.clone(), lang });
            }
            (None, None, Some(current)) => current.clone(),
        };
        let instrument = &survey.instrument.instrument;
        let lang = if instrument.speaks(lang) { lang } else { Lang::Vi };

        let (answers, errors) = match answers::read(instrument, &pairs) {
            Ok(answers) => (answers, BTreeMap::new()),
            Err(Rejection::Malformed(m)) => return Err(malformed(m, lang)),
            Err(Rejection::Incomplete { kept, errors }) => (kept, errors),
        };
        let (code, verification) = CodeEntry::read(&survey, field(CODE_FIELD));
        let (contact_entry, contact) =
            ContactEntry::read(field(CONTACT_NAME_FIELD), field(CONTACT_PHONE_FIELD), field(CONTACT_EMAIL_FIELD));
        let contact_entry = Box::new(contact_entry);
        // Sent back: a stale or foreign form gets a fresh token, an incomplete one keeps its own.
        let retry = match reason {
            Some(reason) => Some((self.issue_form_token(survey.campaign.id), reason)),
            None if !errors.is_empty() || code.problem.is_some() || !contact_entry.problems.is_empty() => {
                Some((field("_t").unwrap_or_default().to_owned(), RetryReason::Incomplete))
            }
            None => None,
        };
        if let Some((form_token, reason)) = retry {
            return Ok(Submitted::Retry {
                survey,
                kept: answers,
                errors,
                form_token,
                lang,
                reason,
                code,
                contact: contact_entry,
            });
        }
        let form = form.expect("a form without a token was sent back above");

        let submission = Submission {
            point: survey.point.point.id,
            questions: instrument.items().count(),
            issued_at: form.issued_at,
            honeypot: field(HONEYPOT).is_some_and(|v| !v.trim().is_empty()),
            answers: &answers,
        };
        let integrity = self.integrity_marks(visitor, &submission);
        let response = NewResponse {
            client_id: form.client_id_text(),
            campaign_id: survey.campaign.id,
            point_id: survey.point.point.id,
            instrument_id: survey.instrument.id,
            channel,
            lang,
            issued_at: form.issued_at,
            submitted_at: now,
            comment_level: instrument.comment_level(&answers),
            deltas: tally::deltas(instrument, &answers),
            paper: None,
            integrity,
            verification,
            contact,
            answers,
        };
        match self.store().ingest(response).await? {
            IngestOutcome::Stored | IngestOutcome::AlreadyStored => Ok(Submitted::Thanked { lang }),
            IngestOutcome::Refused(refusal) => {
                Err(SubmitError::Closed { refusal, point: survey.point.point.name.clone(), lang })
            }
            IngestOutcome::Limited => Err(SubmitError::Limited { point: survey.point.point.name.clone(), lang }),
        }
    }
}
