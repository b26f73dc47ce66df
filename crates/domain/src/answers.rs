//! Reading a citizen's submitted form into answers checked against the instrument.
//!
//! Two kinds of failure are kept apart on purpose. A form our page could have produced but
//! that is incomplete (a required question left blank, a comment too long) is `Incomplete`:
//! the page is shown again with the answers kept. A body our page could never have produced
//! (unknown question, level not on the scale, bytes that are not UTF-8) is `Malformed`: it
//! is refused with a clear message and nothing is stored.

use std::collections::BTreeMap;
use std::fmt;

use percent_encoding::percent_decode;
use serde::de::{self, Deserializer, Unexpected, Visitor};
use serde::{Deserialize, Serialize};

use crate::instruments::{Instrument, ItemKind};
use crate::text::{Lang, clean_paragraphs};

/// One answer: a level (or option number) of the item's scale, or a text. Stored as a JSON
/// number or string.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(untagged)]
pub enum Answer {
    Level(u8),
    Text(String),
}

impl Answer {
    /// The level (or option number) given, if this answer is one.
    pub fn level(&self) -> Option<u8> {
        match self {
            Answer::Level(l) => Some(*l),
            Answer::Text(_) => None,
        }
    }
}

/// Read by what the value is rather than by trying each kind in turn as `untagged` would:
/// that buffers every value and, for a text, formats a whole error message quoting the
/// comment before reading it again — a fifth of an export's time.
impl<'de> Deserialize<'de> for Answer {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(AnswerVisitor)
    }
}

struct AnswerVisitor;

impl Visitor<'_> for AnswerVisitor {
    type Value = Answer;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a level from 0 to 255 or a text")
    }

    fn visit_u64<E: de::Error>(self, value: u64) -> Result<Answer, E> {
        u8::try_from(value).map(Answer::Level).map_err(|_| E::invalid_value(Unexpected::Unsigned(value), &self))
    }

    fn visit_i64<E: de::Error>(self, value: i64) -> Result<Answer, E> {
        u64::try_from(value).map_err(|_| E::invalid_value(Unexpected::Signed(value), &self))?;
        self.visit_u64(value as u64)
    }

    fn visit_str<E: de::Error>(self, value: &str) -> Result<Answer, E> {
        Ok(Answer::Text(value.to_owned()))
    }

    fn visit_string<E: de::Error>(self, value: String) -> Result<Answer, E> {
        Ok(Answer::Text(value))
    }
}

/// The answers of one response, by item code. Blank items are absent: missing is not zero.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Answers(pub BTreeMap<String, Answer>);

impl Answers {
    pub fn level(&self, item: &str) -> Option<u8> {
        self.0.get(item).and_then(Answer::level)
    }

    pub fn text(&self, item: &str) -> Option<&str> {
        match self.0.get(item) {
            Some(Answer::Text(t)) => Some(t),
            _ => None,
        }
    }

    pub fn to_json(&self) -> String {
        serde_json::to_string(self).expect("answers always serialise")
    }

    pub fn from_json(json: &str) -> Result<Answers, serde_json::Error> {
        serde_json::from_str(json)
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

/// Why a body cannot be a form our page produced.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Malformed {
    NotUtf8,
    TooManyFields,
    UnknownItem(String),
    BadLevel { item: String, value: String },
    Repeated(String),
}

impl Malformed {
    pub fn message(&self, lang: Lang) -> String {
        match (lang, self) {
            (Lang::Vi, Malformed::NotUtf8) => "Dữ liệu gửi lên không phải văn bản UTF-8 hợp lệ.".into(),
            (Lang::En, Malformed::NotUtf8) => "The submitted data is not valid UTF-8 text.".into(),
            (Lang::Vi, Malformed::TooManyFields) => "Phiếu gửi lên có quá nhiều trường.".into(),
            (Lang::En, Malformed::TooManyFields) => "The form has too many fields.".into(),
            (Lang::Vi, Malformed::UnknownItem(c)) => format!("Phiếu không có câu hỏi \"{c}\"."),
            (Lang::En, Malformed::UnknownItem(c)) => {
                format!("The questionnaire has no question \"{c}\".")
            }
            (Lang::Vi, Malformed::BadLevel { item, value }) => {
                format!("Câu trả lời \"{value}\" không có trong các lựa chọn của câu hỏi \"{item}\".")
            }
            (Lang::En, Malformed::BadLevel { item, value }) => {
                format!("\"{value}\" is not one of the choices of question \"{item}\".")
            }
            (Lang::Vi, Malformed::Repeated(c)) => format!("Câu hỏi \"{c}\" được trả lời hai lần."),
            (Lang::En, Malformed::Repeated(c)) => format!("Question \"{c}\" is answered twice."),
        }
    }
}

/// Why one question needs the citizen's attention.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FieldError {
    Missing,
    TooLong { max: u32 },
}

impl FieldError {
    pub fn message(self, lang: Lang) -> String {
        match (lang, self) {
            (Lang::Vi, FieldError::Missing) => "Xin Ông/Bà chọn một câu trả lời cho câu hỏi này.".into(),
            (Lang::En, FieldError::Missing) => "Please choose an answer to this question.".into(),
            (Lang::Vi, FieldError::TooLong { max }) => {
                format!("Ý kiến dài quá {max} ký tự, xin rút gọn.")
            }
            (Lang::En, FieldError::TooLong { max }) => {
                format!("The comment is longer than {max} characters.")
            }
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Rejection {
    Malformed(Malformed),
    /// `kept` holds every valid answer so the page can be shown again as the citizen left it.
    Incomplete {
        kept: Answers,
        errors: BTreeMap<String, FieldError>,
    },
}

/// Most fields a form may carry; our longest instrument has fewer than 40.
pub const MAX_FIELDS: usize = 200;

/// Decodes an `application/x-www-form-urlencoded` body into name/value pairs, refusing bytes
/// that are not UTF-8 instead of replacing them (a replaced comment would be a silent change).
pub fn parse_urlencoded(body: &[u8]) -> Result<Vec<(String, String)>, Malformed> {
    let mut pairs = Vec::new();
    for part in body.split(|&b| b == b'&').filter(|p| !p.is_empty()) {
        if pairs.len() == MAX_FIELDS {
            return Err(Malformed::TooManyFields);
        }
        let (name, value) = match part.iter().position(|&b| b == b'=') {
            Some(i) => (&part[..i], &part[i + 1..]),
            None => (part, &[][..]),
        };
        pairs.push((decode(name)?, decode(value)?));
    }
    Ok(pairs)
}

fn decode(raw: &[u8]) -> Result<String, Malformed> {
    let spaced: Vec<u8> = raw.iter().map(|&b| if b == b'+' { b' ' } else { b }).collect();
    percent_decode(&spaced).decode_utf8().map(|s| s.into_owned()).map_err(|_| Malformed::NotUtf8)
}

/// Checks submitted pairs against `instrument`. Names starting with `_` are the form's own
/// fields (token, language) and are left to the caller.
pub fn read(instrument: &Instrument, pairs: &[(String, String)]) -> Result<Answers, Rejection> {
    let mut answers = BTreeMap::new();
    let mut seen = std::collections::HashSet::new();
    let mut errors = BTreeMap::new();
    for (name, value) in pairs {
        if name.starts_with('_') {
            continue;
        }
        let Some(item) = instrument.item(name) else {
            return Err(Rejection::Malformed(Malformed::UnknownItem(truncate(name))));
        };
        if !seen.insert(name.as_str()) {
            return Err(Rejection::Malformed(Malformed::Repeated(name.clone())));
        }
        match item.kind {
            ItemKind::Rating | ItemKind::Choice => {
                let value = value.trim();
                if value.is_empty() {
                    continue;
                }
                let scale = instrument.scale_of(item).expect("validated instruments give every closed item a scale");
                match value.parse::<u8>() {
                    Ok(level) if scale.has_level(level) => {
                        answers.insert(name.clone(), Answer::Level(level));
                    }
                    _ => {
                        return Err(Rejection::Malformed(Malformed::BadLevel {
                            item: name.clone(),
                            value: truncate(value),
                        }));
                    }
                }
            }
            ItemKind::Text => {
                let text = clean_paragraphs(value);
                if text.is_empty() {
                    continue;
                }
                let max = item.max_chars.unwrap_or(1000);
                if text.chars().count() > max as usize {
                    errors.insert(name.clone(), FieldError::TooLong { max });
                }
                answers.insert(name.clone(), Answer::Text(text));
            }
        }
    }
    for item in instrument.items() {
        if item.required && !answers.contains_key(&item.code) {
            errors.insert(item.code.clone(), FieldError::Missing);
        }
    }
    if errors.is_empty() { Ok(Answers(answers)) } else { Err(Rejection::Incomplete { kept: Answers(answers), errors }) }
}

/// Reads a paper slip as a clerk typed it. A question the citizen left blank on paper is
/// missing, not an error (and never a zero); a comment too long still is.
pub fn read_paper(instrument: &Instrument, pairs: &[(String, String)]) -> Result<Answers, Rejection> {
    match read(instrument, pairs) {
        Err(Rejection::Incomplete { kept, mut errors }) => {
            errors.retain(|_, e| *e != FieldError::Missing);
            if errors.is_empty() { Ok(kept) } else { Err(Rejection::Incomplete { kept, errors }) }
        }
        other => other,
    }
}

/// Keeps echoed input short in messages.
fn truncate(s: &str) -> String {
    s.chars().take(40).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::instruments::Instrument;
    use proptest::prelude::*;

    const SMALL: &str = r#"
code = "T1"
version = 1
languages = ["vi"]
title = { vi = "Thử" }

[[scales]]
code = "hl5"
kind = "ordinal"
satisfied = [4, 5]
levels = [
  { value = 1, vi = "Rất không hài lòng" }, { value = 2, vi = "Không hài lòng" },
  { value = 3, vi = "Bình thường" }, { value = 4, vi = "Hài lòng" }, { value = 5, vi = "Rất hài lòng" },
]

[[factors]]
code = "thai_do"
vi = "Thái độ"

[[sections]]
code = "a"
title = { vi = "Đánh giá" }
items = [
  { code = "q1", kind = "rating", scale = "hl5", factor = "thai_do", required = true, text = { vi = "Thái độ" } },
  { code = "q2", kind = "rating", scale = "hl5", factor = "thai_do", text = { vi = "Hướng dẫn" } },
  { code = "y_kien", kind = "text", max_chars = 10, text = { vi = "Ý kiến" } },
]
"#;

    fn instrument() -> Instrument {
        Instrument::from_toml(SMALL).unwrap()
    }

    fn pairs(body: &str) -> Vec<(String, String)> {
        parse_urlencoded(body.as_bytes()).unwrap()
    }

    #[test]
    fn decodes_vietnamese_and_plus() {
        let p = pairs("y_kien=Nh%C3%A2n+vi%C3%AAn+t%E1%BB%91t&_t=abc&flag");
        assert_eq!(p[0], ("y_kien".into(), "Nhân viên tốt".into()));
        assert_eq!(p[2], ("flag".into(), String::new()));
        assert_eq!(parse_urlencoded(b"y_kien=%FF%FE"), Err(Malformed::NotUtf8));
    }

    #[test]
    fn complete_answers_are_read_and_blanks_left_out() {
        let answers = read(&instrument(), &pairs("_t=x&q1=5&q2=&y_kien=T%E1%BB%91t")).unwrap();
        assert_eq!(answers.level("q1"), Some(5));
        assert_eq!(answers.level("q2"), None);
        assert_eq!(answers.text("y_kien"), Some("Tốt"));
        assert_eq!(answers.to_json(), r#"{"q1":5,"y_kien":"Tốt"}"#);
    }

    #[test]
    fn incomplete_keeps_what_was_given() {
        let Err(Rejection::Incomplete { kept, errors }) = read(&instrument(), &pairs("q2=3&y_kien=mot+hai+ba+bon"))
        else {
            panic!("expected incomplete")
        };
        assert_eq!(kept.level("q2"), Some(3));
        assert_eq!(errors["q1"], FieldError::Missing);
        assert_eq!(errors["y_kien"], FieldError::TooLong { max: 10 });
    }

    #[test]
    fn malformed_bodies_are_refused() {
        let i = instrument();
        let check = |body: &str| match read(&i, &pairs(body)) {
            Err(Rejection::Malformed(m)) => m,
            other => panic!("{body}: {other:?}"),
        };
        assert_eq!(check("q1=5&q9=1"), Malformed::UnknownItem("q9".into()));
        assert!(matches!(check("q1=6"), Malformed::BadLevel { .. }));
        assert!(matches!(check("q1=-1"), Malformed::BadLevel { .. }));
        assert!(matches!(check("q1=4.5"), Malformed::BadLevel { .. }));
        assert_eq!(check("q1=5&q1=4"), Malformed::Repeated("q1".into()));
        let many = "a=1&".repeat(MAX_FIELDS + 1);
        assert_eq!(parse_urlencoded(many.as_bytes()), Err(Malformed::TooManyFields));
    }

    #[test]
    fn stored_answers_read_back_by_kind() {
        let answers = Answers::from_json(r#"{"a":0,"b":255,"c":"Chờ \"lâu\"\n","d":"5"}"#).unwrap();
        assert_eq!(answers.level("a"), Some(0));
        assert_eq!(answers.level("b"), Some(255));
        assert_eq!(answers.text("c"), Some("Chờ \"lâu\"\n"));
        assert_eq!(answers.text("d"), Some("5"), "a quoted number is a text");
        for bad in [r#"{"a":256}"#, r#"{"a":-1}"#, r#"{"a":4.5}"#, r#"{"a":null}"#, r#"{"a":[1]}"#] {
            assert!(Answers::from_json(bad).is_err(), "{bad}");
        }
    }

    proptest! {
        #[test]
        fn any_text_round_trips(text in any::<String>(), level in any::<u8>()) {
            let answers = Answers(BTreeMap::from([("t".to_owned(), Answer::Text(text)), ("l".to_owned(), Answer::Level(level))]));
            prop_assert_eq!(Answers::from_json(&answers.to_json()).unwrap(), answers);
        }

        #[test]
        fn the_parser_never_panics(body in proptest::collection::vec(any::<u8>(), 0..512)) {
            if let Ok(p) = parse_urlencoded(&body) {
                let _ = read(&instrument(), &p);
            }
        }

        #[test]
        fn every_valid_choice_round_trips(q1 in 1u8..=5, q2 in proptest::option::of(1u8..=5)) {
            let mut body = format!("q1={q1}");
            if let Some(q2) = q2 { body.push_str(&format!("&q2={q2}")); }
            let answers = read(&instrument(), &pairs(&body)).unwrap();
            prop_assert_eq!(answers.level("q1"), Some(q1));
            prop_assert_eq!(answers.level("q2"), q2);
            prop_assert_eq!(Answers::from_json(&answers.to_json()).unwrap(), answers);
        }
    }
}
