//! The comments page's reads (see `crate::comments`).

use deadpool_sqlite::rusqlite::{Connection, ToSql, params, params_from_iter};
use domain::results::View;

use super::responses::{COLUMNS, EXCLUDED, stored};
use crate::comments::{CommentCount, CommentQuery};
use crate::verification::verified_only;
use crate::{Result, StoredResponse};

/// The responses `query` selects (parameters ?1 to ?7, see `bound`), through the index of
/// migration 0020 in page order (`responses_comments_ranked`), whose condition `comments > 0`
/// the planner needs to see as written. Every column the conditions name is in the index, so
/// a reader of some points walks it without reading the table for the others' comments.
fn selected(query: &CommentQuery) -> String {
    let verified = verified_only(query.view);
    let points = if query.points.is_some() { "point_id IN (SELECT value FROM json_each(?2))" } else { "?2 IS NULL" };
    format!(
        "FROM responses WHERE campaign_id = ?1 AND comments > 0 AND {points}
           AND (?3 IS NULL OR day >= ?3) AND (?4 IS NULL OR day <= ?4)
           AND (?5 IS NULL OR comment_level <= ?5)
           AND (NOT ?6 OR id IN (SELECT response_id FROM contacts WHERE campaign_id = ?1))
           AND NOT (?7 AND {EXCLUDED}){verified}"
    )
}

/// The values of `selected`'s parameters: the points as a JSON array.
fn bound(campaign: i64, query: &CommentQuery) -> Vec<Box<dyn ToSql>> {
    let points = query.points.as_ref().map(|points| serde_json::to_string(points).expect("ids serialise"));
    vec![
        Box::new(campaign),
        Box::new(points),
        Box::new(query.from.map(|d| d.to_string())),
        Box::new(query.to.map(|d| d.to_string())),
        Box::new(query.max_level),
        Box::new(query.with_contact),
        Box::new(query.view.leaves_out_excluded()),
    ]
}

pub(crate) fn counts(conn: &Connection, campaign: i64, query: &CommentQuery) -> Result<Vec<CommentCount>> {
    let sql = format!("SELECT comment_level, SUM(comments) {} GROUP BY comment_level", selected(query));
    let mut stmt = conn.prepare_cached(&sql)?;
    let rows = stmt.query_map(params_from_iter(bound(campaign, query)), |r| {
        Ok(CommentCount { level: r.get(0)?, comments: r.get(1)? })
    })?;
    Ok(rows.collect::<std::result::Result<_, _>>()?)
}

pub(crate) fn first(conn: &Connection, campaign: i64, query: &CommentQuery, limit: i64) -> Result<Vec<StoredResponse>> {
    let sql = format!(
        "SELECT {COLUMNS}, {EXCLUDED} {} ORDER BY comment_level IS NULL, comment_level, submitted_at DESC, id LIMIT ?8",
        selected(query)
    );
    let mut bound = bound(campaign, query);
    bound.push(Box::new(limit));
    let mut stmt = conn.prepare_cached(&sql)?;
    let found = stmt.query_map(params_from_iter(bound), stored)?;
    found.map(|r| r?).collect()
}

pub(crate) fn contact_only_page(
    conn: &Connection,
    campaign: i64,
    after: i64,
    limit: i64,
    view: View,
) -> Result<Vec<StoredResponse>> {
    let verified = verified_only(view);
    let sql = format!(
        "SELECT {COLUMNS}, {EXCLUDED} FROM responses
         WHERE id IN (SELECT response_id FROM contacts WHERE campaign_id = ?1 AND response_id > ?2) AND comments = 0
           AND NOT (?4 AND {EXCLUDED}){verified}
         ORDER BY id LIMIT ?3"
    );
    let mut stmt = conn.prepare_cached(&sql)?;
    let found = stmt.query_map(params![campaign, after, limit, view.leaves_out_excluded()], stored)?;
    found.map(|r| r?).collect()
}
