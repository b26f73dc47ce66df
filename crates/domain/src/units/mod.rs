//! The administrative tree: units with stable codes, kinds, parents and validity dates.

pub mod import;

use std::fmt;

use jiff::civil::Date;
use serde::{Deserialize, Serialize};

use crate::text::Lang;

/// A unit's code, e.g. province `24`, district `213`, commune `07210`. Always text: leading
/// zeros matter and codes of different levels would collide as numbers.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct UnitCode(String);

impl UnitCode {
    pub const MAX_LEN: usize = 32;

    pub fn parse(raw: &str) -> Result<Self, UnitCodeError> {
        let code = raw.trim();
        if code.is_empty() {
            return Err(UnitCodeError::Empty);
        }
        if code.len() > Self::MAX_LEN {
            return Err(UnitCodeError::TooLong);
        }
        if !code.bytes().all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.')) {
            return Err(UnitCodeError::BadCharacter);
        }
        Ok(UnitCode(code.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for UnitCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl TryFrom<String> for UnitCode {
    type Error = UnitCodeError;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        UnitCode::parse(&value)
    }
}

impl From<UnitCode> for String {
    fn from(code: UnitCode) -> String {
        code.0
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum UnitCodeError {
    #[error("mã đơn vị trống")]
    Empty,
    #[error("mã đơn vị dài quá 32 ký tự")]
    TooLong,
    #[error("mã đơn vị chỉ gồm chữ, số, dấu '-', '_' hoặc '.'")]
    BadCharacter,
}

/// What a unit is. A province, district or commune is an administrative unit (and usually its
/// own one-stop desk); a centre or service point is a place where citizens are served.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum UnitKind {
    Province,
    District,
    Commune,
    Centre,
    ServicePoint,
}

impl UnitKind {
    pub const ALL: [UnitKind; 5] =
        [UnitKind::Province, UnitKind::District, UnitKind::Commune, UnitKind::Centre, UnitKind::ServicePoint];

    /// The value used in CSV files (`level` column) and in the database.
    pub fn as_str(self) -> &'static str {
        match self {
            UnitKind::Province => "province",
            UnitKind::District => "district",
            UnitKind::Commune => "commune",
            UnitKind::Centre => "centre",
            UnitKind::ServicePoint => "service_point",
        }
    }

    pub fn parse(raw: &str) -> Option<UnitKind> {
        let wanted = raw.trim().to_ascii_lowercase().replace([' ', '-'], "_");
        UnitKind::ALL.into_iter().find(|k| k.as_str() == wanted)
    }

    pub fn label(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (UnitKind::Province, Lang::Vi) => "Tỉnh, thành phố",
            (UnitKind::District, Lang::Vi) => "Huyện, thị xã, thành phố thuộc tỉnh",
            (UnitKind::Commune, Lang::Vi) => "Xã, phường, thị trấn, đặc khu",
            (UnitKind::Centre, Lang::Vi) => "Trung tâm phục vụ hành chính công",
            (UnitKind::ServicePoint, Lang::Vi) => "Điểm tiếp nhận",
            (UnitKind::Province, Lang::En) => "Province",
            (UnitKind::District, Lang::En) => "District",
            (UnitKind::Commune, Lang::En) => "Commune",
            (UnitKind::Centre, Lang::En) => "Service centre",
            (UnitKind::ServicePoint, Lang::En) => "Service point",
        }
    }

    /// Whether a unit of this kind may sit directly under a unit of kind `parent`
    /// (`None`: at the top of the tree).
    pub fn may_have_parent(self, parent: Option<UnitKind>) -> bool {
        use UnitKind::*;
        match (self, parent) {
            (Province, None) => true,
            (Province, Some(_)) => false,
            (District, Some(Province)) => true,
            // Communes sit under districts before 1 July 2025 and under provinces after.
            (Commune, Some(District | Province)) => true,
            (Centre, Some(Province | District | Commune)) => true,
            (ServicePoint, Some(Province | District | Commune | Centre)) => true,
            _ => false,
        }
    }
}

/// The period a unit exists, both ends inclusive; `None` means open-ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Validity {
    pub from: Option<Date>,
    pub to: Option<Date>,
}

impl Validity {
    pub fn contains(&self, day: Date) -> bool {
        self.from.is_none_or(|f| f <= day) && self.to.is_none_or(|t| day <= t)
    }

    pub fn overlaps(&self, other: &Validity) -> bool {
        let starts_before_other_ends = match (self.from, other.to) {
            (Some(f), Some(t)) => f <= t,
            _ => true,
        };
        let other_starts_before_self_ends = match (other.from, self.to) {
            (Some(f), Some(t)) => f <= t,
            _ => true,
        };
        starts_before_other_ends && other_starts_before_self_ends
    }
}

/// A unit of the registry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unit {
    pub id: i64,
    pub code: UnitCode,
    pub name: String,
    pub kind: UnitKind,
    pub parent_id: Option<i64>,
    pub validity: Validity,
    /// Whether citizens are served here: it has a QR code and takes answers.
    pub service_point: bool,
}

/// How units became others on an effective date: several merged into one, or one split into
/// several. Results from before the date can then be shown under the units after it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum LineageKind {
    Merge,
    Split,
}

impl LineageKind {
    pub fn as_str(self) -> &'static str {
        match self {
            LineageKind::Merge => "merge",
            LineageKind::Split => "split",
        }
    }

    pub fn parse(raw: &str) -> Option<LineageKind> {
        match raw.trim() {
            "merge" => Some(LineageKind::Merge),
            "split" => Some(LineageKind::Split),
            _ => None,
        }
    }

    pub fn label(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (LineageKind::Merge, Lang::Vi) => "sáp nhập",
            (LineageKind::Split, Lang::Vi) => "chia tách",
            (LineageKind::Merge, Lang::En) => "merge",
            (LineageKind::Split, Lang::En) => "split",
        }
    }
}

/// One edge of a merge or split: `predecessor` became (part of) `successor` on `effective`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LineageLink {
    pub kind: LineageKind,
    pub effective: Date,
    pub predecessor: i64,
    pub successor: i64,
}

/// Every unit whose results count under `unit` through lineage: itself and, transitively,
/// every predecessor of it or of one of its predecessors.
pub fn with_predecessors(unit: i64, links: &[LineageLink]) -> Vec<i64> {
    let mut found = vec![unit];
    let mut next = 0;
    while next < found.len() {
        let current = found[next];
        for link in links.iter().filter(|l| l.successor == current) {
            if !found.contains(&link.predecessor) {
                found.push(link.predecessor);
            }
        }
        next += 1;
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_keep_leading_zeros() {
        assert_eq!(UnitCode::parse(" 07210 ").unwrap().as_str(), "07210");
        assert_eq!(UnitCode::parse("").unwrap_err(), UnitCodeError::Empty);
        assert_eq!(UnitCode::parse("07 210").unwrap_err(), UnitCodeError::BadCharacter);
        assert_eq!(UnitCode::parse("<script>").unwrap_err(), UnitCodeError::BadCharacter);
    }

    #[test]
    fn kinds_parse_from_csv_levels() {
        assert_eq!(UnitKind::parse("Commune"), Some(UnitKind::Commune));
        assert_eq!(UnitKind::parse("service point"), Some(UnitKind::ServicePoint));
        assert_eq!(UnitKind::parse("village"), None);
    }

    #[test]
    fn tree_shape_rules() {
        use UnitKind::*;
        assert!(Province.may_have_parent(None));
        assert!(!District.may_have_parent(None));
        assert!(Commune.may_have_parent(Some(Province)));
        assert!(!Province.may_have_parent(Some(Province)));
        assert!(!Commune.may_have_parent(Some(ServicePoint)));
    }

    #[test]
    fn predecessors_are_followed_through_several_reforms() {
        let link = |predecessor, successor| LineageLink {
            kind: LineageKind::Merge,
            effective: Date::constant(2025, 7, 1),
            predecessor,
            successor,
        };
        let links = [link(1, 10), link(2, 10), link(10, 20), link(3, 30)];
        assert_eq!(with_predecessors(20, &links), [20, 10, 1, 2]);
        assert_eq!(with_predecessors(3, &links), [3]);
    }

    #[test]
    fn validity_overlap() {
        let d = |y, m, dd| Some(Date::constant(y, m, dd));
        let old = Validity { from: None, to: d(2025, 6, 30) };
        let new = Validity { from: d(2025, 7, 1), to: None };
        assert!(!old.overlaps(&new));
        assert!(old.overlaps(&Validity::default()));
        assert!(new.contains(Date::constant(2026, 1, 1)));
        assert!(!old.contains(Date::constant(2025, 7, 1)));
    }
}
