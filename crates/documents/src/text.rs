//! Text as documents take it in: one clean NFC line to print.

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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_line_is_nfc_with_single_spaces() {
        let decomposed = "Xa\u{0303}  Ta\u{0302}n\tDi\u{0303}nh\r\n";
        assert_eq!(one_line(decomposed), "Xã Tân Dĩnh");
        assert_eq!(one_line("  <script>(a\\b)</script> "), "<script>(a\\b)</script>");
    }
}
