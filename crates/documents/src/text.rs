//! Text as documents take it in: one clean NFC line to print, or an ASCII slug for a file name.

use unicode_normalization::UnicodeNormalization;

/// NFC, with line breaks, tabs and other control characters turned into single spaces: a unit
/// name pasted from a spreadsheet prints as one line of the letters it was meant to have.
pub fn one_line(raw: &str) -> String {
    let nfc: String = raw.nfc().collect();
    nfc.split(|c: char| c.is_whitespace() || c.is_control())
        .filter(|word| !word.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// Lowercase ASCII letters and digits joined by single dashes: "Xã Tân Dĩnh" → "xa-tan-dinh".
/// Tones and other marks are dropped, đ becomes d, anything else separates words.
pub fn slug(raw: &str) -> String {
    let plain = raw.nfd().filter(|c| !is_combining_mark(*c)).map(|c| match c {
        'đ' | 'Đ' => 'd',
        c => c.to_ascii_lowercase(),
    });
    let mut slug = String::with_capacity(raw.len());
    for c in plain {
        if c.is_ascii_alphanumeric() {
            slug.push(c);
        } else if !slug.is_empty() && !slug.ends_with('-') {
            slug.push('-');
        }
    }
    slug.trim_end_matches('-').to_owned()
}

/// Vietnamese tones and vowel marks decompose into this block.
fn is_combining_mark(c: char) -> bool {
    ('\u{0300}'..='\u{036f}').contains(&c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_line_is_nfc_with_single_spaces() {
        let decomposed = "Xa\u{0303}  Ta\u{0302}n\tDi\u{0303}nh\r\n";
        assert_eq!(one_line(decomposed), "Xã Tân Dĩnh");
        assert_eq!(one_line("  <script>(a\\b)</script> "), "<script>(a\\b)</script>");
    }

    #[test]
    fn slugs_fold_vietnamese_to_ascii() {
        assert_eq!(slug("Xã Tân Dĩnh"), "xa-tan-dinh");
        assert_eq!(slug("Phường Đồng Xoài – Bộ phận Một cửa"), "phuong-dong-xoai-bo-phan-mot-cua");
        assert_eq!(slug("ƯU TIÊN Ơ"), "uu-tien-o");
        assert_eq!(slug("../../etc/passwd"), "etc-passwd");
        assert_eq!(slug("中文"), "");
    }
}
