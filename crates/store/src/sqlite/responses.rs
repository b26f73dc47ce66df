//! Stored responses (the writer stores them; see `writer.rs`).

use std::collections::BTreeMap;

use deadpool_sqlite::rusqlite::{Connection, OptionalExtension};
use domain::answers::{Answer, Answers};

use super::rows;
use crate::{Result, StoreError, StoredResponse, TallyRow};

pub(crate) fn count(conn: &Connection, campaign: i64) -> Result<i64> {
    Ok(conn
        .prepare_cached("SELECT COUNT(*) FROM responses WHERE campaign_id = ?1")?
        .query_row([campaign], |r| r.get(0))?)
}

pub(crate) fn by_client_id(conn: &Connection, client_id: &str) -> Result<Option<StoredResponse>> {
    let found = conn
        .prepare_cached(
            "SELECT id, client_id, campaign_id, point_id, channel, lang, submitted_at, day, answers
             FROM responses WHERE client_id = ?1",
        )?
        .query_row([client_id], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, i64>(2)?,
                r.get::<_, i64>(3)?,
                rows::channel(r, 4)?,
                rows::lang(r, 5)?,
                rows::timestamp(r, 6)?,
                rows::date(r, 7)?.unwrap_or_default(),
                r.get::<_, String>(8)?,
            ))
        })
        .optional()?;
    found
        .map(|(id, client_id, campaign_id, point_id, channel, lang, submitted_at, day, json)| {
            let answers = Answers::from_json(&json).map_err(|e| StoreError::Corrupt(format!("response {id}: {e}")))?;
            Ok(StoredResponse { id, client_id, campaign_id, point_id, channel, lang, submitted_at, day, answers })
        })
        .transpose()
}

/// Tallies computed from the stored answers, ignoring the kept tallies entirely.
pub(crate) fn recount(conn: &Connection, campaign: i64) -> Result<Vec<TallyRow>> {
    let mut stmt = conn.prepare("SELECT point_id, answers FROM responses WHERE campaign_id = ?1")?;
    let mut counts: BTreeMap<(i64, String, u8), i64> = BTreeMap::new();
    let mut rows = stmt.query([campaign])?;
    while let Some(row) = rows.next()? {
        let point: i64 = row.get(0)?;
        let json: String = row.get(1)?;
        let answers = Answers::from_json(&json).map_err(|e| StoreError::Corrupt(e.to_string()))?;
        for (item, answer) in answers.0 {
            if let Answer::Level(level) = answer {
                *counts.entry((point, item, level)).or_default() += 1;
            }
        }
    }
    Ok(counts.into_iter().map(|((point_id, item, level), n)| TallyRow { point_id, item, level, n }).collect())
}
