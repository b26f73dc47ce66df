//! Accounts: roles and the rules a password must meet.

use serde::{Deserialize, Serialize};

use crate::text::Lang;

/// What a user may do. Every role except admin is scoped to a subtree of the unit tree.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    /// Everything, including accounts.
    Admin,
    /// Runs campaigns in its subtree; the only role that sees raw responses.
    Organiser,
    /// Sees the aggregated results of its subtree.
    Manager,
    /// Enters paper forms, visitor counts and field reports for its points.
    Clerk,
    /// Reads aggregated results.
    Viewer,
}

impl Role {
    pub const ALL: [Role; 5] = [Role::Admin, Role::Organiser, Role::Manager, Role::Clerk, Role::Viewer];

    pub fn as_str(self) -> &'static str {
        match self {
            Role::Admin => "admin",
            Role::Organiser => "organiser",
            Role::Manager => "manager",
            Role::Clerk => "clerk",
            Role::Viewer => "viewer",
        }
    }

    pub fn parse(raw: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|r| r.as_str() == raw.trim())
    }

    pub fn label(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (Role::Admin, Lang::Vi) => "Quản trị hệ thống",
            (Role::Organiser, Lang::Vi) => "Cơ quan tổ chức khảo sát",
            (Role::Manager, Lang::Vi) => "Lãnh đạo đơn vị",
            (Role::Clerk, Lang::Vi) => "Cán bộ nhập liệu",
            (Role::Viewer, Lang::Vi) => "Người xem",
            (Role::Admin, Lang::En) => "Administrator",
            (Role::Organiser, Lang::En) => "Organiser",
            (Role::Manager, Lang::En) => "Unit manager",
            (Role::Clerk, Lang::En) => "Data-entry clerk",
            (Role::Viewer, Lang::En) => "Viewer",
        }
    }
}

/// A username: 3–32 lowercase letters, digits, '.', '-' or '_'.
pub fn parse_username(raw: &str) -> Result<String, &'static str> {
    let name = raw.trim().to_lowercase();
    let ok = (3..=32).contains(&name.len())
        && name.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || matches!(b, b'.' | b'-' | b'_'));
    if ok {
        Ok(name)
    } else {
        Err("tên đăng nhập gồm 3–32 chữ thường không dấu, số, '.', '-' hoặc '_'")
    }
}

pub const MIN_PASSWORD_CHARS: usize = 10;

/// Why a new password is refused: long passphrases beat composition rules.
pub fn check_new_password(password: &str, username: &str) -> Result<(), &'static str> {
    let chars = password.chars().count();
    if chars < MIN_PASSWORD_CHARS {
        return Err("mật khẩu cần ít nhất 10 ký tự");
    }
    if chars > 256 {
        return Err("mật khẩu dài quá 256 ký tự");
    }
    if password.to_lowercase().contains(&username.to_lowercase()) {
        return Err("mật khẩu không được chứa tên đăng nhập");
    }
    if password.chars().collect::<std::collections::HashSet<_>>().len() < 4 {
        return Err("mật khẩu quá đơn điệu");
    }
    Ok(())
}

/// Four groups of five letters and digits from the OS random source (~99 bits), easy to copy.
pub fn generate_password() -> String {
    const ALPHABET: &[u8] = b"abcdefghjkmnpqrstuvwxyz23456789";
    // Bytes at or above the largest multiple of the alphabet's size are dropped, so that every
    // character is equally likely.
    let limit = 256 - 256 % ALPHABET.len();
    let mut chars = Vec::with_capacity(20);
    while chars.len() < 20 {
        for byte in crate::signing::random_bytes::<32>() {
            if usize::from(byte) < limit && chars.len() < 20 {
                chars.push(ALPHABET[usize::from(byte) % ALPHABET.len()] as char);
            }
        }
    }
    chars.chunks(5).map(|c| c.iter().collect::<String>()).collect::<Vec<_>>().join("-")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn usernames_and_passwords() {
        assert_eq!(parse_username(" To.Chuc ").unwrap(), "to.chuc");
        assert!(parse_username("ab").is_err());
        assert!(parse_username("nguyễn").is_err());
        assert!(check_new_password("short", "admin").is_err());
        assert!(check_new_password("admin-password-2024", "admin").is_err());
        assert!(check_new_password("aaaaaaaaaaaa", "admin").is_err());
        assert!(check_new_password("mây trắng bay về núi", "admin").is_ok());
    }
}
