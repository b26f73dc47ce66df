//! Checks that make an [`InstrumentDef`] safe to serve: every reference resolves, every text
//! exists in every declared language, scales are well formed.

use std::collections::HashSet;
use std::fmt;

use super::definition::{InstrumentDef, ItemKind, ScaleKind};
use crate::text::{Lang, Text, clean_line, clean_paragraphs};

/// One problem, located by its path in the file (`sections[2].items[1].scale`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InstrumentError {
    pub path: String,
    pub problem: InstrumentProblem,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum InstrumentProblem {
    Syntax(String),
    BadCode(String),
    BadVersion,
    NoVietnamese,
    MissingText(Lang),
    Duplicate(String),
    TooFewLevels,
    BadLevel(u8),
    LevelsNotAscending,
    SatisfiedNotALevel(u8),
    NoSatisfiedLevels,
    NominalWithSatisfied,
    UnknownScale(String),
    RatingNeedsOrdinal(String),
    UnknownFactor(String),
    RatingNeedsFactor,
    ScaleOnTextItem,
    NeedsScale,
    BadMaxChars,
    MaxCharsOnClosedItem,
    EmptySection,
    NoRatingItem,
    OverallNotRating(String),
    UnusedFactor(String),
}

impl InstrumentError {
    pub(super) fn syntax(message: String) -> Self {
        InstrumentError { path: String::new(), problem: InstrumentProblem::Syntax(message) }
    }

    pub fn message(&self, lang: Lang) -> String {
        use InstrumentProblem::*;
        let vi = lang == Lang::Vi;
        let text = match &self.problem {
            Syntax(m) if vi => format!("sai cú pháp: {m}"),
            Syntax(m) => format!("syntax error: {m}"),
            BadCode(c) if vi => {
                format!("mã \"{c}\" không hợp lệ (chữ, số, '-' hoặc '_', tối đa 32 ký tự)")
            }
            BadCode(c) => {
                format!("code \"{c}\" is not valid (letters, digits, '-' or '_', at most 32)")
            }
            BadVersion if vi => "phiên bản phải từ 1 trở lên".into(),
            BadVersion => "version must be 1 or more".into(),
            NoVietnamese if vi => "languages phải có \"vi\"".into(),
            NoVietnamese => "languages must include \"vi\"".into(),
            MissingText(l) if vi => format!("thiếu nội dung tiếng {}", lang_name(*l, lang)),
            MissingText(l) => format!("the {} text is missing", lang_name(*l, lang)),
            Duplicate(c) if vi => format!("mã \"{c}\" bị trùng"),
            Duplicate(c) => format!("code \"{c}\" is used twice"),
            TooFewLevels if vi => "thang đo cần ít nhất 2 mức".into(),
            TooFewLevels => "a scale needs at least 2 levels".into(),
            BadLevel(v) if vi => format!("mức {v} không hợp lệ (từ 1 đến 11)"),
            BadLevel(v) => format!("level {v} is out of range (1 to 11)"),
            LevelsNotAscending if vi => "các mức phải tăng dần, không trùng".into(),
            LevelsNotAscending => "levels must be ascending and distinct".into(),
            SatisfiedNotALevel(v) if vi => format!("mức hài lòng {v} không có trong thang đo"),
            SatisfiedNotALevel(v) => format!("satisfied level {v} is not on the scale"),
            NoSatisfiedLevels if vi => "thang đo thứ bậc phải nêu các mức được tính là hài lòng".into(),
            NoSatisfiedLevels => "an ordinal scale must say which levels count as satisfied".into(),
            NominalWithSatisfied if vi => "thang đo định danh không có mức hài lòng".into(),
            NominalWithSatisfied => "a nominal scale has no satisfied levels".into(),
            UnknownScale(s) if vi => format!("không có thang đo \"{s}\""),
            UnknownScale(s) => format!("there is no scale \"{s}\""),
            RatingNeedsOrdinal(s) if vi => {
                format!("câu hỏi đánh giá cần thang đo thứ bậc, \"{s}\" là định danh")
            }
            RatingNeedsOrdinal(s) => {
                format!("a rating item needs an ordinal scale; \"{s}\" is nominal")
            }
            UnknownFactor(f) if vi => format!("không có nhóm tiêu chí \"{f}\""),
            UnknownFactor(f) => format!("there is no factor \"{f}\""),
            RatingNeedsFactor if vi => "câu hỏi đánh giá phải thuộc một nhóm tiêu chí (factor)".into(),
            RatingNeedsFactor => "a rating item must name its factor".into(),
            ScaleOnTextItem if vi => "câu hỏi mở không dùng thang đo".into(),
            ScaleOnTextItem => "a text item has no scale".into(),
            NeedsScale if vi => "câu hỏi cần thang đo (scale)".into(),
            NeedsScale => "the item needs a scale".into(),
            BadMaxChars if vi => "max_chars phải từ 1 đến 4000".into(),
            BadMaxChars => "max_chars must be between 1 and 4000".into(),
            MaxCharsOnClosedItem if vi => "max_chars chỉ dùng cho câu hỏi mở".into(),
            MaxCharsOnClosedItem => "max_chars is only for text items".into(),
            EmptySection if vi => "phần không có câu hỏi nào".into(),
            EmptySection => "the section has no items".into(),
            NoRatingItem if vi => "phiếu cần ít nhất một câu hỏi đánh giá".into(),
            NoRatingItem => "the instrument needs at least one rating item".into(),
            OverallNotRating(c) if vi => {
                format!("câu hỏi chung \"{c}\" phải là câu hỏi đánh giá có trong phiếu")
            }
            OverallNotRating(c) => {
                format!("overall item \"{c}\" must be a rating item of this instrument")
            }
            UnusedFactor(f) if vi => format!("nhóm tiêu chí \"{f}\" không có câu hỏi nào"),
            UnusedFactor(f) => format!("factor \"{f}\" has no items"),
        };
        if self.path.is_empty() { text } else { format!("{}: {text}", self.path) }
    }
}

fn lang_name(l: Lang, lang: Lang) -> &'static str {
    match (l, lang) {
        (Lang::Vi, Lang::Vi) => "Việt",
        (Lang::En, Lang::Vi) => "Anh",
        (Lang::Vi, Lang::En) => "Vietnamese",
        (Lang::En, Lang::En) => "English",
    }
}

impl fmt::Display for InstrumentError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message(Lang::Vi))
    }
}

/// NFC and trims every text, so files typed on any keyboard compare and display the same.
pub(super) fn normalize(def: &mut InstrumentDef) {
    fn line(t: &mut Text) {
        t.vi = clean_line(&t.vi);
        t.en = t.en.as_deref().map(clean_line);
    }
    fn para(t: &mut Text) {
        t.vi = clean_paragraphs(&t.vi);
        t.en = t.en.as_deref().map(clean_paragraphs);
    }
    def.code = def.code.trim().to_owned();
    line(&mut def.title);
    def.intro.as_mut().map(para);
    for scale in &mut def.scales {
        for level in &mut scale.levels {
            level.vi = clean_line(&level.vi);
            level.en = level.en.as_deref().map(clean_line);
        }
    }
    for factor in &mut def.factors {
        factor.vi = clean_line(&factor.vi);
        factor.en = factor.en.as_deref().map(clean_line);
    }
    for section in &mut def.sections {
        line(&mut section.title);
        section.intro.as_mut().map(para);
        for item in &mut section.items {
            line(&mut item.text);
            item.short.as_mut().map(line);
            item.help.as_mut().map(para);
        }
    }
}

fn valid_code(code: &str, upper: bool) -> bool {
    let mut chars = code.chars();
    let first_ok = chars.next().is_some_and(|c| c.is_ascii_alphanumeric());
    first_ok
        && code.len() <= 32
        && code.chars().all(|c| {
            (if upper { c.is_ascii_uppercase() } else { c.is_ascii_lowercase() })
                || c.is_ascii_digit()
                || c == '-'
                || c == '_'
        })
}

pub(super) fn check(def: &InstrumentDef) -> Result<(), Vec<InstrumentError>> {
    let mut errors = Vec::new();
    let mut err = |path: String, problem| errors.push(InstrumentError { path, problem });
    use InstrumentProblem::*;

    if !valid_code(&def.code, true) {
        err("code".into(), BadCode(def.code.clone()));
    }
    if def.version == 0 {
        err("version".into(), BadVersion);
    }
    if !def.languages.contains(&Lang::Vi) {
        err("languages".into(), NoVietnamese);
    }
    let mut texts: Vec<(String, Text)> = vec![("title".into(), def.title.clone())];
    if let Some(intro) = &def.intro {
        texts.push(("intro".into(), intro.clone()));
    }

    let mut scale_codes = HashSet::new();
    for (s, scale) in def.scales.iter().enumerate() {
        let path = format!("scales[{s}]");
        if !valid_code(&scale.code, false) {
            err(format!("{path}.code"), BadCode(scale.code.clone()));
        }
        if !scale_codes.insert(scale.code.as_str()) {
            err(format!("{path}.code"), Duplicate(scale.code.clone()));
        }
        if scale.levels.len() < 2 {
            err(format!("{path}.levels"), TooFewLevels);
        }
        for (l, level) in scale.levels.iter().enumerate() {
            if !(1..=11).contains(&level.value) {
                err(format!("{path}.levels[{l}]"), BadLevel(level.value));
            }
            texts.push((format!("{path}.levels[{l}]"), level.label()));
        }
        if scale.levels.windows(2).any(|w| w[0].value >= w[1].value) {
            err(format!("{path}.levels"), LevelsNotAscending);
        }
        match scale.kind {
            ScaleKind::Ordinal if scale.satisfied.is_empty() => err(format!("{path}.satisfied"), NoSatisfiedLevels),
            ScaleKind::Nominal if !scale.satisfied.is_empty() => err(format!("{path}.satisfied"), NominalWithSatisfied),
            _ => {}
        }
        for &v in &scale.satisfied {
            if !scale.has_level(v) {
                err(format!("{path}.satisfied"), SatisfiedNotALevel(v));
            }
        }
    }

    let mut factor_codes = HashSet::new();
    for (f, factor) in def.factors.iter().enumerate() {
        let path = format!("factors[{f}]");
        if !valid_code(&factor.code, false) {
            err(format!("{path}.code"), BadCode(factor.code.clone()));
        }
        if !factor_codes.insert(factor.code.as_str()) {
            err(format!("{path}.code"), Duplicate(factor.code.clone()));
        }
        texts.push((path, Text { vi: factor.vi.clone(), en: factor.en.clone() }));
    }

    let mut section_codes = HashSet::new();
    let mut item_codes = HashSet::new();
    let mut used_factors = HashSet::new();
    for (s, section) in def.sections.iter().enumerate() {
        let path = format!("sections[{s}]");
        if !valid_code(&section.code, false) {
            err(format!("{path}.code"), BadCode(section.code.clone()));
        }
        if !section_codes.insert(section.code.as_str()) {
            err(format!("{path}.code"), Duplicate(section.code.clone()));
        }
        if section.items.is_empty() {
            err(path.clone(), EmptySection);
        }
        texts.push((format!("{path}.title"), section.title.clone()));
        if let Some(intro) = &section.intro {
            texts.push((format!("{path}.intro"), intro.clone()));
        }
        for (i, item) in section.items.iter().enumerate() {
            let path = format!("{path}.items[{i}]");
            if !valid_code(&item.code, false) {
                err(format!("{path}.code"), BadCode(item.code.clone()));
            }
            if !item_codes.insert(item.code.as_str()) {
                err(format!("{path}.code"), Duplicate(item.code.clone()));
            }
            texts.push((format!("{path}.text"), item.text.clone()));
            for (name, t) in [("short", &item.short), ("help", &item.help)] {
                if let Some(t) = t {
                    texts.push((format!("{path}.{name}"), t.clone()));
                }
            }
            match item.kind {
                ItemKind::Text => {
                    if item.scale.is_some() {
                        err(format!("{path}.scale"), ScaleOnTextItem);
                    }
                    if !item.max_chars.is_some_and(|m| (1..=4000).contains(&m)) {
                        err(format!("{path}.max_chars"), BadMaxChars);
                    }
                }
                ItemKind::Rating | ItemKind::Choice => {
                    if item.max_chars.is_some() {
                        err(format!("{path}.max_chars"), MaxCharsOnClosedItem);
                    }
                    match item.scale.as_deref() {
                        None => err(format!("{path}.scale"), NeedsScale),
                        Some(code) => match def.scales.iter().find(|s| s.code == code) {
                            None => err(format!("{path}.scale"), UnknownScale(code.into())),
                            Some(scale) if item.kind == ItemKind::Rating && scale.kind != ScaleKind::Ordinal => {
                                err(format!("{path}.scale"), RatingNeedsOrdinal(code.into()))
                            }
                            Some(_) => {}
                        },
                    }
                }
            }
            match (&item.factor, item.kind) {
                (None, ItemKind::Rating) => err(format!("{path}.factor"), RatingNeedsFactor),
                (Some(code), _) if !factor_codes.contains(code.as_str()) => {
                    err(format!("{path}.factor"), UnknownFactor(code.clone()))
                }
                (Some(code), _) => {
                    used_factors.insert(code.as_str());
                }
                (None, _) => {}
            }
        }
    }
    let rating =
        |code: &str| def.sections.iter().flat_map(|s| &s.items).any(|i| i.code == code && i.kind == ItemKind::Rating);
    if !def.sections.iter().flat_map(|s| &s.items).any(|i| i.kind == ItemKind::Rating) {
        err("sections".into(), NoRatingItem);
    }
    if let Some(overall) = &def.overall
        && !rating(overall)
    {
        err("overall".into(), OverallNotRating(overall.clone()));
    }
    for (f, factor) in def.factors.iter().enumerate() {
        if !used_factors.contains(factor.code.as_str()) {
            err(format!("factors[{f}]"), UnusedFactor(factor.code.clone()));
        }
    }
    for (path, text) in texts {
        for &lang in &def.languages {
            if !text.has(lang) {
                err(path.clone(), MissingText(lang));
            }
        }
    }

    if errors.is_empty() { Ok(()) } else { Err(errors) }
}
