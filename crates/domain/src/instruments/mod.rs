//! Questionnaires as data: versioned instruments with scales, factors, sections and items.
//!
//! An [`Instrument`] can only be built by validating an [`InstrumentDef`], so code that holds
//! one may rely on its references (item → scale, item → factor, overall item) being sound.

pub mod definition;
mod validate;

use std::collections::HashMap;
use std::fmt;

use sha2::{Digest, Sha256};

pub use definition::{FactorDef, InstrumentDef, ItemDef, ItemKind, LevelDef, ScaleDef, ScaleKind, SectionDef};
pub use validate::{InstrumentError, InstrumentProblem};

/// The code of the respondent field that asks for the field of procedure (lĩnh vực thủ tục
/// hành chính) in the shipped instruments: breakdowns "by field" group by its answers.
pub const FIELD_OF_PROCEDURE: &str = "linh_vuc";

use crate::answers::Answers;
use crate::text::{Lang, Text};

/// A validated questionnaire version.
#[derive(Debug, Clone)]
pub struct Instrument {
    def: InstrumentDef,
    items: HashMap<String, (usize, usize)>,
    scales: HashMap<String, usize>,
    factors: HashMap<String, usize>,
    digest: String,
}

impl PartialEq for Instrument {
    fn eq(&self, other: &Self) -> bool {
        self.digest == other.digest
    }
}

impl Instrument {
    /// Normalises the text of `def` (NFC, trimmed) and checks it.
    pub fn new(mut def: InstrumentDef) -> Result<Instrument, Vec<InstrumentError>> {
        validate::normalize(&mut def);
        validate::check(&def)?;
        let mut items = HashMap::new();
        for (s, section) in def.sections.iter().enumerate() {
            for (i, item) in section.items.iter().enumerate() {
                items.insert(item.code.clone(), (s, i));
            }
        }
        let scales = def.scales.iter().enumerate().map(|(i, s)| (s.code.clone(), i)).collect();
        let factors = def.factors.iter().enumerate().map(|(i, f)| (f.code.clone(), i)).collect();
        let canonical = serde_json::to_vec(&def).expect("an instrument definition always serialises");
        let digest = hex(&Sha256::digest(&canonical));
        Ok(Instrument { def, items, scales, factors, digest })
    }

    pub fn from_toml(source: &str) -> Result<Instrument, Vec<InstrumentError>> {
        let def: InstrumentDef = toml::from_str(source).map_err(|e| vec![InstrumentError::syntax(e.to_string())])?;
        Instrument::new(def)
    }

    pub fn from_json(source: &str) -> Result<Instrument, Vec<InstrumentError>> {
        let def: InstrumentDef =
            serde_json::from_str(source).map_err(|e| vec![InstrumentError::syntax(e.to_string())])?;
        Instrument::new(def)
    }

    pub fn to_json(&self) -> String {
        serde_json::to_string(&self.def).expect("an instrument definition always serialises")
    }

    pub fn to_toml(&self) -> String {
        toml::to_string_pretty(&self.def).expect("an instrument definition always serialises")
    }

    pub fn def(&self) -> &InstrumentDef {
        &self.def
    }

    pub fn code(&self) -> &str {
        &self.def.code
    }

    pub fn version(&self) -> u32 {
        self.def.version
    }

    /// `PKS05 v1`.
    pub fn key(&self) -> InstrumentKey {
        InstrumentKey { code: self.def.code.clone(), version: self.def.version }
    }

    pub fn title(&self, lang: Lang) -> &str {
        self.def.title.get(lang)
    }

    /// SHA-256 of the canonical JSON: two instruments with the same digest are the same.
    pub fn digest(&self) -> &str {
        &self.digest
    }

    pub fn speaks(&self, lang: Lang) -> bool {
        self.def.languages.contains(&lang)
    }

    pub fn sections(&self) -> &[SectionDef] {
        &self.def.sections
    }

    pub fn items(&self) -> impl Iterator<Item = &ItemDef> {
        self.def.sections.iter().flat_map(|s| s.items.iter())
    }

    pub fn item(&self, code: &str) -> Option<&ItemDef> {
        self.items.get(code).map(|&(s, i)| &self.def.sections[s].items[i])
    }

    pub fn rating_items(&self) -> impl Iterator<Item = &ItemDef> {
        self.items().filter(|i| i.kind == ItemKind::Rating)
    }

    pub fn scale(&self, code: &str) -> Option<&ScaleDef> {
        self.scales.get(code).map(|&i| &self.def.scales[i])
    }

    /// The scale an item is answered on (rating and choice items always have one).
    pub fn scale_of(&self, item: &ItemDef) -> Option<&ScaleDef> {
        item.scale.as_deref().and_then(|code| self.scale(code))
    }

    pub fn factors(&self) -> &[FactorDef] {
        &self.def.factors
    }

    pub fn factor(&self, code: &str) -> Option<&FactorDef> {
        self.factors.get(code).map(|&i| &self.def.factors[i])
    }

    pub fn overall_item(&self) -> Option<&ItemDef> {
        self.def.overall.as_deref().and_then(|code| self.item(code))
    }

    /// The level a response's comments are ranked by, the unhappiest first: its answer to the
    /// overall question, or its lowest rating when the questionnaire has none (a choice's
    /// option number, such as a gender, says nothing about satisfaction). Stored with the
    /// response (`comment_level`), so the comments page reads its first page in this order.
    pub fn comment_level(&self, answers: &Answers) -> Option<u8> {
        match &self.def.overall {
            Some(code) => answers.level(code),
            None => self.rating_items().filter_map(|item| answers.level(&item.code)).min(),
        }
    }

    /// The scale a comment level is on (see [`Instrument::comment_level`]): the overall
    /// question's, or the first rating's when there is none.
    pub fn comment_scale(&self) -> Option<&ScaleDef> {
        self.overall_item().or_else(|| self.rating_items().next()).and_then(|item| self.scale_of(item))
    }

    /// The label of `level` on the scale of `item`, in `lang`.
    pub fn level_label(&self, item: &ItemDef, level: u8, lang: Lang) -> Option<&str> {
        let scale = self.scale_of(item)?;
        let found = scale.levels.iter().find(|l| l.value == level)?;
        Some(match lang {
            Lang::En => found.en.as_deref().unwrap_or(&found.vi),
            Lang::Vi => &found.vi,
        })
    }

    pub fn short_label<'a>(&self, item: &'a ItemDef, lang: Lang) -> &'a str {
        item.short.as_ref().map_or(item.code.as_str(), |t: &Text| t.get(lang))
    }
}

impl ScaleDef {
    pub fn has_level(&self, value: u8) -> bool {
        self.levels.iter().any(|l| l.value == value)
    }

    pub fn is_satisfied(&self, value: u8) -> bool {
        self.satisfied.contains(&value)
    }
}

/// Identifies an instrument version: `PKS05@1`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct InstrumentKey {
    pub code: String,
    pub version: u32,
}

impl InstrumentKey {
    /// Reads `PKS05` (no version: the newest) or `PKS05@2`.
    pub fn parse(raw: &str) -> Option<(String, Option<u32>)> {
        let raw = raw.trim();
        match raw.split_once('@') {
            None if !raw.is_empty() => Some((raw.to_ascii_uppercase(), None)),
            Some((code, version)) if !code.is_empty() => {
                let version = version.trim_start_matches(['v', 'V']).parse().ok()?;
                Some((code.to_ascii_uppercase(), Some(version)))
            }
            _ => None,
        }
    }
}

impl fmt::Display for InstrumentKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}@{}", self.code, self.version)
    }
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}
