//! Stored responses (the writer stores them; see `writer.rs`).

use std::collections::BTreeMap;

use deadpool_sqlite::rusqlite::{Connection, OptionalExtension, Row, params};
use domain::answers::{Answer, Answers};
use domain::results::View;

use super::rows;
use crate::verification::verified_only;
use crate::{Result, StoreError, StoredResponse, TallyRow};

pub(crate) fn count(conn: &Connection, campaign: i64) -> Result<i64> {
    Ok(conn
        .prepare_cached("SELECT COUNT(*) FROM responses WHERE campaign_id = ?1")?
        .query_row([campaign], |r| r.get(0))?)
}

/// Whether the response in the row was excluded after review (its primary key lookup).
pub(super) const EXCLUDED: &str =
    "EXISTS (SELECT 1 FROM response_reviews v WHERE v.response_id = responses.id AND v.decision = 'excluded')";

/// The columns `stored` reads, followed by `{EXCLUDED}`.
pub(super) const COLUMNS: &str = "id, client_id, campaign_id, point_id, channel, lang, submitted_at, day, answers";

pub(super) fn stored(r: &Row<'_>) -> deadpool_sqlite::rusqlite::Result<Result<StoredResponse>> {
    let id: i64 = r.get(0)?;
    let json: String = r.get(8)?;
    let partial = StoredResponse {
        id,
        client_id: r.get(1)?,
        campaign_id: r.get(2)?,
        point_id: r.get(3)?,
        channel: rows::channel(r, 4)?,
        lang: rows::lang(r, 5)?,
        submitted_at: rows::timestamp(r, 6)?,
        day: rows::date(r, 7)?.unwrap_or_default(),
        answers: Answers::default(),
        excluded: r.get(9)?,
    };
    Ok(Answers::from_json(&json)
        .map(|answers| StoredResponse { answers, ..partial })
        .map_err(|e| StoreError::Corrupt(format!("response {id}: {e}"))))
}

pub(crate) fn by_client_id(conn: &Connection, client_id: &str) -> Result<Option<StoredResponse>> {
    let sql = format!("SELECT {COLUMNS}, {EXCLUDED} FROM responses WHERE client_id = ?1");
    conn.prepare_cached(&sql)?.query_row([client_id], stored).optional()?.transpose()
}

/// Up to `limit` responses of a campaign with ids above `after`, in id order: one page of an
/// export that never holds a whole campaign in memory.
/// Only the responses `view` counts.
pub(crate) fn page(
    conn: &Connection,
    campaign: i64,
    after: i64,
    limit: i64,
    view: View,
) -> Result<Vec<StoredResponse>> {
    let verified = verified_only(view);
    let sql = format!(
        "SELECT {COLUMNS}, {EXCLUDED} FROM responses WHERE campaign_id = ?1 AND id > ?2 AND NOT (?4 AND {EXCLUDED}){verified}
         ORDER BY id LIMIT ?3"
    );
    let mut stmt = conn.prepare_cached(&sql)?;
    let found = stmt.query_map(params![campaign, after, limit, view.leaves_out_excluded()], stored)?;
    found.map(|r| r?).collect()
}

/// Tallies computed from the stored answers, ignoring the kept tallies entirely, of the
/// responses `view` counts.
pub(crate) fn recount(conn: &Connection, campaign: i64, view: View) -> Result<Vec<TallyRow>> {
    let verified = verified_only(view);
    let sql =
        format!("SELECT point_id, answers FROM responses WHERE campaign_id = ?1 AND NOT (?2 AND {EXCLUDED}){verified}");
    let mut stmt = conn.prepare(&sql)?;
    let mut counts: BTreeMap<(i64, String, u8), i64> = BTreeMap::new();
    let mut rows = stmt.query(params![campaign, view.leaves_out_excluded()])?;
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
