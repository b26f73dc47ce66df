//! Verification codes: one-time codes printed on a receipt or queue ticket, or the dossier code
//! (mã hồ sơ) of the one-stop software, that mark a response as verified. How a typed code is
//! normalised, which codes are plainly not codes, and how fresh codes are drawn.

use std::fmt;

use crate::signing::random_bytes;
use crate::text::Lang;

/// Symbols of generated codes: capitals and digits without 0/O, 1/I/L, which are misread on a
/// printed slip. 31 symbols.
pub const ALPHABET: &[u8; 31] = b"ABCDEFGHJKMNPQRSTUVWXYZ23456789";
/// Symbols in a generated code: about 40 bits, so guessing one of a batch is hopeless.
pub const GENERATED_LEN: usize = 8;
/// Shortest code accepted: shorter is a typing slip, not a dossier number.
pub const MIN_LEN: usize = 4;
/// Longest code accepted (dossier numbers such as `000.00.31.H10-240710-0001` fit).
pub const MAX_LEN: usize = 40;

/// A code normalised as it is stored and compared: no surrounding or inner spaces, no dashes,
/// capitals; made only of letters, digits, `.` and `/`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct VerificationCode(String);

/// Why a typed code cannot be a code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CodeProblem {
    Empty,
    TooShort,
    TooLong,
    BadCharacters,
}

impl CodeProblem {
    pub fn message(self, lang: Lang) -> String {
        match (self, lang) {
            (CodeProblem::Empty, Lang::Vi) => "mã trống".into(),
            (CodeProblem::Empty, Lang::En) => "the code is empty".into(),
            (CodeProblem::TooShort, Lang::Vi) => format!("mã quá ngắn (ít nhất {MIN_LEN} ký tự)"),
            (CodeProblem::TooShort, Lang::En) => format!("the code is too short (at least {MIN_LEN} characters)"),
            (CodeProblem::TooLong, Lang::Vi) => format!("mã dài quá {MAX_LEN} ký tự"),
            (CodeProblem::TooLong, Lang::En) => format!("the code is longer than {MAX_LEN} characters"),
            (CodeProblem::BadCharacters, Lang::Vi) => "mã chỉ gồm chữ cái không dấu, chữ số, dấu chấm hoặc '/'".into(),
            (CodeProblem::BadCharacters, Lang::En) => {
                "a code has only letters without accents, digits, '.' or '/'".into()
            }
        }
    }
}

impl VerificationCode {
    /// Normalises a typed or imported code, refusing what cannot be one.
    pub fn parse(raw: &str) -> Result<VerificationCode, CodeProblem> {
        let code = normalise(raw);
        let length = code.chars().count();
        if code.is_empty() {
            Err(CodeProblem::Empty)
        } else if length > MAX_LEN {
            Err(CodeProblem::TooLong)
        } else if !code.bytes().all(|b| b.is_ascii_uppercase() || b.is_ascii_digit() || b == b'.' || b == b'/') {
            Err(CodeProblem::BadCharacters)
        } else if length < MIN_LEN {
            Err(CodeProblem::TooShort)
        } else {
            Ok(VerificationCode(code))
        }
    }

    /// A code read back from the store, stored only after [`VerificationCode::parse`].
    pub fn from_stored(code: String) -> VerificationCode {
        VerificationCode(code)
    }

    /// A fresh code from the operating system's random source, e.g. `K7MQ3XHD`.
    pub fn generate() -> VerificationCode {
        let mut code = String::with_capacity(GENERATED_LEN);
        // Rejection sampling: bytes at or above 248 (8 × 31) would favour the first symbols.
        while code.len() < GENERATED_LEN {
            for byte in random_bytes::<16>() {
                if byte < 248 && code.len() < GENERATED_LEN {
                    code.push(ALPHABET[usize::from(byte % 31)] as char);
                }
            }
        }
        VerificationCode(code)
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// As printed: a generated code in two groups of four (`K7MQ-3XHD`), easier to read out;
    /// any other code as it is.
    pub fn display(&self) -> String {
        let generated = self.0.len() == GENERATED_LEN && self.0.bytes().all(|b| ALPHABET.contains(&b));
        if generated { format!("{}-{}", &self.0[..4], &self.0[4..]) } else { self.0.clone() }
    }
}

impl fmt::Display for VerificationCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.display())
    }
}

/// Trimmed, without spaces or dashes, in capitals: `" k7mq-3xhd "` → `"K7MQ3XHD"`.
pub fn normalise(raw: &str) -> String {
    raw.chars().filter(|c| !c.is_whitespace() && *c != '-').flat_map(char::to_uppercase).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typed_codes_are_normalised() {
        let code = VerificationCode::parse(" k7mq-3xhd ").unwrap();
        assert_eq!(code.as_str(), "K7MQ3XHD");
        assert_eq!(code.display(), "K7MQ-3XHD");
        let dossier = VerificationCode::parse("000.00.31.H10-240710-0001").unwrap();
        assert_eq!(dossier.as_str(), "000.00.31.H102407100001");
        assert_eq!(dossier.display(), "000.00.31.H102407100001");
    }

    #[test]
    fn what_cannot_be_a_code_is_refused() {
        assert_eq!(VerificationCode::parse("  - "), Err(CodeProblem::Empty));
        assert_eq!(VerificationCode::parse("AB1"), Err(CodeProblem::TooShort));
        assert_eq!(VerificationCode::parse(&"A".repeat(MAX_LEN + 1)), Err(CodeProblem::TooLong));
        assert_eq!(VerificationCode::parse("<script>"), Err(CodeProblem::BadCharacters));
        assert_eq!(VerificationCode::parse("mã-số-1"), Err(CodeProblem::BadCharacters));
        assert!(VerificationCode::parse(&"A".repeat(MAX_LEN)).is_ok());
    }

    #[test]
    fn generated_codes_use_the_unambiguous_alphabet() {
        for symbol in b"0O1IL" {
            assert!(!ALPHABET.contains(symbol));
        }
        let codes: std::collections::HashSet<String> =
            (0..500).map(|_| VerificationCode::generate().as_str().to_owned()).collect();
        assert_eq!(codes.len(), 500, "no repeats in 500 draws of 31^8");
        for code in &codes {
            assert_eq!(code.len(), GENERATED_LEN);
            assert!(code.bytes().all(|b| ALPHABET.contains(&b)));
            assert_eq!(VerificationCode::parse(code).unwrap().as_str(), code);
        }
    }
}
