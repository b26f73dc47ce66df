//! The schema's history, embedded in the binary. Each migration exists once per dialect under
//! the same name (`migrations/sqlite/0001_foundation.sql` and
//! `migrations/postgres/0001_foundation.sql`); listing a name here that lacks a file in either
//! folder does not compile, and a test fails if a folder has a file that is not listed.

/// One step of the schema.
#[derive(Debug, Clone, Copy)]
pub struct Migration {
    pub version: i64,
    pub name: &'static str,
    pub sqlite: &'static str,
    pub postgres: &'static str,
}

macro_rules! migration {
    ($version:literal, $name:literal) => {
        Migration {
            version: $version,
            name: $name,
            sqlite: include_str!(concat!("../migrations/sqlite/", $name, ".sql")),
            postgres: include_str!(concat!("../migrations/postgres/", $name, ".sql")),
        }
    };
}

/// Every migration, in the order they apply.
pub const MIGRATIONS: &[Migration] = &[
    migration!(1, "0001_foundation"),
    migration!(2, "0002_jobs"),
    migration!(3, "0003_responses_by_campaign"),
    migration!(4, "0004_count_journals"),
    migration!(5, "0005_point_totals"),
    migration!(6, "0006_journal_vacuum"),
    migration!(7, "0007_administration"),
    migration!(8, "0008_field_collection"),
    migration!(9, "0009_recognition"),
    migration!(10, "0010_integrity"),
    migration!(11, "0011_export_files"),
    migration!(12, "0012_review"),
    migration!(13, "0013_verification"),
    migration!(14, "0014_anomalies"),
    migration!(15, "0015_contacts"),
    migration!(16, "0016_flag_counts"),
    migration!(17, "0017_day_totals"),
    migration!(18, "0018_responses_by_campaign_and_id"),
    migration!(19, "0019_responses_with_comment"),
    migration!(20, "0020_comments_ranked"),
];

/// A stable fingerprint of a migration's text, to notice one edited after it was applied.
pub(crate) fn checksum(sql: &str) -> String {
    // FNV-1a: no cryptographic need, only change detection.
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for byte in sql.bytes() {
        hash ^= u64::from(byte);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    format!("{hash:016x}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_file_is_listed_in_order() {
        for dialect in ["sqlite", "postgres"] {
            let dir = format!("{}/migrations/{dialect}", env!("CARGO_MANIFEST_DIR"));
            let mut files: Vec<String> =
                std::fs::read_dir(&dir).unwrap().map(|e| e.unwrap().file_name().into_string().unwrap()).collect();
            files.sort();
            let listed: Vec<String> = MIGRATIONS.iter().map(|m| format!("{}.sql", m.name)).collect();
            assert_eq!(files, listed, "{dir} and MIGRATIONS differ");
        }
        // Numbers are handed out to branches in advance, so one may land before a lower one:
        // versions only need to grow (the runner applies each missing one, whatever its place).
        for pair in MIGRATIONS.windows(2) {
            assert!(pair[0].version < pair[1].version, "{} before {}", pair[0].name, pair[1].name);
        }
        for m in MIGRATIONS {
            assert!(m.name.starts_with(&format!("{:04}_", m.version)), "{}", m.name);
        }
    }
}
