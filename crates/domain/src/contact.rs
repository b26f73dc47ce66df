//! Contact details a citizen may choose to leave for a reply: a name (optional) and a
//! Vietnamese phone number and/or an email address, checked and normalised once. Kept apart
//! from the answers and purged after a retention period (docs/INTEGRITY.md, "Privacy").

use crate::text::{Lang, clean_line};

/// Longest name kept, in characters.
pub const NAME_MAX_CHARS: usize = 100;
/// Longest email address (RFC 5321's path limit), in characters.
pub const EMAIL_MAX_CHARS: usize = 254;
/// Digits of a phone number once normalised to its domestic form (`0…`).
const PHONE_DIGITS: std::ops::RangeInclusive<usize> = 9..=11;

/// Checked contact details: at least a phone number or an email address.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Contact {
    name: Option<String>,
    phone: Option<String>,
    email: Option<String>,
}

impl Contact {
    /// Details read back from the store, stored only after [`ContactEntry::read`] checked them.
    pub fn from_stored(name: Option<String>, phone: Option<String>, email: Option<String>) -> Contact {
        Contact { name, phone, email }
    }

    pub fn name(&self) -> Option<&str> {
        self.name.as_deref()
    }

    /// Domestic form, digits only: `0912345678`.
    pub fn phone(&self) -> Option<&str> {
        self.phone.as_deref()
    }

    pub fn email(&self) -> Option<&str> {
        self.email.as_deref()
    }
}

/// A field of the contact section.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum ContactField {
    Name,
    Phone,
    Email,
}

/// Why what was typed in the contact section cannot be kept.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ContactProblem {
    NameTooLong,
    ControlCharacters,
    /// A name without a way to reach its owner.
    NameOnly,
    BadPhone,
    EmailTooLong,
    BadEmail,
}

impl ContactProblem {
    pub fn message(self, lang: Lang) -> String {
        match (self, lang) {
            (ContactProblem::NameTooLong, Lang::Vi) => format!("họ tên dài quá {NAME_MAX_CHARS} ký tự"),
            (ContactProblem::NameTooLong, Lang::En) => format!("the name is longer than {NAME_MAX_CHARS} characters"),
            (ContactProblem::ControlCharacters, Lang::Vi) => "có ký tự điều khiển không hợp lệ".into(),
            (ContactProblem::ControlCharacters, Lang::En) => "it contains control characters".into(),
            (ContactProblem::NameOnly, Lang::Vi) => {
                "xin để lại số điện thoại hoặc email để được phản hồi (hoặc xóa họ tên)".into()
            }
            (ContactProblem::NameOnly, Lang::En) => {
                "please leave a phone number or an email to get a reply (or clear the name)".into()
            }
            (ContactProblem::BadPhone, Lang::Vi) => {
                "số điện thoại không đúng: bắt đầu bằng 0 hoặc +84, gồm 9–11 chữ số (ví dụ 0912 345 678)".into()
            }
            (ContactProblem::BadPhone, Lang::En) => {
                "the phone number is not valid: it starts with 0 or +84 and has 9–11 digits (e.g. 0912 345 678)".into()
            }
            (ContactProblem::EmailTooLong, Lang::Vi) => format!("email dài quá {EMAIL_MAX_CHARS} ký tự"),
            (ContactProblem::EmailTooLong, Lang::En) => {
                format!("the email is longer than {EMAIL_MAX_CHARS} characters")
            }
            (ContactProblem::BadEmail, Lang::Vi) => "email không đúng dạng (ví dụ ten@example.vn)".into(),
            (ContactProblem::BadEmail, Lang::En) => "the email is not valid (e.g. name@example.vn)".into(),
        }
    }
}

/// The contact section as the citizen filled it in, kept to show the form again, and what is
/// wrong with each field.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ContactEntry {
    pub name: String,
    pub phone: String,
    pub email: String,
    pub problems: Vec<(ContactField, ContactProblem)>,
}

impl ContactEntry {
    /// Reads the three fields. All empty: no contact, and nothing wrong. Otherwise each field is
    /// checked, and a name alone is refused: nobody could be reached.
    pub fn read(name: Option<&str>, phone: Option<&str>, email: Option<&str>) -> (ContactEntry, Option<Contact>) {
        let typed = |v: Option<&str>| v.unwrap_or_default().trim().to_owned();
        let mut entry = ContactEntry { name: typed(name), phone: typed(phone), email: typed(email), problems: vec![] };
        let name = entry.check(ContactField::Name, check_name);
        let phone = entry.check(ContactField::Phone, normalise_phone);
        let email = entry.check(ContactField::Email, check_email);
        if !entry.problems.is_empty() {
            return (entry, None);
        }
        match (name, phone, email) {
            (None, None, None) => (entry, None),
            (Some(_), None, None) => {
                entry.problems.push((ContactField::Phone, ContactProblem::NameOnly));
                (entry, None)
            }
            (name, phone, email) => (entry, Some(Contact { name, phone, email })),
        }
    }

    /// What is wrong with `field`, if anything.
    pub fn problem(&self, field: ContactField) -> Option<ContactProblem> {
        self.problems.iter().find(|(f, _)| *f == field).map(|(_, p)| *p)
    }

    /// The field's checked value, or its problem recorded; `None` for an empty field.
    fn check(&mut self, field: ContactField, rule: impl Fn(&str) -> Result<String, ContactProblem>) -> Option<String> {
        let raw = match field {
            ContactField::Name => &self.name,
            ContactField::Phone => &self.phone,
            ContactField::Email => &self.email,
        };
        if raw.is_empty() {
            return None;
        }
        if raw.chars().any(char::is_control) {
            self.problems.push((field, ContactProblem::ControlCharacters));
            return None;
        }
        match rule(raw) {
            Ok(value) => Some(value),
            Err(problem) => {
                self.problems.push((field, problem));
                None
            }
        }
    }
}

fn check_name(raw: &str) -> Result<String, ContactProblem> {
    let name = clean_line(raw);
    if name.chars().count() > NAME_MAX_CHARS { Err(ContactProblem::NameTooLong) } else { Ok(name) }
}

/// `+84 912.345-678` → `0912345678`: spaces, dots and dashes dropped, `+84` written as `0`.
fn normalise_phone(raw: &str) -> Result<String, ContactProblem> {
    let compact: String = raw.chars().filter(|c| !matches!(c, ' ' | '.' | '-')).collect();
    let domestic = match compact.strip_prefix("+84") {
        Some(rest) => format!("0{rest}"),
        None => compact,
    };
    let digits = domestic.len();
    if domestic.starts_with('0') && domestic.bytes().all(|b| b.is_ascii_digit()) && PHONE_DIGITS.contains(&digits) {
        Ok(domestic)
    } else {
        Err(ContactProblem::BadPhone)
    }
}

/// A sanity check, not RFC 5322: one `@` with something before it, and a domain with a dot
/// that neither starts nor ends it; no spaces.
fn check_email(raw: &str) -> Result<String, ContactProblem> {
    if raw.chars().count() > EMAIL_MAX_CHARS {
        return Err(ContactProblem::EmailTooLong);
    }
    let mut parts = raw.split('@');
    let (Some(local), Some(domain), None) = (parts.next(), parts.next(), parts.next()) else {
        return Err(ContactProblem::BadEmail);
    };
    let domain_ok = domain.contains('.') && !domain.starts_with('.') && !domain.ends_with('.');
    if local.is_empty() || !domain_ok || raw.chars().any(char::is_whitespace) {
        return Err(ContactProblem::BadEmail);
    }
    Ok(raw.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(name: &str, phone: &str, email: &str) -> (ContactEntry, Option<Contact>) {
        ContactEntry::read(Some(name), Some(phone), Some(email))
    }

    #[test]
    fn nothing_typed_is_no_contact_and_no_error() {
        let (entry, contact) = read(" ", "", "  ");
        assert!(entry.problems.is_empty() && contact.is_none());
        let (entry, contact) = ContactEntry::read(None, None, None);
        assert!(entry.problems.is_empty() && contact.is_none());
    }

    #[test]
    fn phone_numbers_are_normalised_to_the_domestic_form() {
        for (typed, kept) in [
            ("0912 345 678", "0912345678"),
            ("+84 912.345-678", "0912345678"),
            ("+84912345678", "0912345678"),
            ("024 3825 1234", "02438251234"),
            ("091 234 567", "091234567"),
        ] {
            let (_, contact) = read("", typed, "");
            assert_eq!(contact.unwrap().phone(), Some(kept), "{typed}");
        }
        for bad in ["912345678", "84912345678", "0912", "091234567890", "09a2345678", "+1 555 0100", "(091) 2345678"] {
            let (entry, contact) = read("", bad, "");
            assert_eq!(entry.problem(ContactField::Phone), Some(ContactProblem::BadPhone), "{bad}");
            assert!(contact.is_none());
        }
    }

    #[test]
    fn emails_get_a_sanity_check() {
        let (_, contact) = read("Nguyễn Văn A", "", "an.nguyen@example.vn");
        assert_eq!(contact.unwrap().email(), Some("an.nguyen@example.vn"));
        for bad in
            ["an", "an@example", "@example.vn", "an@@example.vn", "a@b@example.vn", "an@.vn", "an@example.", "a n@x.vn"]
        {
            assert_eq!(read("", "", bad).0.problem(ContactField::Email), Some(ContactProblem::BadEmail), "{bad}");
        }
        let long = format!("{}@example.vn", "a".repeat(250));
        assert_eq!(read("", "", &long).0.problem(ContactField::Email), Some(ContactProblem::EmailTooLong));
    }

    #[test]
    fn a_name_needs_a_way_to_reply_and_stays_short_and_printable() {
        let (entry, contact) = read("Trần Thị Bình", "", "");
        assert_eq!(entry.problem(ContactField::Phone), Some(ContactProblem::NameOnly));
        assert!(contact.is_none());
        let (entry, _) = read(&"ệ".repeat(NAME_MAX_CHARS + 1), "0912345678", "");
        assert_eq!(entry.problem(ContactField::Name), Some(ContactProblem::NameTooLong));
        let (entry, _) = read("An\u{7}", "0912345678", "");
        assert_eq!(entry.problem(ContactField::Name), Some(ContactProblem::ControlCharacters));
        let (entry, contact) = read(&"ệ".repeat(NAME_MAX_CHARS), "0912345678", "");
        assert!(entry.problems.is_empty());
        assert_eq!(contact.unwrap().name().map(|n| n.chars().count()), Some(NAME_MAX_CHARS));
    }

    #[test]
    fn every_problem_has_words_in_both_languages() {
        use ContactProblem::*;
        for p in [NameTooLong, ControlCharacters, NameOnly, BadPhone, EmailTooLong, BadEmail] {
            assert!(!p.message(Lang::Vi).is_empty() && !p.message(Lang::En).is_empty());
        }
        assert!(NameOnly.message(Lang::Vi).contains("để lại số điện thoại hoặc email"));
    }
}
