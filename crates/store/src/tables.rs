//! Every table with its columns, parents first: what `copy` moves between databases and
//! counts on both sides. A test checks this list against the migrated schema.

/// How a column is read and written across dialects (SQLite keeps flags as 0/1).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    Int,
    Text,
    Bool,
    Bytes,
}

#[derive(Debug)]
pub(crate) struct Table {
    pub(crate) name: &'static str,
    pub(crate) columns: &'static [(&'static str, Kind)],
    /// Identity column whose sequence must follow the copied ids (PostgreSQL).
    pub(crate) identity: Option<&'static str>,
}

use Kind::{Bool, Bytes, Int, Text};

pub(crate) const TABLES: &[Table] = &[
    Table { name: "settings", columns: &[("key", Text), ("value", Text)], identity: None },
    Table {
        name: "units",
        columns: &[
            ("id", Int),
            ("code", Text),
            ("name", Text),
            ("kind", Text),
            ("parent_id", Int),
            ("valid_from", Text),
            ("valid_to", Text),
            ("service_point", Bool),
            ("created_at", Int),
            ("updated_at", Int),
        ],
        identity: Some("id"),
    },
    Table {
        name: "point_tokens",
        columns: &[("token", Text), ("unit_id", Int), ("created_at", Int), ("revoked_at", Int)],
        identity: None,
    },
    Table {
        name: "instruments",
        columns: &[
            ("id", Int),
            ("code", Text),
            ("version", Int),
            ("definition", Text),
            ("digest", Text),
            ("created_at", Int),
        ],
        identity: Some("id"),
    },
    Table {
        name: "campaigns",
        columns: &[
            ("id", Int),
            ("code", Text),
            ("name", Text),
            ("instrument_id", Int),
            ("opens_at", Int),
            ("closes_at", Int),
            ("status", Text),
            ("created_at", Int),
            ("updated_at", Int),
            ("quota_tolerance_pct", Int),
            ("quota_min_forms", Int),
            ("quota_busy_visitors", Int),
            ("quota_busy_min_forms", Int),
        ],
        identity: Some("id"),
    },
    Table { name: "campaign_points", columns: &[("campaign_id", Int), ("unit_id", Int)], identity: None },
    Table {
        name: "responses",
        columns: &[
            ("id", Int),
            ("client_id", Text),
            ("campaign_id", Int),
            ("point_id", Int),
            ("instrument_id", Int),
            ("channel", Text),
            ("lang", Text),
            ("submitted_at", Int),
            ("day", Text),
            ("answers", Text),
            ("answered_at", Int),
            ("comment_level", Int),
            ("comments", Int),
        ],
        identity: Some("id"),
    },
    Table {
        name: "tallies",
        columns: &[("campaign_id", Int), ("point_id", Int), ("item", Text), ("level", Int), ("n", Int)],
        identity: None,
    },
    Table {
        name: "daily_counts",
        columns: &[("campaign_id", Int), ("point_id", Int), ("day", Text), ("channel", Text), ("n", Int)],
        identity: None,
    },
    Table { name: "point_totals", columns: &[("campaign_id", Int), ("point_id", Int), ("n", Int)], identity: None },
    Table { name: "day_totals", columns: &[("campaign_id", Int), ("day", Text), ("n", Int)], identity: None },
    Table {
        name: "tally_journal",
        columns: &[("id", Int), ("campaign_id", Int), ("point_id", Int), ("item", Text), ("level", Int), ("n", Int)],
        identity: Some("id"),
    },
    Table {
        name: "daily_journal",
        columns: &[("id", Int), ("campaign_id", Int), ("point_id", Int), ("day", Text), ("channel", Text), ("n", Int)],
        identity: Some("id"),
    },
    Table {
        name: "users",
        columns: &[
            ("id", Int),
            ("username", Text),
            ("display_name", Text),
            ("password_hash", Text),
            ("role", Text),
            ("unit_id", Int),
            ("created_at", Int),
            ("disabled_at", Int),
        ],
        identity: Some("id"),
    },
    Table {
        name: "sessions",
        columns: &[("id_hash", Text), ("user_id", Int), ("csrf_token", Text), ("created_at", Int), ("expires_at", Int)],
        identity: None,
    },
    Table {
        name: "jobs",
        columns: &[
            ("id", Int),
            ("kind", Text),
            ("dedup_key", Text),
            ("payload", Text),
            ("status", Text),
            ("run_at", Int),
            ("attempts", Int),
            ("locked_by", Text),
            ("locked_until", Int),
            ("result", Text),
            ("last_error", Text),
            ("created_at", Int),
            ("finished_at", Int),
        ],
        identity: Some("id"),
    },
    Table {
        name: "audit_log",
        columns: &[
            ("id", Int),
            ("at", Int),
            ("user_id", Int),
            ("username", Text),
            ("role", Text),
            ("scope_unit_id", Int),
            ("action", Text),
            ("target", Text),
            ("detail", Text),
        ],
        identity: Some("id"),
    },
    Table { name: "sign_in_failures", columns: &[("key", Text), ("at", Int)], identity: None },
    Table {
        name: "unit_lineage",
        columns: &[
            ("id", Int),
            ("kind", Text),
            ("effective", Text),
            ("predecessor_id", Int),
            ("successor_id", Int),
            ("created_at", Int),
        ],
        identity: Some("id"),
    },
    Table {
        name: "visitor_counts",
        columns: &[
            ("campaign_id", Int),
            ("point_id", Int),
            ("day", Text),
            ("visitors", Int),
            ("entered_by", Int),
            ("entered_at", Int),
        ],
        identity: None,
    },
    Table {
        name: "field_reports",
        columns: &[
            ("id", Int),
            ("campaign_id", Int),
            ("point_id", Int),
            ("day", Text),
            ("assisted", Int),
            ("notes", Text),
            ("filed_by", Int),
            ("filed_at", Int),
        ],
        identity: Some("id"),
    },
    Table {
        name: "field_photos",
        columns: &[("id", Int), ("report_id", Int), ("content_type", Text), ("bytes", Bytes), ("added_at", Int)],
        identity: Some("id"),
    },
    Table {
        name: "paper_batches",
        columns: &[
            ("id", Int),
            ("campaign_id", Int),
            ("point_id", Int),
            ("day", Text),
            ("clerk_id", Int),
            ("source", Text),
            ("created_at", Int),
        ],
        identity: Some("id"),
    },
    Table { name: "submission_marks", columns: &[("key", Text), ("at", Int), ("response_id", Int)], identity: None },
    Table {
        name: "response_flags",
        columns: &[("response_id", Int), ("campaign_id", Int), ("point_id", Int), ("reason", Text), ("detail", Text)],
        identity: None,
    },
    Table {
        name: "paper_slips",
        columns: &[
            ("client_id", Text),
            ("campaign_id", Int),
            ("point_id", Int),
            ("serial", Text),
            ("batch_id", Int),
            ("entered_by", Int),
            ("entered_at", Int),
        ],
        identity: None,
    },
    Table {
        name: "paper_checks",
        columns: &[
            ("campaign_id", Int),
            ("point_id", Int),
            ("serial", Text),
            ("answers", Text),
            ("entered_by", Int),
            ("entered_at", Int),
        ],
        identity: None,
    },
    Table {
        name: "kiosks",
        columns: &[
            ("id", Int),
            ("point_id", Int),
            ("label", Text),
            ("idle_seconds", Int),
            ("enrolment_hash", Text),
            ("enrolment_expires_at", Int),
            ("device_hash", Text),
            ("created_by", Int),
            ("created_at", Int),
            ("enrolled_at", Int),
            ("last_seen_at", Int),
            ("queued", Int),
            ("revoked_at", Int),
        ],
        identity: Some("id"),
    },
    Table {
        name: "campaign_scoring",
        columns: &[("campaign_id", Int), ("rule", Text), ("updated_at", Int)],
        identity: None,
    },
    Table {
        name: "export_files",
        columns: &[
            ("id", Int),
            ("campaign_id", Int),
            ("user_id", Int),
            ("scope_unit_id", Int),
            ("format", Text),
            ("status", Text),
            ("rows_total", Int),
            ("rows_done", Int),
            ("file_name", Text),
            ("bytes", Int),
            ("error", Text),
            ("created_at", Int),
            ("finished_at", Int),
            ("expires_at", Int),
            ("view", Text),
        ],
        identity: Some("id"),
    },
    Table {
        name: "response_reviews",
        columns: &[
            ("response_id", Int),
            ("campaign_id", Int),
            ("point_id", Int),
            ("decision", Text),
            ("note", Text),
            ("decided_by", Int),
            ("decided_at", Int),
        ],
        identity: None,
    },
    Table {
        name: "excluded_tallies",
        columns: &[("campaign_id", Int), ("point_id", Int), ("item", Text), ("level", Int), ("n", Int)],
        identity: None,
    },
    Table {
        name: "excluded_daily",
        columns: &[("campaign_id", Int), ("point_id", Int), ("day", Text), ("channel", Text), ("n", Int)],
        identity: None,
    },
    Table {
        name: "campaign_verification",
        columns: &[("campaign_id", Int), ("enabled", Bool), ("updated_at", Int)],
        identity: None,
    },
    Table {
        name: "verification_batches",
        columns: &[
            ("id", Int),
            ("campaign_id", Int),
            ("kind", Text),
            ("label", Text),
            ("created_by", Int),
            ("created_at", Int),
        ],
        identity: Some("id"),
    },
    Table {
        name: "verification_codes",
        columns: &[
            ("id", Int),
            ("campaign_id", Int),
            ("point_id", Int),
            ("batch_id", Int),
            ("code", Text),
            ("used_by", Int),
            ("used_at", Int),
        ],
        identity: Some("id"),
    },
    Table {
        name: "response_verifications",
        columns: &[("response_id", Int), ("code_id", Int), ("campaign_id", Int), ("point_id", Int)],
        identity: None,
    },
    Table {
        name: "verified_tallies",
        columns: &[("campaign_id", Int), ("point_id", Int), ("item", Text), ("level", Int), ("n", Int)],
        identity: None,
    },
    Table {
        name: "verified_daily",
        columns: &[("campaign_id", Int), ("point_id", Int), ("day", Text), ("channel", Text), ("n", Int)],
        identity: None,
    },
    Table {
        name: "anomaly_watermarks",
        columns: &[("campaign_id", Int), ("last_response_id", Int), ("visitors_checked", Int)],
        identity: None,
    },
    Table {
        name: "anomaly_hours",
        columns: &[
            ("campaign_id", Int),
            ("point_id", Int),
            ("hour", Int),
            ("responses", Int),
            ("straight_lined", Int),
            ("first_id", Int),
            ("last_id", Int),
        ],
        identity: None,
    },
    Table {
        name: "contacts",
        columns: &[
            ("response_id", Int),
            ("campaign_id", Int),
            ("point_id", Int),
            ("name", Text),
            ("phone", Text),
            ("email", Text),
            ("created_at", Int),
        ],
        identity: None,
    },
];

impl Table {
    pub(crate) fn column_list(&self) -> String {
        self.columns.iter().map(|(name, _)| *name).collect::<Vec<_>>().join(", ")
    }
}

/// One value of a copied row.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Value {
    Null,
    Int(i64),
    Text(String),
    Bool(bool),
    Bytes(Vec<u8>),
}

/// Rows of one table, in the order the table lists its columns.
#[derive(Debug)]
pub(crate) struct Chunk {
    pub(crate) table: usize,
    pub(crate) rows: Vec<Vec<Value>>,
}

/// Rows per chunk: small enough to bound memory, large enough for multi-row inserts.
pub(crate) const CHUNK_ROWS: usize = 1000;

#[cfg(test)]
mod tests {
    use super::TABLES;
    use crate::Backend;
    use crate::test_database::TestDatabase;

    /// Tables kept by triggers from copied ones (migration 0016): `copy` leaves them out, and
    /// the target's triggers fill them again as the rows they count arrive.
    const KEPT_BY_TRIGGERS: &[&str] = &["point_flag_counts", "flagged_responses"];

    /// `db copy` moves exactly the tables and columns the migrations create, on each backend,
    /// but those triggers keep.
    #[tokio::test]
    async fn the_list_matches_the_migrated_schema() {
        let mut expected: Vec<(String, String)> =
            TABLES.iter().flat_map(|t| t.columns.iter().map(|(c, _)| (t.name.to_owned(), (*c).to_owned()))).collect();
        expected.sort();
        for db in TestDatabase::every_backend().await {
            let store = db.open().await;
            let mut found: Vec<(String, String)> = match &*store.backend {
                Backend::Sqlite(db) => db
                    .read(|c| {
                        let mut stmt = c.prepare(
                            "SELECT m.name, p.name FROM sqlite_master m JOIN pragma_table_info(m.name) p
                             WHERE m.type = 'table' AND m.name NOT IN ('schema_migrations', 'sqlite_sequence')",
                        )?;
                        let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
                        Ok(rows.collect::<Result<Vec<_>, _>>()?)
                    })
                    .await
                    .unwrap(),
                Backend::Postgres(db) => db
                    .client()
                    .await
                    .unwrap()
                    .query(
                        "SELECT table_name::TEXT, column_name::TEXT FROM information_schema.columns
                         WHERE table_schema = current_schema() AND table_name <> 'schema_migrations'",
                        &[],
                    )
                    .await
                    .unwrap()
                    .iter()
                    .map(|r| (r.get(0), r.get(1)))
                    .collect(),
            };
            found.retain(|(table, _)| !KEPT_BY_TRIGGERS.contains(&table.as_str()));
            found.sort();
            assert_eq!(found, expected, "on {}", db.backend());
            store.close().await;
        }
    }
}
