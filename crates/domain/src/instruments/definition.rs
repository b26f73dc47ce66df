//! The questionnaire file format (TOML in `instruments/`, JSON in the database and in
//! exports). Field names here are the file's keys; unknown keys are errors, so a typo in a
//! file is reported instead of silently ignored.

use serde::{Deserialize, Serialize};

use crate::text::{Lang, Text};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct InstrumentDef {
    /// Stable code, e.g. `PKS05`.
    pub code: String,
    /// Starts at 1; a version that has responses is frozen.
    pub version: u32,
    pub languages: Vec<Lang>,
    pub title: Text,
    /// The paragraph shown above the questions (who runs the survey, why, anonymity).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub intro: Option<Text>,
    /// Where the questionnaire comes from (plan, decision, form number).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    /// The item whose answer is the overall satisfaction, when the instrument has one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub overall: Option<String>,
    pub scales: Vec<ScaleDef>,
    #[serde(default)]
    pub factors: Vec<FactorDef>,
    pub sections: Vec<SectionDef>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ScaleKind {
    /// Ordered levels (Rất không hài lòng … Rất hài lòng); some of them count as satisfied.
    Ordinal,
    /// Unordered options (gender, occupation, field of procedure).
    Nominal,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ScaleDef {
    pub code: String,
    pub kind: ScaleKind,
    pub levels: Vec<LevelDef>,
    /// The levels that count as satisfied (ordinal scales only), e.g. `[4, 5]`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub satisfied: Vec<u8>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LevelDef {
    pub value: u8,
    pub vi: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub en: Option<String>,
}

impl LevelDef {
    pub fn label(&self) -> Text {
        Text { vi: self.vi.clone(), en: self.en.clone() }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FactorDef {
    pub code: String,
    pub vi: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub en: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SectionDef {
    pub code: String,
    pub title: Text,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub intro: Option<Text>,
    pub items: Vec<ItemDef>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ItemKind {
    /// A question answered on an ordinal scale; counted in the satisfaction indices.
    Rating,
    /// A respondent field (gender, age band, field of procedure) answered from a list.
    Choice,
    /// An open comment.
    Text,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ItemDef {
    pub code: String,
    pub kind: ItemKind,
    pub text: Text,
    /// A short name for tables and exports ("Thái độ").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub short: Option<Text>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub help: Option<Text>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scale: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub factor: Option<String>,
    #[serde(default)]
    pub required: bool,
    /// Longest accepted answer of a text item, in characters.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_chars: Option<u32>,
}
