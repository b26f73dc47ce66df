//! Languages and translated text. Vietnamese is the first language; English the second.

use serde::{Deserialize, Serialize};
use unicode_normalization::{UnicodeNormalization, is_nfc};

/// A language the product speaks. Vietnamese first: it is the default everywhere.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    #[default]
    Vi,
    En,
}

impl Lang {
    pub const ALL: [Lang; 2] = [Lang::Vi, Lang::En];

    pub fn code(self) -> &'static str {
        match self {
            Lang::Vi => "vi",
            Lang::En => "en",
        }
    }

    /// Reads a language code; anything unknown falls back to Vietnamese, which every text has.
    pub fn from_code_or_default(code: Option<&str>) -> Lang {
        match code.map(str::trim) {
            Some(c) if c.eq_ignore_ascii_case("en") => Lang::En,
            _ => Lang::Vi,
        }
    }
}

/// A text in Vietnamese with an optional English translation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct Text {
    pub vi: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub en: Option<String>,
}

impl Text {
    pub fn new(vi: impl Into<String>, en: impl Into<String>) -> Self {
        Text { vi: vi.into(), en: Some(en.into()) }
    }

    /// The text in `lang`, or the Vietnamese text when there is no translation.
    pub fn get(&self, lang: Lang) -> &str {
        match lang {
            Lang::Vi => &self.vi,
            Lang::En => self.en.as_deref().unwrap_or(&self.vi),
        }
    }

    pub fn has(&self, lang: Lang) -> bool {
        match lang {
            Lang::Vi => !self.vi.trim().is_empty(),
            Lang::En => self.en.as_deref().is_some_and(|s| !s.trim().is_empty()),
        }
    }
}

/// Normalises user-facing text: NFC (Vietnamese has several ways to compose a letter like "ệ"),
/// trimmed, with runs of whitespace collapsed to one space.
pub fn clean_line(raw: &str) -> String {
    let nfc: String = if is_nfc(raw) { raw.to_owned() } else { raw.nfc().collect() };
    nfc.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Normalises multi-line text (comments): NFC, trimmed, line breaks kept as `\n`, other
/// control characters dropped.
pub fn clean_paragraphs(raw: &str) -> String {
    let nfc: String = if is_nfc(raw) { raw.to_owned() } else { raw.nfc().collect() };
    let kept: String = nfc.replace("\r\n", "\n").chars().filter(|c| *c == '\n' || !c.is_control()).collect();
    kept.trim().to_owned()
}

/// Text for matching a search without caring about case or tones: "Xã Tân Dĩnh", "xa tan dinh"
/// and "TÂN DĨNH" all fold to the same letters.
pub fn fold_for_search(raw: &str) -> String {
    raw.nfd()
        .filter(|c| !('\u{0300}'..='\u{036f}').contains(c))
        .map(|c| match c {
            'đ' | 'Đ' => 'd',
            c => c,
        })
        .collect::<String>()
        .to_lowercase()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// A cell value that a spreadsheet will show as text, never run as a formula: a leading `=`,
/// `+`, `-`, `@`, tab or carriage return gets an apostrophe in front.
pub fn spreadsheet_safe(cell: &str) -> std::borrow::Cow<'_, str> {
    match cell.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => std::borrow::Cow::Owned(format!("'{cell}")),
        _ => std::borrow::Cow::Borrowed(cell),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clean_line_composes_and_collapses() {
        // "Việt" written with a combining dot below and circumflex.
        let decomposed = "  Vie\u{0323}\u{0302}t   Nam ";
        assert_eq!(clean_line(decomposed), "Việt Nam");
        assert!(is_nfc(&clean_line(decomposed)));
    }

    #[test]
    fn clean_paragraphs_keeps_lines_drops_controls() {
        assert_eq!(clean_paragraphs(" a\r\nb\u{0007}c \n"), "a\nbc");
    }

    #[test]
    fn search_ignores_tones_and_case() {
        assert_eq!(fold_for_search("Xã  Tân Dĩnh"), "xa tan dinh");
        assert_eq!(fold_for_search("ĐỒNG VIỆT"), "dong viet");
    }

    #[test]
    fn formulas_are_neutralised() {
        assert_eq!(spreadsheet_safe("=HYPERLINK(\"x\")"), "'=HYPERLINK(\"x\")");
        assert_eq!(spreadsheet_safe("-1+2"), "'-1+2");
        assert_eq!(spreadsheet_safe("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(spreadsheet_safe("Cán bộ nhiệt tình"), "Cán bộ nhiệt tình");
    }

    #[test]
    fn english_falls_back_to_vietnamese() {
        let t = Text { vi: "Xin chào".into(), en: None };
        assert_eq!(t.get(Lang::En), "Xin chào");
        assert!(!t.has(Lang::En));
    }
}
